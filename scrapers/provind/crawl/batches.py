"""Many hosts in one night: the sources crawled in a few batches, each batch's hosts at once.

A polite crawl of one host is mostly waiting (its Crawl-delay between requests), and
politeness is per host: different hosts can be asked at the same time. So the nightly
maps its crawl task over a few BATCHES of sources (`plan_batches`), and each task crawls
its batch's hosts concurrently in threads (`crawl_batch`). A night then costs about what
the slowest host's polite crawl costs, not the sum of them all, even under
`airflow dags test`, which runs mapped task instances one after another.

- The sources of one host (same scheme, host and port as their first start URL) are one
  HOST GROUP, crawled one after another by one thread: they would wait for each other's
  turn at the host anyway (`pacing.HostPacer`, which also holds across threads and
  processes), and a thread must not sit blocked on a host another thread is using.
- A batch holds whole host groups; there are as many batches as needed to give each
  group a thread of its own (`threads` a batch), at most `max_batches`. Under a real
  scheduler the batches run side by side (the crawl task's max_active_tis_per_dag).
- Each source is still crawled by `provind.crawl.step.crawl`: its own lock (`journal.source_lock`, one
  crawl of a source at a time across processes), its own landing journal, its own
  SourceUnreachable. A failing source is recorded and costs the others nothing; the
  batch fails only after all its sources were crawled and journalled (`BatchFailed`).
- Each source's outcome is written beside its landing file (`<run>/<source>.crawl.json`):
  the run summary reads the figures of every source from there, those of a failed batch
  too, and a retried batch crawls again only the sources that failed.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from provind import config, defaults
from provind.crawl.pacing import host_key
from provind.crawl.sources import Registry, Source, SourceError, check_registry, get_source

log = logging.getLogger(__name__)

DEFAULT_THREADS = defaults.CRAWL_THREADS  # threads mostly sleep, but stay bounded
DEFAULT_MAX_BATCHES = defaults.CRAWL_BATCHES  # crawl tasks of a night (the DAG runs up to 4 at once)
OUTCOME_SUFFIX = ".crawl.json"


def threads_per_batch() -> int:
    return max(1, int(os.environ.get("PROVIND_CRAWL_THREADS") or DEFAULT_THREADS))


def max_batches() -> int:
    return max(1, int(os.environ.get("PROVIND_CRAWL_BATCHES") or DEFAULT_MAX_BATCHES))


# ---------------------------------------------------------------- planning


def host_of(name: str, valid: dict[str, Source]) -> str:
    """The host a source talks to first; an invalid entry is a group of its own (it fails at once)."""
    source = valid.get(name)
    if source is None or not source.start_urls:
        return f"entry:{name}"
    return host_key(source.start_urls[0])


def host_groups(names: Iterable[str], registry: Registry) -> list[list[str]]:
    """The names grouped by host, groups in the order of their first source, sources in file order."""
    valid = {s.name: s for s in registry.sources}
    groups: dict[str, list[str]] = {}
    for name in names:
        groups.setdefault(host_of(name, valid), []).append(name)
    return list(groups.values())


def plan_batches(registry: Registry, *, threads: int | None = None, batches: int | None = None) -> list[list[str]]:
    """Every source to crawl tonight, in batches of whole host groups, as even in hosts as can be.

    As many batches as it takes to give every host group a thread (ceil(groups / threads)),
    at most `batches`. Groups are dealt round the batches in file order.
    """
    threads = threads or threads_per_batch()
    batches = batches or max_batches()
    groups = host_groups(registry.to_crawl, registry)
    if not groups:
        return []
    count = min(batches, -(-len(groups) // threads))
    dealt: list[list[str]] = [[] for _ in range(count)]
    for index, group in enumerate(groups):
        dealt[index % count].extend(group)
    return dealt


# ---------------------------------------------------------------- crawling


@dataclass
class Failure:
    source: str
    error: str  # the exception's class and message, as the task log and the run summary show it
    retryable: bool  # False for a configuration error: no retry can fix a typo


class BatchFailed(RuntimeError):
    """Some sources of a batch failed; all of them were crawled and journalled first."""

    def __init__(self, failures: list[Failure], total: int) -> None:
        self.failures = failures
        lines = [f"{len(failures)} of {total} sources of this batch failed (the others were crawled):"]
        lines += [f"- {f.source}: {f.error}" for f in failures]
        super().__init__("\n".join(lines))

    @property
    def retryable(self) -> bool:
        return any(f.retryable for f in self.failures)


def crawl_batch(names: list[str], run_id: str, *, threads: int | None = None) -> list[dict[str, Any]]:
    """Crawl `names`, each host group in a thread of its own (at most `threads` at once).

    Returns the per-source summaries (as `crawl_step.crawl` returns them), in the order of
    `names`. A source already crawled by an earlier try of this run is not crawled again:
    its recorded summary is returned. Raises BatchFailed when a source failed, after the
    others were all crawled.
    """
    registry = check_registry(config.sources_file())  # once for the batch: a registry may be long
    valid = {s.name: s for s in registry.sources}
    groups = host_groups(names, registry)
    run_dir = _run_dir(run_id)
    run_dir.mkdir(parents=True, exist_ok=True)
    outcomes: dict[str, dict[str, Any]] = {}
    failures: list[Failure] = []
    guard = threading.Lock()

    def crawl_group(group: list[str]) -> None:
        for name in group:
            outcome, failure = _crawl_one(name, valid.get(name), run_id, run_dir)
            with guard:
                outcomes[name] = outcome
                if failure:
                    failures.append(failure)

    started = time.monotonic()
    workers = max(1, min(threads or threads_per_batch(), len(groups)))
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="crawl") as pool:
        for future in [pool.submit(crawl_group, group) for group in groups]:
            future.result()  # crawl_group catches every source's error: this re-raises only a bug here
    log.info(
        "crawled a batch of %d sources on %d hosts with %d threads in %.1f s",
        len(names),
        len(groups),
        workers,
        time.monotonic() - started,
    )
    if failures:
        failures.sort(key=lambda f: names.index(f.source))
        raise BatchFailed(failures, len(names))
    return [outcomes[name] for name in names]


def _crawl_one(name: str, source: Source | None, run_id: str, run_dir: Path) -> tuple[dict[str, Any], Failure | None]:
    """One source, its outcome recorded; never raises (a failure is returned instead)."""
    from provind.crawl import step as crawl_step

    done = _read_outcome(run_dir, name)
    if done is not None and "error" not in done:
        log.info("%s was crawled by an earlier try of this run: not again", name)
        return done, None
    try:
        if source is None:
            get_source(config.sources_file(), name)  # raises the entry's located problem
            raise SourceError(f"source {name} is not a valid entry of the registry")
        summary = crawl_step.crawl(name, run_id, source=source)
        failure = None
    except SourceError as exc:
        summary, failure = {"source": name, "seconds": 0, "fetches": {}}, Failure(name, str(exc), retryable=False)
    except crawl_step.SourceUnreachable as exc:
        summary = exc.summary or {"source": name, "fetches": {}}
        failure = Failure(name, f"SourceUnreachable: {exc}", retryable=True)
    except Exception as exc:  # a bug or a full disk in one source's crawl must not cost the others
        log.exception("crawling %s failed", name)
        summary = {"source": name, "seconds": 0, "fetches": {}}
        failure = Failure(name, f"{type(exc).__name__}: {exc}", retryable=True)
    if failure:
        summary = {**summary, "error": failure.error}
        log.error("source %s failed: %s", name, failure.error)
    _write_outcome(run_dir, name, summary)
    return summary, failure


# ---------------------------------------------------------------- outcomes on disk


def _run_dir(run_id: str) -> Path:
    """This run's landing directory: its journals, and each source's outcome beside its journal."""
    from provind.crawl.journal import safe_run_id

    return config.landing_dir() / safe_run_id(run_id)


def _write_outcome(run_dir: Path, name: str, summary: dict[str, Any]) -> None:
    target = run_dir / f"{name}{OUTCOME_SUFFIX}"
    temporary = target.with_name(target.name + ".tmp")
    temporary.write_text(json.dumps(summary, ensure_ascii=False, default=str), encoding="utf-8")
    os.replace(temporary, target)


def _read_outcome(run_dir: Path, name: str) -> dict[str, Any] | None:
    try:
        return json.loads((run_dir / f"{name}{OUTCOME_SUFFIX}").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def crawl_summaries(run_id: str) -> list[dict[str, Any]]:
    """The per-source summaries of every crawl of this run, failed ones with their `error`, by source name."""
    run_dir = _run_dir(run_id)
    found = (_read_outcome(run_dir, p.name.removesuffix(OUTCOME_SUFFIX)) for p in run_dir.glob(f"*{OUTCOME_SUFFIX}"))
    return sorted((s for s in found if s is not None), key=lambda s: str(s.get("source")))
