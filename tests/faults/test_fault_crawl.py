"""Issue 6, done means: crawls of the fault-injection site are polite, lossless and incremental.

One scenario, four runs against one site (each run with a fresh client, as each
nightly run has):

1. the site as it is: transient faults are retried within the run, the rest fail with a reason;
2. the list changes (a new article on page 1): the new article is fetched, the articles fetched in
   run 1 are not, and the article that kept failing in run 1 is served correctly now;
3. nothing changed: permanent failures are tried a third time and given up;
4. given-up URLs are skipped with their reason, without a request.
"""

from __future__ import annotations

import itertools
import json
from collections import defaultdict
from pathlib import Path

import pytest

from provind.crawl.client import PoliteClient
from provind.crawl.site import FetchRecord, crawl_source
from tests.faults.conftest import MAX_BYTES, RATE_LIMIT, fault_config, fault_source
from tests.faults.server import (
    EVENTUALLY_GOOD,
    GOOD,
    NEVER_GOOD,
    NEW_IN_PHASE_2,
    RETRY_AFTER_SECONDS,
    FaultSite,
)

GIVE_UP_AFTER = 3
SLACK = 0.005  # timer resolution between the client's clock and the server's


def _crawl(site: FaultSite, state: Path, **kwargs: object) -> tuple[list[FetchRecord], int]:
    mark = site.mark()
    with PoliteClient(fault_config()) as client:
        records = list(crawl_source(fault_source(site), state, client, give_up_after=GIVE_UP_AFTER, **kwargs))
    return records, mark


def _path(record: FetchRecord, site: FaultSite) -> str:
    return record.url.removeprefix(site.url.rstrip("/"))


def _by_path(records: list[FetchRecord], site: FaultSite) -> dict[str, FetchRecord]:
    return {_path(r, site): r for r in records if r.kind == "article"}


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory):
    state = tmp_path_factory.mktemp("fault-state")
    site = FaultSite(hang_seconds=0.9).start()
    try:
        runs = []
        for phase in (1, 2, 2, 2):
            site.phase = phase
            runs.append(_crawl(site, state))
        yield site, runs, state
    finally:
        site.stop()


def _per_run(site: FaultSite, runs: list) -> list[list]:
    marks = [mark for _, mark in runs] + [len(site.requests)]
    return [site.requests[a:b] for a, b in itertools.pairwise(marks)]


# --------------------------------------------------------------------------- lossless


def test_every_article_served_correctly_is_fetched_exactly_once_as_ok(scenario):
    site, runs, _ = scenario
    ok = defaultdict(list)
    for number, (records, _) in enumerate(runs, start=1):
        for record in records:
            if record.kind == "article" and record.outcome == "ok":
                ok[_path(record, site)].append(number)
    expected = {*GOOD, *EVENTUALLY_GOOD, NEW_IN_PHASE_2}
    assert set(ok) == expected
    assert all(len(runs_ok) == 1 for runs_ok in ok.values()), ok
    assert ok["/a/long-burst.html"] == [2]  # failed all its retries in run 1, served on run 2
    assert ok[NEW_IN_PHASE_2] == [2]
    assert all(ok[path] == [1] for path in GOOD)


def test_transient_faults_are_retried_within_the_configured_retries(scenario):
    site, runs, _ = scenario
    first = _by_path(runs[0][0], site)
    retries = fault_config().max_retries
    assert first["/a/burst.html"].outcome == "ok" and first["/a/burst.html"].attempts == 3
    for path in ("/a/retry-after.html", "/a/hang.html", "/a/truncated.html"):
        assert first[path].outcome == "ok" and first[path].attempts == 2, path
    long_burst = first["/a/long-burst.html"]
    assert long_burst.outcome == "error" and long_burst.attempts == retries + 1
    assert "HTTP 500" in long_burst.error and "gave up after 3 attempts" in long_burst.error
    # 3 in run 1, 2 in run 2 (it answers at last), 1 in run 3: a young article is asked once more
    assert site.hits("/a/long-burst.html") == 6
    assert site.hits("/news/index_2.html") >= 2  # the list page's 503 was retried


def test_wrong_and_missing_charsets_are_decoded(scenario):
    site, runs, _ = scenario
    first = _by_path(runs[0][0], site)
    for path in ("/a/wrong-charset.html", "/a/no-charset.html"):
        article = first[path].article
        assert article is not None and article.title == "关于" + path[3:-5] + "的通报"
        assert "合格率98.6%" in article.body_text and str(article.published) == "2024-03-01"


def test_every_other_url_has_a_failure_record_with_its_reason(scenario):
    site, runs, _ = scenario
    for records, _ in runs[:GIVE_UP_AFTER]:
        by_path = _by_path(records, site)
        for path, reason in NEVER_GOOD.items():
            record = by_path[path]
            assert record.outcome in ("error", "disallowed"), (path, record.outcome)
            assert reason in (record.error or ""), (path, record.error)
    first = _by_path(runs[0][0], site)
    assert first["/private/secret.html"].outcome == "disallowed"
    assert first["/a/to-private.html"].outcome == "disallowed"
    assert first["/a/huge.html"].http_status == 200 and first["/a/huge.html"].body is None


