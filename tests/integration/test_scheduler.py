"""A real Airflow deployment, without Docker: PostgreSQL metadata, API server, scheduler, DAG processor.

The LocalExecutor runs up to 4 task processes at once, so the tasks that write
`warehouse.duckdb` (land, extract, the gates, the dbt build, publish) could run side
by side; the one-slot `duckdb_writer` pool is what keeps them from failing with
`Could not set lock on file`. The test triggers
provind_nightly through the REST API (v2, JWT from the simple auth manager) as a
user would, waits for it and for the Asset-triggered provind_report run, checks the
marts and the report, then runs the dbt build on the PostgreSQL target of the same
server. Every process it starts is its own process group, stopped by PID.

The deployment and the nightly run are the package-scoped fixtures of
`tests/integration/conftest.py` (helpers in `airflow_deployment.py`), shared with
`test_scheduler_backfill.py`, which backfills past nights on the same deployment.
"""

from __future__ import annotations

import itertools
import os
import subprocess
import time
from datetime import datetime
from pathlib import Path

import duckdb
import pytest
import requests

from tests.conftest import ROOT
from tests.integration.airflow_deployment import LOCK_ERROR, MARTS, VENV_BIN
from tests.pg import pg_bindir

pytestmark = [
    pytest.mark.integration,
    pytest.mark.timeout(900),
    pytest.mark.skipif(pg_bindir() is None, reason="Debian's postgresql is missing (make test installs it)"),
]


def test_nightly_run_succeeds_under_the_real_scheduler(nightly):
    # record_failure runs only when something failed: on a good night it is skipped
    failed = [
        (t["task_id"], t["map_index"], t["state"])
        for t in nightly["tis"]
        if t["state"] != "success" and (t["task_id"], t["state"]) != ("record_failure", "skipped")
    ]
    assert nightly["state"] == "success", f"tasks not successful: {failed}"
    assert not failed
    assert nightly["nightly_runs"] == [nightly["run_id"]], "the triggered run is the only run"
    dbt_tasks = [t["task_id"] for t in nightly["tis"] if "dbt" in t["task_id"]]
    assert dbt_tasks == ["dbt_build"], "the dbt project runs as one cosmos `dbt build` task"


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
