"""A national night: many bureau hosts crawled at once, each at its own Crawl-delay.

    python benchmarks/bench_national.py [--hosts 50,200,1000] [--articles 8] [--delays 0.2,0.4,0.6,0.8,1]

Each bureau is a server of its own on a loopback address (127.0.x.y), served by a child
process (tests/crawl/national_bureaus.py) so that serving does not share this
process's interpreter with the crawl. The crawl runs through the DAG's own code path:
`sources_tasks.batches_to_crawl()` (the list_sources task) plans the batches, and
`sources_tasks.crawl_batch()` (the crawl task) crawls each, batches ONE AFTER ANOTHER as
`airflow dags test` (`make run`) runs mapped tasks; `--parallel` runs them side by side
as a scheduler with enough slots does. `--make-run` runs the whole nightly instead, as
`make run` does (`scripts/run-nightly.sh`: `airflow dags test` of provind_nightly, with
PROVIND_SOURCES at the farm's registry), and times the crawl tasks from the DAG log.

Reported per scale: the crawl's wall time, the politeness limit (the most time any one
host needs: its requests, robots.txt and list page and articles, one Crawl-delay apart),
their ratio, what crawling the hosts one after another would cost at least (the sum), and
requests that came sooner than their host's delay (server-side times; must be 0).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def polite_seconds(site: dict) -> float:
    """The least time a polite crawl of the site takes: robots.txt, list page, articles, a delay apart."""
    return (site["articles"] + 1) * site["delay"]


@dataclass
class FarmNight:
    """A temporary work dir, the farm's sites and the registry naming them; the farm's hits once it stopped."""

    work: Path
    sites: list[dict]
    registry: Path
    hits: list = field(default_factory=list)


@contextlib.contextmanager
def farm_night(hosts: int, articles: int, delays: str) -> Iterator[FarmNight]:
    """Serve a farm of bureau hosts in a child process, with a registry of them; stop it (by closing its stdin)."""
    from tests.crawl.national_bureaus import Hit, registry_yaml

    with tempfile.TemporaryDirectory(prefix="provind-national-") as tmp:
        work = Path(tmp)
        log = work / "hits.json"
        options = {"--hosts": str(hosts), "--articles": str(articles), "--delays": delays, "--log": str(log)}
        farm = subprocess.Popen(
            [sys.executable, "-m", "tests.crawl.national_bureaus", *(x for pair in options.items() for x in pair)],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            sites = json.loads(farm.stdout.readline())
            night = FarmNight(work, sites, work / "sources.yml")
            night.registry.write_text(registry_yaml(sites), encoding="utf-8")
            yield night
        finally:
            farm.stdin.close()  # the farm writes its log and stops
            farm.wait(timeout=120)
        night.hits = [Hit(*row) for row in json.loads(log.read_text())]


def run_scale(hosts: int, articles: int, delays: str, parallel: bool) -> dict:
    from provind.crawl import sources_tasks
    from tests.crawl.national_bureaus import too_soon

    with farm_night(hosts, articles, delays) as night:
        os.environ["PROVIND_SOURCES"], os.environ["PROVIND_DATA_DIR"] = str(night.registry), str(night.work / "data")
        started = time.monotonic()
        batches = sources_tasks.batches_to_crawl()
        crawl = lambda batch: sources_tasks.crawl_batch(batch, "national-night")  # noqa: E731
        if parallel:
            with ThreadPoolExecutor(len(batches)) as pool:
                summaries = [s for done in pool.map(crawl, batches) for s in done]
        else:
            summaries = [s for batch in batches for s in crawl(batch)]
        wall = time.monotonic() - started
    sites, hits = night.sites, night.hits

    articles_ok = sum(s["fetches"].get("article:ok", 0) for s in summaries)
    limit = max(polite_seconds(site) for site in sites)
    return {
        "hosts": hosts,
        "batches": len(batches),
        "wall": wall,
        "limit": limit,
        "ratio": wall / limit,
        "sum": sum(polite_seconds(site) for site in sites),
        "slowest": max(s["seconds"] for s in summaries),  # the longest one source's crawl took
        "requests": len(hits),
        "articles": articles_ok,
        "expected": hosts * articles,
        "too_soon": len(too_soon(hits, {site["name"]: site["delay"] for site in sites})),
    }


def crawl_window(dag_log: Path) -> float:
    """Seconds from the first crawl task's start to the last one's end, from `airflow dags test`'s log."""
    stamps = [
        datetime.fromisoformat(line.split()[0].replace("Z", "+00:00"))
        for line in dag_log.read_text(encoding="utf-8", errors="replace").splitlines()
        if re.search(r"\[DAG TEST\] (starting|end task) task_id=crawl ", line)
    ]
    if not stamps:
        raise SystemExit(f"no crawl task in {dag_log}")
    return (max(stamps) - min(stamps)).total_seconds()


