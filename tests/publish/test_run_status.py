"""A run's row in `meta.runs` tells the truth: published only once the file is swapped in, failed with reasons.

Real DuckDB files in a private data dir; a real publisher process killed with SIGKILL.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from tests.conftest import ROOT

# publisher processes killed with SIGKILL; the DAG's final task through Airflow
pytestmark = pytest.mark.integration


@pytest.fixture
def data(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("PROVIND_DATA_DIR", str(tmp_path))
    return tmp_path


def build_marts(data: Path, rows: int) -> None:
    """What dbt leaves in the warehouse: a marts schema (here one table of `rows` rows)."""
    from provind import warehouse

    with warehouse.connect(data / "warehouse.duckdb") as con:
        con.execute("CREATE SCHEMA IF NOT EXISTS marts")
        con.execute("CREATE OR REPLACE TABLE marts.dim_thing AS SELECT range AS id FROM range(?)", [rows])


def fail_gate(data: Path, run_id: str) -> None:
    """What gate 1 leaves behind when its share check fails."""
    from provind import schema, warehouse

    with warehouse.connect(data / "warehouse.duckdb") as con:
        con.execute(schema.META_DDL)
        con.execute(
            "INSERT INTO meta.gate_results VALUES (?, 'raw_mentions', 'ratio_within_0_100', 'row', false, 3,"
            " 'a ratio outside 0-100%', 'expect', 'value', '150', now()),"
            " (?, 'raw_mentions_after_quarantine', 'quarantined_share', 'batch', false, 1,"
            " 'more than 20% of the mentions were quarantined', 'expect', 'passes_row_checks', '', now())",
            [run_id, run_id],
        )


def runs(path: Path) -> dict[str, dict]:
    with duckdb.connect(str(path), read_only=True) as con:
        cursor = con.execute("SELECT * FROM meta.runs ORDER BY run_id")
        names = [d[0] for d in cursor.description]
        return {row[0]: dict(zip(names, row, strict=True)) for row in cursor.fetchall()}


def published_things(data: Path) -> int:
    with duckdb.connect(str(data / "marts.duckdb"), read_only=True) as con:
        return con.execute("SELECT count(*) FROM marts.marts.dim_thing").fetchone()[0]


def test_a_published_run_is_published_in_both_files_at_the_same_time(data):
    from provind.publish import step as publish_step

    build_marts(data, 10)
    summary = publish_step.finish_run("night-1", "2026-01-01", {"gates": []})
    here, there = runs(data / "warehouse.duckdb")["night-1"], runs(data / "marts.duckdb")["night-1"]
    assert here["status"] == there["status"] == "published"
    assert here["published_at"] == there["published_at"] == summary["published_at"]
    assert here["failure_reasons"] is None
    text = (data / "reports" / "run_summary.txt").read_text(encoding="utf-8")
    assert "FAILED" not in text and "marts.dim_thing" in text and "published at" in text


def test_a_failed_run_is_published_in_meta_beside_yesterdays_marts(data):
    from provind.publish import step as publish_step

    build_marts(data, 10)
    publish_step.finish_run("night-1", "2026-01-01", {"gates": []})
    build_marts(data, 99)  # tonight's build, which the gate rejected: it must not reach anyone
    fail_gate(data, "night-2")

    publish_step.record_failed_run("night-2", "2026-01-02", ["gate_raw", "crawl_1"])

    assert published_things(data) == 10, "yesterday's marts stay published"
    published = runs(data / "marts.duckdb")
    assert published["night-1"]["status"] == "published"
    failed = published["night-2"]
    assert failed["status"] == "failed" and failed["published_at"] is None
    assert failed["failed_step"] == "gate_raw"
    assert json.loads(failed["failed_checks"]) == ["raw_mentions_after_quarantine.quarantined_share"]
    reasons = json.loads(failed["failure_reasons"])
    assert any("more than 20% of the mentions were quarantined" in r for r in reasons), reasons
    assert failed["gates_passed"] is False

    text = (data / "reports" / "run_summary.txt").read_text(encoding="utf-8")
    assert "FAILED at gate_raw" in text
    assert "quarantined_share: more than 20% of the mentions were quarantined" in text
    assert "the marts of run night-1" in text, "names the run whose marts stay"
    assert "marts.dim_thing" not in text, "no published table counts as if this run had published them"
    assert "gate raw_mentions_after_quarantine" in text and "FAILED, 1 checks" in text
    assert json.loads((data / "reports" / "run_summary.json").read_text())["status"] == "failed"


def test_the_next_good_run_publishes_and_keeps_the_failed_one_in_the_record(data):
    from provind.publish import step as publish_step

    build_marts(data, 10)
    publish_step.finish_run("night-1", "2026-01-01", {"gates": []})
    fail_gate(data, "night-2")
    publish_step.record_failed_run("night-2", "2026-01-02", ["gate_raw"])
    build_marts(data, 30)
    publish_step.finish_run("night-3", "2026-01-03", {"gates": []})
    assert published_things(data) == 30
    assert {k: v["status"] for k, v in runs(data / "marts.duckdb").items()} == {
        "night-1": "published",
        "night-2": "failed",
        "night-3": "published",
    }


def test_a_failure_after_the_swap_does_not_unpublish_the_run(data):
    """`docs` failing after `publish` fails the DAG run, but the marts are this run's."""
    from provind.publish import step as publish_step

    build_marts(data, 10)
    publish_step.finish_run("night-1", "2026-01-01", {"gates": []})
    assert publish_step.record_failed_run("night-1", "2026-01-01", ["docs"])["status"] == "published"
    assert runs(data / "marts.duckdb")["night-1"]["status"] == "published"


