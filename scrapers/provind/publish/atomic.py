"""Publish the audited marts into `marts.duckdb` in one atomic step.

The new database is built beside the old one under a temporary name and then
renamed over it. A BI tool that already has the old file open keeps reading a
consistent old version (its inode lives on); a new connection sees the new one;
a crash before the rename leaves the old file untouched.

Two publications:

- `publish`: a run that passed its gates. The `marts` and `meta` schemas come from
  the warehouse, and the run's own row of `meta.runs` is marked published inside
  the new file, so the file that is swapped in says so and no other file does.
- `publish_meta`: a run that failed. Only `meta` comes from the warehouse (the
  failure recorded in `meta.runs`, its gate results); the `marts` schema is copied
  from the file published now, so yesterday's marts stay exactly as they were.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import duckdb

from provind import config
from provind.warehouse import scalar

PUBLISHED_SCHEMAS = ("marts", "meta")


def publish(
    warehouse: Path | None = None,
    target: Path | None = None,
    *,
    run_id: str | None = None,
    published_at: datetime | None = None,
) -> dict[str, int]:
    """Copy the `marts` and `meta` schemas of the warehouse into a fresh file and swap it in.

    With `run_id`, that run's row of `meta.runs` reads status 'published' (at `published_at`)
    in the new file. Returns the row count of every published table, keyed `schema.table`.
    """
    warehouse = warehouse or config.warehouse_path()
    target = target or config.marts_path()
    mark = (run_id, published_at) if run_id else None
    return _build_and_swap(warehouse, target, {"marts": "warehouse", "meta": "warehouse"}, mark)


def publish_meta(warehouse: Path | None = None, target: Path | None = None) -> dict[str, int]:
    """Publish the warehouse's `meta` schema beside the `marts` already published, which stay as they are.

    For a run that failed: its failure becomes visible in the published `meta.runs`
    without today's (unaudited) marts reaching anyone.
    """
    warehouse = warehouse or config.warehouse_path()
    target = target or config.marts_path()
    return _build_and_swap(warehouse, target, {"marts": "published", "meta": "warehouse"}, None)


def _build_and_swap(
    warehouse: Path, target: Path, origin: dict[str, str], mark: tuple[str, datetime | None] | None
) -> dict[str, int]:
    """Build the new file from each schema's origin ('warehouse' or the 'published' file) and swap it in."""
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
    # That shared instance outlives this connection, so whatever is attached here is detached
    # here too, even on failure: a file left attached could not be attached or opened again.
    con = duckdb.connect(str(warehouse))
    attached: list[str] = []
    try:
        con.execute("SET enable_progress_bar = false")  # a slow copy must not draw bars into task logs
        con.execute(f"ATTACH '{tmp}' AS publishing")
        attached.append("publishing")
        catalogs = {"warehouse": scalar(con, "SELECT current_database()")}
        if "published" in origin.values() and target.exists():
            con.execute(f"ATTACH '{target}' AS published_now (READ_ONLY)")
            attached.append("published_now")
            catalogs["published"] = "published_now"
        for schema in PUBLISHED_SCHEMAS:
            catalog = catalogs.get(origin[schema])
            if catalog is not None:
                counts.update(_copy_schema(con, catalog, schema))
        if mark and "meta.runs" in counts:
            con.execute(
                "UPDATE publishing.meta.runs SET status = 'published', published_at = ? WHERE run_id = ?",
                [mark[1], mark[0]],
            )
        con.execute("CHECKPOINT publishing")
    finally:
        for name in reversed(attached):
            con.execute(f"DETACH {name}")
        con.close()
    if origin["marts"] == "warehouse" and not any(name.startswith("marts.") for name in counts):
        tmp.unlink(missing_ok=True)
        raise RuntimeError(f"the warehouse {warehouse} has no marts tables: nothing published")

    fsync(tmp)
    os.replace(tmp, target)  # the atomic step
    fsync(target.parent)
    return counts


def _copy_schema(con: duckdb.DuckDBPyConnection, catalog: str, schema: str) -> dict[str, int]:
    """Copy every table (and view, as a table) of `catalog.schema` into the file being built."""
    tables = con.execute(
        "SELECT table_name FROM information_schema.tables"
        " WHERE table_catalog = ? AND table_schema = ? ORDER BY table_name",
        [catalog, schema],
    ).fetchall()
    if tables:
        con.execute(f"CREATE SCHEMA IF NOT EXISTS publishing.{schema}")
    counts = {}
    for (table,) in tables:
        name = f'publishing.{schema}."{table}"'
        con.execute(f'CREATE TABLE {name} AS SELECT * FROM "{catalog}".{schema}."{table}"')
        counts[f"{schema}.{table}"] = scalar(con, f"SELECT count(*) FROM {name}")
    return counts


def fsync(path: Path) -> None:
    """Flush a file or directory to disk so that the rename survives a power cut."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
