"""Crawl control: which pages to fetch, in which order, and what to remember between runs.

`crawl_source` walks a source's list pages, fetches articles it has not seen,
re-checks known articles that are due, and yields one `FetchRecord` per fetch
decision: ok, not_modified, error, disallowed or skipped. It never raises
because of a page: a bad page becomes an error record, and its URL is retried
on the next run until it succeeds or is given up with a reason.

**The crawl state commits after the consumer.** An article becomes known (its
state is written) only when the consumer asks for the record after it, that
is, once the consumer has stored it: `provind.crawl.step.crawl` writes each record to the
landing journal and fsyncs it before asking for the next. A crawl killed at any
point therefore leaves every article either in the journal, or unknown to the
state (fetched again next night); never known but lost.

Crawl state (one JSON file per source in `state_dir`, replaced atomically after
every change):

    {"version": 2, "source": "demo", "last_success": "...", "last_run": "...",
     "pages": {url: {"kind": "list" | "article" | "alias", "etag", "last_modified", "content_hash",
                     "signature", "outcome", "fetched_at",
                     "links", "next_page",            # list pages
                     "interval", "next_due",          # articles: the revisit schedule (schedule.py)
                     "canonical"}},                   # aliases: the article URL they stand for
     "failed": {url: {"kind", "runs", "attempts", "last_error", "first_failed", "last_failed", "gave_up"}},
     "sweep": {start_url: the list page the next night's sweep starts from}}

An article that fails (an error, a refusal, a PDF or a binary file where HTML
was promised) goes to `failed` and is tried again on each run until it
succeeds or has failed on `give_up_after` runs; then it is skipped with the
reason. A refusal counts too: robots.txt may change, and a redirect off the
allowed hosts costs a request on every run.

Revisits: each known article has a next-due time; each night re-checks the due
ones, oldest first, at most the source's `revisit.budget`, with conditional
GETs (a 304 costs no body). A changed text lands as a new version.

Pagination walks to the first list page whose article links are all known
(so a nightly crawl of a big site costs a page or two), then sweeps
`revisit.sweep_pages` more list pages from a cursor that rotates through the
rest of the list: an article inserted deep in the list out of date order is
found within ceil((pages - 1) / sweep_pages) nights (`schedule.sweep_bound`).

One article, one URL: links are fetched in their canonical form (tracking
parameters and fragments dropped, `canonical.py`); a page whose
`<link rel="canonical">` names another URL on an allowed host, or whose text
is that of a known article under another URL, is an alias: its record carries
the article's URL in `canonical_url`, the alias is remembered (never fetched
again), and only the article is revisited.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from provind import defaults
from provind.crawl import content, schedule
from provind.crawl.canonical import canonical_url
from provind.crawl.client import FetchPolicy, FetchResult, PoliteClient
from provind.crawl.content import sniff_binary
from provind.crawl.parse import ParsedArticle, ParsedList, parse_article, parse_list
from provind.crawl.sources import Source

DEFAULT_MAX_PAGES = defaults.MAX_PAGES  # list pages per start URL and run
DEFAULT_GIVE_UP_AFTER = defaults.GIVE_UP_AFTER  # runs a failing URL is retried before it is given up
STATE_VERSION = 2
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
    # The article's own URL when `url` is an alias of it (rel=canonical, or the same text); else None.
    canonical_url: str | None = None
    revisit: bool = False  # a scheduled re-check of a known article


# --------------------------------------------------------------------------- crawl state


@dataclass
class CrawlState:
    path: Path
    source: str
    pages: dict[str, dict[str, Any]] = field(default_factory=dict)
    failed: dict[str, dict[str, Any]] = field(default_factory=dict)
    last_success: str | None = None
    last_run: str | None = None
    sweep: dict[str, str | None] = field(default_factory=dict)  # start URL -> where the next sweep starts

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
            sweep=data.get("sweep", {}),
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
            "sweep": self.sweep,
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
        """Seen with a usable result, an alias, or given up: no need to fetch it again unless rechecking."""
        if url in self.failed:
            return self.failed[url].get("gave_up") is not None
        return url in self.pages

    def is_article(self, url: str) -> bool:
        return self.pages.get(url, {}).get("kind") == "article"

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
    now: datetime | None = None,
) -> Iterator[FetchRecord]:
    """Crawl one source incrementally, yielding a FetchRecord for every fetch or skip.

    Asking for the next record tells the crawler the previous one is stored: only
    then does its crawl state take it in (see the module docstring). A consumer
    that stops early leaves the last record's article unknown, to be fetched again.

    recheck: re-fetch every known article with a conditional GET (a 304 costs no body),
    whether due or not and beyond the budget. now: the night's clock (tests pass their own).
    """
    own_client = client is None
    client = client or PoliteClient()
    state = CrawlState.load(state_dir, source.name)
    run = _Run(source, state, client, recheck, give_up_after, now or datetime.now(UTC))
    try:
        yield from run.crawl(max_pages)
    finally:
        if own_client:
            client.close()


class _Run:
    """One crawl of one source: the decisions, with the state they read and write."""

    def __init__(
        self,
        source: Source,
        state: CrawlState,
        client: PoliteClient,
        recheck: bool,
        give_up_after: int,
        now: datetime,
    ) -> None:
        self.source, self.state, self.client = source, state, client
        self.policy = FetchPolicy.for_source(source)
        self.revisit_policy = source.revisit
        self.recheck, self.give_up_after, self.now = recheck, give_up_after, now
        self.done: set[str] = set()  # article URLs fetched (or given up) in this run
        self.listed: set[str] = set()  # article links met on the lists in this run
        self.list_urls: set[str] = {url for url, page in state.pages.items() if page.get("kind") == "list"}
        # text signature -> the article URL it belongs to: the same text under a new URL is an alias
        self.signatures: dict[str, str] = {
            page["signature"]: url
            for url, page in state.pages.items()
            if page.get("kind") == "article" and page.get("signature")
        }

    def crawl(self, max_pages: int) -> Iterator[FetchRecord]:
        started = self.now.isoformat()
        list_ok = True
        for start_url in self.source.start_urls:
            yield from self._robots(start_url)
            for record in self._paginate(start_url, max_pages):
                list_ok &= not (record.kind == "list" and record.outcome in ("error", "disallowed"))
                yield record
        yield from self._retry_failed()
        yield from self._revisit()
        self.state.last_run = started
        if list_ok:
            self.state.last_success = started
        self.state.save()

    # ----------------------------------------------------------------------- robots

    def _robots(self, start_url: str) -> Iterator[FetchRecord]:
        yield from robots_records(self.source.name, self.client, self.policy, start_url)

    # ----------------------------------------------------------------------- list pages

    def _paginate(self, start_url: str, max_pages: int) -> Iterator[FetchRecord]:
        """Walk to the first all-known list page, then sweep a few more from the rotating cursor."""
        url: str | None = start_url
        walked: set[str] = set()
        stopped_before: str | None = None  # the page after the first all-known one
        while url and url not in walked and len(walked) < max_pages:
            walked.add(url)
            links, next_page, all_known = yield from self._list_and_articles(url)
            if links is None:
                return  # the list page failed: it is retried next run (no sweep on a broken list)
            if all_known and not self._resuming(next_page):
                stopped_before = next_page  # nothing new from here on, unless inserted out of order
                break
            url = next_page
        if stopped_before is not None:
            yield from self._sweep(start_url, stopped_before, walked, max_pages)

    def _sweep(self, start_url: str, stopped_before: str, walked: set[str], max_pages: int) -> Iterator[FetchRecord]:
        """Walk `sweep_pages` list pages beyond the walk, from where the last night's sweep ended.

        The cursor moves on each night and starts over after the last page, so every list page is
        walked at least once in ceil((pages - 1) / sweep_pages) nights: an article inserted below
        page 1 out of date order is found by then. A page that answers 304 costs no body.
        """
        budget = self.revisit_policy.sweep_pages
        cursor = self.state.sweep.get(start_url)
        if not cursor or cursor in walked or cursor not in self.list_urls:
            cursor = stopped_before  # first sweep, or the cursor fell off the list: start after the walk
        url: str | None = cursor
        while url and budget > 0 and url not in walked and len(walked) < max_pages:
            walked.add(url)
            budget -= 1
            links, next_page, _ = yield from self._list_and_articles(url)
            if links is None:  # a failing page must not stop the sweep there night after night
                next_page = self.state.pages.get(url, {}).get("next_page")
            url = next_page
        self.state.sweep[start_url] = url if url not in walked else None
        self.state.save()

    def _list_and_articles(self, url: str) -> Generator[FetchRecord, None, tuple[list[str] | None, str | None, bool]]:
        """One list page and its new articles; returns (links or None if it failed, next page, all known before)."""
        links, next_page, records = self._list_page(url)
        yield from records
        if links is None:
            return None, None, False
        all_known = all(self.state.known(link) for link in links)
        for link in links:
            yield from self._article(link)
        return links, next_page, all_known

    def _resuming(self, next_page: str | None) -> bool:
        """Whether an earlier crawl left the rest of the list unfinished: then the walk goes on.

        Follows the stored chain of list pages: a page never fetched (the crawl stopped at
        max_pages) or one with links never fetched (the crawl was killed half-way) means the
        rest of the list is not all known, even though this page is.
        """
        url, seen = next_page, set()
        while url and url not in seen:
            seen.add(url)
            page = self.state.pages.get(url)
            if page is None or "links" not in page:
                return True
            if not all(self.state.known(link) or link in self.state.failed for link in page["links"]):
                return True
            url = page.get("next_page")
        return False

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
        # One article, one URL: `?from=index`, `#comments` and the like lead to the same article.
        links = list(dict.fromkeys(canonical_url(link) for link in parsed))
        self.state.remember(record, links)
        self.state.pages[url]["next_page"] = parsed.next_page
        self.list_urls.add(url)
        self.state.save()
        return links, parsed.next_page, [record]

    # ----------------------------------------------------------------------- articles

    def _article(self, url: str) -> Iterator[FetchRecord]:
        """An article link from a list: fetched when new (or failed before, or on a recheck)."""
        if url in self.listed or url in self.done:
            return
        self.listed.add(url)
        previous = self.state.pages.get(url)
        if url in self.state.failed:
            failure = self.state.failed[url]
            if failure.get("gave_up"):
                yield self._skipped(url, f"given up: {failure['gave_up']}")
                return
        elif self._known_and_not_rechecked(previous):
            yield self._skipped(url, None)  # known (an alias too): its revisits come from the schedule
            return
        self.done.add(url)
        conditional = previous if (self.recheck and previous and previous.get("outcome") != "disallowed") else {}
        record = self._fetch_article(url, conditional)
        yield record
        self._commit(record)  # the consumer asked for more: it has stored the record

    def _known_and_not_rechecked(self, previous: dict[str, Any] | None) -> bool:
        if previous is None or previous.get("outcome") == "disallowed":
            return False
        return not (self.recheck and previous.get("kind") == "article")

    def _fetch_article(self, url: str, previous: dict[str, Any], *, revisit: bool = False) -> FetchRecord:
        """Fetch and parse one article; decide its URL and whether it changed. Changes no state."""
        record = self._record(self._fetch(url, previous), "article")
        record.revisit = revisit
        if record.outcome == "ok":
            self._parse_into(record)
        if record.outcome == "ok" and record.article is not None:
            identity = self._identity(url, record.article, revisit)
            if identity != url:
                record.canonical_url = identity
            known = self.state.pages.get(identity, {})
            if known.get("kind") == "article":
                record.changed = _signature(record.article) != known.get("signature") and (
                    record.content_hash != known.get("content_hash")  # an entry from before signatures
                )
            else:
                record.changed = True
        return record

    def _identity(self, url: str, article: ParsedArticle, revisit: bool) -> str:
        """The URL this article is kept under: its own, or the article it is an alias of."""
        if revisit or self.state.is_article(url):
            return url  # a known article stays itself; its revisit may find new text
        signature = _signature(article)
        declared = canonical_url(article.canonical_url) if article.canonical_url else None
        if declared and declared != url and self._plausible_canonical(declared):
            known = self.state.pages.get(declared, {})
            # A declared canonical whose known text differs is not trusted with this text:
            # its own revisit will tell if the article changed.
            if known.get("kind") != "article" or known.get("signature") == signature:
                return declared
        same_text = self.signatures.get(signature)
        return same_text if same_text and same_text != url else url

    def _plausible_canonical(self, url: str) -> bool:
        """Templates sometimes declare the home page or the list as every article's canonical URL."""
        parts = urlsplit(url)
        if not self.source.allows_host(parts.hostname) or parts.path in ("", "/"):
            return False
        lists = {canonical_url(u) for u in (*self.source.start_urls, *self.list_urls)}
        return url not in lists and self.state.pages.get(url, {}).get("kind") not in ("list", "alias")

    def _commit(self, record: FetchRecord) -> None:
        """Take a stored record into the crawl state, and save it."""
        url = record.url
        if record.outcome in ("error", "disallowed"):
            if record.revisit and self.state.is_article(url):
                # A known article that failed its re-check stays known: asked again after `min`.
                entry = self.state.pages[url]
                entry.update(schedule.after_revisit(entry, self.now, self.revisit_policy, changed=None))
            else:
                # Disallowed too: robots.txt may change, and a redirect off the site costs a request
                # each run, so it is retried on later runs and given up like any failure.
                self.state.remember_failure(record, self.give_up_after)
            self.state.save()
            return
        identity = record.canonical_url or url
        if identity != url:
            self.state.pages[url] = {
                "kind": "alias",
                "canonical": identity,
                "outcome": record.outcome,
                "fetched_at": record.fetched_at.isoformat(),
                "content_hash": record.content_hash,
            }
            self.state.failed.pop(url, None)
        known = self.state.pages.get(identity)
        is_new = known is None or known.get("kind") != "article"
        entry = self.state.pages.setdefault(identity, {})
        entry.update(kind="article", outcome=record.outcome, fetched_at=record.fetched_at.isoformat())
        if record.outcome == "ok":
            entry["content_hash"] = record.content_hash
            if record.article is not None:
                entry["signature"] = _signature(record.article)
                self.signatures[entry["signature"]] = identity
            if identity == url:  # validators belong to the URL that sent them
                entry.update(etag=record.etag, last_modified=record.last_modified)
        if is_new:
            entry.update(schedule.first_visit(self.now, self.revisit_policy))
        elif record.revisit or self.recheck:
            entry.update(schedule.after_revisit(entry, self.now, self.revisit_policy, changed=record.changed))
        self.state.failed.pop(identity, None)
        self.state.save()

    def _parse_into(self, record: FetchRecord) -> None:
        """Parse an article body; a page that cannot be read becomes an error (its body is kept)."""
        body = record.body or b""
        sniffed = sniff_binary(body)
        if sniffed:
            record.outcome = "error"
            record.error = f"not an HTML page: {sniffed} content labelled {record.content_type}"
            return
        # the bytes decide over the header: an HTML page served as octet-stream is still a page
        if content.media_type(body, record.content_type or "text/html", record.final_url) not in HTML_TYPES:
            record.outcome, record.error = "error", f"not an HTML page: Content-Type {record.content_type}"
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
                record = self._fetch_article(url, {})
                yield record
                self._commit(record)

    def _revisit(self) -> Iterator[FetchRecord]:
        """Known articles due for a re-check (all of them on a recheck), with conditional GETs."""
        articles = [
            (url, page)
            for url, page in self.state.pages.items()
            if page.get("kind") == "article" and page.get("outcome") != "disallowed" and url not in self.done
        ]
        due = [url for url, _ in articles] if self.recheck else schedule.due(articles, self.now, self.revisit_policy)
        for url in due:
            self.done.add(url)
            record = self._fetch_article(url, dict(self.state.pages[url]), revisit=True)
            yield record
            self._commit(record)

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


def _signature(article: ParsedArticle) -> str:
    """What makes two fetches the same article: its title, date and text (not the template's bytes)."""
    text = f"{article.title}\n{article.published}\n{article.body_text}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


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
