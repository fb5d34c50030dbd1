"""Label/value tables on any page: every row is a figure, unit from the label (own examples)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from provind.stats import observations_from_page

PAGE = """<html><head><title>市场主体发展情况</title></head><body><h1>截至6月底青岛市市场主体情况</h1>
<table><tr><td>市场主体总量（万户）</td><td>142.3</td></tr><tr><td>企业（户）</td><td>51200</td></tr>
<tr><td>面积(M2)</td><td>1200</td></tr></table>
<p>单位：万元</p>
<table><tr><td>项目</td><td>金额</td></tr><tr><td>注册资本</td><td>3200</td></tr></table></body></html>"""


def _rows() -> list[dict]:
    return observations_from_page(
        PAGE.encode(), "http://127.0.0.1/a.html", "text/html", published=date(2024, 7, 10), region_code="370200"
    )


def test_the_first_row_of_a_label_value_table_is_a_figure_not_a_header() -> None:
    got = {(r["subject"], r["value"], r["unit"]) for r in _rows()}
    assert ("市场主体总量", Decimal(1423000), "户") in got
    assert ("企业", Decimal(51200), "户") in got


def test_a_latin_unit_in_the_label_wins_over_the_tables_note() -> None:
    area = next(r for r in _rows() if r["subject"] == "面积")
    assert (area["value"], area["unit"], area["kind"]) == (Decimal(1200), "平方米", "other")


def test_label_value_cells_take_region_and_period_from_the_title() -> None:
    for r in _rows():
        assert (r["region_code"], r["period"]) == ("370200", "2024-06")
        assert (r["start"], r["end"]) == (-1, -1)  # a cell: no offset in the text


def test_a_table_with_a_header_row_keeps_it() -> None:
    capital = next(r for r in _rows() if r["subject"] == "注册资本")
    assert (capital["value"], capital["unit"]) == (Decimal(32000000), "元")
