"""The extract step of the night, and re-processing of stored pages.

extract: raw mentions of the articles this extractor version has not yet processed
(`raw.mentions`); reparse: every stored page parsed again, without the network.
The other steps live in their packages: `provind.crawl.step`, `provind.land.step`,
`provind.gates`, `provind.publish.step`.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from provind import config, warehouse

if TYPE_CHECKING:  # the steps import their heavy modules inside, so the DAG file parses fast
    from provind.crawl.parse import ParsedArticle
    from provind.crawl.sources import Selectors

log = logging.getLogger(__name__)


# ---------------------------------------------------------------- extract


def extract(run_id: str, reextract: bool = False) -> dict[str, int]:
    """Extract figures from articles that this extractor version has not yet processed.

    Two extractors feed `raw.mentions`: the text extractor over the article's clean
    text, and the statistics-table reader over the stored page itself (HTML tables,
    CSV/XLSX attachments, a statistics API's JSON answer), whose rows carry their
    cell as provenance (offsets -1). An API answer is read by the latter alone.
    An article's rows are replaced as a whole, so re-extraction after an extractor
    upgrade never leaves a mix of old and new rows.
    """
    from provind.extract import extract_mentions
    from provind.stats import drop_rendered, is_data_answer, observations_from_page

    version = extractor_version()
    now = datetime.now(UTC).replace(tzinfo=None)
    totals = {"articles": 0, "mentions": 0, "table_cells": 0}
    with warehouse.connect() as con:
        where = (
            ""
            if reextract
            else "WHERE a.article_id NOT IN (SELECT article_id FROM raw.mentions WHERE extractor_version = ?)"
        )
        params = [] if reextract else [version]
        articles = con.execute(
            f"""
            SELECT a.article_id, a.url, a.clean_text, a.published, a.source_region_code, a.title,
                   p.body_gz, p.content_type
            FROM raw.articles a LEFT JOIN raw.pages p ON p.url = a.url AND p.content_hash = a.content_hash
            {where}
            """,
            params,
        ).fetchall()
        for article_id, url, text, published, region_code, title, body_gz, content_type in articles:
            body = gzip.decompress(body_gz) if body_gz is not None else None
            # A statistics API's article text is our own rendering of its cells: read as prose as well,
            # every figure would be counted twice. Its figures come from the stored answer alone.
            data_answer = body is not None and is_data_answer(content_type, body)
            mentions = (
                []
                if data_answer
                else extract_mentions(text, doc=article_id, published=published, region_code=region_code, title=title)
            )
            cells = (
                observations_from_page(body, url, content_type, published=published, region_code=region_code)
                if body is not None
                else []
            )
            mentions = drop_rendered(mentions, cells)  # a table cell counts once, as a cell
            rows = [mention_row(article_id, seq, m, version, now, run_id) for seq, m in enumerate([*mentions, *cells])]
            con.execute("BEGIN")
            con.execute("DELETE FROM raw.mentions WHERE article_id = ?", [article_id])
            warehouse.insert_ignore(con, "raw.mentions", rows)
            con.execute("COMMIT")
            totals["articles"] += 1
            totals["mentions"] += len(mentions)
            totals["table_cells"] += len(cells)
    log.info("extracted: %s", totals)
    return totals


def extractor_version() -> str:
    """A fingerprint of the extractor's code and reference data.

    Any change to the extractor changes it, so the next run re-extracts every stored
    article: history improves with the extractor, without anyone remembering to ask.
    """
    import provind

    package = Path(provind.__file__).parent
    code = [*package.glob("extract/*.py"), *package.glob("stats/*.py"), package / "textprep.py"]
    files = sorted([*code, *package.glob("reference/*.csv")])
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return f"{provind.VERSION}+{digest.hexdigest()[:12]}"


def mention_row(article_id: str, seq: int, m: dict, version: str, now: datetime, run_id: str) -> dict[str, Any]:
    """One `raw.mentions` row from an extracted mention (text or table cell), keyed by content."""
    return {
        "mention_id": warehouse.key(article_id, m["start"], m["end"], seq),
        "article_id": article_id,
        "seq": seq,
        "start_offset": m["start"],
        "end_offset": m["end"],
        "quote": m["quote"],
        "sentence": m.get("sentence"),
        "subject": m.get("subject"),
        "value": m.get("value"),
        "unit": m.get("unit"),
        "kind": m.get("kind"),
        "approx": m.get("approx"),
        "is_target": bool(m.get("target")),
        "region": m.get("region"),
        "region_code": m.get("region_code"),
        "region_source": m.get("region_source"),
        "period": m.get("period"),
        "indicator": m.get("indicator") or "unclassified",
        "extractor_version": version,
        "extracted_at": now,
        "run_id": run_id,
    }


# ---------------------------------------------------------------- reprocess


def reparse(run_id: str) -> dict[str, int]:
    """Parse every stored article page again, from `raw.pages`, without the network.

    Pages are immutable; the articles derived from them are refreshed in place
    (same key: URL + content hash), so an improved parser reaches all history.
    """
    from provind import textprep
    from provind.crawl import sources

    registry = {s.name: s for s in sources.valid_sources(config.sources_file())}
    totals = {"pages": 0, "changed": 0, "unparsable": 0}
    with warehouse.connect() as con:
        pages = con.execute(
            """
            SELECT p.url, p.content_hash, p.source, p.encoding, p.content_type, p.body_gz
            FROM raw.pages p
            WHERE EXISTS (SELECT 1 FROM raw.articles a WHERE a.url = p.url AND a.content_hash = p.content_hash)
            ORDER BY p.url
            """
        ).fetchall()
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
                    datetime.now(UTC).replace(tzinfo=None),
                    run_id,
                    warehouse.key(url, content_hash),
                    article.body_text,
                    article.title,
                    article.published,
                ],
            ).fetchall()
            totals["changed"] += len(changed)
    log.info("re-parsed: %s", totals)
    return totals


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
