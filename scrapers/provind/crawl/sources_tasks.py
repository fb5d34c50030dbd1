"""The nightly's view of the source registry: what to crawl, and configuration errors that fail at once.

The DAG's `list_sources` and `crawl` tasks call these (imported inside the tasks, so the
DAG file parses without reading sources.yml). A typo in sources.yml cannot be fixed by
retrying: a SourceError becomes Airflow's AirflowFailException, which fails the task at
once, without its retries, with the located message as the whole error.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from provind import config
from provind.crawl.sources import SourceError, check_registry

log = logging.getLogger(__name__)


@contextmanager
def failing_at_once() -> Iterator[None]:
    """Turn a SourceError into AirflowFailException (no retry), keeping only its message."""
    try:
        yield
    except SourceError as exc:
        # airflow.exceptions.AirflowFailException is this class too (deprecated alias in Airflow 3).
        from airflow.sdk.exceptions import AirflowFailException

        # `from None`: the SourceError's own traceback says nothing the message does not.
        raise AirflowFailException(f"configuration error in the source registry (not retried):\n{exc}") from None


def names_to_crawl(path: str | Path | None = None) -> list[str]:
    """Every enabled entry, valid or not, in file order.

    An invalid enabled entry is listed all the same: its own crawl task then fails at once
    with the entry's problem, and the other sources are crawled and published as usual.
    Invalid disabled entries are only logged. An unreadable file fails the listing at once.
    """
    with failing_at_once():
        registry = check_registry(path or config.sources_file())
    for problem in registry.problems:
        if problem.disabled:
            log.warning("skipping a disabled entry: %s", problem.message)
        else:
            log.error("its crawl will fail: %s", problem.message)
    return list(registry.to_crawl)


def batches_to_crawl(path: str | Path | None = None) -> list[list[str]]:
    """`names_to_crawl`, in batches of whole host groups: one crawl task each (`provind.crawl.batches`)."""
    from provind.crawl import batches

    names_to_crawl(path)  # logs the registry's problems, fails at once on an unreadable file
    return batches.plan_batches(check_registry(path or config.sources_file()))


def crawl_batch(batch: list[str], run_id: str) -> list[dict]:
    """Crawl a batch; a batch whose only failures are configuration errors fails at once, without retries."""
    from provind.crawl import batches

    try:
        return batches.crawl_batch(batch, run_id)
    except batches.BatchFailed as exc:
        if exc.retryable:
            raise  # a site down may be back for the retry, which crawls only the failed sources
        with failing_at_once():
            raise SourceError(str(exc)) from None
