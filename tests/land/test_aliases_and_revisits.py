"""One article, one row; a corrected article lands as a new version; through the pipeline's own steps."""

from __future__ import annotations

import time

import pytest

from tests.land.test_crash_recovery import night  # noqa: F401  (the fixture)

# whole nights of pipeline-step processes (test_crash_recovery's night)
pytestmark = pytest.mark.integration


def test_an_article_under_several_urls_lands_once_with_its_other_urls(night):  # noqa: F811
    night.full_night("night-1")
    site = night.site
    site.pin(7)  # /news/a-7.html?from=index on top of page 1
    print_path = site.print_copy(4)  # another template, rel=canonical to /news/a-4.html
    copy_path = site.copy(9)  # the same bytes at a second path
    night.full_night("night-2")
    night.full_night("night-3")
    night.assert_every_article_once()
    aliases = night.query("SELECT url, article_url FROM raw.article_urls ORDER BY url")
    assert aliases == [
        (site.url + copy_path, site.url + "/news/a-9.html"),
        (site.url + print_path, site.url + "/news/a-4.html"),
    ]
    assert not [h for h in site.log if "from=index" in h.path]
    assert len([h for h in site.log if h.path in (print_path, copy_path)]) == 2  # each fetched once, ever


def test_a_corrected_article_lands_as_a_new_version_and_the_rest_cost_304s(night):  # noqa: F811
    night.write_registry("{initial: 1s, min: 1s, max: 1h, budget: 50}")
    night.full_night("night-1")
    night.site.correct(5)
    time.sleep(1.5)  # every article is due again
    mark = len(night.site.log)
    night.full_night("night-2")
    statuses = sorted(h.status for h in night.site.hits(mark, "/news/a-"))
    assert statuses == [200] + [304] * 23
    versions = night.query(
        "SELECT body_text LIKE '%更正第1次%' FROM raw.articles WHERE url LIKE '%/news/a-5.html' ORDER BY fetched_at"
    )
    assert versions == [(False,), (True,)]  # the old version stays in raw; dbt keeps the latest
    assert night.query("SELECT count(*), count(DISTINCT url) FROM raw.articles") == [(25, 24)]
