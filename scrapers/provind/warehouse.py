"""The pipeline's own DuckDB database: the immutable `raw` schema and its idempotent loaders.

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

RAW_DDL = """
CREATE SCHEMA IF NOT EXISTS raw;

CREATE TABLE IF NOT EXISTS raw.pages (
    url           VARCHAR NOT NULL,
    content_hash  VARCHAR NOT NULL,
    source        VARCHAR NOT NULL,
    fetched_at    TIMESTAMP NOT NULL,
    http_status   INTEGER,
    content_type  VARCHAR,
    encoding      VARCHAR,
    body_gz       BLOB NOT NULL,
    PRIMARY KEY (url, content_hash)
);

CREATE TABLE IF NOT EXISTS raw.fetch_log (
    fetch_id      VARCHAR PRIMARY KEY,
    run_id        VARCHAR NOT NULL,
    source        VARCHAR NOT NULL,
    url           VARCHAR NOT NULL,
    kind          VARCHAR,
    fetched_at    TIMESTAMP NOT NULL,
    http_status   INTEGER,
    outcome       VARCHAR NOT NULL,
    error         VARCHAR,
    attempts      INTEGER,
    bytes         BIGINT,
    content_hash  VARCHAR
);

CREATE TABLE IF NOT EXISTS raw.articles (
    article_id          VARCHAR PRIMARY KEY,
    url                 VARCHAR NOT NULL,
    source              VARCHAR NOT NULL,
    publisher           VARCHAR,
    source_region_code  VARCHAR,
    title               VARCHAR,
    published           DATE,
    language            VARCHAR,
    content_hash        VARCHAR NOT NULL,
    body_text           VARCHAR NOT NULL,
    clean_text          VARCHAR NOT NULL,
    fetched_at          TIMESTAMP NOT NULL,
    loaded_at           TIMESTAMP NOT NULL,
    run_id              VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS raw.mentions (
    mention_id         VARCHAR PRIMARY KEY,
    article_id         VARCHAR NOT NULL,
    seq                INTEGER NOT NULL,
    start_offset       INTEGER NOT NULL,
    end_offset         INTEGER NOT NULL,
    quote              VARCHAR NOT NULL,
    sentence           VARCHAR,
    subject            VARCHAR,
    value              DECIMAL(38, 6),
    unit               VARCHAR,
    kind               VARCHAR,
    approx             VARCHAR,
    is_target          BOOLEAN,
    region             VARCHAR,
    region_code        VARCHAR,
    period             VARCHAR,
    indicator          VARCHAR,
    extractor_version  VARCHAR NOT NULL,
    extracted_at       TIMESTAMP NOT NULL,
    run_id             VARCHAR,
    region_source      VARCHAR  -- text | title | publisher | successor | unresolved (NULL: a table cell)
);
-- Every other URL an article was found under (a pinned `?from=index` copy, a page whose
-- rel=canonical names the article, the same text at a second path): one article, one row.
CREATE TABLE IF NOT EXISTS raw.article_urls (
    source       VARCHAR NOT NULL,
    url          VARCHAR NOT NULL,
    article_url  VARCHAR NOT NULL,   -- raw.articles.url (every version of the article)
    first_seen   TIMESTAMP NOT NULL,
    run_id       VARCHAR NOT NULL,
    PRIMARY KEY (source, url)
);

-- Added after the first release: databases created before it get the columns here.
ALTER TABLE raw.mentions ADD COLUMN IF NOT EXISTS run_id VARCHAR;
ALTER TABLE raw.mentions ADD COLUMN IF NOT EXISTS region_source VARCHAR;
"""


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
