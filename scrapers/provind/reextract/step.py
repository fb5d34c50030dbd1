"""The extract step: a job's batches read, extracted on a process pool, written in key order.

This process, the warehouse's one writer (DuckDB allows one), reads the next batches
while the pool (`pool.py`) extracts the ones in flight (`batch.py`), and writes the
results in key order with the job's cursor (`jobs.py`): the rows are those of a
single-process run, and a killed run carries on where it stopped.
"""

from __future__ import annotations

import logging
import os
from collections import deque
from concurrent.futures import Future
from datetime import datetime
from typing import TYPE_CHECKING, Any

from provind import defaults, warehouse
from provind.reextract import jobs
from provind.reextract.batch import extract_batch
from provind.reextract.fingerprint import extractor_version
from provind.reextract.jobs import Job, finish, job_batches, jobs_to_run, write_batch
from provind.reextract.pool import executor
from provind.reextract.progress import Progress
from provind.schema import PROGRESS_DDL

if TYPE_CHECKING:
    import duckdb

log = logging.getLogger("provind.pipeline")  # the extract task's log

BATCH_SIZE = defaults.EXTRACT_BATCH
LOG_SECONDS = defaults.EXTRACT_LOG_SECONDS


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
    now = jobs.utcnow()
    totals: dict[str, Any] = {"articles": 0, "mentions": 0, "table_cells": 0, "chars": 0}
    with warehouse.connect() as con:
        con.execute(PROGRESS_DDL)
        for job in jobs_to_run(con, run_id, version, everything):
            done = _run_job(con, job, version, now, run_id, workers, batch_size, log_seconds)
            for name in ("articles", "mentions", "table_cells", "chars"):
                totals[name] += done[name]
    totals["workers"] = workers
    log.info("extracted: %s", totals)
    return totals


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
    batches = job_batches(con, job, version, batch_size)
    remaining = max(job.articles_total - job.articles_done, 0)
    # A pool's start costs each worker an interpreter and the extractor's imports (a second or two):
    # a night's few new articles are extracted here.
    pool_size = min(workers, -(-remaining // batch_size))
    with executor(pool_size) as pool:
        in_flight: deque[tuple[list[str], Future]] = deque()
        while True:
            while len(in_flight) < pool_size + 1 and (batch := next(batches, None)) is not None:
                in_flight.append(([a[0] for a in batch], pool.submit(extract_batch, batch, version, now, run_id)))
            if not in_flight:
                break
            ids, future = in_flight.popleft()  # in key order: the writes are those of one process
            result = future.result()
            write_batch(con, job, ids, result)
            progress.add(len(ids), result)
            _failpoint(f"extract:after-batch-{progress.batches}")
    finish(con, job.job_id, "done")
    progress.log_line(final=True)
    return progress.totals


def _failpoint(name: str) -> None:
    """`PROVIND_FAILPOINT=extract:after-batch-<n>` kills the process once its n-th batch is committed."""
    if os.environ.get("PROVIND_FAILPOINT"):
        from provind.failpoints import failpoint

        failpoint(name)
