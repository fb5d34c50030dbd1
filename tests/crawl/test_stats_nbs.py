"""The NBS release platform adapter against recorded responses served on loopback (fixtures/nbs/)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from provind.crawl.client import FetchPolicy, PoliteClient
from provind.stats.nbs import (
    Area,
    NbsClient,
    NbsError,
    answer_text,
    answer_title,
    fetch_observations,
    is_es_data,
    observations_from_es_data,
    period_of_code,
)

from .conftest import fast_config

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "nbs"
PREFIX = "/dg/website/publicrelease/web/external"
LOCAL = FetchPolicy(allowed_domains=("127.0.0.1",), allow_private=True, rate_limit=0.0)


@dataclass
class Platform:
    url: str
    gets: list[tuple[str, dict]] = field(default_factory=list)
    posts: list[dict] = field(default_factory=list)
    fail_next_post: list[int] = field(default_factory=list)


def _fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@pytest.fixture
def platform() -> Iterator[Platform]:
    state = Platform("")

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def _send(self, status: int, body: bytes, content_type: str = "application/json;charset=UTF-8") -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            query = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
            state.gets.append((parts.path, query))
            name = {
                f"{PREFIX}/new/queryIndexTreeAsync": "tree_roots.json"
                if not query.get("pid")
                else "tree_children.json",
                f"{PREFIX}/new/queryIndicatorsByCid": "indicators_gdp.json",
                f"{PREFIX}/getDasByDaCatalogId": "das.json",
            }.get(parts.path)
            if name is None:
                return self._send(404, b"not found", "text/plain")
            self._send(200, _fixture(name))

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            payload = json.loads(self.rfile.read(length))
            state.posts.append(payload)
            if state.fail_next_post:
                return self._send(state.fail_next_post.pop(0), b'{"success":false}')
            if self.path != f"{PREFIX}/stream/esData":
                return self._send(404, b"not found", "text/plain")
            if payload["dts"] == ["2018YY-2023YY"]:
                return self._send(200, _fixture("esdata_gdp_annual.json"))
            if payload["dts"] == ["202401SS-202404SS"]:
                return self._send(200, _fixture("esdata_gdp_quarterly.json"))
            self._send(200, b'{"success":false,"message":"no data"}')

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def nbs(platform: Platform) -> Iterator[NbsClient]:
    with PoliteClient(fast_config()) as client:
        yield NbsClient(client, platform.url, LOCAL)


def test_fixtures_name_the_source_of_their_figures():
    for path in FIXTURES.glob("esdata_*.json"):
        document = json.loads(path.read_text("utf-8"))
        assert "国家统计局" in document["_provenance"], path.name


def test_catalog_indicators_and_areas(nbs, platform):
    roots = nbs.index_tree()
    assert [(n.id, n.name, n.is_leaf) for n in roots] == [("fixture-root-annual", "年度数据", False)]
    leaves = nbs.index_tree(roots[0].id)
    assert [n.name for n in leaves] == ["国内生产总值", "总人口"] and all(n.is_leaf for n in leaves)
    indicators = nbs.indicators(leaves[0].id)
    assert [(i.name, i.unit) for i in indicators] == [("国内生产总值", "亿元"), ("国内生产总值增长率", "%")]
    areas = nbs.areas("fixture-area-catalog")
    assert areas[1] == Area("山东省", "370000000000")
    assert platform.gets[0] == ("/robots.txt", {})  # polite: robots.txt first (404 here: all allowed)
    assert platform.gets[1] == (f"{PREFIX}/new/queryIndexTreeAsync", {"pid": "", "code": "3"})
    assert platform.gets[3] == (
        f"{PREFIX}/new/queryIndicatorsByCid",
        {"cid": "fixture-cid-gdp", "dt": "", "name": ""},
    )
    assert platform.gets[4] == (f"{PREFIX}/getDasByDaCatalogId", {"daCid": "fixture-area-catalog"})


def test_es_data_payload_and_annual_observations(nbs, platform):
    rows = fetch_observations(
        nbs,
        "fixture-cid-gdp",
        ["fixture-ind-gdp", "fixture-ind-gdp-growth"],
        dts=["2018YY-2023YY"],
        root_id="fixture-root-annual",
    )
    assert platform.posts == [
        {
            "cid": "fixture-cid-gdp",
            "indicatorIds": ["fixture-ind-gdp", "fixture-ind-gdp-growth"],
            "daCatalogId": "",
            "das": [{"text": "全国", "value": "000000000000"}],
            "showType": "1",
            "dts": ["2018YY-2023YY"],
            "rootId": "fixture-root-annual",
        }
    ]
    assert len(rows) == 12
    gdp_2023 = next(r for r in rows if r["period"] == "2023" and r["unit"] == "元")
    assert (
        gdp_2023["value"] == Decimal("126058200000000") and gdp_2023["quote"] == "2023年 全国 国内生产总值 1260582 亿元"
    )
    assert gdp_2023["kind"] == "amount" and gdp_2023["indicator"] == "gdp"
    assert gdp_2023["region_code"] == "100000" and gdp_2023["start"] == gdp_2023["end"] == -1
    assert gdp_2023["sentence"] == "国家统计局 国家数据 | 全国 | 国内生产总值 2023年"
    growth_2020 = next(r for r in rows if r["period"] == "2020" and r["unit"] == "%")
    assert growth_2020["value"] == Decimal("2.3") and growth_2020["kind"] == "growth"
    assert growth_2020["quote"] == "2020年 全国 国内生产总值增长率 2.3%"
    assert growth_2020["indicator"] == "gdp_growth"
    keys = {"doc", "quote", "subject", "value", "unit", "kind", "approx", "target", "region", "region_code",
            "period", "indicator", "start", "end", "sentence"}  # fmt: skip
    assert all(set(r) == keys for r in rows)


def test_quarter_codes_and_missing_values(nbs):
    rows = fetch_observations(
        nbs, "fixture-cid-gdp-q", ["fixture-ind-q"], dts=["202401SS-202404SS"], root_id="fixture-root-q"
    )
    assert [(r["period"], r["value"]) for r in rows] == [
        ("2024-01..2024-03", Decimal("5.3")),
        ("2024-04..2024-06", Decimal("4.7")),
        ("2024-07..2024-09", Decimal("4.6")),
    ]  # the empty fourth quarter is no observation


def test_period_codes():
    assert period_of_code("2023YY") == "2023"
    assert period_of_code("202403MM") == "2024-03"
    assert period_of_code("202404SS") == "2024-10..2024-12"
    assert period_of_code("bogus", "2022年") == "2022"
    assert period_of_code("202413MM") is None


def test_platform_errors_are_retried_then_reported(nbs, platform):
    platform.fail_next_post[:] = [503]
    rows = fetch_observations(nbs, "c", ["i"], dts=["2018YY-2023YY"], root_id="r")
    assert len(rows) == 12 and len(platform.posts) == 2  # one retry after the 503
    with pytest.raises(NbsError, match="no success"):
        nbs.es_data("c", ["i"], dts=["1990YY-1991YY"], root_id="r")


def test_observations_keep_published_date_out_of_periods(nbs):
    rows = fetch_observations(nbs, "c", ["i"], dts=["2018YY-2023YY"], root_id="r", published=date(2024, 3, 1))
    assert sorted({r["period"] for r in rows}) == ["2018", "2019", "2020", "2021", "2022", "2023"]


def test_an_answer_as_an_article_title_and_text():
    annual = json.loads(_fixture("esdata_gdp_annual.json"))
    quarterly = json.loads(_fixture("esdata_gdp_quarterly.json"))
    assert is_es_data(annual) and not is_es_data({"success": True, "data": {"list": []}})
    assert answer_title(annual) == "国内生产总值、国内生产总值增长率（2018年至2023年）"
    assert answer_title(quarterly) == "国内生产总值当季同比增长（2024年第一季度至2024年第四季度）"
    text = answer_text(quarterly)
    assert text.splitlines() == [
        "2024年第一季度 全国 国内生产总值当季同比增长 5.3%",
        "2024年第二季度 全国 国内生产总值当季同比增长 4.7%",
        "2024年第三季度 全国 国内生产总值当季同比增长 4.6%",
    ]  # the unpublished fourth quarter is no line
    text = answer_text(annual)
    assert all(r["quote"] in text for r in observations_from_es_data(annual)), "every quote is in its article"


def test_a_data_answer_is_known_by_its_type_or_its_body():
    from provind.stats import is_data_answer, observations_from_page

    body = _fixture("esdata_gdp_annual.json")
    assert is_data_answer("application/json;charset=UTF-8", body)
    assert is_data_answer("text/html", body), "APIs mislabel JSON; no page starts with '{'"
    assert not is_data_answer("text/html; charset=utf-8", b"<!DOCTYPE html><html></html>")
    rows = observations_from_page(body, "http://x/stream/esData?cid=c", "text/plain", published=None, region_code=None)
    assert len(rows) == 12 and {r["region_code"] for r in rows} == {"100000"}
    assert (
        observations_from_page(b'{"success": true, "data": {"list": []}}', "u", None, published=None, region_code=None)
        == []
    )
