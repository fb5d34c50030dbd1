"""The crawl step of the night: one source into its landing journal (`provind.crawl.journal`).

The DAG's crawl tasks call it through `provind.crawl.batches`, many sources of a batch
side by side; `provind pipeline crawl SOURCE` calls it by hand.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from provind import config
from provind.crawl.journal import (
    JOURNAL_SUFFIX,
    LandingJournal,
    record_to_json,
    safe_run_id,
    seal,
    seal_orphans,
    source_lock,
)

if TYPE_CHECKING:  # the crawler's modules are imported inside, so the DAG file parses fast
    from provind.crawl.site import FetchRecord
    from provind.crawl.sources import Source

log = logging.getLogger(__name__)


def crawl(source_name: str, run_id: str, *, source: Source | None = None) -> dict[str, Any]:
    """Crawl one source, journalling every fetch outcome to this run's landing file for it.

    `source`: the entry already read from the registry (a batch of many sources reads the
    file once, `provind.crawl.batches`); by default it is read here by name.
    Each record is on disk (flushed and fsynced) before the crawler is asked for the next
    one, and the crawler only then takes it into its state (`crawl.site`): a crawl killed at
    any point leaves a journal that `land` lands, and no article known but unlanded.
    """
    from provind.crawl import sources

    source = source or sources.get_source(config.sources_file(), source_name)
    started = time.monotonic()
    run_dir = config.landing_dir() / safe_run_id(run_id)
    run_dir.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    errors: list[str] = []  # the first few reasons, for the message of a source that answered nothing
    with source_lock(source.name):
        seal_orphans(source.name)  # journals of crawls of this source that were killed
        journal = run_dir / f"{source.name}{JOURNAL_SUFFIX}"
        with LandingJournal(journal) as out:
            for record in _crawl_records(source):
                out.write(record_to_json(record))
                label = f"{record.kind}:{record.outcome}"
                counts[label] = counts.get(label, 0) + 1
                if record.outcome in ("error", "disallowed") and len(errors) < 3:
                    errors.append(f"{record.url}: {record.error}")
        seal(journal)
    summary = {"source": source.name, "seconds": round(time.monotonic() - started, 2), "fetches": counts}
    log.info("crawled %s: %s", source.name, summary)
    # A news site answers through its list pages, a statistics API through its data queries.
    answered, what = (
        ("query", "no API query was answered") if source.api_kind else ("list", "no list page could be fetched")
    )
    if not counts.get(f"{answered}:ok") and not counts.get(f"{answered}:not_modified"):
        # The fetch log of the attempt is landed all the same (land runs whatever happened here);
        # failing the task makes the broken site visible and alerts, without costing the others.
        message = f"source {source.name}: {what} ({counts})" + "".join(f"\n  {e}" for e in errors)
        raise SourceUnreachable(message, summary=summary)
    return summary


def _crawl_records(source: Source) -> Iterator[FetchRecord]:
    """The crawler for the source's kind: list pages and articles, or the queries of a statistics API."""
    from provind.crawl import api as crawl_api
    from provind.crawl import site as crawler

    state_dir = config.state_dir() / source.name
    if source.api_kind:
        return crawl_api.crawl_api_source(source, state_dir)
    return crawler.crawl_source(source, state_dir)


class SourceUnreachable(RuntimeError):
    """A source none of whose list pages (API queries) answered: its crawl task fails, the others carry on."""

    def __init__(self, message: str, *, summary: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.summary = summary or {}  # the attempt's figures: its fetch log is landed all the same
