"""A real Airflow deployment, without Docker: PostgreSQL metadata, API server, scheduler, DAG processor.

The LocalExecutor runs up to 4 task processes at once, so cosmos' dbt tasks could
run side by side on `warehouse.duckdb`; the one-slot `duckdb_writer` pool is what
keeps them from failing with `Could not set lock on file`. The test triggers
provind_nightly through the REST API (v2, JWT from the simple auth manager) as a
user would, waits for it and for the Asset-triggered provind_report run, checks the
marts and the report, then runs the dbt build on the PostgreSQL target of the same
server. Every process it starts is its own process group, stopped by PID.
"""

from __future__ import annotations

import itertools
import json
import os
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest
import requests

from tests.conftest import ROOT, start_demo_site, stop_process
from tests.pg import PgServer, free_port, pg_bindir, start_postgres

pytestmark = [
    pytest.mark.integration,
    pytest.mark.timeout(900),
    pytest.mark.skipif(pg_bindir() is None, reason="Debian's postgresql is missing (make test installs it)"),
]

VENV_BIN = Path(sys.executable).parent
NIGHTLY, REPORT = "provind_nightly", "provind_report"
MARTS = ("fct_indicator_observation", "dim_region", "dim_indicator", "dim_period", "dim_date", "dim_article")
LOCK_ERROR = "Could not set lock on file"


@dataclass
class Deployment:
    env: dict[str, str]
    home: Path
    data: Path
    api: str
    pg: PgServer
    procs: dict[str, subprocess.Popen] = field(default_factory=dict)
    token: str = ""

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def get(self, path: str) -> Any:
        r = requests.get(f"{self.api}/api/v2{path}", headers=self.headers(), timeout=30)
        r.raise_for_status()
        return r.json()

    def send(self, method: str, path: str, body: dict) -> Any:
        url = f"{self.api}/api/v2{path}"
        r = requests.request(method, url, json=body, headers=self.headers(), timeout=30)
        assert r.ok, f"{method} {path}: {r.status_code} {r.text}"
        return r.json()


def start_group(name: str, args: list[str], env: dict[str, str], logs: Path) -> subprocess.Popen:
    """Start a process in a new process group (its own session), output to logs/<name>.log."""
    out = (logs / f"{name}.log").open("ab")
    return subprocess.Popen(args, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)


def stop_group(proc: subprocess.Popen, timeout: float = 30) -> None:
    """Stop a process group this test created (its leader's PID is the group id), then reap it."""
    if proc.poll() is None:
        with _ignore_missing():
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            with _ignore_missing():
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    # children of the group that outlived their leader (task runners)
    with _ignore_missing():
        os.killpg(proc.pid, signal.SIGKILL)


class _ignore_missing:
    def __enter__(self) -> None:
        return None

    def __exit__(self, exc_type, exc, tb) -> bool:
        return exc_type is not None and issubclass(exc_type, ProcessLookupError | PermissionError)


def airflow_env(home: Path, data: Path, pg: PgServer, api_port: int, demo_url: str) -> dict[str, str]:
    from cryptography.fernet import Fernet

    env = {k: v for k, v in os.environ.items() if not k.startswith("AIRFLOW")}
    env.update(
        {
            "AIRFLOW_HOME": str(home),
            "AIRFLOW__CORE__DAGS_FOLDER": str(ROOT / "dags"),
            "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
            "AIRFLOW__CORE__DEFAULT_TIMEZONE": "Asia/Shanghai",
            "AIRFLOW__CORE__UNIT_TEST_MODE": "False",
            "AIRFLOW__CORE__EXECUTOR": "LocalExecutor",
            "AIRFLOW__CORE__PARALLELISM": "4",
            "AIRFLOW__CORE__FERNET_KEY": Fernet.generate_key().decode(),
            "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"http://127.0.0.1:{api_port}/execution/",
            "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS": "admin:admin",
            "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE": str(home / "passwords.json"),
            "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": (
                f"postgresql+psycopg2://{pg.user}:{pg.password}@{pg.host}:{pg.port}/airflow"
            ),
            "AIRFLOW__API__HOST": "127.0.0.1",
            "AIRFLOW__API__PORT": str(api_port),
            "AIRFLOW__API__WORKERS": "1",
            "AIRFLOW__API__SECRET_KEY": secrets.token_hex(16),
            "AIRFLOW__API_AUTH__JWT_SECRET": secrets.token_hex(32),
            "AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT": str(free_port()),
            "AIRFLOW__LOGGING__TRIGGER_LOG_SERVER_PORT": str(free_port()),
            "AIRFLOW__SCHEDULER__ENABLE_HEALTH_CHECK": "False",
            "AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL": "10",
            "AIRFLOW__COSMOS__ENABLE_CACHE": "True",
            "AIRFLOW__COSMOS__PROPAGATE_LOGS": "False",
            "GX_ANALYTICS_ENABLED": "false",
            "DO_NOT_TRACK": "1",
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
            "PROVIND_DATA_DIR": str(data),
            "PROVIND_DEMO_URL": demo_url,
            "PATH": f"{VENV_BIN}:{os.environ.get('PATH', '')}",
        }
    )
    return env


