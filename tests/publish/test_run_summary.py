"""The run summary's dbt line: the night's last build, its nodes and its failures."""

from __future__ import annotations

import duckdb

from provind.publish import summary as run_summary


def warehouse_with_builds(*builds: list[tuple[str, str]]) -> duckdb.DuckDBPyConnection:
    """A warehouse whose run `night-1` has these dbt invocations, in order: [(unique_id, status), ...] each."""
    con = duckdb.connect()
    con.execute("CREATE SCHEMA raw; CREATE SCHEMA meta")
    con.execute("CREATE TABLE raw.fetch_log (run_id VARCHAR, source VARCHAR, outcome VARCHAR)")
    con.execute("CREATE TABLE raw.articles (run_id VARCHAR)")
    con.execute("CREATE TABLE raw.mentions (mention_id VARCHAR)")
    con.execute(
        "CREATE TABLE meta.dbt_results (run_id VARCHAR, invocation_id VARCHAR, unique_id VARCHAR,"
        " resource_type VARCHAR, status VARCHAR, failures BIGINT, execution_time DOUBLE, message VARCHAR,"
        " finished_at TIMESTAMP)"
    )
    for n, build in enumerate(builds):
        for unique_id, status in build:
            con.execute(
                "INSERT INTO meta.dbt_results VALUES ('night-1', ?, ?, 'model', ?, 0, 0.1, '', ?)",
                [f"inv-{n}", unique_id, status, f"2026-11-24 02:0{n}:00"],
            )
    return con


def test_exposures_are_no_nodes_and_no_failures():
    con = warehouse_with_builds([("model.a", "success"), ("test.a", "pass"), ("exposure.x", "no-op")])
    meta = run_summary.run_metadata(con, "night-1", {})
    assert (meta["dbt_nodes"], meta["dbt_failures"]) == (2, 0)


def test_failed_and_skipped_nodes_count_as_failures():
    con = warehouse_with_builds(
        [("model.a", "success"), ("test.a", "fail"), ("model.b", "skipped"), ("test.w", "warn"), ("model.c", "error")]
    )
    meta = run_summary.run_metadata(con, "night-1", {})
    assert (meta["dbt_nodes"], meta["dbt_failures"]) == (5, 3)


def test_a_cleared_and_rerun_build_counts_once():
    failed = [("model.a", "success"), ("test.a", "fail"), ("model.b", "skipped")]
    rerun = [("model.a", "success"), ("test.a", "pass"), ("model.b", "success")]
    meta = run_summary.run_metadata(warehouse_with_builds(failed, rerun), "night-1", {})
    assert (meta["dbt_nodes"], meta["dbt_failures"]) == (3, 0)
