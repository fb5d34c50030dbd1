"""The extract step at scale: articles streamed in batches, extracted on every core, resumable.

One code path serves the nightly's extract (the articles this extractor version has not yet
extracted: after a change of the extractor's fingerprint, all of them) and a re-extraction
asked for (`provind reprocess`, the DAG's `reextract` param: every article):

- articles are read in batches of `PROVIND_EXTRACT_BATCH` (2,000) by keyset pagination on
  `article_id`, so no more than a few batches of texts and page bodies are ever in memory;
- a process pool of `PROVIND_EXTRACT_WORKERS` (default: the machine's cores) extracts the
  batches, while this process, the warehouse's one writer (DuckDB allows one), reads the next
  batches and writes the results in key order: the rows are those of a single-process run;
- each batch is written in one transaction with the job's cursor in `meta.reextract_progress`,
  so a run killed at any point continues after the last committed batch when run again;
- a progress line goes to the log every `PROVIND_EXTRACT_LOG_SECONDS` (30): articles done of
  the total, articles/s, characters/s, and the time left.

`reparse` (the parser's half of a reprocess) streams the stored pages in batches as well.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import importlib
import json
import logging
import multiprocessing
import os
import time
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from provind import config, defaults, warehouse
from provind.schema import PROGRESS_DDL

if TYPE_CHECKING:
    import duckdb

    from provind.crawl.parse import ParsedArticle
    from provind.crawl.sources import Selectors

log = logging.getLogger("provind.pipeline")  # the extract task's log, as before the step moved here

BATCH_SIZE = defaults.EXTRACT_BATCH
LOG_SECONDS = defaults.EXTRACT_LOG_SECONDS

# The scopes of an extraction job: which articles it reads.
ALL = "all"  # every article: a re-extraction asked for
PENDING = "pending"  # the articles without mentions of this extractor version


# The columns of an article a worker needs, in the order `_extract_article` takes them.
ARTICLE_COLUMNS = """
    a.article_id, a.url, a.clean_text, a.published, a.source_region_code, a.title, p.body_gz, p.content_type
