"""Fixtures shared by every test folder: the project's paths and a real demo site process."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent


@pytest.fixture(scope="session")
def project_root() -> Path:
    return ROOT


def start_demo_site(port: int = 0) -> tuple[subprocess.Popen, str]:
    """Start `provind demo-site` as a real process and return it with its base URL."""
    proc = subprocess.Popen(
        [str(VENV_BIN / "provind"), "demo-site", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    line = proc.stdout.readline().strip()
    if not line.startswith("serving on "):
        stop_process(proc)
        raise RuntimeError(f"demo site did not start: {line!r}")
    return proc, line.removeprefix("serving on ").rstrip("/")


def stop_process(proc: subprocess.Popen) -> None:
    """Stop a process we started, by its PID, and reap it."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="session")
def demo_site_process() -> Iterator[str]:
    proc, url = start_demo_site()
    try:
        yield url
    finally:
        stop_process(proc)


def wait_for(predicate, timeout: float = 10.0, interval: float = 0.1) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False


def pipeline_env(data_dir: Path, airflow_home: Path, demo_url: str) -> dict[str, str]:
    """The environment `make run` gives the DAG, pointed at a private data dir and Airflow home."""
    env = dict(os.environ)
    env.update(
        {
            "PROVIND_DATA_DIR": str(data_dir),
            "PROVIND_DEMO_URL": demo_url,
            "AIRFLOW_HOME": str(airflow_home),
            "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{airflow_home}/airflow.db",
            "PATH": f"{VENV_BIN}:{env.get('PATH', '')}",
        }
    )
    return env
