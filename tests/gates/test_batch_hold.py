"""A rejected batch stays rejected: re-run unchanged it fails again, and it publishes only once fixed or released.

The story of one flood of bad figures, on a real warehouse built from the demo site by the
pipeline's own steps, with dbt building for real and the real `provind quarantine` command.
"""

from __future__ import annotations

import json
import os
import subprocess

import duckdb
import pytest

from tests.conftest import ROOT, VENV_BIN, demo_pipeline_env
from tests.gates.test_quarantine import dbt_build, published_mentions

# crawls a demo night, then runs dbt build as a process
pytestmark = pytest.mark.integration

FLOOD_URL_SUFFIX = "?flood"


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """The demo site crawled, landed and extracted, and its first night published."""
    from provind import gates
    from provind.publish import step as publish_step

    data = tmp_path_factory.mktemp("batch") / "data"
    with demo_pipeline_env(data, "night-1"):
        raw_gate = gates.gate_raw("night-1")
        dbt_build(data)
        publish_step.finish_run("night-1", "2026-01-01", {"gates": [*raw_gate, *gates.gate_marts("night-1")]})
        yield data


def flood(warehouse, run_id: str, article_id: str, good: int = 20, bad: int = 20) -> tuple[set[str], set[str]]:
    """A new article whose figures are half nonsense (negative counts): the batch is suspect as a whole.

    The good figures are real figures of another article under a new subject, so dbt keeps them as
    figures of their own. Returns (good ids, bad ids).
    """
    with duckdb.connect(str(warehouse)) as con:
        source = con.execute("SELECT article_id FROM raw.articles ORDER BY url LIMIT 1").fetchone()[0]
        con.execute(
            """
            INSERT INTO raw.articles
            SELECT ?, url || ?, source, publisher, source_region_code, title, published, language,
                   ? || '-hash', body_text, clean_text, fetched_at, loaded_at, ?
            FROM raw.articles WHERE article_id = ?
            """,
            [article_id, f"{FLOOD_URL_SUFFIX}-{article_id}", article_id, run_id, source],
        )
        # each figure under a subject of its own, so dbt's deduplication keeps every one
        template = """
            INSERT INTO raw.mentions
            SELECT ? || '-' || n, ?, 1000 + n, start_offset, end_offset, quote, sentence,
                   coalesce(subject, '') || ' (flood ' || n || ')', {value}, unit, {kind}, approx, is_target,
                   region, region_code, period, indicator, extractor_version, extracted_at, ?, region_source
            FROM (SELECT *, row_number() OVER (ORDER BY mention_id) AS n FROM raw.mentions
                  WHERE run_id = 'night-1' AND kind = 'count' AND value > 0 AND region_code IS NOT NULL
                  ORDER BY mention_id LIMIT ?)
        """
        con.execute(template.format(value="value", kind="kind"), [f"{article_id}-good", article_id, run_id, good])
        con.execute(template.format(value="-1", kind="'count'"), [f"{article_id}-bad", article_id, run_id, bad])
        ids = dict(
            con.execute(
                "SELECT mention_id LIKE '%-good-%', list(mention_id) FROM raw.mentions WHERE article_id = ? GROUP BY 1",
                [article_id],
            ).fetchall()
        )
    assert len(ids[True]) == good and len(ids[False]) == bad
    return set(ids[True]), set(ids[False])


