"""Monthly statistics tables: columns named after the table's month, and changes in per cent.

Own examples of the layout of a monthly bulletin (`2024年5月…主要指标` | 单位 | 本月 | 1-本月 |
同比±%): the columns are dated by the table's month, not by the day the page was published, and
a change column is a growth in per cent whatever the row's 单位 says (5.3 under 亿元 is 5.3 %,
not 5.3 亿元).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from provind.stats import observations_from_page
from provind.stats.cells import relative_period, strip_units, unit_in

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