def airflow(env: dict[str, str], *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    proc = subprocess.run(
        [str(VENV_BIN / "airflow"), *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout
    )
    assert proc.returncode == 0, f"airflow {' '.join(args)}:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return proc


def wait_until(predicate, timeout: float, what: str, procs: dict[str, subprocess.Popen], interval: float = 1.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for name, proc in procs.items():
            assert proc.poll() is None, f"{name} exited with {proc.returncode} while waiting for {what}"
        result = predicate()
        if result:
            return result
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


@pytest.fixture(scope="module")
def pg() -> Iterator[PgServer]:
    server = start_postgres()
    try:
        server.create_database("airflow")
        yield server
    finally:
        server.remove()


@pytest.fixture(scope="module")
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
        wait_until(lambda: _up(dep.api), 180, "the API server", dep.procs)
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


def _up(api: str) -> bool:
    try:
        return requests.get(f"{api}/api/v2/monitor/health", timeout=5).ok
    except requests.RequestException:
        return False


def _dag_parsed(dep: Deployment, dag_id: str) -> bool:
    r = requests.get(f"{dep.api}/api/v2/dags/{dag_id}", headers=dep.headers(), timeout=30)
    return r.ok


def _run_state(dep: Deployment, dag_id: str, run_id: str) -> str:
    return dep.get(f"/dags/{dag_id}/dagRuns/{run_id}")["state"]


def _finished(state: str) -> bool:
    return state in ("success", "failed")


def _finished_state(dep: Deployment, dag_id: str, run_id: str) -> str | None:
    state = _run_state(dep, dag_id, run_id)
    return state if _finished(state) else None


@pytest.fixture(scope="module")
def nightly(deployment: Deployment) -> dict[str, Any]:
    """Trigger the nightly run through the REST API, unpause both DAGs, wait for both runs.

    The run is triggered for the logical date of the DAG's next scheduled run, before
    unpausing: a CronTriggerTimetable DAG with catchup=False otherwise starts a catch-up run
    of the latest past 02:00 the moment it is unpaused, and max_active_runs=1 would make
    the triggered run wait for it.
    """
    dep = deployment
    for dag_id in (NIGHTLY, REPORT):
        wait_until(lambda d=dag_id: _dag_parsed(dep, d), 240, f"{dag_id} to be parsed", dep.procs)
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
    state = wait_until(lambda: _finished_state(dep, NIGHTLY, run_id), 300, f"{NIGHTLY} to finish", dep.procs)
    run_done_after = time.monotonic() - triggered

    def report_run() -> dict | None:
        runs = dep.get(f"/dags/{REPORT}/dagRuns")["dag_runs"]
        done = [r for r in runs if _finished(r["state"])]
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


def timeline(tis: list[dict]) -> str:
    """Per task: queued → started (s), duration (s), pool: where the time of a run goes."""
    rows = sorted((t for t in tis if t["start_date"]), key=lambda t: t["start_date"])
    if not rows:
        return "no task started"
    t0 = datetime.fromisoformat(rows[0]["queued_when"] or rows[0]["start_date"])
    lines = ["task timeline (s from first queued: queued, started, duration, pool):"]
    for t in rows:
        queued = datetime.fromisoformat(t["queued_when"]) if t["queued_when"] else None
        start = datetime.fromisoformat(t["start_date"])
        name = t["task_id"] + (f"[{t['map_index']}]" if t["map_index"] >= 0 else "")
        lines.append(
            f"  {name:<45} {(queued - t0).total_seconds() if queued else float('nan'):7.1f} "
            f"{(start - t0).total_seconds():7.1f} {t['duration'] or 0:6.1f}  {t['pool']}"
        )
    return "\n".join(lines)


def task_logs(dep: Deployment, dag_id: str, run_id: str) -> str:
    """The tail of every task log file of one run (written by the task processes under AIRFLOW_HOME)."""
    out = []
    for path in sorted((dep.home / "logs" / f"dag_id={dag_id}" / f"run_id={run_id}").rglob("*.log")):
        out.append(f"--- {path.parent.name} {path.name} ---\n{path.read_text(errors='replace')[-4000:]}")
    return "\n".join(out)


def test_nightly_run_succeeds_under_the_real_scheduler(nightly):
    failed = [(t["task_id"], t["map_index"], t["state"]) for t in nightly["tis"] if t["state"] != "success"]
    assert nightly["state"] == "success", f"tasks not successful: {failed}"
    assert not failed
    assert nightly["nightly_runs"] == [nightly["run_id"]], "the triggered run is the only run"
    dbt_tasks = [t for t in nightly["tis"] if t["task_id"].startswith("dbt.")]
    assert dbt_tasks, "cosmos rendered the dbt models as tasks"


def test_marts_are_published(nightly, deployment):
    with duckdb.connect(str(deployment.data / "marts.duckdb"), read_only=True) as con:
        counts = {t: con.execute(f"SELECT count(*) FROM marts.marts.{t}").fetchone()[0] for t in MARTS}
        run_ids = [r[0] for r in con.execute("SELECT run_id FROM meta.runs").fetchall()]
    assert all(n > 0 for n in counts.values()), counts
    assert counts["dim_article"] >= 5, "the demo site's articles"
    assert nightly["run_id"] in run_ids


def test_asset_triggered_report_run_writes_the_report(nightly, deployment):
    assert nightly["report"]["state"] == "success"
    assert nightly["report"]["run_type"] == "asset_triggered"
    page = (deployment.data / "report" / "index.html").read_text(encoding="utf-8")
    assert "<svg" in page and nightly["run_id"] in page


def test_single_duckdb_writer_under_parallelism_4(nightly, deployment):
    """No task failed or retried on DuckDB's file lock, and the writers really ran one at a time."""
    tis = nightly["tis"]
    assert all(t["try_number"] <= 1 for t in tis if t["pool"] == "duckdb_writer"), "no writer needed a retry"
    logs = list((deployment.home / "logs").rglob("*.log"))
    assert logs, "task logs were written"
    locked = [str(p) for p in logs if LOCK_ERROR in p.read_text(errors="replace")]
    assert not locked, f"{LOCK_ERROR} in {locked}"
    spans = sorted(
        (datetime.fromisoformat(t["start_date"]), datetime.fromisoformat(t["end_date"]), t["task_id"])
        for t in tis
        if t["pool"] == "duckdb_writer" and t["start_date"] and t["end_date"]
    )
    assert len(spans) >= 5
    overlaps = [(a[2], b[2]) for a, b in itertools.pairwise(spans) if b[0] < a[1]]
    assert not overlaps, f"writers overlapped: {overlaps}"
    crawls = [t for t in tis if t["task_id"] == "crawl"]
    assert crawls and all(t["pool"] != "duckdb_writer" for t in crawls), "crawls stay parallel"


# ---------------------------------------------------------------- dbt on the PostgreSQL target


def load_raw_into_postgres(warehouse: Path, dsn: str) -> dict[str, int]:
    """Copy the raw tables of the pipeline's DuckDB warehouse into PostgreSQL's schema `raw`.

    The DDL is the one the dbt tests use on both targets (tests/dbt/sample_warehouse.py);
    the rows are this run's, copied column by column with COPY.
    """
    import psycopg

    from tests.dbt.sample_warehouse import RAW_DDL

    counts = {}
    with duckdb.connect(str(warehouse), read_only=True) as src, psycopg.connect(dsn, autocommit=True) as dst:
        dst.execute("DROP SCHEMA IF EXISTS raw CASCADE")
        dst.execute(RAW_DDL)
        tables = dst.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'raw' ORDER BY 1"
        ).fetchall()
        for (table,) in tables:
            pg_columns = [
                r[0]
                for r in dst.execute(
                    "SELECT column_name FROM information_schema.columns"
                    " WHERE table_schema = 'raw' AND table_name = %s ORDER BY ordinal_position",
                    [table],
                ).fetchall()
            ]
            duck_columns = {r[0] for r in src.execute(f"DESCRIBE raw.{table}").fetchall()}
            columns = [c for c in pg_columns if c in duck_columns]
            rows = src.execute(f"SELECT {', '.join(columns)} FROM raw.{table}").fetchall()
            with dst.cursor() as cur, cur.copy(f"COPY raw.{table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            counts[table] = len(rows)
    return counts


def test_dbt_build_on_the_postgres_target(nightly, deployment, tmp_path):
    pg = deployment.pg
    pg.create_database("warehouse")
    loaded = load_raw_into_postgres(deployment.data / "warehouse.duckdb", pg.dsn("warehouse"))
    assert loaded["articles"] >= 5 and loaded["mentions"] > 0
    env = {
        **os.environ,
        "PROVIND_PG_HOST": pg.host,
        "PROVIND_PG_PORT": str(pg.port),
        "PROVIND_PG_USER": pg.user,
        "PROVIND_PG_PASSWORD": pg.password,
        "PROVIND_PG_DBNAME": "warehouse",
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    started = time.monotonic()
    build = subprocess.run(
        [
            str(VENV_BIN / "dbt"),
            "build",
            "--target",
            "postgres",
            "--profiles-dir",
            ".",
            "--target-path",
            str(tmp_path / "target"),
            "--log-path",
            str(tmp_path / "logs"),
        ],
        cwd=ROOT / "dbt_project",
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    print(f"\ndbt build --target postgres: {time.monotonic() - started:.1f} s, exit {build.returncode}")
    assert build.returncode == 0, build.stdout[-8000:] + build.stderr[-2000:]
    with duckdb.connect(str(deployment.data / "marts.duckdb"), read_only=True) as con:
        expected = con.execute("SELECT count(*) FROM marts.marts.fct_indicator_observation").fetchone()[0]
    assert int(pg.psql("SELECT count(*) FROM marts.fct_indicator_observation", "warehouse")) == expected


def test_api_token_is_required(deployment):
    r = requests.get(f"{deployment.api}/api/v2/dags", timeout=30)
    assert r.status_code in (401, 403)
    assert deployment.token.count(".") == 2, "a JWT: header.payload.signature"