def provind(*args: str, data) -> subprocess.CompletedProcess:
    """The real `provind` command, as an operator types it."""
    env = {**os.environ, "PROVIND_DATA_DIR": str(data)}
    return subprocess.run(
        [str(VENV_BIN / "provind"), *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=300
    )


def held(warehouse, **where) -> list[tuple]:
    clause = " AND ".join(f"{k} = ?" for k in where) or "true"
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(
            f"SELECT row_id, check_name, level, released_at, released_by, release_reason FROM raw.quarantine"
            f" WHERE {clause} ORDER BY row_id, check_name",
            list(where.values()),
        ).fetchall()


def test_a_rejected_batch_stays_unpublished_until_released_on_purpose(world, capsys):
    from provind import cli, gates
    from provind.publish import step as publish_step
    from provind_expectations.runner import GateFailed

    warehouse = world / "warehouse.duckdb"
    baseline = published_mentions(world)
    good, bad = flood(warehouse, "night-2", "flood-a")

    with pytest.raises(GateFailed, match="quarantined_share"):
        gates.gate_raw("night-2")
    publish_step.record_failed_run("night-2", "2026-01-02", ["gate_raw"])
    batch = {r[0] for r in held(warehouse, check_name="quarantined_share") if r[3] is None}
    assert batch == good | bad, "the whole batch is held, its good half included"
    assert published_mentions(world) == baseline

    # The next night, nothing fixed: the batch is judged again on the same rows, and fails again.
    with pytest.raises(GateFailed, match="quarantined_share"):
        gates.gate_raw("night-3")
    dbt_build(world)  # even if the marts were built, the held batch stays out of them
    with duckdb.connect(str(warehouse), read_only=True) as con:
        built = {r[0] for r in con.execute("SELECT mention_id FROM marts.fct_indicator_observation").fetchall()}
    assert not built & (good | bad)

    # What the operator sees.
    assert cli.main(["quarantine", "list", "--check", "quarantined_share", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert {r["row_id"] for r in listed} == good | bad
    assert all(r["level"] == "batch" and r["article_url"].endswith("flood-a") for r in listed)
    assert all("quarantined_share" in r["reason"] and r["first_run_id"] == "night-2" for r in listed)
    assert cli.main(["quarantine", "list", "--run", "night-2", "--json"]) == 0
    by_run = json.loads(capsys.readouterr().out)
    assert good | bad <= {r["row_id"] for r in by_run}
    assert all("night-2" in (r["first_run_id"], r["last_run_id"]) for r in by_run)
    assert cli.main(["quarantine", "list", "--article", "flood-a", "--check", "count_within_bounds"]) == 0
    table = capsys.readouterr().out
    lines = table.splitlines()
    assert lines[0].split()[:3] == ["check", "reason", "quote"] and "article URL" in lines[0]
    assert len([line for line in lines if line.startswith("count_within_bounds")]) == len(bad)
    assert lines[-1] == f"{len(bad)} holds"

    # A release needs who and why, and something that matches.
    refused = provind("quarantine", "release", "--by", "alice", "--why", "x", data=world)
    assert refused.returncode == 2 and "say what to release" in refused.stderr
    unmatched = provind("quarantine", "release", "--check", "no_such_check", "--by", "a", "--why", "b", data=world)
    assert unmatched.returncode == 1 and "quarantined_share" in unmatched.stderr

    released = provind(
        "quarantine", "release", "--run", "night-2", "--by", "alice", "--why", "flood checked by hand", data=world
    )
    assert released.returncode == 0, released.stderr
    assert f"released {len(good | bad)} held rows (quarantined_share {len(good | bad)})" in released.stdout

    raw_gate = gates.gate_raw("night-4")  # the accepted batch is not reviewed again
    dbt_build(world)
    summary = publish_step.finish_run("night-4", "2026-01-04", {"gates": [*raw_gate, *gates.gate_marts("night-4")]})
    assert summary["status"] == "published"
    published = published_mentions(world)
    row_held = {r[0] for r in held(warehouse, level="row") if r[3] is None}  # e.g. a jump against history
    assert len(good - row_held) >= 15
    assert good - row_held <= published, "the released batch is published"
    assert not published & (bad | row_held), "its rows that fail their own checks stay held"
    with duckdb.connect(str(world / "marts.duckdb"), read_only=True) as con:
        releases = con.execute(
            "SELECT DISTINCT released_by, release_reason FROM meta.quarantine"
            " WHERE check_name = 'quarantined_share' AND released_at IS NOT NULL"
        ).fetchall()
        statuses = dict(con.execute("SELECT run_id, status FROM meta.runs").fetchall())
        failure = con.execute("SELECT failed_step, failure_reasons FROM meta.runs WHERE run_id = 'night-2'").fetchone()
    assert releases == [("alice", "flood checked by hand")]
    assert statuses == {"night-1": "published", "night-2": "failed", "night-4": "published"}
    assert failure[0] == "gate_raw" and "quarantined_share" in failure[1]


def test_a_deliberate_release_lasts_until_the_row_changes(world):
    from provind import gates

    warehouse = world / "warehouse.duckdb"
    row = sorted(r[0] for r in held(warehouse, check_name="count_within_bounds") if r[3] is None)[0]
    result = provind("quarantine", "release", "--row", row, "--by", "bob", "--why", "a net outflow", data=world)
    assert result.returncode == 0, result.stderr

    gates.gate_raw("night-5")  # the check still fails the row: the release stands
    [(_, _, level, released_at, by, why)] = held(warehouse, row_id=row, check_name="count_within_bounds")
    assert (level, by, why) == ("row", "bob", "a net outflow") and released_at is not None
    batch = held(warehouse, row_id=row, check_name="quarantined_share")
    assert batch[0][4] == "alice", "the batch release stands too"

    with duckdb.connect(str(warehouse)) as con:
        con.execute("UPDATE raw.mentions SET value = -2 WHERE mention_id = ?", [row])
    gates.gate_raw("night-6")  # a different figure: judged afresh, held again
    [(_, _, _, released_at, by, why)] = held(warehouse, row_id=row, check_name="count_within_bounds")
    assert (released_at, by, why) == (None, None, None)
    listed = provind("quarantine", "list", "--row", row, "--released", "--json", data=world)
    assert listed.returncode == 0, listed.stderr
    assert {r["check_name"]: r["released_by"] for r in json.loads(listed.stdout)} == {
        "count_within_bounds": None,
        "quarantined_share": "alice",
    }


def test_a_fixed_batch_is_released_by_the_run_that_finds_it_fixed(world):
    from provind import gates
    from provind_expectations.runner import GateFailed

    warehouse = world / "warehouse.duckdb"
    good, bad = flood(warehouse, "night-7", "flood-b")
    with pytest.raises(GateFailed):
        gates.gate_raw("night-7")
    with pytest.raises(GateFailed):
        gates.gate_raw("night-8")  # unchanged: still failing
    with duckdb.connect(str(warehouse)) as con:  # the extractor fixed: re-extracted, the nonsense is gone
        con.execute("DELETE FROM raw.mentions WHERE article_id = 'flood-b' AND value < 0")
    gates.gate_raw("night-9")
    holds = held(warehouse, check_name="quarantined_share")
    flood_b = [r for r in holds if r[0] in good | bad]
    assert len(flood_b) == len(good | bad)
    assert all(r[3] is not None and r[4] is None and r[5] == "its batch passed on review" for r in flood_b)
