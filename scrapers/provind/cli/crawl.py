"""`provind crawl START_URL`: crawl one site ad hoc with the pipeline's own client, politeness and parser.

    provind crawl http://127.0.0.1:8765/news/ --allow-private --state /tmp/st --jsonl

With `--state` the crawl state is kept, so a second call only fetches what is
new. With `--jsonl` stdout carries one JSON object per article landed or
changed by this call, `{"url", "title", "published", "text"}`; progress goes to
stderr.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

from provind import defaults
from provind.crawl.client import PoliteClient, Retryable, address_problem
from provind.crawl.site import DEFAULT_MAX_PAGES, FetchRecord, crawl_source
from provind.crawl.sources import Source

DEFAULT_RATE_LIMIT = defaults.RATE_LIMIT
EXIT_REFUSED = 2


DESCRIPTION = """\
Crawl one site ad hoc, with the nightly pipeline's own HTTP client (robots.txt, pacing,
retries, the private-address guard) and article parser, starting from one list page:
follow its pagination and fetch the articles it links to on the same host. Each fetch
is printed as one line: outcome, HTTP status, kind and URL. Nothing is written to the
warehouse; sources.yml is not read."""

EXAMPLES = """\
examples:
  provind crawl https://tjj.example.gov.cn/news/ --region 370000
  provind crawl http://127.0.0.1:8765/news/ --allow-private --jsonl > articles.jsonl
  provind crawl http://127.0.0.1:8765/news/ --allow-private --state /tmp/st    # again: only what is new

With --jsonl, stdout carries one JSON object per article landed or changed by this call,
{"url", "title", "published", "text"}, and progress goes to stderr. Exit status 2 when
the URL is refused (not http(s), a private address without --allow-private, a bad
--region), 1 when the start page cannot be fetched."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("start_url", metavar="URL", help="the list page to start from (http or https)")
    parser.add_argument(
        "--region",
        default=None,
        metavar="CODE",
        help="six-digit GB/T 2260 code of the publishing bureau's region (default 000000, unknown)",
    )
    parser.add_argument(
        "--state",
        type=Path,
        default=None,
        metavar="DIR",
        help="keep the crawl state (known pages, ETags) here between calls (default: a temporary directory)",
    )
    parser.add_argument(
        "--allow-private", action="store_true", help="permit loopback and private addresses (local sites)"
    )
    parser.add_argument("--jsonl", action="store_true", help="print one JSON object per new or changed article")
    parser.add_argument("--recheck", action="store_true", help="re-fetch known articles with conditional GETs")
    parser.add_argument(
        "--max-pages",
        type=int,
        default=DEFAULT_MAX_PAGES,
        metavar="N",
        help=f"follow at most N list pages (default {DEFAULT_MAX_PAGES})",
    )
    parser.add_argument(
        "--rate-limit",
        type=float,
        default=DEFAULT_RATE_LIMIT,
        metavar="SECONDS",
        help=f"seconds between requests to the host (default {DEFAULT_RATE_LIMIT:g}; "
        "a robots.txt Crawl-delay may raise it)",
    )


def adhoc_source(start_url: str, region: str | None, allow_private: bool, rate_limit: float) -> Source:
    host = urlsplit(start_url).hostname or ""
    port = urlsplit(start_url).port
    name = "adhoc-" + re.sub(r"[^a-z0-9]+", "-", f"{host}-{port}" if port else host).strip("-")
    return Source(
        name=name,
        kind="news_list",
        publisher=host,
        region_code=region or "000000",
        start_urls=(start_url,),
        allowed_domains=(host,),
        rate_limit=rate_limit,
        allow_private=allow_private,
    )


def run(args: argparse.Namespace) -> int:
    parts = urlsplit(args.start_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        print(f"provind crawl: not an http(s) URL: {args.start_url}", file=sys.stderr)
        return EXIT_REFUSED
    if args.region is not None and not re.fullmatch(r"\d{6}", args.region):
        print(f"provind crawl: --region must be six digits, got {args.region!r}", file=sys.stderr)
        return EXIT_REFUSED
    if not args.allow_private:
        refusal = _private_refusal(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
        if refusal:
            print(f"provind crawl: refusing {refusal}; pass --allow-private for local sites", file=sys.stderr)
            return EXIT_REFUSED
    source = adhoc_source(args.start_url, args.region, args.allow_private, args.rate_limit)
    if args.state is not None:
        return _crawl(source, args.state, args)
    with tempfile.TemporaryDirectory(prefix="provind-crawl-") as state_dir:
        return _crawl(source, Path(state_dir), args)


def _private_refusal(host: str, port: int) -> str | None:
    try:
        return address_problem(host, port)
    except Retryable:
        return None  # unresolvable: the crawl reports it as a fetch error


def _crawl(source: Source, state_dir: Path, args: argparse.Namespace) -> int:
    started = time.monotonic()
    counts: dict[str, int] = {}
    start_failed = False
    with PoliteClient() as client:
        for record in crawl_source(source, state_dir, client, args.max_pages, recheck=args.recheck):
            counts[record.outcome] = counts.get(record.outcome, 0) + 1
            if record.kind == "list" and record.url == args.start_url and record.outcome in ("error", "disallowed"):
                start_failed = True
            _report(record, args.jsonl)
        stats = client.stats
    print(
        f"crawled {source.start_urls[0]} in {time.monotonic() - started:.1f} s: "
        + ", ".join(f"{n} {outcome}" for outcome, n in sorted(counts.items()))
        + f"; {stats.requests} requests, {stats.retries} retries, {stats.bytes_received} bytes",
        file=sys.stderr,
    )
    return 1 if start_failed else 0


def _report(record: FetchRecord, jsonl: bool) -> None:
    if jsonl:
        if record.kind == "article" and record.outcome == "ok" and record.changed and record.article:
            article = record.article
            published = article.published.isoformat() if article.published else None
            line = {
                "url": record.url,
                "title": article.title,
                "published": published,
                "text": article.body_text,
            }
            print(json.dumps(line, ensure_ascii=False), flush=True)
        stream = sys.stderr
    else:
        stream = sys.stdout
    status = record.http_status if record.http_status is not None else "-"
    detail = f"  ({record.error})" if record.error else ""
    print(f"{record.outcome:<12} {status!s:>3} {record.kind:<7} {record.url}{detail}", file=stream, flush=True)
