"""Extraction jobs and their cursor in `meta.reextract_progress`: what makes the step resumable.

A job is a scope (`ALL` articles, or those `PENDING` for this extractor version)
read in key order by keyset pagination on `article_id` (`job_batches`). Each batch's
rows are written in one transaction with the job's cursor (`write_batch`), so a
run killed at any point carries on after the last committed batch; `jobs_to_run`
picks up an unfinished job, or supersedes it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from provind import warehouse
from provind.reextract.batch import ARTICLE_COLUMNS, MENTION_COLUMNS, BatchResult

if TYPE_CHECKING:
    import duckdb

# The scopes of an extraction job: which articles it reads.
ALL = "all"  # every article: a re-extraction asked for
PENDING = "pending"  # the articles without mentions of this extractor version


@dataclass
class Job:
    job_id: str
    scope: str
    articles_total: int
    articles_done: int
    last_article_id: str

    @property
    def resumed(self) -> bool:
        return self.articles_done > 0


def jobs_to_run(con: duckdb.DuckDBPyConnection, run_id: str, version: str, everything: bool) -> Iterator[Job]:
    """The jobs this call runs, in order: an unfinished re-extraction of everything first, then the pending."""
    unfinished = con.execute(
        "SELECT job_id, extractor_version, scope, run_id, articles_total, articles_done, last_article_id"
        " FROM meta.reextract_progress WHERE status = 'running' ORDER BY started_at"
    ).fetchall()
    resumable = {}
    for job_id, job_version, scope, job_run, total, done, cursor in unfinished:
        # A re-extraction of everything asked for is owed until done; the pending articles of a
        # killed run are simply pending again for another run (they have no mentions of this version).
        if job_version == version and (scope == ALL or (job_run == run_id and not everything)):
            resumable[scope] = Job(job_id, scope, total, done, cursor)
    for job_id, *_ in unfinished:
        if job_id not in {j.job_id for j in resumable.values()}:
            finish(con, job_id, "superseded")
    # Yielded one at a time: the pending articles are counted once the re-extraction before them is done.
    if everything or ALL in resumable:
        yield resumable.get(ALL) or _new_job(con, ALL, run_id, version)
    if not everything:
        yield resumable.get(PENDING) or _new_job(con, PENDING, run_id, version)


def _new_job(con: duckdb.DuckDBPyConnection, scope: str, run_id: str, version: str) -> Job:
    now = utcnow()
    where, params = _scope_filter(scope, version)
    total = warehouse.scalar(con, f"SELECT count(*) FROM raw.articles a {where}", params)
    job = Job(warehouse.key(scope, version, run_id, now.isoformat()), scope, total, 0, "")
    con.execute(
        "INSERT INTO meta.reextract_progress VALUES (?, ?, ?, ?, 'running', ?, ?, NULL, ?, 0, 0, 0, 0, '')",
        [job.job_id, version, scope, run_id, now, now, total],
    )
    return job


def finish(con: duckdb.DuckDBPyConnection, job_id: str, status: str) -> None:
    con.execute(
        "UPDATE meta.reextract_progress SET status = ?, finished_at = ?, updated_at = ? WHERE job_id = ?",
        [status, utcnow(), utcnow(), job_id],
    )


def _scope_filter(scope: str, version: str) -> tuple[str, list[Any]]:
    if scope == ALL:
        return "WHERE true", []
    return "WHERE a.article_id NOT IN (SELECT article_id FROM raw.mentions WHERE extractor_version = ?)", [version]


def job_batches(con: duckdb.DuckDBPyConnection, job: Job, version: str, size: int) -> Iterator[list[tuple]]:
    """The job's articles after its cursor, `size` at a time in key order (keyset pagination).

    Each batch is its own query, after the previous batch's read: a write in between is safe,
    and only one batch's texts and page bodies are held per call.
    """
    where, params = _scope_filter(job.scope, version)
    cursor = job.last_article_id
    while True:
        batch = con.execute(
            f"""
            SELECT {ARTICLE_COLUMNS}
            FROM raw.articles a LEFT JOIN raw.pages p ON p.url = a.url AND p.content_hash = a.content_hash
            {where} AND a.article_id > ?
            ORDER BY a.article_id
            LIMIT ?
            """,
            [*params, cursor, size],
        ).fetchall()
        if not batch:
            return
        cursor = batch[-1][0]
        yield batch


def write_batch(con: duckdb.DuckDBPyConnection, job: Job, ids: list[str], result: BatchResult) -> None:
    """Replace the batch's mentions and move the job's cursor past it, in one transaction."""
    import pandas as pd

    rows = pd.DataFrame(result.columns, columns=MENTION_COLUMNS)
    con.execute("BEGIN")
    try:
        con.execute("DELETE FROM raw.mentions WHERE article_id IN (SELECT unnest(?::VARCHAR[]))", [ids])
        if len(rows):
            con.register("batch_mentions", rows)
            select = ", ".join(f"CAST({c} AS {t}) AS {c}" for c, t in _mention_types(con).items())
            con.execute(f"INSERT INTO raw.mentions BY NAME SELECT {select} FROM batch_mentions ON CONFLICT DO NOTHING")
            con.unregister("batch_mentions")
        con.execute(
            "UPDATE meta.reextract_progress SET last_article_id = ?, articles_done = articles_done + ?,"
            " chars_done = chars_done + ?, mentions = mentions + ?, table_cells = table_cells + ?, updated_at = ?"
            " WHERE job_id = ?",
            [ids[-1], len(ids), result.chars, result.mentions, result.table_cells, utcnow(), job.job_id],
        )
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    job.last_article_id = ids[-1]
    job.articles_done += len(ids)


def _mention_types(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    types = dict(
        con.execute(
            "SELECT column_name, data_type FROM information_schema.columns"
            " WHERE table_schema = 'raw' AND table_name = 'mentions'"
        ).fetchall()
    )
    return {c: types[c] for c in MENTION_COLUMNS}


def utcnow() -> datetime:
    """Now, as the warehouse stores times: UTC without a zone (the step and `reparse` read it here)."""
    return datetime.now(UTC).replace(tzinfo=None)
