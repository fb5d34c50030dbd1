"""Land-transfer and auction notices (自然资源局): each parcel's figures placed by its location cell.

Own examples of the parcel tables bureau CMS templates render: a `<th>` header row, a two-row
header of `<td>`s with 规划指标 spanning its columns, one parcel written down the page as
label | value rows, parcel numbers that look like numbers (宗地号 37). The location cell
(平阴县榆山街道…) places the row where it names a county the gazetteer knows; a road named after
a city elsewhere (北京路) places nothing; identifiers and plot ratios are never figures.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from bs4 import BeautifulSoup

from provind.stats import observations_from_page
from provind.stats.locations import location_column, region_in
from provind.stats.tables import observations_from_soup

PUBLISHED = date(2024, 6, 18)
JINAN = "370100"


def _page(body: str, title: str = "出让公告") -> str:
    return f"<html><head><title>{title}</title></head><body><div class='content'>{body}</div></body></html>"


def _rows(page: str, region_code: str = JINAN) -> list[dict]:
    return observations_from_page(
        page.encode(), "http://127.0.0.1/n.html", "text/html", published=PUBLISHED, region_code=region_code
    )


def _figures(rows: list[dict]) -> set[tuple]:
    return {(r["subject"], r["value"], r["unit"], r["kind"], r["region_code"]) for r in rows}


NOTICE = _page(
    "<h1>济南市国有建设用地使用权挂牌出让公告（济土告字〔2024〕15号）</h1>"
    "<table><thead><tr><th>宗地编号</th><th>土地位置</th><th>面积(平方米)</th><th>用途</th>"
    "<th>出让年限(年)</th><th>容积率</th><th>起始价(万元)</th><th>竞买保证金(万元)</th></tr></thead>"
    "<tbody><tr><td>2024-037</td><td>平阴县榆山街道东关村</td><td>12345.6</td><td>商服用地</td><td>40</td>"
    "<td>2.5</td><td>1500</td><td>750</td></tr>"
    "<tr><td>2024-038</td><td>历城区港沟街道神武村以北</td><td>8000</td><td>城镇住宅用地</td><td>70</td>"
    "<td>≤2.0</td><td>3200</td><td>1600</td></tr></tbody></table>"
)


def test_each_parcel_is_placed_by_its_location_and_its_columns_are_the_subjects() -> None:
    assert _figures(_rows(NOTICE)) == {
        ("面积", Decimal("12345.6"), "平方米", "other", "370124"),
        ("出让年限", Decimal(40), "年", "other", "370124"),
        ("起始价", Decimal(15000000), "元", "amount", "370124"),
        ("竞买保证金", Decimal(7500000), "元", "amount", "370124"),
        ("面积", Decimal(8000), "平方米", "other", "370112"),
        ("出让年限", Decimal(70), "年", "other", "370112"),
        ("起始价", Decimal(32000000), "元", "amount", "370112"),
        ("竞买保证金", Decimal(16000000), "元", "amount", "370112"),
    }  # no parcel number, no plot ratio (a bare 2.5 is no figure of a parcel table)


def test_the_parcel_number_is_kept_as_provenance_not_as_a_figure() -> None:
    rows = _rows(NOTICE)
    assert all("2024-03" not in r["subject"] for r in rows)
    assert all("平阴县" not in r["subject"] and "历城区" not in r["subject"] for r in rows)
    assert {r["region"] for r in rows} == {"济南市平阴县", "济南市历城区"}


def test_a_two_row_header_of_tds_and_a_location_naming_a_road_after_another_city() -> None:
    page = _page(
        "<p>长清区国有建设用地使用权网上挂牌出让公告</p><table>"
        "<tr><td rowspan='2'>地块编号</td><td rowspan='2'>土地坐落</td><td rowspan='2'>土地面积（平方米）</td>"
        "<td rowspan='2'>土地用途</td><td colspan='3'>规划指标要求</td><td rowspan='2'>起始价（万元）</td></tr>"
        "<tr><td>容积率</td><td>建筑密度</td><td>绿地率</td></tr>"
        "<tr><td>2024-CQ-05</td><td>济南市长清区平安街道办事处</td><td>23456</td><td>工业用地</td>"
        "<td>≥1.0</td><td>≥40%</td><td>≤15%</td><td>1123</td></tr>"
        "<tr><td>2024-CQ-06</td><td>东至北京路，西至规划路</td><td>5600.5</td><td>商业用地</td>"
        "<td>1.0-2.5</td><td>≤40%</td><td>≥20%</td><td>2680.5</td></tr></table>"
    )
    assert _figures(_rows(page)) == {
        ("土地面积", Decimal(23456), "平方米", "other", "370113"),
        ("起始价", Decimal(11230000), "元", "amount", "370113"),
        # 北京路 is a road of Changqing: the title's district places the parcel, not Beijing
        ("土地面积", Decimal("5600.5"), "平方米", "other", "370113"),
        ("起始价", Decimal(26805000), "元", "amount", "370113"),
    }


def test_one_parcel_written_down_the_page() -> None:
    page = _page(
        "<h2>平阴县国有建设用地使用权拍卖出让公告</h2><table>"
        "<tr><td>宗地编号</td><td>平阴2024-07号</td></tr><tr><td>土地位置</td><td>平阴县锦水街道西关村</td></tr>"
        "<tr><td>出让面积(平方米)</td><td>12345.6</td></tr><tr><td>土地用途</td><td>商服用地</td></tr>"
        "<tr><td>出让年限</td><td>40年</td></tr><tr><td>容积率</td><td>≤2.5</td></tr>"
        "<tr><td>起始价(万元)</td><td>1500</td></tr><tr><td>竞买保证金(万元)</td><td>750</td></tr></table>"
    )
    assert _figures(_rows(page)) == {
        ("出让面积", Decimal("12345.6"), "平方米", "other", "370124"),
        ("出让年限", Decimal(40), "年", "other", "370124"),
        ("起始价", Decimal(15000000), "元", "amount", "370124"),
        ("竞买保证金", Decimal(7500000), "元", "amount", "370124"),
    }


def test_a_year_in_a_cell_is_no_duration() -> None:
    page = _page(
        "<p>平阴县国有建设用地使用权出让结果</p><table>"
        "<tr><th>宗地编号</th><th>土地位置</th><th>出让年限</th><th>供地时间</th><th>成交价（万元）</th></tr>"
        "<tr><td>2019-12</td><td>平阴县玫瑰镇</td><td>50年</td><td>2019年</td><td>320</td></tr>"
        "<tr><td>2019-13</td><td>平阴县孔村镇</td><td>40年</td><td>2020年</td><td>415</td></tr></table>"
    )
    got = _figures(_rows(page))
    assert ("出让年限", Decimal(50), "年", "other", "370124") in got
    assert not any(value >= 1900 and unit == "年" for _, value, unit, _, _ in got)
    assert len(got) == 4


def test_numeric_parcel_numbers_are_never_figures() -> None:
    page = _page(
        "<p>东阿县自然资源局国有建设用地使用权出让结果公示</p><table>"
        "<tr><th>宗地号</th><th>坐落</th><th>面积（公顷）</th><th>成交价（万元）</th></tr>"
        "<tr><td>37</td><td>东阿县铜城街道</td><td>1.25</td><td>860</td></tr>"
        "<tr><td>38</td><td>东阿县新城街道</td><td>0.86</td><td>515</td></tr></table>"
    )
    got = _figures(_rows(page, "371500"))
    assert got == {
        ("面积", Decimal("1.25"), "公顷", "other", "371524"),
        ("成交价", Decimal(8600000), "元", "amount", "371524"),
        ("面积", Decimal("0.86"), "公顷", "other", "371524"),
        ("成交价", Decimal(5150000), "元", "amount", "371524"),
    }


def test_a_malformed_parcel_table_raises_nothing() -> None:
    page = _page(
        "<table><tr><th>宗地编号</th><th>土地位置</th><th rowspan='abc'>面积(平方米)</th></tr>"
        "<tr><td colspan='0'>A</td><td></td></tr><tr><td>B</td><td>\x00平阴县</td><td>--12</td><td>9</td></tr>"
        "<tr></tr></table><table><tr><th>土地位置</th></tr></table>"
    )
    assert all(r["unit"] for r in _rows(page))


def test_a_regulators_notice_places_each_firm_by_its_address() -> None:
    page = _page(
        "<p>济南市市场监督管理局行政处罚信息公示</p><table>"
        "<tr><th>序号</th><th>当事人名称</th><th>统一社会信用代码</th><th>住所</th><th>罚没金额（万元）</th></tr>"
        "<tr><td>1</td><td>济南某某食品有限公司</td><td>91370124MA3C0000X1</td><td>济南市平阴县锦水街道</td>"
        "<td>5.2</td></tr>"
        "<tr><td>2</td><td>济南某某商贸有限公司</td><td>91370102MA3C0000X2</td><td>历下区泉城路1号</td><td>12</td></tr>"
        "</table>"
    )
    assert _figures(_rows(page)) == {
        ("罚没金额", Decimal(52000), "元", "amount", "370124"),
        ("罚没金额", Decimal(120000), "元", "amount", "370102"),
    }  # the firm's name is no part of the subject


def test_the_cli_path_reads_the_same_figures() -> None:
    cli = observations_from_soup(BeautifulSoup(NOTICE, "lxml"), published=PUBLISHED, region_code=JINAN)
    assert _figures(cli) == _figures(_rows(NOTICE))


def test_location_headers_and_regions() -> None:
    assert location_column(["宗地编号", "土地位置", "面积"]) == 1
    assert location_column(["地块编号", "坐落位置（四至）"]) == 1
    assert location_column(["序号", "标称生产企业地址", "检验结果"]) is None  # a company's address places no figure
    from provind.extract.regions import gazetteer

    home = gazetteer().get(JINAN, 2024)
    assert region_in("济南市长清区平安街道", 2024, home).code == "370113"  # type: ignore[union-attr]
    assert region_in("东至北京路", 2024, home) is None
    assert region_in("", 2024, home) is None
