"""Crawl control: which pages to fetch, in which order, and what to remember between runs.

`crawl_source` walks a source's list pages, fetches articles it has not seen,
and yields one `FetchRecord` per fetch decision: ok, not_modified, error,
disallowed or skipped. It never raises because of a page: a bad page becomes an
error record, and its URL is retried on the next run until it succeeds or is
given up with a reason.

Crawl state (one JSON file per source in `state_dir`, replaced atomically after
every change, so an interrupted crawl loses nothing):

    {"source": "demo", "last_success": "...", "last_run": "...",
     "pages": {url: {"kind", "etag", "last_modified", "content_hash", "outcome", "fetched_at", "links"?}},
     "failed": {url: {"kind", "runs", "attempts", "last_error", "first_failed", "last_failed", "gave_up"}}}

An article that fails (an error, a refusal, a PDF or a binary file where HTML
was promised) goes to `failed` and is tried again on each run until it
succeeds or has failed on `give_up_after` runs; then it is skipped with the
reason. A refusal counts too: robots.txt may change, and a redirect off the
allowed hosts costs a request on every run.

Pagination stops at the first list page whose article links are all known, so
a nightly crawl of a big site costs a page or two.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from provind.crawl.client import FetchPolicy, FetchResult, PoliteClient
from provind.crawl.content import sniff_binary
from provind.crawl.parse import ParsedArticle, ParsedList, parse_article, parse_list
from provind.crawl.sources import Source

DEFAULT_MAX_PAGES = 50  # list pages per start URL and run
DEFAULT_GIVE_UP_AFTER = 5  # runs a failing URL is retried before it is given up
STATE_VERSION = 1
HTML_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "application/xml", "text/xml")


@dataclass
class FetchRecord:
    source: str
    url: str
    final_url: str
    kind: str  # "list" | "article" | "robots", and "query" for a statistics API (crawl_api)
    fetched_at: datetime
    http_status: int | None
    outcome: str  # "ok" | "not_modified" | "error" | "disallowed" | "skipped"
    error: str | None = None
    attempts: int = 0
    content_type: str | None = None
    encoding: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    body: bytes | None = None
    content_hash: str | None = None
    article: ParsedArticle | None = None
    # Extra to the contract: True when this body is new to the crawl state (a new or changed page).
    changed: bool = False


# --------------------------------------------------------------------------- crawl state


@dataclass
class CrawlState:
    path: Path
    source: str
    pages: dict[str, dict[str, Any]] = field(default_factory=dict)
    failed: dict[str, dict[str, Any]] = field(default_factory=dict)
    last_success: str | None = None
    last_run: str | None = None

    @classmethod
    def load(cls, state_dir: Path, source: str) -> CrawlState:
        path = Path(state_dir) / f"{source}.json"
        if not path.exists():
            return cls(path, source)
        data = json.loads(path.read_text("utf-8"))
        return cls(
            path,
            source,
            pages=data.get("pages", {}),
            failed=data.get("failed", {}),
            last_success=data.get("last_success"),
            last_run=data.get("last_run"),
        )

    def save(self) -> None:
        """Write to a temporary file beside the state, then rename: readers never see half a file."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = {
            "version": STATE_VERSION,
            "source": self.source,
            "last_success": self.last_success,
            "last_run": self.last_run,
            "pages": self.pages,
            "failed": self.failed,
        }
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(data, handle, ensure_ascii=False, indent=1, sort_keys=True)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise

    def known(self, url: str) -> bool:
        """Seen with a usable result (or given up): no need to fetch it again unless rechecking."""
        if url in self.failed:
            return self.failed[url].get("gave_up") is not None
        return url in self.pages

    def remember(self, record: FetchRecord, links: list[str] | None = None) -> None:
        entry = self.pages.setdefault(record.url, {})
        entry.update(kind=record.kind, outcome=record.outcome, fetched_at=record.fetched_at.isoformat())
        if record.outcome == "ok":
            entry.update(etag=record.etag, last_modified=record.last_modified, content_hash=record.content_hash)
        if links is not None:
            entry["links"] = links
        self.failed.pop(record.url, None)

    def remember_failure(self, record: FetchRecord, give_up_after: int) -> None:
        entry = self.failed.setdefault(
            record.url,
            {"kind": record.kind, "runs": 0, "attempts": 0, "first_failed": record.fetched_at.isoformat()},
        )
        entry["runs"] += 1
        entry["attempts"] += record.attempts
        entry["last_error"] = record.error
        entry["last_failed"] = record.fetched_at.isoformat()
        if entry["runs"] >= give_up_after:
            entry["gave_up"] = f"failed on {entry['runs']} runs; last error: {record.error}"
        else:
            entry["gave_up"] = None


