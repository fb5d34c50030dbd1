"""crawl_source against the real demo site: first crawl, incremental second crawl, failures across runs."""

from __future__ import annotations

import json
from datetime import date

from provind.crawl.client import PoliteClient
from provind.crawl.site import crawl_source

from .conftest import fast_config

ARTICLE_PATHS = {
    "/news/000_75e68aafbc592f63.html",
    "/news/001_1a913e94a34a81a7.html",
    "/news/002_c9012b9b6f9cd57c.html",
    "/news/003_a932931f13d09aac.html",
    "/news/004_ab2a4a60be775138.html",
    "/news/tjgb_2023_shandong.html",  # the statistics release
}


def _crawl(source, state_dir, **kwargs):
    with PoliteClient(fast_config()) as client:
        return list(crawl_source(source, state_dir, client, **kwargs))


def _articles(records, outcome=None):
    return [r for r in records if r.kind == "article" and (outcome is None or r.outcome == outcome)]


def _article_bodies_sent(site, since=0):
    return [e for e in site.log[since:] if e.path in ARTICLE_PATHS and e.bytes_sent > 0]


def test_first_crawl_lands_all_six_pages(demo, tmp_path):
    records = _crawl(demo.source(), tmp_path)
    kinds = [r.kind for r in records]
    assert kinds[0] == "robots" and kinds.count("list") == 3
    landed = _articles(records, "ok")
    assert len(landed) == 6 and all(r.changed for r in landed)
    by_path = {r.url.removeprefix(demo.url.rstrip("/")): r for r in landed}
    assert set(by_path) == ARTICLE_PATHS
    portal = by_path["/news/002_c9012b9b6f9cd57c.html"]
    assert portal.encoding == "gb18030" and portal.article.published is None
    assert by_path["/news/000_75e68aafbc592f63.html"].article.published == date(2024, 8, 14)
    for record in landed:
        assert record.body and len(record.content_hash) == 64 and record.etag and record.http_status == 200
        assert record.source == "demo" and record.fetched_at.tzinfo is not None
        assert record.article.body_text and record.article.title


def test_second_crawl_transfers_no_article_body(demo, tmp_path):
    _crawl(demo.source(), tmp_path)
    mark = len(demo.site.log)
    again = _crawl(demo.source(), tmp_path)
    assert _article_bodies_sent(demo.site, mark) == []
    assert {r.outcome for r in _articles(again)} <= {"skipped", "not_modified"}
    # page 1 is all known: the walk stops there, and the sweep re-checks `sweep_pages` more pages (304s)
    sweep = demo.source().revisit.sweep_pages
    assert [r.outcome for r in again if r.kind == "list"] == ["not_modified"] * (1 + sweep)

    mark = len(demo.site.log)
    rechecked = _crawl(demo.source(), tmp_path, recheck=True)
    assert _article_bodies_sent(demo.site, mark) == []
    assert sorted(r.outcome for r in _articles(rechecked)) == ["not_modified"] * 6


def test_state_file_is_complete_json(demo, tmp_path):
    _crawl(demo.source(), tmp_path)
    state = json.loads((tmp_path / "demo.json").read_text("utf-8"))
    assert state["source"] == "demo" and state["last_success"] and state["failed"] == {}
    articles = {url: page for url, page in state["pages"].items() if page["kind"] == "article"}
    assert len(articles) == 6 and all(page["etag"] and page["content_hash"] for page in articles.values())
    assert not list(tmp_path.glob(".demo.json.*"))  # no temporary file left behind


def test_changed_article_is_landed_again(demo, tmp_path):
    _crawl(demo.source(), tmp_path)
    path = "/news/001_1a913e94a34a81a7.html"
    html = demo.site.pages[path].body.decode("utf-8").replace("助力高质量发展</h1>", "助力高质量发展（更新）</h1>")
    demo.site.set_page(path, html)
    records = _crawl(demo.source(), tmp_path, recheck=True)
    changed = [r for r in _articles(records) if r.changed]
    assert len(changed) == 1 and changed[0].article.title.endswith("（更新）")


def test_failed_article_is_retried_next_run_and_given_up_later(demo, tmp_path):
    flaky, broken = "/news/003_a932931f13d09aac.html", "/news/004_ab2a4a60be775138.html"
    demo.site.faults[flaky] = [503] * 3  # fails all attempts of the first run only
    demo.site.faults[broken] = [404] * 10
    first = _crawl(demo.source(), tmp_path, give_up_after=2)
    errors = {r.url.removeprefix(demo.url.rstrip("/")): r for r in _articles(first, "error")}
    assert set(errors) == {flaky, broken} and errors[flaky].attempts == 3 and "HTTP 503" in errors[flaky].error
    assert len(_articles(first, "ok")) == 4

    second = _crawl(demo.source(), tmp_path, give_up_after=2)
    outcome = {r.url.removeprefix(demo.url.rstrip("/")): r.outcome for r in _articles(second)}
    assert outcome[flaky] == "ok" and outcome[broken] == "error"
    state = json.loads((tmp_path / "demo.json").read_text("utf-8"))
    failure = state["failed"][demo.url.rstrip("/") + broken]
    assert failure["runs"] == 2 and "HTTP 404" in failure["gave_up"]

    mark = len(demo.site.log)
    third = _crawl(demo.source(), tmp_path, give_up_after=2)
    assert not [e for e in demo.site.log[mark:] if e.path == broken]  # given up: not asked again
    skipped = [r for r in _articles(third) if r.url.endswith(broken)]
    assert skipped == [] or skipped[0].outcome == "skipped"


def test_robots_disallowed_and_bad_pages_become_records(demo, tmp_path):
    path = "/news/000_75e68aafbc592f63.html"
    html = demo.site.pages["/news/"].body.decode("utf-8")
    html = html.replace("</ul>", '<li><a href="/admin/secret.html">后台管理的一篇文章</a></li></ul>')
    demo.site.set_page("/news/", html)
    demo.site.set_page(path, "", encoding="utf-8")  # an empty page: no body text
    records = _crawl(demo.source(), tmp_path)
    disallowed = [r for r in _articles(records) if r.outcome == "disallowed"]
    assert len(disallowed) == 1 and "robots.txt" in disallowed[0].error
    assert not [e for e in demo.site.log if e.path.startswith("/admin")]
    empty = next(r for r in _articles(records) if r.url.endswith(path))
    assert empty.outcome == "error" and "no body text" in empty.error


def test_unreachable_site_yields_error_records_not_exceptions(tmp_path, demo):
    source = demo.source(start_urls=("http://127.0.0.1:9/news/",), allowed_domains=("127.0.0.1",))
    with PoliteClient(fast_config(max_retries=0)) as client:
        records = list(crawl_source(source, tmp_path, client))
    assert records and all(r.outcome in ("error", "disallowed", "ok") for r in records)
    assert any(r.kind == "list" and r.outcome in ("error", "disallowed") for r in records)
    state = json.loads((tmp_path / "demo.json").read_text("utf-8"))
    assert state["last_success"] is None
