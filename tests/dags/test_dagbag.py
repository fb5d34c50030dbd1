"""The DAG files import cleanly and cheaply, and wire the chain the design promises."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

# parses the DAG files with Airflow's DagBag (imports Airflow and cosmos)
pytestmark = pytest.mark.slow

DAGS = Path(__file__).resolve().parents[2] / "dags"


@pytest.fixture(scope="module")
def dagbag():
    from airflow.dag_processing.dagbag import DagBag

    return DagBag(dag_folder=str(DAGS))


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


# The work the tasks import when they run: none of it may load when a DAG file is parsed.
WORK_MODULES = [
    *("provind.pipeline", "provind.reextract", "provind.gates", "provind.crawl", "provind.land", "provind.extract"),
    *("provind.build", "provind.publish", "provind.report", "provind.warehouse", "provind_expectations"),
    *("great_expectations", "duckdb", "pandas", "requests", "bs4"),
]


def test_parsing_the_dags_loads_none_of_the_work():
    """Airflow's DAG processor re-parses these files every few seconds, in every deployment:
    the work's modules (and their I/O) belong inside the tasks, not at the files' top level."""
    code = "import runpy, sys\nfor path in sys.argv[1:]:\n    runpy.run_path(path)\nprint(*sys.modules)"
    dags = [str(p) for p in sorted(DAGS.glob("*.py"))]
    proc = subprocess.run([sys.executable, "-c", code, *dags], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    loaded = set(proc.stdout.split())
    assert "airflow.sdk" in loaded  # the files were parsed
    assert sorted(m for m in loaded if any(m == w or m.startswith(w + ".") for w in WORK_MODULES)) == []
