"""Gate 1 quarantines bad rows and lets the good ones through to the published marts.

A real warehouse is built from the real demo site by the pipeline's own steps,
bad rows are injected the way a faulty extractor or a broken page would produce
them, and dbt builds for real.
"""

from __future__ import annotations

import os
import subprocess
from datetime import date, timedelta

import duckdb
import pytest

from tests.conftest import ROOT, VENV_BIN, demo_pipeline_env

# crawls a demo night, then runs dbt build as a process
pytestmark = pytest.mark.integration

RUN = "night-1"
BAD = {
    "bad-ratio": "ratio_within_0_100",
    "bad-count": "count_within_bounds",
    "bad-region": "region_code_exists",
    "bad-future": "published_not_in_future",
    "bad-place": "region_resolved",
}
# The columns the injected rows fill, by name: raw.mentions gains columns over time.
COLUMNS = (
    "mention_id, article_id, seq, start_offset, end_offset, quote, sentence, subject, value, unit, kind, approx,"
    " is_target, region, region_code, period, indicator, extractor_version, extracted_at, run_id"
)


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """Crawl, land and extract the demo site into a private data dir."""
    data = tmp_path_factory.mktemp("gates") / "data"
    with demo_pipeline_env(data, RUN):
        yield data


def dbt_build(data, *extra: str) -> None:
    env = {**os.environ, "PROVIND_WAREHOUSE": str(data / "warehouse.duckdb"), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    result = subprocess.run(
        [
            str(VENV_BIN / "dbt"),
            "build",
            "--profiles-dir",
            ".",
            "--target-path",
            str(data / "dbt-target"),
            "--log-path",
            str(data / "dbt-logs"),
            *extra,
        ],
        cwd=ROOT / "dbt_project",
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-4000:]


def inject_bad_rows(warehouse) -> None:
    """A 150% pass rate, a negative count, an unknown region code, a figure from an article dated next month,
    and a figure of a place abolished years before (崇文区 in 2023, merged into 东城区 in 2010)."""
    future = date.today() + timedelta(days=30)
    with duckdb.connect(str(warehouse)) as con:
        article_id = con.execute("SELECT article_id FROM raw.articles ORDER BY url LIMIT 1").fetchone()[0]
        con.execute(
            """
            INSERT INTO raw.articles
            SELECT 'future-article', url || '?future', source, publisher, source_region_code, title, ?, language,
                   'future-hash', body_text, clean_text, fetched_at, loaded_at, run_id
            FROM raw.articles WHERE article_id = ?
            """,
            [future, article_id],
        )
        template = f"""
            INSERT INTO raw.mentions ({COLUMNS})
            SELECT ?, ?, 900 + row_number() OVER (), start_offset, end_offset, quote, sentence, subject, ?, ?, ?,
                   'exact', false, region, ?, period, indicator, extractor_version, extracted_at, ?
            FROM raw.mentions WHERE article_id = ? AND region_code IS NOT NULL LIMIT 1
        """
        con.execute(template, ["bad-ratio", article_id, 150, "%", "ratio", "370000", RUN, article_id])
        con.execute(template, ["bad-count", article_id, -5, "件", "count", "370000", RUN, article_id])
        con.execute(template, ["bad-region", article_id, 7, "家", "count", "999999", RUN, article_id])
        con.execute(template, ["bad-future", "future-article", 3, "项", "count", "370000", RUN, article_id])
        con.execute(template, ["bad-place", article_id, 12, "家", "count", None, RUN, article_id])
        con.execute(
            "UPDATE raw.mentions SET region = '崇文区', region_source = 'unresolved', period = '2023'"
            " WHERE mention_id = 'bad-place'"
        )


def published_mentions(data) -> set[str]:
    with duckdb.connect(str(data / "marts.duckdb"), read_only=True) as con:
        return {r[0] for r in con.execute("SELECT mention_id FROM marts.marts.fct_indicator_observation").fetchall()}


def test_bad_rows_are_quarantined_and_good_rows_published(world):
    from provind import gates
    from provind.publish import step as publish_step

    warehouse = world / "warehouse.duckdb"
    inject_bad_rows(warehouse)
    raw_gate = gates.gate_raw(RUN)  # row findings do not stop the run
    with duckdb.connect(str(warehouse), read_only=True) as con:
        held = dict(con.execute("SELECT row_id, check_name FROM raw.quarantine WHERE released_at IS NULL").fetchall())
        good = {r[0] for r in con.execute("SELECT mention_id FROM raw.mentions").fetchall()} - set(BAD)
    for mention_id, check in BAD.items():
        assert held.get(mention_id) == check, (mention_id, held)
    assert set(held) == set(BAD), "no figure of the demo corpus is held (no false positive)"

    dbt_build(world)
    marts_gate = gates.gate_marts(RUN)
    publish_step.finish_run(RUN, "2026-01-01", {"gates": [*raw_gate, *marts_gate]})

    published = published_mentions(world)
    assert not published & set(BAD), "no quarantined figure reaches the marts"
    assert len(published) > 100
    with duckdb.connect(str(world / "marts.duckdb"), read_only=True) as con:
        reasons = dict(con.execute("SELECT row_id, reason FROM meta.quarantine WHERE released_at IS NULL").fetchall())
        assert set(BAD) <= set(reasons) and all(reasons[k] for k in BAD)
        assert reasons["bad-place"].endswith(": 崇文区 in 2023"), reasons["bad-place"]
        quarantined_rows, by_reason = con.execute(
            "SELECT quarantined_rows, quarantined_by_reason FROM meta.runs WHERE run_id = ?", [RUN]
        ).fetchone()
        assert quarantined_rows >= len(BAD) and "ratio_within_0_100" in by_reason
        failed = {
            r[0]
            for r in con.execute(
                "SELECT check_name FROM meta.gate_results WHERE run_id = ? AND NOT success", [RUN]
            ).fetchall()
        }
        assert set(BAD.values()) <= failed
    # good rows are all there, unless dbt's deduplication folded repeated figures together
    assert len(published) >= len(good) * 0.9


def test_a_fixed_row_is_released_by_the_next_run(world):
    from provind import gates

    warehouse = world / "warehouse.duckdb"
    with duckdb.connect(str(warehouse)) as con:
        con.execute("UPDATE raw.mentions SET region_code = '370000' WHERE mention_id = 'bad-region'")
    gates.gate_raw("night-2")
    with duckdb.connect(str(warehouse), read_only=True) as con:
        released_run = con.execute("SELECT released_run_id FROM raw.quarantine WHERE row_id = 'bad-region'").fetchone()[
            0
        ]
    assert released_run == "night-2"
    dbt_build(world)  # incremental: the article is reprocessed because a decision touched it
    with duckdb.connect(str(warehouse), read_only=True) as con:
        present = con.execute(
            "SELECT count(*) FROM marts.fct_indicator_observation WHERE mention_id = 'bad-region'"
        ).fetchone()[0]
        still_held = con.execute(
            "SELECT count(*) FROM marts.fct_indicator_observation WHERE mention_id = 'bad-ratio'"
        ).fetchone()[0]
    assert present == 1 and still_held == 0


def test_too_many_bad_rows_fail_the_batch_and_name_the_check(world):
    from provind import gates
    from provind_expectations.runner import GateFailed

    warehouse = world / "warehouse.duckdb"
    with duckdb.connect(str(warehouse)) as con:
        con.execute(
            f"""
            INSERT INTO raw.mentions ({COLUMNS})
            SELECT 'flood-' || mention_id, article_id, seq + 5000, start_offset, end_offset, quote, sentence, subject,
                   -1, unit, 'count', approx, is_target, region, region_code, period, indicator,
                   extractor_version, extracted_at, 'night-3'
            FROM raw.mentions WHERE mention_id NOT LIKE 'bad-%'
            """
        )
    try:
        with pytest.raises(GateFailed) as failure:
            gates.gate_raw("night-3")
        assert "quarantined_share" in str(failure.value)
    finally:
        with duckdb.connect(str(warehouse)) as con:
            con.execute("DELETE FROM raw.mentions WHERE mention_id LIKE 'flood-%'")


def test_gate_reports_are_written_offline(world):
    from provind_expectations.docs import external_references

    docs = world / "docs" / "gx"
    assert (docs / "index.html").exists()
    assert list(docs.rglob("validations/**/*.html"))
    assert external_references(docs) == [], "Data Docs must open with no network"
    assert "quarantine" in (world / "reports" / "gate_raw_mentions.txt").read_text(encoding="utf-8")


def test_gate_2_stops_a_held_figure_that_reached_the_facts(world):
    """The staging filter is all that stands between quarantine and the marts: gate 2 checks it did its job."""
    from provind import gates
    from provind_expectations.runner import GateFailed

    warehouse = world / "warehouse.duckdb"
    with duckdb.connect(str(warehouse)) as con:
        mention_id = con.execute(
            "SELECT mention_id FROM marts.fct_indicator_observation ORDER BY mention_id LIMIT 1"
        ).fetchone()[0]
        con.execute(
            "INSERT INTO raw.quarantine (table_name, row_id, check_name, reason, first_run_id, last_run_id,"
            " quarantined_at) VALUES ('mentions', ?, 'test_leak', 'held after the build', 'x', 'x', now()::TIMESTAMP)",
            [mention_id],
        )
    try:
        with pytest.raises(GateFailed) as failure:
            gates.gate_marts("night-leak")
        assert "marts.no_quarantined_figure_published" in str(failure.value)
        assert mention_id in str(failure.value)
    finally:
        with duckdb.connect(str(warehouse)) as con:
            con.execute("DELETE FROM raw.quarantine WHERE check_name = 'test_leak'")
