"""A real Airflow deployment, without Docker: PostgreSQL metadata, API server, scheduler, DAG processor.

The helpers behind the package-scoped `deployment` and `nightly` fixtures of
`tests/integration/conftest.py`, shared by `test_scheduler.py` (a nightly run) and
`test_scheduler_backfill.py` (a backfill on the same deployment), and behind the
CeleryExecutor deployment of `test_celery_cluster.py` (`running_deployment` with
`executor="CeleryExecutor"`; its broker and workers: `celery_cluster.py`). Every process
they start is its own process group, stopped by PID.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import requests

from tests.conftest import ROOT
from tests.pg import PgServer, free_port

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
    logs: Path = Path()  # each process's output: <logs>/<name>.log
    procs: dict[str, subprocess.Popen] = field(default_factory=dict)
    # processes a test ended on purpose (a killed worker): no longer expected alive, still reaped
    gone: dict[str, subprocess.Popen] = field(default_factory=dict)
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


def airflow_env(
    home: Path, data: Path, pg: PgServer, api_port: int, demo_url: str, executor: str = "LocalExecutor"
) -> dict[str, str]:
    from cryptography.fernet import Fernet

    env = {k: v for k, v in os.environ.items() if not k.startswith("AIRFLOW")}
    env.update(
        {
            "AIRFLOW_HOME": str(home),
            "AIRFLOW__CORE__DAGS_FOLDER": str(ROOT / "dags"),
            "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
            "AIRFLOW__CORE__DEFAULT_TIMEZONE": "Asia/Shanghai",
            "AIRFLOW__CORE__UNIT_TEST_MODE": "False",
            "AIRFLOW__CORE__EXECUTOR": executor,
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


@contextlib.contextmanager
def running_deployment(
    pg: PgServer,
    base: Path,
    demo_url: str,
    *,
    executor: str = "LocalExecutor",
    settings: dict[str, str] | None = None,
    also_start: Callable[[Deployment], None] | None = None,
) -> Iterator[Deployment]:
    """Migrate the metadata database, create the writer pool, start the API server, DAG processor and
    scheduler, log in; on exit stop every process of `Deployment.procs` and `.gone` by its PID.

    `settings` go over `airflow_env`'s (a CeleryExecutor deployment's broker and result backend).
    `also_start` starts more processes (Celery workers) beside the scheduler, while the API server
    comes up; it adds them to `procs`, and they are stopped the same way.
    """
    home, data, logs = base / "airflow", base / "data", base / "logs"
    for d in (home, data, logs):
        d.mkdir(parents=True, exist_ok=True)
    api_port = free_port()
    env = airflow_env(home, data, pg, api_port, demo_url, executor)
    env.update(settings or {})
    password = secrets.token_urlsafe(12)
    (home / "passwords.json").write_text(json.dumps({"admin": password}))
    dep = Deployment(env=env, home=home, data=data, api=f"http://127.0.0.1:{api_port}", pg=pg, logs=logs)
    try:
        airflow(env, "db", "migrate", timeout=600)
        airflow(env, "pools", "set", "duckdb_writer", "1", "one writer at a time on warehouse.duckdb")
        airflow_bin = str(VENV_BIN / "airflow")
        dep.procs["api-server"] = start_group("api-server", [airflow_bin, "api-server"], env, logs)
        dep.procs["dag-processor"] = start_group("dag-processor", [airflow_bin, "dag-processor"], env, logs)
        dep.procs["scheduler"] = start_group("scheduler", [airflow_bin, "scheduler"], env, logs)
        if also_start is not None:
            also_start(dep)
        wait_until(lambda: up(dep.api), 180, "the API server", dep.procs)
        credentials = {"username": "admin", "password": password}
        r = requests.post(f"{dep.api}/auth/token", json=credentials, timeout=30)
        assert r.status_code in (200, 201), r.text
        dep.token = r.json()["access_token"]
        yield dep
    finally:
        started = {**dep.gone, **dep.procs}
        for proc in reversed(started.values()):  # workers first, the scheduler and API server last
            stop_group(proc)
        for name in started:
            log = logs / f"{name}.log"
            if log.exists():
                tail = "\n".join(log.read_text(errors="replace").splitlines()[-15:])
                print(f"--- last lines of {name}.log ---\n{tail}")


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


def up(api: str) -> bool:
    try:
        return requests.get(f"{api}/api/v2/monitor/health", timeout=5).ok
    except requests.RequestException:
        return False


def dag_parsed(dep: Deployment, dag_id: str) -> bool:
    r = requests.get(f"{dep.api}/api/v2/dags/{dag_id}", headers=dep.headers(), timeout=30)
    return r.ok


def run_state(dep: Deployment, dag_id: str, run_id: str) -> str:
    return dep.get(f"/dags/{dag_id}/dagRuns/{run_id}")["state"]


def finished(state: str) -> bool:
    return state in ("success", "failed")


def finished_state(dep: Deployment, dag_id: str, run_id: str) -> str | None:
    state = run_state(dep, dag_id, run_id)
    return state if finished(state) else None


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
