"""Fixtures for the dbt project tests: a scratch warehouse with the raw tables
and sample rows (tests/dbt/sample_warehouse.py), and a runner for the real
`dbt` CLI with target, log and target paths kept in tmp so that parallel runs
do not collide."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pytest

from tests.dbt.sample_warehouse import SAMPLE_INDICATORS, create_warehouse

REPO = Path(__file__).resolve().parents[2]
PROJECT = REPO / "dbt_project"
DBT = Path(sys.executable).with_name("dbt")
STAR = ["fct_indicator_observation", "dim_region", "dim_indicator", "dim_period", "dim_date", "dim_article"]
BI_MARTS = ["mart_indicator_time_series", "mart_latest_indicator_value", "mart_city_comparison"]
MARTS = STAR + BI_MARTS


@dataclass
class Dbt:
    project_dir: Path
    warehouse: Path
    work: Path
    target: str = "duckdb"
    env: dict[str, str] = field(default_factory=dict)

    def __call__(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        env = {
            **os.environ,
            "PROVIND_WAREHOUSE": str(self.warehouse),
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
            **self.env,
        }
        cmd = [
            str(DBT),
            *args,
            "--profiles-dir",
            str(self.project_dir),
            "--project-dir",
            str(self.project_dir),
            "--target",
            self.target,
            "--target-path",
            str(self.work / "target"),
            "--log-path",
            str(self.work / "logs"),
        ]
        proc = subprocess.run(cmd, cwd=self.project_dir, env=env, capture_output=True, text=True, timeout=300)
        if check and proc.returncode != 0:
            raise AssertionError(
                f"{' '.join(args)} failed ({proc.returncode}):\n{proc.stdout[-6000:]}\n{proc.stderr[-2000:]}"
            )
        return proc

    def query(self, sql: str) -> list[tuple]:
        con = duckdb.connect(str(self.warehouse), read_only=True)
        try:
            return con.execute(sql).fetchall()
        finally:
            con.close()


def project_dir(tmp: Path) -> Path:
    """The real project; or, while the extractor's catalog
    (scrapers/provind/reference/indicators.csv) does not exist yet, a copy of it
    with a small sample catalog, so the models can still be tested."""
    if (PROJECT / "seeds" / "indicators.csv").exists():
        return PROJECT
    copy = tmp / "dbt_project"
    shutil.copytree(PROJECT, copy, symlinks=True, ignore=shutil.ignore_patterns("target", "logs", "dbt_packages"))
    (copy / "seeds" / "indicators.csv").unlink()
    (copy / "seeds" / "indicators.csv").write_text(SAMPLE_INDICATORS, encoding="utf-8")
    regions = copy / "seeds" / "regions.csv"
    target = (PROJECT / "seeds" / "regions.csv").resolve()
    regions.unlink()
    regions.symlink_to(target)
    return copy


@pytest.fixture(scope="session")
def dbt_factory(tmp_path_factory):
    def make(name: str, batch: int | None = 1) -> Dbt:
        work = tmp_path_factory.mktemp(name)
        warehouse = work / "warehouse.duckdb"
        if batch is not None:
            create_warehouse(warehouse, batch=batch)
        return Dbt(project_dir(work), warehouse, work)

    return make


def mart_contents(dbt: Dbt) -> dict[str, list[tuple]]:
    return {m: sorted(dbt.query(f"select * from marts.{m}"), key=repr) for m in MARTS}
