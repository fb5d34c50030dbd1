"""The CeleryExecutor parts of a deployment without Docker: Redis, Celery workers, their settings.

- `start_redis`: Debian's `redis-server` (installed by `make test`) on a free loopback port,
  with a password, no persistence; stopped by its PID.
- `compose_settings`: the literal `AIRFLOW__*` settings of `docker-compose.yml`'s
  `x-airflow-common` block, the ones every Airflow service of the team deployment shares.
  `cluster_settings` runs the test deployment with exactly those, plus what only this
  machine can say (broker and result-backend URLs, ports) and the shortened TEST_TIMINGS.
- `start_worker`: `airflow celery worker` as compose's worker service runs it, with a
  `--celery-hostname` and a task-instance hostname of its own.
- `kill_hard`: SIGKILL a worker's main process and every process forked under it, as a
  machine that loses power would.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shlex
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from tests.conftest import ROOT
from tests.integration.airflow_deployment import VENV_BIN, Deployment, start_group
from tests.pg import PgServer, free_port

COMPOSE = ROOT / "docker-compose.yml"
# A compose value that names the containers' world (a ${VAR} from .env, a path in the image,
# a URL of a compose host) is not a setting to share: the test gives its own.
LOCAL_VALUE = re.compile(r"\$\{|^/opt/|://")
# The timings the test shortens so that a dead worker is noticed in seconds, not minutes. Every
# other shared setting is compose's own value (test_the_test_runs_with_the_compose_settings).
TEST_TIMINGS = {
    "AIRFLOW__SCHEDULER__TASK_INSTANCE_HEARTBEAT_TIMEOUT": "15",
    "AIRFLOW__SCHEDULER__TASK_INSTANCE_HEARTBEAT_TIMEOUT_DETECTION_INTERVAL": "2",
    "AIRFLOW__SCHEDULER__TASK_QUEUED_TIMEOUT": "90",
    "AIRFLOW__SCHEDULER__TASK_QUEUED_TIMEOUT_CHECK_INTERVAL": "10",
    "AIRFLOW__WORKERS__MIN_HEARTBEAT_INTERVAL": "2",
}
HOSTNAME_CALLABLE = "tests.integration.worker_hostname.hostname"


@dataclass
class RedisServer:
    port: int
    password: str
    proc: subprocess.Popen
    host: str = "127.0.0.1"

    def url(self, db: int = 0) -> str:
        return f"redis://:{self.password}@{self.host}:{self.port}/{db}"

    def client(self) -> Any:  # a redis.Redis
        import redis

        return redis.Redis(host=self.host, port=self.port, password=self.password, socket_timeout=5)

    def stop(self) -> None:
        """SIGTERM by PID, then SIGKILL if it has not exited within 10 s."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def redis_bin() -> str | None:
    path = Path("/usr/bin/redis-server")
    return str(path) if path.exists() else None


def start_redis(base: Path) -> RedisServer:
    """A private redis-server on a free 127.0.0.1 port, password required, nothing written to disk."""
    import redis

    binary = redis_bin()
    if binary is None:
        raise RuntimeError("redis-server is not installed: run `make test`, which installs Debian's redis-server")
    base.mkdir(parents=True, exist_ok=True)
    port, password = free_port(), secrets.token_hex(12)
    args = [binary, "--bind", "127.0.0.1", "--port", str(port), "--requirepass", password]
    args += ["--save", "", "--appendonly", "no", "--dir", str(base), "--daemonize", "no"]
    out = (base / "redis.log").open("ab")
    proc = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    server = RedisServer(port=port, password=password, proc=proc)
    deadline = time.monotonic() + 30
    while True:
        try:
            if server.client().ping():
                return server
        except redis.RedisError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            server.stop()
            raise RuntimeError(f"redis-server did not start: {(base / 'redis.log').read_text(errors='replace')}")
        time.sleep(0.1)


def compose_file() -> dict:
    return yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))


def compose_settings() -> dict[str, str]:
    """The AIRFLOW__ settings every Airflow service of docker-compose.yml shares, as literal values."""
    env = compose_file()["x-airflow-common"]["environment"]
    return {k: str(v) for k, v in env.items() if k.startswith("AIRFLOW__") and not LOCAL_VALUE.search(str(v))}


def worker_command() -> list[str]:
    """The compose worker service's command (after `airflow`), e.g. ["celery", "worker"]."""
    command = compose_file()["services"]["airflow-worker"]["command"]
    return shlex.split(command) if isinstance(command, str) else list(command)


def cluster_settings(redis: RedisServer, pg: PgServer) -> dict[str, str]:
    """Compose's shared settings, this machine's URLs and ports, then the shortened timings."""
    local = {
        "AIRFLOW__CELERY__BROKER_URL": redis.url(),
        "AIRFLOW__CELERY__RESULT_BACKEND": f"db+postgresql://{pg.user}:{pg.password}@{pg.host}:{pg.port}/airflow",
        "AIRFLOW__SCHEDULER__SCHEDULER_HEALTH_CHECK_SERVER_HOST": "127.0.0.1",
        "AIRFLOW__SCHEDULER__SCHEDULER_HEALTH_CHECK_SERVER_PORT": str(free_port()),
    }
    return {**compose_settings(), **local, **TEST_TIMINGS}


def start_worker(dep: Deployment, name: str) -> subprocess.Popen:
    """`airflow celery worker` as compose runs it, named `name` (Celery node and task-instance hostname)."""
    env = {
        **dep.env,
        "AIRFLOW__CORE__HOSTNAME_CALLABLE": HOSTNAME_CALLABLE,
        "PROVIND_TEST_WORKER_HOSTNAME": name,
        "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), dep.env.get("PYTHONPATH", "")) if p),
        # each worker serves its task logs on a port of its own (in compose: each container's 8793)
        "AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT": str(free_port()),
    }
    args = [str(VENV_BIN / "airflow"), *worker_command(), "--celery-hostname", f"{name}@%h"]
    proc = start_group(name, args, env, dep.logs)
    dep.procs[name] = proc
    return proc


def worker_ready(dep: Deployment, name: str) -> bool:
    log = dep.logs / f"{name}.log"
    return log.exists() and " ready." in log.read_text(errors="replace")


def descendants(pid: int) -> list[int]:
    """Every process forked under `pid` (children first found, then theirs), from /proc."""
    found, todo = [], [pid]
    while todo:
        parent = todo.pop()
        for task in Path(f"/proc/{parent}/task").glob("*"):
            try:
                children = [int(c) for c in (task / "children").read_text().split()]
            except (FileNotFoundError, ProcessLookupError, ValueError):
                continue
            for child in children:
                if child not in found:
                    found.append(child)
                    todo.append(child)
    return found


def kill_hard(proc: subprocess.Popen) -> list[int]:
    """SIGKILL a process and everything forked under it, by PID; wait until all are gone; return the PIDs."""
    pids = [proc.pid, *descendants(proc.pid)]
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    proc.wait(timeout=10)
    deadline = time.monotonic() + 10
    while any(alive(pid) for pid in pids[1:]) and time.monotonic() < deadline:
        time.sleep(0.05)
    return pids


def alive(pid: int) -> bool:
    """True while `pid` exists and is not a zombie (a killed child of ours stays a zombie until reaped)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False
    return state not in ("Z", "X")
