"""`provind pipeline dbt`: the nightly's `dbt build`, by hand, on a real warehouse."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from tests.dbt.sample_warehouse import create_warehouse

# runs `provind pipeline dbt` (dbt build) as a process
pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
PROVIND = Path(sys.executable).parent / "provind"


def _pipeline_dbt(data_dir: Path, run_id: str) -> tuple[int, dict, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PROVIND_WAREHOUSE", "PROVIND_RUN_ID")}
    env["PROVIND_DATA_DIR"] = str(data_dir)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT / "scrapers"), str(ROOT / "expectations"), str(ROOT), env.get("PYTHONPATH", "")]
    )
    proc = subprocess.run(
        [str(PROVIND), "pipeline", "dbt", "--run-id", run_id], capture_output=True, text=True, env=env, timeout=600
    )
    lines = proc.stdout.splitlines()
    start = max(i for i, line in enumerate(lines) if line == "{")  # dbt's own log comes first
    return proc.returncode, json.loads("\n".join(lines[start:])), proc.stdout + proc.stderr


def test_dbt_step_builds_the_marts_in_the_data_dir(tmp_path: Path) -> None:
    data = tmp_path / "data"
    create_warehouse(data / "warehouse.duckdb")
    manifest = ROOT / "dbt_project" / "target" / "manifest.json"
    before = manifest.stat().st_mtime_ns if manifest.exists() else None

    status, result, output = _pipeline_dbt(data, "cli-dbt-1")

    assert status == 0, output
    assert result["success"] is True and result["nodes"].get("success", 0) > 0, result
    assert not {"error", "fail"} & set(result["nodes"]), result
    con = duckdb.connect(str(data / "warehouse.duckdb"), read_only=True)
    try:
        assert con.execute("select count(*) from marts.fct_indicator_observation").fetchone()[0] > 0
        recorded = con.execute("select count(*) from meta.dbt_results where run_id = 'cli-dbt-1'").fetchone()[0]
        unit_tests = con.execute("select count(*) from meta.dbt_results where resource_type = 'unit_test'").fetchone()
    finally:
        con.close()
    assert recorded >= result["nodes"]["success"] + result["nodes"]["pass"]  # under the run id given
    assert unit_tests[0] == 0  # as in the nightly: unit tests are CI's
    # dbt's artefacts stay in the data directory; the checkout's parsed project is untouched.
    assert (data / "state" / "dbt-cli" / "target" / "run_results.json").exists()
    assert (manifest.stat().st_mtime_ns if manifest.exists() else None) == before


def test_dbt_step_failure_exits_1_with_the_reason(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    duckdb.connect(str(data / "warehouse.duckdb")).close()  # no raw tables: the staging models fail

    status, result, output = _pipeline_dbt(data, "cli-dbt-2")

    assert status == 1, output
    assert result["success"] is False
    assert result["nodes"].get("error", 0) > 0, result
    assert "Traceback" not in output
