"""Tables written as text, columns aligned by runs of spaces, read as tables.

Own examples of how monthly statistics releases publish their tables without `<table>`: a
`<pre>` block, one `<p>` a row padded with `&nbsp;`, `<br>`-separated lines aligned with
full-width spaces, a title line carrying its `单位：` note at the right. Prose that happens to
hold two spaces, page furniture and tabbed rows (the text extractor's) are no such table.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from bs4 import BeautifulSoup

from provind.stats import observations_from_page
from provind.stats.tables import observations_from_soup

PUBLISHED = date(2024, 6, 18)  # monthly releases come out in the next month


def _page(body: str, title: str = "统计数据") -> str:
    return f"<html><head><title>{title}</title></head><body><div class='article'>{body}</div></body></html>"


def _rows(page: str, region_code: str = "370000") -> list[dict]:
    return observations_from_page(
        page.encode(), "http://127.0.0.1/t.html", "text/html", published=PUBLISHED, region_code=region_code
    )


def _figures(rows: list[dict]) -> set[tuple]:
    return {(r["subject"], r["value"], r["unit"], r["kind"], r["region_code"], r["period"]) for r in rows}


PRE = _page(
    "<h2>2024年5月滨州市主要经济指标</h2><pre>\n"
    "指标名称              单位       本月       1-本月累计     同比增长%\n"
    "一般公共预算收入      亿元       21.4       128.7          4.6\n"
    "新登记企业            户         1520       8306           -3.5\n"
    "社会消费品零售总额    亿元       95.2       462.1          5.1\n"
    "</pre><p>注：增速按可比价格计算。</p>"
)


def test_a_pre_block_with_a_unit_column_is_dated_by_its_titles_month() -> None:
    got = _figures(_rows(PRE))
    assert ("一般公共预算收入", Decimal(2140000000), "元", "amount", "371600", "2024-05") in got
    assert ("一般公共预算收入", Decimal(12870000000), "元", "amount", "371600", "2024-01..2024-05") in got
    assert ("新登记企业", Decimal(8306), "户", "count", "371600", "2024-01..2024-05") in got
    # the change column is of the column before it (1-本月累计), and of its time (round 11)
    assert ("新登记企业增长", Decimal("-3.5"), "%", "growth", "371600", "2024-01..2024-05") in got
    assert ("社会消费品零售总额", Decimal(9520000000), "元", "amount", "371600", "2024-05") in got
    assert len(got) == 9  # three rows of three figures; the unit column is no figure


def test_paragraph_rows_padded_with_no_break_spaces_take_the_unit_note_above() -> None:
    nb = "&nbsp;" * 4
    page = _page(
        "<p>2024年1-5月德州市主要经济指标</p><p>单位：亿元</p>"
        f"<p>指标{nb}1-5月{nb}同比增长(%)</p>"
        f"<p>地区生产总值{nb}1234.5{nb}5.2</p>"
        f"<p>固定资产投资{nb}456.7{nb}-1.2</p>"
        "<p>全市经济运行总体平稳，地区生产总值增长5.2%。</p>"
    )
    assert _figures(_rows(page)) == {
        ("地区生产总值", Decimal(123450000000), "元", "amount", "371400", "2024-01..2024-05"),
        ("地区生产总值增长", Decimal("5.2"), "%", "growth", "371400", "2024-01..2024-05"),
        ("固定资产投资", Decimal(45670000000), "元", "amount", "371400", "2024-01..2024-05"),
        ("固定资产投资增长", Decimal("-1.2"), "%", "growth", "371400", "2024-01..2024-05"),
    }


def test_br_lines_aligned_with_full_width_spaces_and_years_for_headers() -> None:
    page = _page(
        "<div class='TRS_Editor'>烟台市主要指标对比<br>"
        "项目\u3000\u3000\u3000\u3000\u3000\u30002022年\u3000\u3000\u30002023年<br>"
        "地区生产总值（亿元）\u3000\u30009515.9\u3000\u300010162.5<br>"
        "常住人口（万人）\u3000\u3000\u3000\u3000710.2\u3000\u3000\u3000\u3000705.9<br></div>"
    )
    got = _figures(_rows(page))
    assert got == {
        ("地区生产总值", Decimal(951590000000), "元", "amount", "370600", "2022"),
        ("地区生产总值", Decimal(1016250000000), "元", "amount", "370600", "2023"),
        ("常住人口", Decimal(7102000), "人", "count", "370600", "2022"),
        ("常住人口", Decimal(7059000), "人", "count", "370600", "2023"),
    }


def test_cells_spaced_with_em_spaces_in_spans() -> None:
    page = _page(
        "<h3>2024年8月日照市市场主体情况</h3>"
        "<p><span>指标</span>&emsp;&emsp;<span>本月</span>&emsp;&emsp;<span>1-本月</span></p>"
        "<p><span>新登记企业（户）</span>&emsp;&emsp;<span>1030</span>&emsp;&emsp;<span>8021</span></p>"
        "<p><span>新登记个体工商户（户）</span>&emsp;<span>2210</span>&emsp;<span>17640</span></p>"
    )
    assert _figures(_rows(page)) == {
        ("新登记企业", Decimal(1030), "户", "count", "371100", "2024-08"),
        ("新登记企业", Decimal(8021), "户", "count", "371100", "2024-01..2024-08"),
        ("新登记个体工商户", Decimal(2210), "户", "count", "371100", "2024-08"),
        ("新登记个体工商户", Decimal(17640), "户", "count", "371100", "2024-01..2024-08"),
    }


def test_a_yearly_series_with_years_for_labels() -> None:
    page = _page(
        "<pre>\n烟台市地区生产总值\n年份        地区生产总值（亿元）     比上年增长（%）\n"
        "2021年      8711.8                   7.2\n2022年      9515.9                   4.5\n"
        "2023年      10162.5                  6.8\n</pre>"
    )
    got = _figures(_rows(page))
    assert ("地区生产总值", Decimal(871180000000), "元", "amount", "370600", "2021") in got
    assert ("地区生产总值增长", Decimal("6.8"), "%", "growth", "370600", "2023") in got
    assert len(got) == 6


def test_a_table_ruled_with_box_drawing_characters() -> None:
    page = _page(
        "<pre>\n2024年1-9月东营市主要经济指标\n"
        "┌──────────────┬──────────┬──────────┐\n"
        "│指标          │1-9月     │增长(%)   │\n"
        "├──────────────┼──────────┼──────────┤\n"
        "│地区生产总值（亿元）│2901.3    │6.1       │\n"
        "│固定资产投资（亿元）│  -       │-3.2      │\n"
        "└──────────────┴──────────┴──────────┘\n</pre>"
    )
    assert _figures(_rows(page)) == {
        ("地区生产总值", Decimal(290130000000), "元", "amount", "370500", "2024-01..2024-09"),
        ("地区生产总值增长", Decimal("6.1"), "%", "growth", "370500", "2024-01..2024-09"),
        ("固定资产投资增长", Decimal("-3.2"), "%", "growth", "370500", "2024-01..2024-09"),
    }


def test_a_title_line_with_its_unit_note_at_the_right_and_blank_cells() -> None:
    page = _page(
        "<pre>\n2024年1-3月临沂市财政收支情况                      单位：万元\n\n"
        "指标                    1-3月          同比增长%\n"
        "一般公共预算收入        1256300        6.8\n"
        "  其中：税收收入        902100         -\n"
        "一般公共预算支出        2013400        3.2\n</pre>"
    )
    got = _figures(_rows(page))
    assert ("一般公共预算收入", Decimal(12563000000), "元", "amount", "371300", "2024-01..2024-03") in got
    numbered = _rows(page.replace("2024年1-3月临沂市", "表2    2024年1-3月临沂市"))
    assert _figures(numbered) == got  # a table's number before its title, spaced apart
    assert ("税收收入", Decimal(9021000000), "元", "amount", "371300", "2024-01..2024-03") in got
    assert ("一般公共预算支出增长", Decimal("3.2"), "%", "growth", "371300", "2024-01..2024-03") in got
    assert len(got) == 5  # the blank (-) is no figure


def test_headers_and_labels_spaced_out_to_their_columns_width() -> None:
    page = _page(
        "<pre>\n2024年1-6月济宁市规模以上工业主要指标\n"
        "指\u3000\u3000标\u3000\u3000\u3000\u30001-6月（亿元）\u3000\u3000同比增长（%）\n"
        "工\u3000\u3000业\u3000\u3000\u3000\u3000\u3000\u30001520.3\u3000\u3000\u3000\u30007.2\n"
        "营业收入\u3000\u3000\u3000\u3000\u3000\u30003012.9\u3000\u3000\u3000\u30005.1\n</pre>"
    )
    got = _figures(_rows(page))
    assert ("工业", Decimal(152030000000), "元", "amount", "370800", "2024-01..2024-06") in got
    assert ("营业收入增长", Decimal("5.1"), "%", "growth", "370800", "2024-01..2024-06") in got
    assert len(got) == 4


def test_a_header_of_two_lines_is_no_title() -> None:
    page = _page(
        "<pre>\n2024年7月泰安市主要指标\n"
        "指标名称          本月                 1-本月\n"
        "                  绝对值（亿元）  增长%    绝对值（亿元）  增长%\n"
        "地区生产总值      301.2   5.1      2011.6   5.6\n"
        "财政收入          20.5    3.2      150.3    4.4\n</pre>"
    )
    rows = _rows(page)
    assert {r["region_code"] for r in rows} == {"370900"}  # the title above both header lines places them
    assert ("地区生产总值", Decimal(30120000000), "元") in {(r["subject"], r["value"], r["unit"]) for r in rows}


def test_label_value_lines_without_a_header_need_a_unit_in_the_cell() -> None:
    page = _page(
        "<p>2024年9月末青岛市经营主体情况</p>"
        "<p>实有经营主体&nbsp;&nbsp;&nbsp;&nbsp;218.6万户</p>"
        "<p>其中企业&nbsp;&nbsp;&nbsp;&nbsp;72.4万户</p>"
        "<p>注册资本&nbsp;&nbsp;&nbsp;&nbsp;3.6万亿元</p>"
    )
    got = _figures(_rows(page))
    assert ("实有经营主体", Decimal(2186000), "户", "count", "370200", "2024-09") in got
    assert ("注册资本", Decimal(3600000000000), "元", "amount", "370200", "2024-09") in got
    assert len(got) == 3


def test_prose_with_double_spaces_is_no_table() -> None:
    page = _page(
        "<p>今年以来，全市新登记经营主体12.3万户，  同比增长8.1%。</p>"
        "<p>全市完成地区生产总值  1234.5亿元，  增长5.6%，  高于全省0.3个百分点。</p>"
        "<p>一是强化监管  二是优化服务  三是提升效能</p>"
        "<p>2024年3月5日  星期二</p>"
    )
    assert _rows(page) == []


def test_page_furniture_and_unitless_numbers_are_no_table() -> None:
    page = _page(
        "<div class='info'>发布时间&nbsp;&nbsp;2024-06-18<br>浏览次数&nbsp;&nbsp;1234<br>"
        "联系电话&nbsp;&nbsp;0531-86112345<br>邮政编码&nbsp;&nbsp;250001</div>"
        "<pre>\n项目      数量      金额\n监督检查  123      456\n专项整治  78       90\n</pre>"
    )
    assert _rows(page) == []  # no unit anywhere: counts of what, in what, cannot be told


def test_tabbed_rows_are_left_to_the_text_extractor() -> None:
    page = _page("<pre>\n指标\t本月\t同比增长%\n新登记企业（户）\t1520\t-3.5\n新登记个体（户）\t3020\t2.1\n</pre>")
    assert _rows(page) == []


def test_garbled_and_ragged_lines_raise_nothing_and_make_no_figures() -> None:
    page = _page(
        "<pre>\n指标名称    本月    累计\n地区生产总值（亿元）   12.3\n"  # a row that lost a cell
        "工业增加值（亿元）   1.2   3.4   5.6   7.8\n\u3000\u3000\n   \n"
        "税收收入（亿元）  \x00  9\n<<<>>>  1  2\n</pre><p>\u3000\u3000\u3000</p><pre></pre>"
    )
    rows = _rows(page)
    assert all(r["unit"] for r in rows)
    assert not any(r["value"] in (Decimal("1.2"), Decimal("3.4"), Decimal("5.6")) for r in rows)


def test_an_article_laid_out_in_a_table_cell_and_a_data_tables_cells() -> None:
    page = _page(
        "<table width='100%'><tr><td class='title'>2024年1-4月莱芜区主要经济指标</td></tr><tr><td>"
        "<p>单位：亿元</p><p>指标&nbsp;&nbsp;&nbsp;&nbsp;1-4月&nbsp;&nbsp;&nbsp;&nbsp;增长%</p>"
        "<p>一般公共预算收入&nbsp;&nbsp;&nbsp;&nbsp;12.6&nbsp;&nbsp;&nbsp;&nbsp;3.3</p>"
        "<p>税收收入&nbsp;&nbsp;&nbsp;&nbsp;9.1&nbsp;&nbsp;&nbsp;&nbsp;2.0</p></td></tr></table>"
        "<table><tr><td>合\u3000\u3000计</td><td>12.6</td></tr><tr><td>工\u3000业</td><td>3.3</td></tr></table>",
    )
    text_rows = [r for r in _rows(page) if r["quote"] in ("12.6", "9.1") and r["unit"] == "元"]
    assert {(r["subject"], r["value"], r["region_code"], r["period"]) for r in text_rows} == {
        ("一般公共预算收入", Decimal(1260000000), "370116", "2024-01..2024-04"),
        ("税收收入", Decimal(910000000), "370116", "2024-01..2024-04"),
    }


def test_a_pre_block_repeating_the_pages_table_counts_once() -> None:
    table = (
        "<table><tr><th>指标名称</th><th>单位</th><th>本月</th><th>1-本月累计</th><th>同比增长%</th></tr>"
        "<tr><td>一般公共预算收入</td><td>亿元</td><td>21.4</td><td>128.7</td><td>4.6</td></tr></table>"
    )
    page = PRE.replace("</pre>", "</pre><h3>2024年5月滨州市主要经济指标（表格版）</h3>" + table)
    rows = _rows(page)
    assert len(rows) == 9  # the table's three, the text's other six
    assert _figures(rows) == _figures(_rows(PRE))


def test_the_cli_path_reads_the_same_figures() -> None:
    soup = BeautifulSoup(PRE, "lxml")
    cli = observations_from_soup(soup, published=PUBLISHED, region_code="370000", doc="t.html")
    assert _figures(cli) == _figures(_rows(PRE))


def test_a_table_and_a_pre_block_on_one_page_are_read_once_each() -> None:
    page = _page(
        "<h3>2024年5月威海市主要指标</h3><table><tr><th>指标</th><th>本月（亿元）</th></tr>"
        "<tr><td>地区生产总值</td><td>301.2</td></tr><tr><td>财政收入</td><td>20.5</td></tr></table>"
        "<pre>\n2024年5月威海市市场主体\n指标        本月（户）\n新登记企业  1210\n新登记个体  3340\n</pre>"
    )
    got = _figures(_rows(page))
    assert ("地区生产总值", Decimal(30120000000), "元", "amount", "371000", "2024-05") in got
    assert ("新登记企业", Decimal(1210), "户", "count", "371000", "2024-05") in got
    assert len(got) == 4
