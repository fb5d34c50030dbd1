"""A fault-injection bureau site on 127.0.0.1: everything a government site does to a crawler at night.

Run it in a thread (`FaultSite.start()` / `stop()`), crawl `site.url + "news/"`,
then read `site.requests`: every request it received, in arrival order, with
its path, time, headers and bytes sent, so tests can check that robots.txt and
the per-host rate were obeyed and that no request went where it must not.

Paths (the list pages link to every `/a/…` article and to `/private/…`):

    /robots.txt                 Disallow: /private/
    /news/, /news/index_2.html  list pages (page 2 answers 503 once); `site.phase = 2` adds
                                /a/new.html to page 1, so the list changes between two runs
    /a/ok-N.html                good articles, with ETag and Last-Modified (304 on a match);
                                `site.corrected.add(path)` corrects one's text
    /a/burst.html               503, 503, then good            (within the retries of one run)
    /a/long-burst.html          500 ×4, then good              (gives up in run 1, good on run 2)
    /a/retry-after.html         429 Retry-After: 1, then good
    /a/hang.html                hangs past the read timeout once, then good
    /a/hang-always.html         always hangs
    /a/truncated.html           body cut short once, then good
    /a/truncated-always.html    body always cut short
    /a/wrong-charset.html       GB18030 bytes labelled charset=utf-8, good once decoded
    /a/no-charset.html          GB18030 bytes, no charset anywhere
    /a/loop.html                redirect loop loop → loop-b → loop
    /a/to-private.html          redirect to http://169.254.169.254/ (cloud metadata, link-local)
    /a/to-other-host.html       redirect to http://localhost:PORT/… (a host outside the allowed domains)
    /a/huge.html                50 MB, announced by Content-Length
    /a/huge-stream.html         50 MB streamed without a Content-Length
    /a/report.html              a PDF (Content-Type application/pdf) where HTML was promised
    /a/report-mislabelled.html  a PDF labelled text/html
    /a/gone.html                404
    /private/secret.html        disallowed by robots.txt: must never be requested

`mode="clean"` serves only the list pages and the good articles (no faults):
the second crawl of an unchanged site is measured against it.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MB = 1024 * 1024
HUGE_BYTES = 50 * MB
RETRY_AFTER_SECONDS = 1
MODIFIED = datetime(2024, 3, 1, 8, 0, tzinfo=UTC)

GOOD = [f"/a/ok-{n}.html" for n in range(1, 5)]
# Served correctly in the end: within one run's retries, or on a later run.
EVENTUALLY_GOOD = [
    "/a/burst.html",
    "/a/long-burst.html",
    "/a/retry-after.html",
    "/a/hang.html",
    "/a/truncated.html",
    "/a/wrong-charset.html",
    "/a/no-charset.html",
]
# Never served correctly: each must end with an error or disallowed record naming why.
NEVER_GOOD = {
    "/a/hang-always.html": "timeout",
    "/a/truncated-always.html": "body incomplete",
    "/a/loop.html": "redirect loop",
    "/a/to-private.html": "169.254.169.254",
    "/a/to-other-host.html": "localhost",
    "/a/huge.html": "too large",
    "/a/huge-stream.html": "too large",
    "/a/report.html": "not an HTML page",
    "/a/report-mislabelled.html": "not an HTML page",
    "/a/gone.html": "HTTP 404",
    "/private/secret.html": "robots.txt",
}
NEW_IN_PHASE_2 = "/a/new.html"
ROBOTS = "User-agent: *\nDisallow: /private/\n"


@dataclass
class Request:
    method: str
    path: str
    at: float  # time.monotonic() when the request line was read
    headers: dict[str, str]
    status: int = 0
    bytes_sent: int = 0


@dataclass
class FaultSite:
    mode: str = "faults"  # "faults" | "clean"
    hang_seconds: float = 1.0
    phase: int = 1
    corrected: set[str] = field(default_factory=set)  # good articles whose text was corrected (revisit tests)
    requests: list[Request] = field(default_factory=list)
    _counts: dict[str, int] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _stopping: threading.Event = field(default_factory=threading.Event)
    _server: ThreadingHTTPServer | None = None
    _thread: threading.Thread | None = None

    # ----------------------------------------------------------------------- lifecycle

    def start(self) -> FaultSite:
        site = self

        class Handler(_Handler):
            pass

        Handler.site = site
        self._server = _Server(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()  # wakes every hanging handler
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> FaultSite:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._server is not None
        return self._server.server_address[1]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    # ----------------------------------------------------------------------- bookkeeping

    def record(self, request: Request) -> int:
        """Log a request; return how many times its path was asked for before."""
        with self._lock:
            self.requests.append(request)
            seen = self._counts.get(request.path, 0)
            self._counts[request.path] = seen + 1
            return seen

    def hits(self, path: str) -> int:
        return sum(1 for r in self.requests if r.path == path)

    def mark(self) -> int:
        """An index into `requests`, to look at one run's requests only."""
        return len(self.requests)

    def wait(self, seconds: float) -> None:
        self._stopping.wait(seconds)

    # ----------------------------------------------------------------------- content

    def articles(self) -> list[str]:
        if self.mode == "clean":
            paths = list(GOOD)
        else:
            never = list(NEVER_GOOD)
            paths = [*GOOD, *(p for pair in zip(never, EVENTUALLY_GOOD, strict=False) for p in pair)]
            paths += never[len(EVENTUALLY_GOOD) :]
        if self.phase >= 2:
            paths.insert(0, NEW_IN_PHASE_2)
        return paths

    def list_page(self, number: int) -> bytes:
        paths = self.articles()
        half = (len(paths) + 1) // 2
        chunk = paths[:half] if number == 1 else paths[half:]
        items = "\n".join(f'<li><a href="{p}">{escape(_title(p))}</a></li>' for p in chunk)
        pager = '<a href="/news/index_2.html">下一页</a>' if number == 1 else '<a href="/news/">上一页</a>'
        return _page(f"工作动态 第{number}页", f'<ul class="news-list">\n{items}\n</ul>\n<div>{pager}</div>')


