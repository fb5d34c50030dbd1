"""The embedded bureau site: a real HTTP server on loopback serving the bundled corpus.

URL layout (2 articles per list page, newest first):

    /                      home page
    /news/                 news list, page 1
    /news/index_N.html     news list, page N (N >= 2)
    /news/<doc-stem>.html  one article, e.g. /news/000_75e68aafbc592f63.html, or a statistics
                           release (/news/tjgb_2023_shandong.html: tables of published figures)
    /news/<name>.csv       a statistics release's CSV attachment
    /dg/website/publicrelease/web/external/…
                           the NBS release platform's API (GET catalog calls, POST stream/esData),
                           answering from recordings (`nbs_api.py`, `nbs/`)
    /robots.txt            disallows /admin/, sets Crawl-delay
    /admin/                forbidden (and disallowed by robots.txt)

Every page has a strong `ETag` (hash of its bytes) and a `Last-Modified`;
`If-None-Match` / `If-Modified-Since` get a 304, so an incremental crawl of an
unchanged site transfers no body.
"""

from __future__ import annotations

import hashlib
import json
import socket
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from datetime import time as dtime
from email.utils import format_datetime, parsedate_to_datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from provind.demo_site import nbs_api, pages

CST = timezone(timedelta(hours=8))
# Pages without a publication date still need a stable Last-Modified.
SITE_BUILT = datetime(2024, 9, 1, tzinfo=UTC)


@dataclass
class Page:
    body: bytes
    content_type: str
    last_modified: datetime

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha256(self.body).hexdigest()[:20] + '"'


@dataclass
class RequestLogEntry:
    method: str
    path: str
    status: int
    bytes_sent: int
    user_agent: str
    at: float


