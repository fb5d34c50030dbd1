"""Statistics releases: figures from tables (HTML, CSV, XLSX) and from the NBS release platform.

The pipeline calls one function for every page of a `statistics_release` source:

    from provind.stats import observations_from_page
    rows = observations_from_page(body, url, content_type, published=date(2024, 3, 3), region_code="370000")

It returns one dict per figure cell, shaped like the text extractor's mentions
(see `provind.stats.tables`), or an empty list when the page holds no
statistics table. It never raises because of a page's content.

An answer of a statistics API (`statistics_api` sources: JSON from the NBS
release platform) is read the same way, cell by cell (`provind.stats.nbs`).
Such an answer is a data answer (`is_data_answer`): its article text is only
a rendering of its cells, so the text extractor must not read it again.

Modules: `grid` (tables in their raw form), `text_tables` (tables written as space-aligned text),
`scripts` and `js_literals` (dashboards' figures in `<script>`s, parsed by chompjs, never run), `xlsx`
(workbook cells as Excel shows them), `cells` (what a header or cell says), `locations` (a row's place from its
location column: land notices), `tables` (cells → observations), `nbs` (the NBS release platform).
"""

from __future__ import annotations

import json
import logging
import re
from datetime import date

from provind.crawl import content
from provind.stats import tables

log = logging.getLogger(__name__)


def observations_from_page(
    body: bytes,
    url: str,
    content_type: str | None,
    *,
    published: date | None,
    region_code: str | None,
) -> list[dict]:
    """Observations from a fetched page or attachment; [] when it holds no statistics table."""
    kind = content.media_type(body, content_type, url)  # the bytes decide, then the header, then the URL
    try:
        if kind == "application/json":
            return _observations_from_json(body, url, published)
        if kind in content.CSV_TYPES:
            return tables.observations_from_csv(body, published=published, region_code=region_code, doc=url)
        if kind == content.XLSX:
            return tables.observations_from_xlsx(body, published=published, region_code=region_code, doc=url)
        if kind not in ("text/html", "application/xhtml+xml", "text/plain"):
            return []  # PDF, legacy XLS, images, other archives: no table we can read
        return tables.observations_from_html(
            body, published=published, region_code=region_code, doc=url, encoding=content_type
        )
    except Exception:  # one unreadable attachment must not stop the extract step
        log.warning("no statistics read from %s", url, exc_info=True)
        return []


# A text mention on a line this short is a table cell rendered as text, not a sentence of prose,
# unless the line is broken into clauses (全市市场主体总量142.3万户，增长5.1%。): cells never are.
_TABLE_LINE = 40
_TAG = re.compile(r"<[^<>]*>")  # a quote of a saved page's own text keeps its inline tags (6290.1<span>亿元)
_CLAUSE_BREAK = re.compile(r"[，。；;！？!?]")  # (not the ASCII comma: 1,234万元 is one cell)
# Spaces and line breaks are layout on both sides: a template writes `<span>15.62</span>` and
# `<span>万户</span>` on lines of their own, the cell reads `15.62 万户`, the page's text `15.62\n万户`.
_SPACE = re.compile(r"\s+")


def drop_rendered(mentions: list[dict], cells: list[dict]) -> list[dict]:
    """The text mentions that are not a table cell read a second time from the page's text.

    The parser renders a table's cells as short lines; the text extractor reads a cell with a
    unit there too. Such a mention (same value and unit, the cell's text in its quote, a line no
    longer than a table row and not broken into clauses) is dropped; the cell, with its
    provenance, stays. A sentence of prose that repeats a table's figure is a mention of its own
    and stays.
    """
    if not cells or not mentions:
        return mentions
    by_figure: dict[tuple, list[str]] = {}
    for c in cells:
        by_figure.setdefault((c["value"], c["unit"]), []).append(_SPACE.sub("", str(c["quote"])))
    kept = []
    for m in mentions:
        quotes = by_figure.get((m["value"], m["unit"]), ())
        line = str(m.get("sentence") or m["quote"])
        if (
            quotes
            and len(line) <= _TABLE_LINE
            and not _CLAUSE_BREAK.search(line)
            and any(q and q in _SPACE.sub("", _TAG.sub("", m["quote"])) for q in quotes)
        ):
            continue
        kept.append(m)
    return kept


def is_data_answer(content_type: str | None, body: bytes) -> bool:
    """True for a statistics API's answer (JSON), whose figures are its cells and nothing else.

    The body decides too: APIs label JSON text/plain or text/html often enough, and no page starts with '{'.
    """
    return content.media_type(body, content_type) == "application/json"


def _observations_from_json(body: bytes, url: str, published: date | None) -> list[dict]:
    from provind.stats import nbs  # (with the HTTP client: imported by the pages that need it)

    answer = json.loads(body.decode("utf-8-sig"))
    if not nbs.is_es_data(answer):
        log.warning("%s: a JSON answer that is no esData answer: no statistics read", url)
        return []
    return nbs.observations_from_es_data(answer, doc=url, published=published)


__all__ = ["drop_rendered", "is_data_answer", "observations_from_page"]
