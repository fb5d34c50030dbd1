"""A dbt build killed with SIGKILL half-way loses nothing: the next build and publish give the same marts.

The other steps are covered by `test_crash_recovery.py` (crawl, land, extract) and
`test_run_status.py` / `test_publish.py` (publish). Here the demo night is crawled, landed,
extracted and gated in-process, then `provind pipeline dbt` (the nightly's `dbt build`) runs
as a real process and is killed once dbt has started writing models. A second build runs to
the end, is published, and must equal a third build: nothing half-built survives, nothing twice.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from tests.conftest import demo_pipeline_env

ROOT = Path(__file__).resolve().parents[2]
PROVIND = Path(sys.executable).parent / "provind"

# runs dbt build as a process and kills it
pytestmark = [pytest.mark.integration, pytest.mark.timeout(900)]

FACTS = "SELECT count(*), count(DISTINCT mention_id) FROM {db}.marts.fct_indicator_observation"
ARTICLES = "SELECT count(*), count(DISTINCT article_id) FROM {db}.marts.dim_article"


def _env(data: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PROVIND_WAREHOUSE", "PROVIND_RUN_ID")}
    env["PROVIND_DATA_DIR"] = str(data)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT / "scrapers"), str(ROOT / "expectations"), str(ROOT), env.get("PYTHONPATH", "")]
    )
    return env


def _build(data: Path, run_id: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(PROVIND), "pipeline", "dbt", "--run-id", run_id],
        capture_output=True,
        text=True,
        env=_env(data),
        timeout=600,
    )


def _counts(path: Path) -> tuple[tuple, tuple]:
    with duckdb.connect(str(path), read_only=True) as con:
        db = path.stem  # the catalog is named after the file: warehouse, or marts (whose schema is marts too)
        return con.execute(FACTS.format(db=db)).fetchone(), con.execute(ARTICLES.format(db=db)).fetchone()


def test_a_build_killed_half_way_is_rebuilt_whole(tmp_path: Path) -> None:
    from provind import gates
    from provind.publish import step as publish_step

    data = tmp_path / "data"
    with demo_pipeline_env(data, "night-1"):
        raw_gate = gates.gate_raw("night-1")

    proc = subprocess.Popen(
        [str(PROVIND), "pipeline", "dbt", "--run-id", "night-1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=_env(data),
    )
    try:
        deadline = time.monotonic() + 300
        written = False
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            if " OK created " in line or "OK loaded seed" in line:
                written = True  # dbt has written to the warehouse: kill it in the middle of the build
                break
        assert written, "dbt never started writing"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signal.SIGKILL

    rebuilt = _build(data, "night-1")
    assert rebuilt.returncode == 0, rebuilt.stdout[-4000:] + rebuilt.stderr[-2000:]
    warehouse = data / "warehouse.duckdb"
    after_crash = _counts(warehouse)
    (facts, distinct_facts), (articles, distinct_articles) = after_crash
    assert facts > 0 and facts == distinct_facts, "every figure once"
    assert articles > 0 and articles == distinct_articles

    with demo_pipeline_env(data, "night-1", steps=()):
        summary = publish_step.finish_run("night-1", "2026-01-01", {"gates": [*raw_gate, *gates.gate_marts("night-1")]})
    assert summary["status"] == "published"
    assert _counts(data / "marts.duckdb") == after_crash

    again = _build(data, "night-2")  # an unchanged night after the crash: the same marts
    assert again.returncode == 0, again.stdout[-4000:]
    assert _counts(warehouse) == after_crash
