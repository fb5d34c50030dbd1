"""The extract step's progress line: articles done of the total, articles/s, chars/s, time left."""

from __future__ import annotations

import logging
import time

from provind.reextract.batch import BatchResult
from provind.reextract.jobs import Job

log = logging.getLogger("provind.pipeline")  # the extract task's log


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
