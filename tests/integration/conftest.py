"""Fixtures for the integration tests: marts published by one real pipeline run, and a real deployment.

`published_marts` runs the nightly DAG once with `airflow dags test` (what `make run`
does) against the demo site, in a private data dir and Airflow home, and is shared
by the BI and report tests of a session.

`deployment` starts Airflow as a team runs it (PostgreSQL metadata, API server,
scheduler, DAG processor, LocalExecutor; see `airflow_deployment.py`) and `nightly`
runs provind_nightly on it once. Both are package-scoped so that `test_scheduler.py`
and `test_scheduler_backfill.py` share one deployment: pytest runs the files of this
folder in name order, so the deployment starts with the first test of
`test_scheduler.py` and stops after the last of `test_scheduler_backfill.py`, the
last file here. Keep those two files last (and adjacent) in name order, or the idle
services would run beside the other integration tests.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, pipeline_env, run_dag, start_demo_site, stop_process
from tests.integration.airflow_deployment import (
    NIGHTLY,
    REPORT,
    Deployment,
    dag_parsed,
    finished,
    finished_state,
    running_deployment,
    task_logs,
    timeline,
    wait_until,
)
from tests.pg import PgServer, start_postgres


@pytest.fixture(scope="session")
def published_marts(tmp_path_factory) -> Iterator[Path]:
    base = tmp_path_factory.mktemp("published")
    proc, url = start_demo_site()
    try:
        env = pipeline_env(base / "data", base / "airflow", url)
        setup_script = str(ROOT / "scripts/airflow-setup.sh")
        setup = subprocess.run([setup_script], env=env, capture_output=True, text=True)
        assert setup.returncode == 0, setup.stdout + setup.stderr
        run = run_dag(env, timeout=900)
        assert run.returncode == 0, run.stdout[-5000:] + run.stderr[-5000:]
    finally:
        stop_process(proc)
    marts = base / "data" / "marts.duckdb"
    assert marts.exists()
    yield marts


@pytest.fixture(scope="package")
def pg() -> Iterator[PgServer]:
    server = start_postgres()
    try:
        server.create_database("airflow")
        yield server
    finally:
        server.remove()


@pytest.fixture(scope="package")
def deployment(pg: PgServer, tmp_path_factory) -> Iterator[Deployment]:
    site, demo_url = start_demo_site()
    try:
        with running_deployment(pg, tmp_path_factory.mktemp("scheduler"), demo_url) as dep:
            yield dep
    finally:
        stop_process(site)


@pytest.fixture(scope="package")
def nightly(deployment: Deployment) -> dict[str, Any]:
    """Trigger the nightly run through the REST API, unpause both DAGs, wait for both runs.

    The run is triggered for the logical date of the DAG's next scheduled run, before
    unpausing: a CronTriggerTimetable DAG with catchup=False otherwise starts a catch-up run
    of the latest past 02:00 the moment it is unpaused, and max_active_runs=1 would make
    the triggered run wait for it.
    """
    dep = deployment
    for dag_id in (NIGHTLY, REPORT):
        wait_until(lambda d=dag_id: dag_parsed(dep, d), 240, f"{dag_id} to be parsed", dep.procs)
    logical_date = dep.get(f"/dags/{NIGHTLY}")["next_dagrun_logical_date"] or datetime.now(UTC).isoformat()
    marts = dep.data / "marts.duckdb"
    triggered = time.monotonic()
    run = dep.send("POST", f"/dags/{NIGHTLY}/dagRuns", {"logical_date": logical_date, "conf": {}})
    run_id = run["dag_run_id"]
    for dag_id in (REPORT, NIGHTLY):
        assert dep.send("PATCH", f"/dags/{dag_id}", {"is_paused": False})["is_paused"] is False
    published_after = wait_until(
        lambda: marts.exists() and time.monotonic() - triggered, 600, "published marts", dep.procs, 0.5
    )
    state = wait_until(lambda: finished_state(dep, NIGHTLY, run_id), 300, f"{NIGHTLY} to finish", dep.procs)
    run_done_after = time.monotonic() - triggered

    def report_run() -> dict | None:
        runs = dep.get(f"/dags/{REPORT}/dagRuns")["dag_runs"]
        done = [r for r in runs if finished(r["state"])]
        return done[0] if done else None

    report = wait_until(report_run, 300, f"the Asset-triggered {REPORT} run", dep.procs)
    nightly_runs = [r["dag_run_id"] for r in dep.get(f"/dags/{NIGHTLY}/dagRuns")["dag_runs"]]
    report_done_after = time.monotonic() - triggered
    print(
        f"\nreal scheduler (LocalExecutor, parallelism 4, PostgreSQL metadata): trigger -> published marts "
        f"{published_after:.1f} s; -> {NIGHTLY} {state} {run_done_after:.1f} s; "
        f"-> {REPORT} {report['state']} {report_done_after:.1f} s"
    )
    tis = dep.get(f"/dags/{NIGHTLY}/dagRuns/{run_id}/taskInstances?limit=1000")["task_instances"]
    print(timeline(tis))
    if report["state"] != "success":
        print(task_logs(dep, REPORT, report["dag_run_id"]))
    return {
        "nightly_runs": nightly_runs,
        "run_id": run_id,
        "state": state,
        "report": report,
        "tis": tis,
        "published_after": published_after,
    }
