"""Many small bureau sites on loopback, one server per address (127.0.x.y), each with its own Crawl-delay.

Linux routes all of 127.0.0.0/8 to the loopback interface, so every bureau is a host
of its own (its own pacing turn) on this one machine. Each site serves:

    /robots.txt        Crawl-delay: <its delay>
    /news/             one list page linking all its articles
    /news/a-<n>.html   an article (title, date, body the crawler's default template reads)

Every request is logged with the server-side time it arrived (`hits`), so a test can
check no host was asked twice within its delay.

Run as a program it serves a farm until its stdin closes, then writes the hits as JSON:
the national benchmark keeps the servers out of the crawling process.

    python -m tests.crawl.national_bureaus --hosts 200 --articles 8 --delays 0.2,1 --log hits.json
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


@dataclass
class Hit:
    host: str  # the bureau's name
    path: str
    at: float  # time.time() when the request arrived


@dataclass
class Bureau:
    name: str
    address: str
    delay: float
    articles: int
    server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self.server is not None
        return f"http://{self.address}:{self.server.server_address[1]}"

    def answer(self, path: str) -> tuple[int, str, bytes]:
        if path == "/robots.txt":
            return 200, "text/plain", f"User-agent: *\nCrawl-delay: {self.delay:g}\nAllow: /\n".encode()
        if path == "/news/":
            links = "".join(
                f"<li><a href='/news/a-{n}.html'>{self.name} 通报 {n}</a></li>" for n in range(self.articles, 0, -1)
            )
            html = f"<html><head><meta charset='utf-8'></head><body><ul class='news-list'>{links}</ul></body></html>"
            return 200, "text/html; charset=utf-8", html.encode()
        if path.startswith("/news/a-") and path.endswith(".html"):
            n = int(path.removeprefix("/news/a-").removesuffix(".html"))
            if 1 <= n <= self.articles:
                return 200, "text/html; charset=utf-8", self.article(n)
        return 404, "text/plain", b"not found"

    def article(self, n: int) -> bytes:
        published = date(2024, 1, 1) + timedelta(days=n)
        title = f"{self.name}工作动态第{n}号"
        return (
            f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title></head><body>"
            f"<h1>{title}</h1><p>发布日期：{published.isoformat()}</p>"
            f"<div id='zoom'><p>{self.name}全市抽检食品{1000 + n}批次，合格率{90 + n % 10}.5%。</p>"
            f"<p>{self.name}第{n}号通报的正文。</p></div></body></html>"
        ).encode()


@dataclass
class BureauFarm:
    """`hosts` bureaus on 127.0.1.1, 127.0.1.2, ...; bureau i's Crawl-delay is delays[i % len(delays)]."""

    hosts: int
    articles: int
    delays: tuple[float, ...] = (0.5,)
    bureaus: list[Bureau] = field(default_factory=list)
    hits: list[Hit] = field(default_factory=list)
    _threads: list[threading.Thread] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def start(self) -> BureauFarm:
        for i in range(self.hosts):
            address = f"127.0.{1 + i // 250}.{1 + i % 250}"
            bureau = Bureau(f"bureau{i:04d}", address, self.delays[i % len(self.delays)], self.articles)
            bureau.server = ThreadingHTTPServer((address, 0), self._handler(bureau))
            bureau.server.daemon_threads = True
            thread = threading.Thread(target=bureau.server.serve_forever, args=(0.2,), daemon=True)
            thread.start()
            self.bureaus.append(bureau)
            self._threads.append(thread)
        return self

    def stop(self) -> None:
        # shutdown() waits for its server's next poll: ask them all at once, not one after another
        stoppers = [threading.Thread(target=b.server.shutdown) for b in self.bureaus if b.server is not None]
        for stopper in stoppers:
            stopper.start()
        for stopper in stoppers:
            stopper.join(timeout=10)
        for bureau in self.bureaus:
            if bureau.server is not None:
                bureau.server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)

    def __enter__(self) -> BureauFarm:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _handler(self, bureau: Bureau) -> type[BaseHTTPRequestHandler]:
        farm = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                arrived = time.time()
                with farm._lock:
                    farm.hits.append(Hit(bureau.name, self.path, arrived))
                status, content_type, body = bureau.answer(self.path)
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        return Handler

    def sites(self) -> list[dict]:
        return [{"name": b.name, "url": b.url, "delay": b.delay, "articles": b.articles} for b in self.bureaus]


def registry_yaml(sites: list[dict]) -> str:
    """A sources.yml with one news_list source per bureau site."""
    entries = [
        f"  - name: {site['name']}\n"
        "    kind: news_list\n"
        f"    publisher: {site['name']} 统计局\n"
        '    region_code: "370000"\n'
        f'    start_urls: ["{site["url"]}/news/"]\n'
        '    selectors: {list_links: "ul.news-list li a"}\n'
        "    rate_limit: 0\n"
        "    allow_private: true\n"
        for site in sites
    ]
    return "sources:\n" + "".join(entries)


def too_soon(hits: list[Hit], delays: dict[str, float], slack: float = 0.02) -> list[tuple[str, float, float]]:
    """(host, gap, delay) for every two requests to one host that arrived less than its delay apart."""
    by_host: dict[str, list[float]] = {}
    for hit in hits:
        by_host.setdefault(hit.host, []).append(hit.at)
    found = []
    for host, times in by_host.items():
        times.sort()
        found += [(host, b - a, delays[host]) for a, b in itertools.pairwise(times) if b - a < delays[host] - slack]
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--hosts", type=int, required=True)
    parser.add_argument("--articles", type=int, default=8)
    parser.add_argument("--delays", default="0.5", help="comma-separated Crawl-delays, dealt round the hosts")
    parser.add_argument("--log", type=Path, required=True, help="where the hits go when stdin closes")
    args = parser.parse_args()
    delays = tuple(float(d) for d in args.delays.split(","))
    with BureauFarm(args.hosts, args.articles, delays) as farm:
        print(json.dumps(farm.sites()), flush=True)
        sys.stdin.read()  # until the benchmark closes our stdin
        hits = [[h.host, h.path, h.at] for h in farm.hits]
    args.log.write_text(json.dumps(hits))


if __name__ == "__main__":
    main()
