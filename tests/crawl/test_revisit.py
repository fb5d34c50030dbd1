"""Revisits, list sweeps and aliases, night after night against a real site on loopback.

Each "night" is one `crawl_source` with its own client and the night's clock (`now`),
as the nightly pipeline runs it; the site's request log says what it cost.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from provind.crawl.client import PoliteClient
from provind.crawl.schedule import RevisitPolicy, sweep_bound
from provind.crawl.site import crawl_source
from provind.crawl.sources import Selectors, Source

from .conftest import fast_config
from .newsroom import Newsroom

# night after night of crawls against a loopback site (parsing every page each night)
pytestmark = pytest.mark.slow

NIGHT0 = datetime(2024, 7, 1, 2, 0, tzinfo=UTC)


def night(n: int) -> datetime:
    return NIGHT0 + timedelta(days=n, seconds=37 * n)  # nights do not start on the same second


def source_of(site: Newsroom, **policy: object) -> Source:
    return Source(
        name="newsroom",
        kind="news_list",
        publisher="测试局",
        region_code="370000",
        start_urls=(site.url + "/news/",),
        allowed_domains=("127.0.0.1",),
        selectors=Selectors(list_links="ul.news-list li a"),
        rate_limit=0.0,
        allow_private=True,
        revisit=RevisitPolicy(**policy),
    )


def crawl(site: Newsroom, state, n: int, **policy: object):
    with PoliteClient(fast_config()) as client:
        return list(crawl_source(source_of(site, **policy), state, client, now=night(n)))


def landed(records) -> list:
    """Article records that land an article: new or changed text."""
    return [r for r in records if r.kind == "article" and r.outcome == "ok" and r.changed]


@pytest.fixture
def site():
    with Newsroom(articles=12, per_page=4) as running:
        yield running


def test_a_correction_is_landed_within_the_interval_and_unchanged_articles_cost_a_304(site, tmp_path):
    first = crawl(site, tmp_path, 0, budget=50)
    assert len(landed(first)) == 12

    site.correct(5)
    mark = len(site.log)
    second = crawl(site, tmp_path, 1, budget=50)  # initial interval 1d: every article is due
    changed = landed(second)
    assert [r.url for r in changed] == [site.url + "/news/a-5.html"]
    assert "更正第1次" in changed[0].article.body_text and changed[0].revisit
    articles = site.hits(mark, "/news/a-")
    assert len(articles) == 12
    assert sorted(h.status for h in articles) == [200] + [304] * 11  # only the corrected one sent its body

    # Unchanged articles now wait 1.5 days, the corrected one 1 day (min): night 2 asks only it.
    mark = len(site.log)
    crawl(site, tmp_path, 2, budget=50)
    assert [h.path for h in site.hits(mark, "/news/a-")] == ["/news/a-5.html"]
    mark = len(site.log)
    crawl(site, tmp_path, 3, budget=50)
    assert len(site.hits(mark, "/news/a-")) == 11 and {h.status for h in site.hits(mark, "/news/a-")} == {304}


def test_the_budget_caps_revisits_per_night_oldest_due_first(site, tmp_path):
    crawl(site, tmp_path, 0, budget=5)
    seen: list[str] = []
    for n in (1, 2, 3):
        mark = len(site.log)
        crawl(site, tmp_path, n, budget=5)
        paths = [h.path for h in site.hits(mark, "/news/a-")]
        assert len(paths) == 5 if n < 3 else len(paths) >= 2
        seen += paths
    assert set(seen) == set(site.article_paths())  # 12 articles, 5 a night: all re-checked by night 3


def test_intervals_grow_while_unchanged_and_shrink_on_a_change(site, tmp_path):
    import json

    crawl(site, tmp_path, 0, budget=50, max=timedelta(days=4))
    for n in range(1, 12):
        if n == 7:
            site.correct(3)
        crawl(site, tmp_path, n, budget=50, max=timedelta(days=4))
    pages = json.loads((tmp_path / "newsroom.json").read_text("utf-8"))["pages"]
    intervals = {url.rsplit("/", 1)[1]: page["interval"] / 86400 for url, page in pages.items() if "interval" in page}
    assert intervals["a-1.html"] == 4  # grown to max
    assert intervals["a-3.html"] < 4  # halved by its correction


@pytest.mark.parametrize("nights_before", [0, 1, 2, 3])  # wherever the sweep's cursor is that night
def test_an_article_inserted_on_page_3_of_5_is_found_within_the_sweep_bound(tmp_path, nights_before):
    with Newsroom(articles=19, per_page=4) as site:
        for n in range(nights_before + 1):
            crawl(site, tmp_path, n)
        path = site.insert(9)  # 0-based: the second link of page 3, dated before its neighbours
        assert (site.page_of(path), site.pages) == (3, 5)  # 20 links, 4 a page
        bound = sweep_bound(site.pages, RevisitPolicy())
        assert bound == 2  # ceil((5 - 1) / 2)
        for n in range(1, bound + 1):
            records = crawl(site, tmp_path, nights_before + n)
            if any(r.url == site.url + path and r.outcome == "ok" for r in records):
                return
        pytest.fail(f"not found within {bound} nights")


def test_without_a_sweep_an_inserted_article_is_never_found(tmp_path):
    with Newsroom(articles=20, per_page=4) as site:
        crawl(site, tmp_path, 0, sweep_pages=0)
        path = site.insert(9)
        for n in range(1, 4):
            records = crawl(site, tmp_path, n, sweep_pages=0)
            assert not any(r.url == site.url + path for r in records)  # the failure the sweep exists for


def test_a_pinned_link_with_from_index_is_the_same_article(site, tmp_path):
    crawl(site, tmp_path, 0)
    site.pin(7)
    mark = len(site.log)
    records = crawl(site, tmp_path, 1)
    assert not [h for h in site.hits(mark) if "from=index" in h.path]  # never fetched under the tracking URL
    assert landed(records) == []


def test_a_print_copy_with_rel_canonical_is_an_alias_fetched_once(site, tmp_path):
    crawl(site, tmp_path, 0)
    path = site.print_copy(4)
    first = crawl(site, tmp_path, 1)
    alias = next(r for r in first if r.url == site.url + path)
    assert alias.canonical_url == site.url + "/news/a-4.html" and not alias.changed  # the same article
    mark = len(site.log)
    crawl(site, tmp_path, 2)
    crawl(site, tmp_path, 3)
    assert not site.hits(mark, "/print/")  # the alias is never fetched again, nor revisited


def test_the_same_text_under_a_second_path_is_an_alias(site, tmp_path):
    crawl(site, tmp_path, 0)
    path = site.copy(9)
    records = crawl(site, tmp_path, 1)
    alias = next(r for r in records if r.url == site.url + path)
    assert alias.canonical_url == site.url + "/news/a-9.html" and not alias.changed


def test_a_copy_seen_before_its_article_makes_the_article_the_alias(tmp_path):
    with Newsroom(articles=4, per_page=10) as site:
        site.copy(2, position=0)  # listed first: fetched before /news/a-2.html
        records = crawl(site, tmp_path, 0)
        news = next(r for r in records if r.url == site.url + "/news/a-2.html")
        assert news.canonical_url == site.url + "/copy/2.html" and not news.changed
        assert len(landed(records)) == 4  # four articles, four rows


def test_a_state_file_from_before_the_schedule_is_revisited_without_relanding(site, tmp_path):
    import json

    crawl(site, tmp_path, 0)
    path = tmp_path / "newsroom.json"
    state = json.loads(path.read_text("utf-8"))
    state["version"] = 1
    state.pop("sweep")
    for page in state["pages"].values():  # what a version-1 state holds for an article
        for key in ("interval", "next_due", "signature"):
            page.pop(key, None)
        page["fetched_at"] = night(0).isoformat()  # (the records' own clock is real time; the test's is not)
    path.write_text(json.dumps(state), "utf-8")
    mark = len(site.log)
    records = crawl(site, tmp_path, 1, budget=50)  # due `initial` after their last fetch
    assert {h.status for h in site.hits(mark, "/news/a-")} == {304} and len(site.hits(mark, "/news/a-")) == 12
    assert landed(records) == []
    site.correct(2)
    assert [r.url for r in landed(crawl(site, tmp_path, 3, budget=50))] == [site.url + "/news/a-2.html"]
