"""Publish the audited marts into `marts.duckdb` in one atomic step.

The new database is built beside the old one under a temporary name and then
renamed over it. A BI tool that already has the old file open keeps reading a
consistent old version (its inode lives on); a new connection sees the new one;
a crash before the rename leaves the old file untouched.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from provind import config

PUBLISHED_SCHEMAS = ("marts", "meta")


def publish(warehouse: Path | None = None, target: Path | None = None) -> dict[str, int]:
    """Copy the `marts` and `meta` schemas of the warehouse into a fresh file and swap it in.

    Returns the row count of every published table, keyed `schema.table`.
    """
    warehouse = warehouse or config.warehouse_path()
    target = target or config.marts_path()
    if not warehouse.exists():
        raise FileNotFoundError(f"no warehouse to publish from: {warehouse}")
    # Publications are serialised (one-slot pool), so any temporary file here is the remains
    # of a publisher that was killed half-way: the old marts are intact, the remains can go.
    for leftover in target.parent.glob(f".{target.name}.*.tmp*"):
        leftover.unlink(missing_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")

    counts: dict[str, int] = {}
    # Connect to the warehouse and attach the new file, not the other way round: in a process
    # that already has the warehouse open (dbt-duckdb in `airflow dags test`), DuckDB shares that
    # instance, whereas attaching the warehouse a second time would be refused.
    con = duckdb.connect(str(warehouse))
    try:
        con.execute("SET enable_progress_bar = false")  # a slow copy must not draw bars into task logs
        con.execute(f"ATTACH '{tmp}' AS publishing")
        source_catalog = con.execute("SELECT current_database()").fetchone()[0]
        for schema in PUBLISHED_SCHEMAS:
            tables = con.execute(
                "SELECT table_name FROM information_schema.tables"
                " WHERE table_catalog = ? AND table_schema = ? ORDER BY table_name",
                [source_catalog, schema],
            ).fetchall()
            if tables:
                con.execute(f"CREATE SCHEMA IF NOT EXISTS publishing.{schema}")
            for (table,) in tables:
                name = f'publishing.{schema}."{table}"'
                con.execute(f'CREATE TABLE {name} AS SELECT * FROM "{source_catalog}".{schema}."{table}"')
                counts[f"{schema}.{table}"] = con.execute(f"SELECT count(*) FROM {name}").fetchone()[0]
        con.execute("CHECKPOINT publishing")
        con.execute("DETACH publishing")
    finally:
        con.close()
    if not any(name.startswith("marts.") for name in counts):
        tmp.unlink(missing_ok=True)
        raise RuntimeError(f"the warehouse {warehouse} has no marts tables: nothing published")

    _fsync(tmp)
    os.replace(tmp, target)  # the atomic step
    _fsync(target.parent)
    return counts


def _fsync(path: Path) -> None:
    """Flush a file or directory to disk so that the rename survives a power cut."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
