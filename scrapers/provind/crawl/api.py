"""Crawl a `statistics_api` source: ask the NBS release platform what its `api.queries` say.

The source's one start URL is the API's base URL. Per crawl: robots.txt once, then
for every configured query

- when it names no indicators: the indicator list of its catalog leaf (a `list`
  fetch, queryIndicatorsByCid), so that "every indicator of the leaf" stays true
  when the platform adds one;
- the data request itself (a POST to esData), a `query` fetch. Its URL in the
  records is the request's identity, `<base>/stream/esData?cid=…&indicatorIds=…&dts=…`,
  so each query is one article in raw, versioned by content hash like a page.

The answer becomes an article whose text is one line per published cell
("2023年 全国 国内生产总值 1260582 亿元"); `pipeline.extract` reads the figures from
the stored answer itself (`provind.stats.nbs`), never from that text.

Incremental: the crawl state keeps a fingerprint of each query's `data` (key order
ignored). An answer whose data did not change since the last crawl is recorded
`not_modified` without its body: the API has no conditional requests, so this is
the POST's 304, and nothing new is landed.

Nothing here raises because of an answer: HTTP errors (after the client's
retries), `success: false`, bodies that are not JSON are `error` records with the
reason, keeping the body that came back. A configured query is never given up;
it is asked again on every run.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from provind.crawl.client import FetchPolicy, PoliteClient
from provind.crawl.parse import ParsedArticle
from provind.crawl.site import CrawlState, FetchRecord, error_record, record_of, robots_records
from provind.crawl.sources import ApiQuery, Source
from provind.stats import nbs

log = logging.getLogger(__name__)

NEVER_GIVE_UP = 1 << 30  # runs: a configured query is not a link that may have gone away


def crawl_api_source(source: Source, state_dir: Path, client: PoliteClient | None = None) -> Iterator[FetchRecord]:
    """Ask every query of a statistics_api source, yielding a FetchRecord per request (and robots.txt)."""
    own_client = client is None
    client = client or PoliteClient()
    try:
        yield from _ApiRun(source, CrawlState.load(state_dir, source.name), client).crawl()
    finally:
        if own_client:
            client.close()


def query_url(base_url: str, query: ApiQuery, indicator_ids: list[str]) -> str:
    """The identity of one esData request, as a URL (sorted ids: the listing's order does not make a new article)."""
    params = {
        "cid": query.cid,
        "indicatorIds": ",".join(sorted(indicator_ids)),
        "dts": ",".join(query.dts),
        "rootId": query.root_id,
    }
    if query.areas:
        params["das"] = ",".join(query.areas)
    if query.area_catalog:
        params["daCatalogId"] = query.area_catalog
    return f"{base_url.rstrip('/')}/stream/esData?{urlencode(params, safe=',')}"


def article_from_answer(answer: dict[str, Any], url: str) -> ParsedArticle:
    """The article of an esData answer: a title read off it, one line per published cell."""
    return ParsedArticle(
        url=url,
        title=nbs.answer_title(answer),
        published=None,  # the platform dates no answer; each figure carries its own period
        body_text=nbs.answer_text(answer),
        language="zh-Hans",
        encoding="utf-8",
    )


def data_fingerprint(answer: dict[str, Any]) -> str:
    """What must change for an answer to be news: its figures, whatever the key order or other fields."""
    canonical = json.dumps(answer.get("data"), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


class _ApiRun:
    """One crawl of one statistics_api source, with the state it reads and writes."""

    def __init__(self, source: Source, state: CrawlState, client: PoliteClient) -> None:
        self.source, self.state = source, state
        self.base_url = source.start_urls[0]
        self.policy = FetchPolicy.for_source(source)
        self.client = client
        self.nbs = nbs.NbsClient(client, self.base_url, self.policy)

    def crawl(self) -> Iterator[FetchRecord]:
        if not self.source.api:  # a disabled entry waiting for its queries, crawled by name
            yield error_record(self.source.name, self.base_url, "query", "the source has no api.queries to ask")
            return
        started = datetime.now(UTC).isoformat()
        yield from robots_records(self.source.name, self.client, self.policy, self.base_url)
        all_answered = True
        for query in self.source.api:
            for record in self._query(query):
                all_answered &= record.outcome in ("ok", "not_modified")
                yield record
        # Saved once, after every record was handed on: an interrupted crawl asks everything again.
        self.state.last_run = started
        if all_answered:
            self.state.last_success = started
        self.state.save()

    def _query(self, query: ApiQuery) -> Iterator[FetchRecord]:
        indicator_ids = list(query.indicators)
        if not indicator_ids:
            listing, indicators = self._ask("list", self._listing_url(query), lambda: self.nbs.indicators(query.cid))
            indicator_ids = [i.id for i in indicators or [] if i.id]
            if listing.outcome == "ok" and not indicator_ids:
                listing.outcome, listing.error = "error", f"catalog leaf {query.cid!r} lists no indicator"
            self._remember(listing, None)
            yield listing
            if not indicator_ids:
                return  # nothing to ask for: the listing's record says why
        yield self._data(query, indicator_ids)

    def _data(self, query: ApiQuery, indicator_ids: list[str]) -> FetchRecord:
        url = query_url(self.base_url, query, indicator_ids)
        record, answer = self._ask(
            "query",
            url,
            lambda: self.nbs.es_data(
                query.cid,
                indicator_ids,
                dts=list(query.dts),
                root_id=query.root_id,
                das=_areas(query.areas),
                da_catalog_id=query.area_catalog,
            ),
        )
        if record.outcome != "ok":
            self._remember(record, None)
            return record
        fingerprint = data_fingerprint(answer)
        if self.state.pages.get(url, {}).get("data_hash") == fingerprint:
            record.outcome, record.body, record.content_hash = "not_modified", None, None
        else:
            record.changed = True
            record.article = article_from_answer(answer, url)
            if not record.article.body_text:
                log.info("%s: %s answered no published figure", self.source.name, url)
                record.article = None  # kept in raw.pages all the same; nothing to extract
        self._remember(record, fingerprint)
        return record

    def _ask(self, kind: str, url: str, call: Callable[[], Any]) -> tuple[FetchRecord, Any]:
        """Make one NbsClient call; its answer as a record under `url`, an error with the reason if it failed."""
        answered = len(self.nbs.responses)
        try:
            value, problem = call(), None
        except nbs.NbsError as exc:
            value, problem = None, str(exc)
        except Exception as exc:  # the client should not raise; if it does, it is this request's error
            value, problem = None, f"client error: {exc!r}"
        if len(self.nbs.responses) == answered:  # no answer at all
            return error_record(self.source.name, url, kind, problem or "no answer"), None
        record = record_of(self.source.name, self.nbs.responses[-1], kind)
        record.url = url
        if problem and record.outcome == "ok":
            # An answer came back but says no (success: false) or is no JSON: keep it, as the error's evidence.
            record.outcome, record.error = "error", problem
        return record, value

    def _listing_url(self, query: ApiQuery) -> str:
        params = urlencode({"cid": query.cid, "dt": "", "name": ""})  # as NbsClient.indicators asks
        return f"{self.base_url.rstrip('/')}/new/queryIndicatorsByCid?{params}"

    def _remember(self, record: FetchRecord, fingerprint: str | None) -> None:
        if record.outcome in ("ok", "not_modified"):
            self.state.remember(record)
            if fingerprint is not None:
                self.state.pages[record.url]["data_hash"] = fingerprint
        else:
            self.state.remember_failure(record, NEVER_GIVE_UP)


def _areas(codes: tuple[str, ...]) -> list[nbs.Area] | None:
    """The `das` of esData for six-digit region codes; None (the whole country) when there are none."""
    if not codes:
        return None
    from provind.extract.regions import NATIONAL_CODE, gazetteer

    def area(code: str) -> nbs.Area:
        if code == NATIONAL_CODE:
            return nbs.Area(**nbs.NATIONAL_AREA)
        region = gazetteer().get(code)
        return nbs.Area(region.name if region else code, code + "000000")  # twelve digits, as the platform has them

    return [area(code) for code in codes]
