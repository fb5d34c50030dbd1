"""A batch of articles extracted: the work a pool worker does, and the rows it sends back.

`extract_batch` takes rows of `ARTICLE_COLUMNS` and returns their `raw.mentions`
rows (`mention_row`, columns `MENTION_COLUMNS`) column by column, with counts.
"""

from __future__ import annotations

import gzip
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from provind import warehouse

# The columns of an article a worker needs, in the order `_extract_article` takes them.
ARTICLE_COLUMNS = """
    a.article_id, a.url, a.clean_text, a.published, a.source_region_code, a.title, p.body_gz, p.content_type
"""


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


MENTION_COLUMNS = list(mention_row("", 0, {"start": 0, "end": 0, "quote": ""}, "", datetime.min, ""))


@dataclass
class BatchResult:
    """What a worker sends back for one batch: its mention rows column by column, and counts."""

    columns: dict[str, list[Any]]
    mentions: int
    table_cells: int
    chars: int


def extract_batch(articles: Sequence[tuple], version: str, now: datetime, run_id: str) -> BatchResult:
    """Extract a batch of articles (rows of ARTICLE_COLUMNS): runs in a worker process.

    Column lists pickle smaller than one dict per row, and the parent loads them as they are.
    """
    columns: dict[str, list[Any]] = {c: [] for c in MENTION_COLUMNS}
    result = BatchResult(columns, 0, 0, 0)
    for article in articles:
        mentions, cells = _extract_article(*article)
        rows = [mention_row(article[0], seq, m, version, now, run_id) for seq, m in enumerate([*mentions, *cells])]
        for row in rows:
            for c in MENTION_COLUMNS:
                columns[c].append(row[c])
        result.mentions += len(mentions)
        result.table_cells += len(cells)
        result.chars += len(article[2] or "")
    # Exact through the load: DuckDB casts the text to DECIMAL(38, 6) as it would the number.
    columns["value"] = [None if v is None else str(v) for v in columns["value"]]
    return result


def _extract_article(
    article_id: str,
    url: str,
    text: str,
    published: Any,
    region_code: str | None,
    title: str | None,
    body_gz: bytes | None,
    content_type: str | None,
) -> tuple[list[dict], list[dict]]:
    """An article's figures: (text mentions, table cells).

    Two extractors feed `raw.mentions`: the text extractor over the article's clean
    text, and the statistics-table reader over the stored page itself (HTML tables,
    CSV/XLSX attachments, a statistics API's JSON answer), whose rows carry their
    cell as provenance (offsets -1). An API answer is read by the latter alone.
    """
    from provind.extract import extract_mentions
    from provind.stats import drop_rendered, is_data_answer, observations_from_page

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
    return drop_rendered(mentions, cells), cells  # a table cell counts once, as a cell