def test_the_failed_step_and_its_dbt_reasons_are_named():
    con = duckdb.connect()
    con.execute("CREATE SCHEMA meta")
    con.execute(
        "CREATE TABLE meta.dbt_results (run_id VARCHAR, invocation_id VARCHAR, unique_id VARCHAR,"
        " status VARCHAR, message VARCHAR, finished_at TIMESTAMP)"
    )
    con.execute(
        "INSERT INTO meta.dbt_results VALUES ('n', 'i1', 'model.a', 'success', '', '2026-01-01 02:00'),"
        " ('n', 'i1', 'test.unique_fct', 'fail', 'Got 3 results', '2026-01-01 02:01')"
    )
    from provind.publish import summary as run_summary

    failure = run_summary.failure_of(con, "n", ["crawl_2", "dbt_build"], [])
    assert failure["step"] == "dbt_build"
    assert failure["reasons"][0] == "dbt test.unique_fct fail: Got 3 results"
    assert any("crawl failed" in r for r in failure["reasons"])
    # without Airflow's task states the records still name the step
    assert run_summary.failure_of(con, "n", [], [])["step"] == "dbt_build"


# A publisher stopped at a hook point: `os.replace` (the swap) or the warehouse update just after it.
STOPPED_PUBLISHER = r"""
import os, sys, time
from provind.publish import step as publish_step
stop_at = sys.argv[1]
if stop_at == "swap":
    real = os.replace
    def paused_replace(src, dst):
        print("swapping", flush=True)
        time.sleep(60)
        real(src, dst)
    os.replace = paused_replace
else:
    def paused_mark(con, run_id, published_at):
        print("swapped", flush=True)
        time.sleep(60)
    publish_step.mark_published = paused_mark
publish_step.finish_run("night-2", "2026-01-02", {"gates": []})
"""