def run_make_run(hosts: int, articles: int, delays: str) -> dict:
    """The nightly as `make run` runs it, against a farm of `hosts` bureaus; the crawl tasks timed."""
    import duckdb

    from tests.crawl.national_bureaus import too_soon

    with farm_night(hosts, articles, delays) as night:
        data = night.work / "data"
        env = {**os.environ, "PROVIND_SOURCES": str(night.registry), "PROVIND_DATA_DIR": str(data)}
        started = time.monotonic()
        run = subprocess.run(["scripts/run-nightly.sh"], cwd=ROOT, env=env, capture_output=True, text=True)
        night_seconds = time.monotonic() - started
        if run.returncode != 0:
            raise SystemExit(f"make run failed ({run.returncode}):\n{run.stdout[-3000:]}\n{run.stderr[-3000:]}")
        crawl = crawl_window(data / "reports" / "airflow-dags-test.log")
        with duckdb.connect(str(data / "warehouse.duckdb"), read_only=True) as con:
            landed = con.execute("SELECT count(*) FROM raw.articles").fetchone()[0]
        with duckdb.connect(str(data / "marts.duckdb"), read_only=True) as con:
            published = con.execute("SELECT count(*) FROM marts.marts.dim_article").fetchone()[0]
    sites, hits = night.sites, night.hits

    limit = max(polite_seconds(site) for site in sites)
    return {
        "hosts": hosts,
        "night": night_seconds,
        "crawl": crawl,
        "limit": limit,
        "ratio": crawl / limit,
        "sum": sum(polite_seconds(site) for site in sites),
        "landed": landed,
        "published": published,
        "expected": hosts * articles,
        "requests": len(hits),
        "too_soon": len(too_soon(hits, {site["name"]: site["delay"] for site in sites})),
    }


def main_make_run(scales: list[int], per_host: list[int], delays: str) -> None:
    columns = ("hosts", "night s", "crawl s", "limit s", "ratio", "sum s", "landed", "published", "too soon")
    print("the whole nightly as `make run` runs it (airflow dags test)")
    print(" ".join(f"{c:>9}" for c in columns))
    for hosts, articles in zip(scales, per_host, strict=True):
        row = run_make_run(hosts, articles, delays)
        cells = [
            row["hosts"],
            f"{row['night']:.0f}",
            f"{row['crawl']:.1f}",
            f"{row['limit']:.1f}",
            f"{row['ratio']:.1f}x",
            f"{row['sum']:.0f}",
            f"{row['landed']}/{row['expected']}",
            f"{row['published']}/{row['expected']}",
            row["too_soon"],
        ]
        print(" ".join(f"{c:>9}" for c in cells), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--hosts", default="50,200,1000", help="comma-separated numbers of hosts")
    parser.add_argument("--articles", default="8,8,4", help="articles per host, one per scale (or one for all)")
    parser.add_argument("--delays", default="0.2,0.4,0.6,0.8,1", help="Crawl-delays dealt round the hosts")
    parser.add_argument("--delays-large", default="0.2,0.3,0.4,0.5", help="Crawl-delays for 1,000 hosts and more")
    parser.add_argument("--parallel", action="store_true", help="batches side by side, as a scheduler runs them")
    parser.add_argument("--make-run", action="store_true", help="the whole nightly as `make run` runs it")
    args = parser.parse_args()

    scales = [int(n) for n in args.hosts.split(",")]
    per_host = [int(n) for n in args.articles.split(",")]
    per_host = (per_host + [per_host[-1]] * len(scales))[: len(scales)]
    if args.make_run:
        main_make_run(scales, per_host, args.delays)
        return
    mode = "side by side (scheduler)" if args.parallel else "one after another (airflow dags test)"
    print(f"batches {mode}; threads a batch: {os.environ.get('PROVIND_CRAWL_THREADS') or 64}")
    columns = ("hosts", "batches", "articles", "wall s", "limit s", "ratio", "slowest", "sum s", "requests", "too soon")
    print(" ".join(f"{c:>9}" for c in columns))
    for hosts, articles in zip(scales, per_host, strict=True):
        delays = args.delays_large if hosts >= 1000 else args.delays
        row = run_scale(hosts, articles, delays, args.parallel)
        cells = [
            row["hosts"],
            row["batches"],
            f"{row['articles']}/{row['expected']}",
            f"{row['wall']:.1f}",
            f"{row['limit']:.1f}",
            f"{row['ratio']:.1f}x",
            f"{row['slowest']:.1f}",
            f"{row['sum']:.0f}",
            row["requests"],
            row["too_soon"],
        ]
        print(" ".join(f"{c:>9}" for c in cells), flush=True)


if __name__ == "__main__":
    main()