@dataclass
class DemoSite:
    """The site's pages by path, plus a log of every request (tests read it)."""

    pages: dict[str, Page] = field(default_factory=dict)
    log: list[RequestLogEntry] = field(default_factory=list)
    # Test hook: path -> statuses to answer its next requests with (e.g. [503, 503]), consumed in order.
    faults: dict[str, list[int]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    platform: nbs_api.Platform | None = None  # the NBS release platform's API, when served

    def record(self, entry: RequestLogEntry) -> None:
        with self.lock:
            self.log.append(entry)

    def next_fault(self, path: str) -> int | None:
        with self.lock:
            pending = self.faults.get(path)
            return pending.pop(0) if pending else None

    def set_page(self, path: str, html: str, *, encoding: str = "utf-8", modified: datetime | None = None) -> None:
        """Replace or add a page (tests use it to simulate a site that changed)."""
        self.pages[path] = Page(html.encode(_wire_codec(encoding)), _html_type(encoding), modified or datetime.now(UTC))


def _wire_codec(encoding: str) -> str:
    # GBK pages are encoded with gb18030, GBK's superset, so no character is ever lost.
    return "gb18030" if encoding.lower() in ("gbk", "gb2312") else encoding


def _html_type(encoding: str) -> str:
    return f"text/html; charset={encoding}"


def _published_at(day: date | None) -> datetime:
    if day is None:
        return SITE_BUILT
    return datetime.combine(day, dtime(8, 0), CST).astimezone(UTC)


def build_site(crawl_delay: float = 0.5, corpus_dir: Path = pages.CORPUS_DIR, *, statistics: bool = True) -> DemoSite:
    """The whole site; `statistics=False` leaves out the statistics release and API (the corpus articles only)."""
    site = DemoSite()
    articles = pages.load_articles(corpus_dir)
    if statistics:
        site.platform = nbs_api.Platform()
        releases, attachments = pages.load_statistics()
        articles = sorted(
            [*articles, *releases],
            key=lambda a: (a.published is not None, a.published or date.min),
            reverse=True,
        )
        for path, text in attachments.items():
            release_day = next((a.published for a in releases), None)
            site.pages[path] = Page(text.encode("utf-8"), "text/csv; charset=utf-8", _published_at(release_day))
    for article in articles:
        site.set_page(article.path, article.html, encoding=article.encoding, modified=_published_at(article.published))
    per = pages.ARTICLES_PER_PAGE
    total = max(1, -(-len(articles) // per))
    for number in range(1, total + 1):
        chunk = articles[(number - 1) * per : number * per]
        newest = max((_published_at(a.published) for a in chunk), default=SITE_BUILT)
        html = pages.render_list_page(chunk, number, total)
        site.set_page(pages.list_page_path(number), html, modified=newest)
    site.set_page("/", pages.render_home(), modified=SITE_BUILT)
    site.pages["/robots.txt"] = Page(pages.render_robots(crawl_delay).encode(), "text/plain; charset=utf-8", SITE_BUILT)
    return site


class DemoHandler(BaseHTTPRequestHandler):
    server_version = "provind-demo/1.0"
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes: without TCP_NODELAY the body waits ~40 ms for a delayed ACK.
    disable_nagle_algorithm = True
    server: DemoServer  # make_server pairs this handler with that server only

    @property
    def site(self) -> DemoSite:
        return self.server.site

    def do_GET(self) -> None:
        self._respond(with_body=True)

    def do_HEAD(self) -> None:
        self._respond(with_body=False)

    def do_POST(self) -> None:
        """Only the statistics API takes POSTs (its esData query, a JSON body)."""
        path = self.path.split("#", 1)[0].split("?", 1)[0]
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        fault = self.site.next_fault(path)
        if fault is not None:
            return self._send_plain(HTTPStatus(fault), f"injected fault {fault}\n", True)
        try:
            payload = json.loads(raw or b"null")
        except ValueError:
            return self._send_plain(HTTPStatus.BAD_REQUEST, "the body is not JSON\n", True)
        answer = self.site.platform.post(path, payload) if self.site.platform else None
        if answer is None:
            return self._send_plain(HTTPStatus.METHOD_NOT_ALLOWED, "POST is for the statistics API only\n", True)
        self._send_json(answer, with_body=True)

    def _respond(self, *, with_body: bool) -> None:
        path, _, query_string = self.path.split("#", 1)[0].partition("?")
        if path == "/news":
            return self._send_redirect("/news/")
        fault = self.site.next_fault(path)
        if fault is not None:
            return self._send_plain(HTTPStatus(fault), f"injected fault {fault}\n", with_body)
        if path.startswith(nbs_api.PREFIX) and self.site.platform:
            query = {k: v[0] for k, v in parse_qs(query_string, keep_blank_values=True).items()}
            answer = self.site.platform.get(path, query)
            if answer is not None:
                return self._send_json(answer, with_body=with_body)
        if path.startswith("/admin"):
            return self._send_plain(HTTPStatus.FORBIDDEN, "forbidden\n", with_body)
        page = self.site.pages.get(path)
        if page is None:
            return self._send_plain(HTTPStatus.NOT_FOUND, "not found\n", with_body)
        if self._not_modified(page):
            return self._send(HTTPStatus.NOT_MODIFIED, b"", page, with_body=False)
        self._send(HTTPStatus.OK, page.body, page, with_body=with_body)

    def _not_modified(self, page: Page) -> bool:
        """RFC 9110 §13.2.2: If-None-Match wins; If-Modified-Since only without it."""
        if_none_match = self.headers.get("If-None-Match")
        if if_none_match is not None:
            tags = [tag.strip().removeprefix("W/") for tag in if_none_match.split(",")]
            return "*" in tags or page.etag in tags
        if_modified_since = self.headers.get("If-Modified-Since")
        if if_modified_since:
            try:
                since = parsedate_to_datetime(if_modified_since)
            except (TypeError, ValueError):
                return False
            if since.tzinfo is None:
                since = since.replace(tzinfo=UTC)
            return page.last_modified.replace(microsecond=0) <= since
        return False

    def _send(self, status: HTTPStatus, body: bytes, page: Page, *, with_body: bool) -> None:
        self.send_response(status)
        self.send_header("ETag", page.etag)
        self.send_header("Last-Modified", format_datetime(page.last_modified, usegmt=True))
        self.send_header("Cache-Control", "no-cache")
        if status != HTTPStatus.NOT_MODIFIED:
            self.send_header("Content-Type", page.content_type)
            self.send_header("Content-Length", str(len(page.body)))
        self.end_headers()
        sent = 0
        if with_body and body:
            self.wfile.write(body)
            sent = len(body)
        self._log(status, sent)

    def _send_json(self, body: bytes, *, with_body: bool) -> None:
        """An API answer, without validators: the crawler's fingerprint of the data makes it incremental."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", nbs_api.CONTENT_TYPE)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if with_body:
            self.wfile.write(body)
        self._log(HTTPStatus.OK, len(body) if with_body else 0)

    def _send_plain(self, status: HTTPStatus, text: str, with_body: bool) -> None:
        body = text.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if with_body:
            self.wfile.write(body)
        self._log(status, len(body) if with_body else 0)

    def _send_redirect(self, location: str) -> None:
        self.send_response(HTTPStatus.MOVED_PERMANENTLY)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()
        self._log(HTTPStatus.MOVED_PERMANENTLY, 0)

    def _log(self, status: int, sent: int) -> None:
        self.site.record(
            RequestLogEntry(
                self.command,
                self.path,
                int(status),
                sent,
                self.headers.get("User-Agent", ""),
                time.monotonic(),
            )
        )

    def log_message(self, format: str, *args: object) -> None:
        if self.server.verbose:
            super().log_message(format, *args)


class DemoServer(ThreadingHTTPServer):
    daemon_threads = True
    site: DemoSite  # what it serves, and its request log
    verbose: bool = False  # log each request to stderr

    def handle_error(self, request: socket.socket | tuple[bytes, socket.socket], client_address: Any) -> None:
        # A crawler that hangs up mid-response is its own business, not a server error worth a traceback.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def make_server(
    host: str = "127.0.0.1",
    port: int = 0,
    *,
    crawl_delay: float = 0.5,
    verbose: bool = False,
    statistics: bool = True,
) -> DemoServer:
    """A ready-to-serve demo site (call `serve_forever()`); port 0 picks a free port.

    The site itself is at `server.site` (pages and request log).
    """
    server = DemoServer((host, port), DemoHandler)
    server.site = build_site(crawl_delay, statistics=statistics)
    server.verbose = verbose
    return server


def server_url(server: ThreadingHTTPServer) -> str:
    host, port = server.server_address[:2]
    if isinstance(host, bytes):
        host = host.decode("ascii")
    return f"http://{host}:{port}/"
