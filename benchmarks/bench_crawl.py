"""Crawl throughput and cost: the demo site and the fault-injection site, first and second crawl.

    python benchmarks/bench_crawl.py [--rate-limit 0] [--fault-rate-limit 0.02]

Each site is served on 127.0.0.1 in this process and crawled three times with
the pipeline's own crawler and a fresh client per crawl (as each night has):

1. first crawl (empty state);
2. second crawl, unchanged site (incremental: stops at known articles);
3. recheck crawl (every known article asked again with a conditional GET).

For each: requests, pages per second (fetched pages, 200 or 304, over wall
time), retries, and response body bytes received. The fault site uses the test
suite's short timeouts and backoff; its crawl time is mostly the hangs and the
Retry-After it is built to inflict.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # tests.faults (the fault site) lives beside the package


@dataclass
class Row:
    site: str
    crawl: str
    seconds: float
    requests: int
    pages: int
    retries: int
    bytes: int  # every response body received (robots.txt, lists, articles, error pages, capped downloads)
    article_bytes: int  # bodies of articles landed by this crawl
    outcomes: dict[str, int]

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0


def crawl_once(site: str, label: str, source, state: Path, config, *, recheck: bool = False) -> Row:
    from provind.crawl.client import PoliteClient
    from provind.crawl.site import crawl_source

    outcomes: dict[str, int] = {}
    article_bytes = 0
    started = time.perf_counter()
    with PoliteClient(config) as client:
        for record in crawl_source(source, state, client, recheck=recheck):
            key = f"{record.kind}:{record.outcome}"
            outcomes[key] = outcomes.get(key, 0) + 1
            if record.kind == "article" and record.outcome == "ok":
                article_bytes += len(record.body or b"")
        stats = client.stats
    seconds = time.perf_counter() - started
    pages = sum(n for key, n in outcomes.items() if key.split(":")[1] in ("ok", "not_modified"))
    return Row(
        site, label, seconds, stats.requests, pages, stats.retries, stats.bytes_received, article_bytes, outcomes
    )


def bench_demo(rate_limit: float) -> list[Row]:
    from provind.crawl.client import ClientConfig
    from provind.crawl.sources import Selectors, Source
    from provind.demo_site.server import make_server, server_url

    server = make_server("127.0.0.1", 0, crawl_delay=0)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        url = server_url(server)
        source = Source(
            name="demo",
            kind="news_list",
            publisher="demo",
            region_code="370000",
            start_urls=(url + "news/",),
            allowed_domains=("127.0.0.1",),
            selectors=Selectors(list_links="ul.news-list li a"),
            rate_limit=rate_limit,
            allow_private=True,
        )
        config = ClientConfig(default_delay=0.0)
        with tempfile.TemporaryDirectory(prefix="bench-crawl-") as state:
            return [
                crawl_once("demo", "first", source, Path(state), config),
                crawl_once("demo", "second", source, Path(state), config),
                crawl_once("demo", "recheck", source, Path(state), config, recheck=True),
            ]
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def bench_faults(rate_limit: float) -> list[Row]:
    from tests.faults.conftest import READ_TIMEOUT, fault_config, fault_source
    from tests.faults.server import FaultSite

    with FaultSite(hang_seconds=READ_TIMEOUT * 3) as site:
        source = fault_source(site, rate_limit=rate_limit)
        with tempfile.TemporaryDirectory(prefix="bench-faults-") as state:
            return [
                crawl_once("faults", "first", source, Path(state), fault_config()),
                crawl_once("faults", "second", source, Path(state), fault_config()),
                crawl_once("faults", "recheck", source, Path(state), fault_config(), recheck=True),
            ]


def print_table(rows: list[Row]) -> None:
    header = (
        f"{'site':<7} {'crawl':<8} {'seconds':>8} {'requests':>8} {'pages':>6} {'pages/s':>8} "
        f"{'retries':>7} {'bytes':>10} {'article bytes':>13}"
    )
    print(header)
    print("-" * len(header))
    for r in rows:
        print(
            f"{r.site:<7} {r.crawl:<8} {r.seconds:>8.2f} {r.requests:>8} {r.pages:>6} "
            f"{r.pages_per_second:>8.1f} {r.retries:>7} {r.bytes:>10,} {r.article_bytes:>13,}"
        )
    print()
    for r in rows:
        outcomes = ", ".join(f"{k} {v}" for k, v in sorted(r.outcomes.items()))
        print(f"{r.site:<7} {r.crawl:<8} {outcomes}")


def warm_up() -> None:
    """Import the parser and its dependencies before timing (the first crawl would pay for it)."""
    from provind.crawl.parse import parse_article

    parse_article(b"<html><body><div id='zoom'><p>warm</p></div></body></html>", "http://x/", "utf-8", None)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate-limit", type=float, default=0.0, help="demo site: seconds between requests")
    parser.add_argument("--fault-rate-limit", type=float, default=0.02, help="fault site: seconds between requests")
    args = parser.parse_args()
    warm_up()
    rows = bench_demo(args.rate_limit) + bench_faults(args.fault_rate_limit)
    print_table(rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
