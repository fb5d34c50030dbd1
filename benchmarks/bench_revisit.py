"""What the revisit schedule costs a site: a first night, an unchanged night, a night with one correction.

    python benchmarks/bench_revisit.py

Each site is served on 127.0.0.1 in this process and crawled on three nights
with the pipeline's own crawler, a fresh client per night and the default
revisit policy (sources.yml `revisit:`; initial 1d, x1.5 when unchanged):

1. first   (T0):         empty state, every article fetched;
2. unchanged (T0 + 1d):  every article is due: a conditional GET each, answered 304;
3. corrected (T0 + 2.5d): every article is due again, one of them was corrected.

Columns: requests the client sent (robots.txt, list pages, articles, retries),
304s, response body bytes received, wall seconds, articles landed (new or changed text).
"""

from __future__ import annotations

import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # tests.faults and tests.crawl (the loopback sites) live beside the package

T0 = datetime(2024, 7, 1, 2, 0, tzinfo=UTC)
NIGHTS = (("first", T0), ("unchanged", T0 + timedelta(days=1)), ("corrected", T0 + timedelta(days=2.5)))


@dataclass
class Row:
    site: str
    night: str
    requests: int
    not_modified: int
    bytes: int
    seconds: float
    landed: int


def night(site: str, label: str, source, state: Path, config, now: datetime) -> Row:
    from provind.crawl.client import PoliteClient
    from provind.crawl.site import crawl_source

    started = time.perf_counter()
    not_modified = landed = 0
    with PoliteClient(config) as client:
        for record in crawl_source(source, state, client, now=now):
            not_modified += record.outcome == "not_modified"
            landed += record.kind == "article" and record.outcome == "ok" and record.changed
        stats = client.stats
    return Row(site, label, stats.requests, not_modified, stats.bytes_received, time.perf_counter() - started, landed)


def three_nights(site: str, source, config, correct) -> list[Row]:
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-revisit-") as state:
        for label, now in NIGHTS:
            if label == "corrected":
                correct()
            rows.append(night(site, label, source, Path(state), config, now))
    return rows


def bench_demo() -> list[Row]:
    from provind.crawl.client import ClientConfig
    from provind.crawl.sources import Selectors, Source
    from provind.demo_site.server import make_server, server_url

    server = make_server("127.0.0.1", 0, crawl_delay=0)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        url = server_url(server)
        source = Source(
            name="demo", kind="news_list", publisher="demo", region_code="370000",
            start_urls=(url + "news/",), allowed_domains=("127.0.0.1",),
            selectors=Selectors(list_links="ul.news-list li a"), rate_limit=0.0, allow_private=True,
        )  # fmt: skip
        path = "/news/001_1a913e94a34a81a7.html"

        def correct() -> None:
            html = server.site.pages[path].body.decode("utf-8")
            server.site.set_page(path, html.replace("</h1>", "（更正）</h1>", 1))

        return three_nights("demo", source, ClientConfig(default_delay=0.0), correct)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def bench_faults(mode: str) -> list[Row]:
    from tests.faults.conftest import READ_TIMEOUT, fault_config, fault_source
    from tests.faults.server import FaultSite

    with FaultSite(mode=mode, hang_seconds=READ_TIMEOUT * 3) as site:
        return three_nights(
            f"faults/{mode}",
            fault_source(site, rate_limit=0.0),
            fault_config(),
            lambda: site.corrected.add("/a/ok-2.html"),
        )


def bench_newsroom() -> list[Row]:
    """100 articles; the budget raised to 100 so that every article is due on nights 2 and 3."""
    from provind.crawl.client import ClientConfig
    from provind.crawl.schedule import RevisitPolicy
    from provind.crawl.sources import Selectors, Source
    from tests.crawl.newsroom import Newsroom

    with Newsroom(articles=100, per_page=10) as site:
        source = Source(
            name="newsroom", kind="news_list", publisher="测试局", region_code="370000",
            start_urls=(site.url + "/news/",), allowed_domains=("127.0.0.1",),
            selectors=Selectors(list_links="ul.news-list li a"), rate_limit=0.0, allow_private=True,
            revisit=RevisitPolicy(budget=100),
        )  # fmt: skip
        return three_nights("newsroom", source, ClientConfig(default_delay=0.0), lambda: site.correct(50))


def print_table(rows: list[Row]) -> None:
    header = f"{'site':<15} {'night':<10} {'requests':>8} {'304s':>5} {'bytes':>10} {'seconds':>8} {'landed':>6}"
    print(header)
    print("-" * len(header))
    for r in rows:
        print(
            f"{r.site:<15} {r.night:<10} {r.requests:>8} {r.not_modified:>5} {r.bytes:>10,} "
            f"{r.seconds:>8.2f} {r.landed:>6}"
        )


def main() -> int:
    from provind.crawl.parse import parse_article

    parse_article(b"<html><body><p>warm</p></body></html>", "http://x/", "utf-8", None)  # imports, before timing
    print_table(bench_demo() + bench_faults("clean") + bench_faults("faults") + bench_newsroom())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
