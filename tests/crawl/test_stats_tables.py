"""Statistics tables (HTML, CSV, XLSX) → observations shaped like the text extractor's mentions."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import requests
from openpyxl import Workbook

from provind.crawl.client import PoliteClient
from provind.crawl.site import crawl_source
from provind.stats import observations_from_page
from provind.stats.cells import parse_unit, parse_value
from provind.stats.grid import grids_from_html

from .conftest import fast_config
from .spreadsheets import as_excel_writes, workbook

RELEASE = "news/tjgb_2023_shandong.html"
PUBLISHED = date(2024, 3, 1)
KEYS = {"doc", "quote", "subject", "value", "unit", "kind", "approx", "target", "region", "region_code",
        "period", "indicator", "start", "end", "sentence"}  # fmt: skip


def _obs(body: bytes | str, url: str = "http://x/a.html", content_type: str | None = "text/html", **kw):
    data = body.encode("utf-8") if isinstance(body, str) else body
    kw.setdefault("published", PUBLISHED)
    kw.setdefault("region_code", "370000")
    return observations_from_page(data, url, content_type, **kw)


def _key(row: dict) -> tuple:
    return (row["region_code"], row["indicator"], row["period"], row["unit"], row["value"])


def test_demo_crawl_lands_the_statistics_release_and_its_table_becomes_observations(demo, tmp_path):
    with PoliteClient(fast_config()) as client:
        records = list(crawl_source(demo.source(), tmp_path, client))
    release = next(r for r in records if r.url.endswith(RELEASE))
    assert release.outcome == "ok" and release.article.title == "2023年山东省主要经济指标"
    assert release.article.published == PUBLISHED
    rows = _obs(release.body, release.url, release.content_type)
    assert len(rows) == 10 and all(set(r) == KEYS for r in rows)
    assert {
        ("370000", "gdp", "2023", "元", Decimal("9206870000000")),
        ("370000", "gdp_growth", "2023", "%", Decimal("6")),
        ("370100", "gdp", "2023", "元", Decimal("1275740000000")),
        ("370600", "gdp", "2023", "元", Decimal("1016246000000")),
        ("370600", "gdp_growth", "2023", "%", Decimal("6.6")),
        ("370000", "population", "2023", "人", Decimal("101229700")),
    } <= {_key(r) for r in rows}
    yantai = next(r for r in rows if r["region_code"] == "370600" and r["unit"] == "元")
    assert yantai["quote"] == "10162.46" and yantai["start"] == yantai["end"] == -1
    assert yantai["sentence"] == "表1 2023年地区生产总值 | 烟台市 | 地区生产总值（亿元）"
    assert yantai["region"] == "烟台市" and yantai["kind"] == "amount" and yantai["subject"] == "地区生产总值"
    industry = next(r for r in rows if r["subject"] == "第二产业增加值")
    assert industry["value"] == Decimal("3598790000000") and industry["region_code"] == "370000"
    assert industry["indicator"] == "unclassified"  # kept, not dropped, though the catalog has no row for it


def test_demo_release_names_its_sources(demo):
    html = requests.get(demo.url + RELEASE).text
    assert "资料来源" in html and "2023年山东省国民经济和社会发展统计公报" in html


def test_csv_attachment_gives_the_same_observations(demo):
    url = demo.url + "news/tjgb_2023_shandong_gdp.csv"
    response = requests.get(url)
    assert response.headers["Content-Type"].startswith("text/csv")
    rows = _obs(response.content, url, response.headers["Content-Type"])
    page = _obs(requests.get(demo.url + RELEASE).content, demo.url + RELEASE)
    assert len(rows) == 6 and {_key(r) for r in rows} <= {_key(r) for r in page}
    assert rows[0]["sentence"].startswith("表1 2023年地区生产总值 | 全省 |")


def test_gbk_csv_without_title_uses_the_file_name():
    text = "地区,常住人口（万人）\n山东省,10122.97\n"
    rows = _obs(text.encode("gbk"), "http://x/files/人口.csv", None)
    assert [(r["region_code"], r["value"], r["unit"], r["indicator"]) for r in rows] == [
        ("370000", Decimal("101229700"), "人", "population")
    ]
    assert rows[0]["sentence"] == "人口 | 山东省 | 常住人口（万人）" and rows[0]["period"] is None


def _xlsx(rows: list[list[str | float]]) -> bytes:
    """A workbook of these rows written by openpyxl, its parts rewritten as Excel writes them."""

    def build(book: Workbook) -> None:
        for row in rows:
            book.active.append(row)

    return as_excel_writes(workbook(build))


def test_xlsx_attachment_gives_the_same_observations():
    body = _xlsx(
        [
            ["表1 2023年地区生产总值"],
            ["地区", "地区生产总值（亿元）", "比上年增长（%）"],
            ["全省", 92068.7, 6.0],
            ["济南市", 12757.4, 6.1],
        ]
    )
    rows = _obs(body, "http://x/files/gdp.xlsx", "application/octet-stream")
    assert {_key(r) for r in rows} == {
        ("370000", "gdp", "2023", "元", Decimal("9206870000000")),
        ("370000", "gdp_growth", "2023", "%", Decimal("6")),
        ("370100", "gdp", "2023", "元", Decimal("1275740000000")),
        ("370100", "gdp_growth", "2023", "%", Decimal("6.1")),
    }


def test_multi_row_headers_spans_and_regions_as_columns():
    html = """<html><body><p>2023年主要城市地区生产总值</p><p>单位：亿元</p>
    <table>
      <tr><td rowspan="2">指标</td><td colspan="2">城市</td></tr>
      <tr><td>济南市</td><td>青岛市</td></tr>
      <tr><td>地区生产总值</td><td>12757.4</td><td>15760.34</td></tr>
    </table></body></html>"""
    rows = _obs(html)
    assert [(r["region_code"], r["value"], r["unit"], r["indicator"], r["period"]) for r in rows] == [
        ("370100", Decimal("1275740000000"), "元", "gdp", "2023"),
        ("370200", Decimal("1576034000000"), "元", "gdp", "2023"),
    ]
    assert rows[0]["sentence"] == "2023年主要城市地区生产总值 | 地区生产总值 | 城市 济南市"


def test_years_as_columns_and_a_unit_column():
    html = """<table><caption>山东省常住人口</caption>
    <tr><th>指标</th><th>单位</th><th>2022年</th><th>2023年</th></tr>
    <tr><td>年末常住人口</td><td>万人</td><td>—</td><td>10122.97</td></tr></table>"""
    rows = _obs(html)
    assert [(r["period"], r["value"], r["unit"], r["region_code"]) for r in rows] == [
        ("2023", Decimal("101229700"), "人", "370000")
    ]  # "—" is no figure


def test_pages_without_statistics_tables_give_nothing():
    assert _obs("<html><body><p>全省抽检合格率98.6%。</p></body></html>") == []
    layout = "<table><tr><td><table><tr><td>导航</td><td>首页</td></tr></table></td></tr></table>"
    assert _obs(layout) == []
    assert _obs(b"%PDF-1.4 binary", "http://x/a.pdf", "application/pdf") == []
    assert _obs(b"PK\x03\x04 not really a zip", "http://x/a.xlsx", None) == []  # unreadable: logged, no raise


def test_cells_and_units():
    assert parse_value("1,234.5") == (Decimal("1234.5"), None)
    assert parse_value("−3.2%") == (Decimal("-3.2"), "%")
    assert parse_value("…") is None and parse_value("2023年") is None
    assert parse_value("1.2E-2") == (Decimal("0.012"), None)  # E notation, as spreadsheet exports write it
    assert str(parse_value("-3E+2")[0]) == "-300" and parse_value("E5") is None
    assert parse_unit("亿元").scale == Decimal(10**8) and parse_unit("亿元").base == "元"
    assert parse_unit("万千瓦时").base == "千瓦时" and parse_unit("千克").base == "千克"
    assert parse_unit("元/人").base == "元/人" and parse_unit("地区") is None


def test_grid_keeps_title_and_notes():
    html = """<div><p>表3 2023年地区生产总值</p><p>单位：亿元</p><table>
    <tr><th>地区</th><th>全年</th></tr><tr><td>全省</td><td>92068.7</td></tr></table>
    <p>注：按现价计算。</p></div>"""
    (grid,) = grids_from_html(html)
    assert grid.title == "表3 2023年地区生产总值" and grid.notes == ["单位：亿元", "注：按现价计算。"]
    assert grid.rows == [["地区", "全年"], ["全省", "92068.7"]] and grid.header_rows == 1
