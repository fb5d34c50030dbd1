"""What a table's headers and title say: months, per cent, identifiers, counts, the unit.

Own examples of the layout of a monthly bulletin (`2024年5月…主要指标` | 单位 | 本月 | 1-本月 |
同比±%): the columns are dated by the table's month, not by the day the page was published, and
a change column is a growth in per cent whatever the row's 单位 says (5.3 under 亿元 is 5.3 %,
not 5.3 亿元).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from provind.stats import observations_from_page
from provind.stats.cells import counted_unit, relative_period, strip_units, unit_in

MONTHLY = """<html><head><title>统计数据</title></head><body><h2>2024年5月滨州市主要经济指标</h2>
<table><tr><th>指标名称</th><th>计量单位</th><th>本月</th><th>1-本月</th><th>同比±%</th></tr>
<tr><td>一般公共预算收入</td><td>亿元</td><td>21.4</td><td>128.7</td><td>4.6</td></tr>
<tr><td>新登记企业</td><td>户</td><td>1520</td><td>8306</td><td>-3.5</td></tr></table></body></html>"""


def _rows(page: str) -> list[dict]:
    # published in the next month, as monthly bulletins are
    return observations_from_page(
        page.encode(), "http://127.0.0.1/m.html", "text/html", published=date(2024, 6, 18), region_code="370000"
    )


def _figures(rows: list[dict]) -> set[tuple]:
    return {(r["subject"], r["value"], r["unit"], r["kind"], r["region_code"], r["period"]) for r in rows}


def test_this_month_and_the_year_to_date_are_the_tables_month() -> None:
    got = _figures(_rows(MONTHLY))
    assert ("一般公共预算收入", Decimal(2140000000), "元", "amount", "371600", "2024-05") in got
    assert ("一般公共预算收入", Decimal(12870000000), "元", "amount", "371600", "2024-01..2024-05") in got
    assert ("新登记企业", Decimal(1520), "户", "count", "371600", "2024-05") in got
    assert ("新登记企业", Decimal(8306), "户", "count", "371600", "2024-01..2024-05") in got


def test_a_change_column_is_a_growth_in_per_cent_not_the_rows_unit() -> None:
    growth = {r["subject"]: r for r in _rows(MONTHLY) if r["kind"] == "growth"}
    assert set(growth) == {"一般公共预算收入增长", "新登记企业增长"}
    assert (growth["一般公共预算收入增长"]["value"], growth["一般公共预算收入增长"]["unit"]) == (Decimal("4.6"), "%")
    assert (growth["新登记企业增长"]["value"], growth["新登记企业增长"]["unit"]) == (Decimal("-3.5"), "%")
    assert all(r["unit"] != "元" or r["value"] > 1000 for r in _rows(MONTHLY))  # no 4.6 元 anywhere


def test_relative_columns() -> None:
    assert relative_period("本月", "2024-05") == "2024-05"
    assert relative_period("当月", "2024-01..2024-05") == "2024-05"
    assert relative_period("1-本月", "2024-05") == "2024-01..2024-05"
    assert relative_period("本年累计", "2024-05") == "2024-01..2024-05"
    assert relative_period("1-本月", "2024-01") == "2024-01"
    assert relative_period("上年同期", "2024-05") == "2023-05"
    assert relative_period("本月", "2024") is None  # a yearly table has no month to name
    assert relative_period("本月", None) is None
    assert relative_period("2024年5月", "2024-05") is None  # dated by itself


def test_per_cent_after_a_change_word_is_the_unit() -> None:
    assert unit_in("同比±%").base == "%"
    assert unit_in("比上年增长%").base == "%"
    assert unit_in("地区生产总值（亿元）").base == "元"
    assert unit_in("企业数") is None
    assert strip_units("同比±%") == "同比"


REGIONS_AS_COLUMNS = """<html><body><p>2023年末各市经营主体数量（万户）</p><table>
<tr><td>指标</td><td>淄博市</td><td>潍坊市</td></tr>
<tr><td>经营主体</td><td>61.8</td><td>123.4</td></tr></table></body></html>"""


def test_a_unit_in_brackets_closing_the_title_scales_the_bare_cells() -> None:
    got = _figures(_rows(REGIONS_AS_COLUMNS))
    assert ("经营主体", Decimal(618000), "户", "count", "370300", "2023") in got
    assert ("经营主体", Decimal(1234000), "户", "count", "370700", "2023") in got


PARCELS = """<html><body><h1>菏泽市国有建设用地使用权挂牌出让公告</h1><table>
<tr><td>宗地编号</td><td>土地位置</td><td>面积(M2)</td><td>出让年限(年)</td><td>起始价(万元)</td></tr>
<tr><td>2024-112</td><td>开发区长江路南</td><td>20450.6</td><td>50</td><td>6135</td></tr></table></body></html>"""


def test_an_identifier_column_is_neither_the_label_nor_a_figure() -> None:
    rows = _rows(PARCELS)
    assert {(r["value"], r["unit"]) for r in rows} == {
        (Decimal("20450.6"), "平方米"),
        (Decimal(50), "年"),
        (Decimal(61350000), "元"),
    }
    assert not any("2024-112" in r["subject"] or r["value"] == 2024 for r in rows)


SAMPLING = """<html><body><h1>2024年7月枣庄市食品安全监督抽检情况</h1><table>
<tr><td>序号</td><td>食品类别</td><td>抽检批次</td><td>不合格批次</td><td>合格率(%)</td></tr>
<tr><td>1</td><td>乳制品</td><td>146</td><td>0</td><td>100</td></tr></table></body></html>"""


def test_a_count_header_names_its_unit_by_its_measure_word() -> None:
    got = _figures(_rows(SAMPLING))
    assert ("乳制品抽检批次", Decimal(146), "批次", "count", "370400", "2024-07") in got
    assert ("乳制品不合格批次", Decimal(0), "批次", "count", "370400", "2024-07") in got
    assert ("乳制品合格率", Decimal(100), "%", "ratio", "370400", "2024-07") in got
    assert counted_unit("企业户数").base == "户"
    assert counted_unit("案件数").base == "件"
    assert counted_unit("合格率") is None
