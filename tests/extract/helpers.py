"""Shared helpers for the extractor tests."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from provind.extract import extract_mentions


def mentions(
    text: str, *, published: date | None = date(2024, 6, 30), region: str | None = "370200", title: str | None = None
) -> list[dict]:
    found = extract_mentions(text, doc="t.txt", published=published, region_code=region, title=title)
    for m in found:
        assert text[m["start"] : m["end"]] == m["quote"]
        assert isinstance(m["value"], Decimal)
    return found


def one(text: str, **kw) -> dict:
    found = mentions(text, **kw)
    assert len(found) == 1, [(m["quote"], m["value"], m["unit"]) for m in found]
    return found[0]


def values(text: str, **kw) -> list[tuple[Decimal, str]]:
    return [(m["value"], m["unit"]) for m in mentions(text, **kw)]
