"""Statistics releases: figures from tables (HTML, CSV, XLSX) and from the NBS release platform.

The pipeline calls one function for every page of a `statistics_release` source:

    from provind.stats import observations_from_page
    rows = observations_from_page(body, url, content_type, published=date(2024, 3, 3), region_code="370000")

It returns one dict per figure cell, shaped like the text extractor's mentions
(see `provind.stats.tables`), or an empty list when the page holds no
statistics table. It never raises because of a page's content.

Modules: `grid` (tables in their raw form), `cells` (what a header or cell
says), `tables` (cells → observations), `nbs` (the NBS release platform).
"""

from __future__ import annotations

import logging
from datetime import date
from urllib.parse import urlsplit

from provind.stats import tables

log = logging.getLogger(__name__)

CSV_TYPES = frozenset({"text/csv", "application/csv", "text/comma-separated-values"})
XLSX_TYPES = frozenset({"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"})
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


def _charset(content_type: str | None) -> str | None:
    for part in (content_type or "").split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            return value.strip("'\" ")
    return None


__all__ = ["observations_from_page"]
