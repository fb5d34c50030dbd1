"""The revisit schedule's arithmetic (pure functions) and its `revisit:` entry in sources.yml."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from provind.crawl.canonical import canonical_url
from provind.crawl.schedule import (
    DEFAULT_POLICY,
    RevisitPolicy,
    after_revisit,
    due,
    first_visit,
    parse_duration,
    sweep_bound,
)
from provind.crawl.sources import load_sources

from .test_sources import GOOD, _write, assert_error_names_the_field

NOW = datetime(2024, 7, 1, 2, 0, tzinfo=UTC)
DAY = 86400.0


def test_durations():
    assert parse_duration("1d") == timedelta(days=1)
    assert parse_duration("12h") == timedelta(hours=12)
    assert parse_duration("2w") == timedelta(days=14)
    assert parse_duration(90) == timedelta(seconds=90)
    for bad in ("1 day", "", "-1d", True, None, "d"):
        with pytest.raises(ValueError):
            parse_duration(bad)


def test_unchanged_grows_to_max_and_a_change_shrinks_to_min():
    policy = RevisitPolicy(initial=timedelta(days=2), min=timedelta(days=1), max=timedelta(days=5))
    entry = first_visit(NOW, policy)
    # a new article is looked at again by the next crawl; its interval starts at `initial`
    assert entry["interval"] == 2 * DAY and entry["next_due"] == NOW.isoformat()
    intervals = []
    for _ in range(4):
        entry = after_revisit(entry, NOW, policy, changed=False)
        intervals.append(entry["interval"] / DAY)
    assert intervals == [3, 4.5, 5, 5]  # *1.5, capped at max
    entry = after_revisit(entry, NOW, policy, changed=True)
    assert entry["interval"] == 2.5 * DAY
    for _ in range(3):
        entry = after_revisit(entry, NOW, policy, changed=True)
    assert entry["interval"] == DAY  # floored at min
    failed = after_revisit(entry, NOW, policy, changed=None)
    assert failed["interval"] == DAY and failed["next_due"] == (NOW + policy.min).isoformat()


def test_due_is_oldest_first_within_budget_with_a_little_grace():
    policy = RevisitPolicy(budget=2)
    pages = [
        ("late", {"next_due": (NOW + timedelta(minutes=20)).isoformat()}),  # within the grace: due tonight
        ("old", {"next_due": (NOW - timedelta(days=3)).isoformat()}),
        ("older", {"next_due": (NOW - timedelta(days=9)).isoformat()}),
        ("tomorrow", {"next_due": (NOW + timedelta(days=1)).isoformat()}),
        ("legacy", {"fetched_at": (NOW - timedelta(days=5)).isoformat()}),  # state from before the schedule
    ]
    assert due(pages, NOW, policy) == ["older", "legacy"]
    assert due(pages, NOW, RevisitPolicy(budget=10)) == ["older", "legacy", "old", "late"]
    assert due(pages, NOW, RevisitPolicy(budget=0)) == []


def test_sweep_bound():
    assert sweep_bound(5, DEFAULT_POLICY) == 2
    assert sweep_bound(1, DEFAULT_POLICY) == 1
    assert sweep_bound(50, RevisitPolicy(sweep_pages=5)) == 10
    assert sweep_bound(50, RevisitPolicy(sweep_pages=0)) == 0


def test_canonical_urls_drop_tracking_and_keep_the_rest():
    assert canonical_url("http://A.gov.cn:80/news/1.html?from=index#top") == "http://a.gov.cn/news/1.html"
    assert canonical_url("http://a.cn/x?id=3&utm_source=wx&spm=1.2&b=2") == "http://a.cn/x?id=3&b=2"
    assert canonical_url("http://a.cn/x?t=1718000000&id=1") == "http://a.cn/x?id=1"
    assert canonical_url("http://a.cn/x?t=2&id=1") == "http://a.cn/x?t=2&id=1"  # a short value may mean something
    assert canonical_url("http://a.cn/x?b=1&a=2") == "http://a.cn/x?b=1&a=2"  # order kept: nothing sorted
    assert canonical_url("https://a.cn:8443/x") == "https://a.cn:8443/x"


def test_revisit_entry_in_sources_yml(tmp_path):
    path = _write(tmp_path, GOOD + "    revisit: {initial: 12h, min: 6h, max: 2w, budget: 5, inc_rate: 2}\n")
    policy = load_sources(path)[0].revisit
    assert policy.initial == timedelta(hours=12) and policy.min == timedelta(hours=6)
    assert policy.max == timedelta(days=14) and policy.budget == 5 and policy.inc_rate == 2.0
    assert policy.dec_rate == DEFAULT_POLICY.dec_rate and policy.sweep_pages == DEFAULT_POLICY.sweep_pages
    assert load_sources(_write(tmp_path, GOOD))[0].revisit == DEFAULT_POLICY


@pytest.mark.parametrize(
    ("revisit", "needle"),
    [
        ("{initial: soon}", "initial: not a duration"),
        ("{min: 2d, max: 1d}", "longer than max"),
        ("{budget: -1}", "budget must be a whole number"),
        ("{budget: 2.5}", "budget must be a whole number"),
        ("{inc_rate: 0.5}", "inc_rate must be >= 1"),
        ("{dec_rate: 0}", "dec_rate must be > 0"),
        ("{often: 1d}", "unknown key 'often'"),
        ("weekly", "must be a mapping"),
    ],
)
def test_revisit_errors_name_file_entry_and_field(tmp_path, revisit, needle):
    assert_error_names_the_field(_write(tmp_path, GOOD + f"    revisit: {revisit}\n"), "revisit", needle)
