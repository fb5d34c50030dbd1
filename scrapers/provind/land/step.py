"""The land step: every sealed landing journal into the raw tables, one transaction per file.

The one writer of `raw.fetch_log`, `raw.pages`, `raw.articles` and `raw.article_urls`.
Every row is keyed by its content, so landing a file twice adds nothing; a file is
marked landed only after its commit, so an article fetched by a run whose land step
failed is landed by the next run instead of being lost.
"""

from __future__ import annotations

import base64
import gzip
import logging
from collections.abc import Iterable
from datetime import UTC, datetime

from provind import config, warehouse
from provind.crawl.journal import (
    JOURNAL_SUFFIXES,
    LANDING_SUFFIX,
    journal_source,
    landed_marker,
    read_landing,
    seal_orphans_if_idle,
)
from provind.failpoints import failpoint

log = logging.getLogger(__name__)


def land(run_id: str) -> dict[str, int]:
    """Load every landing file not yet landed into the raw tables, in one transaction per file.

    Journals of killed crawls (`*.jsonl.gz.part` whose source no live crawl holds) are sealed
    and landed too. A file is marked landed after its commit; a land killed between the two
    lands the file again, which adds nothing: every raw row is keyed by its content.
    """
    from provind import textprep
    from provind.crawl import sources

    registry = {s.name: s for s in sources.valid_sources(config.sources_file())}
    totals = {"files": 0, "fetches": 0, "pages": 0, "articles": 0, "aliases": 0}
    for name in sorted(
        {journal_source(p) for suffix in JOURNAL_SUFFIXES for p in config.landing_dir().glob(f"*/*{suffix}")}
    ):
        seal_orphans_if_idle(name)
    pending = sorted(p for p in config.landing_dir().glob(f"*/*{LANDING_SUFFIX}") if not landed_marker(p).exists())
    with warehouse.connect() as con:
        for path in pending:
            records = read_landing(path)
            con.execute("BEGIN")
            try:
                counts = _land_records(con, records, registry, run_id, textprep)
                failpoint("land:before-commit")
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
            failpoint("land:after-commit")
            landed_marker(path).touch()
            totals["files"] += 1
            for name, count in zip(("fetches", "pages", "articles", "aliases"), counts, strict=True):
                totals[name] += count
    log.info("landed: %s", totals)
    return totals


def _land_records(con, records: Iterable[dict], registry: dict, run_id: str, textprep) -> tuple[int, int, int, int]:
    """Rows of the raw tables from landing records: (fetches, pages, articles, aliases) added.

    An article is kept under its own URL (`canonical_url` when the crawler found the fetched
    URL to be an alias of it); the alias goes to `raw.article_urls`. A record whose text is the
    latest version's of its URL already adds no article row: one text, one row.
    """
    now = datetime.now(UTC).replace(tzinfo=None)
    fetch_rows, page_rows, article_rows, alias_rows = [], [], [], []
    latest: dict[str, tuple] = {}  # article URL -> (title, published, body) of the rows of this file
    for r in records:
        body = base64.b64decode(r["body"]) if r.get("body") else None
        fetched_at = _timestamp(r["fetched_at"])
        fetch_rows.append(
            {
                "fetch_id": warehouse.key(r["source"], r["url"], r["fetched_at"], r["outcome"]),
                "run_id": run_id,
                "source": r["source"],
                "url": r["url"],
                "kind": r.get("kind"),
                "fetched_at": fetched_at,
                "http_status": r.get("http_status"),
                "outcome": r["outcome"],
                "error": r.get("error"),
                "attempts": r.get("attempts"),
                "bytes": len(body) if body else 0,
                "content_hash": r.get("content_hash"),
            }
        )
        article_url = r.get("canonical_url") or r["url"]
        if article_url != r["url"] and r["outcome"] in ("ok", "not_modified"):
            alias_rows.append(
                {"source": r["source"], "url": r["url"], "article_url": article_url,
                 "first_seen": fetched_at, "run_id": run_id}
            )  # fmt: skip
        if body is None or not r.get("content_hash"):
            continue
        article = r.get("article") or {}
        text = (article.get("title"), article.get("published"), article.get("body_text"))
        new_version = bool(article.get("body_text")) and _is_new_version(con, latest, article_url, text)
        page_rows.append(
            {
                # The page an article row is made from is kept under the article's URL (extract joins on it).
                "url": article_url if new_version else r["url"],
                "content_hash": r["content_hash"],
                "source": r["source"],
                "fetched_at": fetched_at,
                "http_status": r.get("http_status"),
                "content_type": r.get("content_type"),
                "encoding": r.get("encoding"),
                "body_gz": gzip.compress(body, mtime=0),
            }
        )
        if new_version:
            latest[article_url] = text
            source = registry.get(r["source"])
            article_rows.append(
                {
                    "article_id": warehouse.key(article_url, r["content_hash"]),
                    "url": article_url,
                    "source": r["source"],
                    "publisher": getattr(source, "publisher", None),
                    "source_region_code": getattr(source, "region_code", None),
                    "title": article.get("title"),
                    "published": article.get("published"),
                    "language": article.get("language"),
                    "content_hash": r["content_hash"],
                    "body_text": article["body_text"],
                    "clean_text": textprep.clean_text(article["body_text"]),
                    "fetched_at": fetched_at,
                    "loaded_at": now,
                    "run_id": run_id,
                }
            )
    return (
        warehouse.insert_ignore(con, "raw.fetch_log", fetch_rows),
        warehouse.insert_ignore(con, "raw.pages", page_rows),
        warehouse.insert_ignore(con, "raw.articles", article_rows),
        warehouse.insert_ignore(con, "raw.article_urls", alias_rows),
    )


def _is_new_version(con, pending: dict[str, tuple], url: str, text: tuple) -> bool:
    """Whether `text` (title, published, body) differs from the latest version of the article at `url`."""
    if url in pending:
        return pending[url] != text
    row = con.execute(
        "SELECT title, CAST(published AS VARCHAR), body_text FROM raw.articles WHERE url = ?"
        " ORDER BY fetched_at DESC, loaded_at DESC LIMIT 1",
        [url],
    ).fetchone()
    return row is None or tuple(row) != text


def _timestamp(value: str) -> datetime:
    """ISO text → naive UTC datetime (DuckDB TIMESTAMP)."""
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    return parsed
