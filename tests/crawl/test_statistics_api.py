"""A statistics_api source through the pipeline's own steps: crawl → land → extract, against the real demo site.

The demo site (in process, on loopback) serves the NBS release platform's API
from the recordings shipped in the package; the figures are real published ones.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
import yaml

from provind.demo_site.nbs_api import PREFIX
from provind.demo_site.server import DemoSite, make_server
from tests.conftest import DEMO_NBS_FIGURES, ROOT

# crawls, lands and extracts a statistics API source through the pipeline's steps
pytestmark = pytest.mark.slow

ES_DATA = f"{PREFIX}/stream/esData"
GDP_2023 = "2023年 全国 国内生产总值 1260582 亿元"


@dataclass
class World:
    data: Path
    url: str
    site: DemoSite
    registry: Path

    def warehouse(self) -> duckdb.DuckDBPyConnection:
        return duckdb.connect(str(self.data / "warehouse.duckdb"), read_only=True)

    def use_queries(self, *queries: dict) -> None:
        """Point the registry's demo-nbs source at other queries (the shipped ones by default)."""
        document = yaml.safe_load((ROOT / "sources.yml").read_text(encoding="utf-8"))
        entry = next(s for s in document["sources"] if s["name"] == "demo-nbs")
        entry["api"] = {"queries": list(queries)}
        self.registry.write_text(yaml.safe_dump({"sources": [entry]}, allow_unicode=True), encoding="utf-8")


