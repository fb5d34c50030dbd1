"""The DAG files import cleanly and quickly, and wire the chain the design promises."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

DAGS = Path(__file__).resolve().parents[2] / "dags"


@pytest.fixture(scope="module")
def dagbag():
    from airflow.dag_processing.dagbag import DagBag

    started = time.perf_counter()
    bag = DagBag(dag_folder=str(DAGS))
    elapsed = time.perf_counter() - started
    print(f"\nDAG parse time: {elapsed:.2f} s for {len(bag.dags)} DAGs")
    bag.parse_seconds = elapsed
    return bag


def test_no_import_errors(dagbag):
    assert dagbag.import_errors == {}, dagbag.import_errors


def test_nightly_dag_is_there_and_nightly_in_shanghai(dagbag):
    dag = dagbag.get_dag("provind_nightly")
    assert dag is not None
    assert dag.timetable.expression == "0 2 * * *"
    assert str(dag.timetable.timezone) in {"Asia/Shanghai", "Timezone('Asia/Shanghai')"}
    assert dag.catchup is False


def test_chain_order(dagbag):
    dag = dagbag.get_dag("provind_nightly")
    ids = set(dag.task_ids)
    for expected in (
        "list_sources",
        "crawl",
        "land",
        "extract",
        "gate_raw",
        "dbt_build",
        "source_freshness",
        "gate_marts",
        "publish",
        "docs",
    ):
        assert expected in ids
    # the whole dbt project is one `dbt build` task, after the raw gate and before the marts gate
    assert [t for t in ids if "dbt" in t] == ["dbt_build"]
    assert dag.get_task("dbt_build").upstream_task_ids == {"gate_raw"}
    assert "dbt_build" in dag.get_task("gate_marts").upstream_task_ids
    # `dbt source freshness` beside the build: after the raw gate, its findings carried on to publish
    assert dag.get_task("source_freshness").upstream_task_ids == {"gate_raw"}
    assert "source_freshness" in dag.get_task("gate_marts").upstream_task_ids
    upstream_of_publish = dag.get_task("publish").get_flat_relative_ids(upstream=True)
    assert {"gate_raw", "dbt_build", "gate_marts", "extract", "land", "crawl"} <= upstream_of_publish


def test_dbt_build_is_the_nightly_build_the_benchmark_measures(dagbag):
    build = dagbag.get_dag("provind_nightly").get_task("dbt_build")
    assert build.base_cmd == ["build"]
    assert build.selector == "nightly"  # dbt_project/selectors.yml: no unit tests, as bench_dbt.py runs it
    assert not any(k.startswith("DBT_") for k in build.env), "selections live in selectors.yml"
    assert build.retries == 0


def test_writers_share_the_one_slot_pool(dagbag):
    dag = dagbag.get_dag("provind_nightly")
    writers = [t for t in dag.tasks if t.task_id in {"land", "extract", "dbt_build", "source_freshness", "publish"}]
    assert writers and all(t.pool == "duckdb_writer" for t in writers)


def test_crawl_is_mapped_over_sources(dagbag):
    from airflow.sdk.definitions.mappedoperator import MappedOperator

    assert isinstance(dagbag.get_dag("provind_nightly").get_task("crawl"), MappedOperator)


def test_parse_is_fast(dagbag):
    # Not a timing assertion on the machine's speed: a guard against I/O at DAG top level.
    assert dagbag.parse_seconds < 30