def _title(path: str) -> str:
    return "关于" + path.rsplit("/", 1)[-1].removesuffix(".html") + "的通报"


def _page(title: str, body: str, charset: str | None = "utf-8") -> bytes:
    meta = f'<meta charset="{charset}">\n' if charset else ""
    html = f"<!DOCTYPE html>\n<html><head>{meta}<title>{escape(title)}</title></head>\n<body>\n{body}\n</body></html>\n"
    return html.encode(charset or "utf-8")


def article_html(path: str, charset: str | None = "utf-8", *, corrected: bool = False) -> bytes:
    title = _title(path)
    body = (
        f'<h1>{escape(title)}</h1>\n<div class="info">发布日期：2024-03-01</div>\n'
        f'<div id="zoom"><p>全省市场监管系统抽检食品4479批次，合格率98.6%。（{escape(path)}）</p>'
        + ("<p>（更正：合格率应为98.7%）</p>" if corrected else "")
        + "</div>"
    )
    if charset is None:
        html = f"<!DOCTYPE html>\n<html><head><title>{escape(title)}</title></head>\n<body>\n{body}\n</body></html>\n"
        return html.encode("gb18030")
    return _page(title, body, charset)


# --------------------------------------------------------------------------- HTTP


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients hanging up early (size cap, timeouts) are what this server provokes


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # no 40 ms delayed-ACK stall between headers and body
    site: FaultSite

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        self.entry = Request("GET", path, time.monotonic(), dict(self.headers))
        seen = self.site.record(self.entry)
        route = self._route(path)
        if route is None:
            self._send(404, b"not found\n", "text/plain; charset=utf-8")
        else:
            route(seen)

    def _route(self, path: str) -> Callable[[int], None] | None:
        site = self.site
        if path == "/robots.txt":
            return lambda seen: self._send(200, ROBOTS.encode(), "text/plain; charset=utf-8")
        if path == "/news/":
            return lambda seen: self._good(site.list_page(1))
        if path == "/news/index_2.html":
            return self._list_two
        if path in GOOD or (path == NEW_IN_PHASE_2 and site.phase >= 2):
            return lambda seen: self._good(article_html(path, corrected=path in site.corrected))
        if site.mode == "clean":
            return None
        name = path.removeprefix("/a/").removesuffix(".html")
        return getattr(self, "_" + name.replace("-", "_"), None) if path.startswith("/a/") else None

    # ----------------------------------------------------------------------- faults by path

    def _list_two(self, seen: int) -> None:
        if self.site.mode != "clean" and seen == 0:
            return self._send(503, b"busy\n", "text/plain")
        self._good(self.site.list_page(2))

    def _burst(self, seen: int) -> None:
        self._fail_first(seen, 2, 503)

    def _long_burst(self, seen: int) -> None:
        self._fail_first(seen, 4, 500)

    def _retry_after(self, seen: int) -> None:
        if seen == 0:
            return self._send(429, b"slow down\n", "text/plain", {"Retry-After": str(RETRY_AFTER_SECONDS)})
        self._good(article_html(self.entry.path))

    def _hang(self, seen: int) -> None:
        if seen == 0:
            return self._hang_up()
        self._good(article_html(self.entry.path))

    def _hang_always(self, seen: int) -> None:
        self._hang_up()

    def _truncated(self, seen: int) -> None:
        if seen == 0:
            return self._cut_short()
        self._good(article_html(self.entry.path))

    def _truncated_always(self, seen: int) -> None:
        self._cut_short()

    def _wrong_charset(self, seen: int) -> None:
        body = article_html(self.entry.path, charset=None)  # GB18030 bytes…
        self._good(body, "text/html; charset=utf-8")  # …that the header says are UTF-8

    def _no_charset(self, seen: int) -> None:
        self._good(article_html(self.entry.path, charset=None), "text/html")

    def _loop(self, seen: int) -> None:
        self._redirect("/a/loop-b.html")

    def _loop_b(self, seen: int) -> None:
        self._redirect("/a/loop.html")

    def _to_private(self, seen: int) -> None:
        self._redirect("http://169.254.169.254/latest/meta-data/")

    def _to_other_host(self, seen: int) -> None:
        self._redirect(f"http://localhost:{self.site.port}/a/ok-1.html")

    def _huge(self, seen: int) -> None:
        self._stream_huge(announce=True)

    def _huge_stream(self, seen: int) -> None:
        self._stream_huge(announce=False)

    def _report(self, seen: int) -> None:
        self._good(_PDF, "application/pdf")

    def _report_mislabelled(self, seen: int) -> None:
        self._good(_PDF, "text/html; charset=utf-8")

    def _gone(self, seen: int) -> None:
        self._send(404, b"gone\n", "text/plain")

    # ----------------------------------------------------------------------- answers

    def _fail_first(self, seen: int, times: int, status: int) -> None:
        if seen < times:
            return self._send(status, f"HTTP {status}\n".encode(), "text/plain")
        self._good(article_html(self.entry.path))

    def _good(self, body: bytes, content_type: str = "text/html; charset=utf-8") -> None:
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        headers = {"ETag": etag, "Last-Modified": format_datetime(MODIFIED, usegmt=True)}
        if self.headers.get("If-None-Match") == etag:
            return self._send(304, b"", None, headers)
        self._send(200, body, content_type, headers)

    def _send(self, status: int, body: bytes, content_type: str | None, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.entry.status = status
        if body:
            self.wfile.write(body)
            self.entry.bytes_sent += len(body)

    def _redirect(self, location: str) -> None:
        self._send(302, b"", None, {"Location": location})

    def _hang_up(self) -> None:
        """Say nothing until well past the client's read timeout, then give up the connection."""
        self.entry.status = -1
        self.site.wait(self.site.hang_seconds)
        self.close_connection = True

    def _cut_short(self) -> None:
        body = article_html(self.entry.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body[: len(body) // 3])
        self.wfile.flush()
        self.entry.status, self.entry.bytes_sent = 200, len(body) // 3
        self.close_connection = True

    def _stream_huge(self, *, announce: bool) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        if announce:
            self.send_header("Content-Length", str(HUGE_BYTES))
        else:
            self.send_header("Connection", "close")
        self.end_headers()
        self.entry.status = 200
        self.close_connection = True
        chunk = b"<p>" + "数据".encode() * 10920 + b"</p>\n"  # about 64 KB
        sent = 0
        try:
            while sent < HUGE_BYTES and not self.site._stopping.is_set():
                piece = chunk[: HUGE_BYTES - sent]
                self.wfile.write(piece)
                sent += len(piece)
                self.entry.bytes_sent = sent
        except OSError:
            pass  # the client hung up at its size cap


_PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
)