"""


# ---------------------------------------------------------------- the fingerprint and the rows


def extractor_version() -> str:
    """A fingerprint of the extractor's code and reference data.

    Any change to the extractor changes it, so the next run re-extracts every stored
    article: history improves with the extractor, without anyone remembering to ask.
    """
    import provind

    package = Path(provind.__file__).parent
    code = [*package.glob("extract/*.py"), *package.glob("stats/*.py"), package / "textprep.py"]
    files = sorted([*code, *package.glob("reference/*.csv")])
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return f"{provind.VERSION}+{digest.hexdigest()[:12]}"


def mention_row(article_id: str, seq: int, m: dict, version: str, now: datetime, run_id: str) -> dict[str, Any]:
    """One `raw.mentions` row from an extracted mention (text or table cell), keyed by content."""
    return {
        "mention_id": warehouse.key(article_id, m["start"], m["end"], seq),
        "article_id": article_id,
        "seq": seq,
        "start_offset": m["start"],
        "end_offset": m["end"],
        "quote": m["quote"],
        "sentence": m.get("sentence"),
        "subject": m.get("subject"),
        "value": m.get("value"),
        "unit": m.get("unit"),
        "kind": m.get("kind"),
        "approx": m.get("approx"),
        "is_target": bool(m.get("target")),
        "region": m.get("region"),
        "region_code": m.get("region_code"),
        "region_source": m.get("region_source"),
        "period": m.get("period"),
        "indicator": m.get("indicator") or "unclassified",
        "extractor_version": version,
        "extracted_at": now,
        "run_id": run_id,
    }


MENTION_COLUMNS = list(mention_row("", 0, {"start": 0, "end": 0, "quote": ""}, "", datetime.min, ""))


@dataclass
class BatchResult:
    """What a worker sends back for one batch: its mention rows column by column, and counts."""

    columns: dict[str, list[Any]]
    mentions: int
    table_cells: int
    chars: int


def extract_batch(articles: Sequence[tuple], version: str, now: datetime, run_id: str) -> BatchResult:
    """Extract a batch of articles (rows of ARTICLE_COLUMNS): runs in a worker process.

    Column lists pickle smaller than one dict per row, and the parent loads them as they are.
    """
    columns: dict[str, list[Any]] = {c: [] for c in MENTION_COLUMNS}
    result = BatchResult(columns, 0, 0, 0)
    for article in articles:
        mentions, cells = _extract_article(*article)
        rows = [mention_row(article[0], seq, m, version, now, run_id) for seq, m in enumerate([*mentions, *cells])]
        for row in rows:
            for c in MENTION_COLUMNS:
                columns[c].append(row[c])
        result.mentions += len(mentions)
        result.table_cells += len(cells)
        result.chars += len(article[2] or "")
    # Exact through the load: DuckDB casts the text to DECIMAL(38, 6) as it would the number.
    columns["value"] = [None if v is None else str(v) for v in columns["value"]]
    return result


def _extract_article(
    article_id: str,
    url: str,
    text: str,
    published: Any,
    region_code: str | None,
    title: str | None,
    body_gz: bytes | None,
    content_type: str | None,
) -> tuple[list[dict], list[dict]]:
    """An article's figures: (text mentions, table cells).

    Two extractors feed `raw.mentions`: the text extractor over the article's clean
    text, and the statistics-table reader over the stored page itself (HTML tables,
    CSV/XLSX attachments, a statistics API's JSON answer), whose rows carry their
    cell as provenance (offsets -1). An API answer is read by the latter alone.
    """
    from provind.extract import extract_mentions
    from provind.stats import drop_rendered, is_data_answer, observations_from_page

    body = gzip.decompress(body_gz) if body_gz is not None else None
    # A statistics API's article text is our own rendering of its cells: read as prose as well,
    # every figure would be counted twice. Its figures come from the stored answer alone.
    data_answer = body is not None and is_data_answer(content_type, body)
    mentions = (
        []
        if data_answer
        else extract_mentions(text, doc=article_id, published=published, region_code=region_code, title=title)
    )
    cells = (
        observations_from_page(body, url, content_type, published=published, region_code=region_code)
        if body is not None
        else []
    )
    return drop_rendered(mentions, cells), cells  # a table cell counts once, as a cell


# ---------------------------------------------------------------- the step


def extract_articles(
    run_id: str,
    *,
    everything: bool = False,
    workers: int | None = None,
    batch_size: int | None = None,
    log_seconds: float | None = None,
) -> dict[str, Any]:
    """Extract the articles this extractor version has not extracted (`everything`: all of them).

    An article's rows are replaced as a whole, so re-extraction after an extractor upgrade
    never leaves a mix of old and new rows. A job left unfinished by a killed run is carried
    on: a re-extraction of everything by any later run of the same extractor version, the
    articles pending by the same run (a retried task); a job of another version is superseded.
    """
    version = extractor_version()
    workers = workers or int(os.environ.get("PROVIND_EXTRACT_WORKERS") or os.cpu_count() or 1)
    batch_size = batch_size or int(os.environ.get("PROVIND_EXTRACT_BATCH") or BATCH_SIZE)
    log_seconds = (
        log_seconds if log_seconds is not None else float(os.environ.get("PROVIND_EXTRACT_LOG_SECONDS") or LOG_SECONDS)
    )
    now = _utcnow()
    totals: dict[str, Any] = {"articles": 0, "mentions": 0, "table_cells": 0, "chars": 0}
    with warehouse.connect() as con:
        con.execute(PROGRESS_DDL)
        for job in _jobs_to_run(con, run_id, version, everything):
            done = _run_job(con, job, version, now, run_id, workers, batch_size, log_seconds)
            for name in ("articles", "mentions", "table_cells", "chars"):
                totals[name] += done[name]
    totals["workers"] = workers
    log.info("extracted: %s", totals)
    return totals


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


def _jobs_to_run(con: duckdb.DuckDBPyConnection, run_id: str, version: str, everything: bool) -> Iterator[Job]:
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
            _finish(con, job_id, "superseded")
    # Yielded one at a time: the pending articles are counted once the re-extraction before them is done.
    if everything or ALL in resumable:
        yield resumable.get(ALL) or _new_job(con, ALL, run_id, version)
    if not everything:
        yield resumable.get(PENDING) or _new_job(con, PENDING, run_id, version)


def _new_job(con: duckdb.DuckDBPyConnection, scope: str, run_id: str, version: str) -> Job:
    now = _utcnow()
    where, params = _scope_filter(scope, version)
    total = warehouse.scalar(con, f"SELECT count(*) FROM raw.articles a {where}", params)
    job = Job(warehouse.key(scope, version, run_id, now.isoformat()), scope, total, 0, "")
    con.execute(
        "INSERT INTO meta.reextract_progress VALUES (?, ?, ?, ?, 'running', ?, ?, NULL, ?, 0, 0, 0, 0, '')",
        [job.job_id, version, scope, run_id, now, now, total],
    )
    return job


def _finish(con: duckdb.DuckDBPyConnection, job_id: str, status: str) -> None:
    con.execute(
        "UPDATE meta.reextract_progress SET status = ?, finished_at = ?, updated_at = ? WHERE job_id = ?",
        [status, _utcnow(), _utcnow(), job_id],
    )


def _scope_filter(scope: str, version: str) -> tuple[str, list[Any]]:
    if scope == ALL:
        return "WHERE true", []
    return "WHERE a.article_id NOT IN (SELECT article_id FROM raw.mentions WHERE extractor_version = ?)", [version]


def _run_job(
    con: duckdb.DuckDBPyConnection,
    job: Job,
    version: str,
    now: datetime,
    run_id: str,
    workers: int,
    batch_size: int,
    log_seconds: float,
) -> dict[str, int]:
    """Read, extract and write the job's batches; batches in flight: one per worker and one more."""
    progress = Progress(job, log_seconds)
    if job.resumed:
        log.info(
            "extract: carrying on with job %s (%s) after article %s: %d of %d articles done",
            job.job_id, job.scope, job.last_article_id, job.articles_done, job.articles_total,
        )  # fmt: skip
    batches = _batches(con, job, version, batch_size)
    remaining = max(job.articles_total - job.articles_done, 0)
    # A pool's start costs each worker an interpreter and the extractor's imports (a second or two):
    # a night's few new articles are extracted here.
    pool_size = min(workers, -(-remaining // batch_size))
    with _executor(pool_size) as pool:
        in_flight: deque[tuple[list[str], Future]] = deque()
        while True:
            while len(in_flight) < pool_size + 1 and (batch := next(batches, None)) is not None:
                in_flight.append(([a[0] for a in batch], pool.submit(extract_batch, batch, version, now, run_id)))
            if not in_flight:
                break
            ids, future = in_flight.popleft()  # in key order: the writes are those of one process
            result = future.result()
            _write_batch(con, job, ids, result)
            progress.add(len(ids), result)
            _failpoint(f"extract:after-batch-{progress.batches}")
    _finish(con, job.job_id, "done")
    progress.log_line(final=True)
    return progress.totals


def _batches(con: duckdb.DuckDBPyConnection, job: Job, version: str, size: int) -> Iterator[list[tuple]]:
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


def _write_batch(con: duckdb.DuckDBPyConnection, job: Job, ids: list[str], result: BatchResult) -> None:
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
            [ids[-1], len(ids), result.chars, result.mentions, result.table_cells, _utcnow(), job.job_id],
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


class _InProcess:
    """The executor of a one-worker run: each batch extracted here, when submitted."""

    def submit(self, fn: Any, *args: Any) -> Future:
        future: Future = Future()
        future.set_result(fn(*args))
        return future


@contextlib.contextmanager
def _executor(workers: int) -> Iterator[Any]:
    if workers <= 1:
        yield _InProcess()
        return
    # spawn, not fork: this process holds a DuckDB connection and threads, which a fork would copy mid-use
    spawn = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(workers, mp_context=spawn, initializer=_start_worker, initargs=(os.getpid(),))
    try:
        yield pool
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)  # a failed or stopped task does not wait for the batches queued
        raise
    pool.shutdown(wait=True)


def _start_worker(parent: int) -> None:
    """Set up a worker: it ends when its parent does, and loads the extractor before the first batch.

    A pool's workers outlive a parent killed by SIGKILL (they wait for work that never comes):
    a killed extract task would leave them behind. They watch their parent instead.
    """
    import threading

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()
    for module in ("provind.extract", "provind.stats"):  # the first batch's imports, while the parent reads it
        importlib.import_module(module)


class Progress:
    """Counts of the job so far, and the progress line: done / total, rates, time left."""

    def __init__(self, job: Job, every: float) -> None:
        self.job, self.every = job, every
        self.started = self.last_line = time.monotonic()
        self.totals = {"articles": 0, "mentions": 0, "table_cells": 0, "chars": 0}
        self.batches = 0

    def add(self, articles: int, result: BatchResult) -> None:
        self.batches += 1
        self.totals["articles"] += articles
        self.totals["mentions"] += result.mentions
        self.totals["table_cells"] += result.table_cells
        self.totals["chars"] += result.chars
        if time.monotonic() - self.last_line >= self.every:
            self.log_line()

    def log_line(self, final: bool = False) -> None:
        self.last_line = time.monotonic()
        seconds = max(self.last_line - self.started, 1e-6)
        done, total = self.job.articles_done, max(self.job.articles_total, self.job.articles_done)
        rate = self.totals["articles"] / seconds
        left = (total - done) / rate if rate else float("inf")
        log.info(
            "extract %s%s: %d/%d articles (%.1f%%), %.0f articles/s, %.0f chars/s, %s",
            self.job.scope,
            " done" if final else "",
            done,
            total,
            100.0 * done / total if total else 100.0,
            rate,
            self.totals["chars"] / seconds,
            f"took {_duration(seconds)}" if final else f"ETA {_duration(left)}",
        )


def _duration(seconds: float) -> str:
    if seconds == float("inf"):
        return "unknown"
    minutes, secs = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min {secs:02d} s" if minutes else f"{secs} s"


def _utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _failpoint(name: str) -> None:
    """`PROVIND_FAILPOINT=extract:after-batch-<n>` kills the process once its n-th batch is committed."""
    if os.environ.get("PROVIND_FAILPOINT"):
        from provind.failpoints import failpoint

        failpoint(name)


# ---------------------------------------------------------------- reparse


def reparse(run_id: str, *, batch_size: int | None = None) -> dict[str, int]:
    """Parse every stored article page again, from `raw.pages`, without the network.

    Pages are immutable; the articles derived from them are refreshed in place
    (same key: URL + content hash), so an improved parser reaches all history.
    Pages are read a batch at a time in key order, never all at once.
    """
    from provind import textprep
    from provind.crawl import sources

    registry = {s.name: s for s in sources.valid_sources(config.sources_file())}
    batch_size = batch_size or int(os.environ.get("PROVIND_EXTRACT_BATCH") or BATCH_SIZE)
    totals = {"pages": 0, "changed": 0, "unparsable": 0}
    with warehouse.connect() as con:
        cursor = ("", "")
        while True:
            pages = con.execute(
                """
                SELECT p.url, p.content_hash, p.source, p.encoding, p.content_type, p.body_gz
                FROM raw.pages p
                WHERE EXISTS (SELECT 1 FROM raw.articles a WHERE a.url = p.url AND a.content_hash = p.content_hash)
                  AND (p.url, p.content_hash) > (?, ?)
                ORDER BY p.url, p.content_hash
                LIMIT ?
                """,
                [*cursor, batch_size],
            ).fetchall()
            if not pages:
                break
            cursor = pages[-1][:2]
            for url, content_hash, source_name, encoding, content_type, body_gz in pages:
                totals["pages"] += 1
                source = registry.get(source_name)
                selectors = source.selectors if source else None
                try:
                    article = _article_of_page(gzip.decompress(body_gz), url, encoding, content_type, selectors)
                except Exception as exc:  # a page the new parser cannot read keeps its old article row
                    log.warning("cannot re-parse %s: %s", url, exc)
                    totals["unparsable"] += 1
                    continue
                if not article.body_text:
                    totals["unparsable"] += 1
                    continue
                totals["changed"] += _refresh_article(con, run_id, warehouse.key(url, content_hash), article, textprep)
            log.info("re-parse: %d pages so far, %d articles changed", totals["pages"], totals["changed"])
    log.info("re-parsed: %s", totals)
    return totals


def _refresh_article(
    con: duckdb.DuckDBPyConnection, run_id: str, article_id: str, article: ParsedArticle, textprep: Any
) -> int:
    """Update the article's row from its parse, if anything changed: 1 if it did."""
    changed = con.execute(
        """
        UPDATE raw.articles SET title = ?, published = ?, language = ?, body_text = ?, clean_text = ?,
                                loaded_at = ?, run_id = ?
        WHERE article_id = ? AND (body_text <> ? OR title IS DISTINCT FROM ? OR published IS DISTINCT FROM ?)
        RETURNING article_id
        """,
        [
            article.title,
            article.published,
            article.language,
            article.body_text,
            textprep.clean_text(article.body_text),
            _utcnow(),
            run_id,
            article_id,
            article.body_text,
            article.title,
            article.published,
        ],
    ).fetchall()
    return len(changed)


def _article_of_page(
    body: bytes, url: str, encoding: str | None, content_type: str | None, selectors: Selectors | None
) -> ParsedArticle:
    """A stored page as an article again: parsed HTML, or the rendering of a statistics API's answer."""
    from provind.crawl import api as crawl_api
    from provind.crawl import parse
    from provind.stats import is_data_answer

    if is_data_answer(content_type, body):
        return crawl_api.article_from_answer(json.loads(body.decode("utf-8-sig")), url)
    return parse.parse_article(body, url, encoding, selectors)
