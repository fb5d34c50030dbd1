"""The pipeline's own DuckDB database: connections and idempotent loaders (the tables: `provind.schema`).

Keys come from content (URL + content hash, article + offset) and every load is an
`INSERT ... ON CONFLICT DO NOTHING` (or a replace of one article's rows), so loading
the same thing twice changes nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb

from provind import config
from provind.schema import RAW_DDL


def key(*parts: object) -> str:
    """A stable 16-hex-digit key from content: the same parts always give the same key."""
    joined = "|".join("" if p is None else str(p) for p in parts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:16]


@contextmanager
def connect(path: Path | None = None, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open the warehouse (creating the raw schema on first write) and always close it.

    DuckDB allows one writing process per file, so connections are short-lived:
    a task opens, writes and closes, leaving the file free for the next writer.
    """
    path = path or config.warehouse_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path), read_only=read_only)
    try:
        con.execute("SET enable_progress_bar = false")  # a slow query must not draw bars into task logs
        if not read_only:
            con.execute(RAW_DDL)
        yield con
    finally:
        con.close()


def scalar(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> Any:
    """The one value of a query that always returns one row (`count(*)`, `current_database()`)."""
    row = con.execute(sql, params or []).fetchone()
    if row is None:
        raise LookupError(f"no row from {sql}")
    return row[0]


def insert_ignore(con: duckdb.DuckDBPyConnection, table: str, rows: Iterable[dict[str, Any]]) -> int:
    """Insert rows whose key is new; rows already present are left as they are. Returns rows added."""
    rows = list(rows)
    if not rows:
        return 0
    columns = list(rows[0])
    before = scalar(con, f"SELECT count(*) FROM {table}")
    placeholders = ", ".join("?" for _ in columns)
    con.executemany(
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders}) ON CONFLICT DO NOTHING",
        [[row[c] for c in columns] for row in rows],
    )
    return scalar(con, f"SELECT count(*) FROM {table}") - before


def table_counts(con: duckdb.DuckDBPyConnection, schema: str) -> dict[str, int]:
    """Row count of every table in a schema, for summaries and run metadata."""
    tables = con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = ? AND table_type = 'BASE TABLE'"
        " ORDER BY table_name",
        [schema],
    ).fetchall()
    return {name: scalar(con, f'SELECT count(*) FROM "{schema}"."{name}"') for (name,) in tables}
