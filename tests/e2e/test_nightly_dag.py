"""End to end: the nightly DAG, run by `airflow dags test` against the real demo site, publishes the marts.

These tests run the same script as `make run` (scripts/airflow-setup.sh, then
`airflow dags test`), with a private data directory and Airflow home.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import duckdb
import pytest

from tests.conftest import (
    DEMO_NBS_FIGURES,
    ROOT,
    demo_article_count,
    pipeline_env,
    run_dag,
    start_demo_site,
    stop_process,
)

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(1800)]

MARTS = (
    "fct_indicator_observation",
    "dim_region",
    "dim_indicator",
    "dim_period",
    "dim_date",
    "dim_article",
)


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> dict:
    """A demo site process, a fresh data dir and a migrated Airflow home, shared by the tests below."""
    base = tmp_path_factory.mktemp("e2e")
    proc, url = start_demo_site()
    env = pipeline_env(base / "data", base / "airflow", url)
    setup = subprocess.run([str(ROOT / "scripts/airflow-setup.sh")], env=env, capture_output=True, text=True)
    assert setup.returncode == 0, setup.stdout + setup.stderr
    try:
        yield {"env": env, "data": base / "data", "url": url}
    finally:
        stop_process(proc)


def mart_counts(marts: Path) -> dict[str, int]:
    with duckdb.connect(str(marts), read_only=True) as con:
        return {t: con.execute(f"SELECT count(*) FROM marts.marts.{t}").fetchone()[0] for t in MARTS}


def mart_contents(marts: Path) -> dict[str, str]:
    """A fingerprint of every row of every mart: equal when the published marts are the same."""
    with duckdb.connect(str(marts), read_only=True) as con:
        return {
            t: con.execute(
                f"SELECT md5(string_agg(m::VARCHAR, '|' ORDER BY m::VARCHAR)) FROM marts.marts.{t} m"
            ).fetchone()[0]
            for t in MARTS
        }


def test_first_run_publishes_all_six_marts(world):
    result = run_dag(world["env"])
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-5000:]
    marts = world["data"] / "marts.duckdb"
    counts = mart_counts(marts)
    assert all(n > 0 for n in counts.values()), counts
    with duckdb.connect(str(marts), read_only=True) as con:
        articles = con.execute("SELECT count(*) FROM marts.marts.dim_article").fetchone()[0]
        assert articles == demo_article_count(), "every article of the demo site"
        orphans = con.execute(
            """
            SELECT count(*) FROM marts.marts.fct_indicator_observation f
            LEFT JOIN marts.marts.dim_article a USING (article_id)
            WHERE a.url IS NULL OR f.quote IS NULL OR f.quote = ''
            """
        ).fetchone()[0]
        assert orphans == 0, "every fact resolves to an article URL and carries its quote"
        assert con.execute("SELECT count(*) FROM meta.runs").fetchone()[0] >= 1
        # the statistics API the demo site serves (demo-nbs) arrives beside the bureau's articles
        national = con.execute(
            """
            SELECT p.period_code, f.value, f.unit, f.quote, a.publisher
            FROM marts.marts.fct_indicator_observation f
            JOIN marts.marts.dim_article a USING (article_id)
            JOIN marts.marts.dim_region r USING (region_key)
            JOIN marts.marts.dim_indicator i USING (indicator_key)
            JOIN marts.marts.dim_period p USING (period_key)
            WHERE a.source = 'demo-nbs' AND r.region_code = '100000' AND i.indicator_code = 'gdp'
            ORDER BY p.period_code
            """
        ).fetchall()
        nbs_facts = con.execute(
            "SELECT count(*) FROM marts.marts.fct_indicator_observation JOIN marts.marts.dim_article a"
            " USING (article_id) WHERE a.source = 'demo-nbs'"
        ).fetchone()[0]
    assert [n[0] for n in national] == ["2018", "2019", "2020", "2021", "2022", "2023"]
    assert national[-1][1:] == (126058200000000, "元", "2023年 全国 国内生产总值 1260582 亿元", "国家统计局 (demo)")
    assert nbs_facts == DEMO_NBS_FIGURES
    summary = (world["data"] / "reports" / "run_summary.txt").read_text(encoding="utf-8")
    assert "fct_indicator_observation" in summary
    # the night's dbt step is one `dbt build` (one invocation), and every node of it passed
    with duckdb.connect(str(world["data"] / "warehouse.duckdb"), read_only=True) as con:
        invocations, nodes, statuses = con.execute(
            "SELECT count(DISTINCT invocation_id), count(*) FILTER (WHERE status <> 'no-op'),"
            " list(DISTINCT status ORDER BY status)"
            " FROM meta.dbt_results WHERE run_id = (SELECT max(run_id) FROM meta.runs)"
        ).fetchone()
    assert invocations == 1
    assert nodes > 100 and statuses == ["no-op", "pass", "success"], statuses  # no-op: the exposures
    dbt_line = next(line for line in summary.splitlines() if line.startswith("dbt "))
    assert dbt_line.split()[1:] == [str(nodes), "nodes,", "0", "failures"]
    # every run leaves its documentation behind, readable offline
    assert (world["data"] / "docs" / "dbt" / "index.html").stat().st_size > 100_000
    assert (world["data"] / "docs" / "gx" / "index.html").exists()


def test_second_run_changes_no_row_count(world):
    marts = world["data"] / "marts.duckdb"
    before = mart_counts(marts)
    result = run_dag(world["env"])
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-5000:]
    assert mart_counts(marts) == before
    # the dbt build starts from the parse the first night kept: dbt re-parses nothing
    output = result.stdout + result.stderr
    kept = world["data"] / "state" / "dbt-parse" / "target" / "partial_parse.msgpack"
    assert f"latest partial parse file is {kept}" in output
    assert "Unable to do partial parsing" not in output
    with duckdb.connect(str(world["data"] / "warehouse.duckdb"), read_only=True) as con:
        dupes = con.execute(
            "SELECT count(*) FROM (SELECT url FROM raw.articles GROUP BY url HAVING count(*) > 1)"
        ).fetchone()[0]
        assert dupes == 0


def test_failed_gate_publishes_nothing_and_names_the_check(world):
    """A batch-level failure (here: raw articles lost a column) fails the run and keeps yesterday's marts."""
    data = world["data"]
    marts = data / "marts.duckdb"
    published_before = mart_contents(marts)
    with duckdb.connect(str(data / "warehouse.duckdb")) as con:
        con.execute("ALTER TABLE raw.articles RENAME COLUMN title TO title_lost")
    try:
        result = run_dag(world["env"])
        assert result.returncode != 0
        output = result.stdout + result.stderr
        assert "GateFailed" in output and "raw_articles.column_title_exists" in output
        # the failure is published in meta.runs; the marts beside it stay yesterday's
        assert mart_contents(marts) == published_before, "yesterday's marts stay as they were"
        with duckdb.connect(str(marts), read_only=True) as con:
            status, step, checks = con.execute(
                "SELECT status, failed_step, failed_checks FROM meta.runs ORDER BY recorded_at DESC LIMIT 1"
            ).fetchone()
        assert (status, step) == ("failed", "gate_raw") and "raw_articles.column_title_exists" in checks
        summary = (data / "reports" / "run_summary.txt").read_text(encoding="utf-8")
        assert "FAILED at gate_raw" in summary and "column_title_exists" in summary
    finally:
        with duckdb.connect(str(data / "warehouse.duckdb")) as con:
            con.execute("ALTER TABLE raw.articles RENAME COLUMN title_lost TO title")