@pytest.fixture
def world(tmp_path, monkeypatch) -> Iterator[World]:
    server = make_server(port=0, crawl_delay=0)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    registry = tmp_path / "sources.yml"
    registry.write_text((ROOT / "sources.yml").read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setenv("PROVIND_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("PROVIND_DEMO_URL", url)
    monkeypatch.setenv("PROVIND_SOURCES", str(registry))
    try:
        yield World(tmp_path / "data", url, server.site, registry)  # type: ignore[attr-defined]
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def night(run_id: str) -> dict:
    from provind import pipeline
    from provind.crawl import step as crawl_step
    from provind.land import step as land_step

    return {
        "crawl": crawl_step.crawl("demo-nbs", run_id),
        "land": land_step.land(run_id),
        "extract": pipeline.extract(run_id),
    }


def test_national_figures_land_once_with_their_cell_as_quote(world):
    first = night("night-1")
    assert first["crawl"]["fetches"] == {"robots:ok": 1, "list:ok": 1, "query:ok": 2}
    assert first["land"]["articles"] == 2, "one article per query"
    assert first["extract"] == {"articles": 2, "mentions": 0, "table_cells": DEMO_NBS_FIGURES}
    with world.warehouse() as con:
        articles = con.execute(
            "SELECT url, title, publisher, source_region_code, published, clean_text FROM raw.articles ORDER BY url"
        ).fetchall()
        assert [a[1:5] for a in articles] == [
            ("国内生产总值、国内生产总值增长率（2018年至2023年）", "国家统计局 (demo)", "100000", None),
            ("国内生产总值当季同比增长（2024年第一季度至2024年第四季度）", "国家统计局 (demo)", "100000", None),
        ]
        assert articles[0][0] == (
            f"{world.url}{ES_DATA}?cid=fixture-cid-gdp&indicatorIds=fixture-ind-gdp,fixture-ind-gdp-growth"
            "&dts=2018YY-2023YY&rootId=fixture-root-annual"
        ), "the article URL is the request's identity"
        gdp = con.execute(
            """
            SELECT m.value, m.unit, m.kind, m.region_code, m.period, m.indicator, m.start_offset, m.end_offset,
                   m.sentence, a.clean_text
            FROM raw.mentions m JOIN raw.articles a USING (article_id) WHERE m.quote = ?
            """,
            [GDP_2023],
        ).fetchall()
        assert len(gdp) == 1, "once: the article's text is not read a second time as prose"
        value, unit, kind, region_code, period, indicator, start, end, sentence, text = gdp[0]
        assert (value, unit, kind, region_code, period, indicator) == (
            Decimal("126058200000000"), "元", "amount", "100000", "2023", "gdp"
        )  # fmt: skip
        assert (start, end) == (-1, -1) and sentence == "国家统计局 国家数据 | 全国 | 国内生产总值 2023年"
        assert GDP_2023 in text, "the quote is a line of its article"
        quarters = con.execute(
            "SELECT period, value::DOUBLE FROM raw.mentions"
            " WHERE indicator = 'gdp_growth' AND period LIKE '2024-%' ORDER BY 1"
        ).fetchall()
        assert quarters == [("2024-01..2024-03", 5.3), ("2024-04..2024-06", 4.7), ("2024-07..2024-09", 4.6)]
        assert "第四季度" not in articles[1][5], "an empty value is no figure and no line"
        page = con.execute("SELECT content_type, body_gz FROM raw.pages WHERE url = ?", [articles[0][0]]).fetchone()
        assert page[0].startswith("application/json"), "raw keeps the answer as the platform sent it"


def test_a_second_crawl_of_unchanged_data_lands_no_new_version(world):
    night("night-1")
    second = night("night-2")
    assert second["crawl"]["fetches"] == {"robots:ok": 1, "list:ok": 1, "query:not_modified": 2}
    assert second["land"]["articles"] == 0 and second["extract"]["articles"] == 0
    # bytes that differ without a figure changing (key order, a field the platform adds) are no news either
    answer = json.loads(world.site.platform.answers["esdata_gdp_annual.json"])
    reordered = {"servedAt": "2026-01-02T02:00:00", **dict(reversed(list(answer.items())))}
    world.site.platform.answers["esdata_gdp_annual.json"] = json.dumps(reordered, ensure_ascii=False).encode()
    third = night("night-3")
    assert third["crawl"]["fetches"]["query:not_modified"] == 2 and third["land"]["articles"] == 0
    with world.warehouse() as con:
        assert con.execute("SELECT count(*) FROM raw.articles").fetchone()[0] == 2
        assert con.execute("SELECT count(*) FROM raw.mentions").fetchone()[0] == DEMO_NBS_FIGURES
        logged = con.execute("SELECT run_id, outcome FROM raw.fetch_log WHERE kind = 'query' ORDER BY 1, 2").fetchall()
    assert [outcome for run, outcome in logged if run == "night-2"] == ["not_modified", "not_modified"]


def test_a_newly_published_figure_lands_a_new_version_of_the_query(world):
    night("night-1")
    # The release of 17 January 2025 filled in the fourth quarter of 2024: 5.4% over the fourth quarter of 2023.
    answer = json.loads(world.site.platform.answers["esdata_gdp_quarterly.json"])
    answer["data"][3]["values"][0]["value"] = "5.4"
    world.site.platform.answers["esdata_gdp_quarterly.json"] = json.dumps(answer, ensure_ascii=False).encode()
    second = night("night-2")
    assert second["crawl"]["fetches"] == {"robots:ok": 1, "list:ok": 1, "query:ok": 1, "query:not_modified": 1}
    assert second["land"]["articles"] == 1 and second["extract"]["table_cells"] == 4
    with world.warehouse() as con:
        versions = con.execute(
            "SELECT count(*), count(DISTINCT url) FROM raw.articles WHERE url LIKE '%fixture-cid-gdp-q%'"
        ).fetchone()
        q4 = con.execute("SELECT value, quote FROM raw.mentions WHERE period = '2024-10..2024-12'").fetchall()
    assert versions == (2, 1), "a new version of the same article URL"
    assert q4 == [(Decimal("5.4"), "2024年第四季度 全国 国内生产总值当季同比增长 5.4%")]


def test_an_answer_without_success_is_a_fetch_log_row_and_the_source_unreachable(world):
    from provind.crawl import step as crawl_step
    from provind.land import step as land_step

    world.use_queries({"cid": "fixture-cid-gdp", "root_id": "fixture-root-annual", "dts": ["1990YY-1991YY"]})
    with pytest.raises(crawl_step.SourceUnreachable) as failure:
        crawl_step.crawl("demo-nbs", "night-1")
    message = str(failure.value)
    assert "source demo-nbs: no API query was answered" in message
    assert "the platform answered no success (no data for this request" in message, "the platform's own words"
    land_step.land("night-1")  # the DAG lands whatever the crawl did
    with world.warehouse() as con:
        row = con.execute(
            "SELECT outcome, http_status, error, bytes FROM raw.fetch_log WHERE kind = 'query'"
        ).fetchone()
        kept = con.execute("SELECT count(*) FROM raw.pages WHERE url LIKE '%dts=1990YY-1991YY%'").fetchone()[0]
        articles = con.execute("SELECT count(*) FROM raw.articles").fetchone()[0]
    assert row[:2] == ("error", 200) and "no success" in row[2] and row[3] > 0
    assert kept == 1 and articles == 0, "the answer is kept as evidence, and is no article"


def test_a_server_error_is_a_fetch_log_row_and_the_query_is_asked_again_next_night(world):
    from provind.crawl import step as crawl_step
    from provind.land import step as land_step

    world.site.faults[ES_DATA] = [501]  # not retried: a 5xx that will not go away by itself
    first = crawl_step.crawl("demo-nbs", "night-1")
    assert first["fetches"] == {"robots:ok": 1, "list:ok": 1, "query:error": 1, "query:ok": 1}
    assert land_step.land("night-1")["articles"] == 1, "the other query is landed"
    with world.warehouse() as con:
        failed = con.execute("SELECT url, error FROM raw.fetch_log WHERE outcome = 'error'").fetchall()
    assert len(failed) == 1 and "cid=fixture-cid-gdp&" in failed[0][0] and "HTTP 501" in failed[0][1]
    second = night("night-2")
    assert second["crawl"]["fetches"]["query:ok"] == 1 and second["land"]["articles"] == 1, "asked again, landed"


def test_server_errors_are_retried_then_reported(world, tmp_path):
    from provind.crawl.api import crawl_api_source
    from provind.crawl.client import PoliteClient
    from provind.crawl.sources import get_source
    from tests.crawl.conftest import fast_config

    source = get_source(world.registry, "demo-nbs")
    world.site.faults[ES_DATA] = [503, 503, 503]  # fast_config: two retries
    with PoliteClient(fast_config()) as client:
        records = list(crawl_api_source(source, tmp_path / "state", client))
    failed = [r for r in records if r.outcome == "error"]
    assert len(failed) == 1 and failed[0].kind == "query" and failed[0].attempts == 3
    assert failed[0].http_status == 503 and "HTTP 503 (gave up after 3 attempts)" in failed[0].error
    assert [r.outcome for r in records if r.kind == "query"] == ["error", "ok"]


def test_a_source_without_queries_says_so_without_asking(world):
    from provind.crawl import step as crawl_step

    world.registry.write_text((ROOT / "sources.yml").read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(crawl_step.SourceUnreachable, match=r"has no api\.queries to ask"):
        crawl_step.crawl("nbs-release-platform", "night-1")  # disabled, but crawlable by name: no network touched
