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

Modules: `grid` (tables in their raw form), `xlsx` (workbook cells as Excel shows them), `cells` (what a header or cell
says), `tables` (cells → observations), `nbs` (the NBS release platform).
"""

from __future__ import annotations

import json
import logging
from datetime import date
from urllib.parse import urlsplit

from provind.stats import nbs, tables

log = logging.getLogger(__name__)

CSV_TYPES = frozenset({"text/csv", "application/csv", "text/comma-separated-values"})
XLSX_TYPES = frozenset({"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"})
JSON_TYPES = frozenset({"application/json", "text/json"})
BINARY_PREFIXES = (b"%PDF-", b"\xd0\xcf\x11\xe0", b"\x89PNG", b"\xff\xd8\xff", b"GIF8")


def observations_from_page(
    body: bytes,
    url: str,
    content_type: str | None,
    *,
    published: date | None,
    region_code: str | None,
) -> list[dict]:
    """Observations from a fetched page or attachment; [] when it holds no statistics table."""
    media_type = (content_type or "").split(";")[0].strip().lower()
    charset = _charset(content_type)
    path = urlsplit(url).path.lower()
    try:
        if is_data_answer(content_type, body):
            return _observations_from_json(body, url, published)
        if media_type in CSV_TYPES or path.endswith(".csv"):
            return tables.observations_from_csv(body, published=published, region_code=region_code, doc=url)
        if media_type in XLSX_TYPES or path.endswith(".xlsx") or body.startswith(b"PK\x03\x04"):
            return tables.observations_from_xlsx(body, published=published, region_code=region_code, doc=url)
        if body.lstrip()[:8].startswith(BINARY_PREFIXES):
            return []  # PDF, legacy XLS, images: no table we can read
        return tables.observations_from_html(
            body, published=published, region_code=region_code, doc=url, encoding=charset
        )
    except Exception:  # one unreadable attachment must not stop the extract step
        log.warning("no statistics read from %s", url, exc_info=True)
        return []


def is_data_answer(content_type: str | None, body: bytes) -> bool:
    """True for a statistics API's answer (JSON), whose figures are its cells and nothing else.

    The body decides too: APIs label JSON text/plain or text/html often enough, and no page starts with '{'.
    """
    media_type = (content_type or "").split(";")[0].strip().lower()
    return media_type in JSON_TYPES or body[:64].lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{")


def _observations_from_json(body: bytes, url: str, published: date | None) -> list[dict]:
    answer = json.loads(body.decode("utf-8-sig"))
    if not nbs.is_es_data(answer):
        log.warning("%s: a JSON answer that is no esData answer: no statistics read", url)
        return []
    return nbs.observations_from_es_data(answer, doc=url, published=published)


def _charset(content_type: str | None) -> str | None:
    for part in (content_type or "").split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            return value.strip("'\" ")
    return None


__all__ = ["is_data_answer", "observations_from_page"]
