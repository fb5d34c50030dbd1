"""Fixtures for the crawler tests: the real demo site and small loopback servers, each stopped by the test."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from provind.crawl.client import ClientConfig, PoliteClient
from provind.crawl.sources import Selectors, Source
from provind.demo_site.server import DemoSite, make_server, server_url

CORPUS_DIR = Path(__file__).resolve().parents[2] / "scrapers" / "provind" / "demo_site" / "corpus"


@dataclass
class RunningDemo:
    server: ThreadingHTTPServer
    url: str  # "http://127.0.0.1:PORT/"

    @property
    def site(self) -> DemoSite:
        return self.server.site  # type: ignore[attr-defined]

    def source(self, **overrides: object) -> Source:
        fields: dict = dict(
            name="demo",
            kind="news_list",
            publisher="山东省市场监督管理局 (demo)",
            region_code="370000",
            start_urls=(self.url + "news/",),
            allowed_domains=("127.0.0.1",),
            selectors=Selectors(list_links="ul.news-list li a"),
            rate_limit=0.0,
            allow_private=True,
        )
        fields.update(overrides)
        return Source(**fields)


def _serve(server: ThreadingHTTPServer) -> threading.Thread:
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    return thread


def _stop(server: ThreadingHTTPServer, thread: threading.Thread) -> None:
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture(autouse=True)
def private_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test's own data directory: the pacing lock files of its clients land there, not in data/."""
    data = tmp_path / "data"
    monkeypatch.setenv("PROVIND_DATA_DIR", str(data))
    return data


@pytest.fixture
def demo() -> Iterator[RunningDemo]:
    """The real demo site on 127.0.0.1, a free port, no crawl delay."""
    server = make_server("127.0.0.1", 0, crawl_delay=0)
    thread = _serve(server)
    try:
        yield RunningDemo(server, server_url(server))
    finally:
        _stop(server, thread)


def fast_config(**overrides: object) -> ClientConfig:
    config = ClientConfig(
        connect_timeout=2.0,
        read_timeout=2.0,
        total_timeout=5.0,
        max_retries=2,
        backoff_base=0.01,
        backoff_max=0.05,
        jitter=0.1,
        retry_after_cap=2.0,
        default_delay=0.0,
    )
    for key, value in overrides.items():
        setattr(config, key, value)
    return config


@pytest.fixture
def client() -> Iterator[PoliteClient]:
    with PoliteClient(fast_config()) as polite:
        yield polite


# --------------------------------------------------------------------------- scripted loopback servers


@dataclass
class Scripted:
    """A loopback server whose answers a test scripts per path; it records every request."""

    url: str
    routes: dict[str, Callable[[BaseHTTPRequestHandler], None]]
    requests: list[tuple[str, float, dict[str, str]]] = field(default_factory=list)

    def hits(self, path: str) -> int:
        return sum(1 for p, _, _ in self.requests if p == path)


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients that hang up early (size cap, timeouts) are what these tests provoke


@pytest.fixture
def scripted() -> Iterator[Callable[..., Scripted]]:
    """`scripted(routes, host="127.0.0.1", port=0)` starts a server; all are stopped after the test."""
    yield from _scripted_servers()


@pytest.fixture(scope="module")
def scripted_module() -> Iterator[Callable[..., Scripted]]:
    """`scripted`, for a module's shared fixture: the servers are stopped after the module's tests."""
    yield from _scripted_servers()


def _scripted_servers() -> Iterator[Callable[..., Scripted]]:
    started: list[tuple[ThreadingHTTPServer, threading.Thread]] = []

    def start(
        routes: dict[str, Callable[[BaseHTTPRequestHandler], None]], host: str = "127.0.0.1", port: int = 0
    ) -> Scripted:
        state = Scripted("", routes)

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                path = self.path.split("?", 1)[0]
                state.requests.append((path, time.monotonic(), dict(self.headers)))
                route = state.routes.get(path)
                if route is None:
                    send(self, 404, b"not found")
                else:
                    route(self)

            def log_message(self, *args: object) -> None:
                pass

        server = _QuietServer((host, port), Handler)
        server.daemon_threads = True
        started.append((server, _serve(server)))
        state.url = server_url(server)
        return state

    yield start
    for server, thread in started:
        _stop(server, thread)


def send(handler: BaseHTTPRequestHandler, status: int, body: bytes = b"", **headers: str) -> None:
    handler.send_response(status)
    headers.setdefault("Content-Type", "text/html; charset=utf-8")
    for name, value in headers.items():
        handler.send_header(name.replace("_", "-"), value)
    if "Content-Length" not in headers:
        handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    if body:
        handler.wfile.write(body)
