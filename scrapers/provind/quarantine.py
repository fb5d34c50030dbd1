"""What gate 1 holds back (`raw.quarantine`), and releasing it on purpose.

A row of `raw.quarantine` is one hold: a raw row, the check that holds it, why,
and since which run. Its `level` says what kind of hold it is:

- `row`: the row itself failed a row-level check (a 150% rate, a negative count).
  The gate re-validates every row each run and releases a row that passes again.
- `batch`: the row belongs to a batch that failed a batch-level check (too large a
  share of the night's figures failed their row checks), so the whole batch is held,
  good rows included. Every run reviews the held batch again together with its own
  new rows: it stays held, and the run fails again, until enough of its rows are
  fixed or someone releases it on purpose.

A deliberate release (`provind quarantine release`) records who, why and when
(`released_by`, `release_reason`, `released_at`) and the row's content at that
moment (`row_hash`). It is sticky: later runs leave the row released even though
the check still fails it, until the row's content changes (a re-extraction that
yields a different figure), which makes it a new row to judge.

dbt's staging leaves out every row with an unreleased hold, whatever its level.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import duckdb

from provind.warehouse import scalar

log = logging.getLogger(__name__)

# The fields that make a mention's content: a change to any of them is a different figure.
CONTENT_FIELDS = ("article_id", "quote", "value", "unit", "kind", "approx", "is_target", "region_code", "period")
ROW_HASH_SQL = "md5(concat_ws('|', {}))".format(
    ", ".join(f"coalesce(CAST(m.{f} AS VARCHAR), '<null>')" for f in (*CONTENT_FIELDS, "indicator"))
)

# Every hold with the figure it holds back: what `provind quarantine list` shows and
# `meta.quarantine` publishes.
DETAIL_SQL = """
    SELECT q.table_name, q.row_id, q.check_name, q.level, q.reason,
           q.first_run_id, q.last_run_id, q.quarantined_at,
           q.released_at, q.released_run_id, q.released_by, q.release_reason,
           m.article_id, a.url AS article_url, m.quote, m.value, m.unit, m.kind, m.region_code, m.period
    FROM raw.quarantine q
    LEFT JOIN raw.mentions m ON q.table_name = 'mentions' AND m.mention_id = q.row_id
    LEFT JOIN raw.articles a ON a.article_id = m.article_id
"""


class NothingToRelease(LookupError):
    """No held row matches what was asked to be released."""


def now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


@contextmanager
def frame(con: duckdb.DuckDBPyConnection, name: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]):
    """Rows as a relation `name` for one bulk statement: one statement per row is far too slow in DuckDB."""
    import pandas as pd

    con.register(name, pd.DataFrame(list(rows), columns=list(columns), dtype=object))
    try:
        yield name
    finally:
        con.unregister(name)


def row_hashes(con: duckdb.DuckDBPyConnection, table: str = "mentions") -> dict[str, str]:
    """The content fingerprint of every row of a raw table that can be held (mentions only, so far)."""
    if table != "mentions":
        return {}
    try:
        return dict(con.execute(f"SELECT m.mention_id, {ROW_HASH_SQL} FROM raw.mentions m").fetchall())
    except duckdb.Error as exc:  # a broken schema is for the gate's column checks to name, not to crash on
        log.error("raw.mentions cannot be fingerprinted: %s", exc)
        return {}


def has_quarantine(con: duckdb.DuckDBPyConnection) -> bool:
    return bool(
        scalar(
            con,
            "SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database()"
            " AND schema_name = 'raw' AND table_name = 'quarantine'",
        )
    )


def refresh_published_view(con: duckdb.DuckDBPyConnection) -> None:
    """`meta.quarantine`: every hold, current or released, with its figure and its release, for analysts."""
    con.execute("CREATE SCHEMA IF NOT EXISTS meta")
    con.execute(f"CREATE OR REPLACE TABLE meta.quarantine AS {DETAIL_SQL} ORDER BY q.quarantined_at, q.row_id")


def holds(
    con: duckdb.DuckDBPyConnection,
    *,
    check: str | None = None,
    article: str | None = None,
    run: str | None = None,
    rows: Sequence[str] = (),
    released: bool = False,
) -> list[dict[str, Any]]:
    """The holds matching every filter given: current ones, or with `released` every one ever made.

    `article` matches an article id or URL; `run` the run that raised the hold or last confirmed it.
    """
    if not has_quarantine(con):
        return []
    where, params = _filters(check=check, article=article, run=run, rows=rows)
    if not released:
        where.append("q.released_at IS NULL")
    sql = f"{DETAIL_SQL} WHERE {' AND '.join(where) or 'true'} ORDER BY q.check_name, a.url, q.row_id"
    cursor = con.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def release(
    con: duckdb.DuckDBPyConnection,
    *,
    by: str,
    why: str,
    check: str | None = None,
    article: str | None = None,
    run: str | None = None,
    rows: Sequence[str] = (),
) -> Counter[str]:
    """Release the current holds matching every filter given, recording who, why and when.

    `run` alone selects the batch hold that run raised (a rejected batch accepted as it is);
    with `check` it selects that check's holds raised or confirmed by the run, rows included.
    Returns the number of holds released, by check.
    """
    if not (check or article or run or rows):
        raise ValueError("say what to release: a check, an article, a run or row ids")
    if not by.strip() or not why.strip():
        raise ValueError("a release needs who (--by) and why (--why)")
    selected = holds(con, check=check, article=article, run=run, rows=rows)
    if run and not check:
        selected = [h for h in selected if h["level"] == "batch"]
    if not selected:
        raise NothingToRelease(_nothing_matched(con))
    hashes = row_hashes(con)
    keys = [(h["table_name"], h["row_id"], h["check_name"], hashes.get(h["row_id"])) for h in selected]
    with frame(con, "released_holds", ("table_name", "row_id", "check_name", "row_hash"), keys) as f:
        con.execute(
            f"""
            UPDATE raw.quarantine AS q
            SET released_at = ?, released_run_id = NULL, released_by = ?, release_reason = ?,
                row_hash = CAST(f.row_hash AS VARCHAR)
            FROM {f} AS f
            WHERE q.table_name = f.table_name AND q.row_id = f.row_id AND q.check_name = f.check_name
              AND q.released_at IS NULL
            """,
            [now(), by.strip(), why.strip()],
        )
    refresh_published_view(con)
    return Counter(h["check_name"] for h in selected)


def _filters(
    *, check: str | None, article: str | None, run: str | None, rows: Iterable[str]
) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    if check:
        where.append("q.check_name = ?")
        params.append(check)
    if article:
        where.append("(m.article_id = ? OR a.url = ?)")
        params += [article, article]
    if run:
        where.append("(q.first_run_id = ? OR q.last_run_id = ?)")
        params += [run, run]
    rows = list(rows)
    if rows:
        where.append(f"q.row_id IN ({', '.join('?' for _ in rows)})")
        params += rows
    return where, params


def _nothing_matched(con: duckdb.DuckDBPyConnection) -> str:
    held = Counter(h["check_name"] for h in holds(con))
    if not held:
        return "nothing is held"
    return "no held row matches; held now: " + ", ".join(f"{name} ({n})" for name, n in sorted(held.items()))
