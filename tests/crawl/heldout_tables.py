"""The checks every round of held-out table pages runs (tests/crawl/test_heldout_round*_tables.py).

Each page is read as the pipeline reads it: its tables by `observations_from_page`, the rest by
the text extractor on the article's text with the cells' renderings dropped.
"""

from __future__ import annotations

from datetime import date

from provind.crawl.parse import parse_article
from provind.extract import extract_mentions
from provind.stats import drop_rendered, observations_from_page


def table_figures(html: str, url: str, region: str, published: date) -> list[dict]:
    """The rows the table reader makes of the page."""
    return observations_from_page(html.encode(), url, "text/html", published=published, region_code=region)


def assert_every_figure_read(html: str, url: str, region: str, published: date, expected: list[tuple]) -> None:
    """The table reader gives exactly `expected` (subject, value, unit, kind, region, period), none a target."""
    rows = table_figures(html, url, region, published)
    got = [(r["subject"], r["value"], r["unit"], r["kind"], r["region_code"], r["period"]) for r in rows]
    assert sorted(got, key=repr) == sorted(expected, key=repr)
    assert not any(r["target"] for r in rows)


def assert_text_adds_no_figure(name: str, html: str, url: str, region: str, published: date) -> None:
    """The article's text, its renderings of the cells dropped, gives no figure of its own."""
    parsed = parse_article(html.encode(), url)
    text = extract_mentions(parsed.body_text, doc=name, published=published, region_code=region, title=parsed.title)
    assert drop_rendered(text, table_figures(html, url, region, published)) == []
