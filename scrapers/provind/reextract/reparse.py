"""The parser's half of a reprocess: every stored article page parsed again, without the network.

Pages are read from `raw.pages` a batch at a time in key order, never all at once.
"""

from __future__ import annotations

import gzip
import json
import logging
import os
from typing import TYPE_CHECKING, Any

from provind import config, defaults, warehouse
from provind.reextract import jobs

if TYPE_CHECKING:
    import duckdb

    from provind.crawl.parse import ParsedArticle
    from provind.crawl.sources import Selectors

log = logging.getLogger("provind.pipeline")  # the extract task's log

BATCH_SIZE = defaults.EXTRACT_BATCH  # pages per batch (PROVIND_EXTRACT_BATCH)


def reparse(run_id: str, *, batch_size: int | None = None) -> dict[str, int]:
    """Parse every stored article page again, from `raw.pages`, without the network.

    Pages are immutable; the articles derived from them are refreshed in place
    (same key: URL + content hash), so an improved parser reaches all history.
    Pages are read a batch at a time in key order, never all at once.
    """
    from provind import textprep
    from provind.crawl import sources

    registry = {s.name: s for s in sources.valid_sources(config.sources_file())}
    batch_size = batch_size or int(os.environ.get("PROVIND_EXTRACT_BATCH") or BATCH_SIZE)
    totals = {"pages": 0, "changed": 0, "unparsable": 0}
    with warehouse.connect() as con:
        cursor = ("", "")
        while True:
            pages = con.execute(
                """
                SELECT p.url, p.content_hash, p.source, p.encoding, p.content_type, p.body_gz
                FROM raw.pages p
                WHERE EXISTS (SELECT 1 FROM raw.articles a WHERE a.url = p.url AND a.content_hash = p.content_hash)
                  AND (p.url, p.content_hash) > (?, ?)
                ORDER BY p.url, p.content_hash
                LIMIT ?
                """,
                [*cursor, batch_size],
            ).fetchall()
            if not pages:
                break
            cursor = pages[-1][:2]
            for url, content_hash, source_name, encoding, content_type, body_gz in pages:
                totals["pages"] += 1
                source = registry.get(source_name)
                selectors = source.selectors if source else None
                try:
                    article = _article_of_page(gzip.decompress(body_gz), url, encoding, content_type, selectors)
                except Exception as exc:  # a page the new parser cannot read keeps its old article row
                    log.warning("cannot re-parse %s: %s", url, exc)
                    totals["unparsable"] += 1
                    continue
                if not article.body_text:
                    totals["unparsable"] += 1
                    continue
                totals["changed"] += _refresh_article(con, run_id, warehouse.key(url, content_hash), article, textprep)
            log.info("re-parse: %d pages so far, %d articles changed", totals["pages"], totals["changed"])
    log.info("re-parsed: %s", totals)
    return totals


def _refresh_article(
    con: duckdb.DuckDBPyConnection, run_id: str, article_id: str, article: ParsedArticle, textprep: Any
) -> int:
    """Update the article's row from its parse, if anything changed: 1 if it did."""
    changed = con.execute(
        """
        UPDATE raw.articles SET title = ?, published = ?, language = ?, body_text = ?, clean_text = ?,
                                loaded_at = ?, run_id = ?
        WHERE article_id = ? AND (body_text <> ? OR title IS DISTINCT FROM ? OR published IS DISTINCT FROM ?)
        RETURNING article_id
        """,
        [
            article.title,
            article.published,
            article.language,
            article.body_text,
            textprep.clean_text(article.body_text),
            jobs.utcnow(),
            run_id,
            article_id,
            article.body_text,
            article.title,
            article.published,
        ],
    ).fetchall()
    return len(changed)


def _article_of_page(
    body: bytes, url: str, encoding: str | None, content_type: str | None, selectors: Selectors | None
) -> ParsedArticle:
    """A stored page as an article again: parsed HTML, or the rendering of a statistics API's answer."""
    from provind.crawl import api as crawl_api
    from provind.crawl import parse
    from provind.stats import is_data_answer

    if is_data_answer(content_type, body):
        return crawl_api.article_from_answer(json.loads(body.decode("utf-8-sig")), url)
    return parse.parse_article(body, url, encoding, selectors)
