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


DASHBOARD = """<html><body><h1>青岛市市场主体情况</h1><p>全市市场主体总量142.3万户，增长5.1%。</p>
<table><tr><td>市场主体总量：</td><td>142.3万户</td></tr><tr><td>企业（户）：</td><td>51200</td></tr></table>
</body></html>"""
# The page's text as the parser renders it: the sentence, then every cell on its own line.
DASHBOARD_TEXT = (
    "青岛市市场主体情况\n全市市场主体总量142.3万户，增长5.1%。\n市场主体总量：\n142.3万户\n企业（户）：\n51200\n"
)


def test_a_cell_read_from_the_table_and_its_text_counts_once() -> None:
    from provind.extract import extract_mentions
    from provind.stats import drop_rendered

    text = extract_mentions(DASHBOARD_TEXT, doc="d", published=date(2024, 7, 10), region_code="370200")
    cells = observations_from_page(
        DASHBOARD.encode(), "http://127.0.0.1/d.html", "text/html", published=date(2024, 7, 10), region_code="370200"
    )
    assert {(c["value"], c["unit"]) for c in cells} >= {(Decimal(51200), "户")}
    kept = drop_rendered(text, cells)
    figures = [(m["value"], m["unit"]) for m in [*kept, *cells]]
    assert figures.count((Decimal(51200), "户")) == 1  # the cell, not its rendering too
    # the prose sentence repeating the total is a mention of its own
    assert any(m["quote"].startswith("市场主体总量142.3万户") or "总量142.3万户" in m["quote"] for m in kept)
