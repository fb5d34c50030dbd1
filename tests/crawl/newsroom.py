"""A small bureau news site on 127.0.0.1 whose articles a test can correct, insert, pin and copy.

    /robots.txt                 404 (everything allowed)
    /news/, /news/index_N.html  list pages, `per_page` links each, newest first, "下一页" to the next
    /news/a-<id>.html           an article, with a strong ETag and Last-Modified (304 on a match)
    /copy/<id>.html             the same article's bytes under a second path (`copy(id)`)
    /print/<id>.html            the article's text in another template, with rel=canonical to it (`print_copy(id)`)

Mutations: `correct(id)` changes an article's text, `insert(position)` puts a new
(older-dated) article at a position in the list, `pin(id)` lists it at the top of
page 1 as `/news/a-<id>.html?from=index`, `copy(id)` / `print_copy(id)` add a
second path to a list. `log` holds every request: path (with query), status, body bytes.
"""

from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

BUILT = datetime(2024, 6, 1, tzinfo=UTC)


@dataclass
class Hit:
    path: str
    status: int
    bytes: int
    at: float


@dataclass
class Article:
    id: int
    published: date
    revision: int = 0

    def html(self, template: str = "news", canonical: str | None = None) -> bytes:
        fix = f"（更正第{self.revision}次）" if self.revision else ""
        link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
        frame = "<div class='print'>打印版</div>" if template == "print" else "<nav>首页 &gt; 工作动态</nav>"
        return (
            f"<!doctype html><html><head><meta charset='utf-8'>{link}<title>工作动态第{self.id}号</title></head>"
            f"<body>{frame}<h1>工作动态第{self.id}号</h1><p>发布日期：{self.published.isoformat()}</p>"
            f"<div id='zoom'><p>全省抽检食品{1000 + self.id}批次，合格率{90 + self.id % 10}.5%。{fix}</p>"
            f"<p>第{self.id}号通报的正文。</p></div></body></html>"
        ).encode()


@dataclass
class Newsroom:
    articles: int = 24
    per_page: int = 5
    article_delay: float = 0.0  # seconds each article answer waits (to kill a crawl mid-way)
    log: list[Hit] = field(default_factory=list)
    _items: list[str] = field(default_factory=list)  # list entries in page order: hrefs
    _articles: dict[int, Article] = field(default_factory=dict)
    _modified: dict[int, datetime] = field(default_factory=dict)
    _copies: dict[str, tuple[int, str]] = field(default_factory=dict)  # path -> (id, template)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _server: ThreadingHTTPServer | None = None
    _thread: threading.Thread | None = None

    def __post_init__(self) -> None:
        for n in range(self.articles, 0, -1):  # newest first
            self._add(n, date(2024, 1, 1) + timedelta(days=n))
            self._items.append(f"/news/a-{n}.html")

    def _add(self, n: int, published: date) -> None:
        self._articles[n] = Article(n, published)
        self._modified[n] = BUILT

    # ----------------------------------------------------------------------- the site changes

    def correct(self, n: int) -> None:
        with self._lock:
            self._articles[n].revision += 1
            self._modified[n] = self._modified[n] + timedelta(days=1)

    def insert(self, position: int) -> str:
        """A new article, dated before its neighbours, at `position` (0-based) of the list; its path."""
        with self._lock:
            n = max(self._articles) + 1
            self._add(n, date(2023, 6, 1))
            path = f"/news/a-{n}.html"
            self._items.insert(position, path)
            return path

    def pin(self, n: int) -> None:
        with self._lock:
            self._items.insert(0, f"/news/a-{n}.html?from=index")

    def copy(self, n: int, position: int = 0) -> str:
        with self._lock:
            path = f"/copy/{n}.html"
            self._copies[path] = (n, "news")
            self._items.insert(position, path)
            return path

    def print_copy(self, n: int, position: int = 0) -> str:
        with self._lock:
            path = f"/print/{n}.html"
            self._copies[path] = (n, "print")
            self._items.insert(position, path)
            return path

    @property
    def pages(self) -> int:
        return -(-len(self._items) // self.per_page)

    def page_of(self, path: str) -> int:
        return self._items.index(path) // self.per_page + 1

    def article_paths(self) -> list[str]:
        return [f"/news/a-{n}.html" for n in sorted(self._articles)]

    # ----------------------------------------------------------------------- what the log says

    def hits(self, since: int = 0, prefix: str = "/") -> list[Hit]:
        return [h for h in self.log[since:] if h.path.startswith(prefix)]

    # ----------------------------------------------------------------------- serving

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> Newsroom:
        site = self

        class Handler(_Handler):
            pass

        Handler.site = site
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join(timeout=5)

    def __enter__(self) -> Newsroom:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def answer(self, path: str) -> tuple[int, bytes, datetime | None, bool]:
        """(status, body, last_modified, is_article) for a path (query included)."""
        bare = path.split("?", 1)[0]
        with self._lock:
            if bare == "/news/" or bare.startswith("/news/index_"):
                page = 1 if bare == "/news/" else int(bare.removeprefix("/news/index_").removesuffix(".html"))
                return (*self._list(page), BUILT, False) if 1 <= page <= self.pages else (404, b"", None, False)
            if bare.startswith("/news/a-"):
                n = int(bare.removeprefix("/news/a-").removesuffix(".html"))
                if n in self._articles:
                    return 200, self._articles[n].html(), self._modified[n], True
            if bare in self._copies:
                n, template = self._copies[bare]
                canonical = f"{self.url}/news/a-{n}.html" if template == "print" else None
                return 200, self._articles[n].html(template, canonical), self._modified[n], True
        return 404, b"not found", None, False

    def _list(self, page: int) -> tuple[int, bytes]:
        items = self._items[(page - 1) * self.per_page : page * self.per_page]
        links = "".join(f"<li><a href='{href}'>通报 {href}</a></li>" for href in items)
        more = f"<a href='/news/index_{page + 1}.html'>下一页</a>" if page < self.pages else ""
        html = f"<html><head><meta charset='utf-8'></head><body><ul class='news-list'>{links}</ul>{more}</body></html>"
        return 200, html.encode()


class _Handler(BaseHTTPRequestHandler):
    site: Newsroom
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        status, body, modified, is_article = self.site.answer(self.path)
        if is_article and self.site.article_delay:
            time.sleep(self.site.article_delay)
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if status == 200 and self.headers.get("If-None-Match") == etag:
            status, body = 304, b""
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        if status in (200, 304):
            self.send_header("ETag", etag)
            if modified:
                self.send_header("Last-Modified", format_datetime(modified, usegmt=True))
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)
        with self.site._lock:
            self.site.log.append(Hit(self.path, status, len(body), time.monotonic()))

    def log_message(self, *args: object) -> None:
        pass
