"""Fixtures for the integration tests: marts published by one real pipeline run.

`published_marts` runs the nightly DAG once with `airflow dags test` (what `make run`
does) against the demo site, in a private data dir and Airflow home, and is shared
by the BI and report tests of a session.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT, pipeline_env, start_demo_site, stop_process


@pytest.fixture(scope="session")
def published_marts(tmp_path_factory) -> Iterator[Path]:
    base = tmp_path_factory.mktemp("published")
    proc, url = start_demo_site()
    try:
        env = pipeline_env(base / "data", base / "airflow", url)
        setup_script = str(ROOT / "scripts/airflow-setup.sh")
        setup = subprocess.run([setup_script], env=env, capture_output=True, text=True)
        assert setup.returncode == 0, setup.stdout + setup.stderr
        run = subprocess.run(
            ["airflow", "dags", "test", "provind_nightly"],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=900,
        )
        assert run.returncode == 0, run.stdout[-5000:] + run.stderr[-5000:]
    finally:
        stop_process(proc)
    marts = base / "data" / "marts.duckdb"
    assert marts.exists()
    yield marts