def test_failed_urls_are_retried_each_run_then_given_up_with_a_reason(scenario):
    site, runs, state = scenario
    failed = json.loads((state / "faults.json").read_text("utf-8"))["failed"]
    for path, reason in NEVER_GOOD.items():
        entry = failed[site.url.rstrip("/") + path]
        assert entry["runs"] == GIVE_UP_AFTER and reason in entry["gave_up"], (path, entry)
    # Run 4 stops paginating at page 1 (all known); what it meets there is skipped with the reason.
    last = _by_path(runs[3][0], site)
    met = [path for path in NEVER_GOOD if path in last]
    assert met
    for path in met:
        assert last[path].outcome == "skipped" and last[path].error.startswith("given up"), path
        assert NEVER_GOOD[path] in last[path].error
    run4_paths = [r.path for r in site.requests[runs[3][1] :]]
    assert not set(run4_paths) & set(NEVER_GOOD), "given-up URLs are not requested again"
    # Each was tried on exactly GIVE_UP_AFTER runs (a redirect loop costs two requests per try).
    assert site.hits("/a/gone.html") == GIVE_UP_AFTER
    assert site.hits("/a/hang-always.html") == GIVE_UP_AFTER * 3
    assert site.hits("/a/report.html") == GIVE_UP_AFTER


def test_known_articles_are_not_fetched_again(scenario):
    site, runs, _ = scenario
    for _, mark in runs[1:]:
        served = {r.path for r in site.requests[mark:] if r.status == 200 and r.path.startswith("/a/")}
        first_ok = {p for p, r in _by_path(runs[0][0], site).items() if r.outcome == "ok"}
        assert not served & first_ok
    third = _by_path(runs[2][0], site)
    assert all(third[path].outcome == "skipped" and third[path].error is None for path in GOOD)


# --------------------------------------------------------------------------- polite


def test_robots_txt_is_obeyed_and_read_first_in_every_run(scenario):
    site, runs, _ = scenario
    assert site.hits("/private/secret.html") == 0
    for records, requests in zip(runs, _per_run(site, runs), strict=True):
        assert requests[0].path == "/robots.txt"
        assert sum(1 for r in requests if r.path == "/robots.txt") == 1
        assert records[0][0].kind == "robots" and records[0][0].outcome == "ok"


def test_per_host_rate_is_never_violated(scenario):
    site, runs, _ = scenario
    for requests in _per_run(site, runs):  # each run is a new client, as each night is
        times = sorted(r.at for r in requests)
        gaps = [(b - a, r) for a, b, r in zip(times, times[1:], requests[1:], strict=False)]
        assert min(gaps)[0] >= RATE_LIMIT - SLACK, min(gaps)
    # Retry-After was honoured: the retry came at least that long after the 429.
    retry = [r.at for r in site.requests if r.path == "/a/retry-after.html"]
    assert retry[1] - retry[0] >= RETRY_AFTER_SECONDS - SLACK


def test_no_request_goes_to_a_disallowed_host_and_every_request_identifies_itself(scenario):
    site, _, _ = scenario
    hosts = {r.headers.get("Host") for r in site.requests}
    assert hosts == {f"127.0.0.1:{site.port}"}
    assert all(r.headers.get("User-Agent", "").startswith("provind/") for r in site.requests)
    assert site.hits("/latest/meta-data/") == 0


def test_oversized_pages_are_cut_at_the_cap(scenario):
    site, _, _ = scenario
    streamed = [r for r in site.requests if r.path == "/a/huge-stream.html"]
    # The client stops reading at the cap; the server can only push what fits into socket buffers.
    assert streamed and all(r.bytes_sent < MAX_BYTES + 16 * 1024 * 1024 for r in streamed)


# --------------------------------------------------------------------------- incremental


def test_second_crawl_of_an_unchanged_site_transfers_no_article_body(clean_site, tmp_path):
    first, _ = _crawl(clean_site, tmp_path)
    assert sum(1 for r in first if r.kind == "article" and r.outcome == "ok") == len(GOOD)
    mark = clean_site.mark()
    second, _ = _crawl(clean_site, tmp_path)
    articles = [r for r in second if r.kind == "article"]
    # the next crawl asks each new article once more (corrections come early), conditionally: 304s
    assert articles and all(r.outcome in ("skipped", "not_modified") for r in articles)  # listed, or revisited
    assert sum(r.outcome == "not_modified" for r in articles) == len(GOOD)
    revisits = [r for r in clean_site.requests[mark:] if r.path.startswith("/a/")]
    assert len(revisits) == len(GOOD) and all(r.status == 304 and r.bytes_sent == 0 for r in revisits)
    unchanged_mark = clean_site.mark()
    _crawl(clean_site, tmp_path)  # unchanged once: no article is due for a day, none is asked
    assert not [r for r in clean_site.requests[unchanged_mark:] if r.path.startswith("/a/")]
    recheck_mark = clean_site.mark()
    third, _ = _crawl(clean_site, tmp_path, recheck=True)
    assert all(r.outcome == "not_modified" for r in third if r.kind in ("article", "list"))
    article_requests = [r for r in clean_site.requests[recheck_mark:] if r.path.startswith("/a/")]
    assert len(article_requests) == len(GOOD)
    assert all(r.status == 304 and r.bytes_sent == 0 for r in article_requests)