# --------------------------------------------------------------------------- the crawl


def crawl_source(
    source: Source,
    state_dir: Path,
    client: PoliteClient | None = None,
    max_pages: int = DEFAULT_MAX_PAGES,
    *,
    recheck: bool = False,
    give_up_after: int = DEFAULT_GIVE_UP_AFTER,
) -> Iterator[FetchRecord]:
    """Crawl one source incrementally, yielding a FetchRecord for every fetch or skip.

    recheck: re-fetch known articles with conditional GETs (a 304 costs no body).
    """
    own_client = client is None
    client = client or PoliteClient()
    run = _Run(source, CrawlState.load(state_dir, source.name), client, recheck, give_up_after)
    try:
        yield from run.crawl(max_pages)
    finally:
        if own_client:
            client.close()


class _Run:
    """One crawl of one source: the decisions, with the state they read and write."""

    def __init__(
        self, source: Source, state: CrawlState, client: PoliteClient, recheck: bool, give_up_after: int
    ) -> None:
        self.source, self.state, self.client = source, state, client
        self.policy = FetchPolicy.for_source(source)
        self.recheck, self.give_up_after = recheck, give_up_after
        self.done: set[str] = set()  # article URLs already handled in this run

    def crawl(self, max_pages: int) -> Iterator[FetchRecord]:
        started = datetime.now(UTC).isoformat()
        list_ok = True
        for start_url in self.source.start_urls:
            yield from self._robots(start_url)
            for record in self._paginate(start_url, max_pages):
                list_ok &= not (record.kind == "list" and record.outcome in ("error", "disallowed"))
                yield record
        yield from self._retry_failed()
        if self.recheck:
            yield from self._recheck_rest()
        self.state.last_run = started
        if list_ok:
            self.state.last_success = started
        self.state.save()

    # ----------------------------------------------------------------------- robots

    def _robots(self, start_url: str) -> Iterator[FetchRecord]:
        yield from robots_records(self.source.name, self.client, self.policy, start_url)

    # ----------------------------------------------------------------------- list pages

    def _paginate(self, start_url: str, max_pages: int) -> Iterator[FetchRecord]:
        url: str | None = start_url
        seen_lists: set[str] = set()
        while url and url not in seen_lists and len(seen_lists) < max_pages:
            seen_lists.add(url)
            links, next_page, records = self._list_page(url)
            yield from records
            if links is None:
                return  # the list page failed: it is retried next run
            all_known = all(self.state.known(link) for link in links)
            for link in links:
                yield from self._article(link)
            if all_known and not self._resuming(next_page):
                return  # nothing new from here on: the rest was crawled before
            url = next_page

    def _resuming(self, next_page: str | None) -> bool:
        """A list page never fetched before means the last crawl stopped early (max_pages): go on."""
        return next_page is not None and next_page not in self.state.pages

    def _list_page(self, url: str) -> tuple[list[str] | None, str | None, list[FetchRecord]]:
        previous = self.state.pages.get(url, {})
        if "links" not in previous:
            previous = {}  # without the links a 304 would tell us nothing: ask for the page
        record = self._record(self._fetch(url, previous), "list")
        if record.outcome == "not_modified":
            self.state.remember(record)
            self.state.save()
            return previous["links"], previous.get("next_page"), [record]
        if record.outcome != "ok":
            self._fail(record)
            return None, None, [record]
        try:
            parsed: ParsedList = parse_list(
                record.body or b"", record.final_url, record.encoding, self.source.selectors,
                allowed_domains=self.source.allowed_domains,
            )  # fmt: skip
        except Exception as exc:
            record.outcome, record.error = "error", f"list page unparseable: {exc!r}"
            self._fail(record)
            return None, None, [record]
        links = list(parsed)
        self.state.remember(record, links)
        self.state.pages[url]["next_page"] = parsed.next_page
        self.state.save()
        return links, parsed.next_page, [record]

    # ----------------------------------------------------------------------- articles

    def _article(self, url: str) -> Iterator[FetchRecord]:
        if url in self.done:
            return
        self.done.add(url)
        previous = self.state.pages.get(url)
        if url in self.state.failed:
            failure = self.state.failed[url]
            if failure.get("gave_up"):
                yield self._skipped(url, f"given up: {failure['gave_up']}")
                return
        elif previous is not None and previous.get("outcome") != "disallowed" and not self.recheck:
            yield self._skipped(url, None)
            return
        conditional = previous if (self.recheck and previous and previous.get("outcome") != "disallowed") else {}
        yield self._fetch_article(url, conditional)

    def _fetch_article(self, url: str, previous: dict[str, Any]) -> FetchRecord:
        result = self._fetch(url, previous)
        record = self._record(result, "article")
        if record.outcome == "ok":
            self._parse_into(record)
        if record.outcome in ("error", "disallowed"):
            # Disallowed too: robots.txt may change, and a redirect off the site costs a request
            # each run, so it is retried on later runs and given up like any failure.
            self._fail(record)
        else:
            known_hash = self.state.pages.get(url, {}).get("content_hash")
            record.changed = record.outcome == "ok" and record.content_hash != known_hash
            self.state.remember(record)
        self.state.save()
        return record

    def _parse_into(self, record: FetchRecord) -> None:
        """Parse an article body; a page that cannot be read becomes an error (its body is kept)."""
        media_type = (record.content_type or "text/html").split(";")[0].strip().lower()
        if media_type not in HTML_TYPES:
            record.outcome, record.error = "error", f"not an HTML page: Content-Type {record.content_type}"
            return
        sniffed = sniff_binary(record.body or b"")
        if sniffed:
            record.outcome = "error"
            record.error = f"not an HTML page: {sniffed} content labelled {record.content_type}"
            return
        try:
            record.article = parse_article(record.body or b"", record.final_url, record.encoding, self.source.selectors)
        except Exception as exc:
            record.outcome, record.error = "error", f"article unparseable: {exc!r}"
            return
        record.encoding = record.article.encoding or record.encoding
        if not record.article.body_text.strip():
            record.outcome, record.error = "error", "article has no body text"

    def _retry_failed(self) -> Iterator[FetchRecord]:
        """Articles that failed on earlier runs and were not reached through the lists this time."""
        for url, failure in list(self.state.failed.items()):
            if failure.get("kind") == "article" and not failure.get("gave_up") and url not in self.done:
                self.done.add(url)
                yield self._fetch_article(url, {})

    def _recheck_rest(self) -> Iterator[FetchRecord]:
        """On a recheck, known articles the lists did not reach this time get a conditional GET too."""
        for url, page in list(self.state.pages.items()):
            if page.get("kind") == "article" and url not in self.done:
                yield from self._article(url)

    # ----------------------------------------------------------------------- records

    def _fetch(self, url: str, previous: dict[str, Any]) -> FetchResult:
        try:
            return self.client.fetch(
                url, self.policy, etag=previous.get("etag"), last_modified=previous.get("last_modified")
            )
        except Exception as exc:  # the client should not raise; if it does, it is this page's error
            return FetchResult(url, url, "error", error=f"client error: {exc!r}")

    def _fail(self, record: FetchRecord) -> None:
        self.state.remember_failure(record, self.give_up_after)
        self.state.save()

    def _record(self, result: FetchResult, kind: str) -> FetchRecord:
        return record_of(self.source.name, result, kind)

    def _skipped(self, url: str, reason: str | None) -> FetchRecord:
        return FetchRecord(self.source.name, url, url, "article", datetime.now(UTC), None, "skipped", error=reason)