def test_bad_rows_are_quarantined_not_published(world):
    """Row-level failures (a 150% rate) are held back; the night still publishes the good rows."""
    data = world["data"]
    with duckdb.connect(str(data / "warehouse.duckdb")) as con:
        article_id = con.execute("SELECT article_id FROM raw.articles ORDER BY url LIMIT 1").fetchone()[0]
        con.execute(
            """
            INSERT INTO raw.mentions (mention_id, article_id, seq, start_offset, end_offset, quote, sentence,
                subject, value, unit, kind, approx, is_target, region, region_code, period, indicator,
                extractor_version, extracted_at, run_id)
            SELECT 'e2e-bad-ratio', article_id, 9999, start_offset, end_offset, quote, sentence, subject,
                   150, '%', 'ratio', 'exact', false, region, region_code, period, indicator,
                   extractor_version, extracted_at, NULL
            FROM raw.mentions WHERE article_id = ? LIMIT 1
            """,
            [article_id],
        )
    result = run_dag(world["env"])
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-5000:]
    with duckdb.connect(str(data / "marts.duckdb"), read_only=True) as con:
        published = con.execute(
            "SELECT count(*) FROM marts.marts.fct_indicator_observation WHERE mention_id = 'e2e-bad-ratio'"
        ).fetchone()[0]
        held = con.execute(
            "SELECT check_name FROM meta.quarantine WHERE row_id = 'e2e-bad-ratio' AND released_at IS NULL"
        ).fetchall()
    assert published == 0 and held == [("ratio_within_0_100",)]
