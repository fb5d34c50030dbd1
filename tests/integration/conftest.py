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

import json
import secrets
import subprocess
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.conftest import ROOT, pipeline_env, run_dag, start_demo_site, stop_process
from tests.integration.airflow_deployment import (
    NIGHTLY,
    REPORT,
    VENV_BIN,
    Deployment,
    airflow,
    airflow_env,
    dag_parsed,
    finished,
    finished_state,
    start_group,
    stop_group,
    task_logs,
    timeline,
    up,
    wait_until,
)
from tests.pg import PgServer, free_port, start_postgres


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
    base = tmp_path_factory.mktemp("scheduler")
    home, data, logs = base / "airflow", base / "data", base / "logs"
    for d in (home, data, logs):
        d.mkdir()
    site, demo_url = start_demo_site()
    api_port = free_port()
    env = airflow_env(home, data, pg, api_port, demo_url)
    password = secrets.token_urlsafe(12)
    (home / "passwords.json").write_text(json.dumps({"admin": password}))
    dep = Deployment(env=env, home=home, data=data, api=f"http://127.0.0.1:{api_port}", pg=pg)
    try:
        airflow(env, "db", "migrate", timeout=600)
        airflow(env, "pools", "set", "duckdb_writer", "1", "one writer at a time on warehouse.duckdb")
        airflow_bin = str(VENV_BIN / "airflow")
        dep.procs["api-server"] = start_group("api-server", [airflow_bin, "api-server"], env, logs)
        dep.procs["dag-processor"] = start_group("dag-processor", [airflow_bin, "dag-processor"], env, logs)
        dep.procs["scheduler"] = start_group("scheduler", [airflow_bin, "scheduler"], env, logs)
        wait_until(lambda: up(dep.api), 180, "the API server", dep.procs)
        credentials = {"username": "admin", "password": password}
        r = requests.post(f"{dep.api}/auth/token", json=credentials, timeout=30)
        assert r.status_code in (200, 201), r.text
        dep.token = r.json()["access_token"]
        yield dep
    finally:
        for proc in dep.procs.values():
            stop_group(proc)
        stop_process(site)
        for name in dep.procs:
            log = logs / f"{name}.log"
            if log.exists():
                tail = "\n".join(log.read_text(errors="replace").splitlines()[-15:])
                print(f"--- last lines of {name}.log ---\n{tail}")


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