def kill_publisher_at(data: Path, stop_at: str, said: str) -> None:
    env = {**__import__("os").environ, "PROVIND_DATA_DIR": str(data)}
    proc = subprocess.Popen(
        [sys.executable, "-c", STOPPED_PUBLISHER, stop_at], stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT
    )
    try:
        # DuckDB may draw a progress bar on stdout first: wait for the word itself
        assert any(line.strip().endswith(said) for line in iter(proc.stdout.readline, ""))
    finally:
        proc.send_signal(signal.SIGKILL)  # by its PID, at the hook point
        proc.wait()
    assert proc.returncode == -signal.SIGKILL


def test_a_publish_killed_before_the_swap_is_never_recorded_published(data):
    from provind.publish import step as publish_step

    build_marts(data, 10)
    publish_step.finish_run("night-1", "2026-01-01", {"gates": []})
    before = (data / "marts.duckdb").read_bytes()
    build_marts(data, 20)

    kill_publisher_at(data, "swap", "swapping")

    assert (data / "marts.duckdb").read_bytes() == before, "the old file is untouched"
    assert "night-2" not in runs(data / "marts.duckdb")
    interrupted = runs(data / "warehouse.duckdb")["night-2"]
    assert interrupted["status"] == "publishing" and interrupted["published_at"] is None

    build_marts(data, 30)
    publish_step.finish_run("night-3", "2026-01-03", {"gates": []})  # settles night-2, then publishes
    published = runs(data / "marts.duckdb")
    assert published["night-2"]["status"] == "failed" and published["night-2"]["failed_step"] == "publish"
    assert "interrupted" in published["night-2"]["failure_reasons"]
    assert published["night-3"]["status"] == "published" and published_things(data) == 30
    assert not list(data.glob(".marts.duckdb.*")), "the killed publisher's remains are swept away"


def test_a_publish_killed_just_after_the_swap_is_settled_as_published(data):
    from provind.publish import runs as run_records
    from provind.publish import step as publish_step

    build_marts(data, 10)
    publish_step.finish_run("night-1", "2026-01-01", {"gates": []})
    build_marts(data, 20)

    kill_publisher_at(data, "mark", "swapped")

    assert published_things(data) == 20
    published_at = runs(data / "marts.duckdb")["night-2"]["published_at"]
    assert runs(data / "marts.duckdb")["night-2"]["status"] == "published" and published_at
    assert runs(data / "warehouse.duckdb")["night-2"]["status"] == "publishing"

    from provind import warehouse

    with warehouse.connect() as con:
        assert run_records.reconcile_publications(con) == ["night-2"]
    settled = runs(data / "warehouse.duckdb")["night-2"]
    assert settled["status"] == "published" and settled["published_at"] == published_at


def test_a_failed_night_is_recorded_by_a_final_task_of_the_dag():
    from airflow.dag_processing.dagbag import DagBag

    dag = DagBag(dag_folder=str(ROOT / "dags")).get_dag("provind_nightly")
    recorder = dag.get_task("record_failure")
    assert recorder.trigger_rule == "one_failed"
    assert recorder.upstream_task_ids == {"publish"}
    assert recorder.pool == "duckdb_writer" and recorder.retries == 0
    assert not recorder.downstream_task_ids


def test_publications_work_while_the_process_keeps_the_warehouse_open(data):
    """In `airflow dags test` dbt-duckdb keeps the warehouse open in-process: its DuckDB instance is shared."""
    from provind.publish import step as publish_step

    build_marts(data, 10)
    keeper = duckdb.connect(str(data / "warehouse.duckdb"))
    try:
        publish_step.finish_run("night-1", "2026-01-01", {"gates": []})
        fail_gate(data, "night-2")
        publish_step.record_failed_run("night-2", "2026-01-02", ["gate_raw"])
        fail_gate(data, "night-3")
        publish_step.record_failed_run("night-3", "2026-01-03", ["gate_raw"])  # attaches the published file again
        publish_step.finish_run("night-4", "2026-01-04", {"gates": []})
    finally:
        keeper.close()
    assert [r["status"] for r in runs(data / "marts.duckdb").values()] == ["published", "failed", "failed", "published"]
