"""`provind crawl` as a subprocess against the demo site served in this test process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

# `provind crawl` as a process against a demo site process
pytestmark = pytest.mark.slow

PROVIND = str(Path(sys.executable).with_name("provind"))


def _crawl(*args: str) -> subprocess.CompletedProcess[str]:
    # subprocess.run waits for the child and kills it on timeout: nothing outlives the test.
    return subprocess.run([PROVIND, "crawl", *args], capture_output=True, text=True, timeout=60)


def test_jsonl_crawl_then_incremental_second_call(demo, tmp_path):
    start = demo.url + "news/"
    options = [
        "--allow-private",
        "--state",
        str(tmp_path),
        "--jsonl",
        "--rate-limit",
        "0",
        "--region",
        "370000",
    ]
    first = _crawl(start, *options)
    assert first.returncode == 0, first.stderr
    lines = [json.loads(line) for line in first.stdout.splitlines()]
    assert len(lines) == 6  # five corpus articles and the statistics release
    assert all(set(line) == {"url", "title", "published", "text"} for line in lines)
    by_doc = {line["url"].rsplit("/", 1)[1][:3]: line for line in lines}
    assert by_doc["000"]["published"] == "2024-08-14" and by_doc["002"]["published"] is None
    assert "万人拥有发明量19.31件" in by_doc["002"]["text"]
    assert "質(zhì)量" in by_doc["003"]["text"]  # original script, glosses kept
    assert "<p>" not in by_doc["004"]["text"] and "layout:" not in by_doc["004"]["text"]

    mark = len(demo.site.log)
    second = _crawl(start, *options)
    assert second.returncode == 0 and second.stdout == ""
    # the next crawl asks every new article once more (a bureau corrects young articles first),
    # each a conditional GET answered 304, beside robots.txt and the list pages: nothing lands
    articles = [
        e
        for e in demo.site.log[mark:]
        if not e.path.endswith(("/news/", "robots.txt")) and "/news/index_" not in e.path
    ]
    assert sum(e.status == 304 for e in articles) == 6
    assert all(e.status == 304 for e in articles)

    mark = len(demo.site.log)
    third = _crawl(start, *options)
    assert third.returncode == 0 and third.stdout == ""
    # now unchanged once, no article is due for a day: only robots.txt and list pages (304s)
    assert all(
        entry.path.endswith(("/news/", "robots.txt")) or (entry.path.startswith("/news/index_") and entry.status == 304)
        for entry in demo.site.log[mark:]
    )


def test_loopback_is_refused_without_allow_private(demo, tmp_path):
    result = _crawl(demo.url + "news/", "--state", str(tmp_path), "--jsonl")
    assert result.returncode == 2 and result.stdout == ""
    assert "loopback" in result.stderr and "--allow-private" in result.stderr
    assert demo.site.log == []


def test_plain_output_lists_every_fetch(demo):
    result = _crawl(demo.url + "news/", "--allow-private", "--rate-limit", "0")
    assert result.returncode == 0, result.stderr
    outcomes = [line.split()[0] for line in result.stdout.splitlines()]
    assert outcomes.count("ok") == 10  # robots + 3 list pages + 6 articles
    assert "10 requests" in result.stderr
