"""Many hosts in one night: a batch crawls its hosts at once, each at its own Crawl-delay.

Bureau sites on their own loopback addresses (tests/crawl/national_bureaus.py), crawled
through the functions the DAG's list_sources and crawl tasks call, batches one after
another as `airflow dags test` runs mapped tasks. The night must cost about the slowest
host's polite crawl, not the sum; no host may be asked twice within its delay; every
article lands; a broken source fails its batch only after the others were crawled.
"""

from __future__ import annotations

import time

import duckdb
import pytest

from tests.crawl.national_bureaus import BureauFarm, registry_yaml, too_soon

# polite crawls of many loopback hosts at their own Crawl-delay
pytestmark = pytest.mark.slow

HOSTS, ARTICLES, DELAY = 12, 4, 0.5


@pytest.fixture
def night(tmp_path, monkeypatch):
    data, registry = tmp_path / "data", tmp_path / "sources.yml"
    monkeypatch.setenv("PROVIND_DATA_DIR", str(data))
    monkeypatch.setenv("PROVIND_SOURCES", str(registry))
    return data, registry


def articles_by_source(data) -> dict[str, int]:
    with duckdb.connect(str(data / "warehouse.duckdb"), read_only=True) as con:
        return dict(con.execute("SELECT source, count(*) FROM raw.articles GROUP BY source").fetchall())


def test_a_night_of_many_hosts_costs_about_the_slowest_host_not_the_sum(night):
    from provind.crawl import sources_tasks
    from provind.land import step as land_step

    data, registry = night
    with BureauFarm(HOSTS, ARTICLES, (DELAY,)) as farm:
        registry.write_text(registry_yaml(farm.sites()), encoding="utf-8")
        batches = sources_tasks.batches_to_crawl()
        started = time.monotonic()
        summaries = [s for batch in batches for s in sources_tasks.crawl_batch(batch, "night-1")]
        wall = time.monotonic() - started
        hits, delays = list(farm.hits), {b.name: b.delay for b in farm.bureaus}

    # robots.txt, the list page, the articles: one request every DELAY s at best
    limit = (ARTICLES + 1) * DELAY
    assert wall <= 4 * limit, f"{wall:.1f} s for a politeness limit of {limit} s (sequential: {HOSTS * limit} s)"
    assert wall >= limit, "the hosts' Crawl-delay was obeyed"
    assert too_soon(hits, delays) == [], "a host was asked twice within its Crawl-delay"
    assert len(hits) == HOSTS * (ARTICLES + 2)
    assert sorted(s["source"] for s in summaries) == sorted(delays)
    assert all(s["fetches"] == {"robots:ok": 1, "list:ok": 1, "article:ok": ARTICLES} for s in summaries)

    land_step.land("night-1")
    assert articles_by_source(data) == dict.fromkeys(delays, ARTICLES), "every article landed"


def test_sources_of_one_host_share_a_thread_and_batches_hold_whole_hosts(night):
    from provind.crawl import batches
    from provind.crawl.sources import check_registry

    _, registry = night
    sites = [{"name": f"s{i}", "url": f"http://127.0.{1 + i // 3}.1:8000"} for i in range(9)]  # 3 hosts, 3 each
    registry.write_text(registry_yaml(sites) + "  - name: typo\n    kind: news_list\n", encoding="utf-8")
    plan = batches.plan_batches(check_registry(registry), threads=2, batches=8)
    assert plan == [["s0", "s1", "s2", "s6", "s7", "s8"], ["s3", "s4", "s5", "typo"]]
    assert batches.plan_batches(check_registry(registry), threads=64) == [[*(s["name"] for s in sites), "typo"]]


def test_a_broken_source_fails_its_batch_after_the_others_were_crawled_and_only_it_is_retried(night):
    from airflow.sdk.exceptions import AirflowFailException

    from provind.crawl import batches, sources_tasks
    from provind.land import step as land_step

    data, registry = night
    with BureauFarm(4, 2, (0.1,)) as farm:
        sites = farm.sites()
        broken = {**sites[3], "name": "broken", "url": sites[3]["url"] + "/gone"}  # its list page: 404
        registry.write_text(registry_yaml([*sites[:3], broken]), encoding="utf-8")
        (batch,) = sources_tasks.batches_to_crawl()
        with pytest.raises(batches.BatchFailed) as failed:
            sources_tasks.crawl_batch(batch, "night-1")
        assert [f.source for f in failed.value.failures] == ["broken"]
        assert "SourceUnreachable: source broken" in str(failed.value) and failed.value.retryable

        asked = len(farm.hits)
        with pytest.raises(batches.BatchFailed):  # the retry of the task
            sources_tasks.crawl_batch(batch, "night-1")
        again = {h.host for h in farm.hits[asked:]}
        assert again == {sites[3]["name"]}, "the retry asked only the broken source's host"

        summaries = {s["source"]: s for s in batches.crawl_summaries("night-1")}
        assert sorted(summaries) == ["broken", *(s["name"] for s in sites[:3])]
        assert "error" in summaries["broken"] and summaries["broken"]["fetches"].get("list:error") == 1
        assert all("error" not in summaries[s["name"]] for s in sites[:3])
        land_step.land("night-1")
        assert articles_by_source(data) == {s["name"]: 2 for s in sites[:3]}, "the healthy sources landed"

        # A batch whose only failure is a typo fails at once (no retry can fix it), after the others.
        typo = '  - name: typo\n    kind: news_list\n    start_urls: ["http://127.0.0.1:879l/"]\n'
        registry.write_text(registry_yaml(sites[:1]) + typo, encoding="utf-8")
        with pytest.raises(AirflowFailException, match="entry 2 \\(typo\\)"):
            sources_tasks.crawl_batch(sources_tasks.batches_to_crawl()[0], "night-2")
    failed = {s["source"]: "error" in s for s in batches.crawl_summaries("night-2")}
    assert failed == {sites[0]["name"]: False, "typo": True}


def test_a_second_crawl_of_a_host_keeps_the_delay_the_first_one_learnt(night):
    """Two crawl tasks whose sources share a host (a backfill beside the night, say): one request per delay.

    The second crawl's first request (robots.txt) is sent before it knows the host's
    Crawl-delay; the pacing file tells it the delay the first crawl learnt. (Two crawls that
    both start before either has read robots.txt are spaced by the sources' rate_limit only.)
    """
    from concurrent.futures import ThreadPoolExecutor

    from provind.crawl import sources_tasks
    from tests.conftest import wait_for

    _, registry = night
    with BureauFarm(1, 3, (0.3,)) as farm:
        (site,) = farm.sites()
        twins = [{**site, "name": "twin-a"}, {**site, "name": "twin-b"}]
        registry.write_text(registry_yaml(twins), encoding="utf-8")
        assert sources_tasks.batches_to_crawl() == [["twin-a", "twin-b"]], "one host: one group, one batch"
        with ThreadPoolExecutor(2) as pool:  # each twin in a batch of its own, crawled at the same time
            first = pool.submit(sources_tasks.crawl_batch, ["twin-a"], "night-1")
            assert wait_for(lambda: len(farm.hits) >= 2, timeout=10)  # twin-a knows the Crawl-delay
            second = pool.submit(sources_tasks.crawl_batch, ["twin-b"], "night-2")
            done = [first.result(), second.result()]
        hits = list(farm.hits)

    assert [s["fetches"]["article:ok"] for (s,) in done] == [3, 3]
    assert len(hits) == 2 * (3 + 2)
    assert too_soon(hits, {site["name"]: 0.3}) == [], "the host saw two crawls at once"