# --------------------------------------------------------------------------- shared with crawl_api


def record_of(source: str, result: FetchResult, kind: str) -> FetchRecord:
    """The record of one client answer; only an `ok` answer carries its body."""
    body = result.body if result.outcome == "ok" else None
    return FetchRecord(
        source=source,
        url=result.url,
        final_url=result.final_url,
        kind=kind,
        fetched_at=result.fetched_at,
        http_status=result.status,
        outcome=result.outcome,
        error=result.error,
        attempts=result.attempts,
        content_type=result.content_type,
        encoding=result.encoding,
        etag=result.etag,
        last_modified=result.last_modified,
        body=body,
        content_hash=hashlib.sha256(body).hexdigest() if body is not None else None,
    )


def error_record(source: str, url: str, kind: str, message: str) -> FetchRecord:
    """A failure that produced no answer at all (the client raised)."""
    return FetchRecord(source, url, url, kind, datetime.now(UTC), None, "error", error=message)


def robots_records(source: str, client: PoliteClient, policy: FetchPolicy, url: str) -> Iterator[FetchRecord]:
    """robots.txt of `url`'s host, loaded into the client: a record when it was fetched now."""
    try:
        result = client.fetch_robots(url, policy)
    except Exception as exc:  # never let one source's robots.txt end the crawl
        yield error_record(source, url, "robots", f"{type(exc).__name__}: {exc}")
        return
    if result is not None:
        # A missing robots.txt (4xx) is a normal answer: everything is allowed.
        if result.outcome == "error" and result.status is not None and 400 <= result.status < 500:
            result.outcome, result.error = "ok", None
        yield record_of(source, result, "robots")
