"""Statistics as Chinese government CMS templates lay them out, read cell by cell.

Own examples, modelled on the markup of TRS WCM (`TRS_Editor`, a title paragraph and a `单位：`
line above a table of two header rows), Hanweb/集约化平台 (`<dl>` and `<ul><li><span><em><i>` data
panels), DedeCMS (a key-figure table whose cells read `label：value`), Word tables pasted into a
Jpaas editor (`MsoNormalTable`, cells wrapped in `<p><span>`, a 单位 column) and district round-ups
(counties down the first column, the city and months in the title, the unit in a note under the
table). Every test lists every figure the page gives, each with the fields that matter.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from provind.crawl.parse import parse_article
from provind.extract import extract_mentions
from provind.stats import drop_rendered, observations_from_page

URL = "http://127.0.0.1/art/2024/7/12/art_1234_5678.html"


def _rows(page: str, region_code: str, published: date) -> list[dict]:
    return observations_from_page(page.encode(), URL, "text/html", published=published, region_code=region_code)


def _figures(rows: list[dict]) -> list[tuple]:
    return sorted(
        (r["subject"], r["value"], r["unit"], r["kind"], r["region_code"], r["period"], r["indicator"]) for r in rows
    )


def _page(body: str, title: str = "统计信息") -> str:
    return (
        f"<html><head><title>{title}</title></head><body><div class='nav'><a href='/'>首页</a>"
        f"<a href='/tjsj/'>统计数据</a></div>{body}<div class='footer'>网站标识码3713000001</div></body></html>"
    )


# TRS WCM: a title paragraph, the unit on a right-aligned line, two header rows (本月 | 累计 over
# 绝对值 | 同比增长（%）), thousands separators and a dash for a figure not reported.
TWO_HEADER_ROWS = _page(
    """<div class="TRS_Editor"><p style="text-align:center"><strong>2024年5月德州市市场主体发展情况</strong></p>
<p style="text-align:right">单位：户</p>
<table border="1" cellspacing="0"><tbody>
<tr><td rowspan="2">指标</td><td colspan="2">本月</td><td colspan="2">累计</td></tr>
<tr><td>绝对值</td><td>同比增长（%）</td><td>绝对值</td><td>同比增长（%）</td></tr>
<tr><td>新登记企业</td><td>1,256</td><td>12.3</td><td>6,530</td><td>-2.1</td></tr>
<tr><td>新登记个体工商户</td><td>3,410</td><td>—</td><td>17,802</td><td>5.6</td></tr>
</tbody></table></div>"""
)


def test_two_header_rows_date_this_month_and_the_year_to_date_by_the_titles_month() -> None:
    # (published in June: 本月 is the title's May, not the publication's month)
    rows = _rows(TWO_HEADER_ROWS, "371400", date(2024, 6, 12))
    assert _figures(rows) == sorted(
        [
            ("新登记企业", Decimal(1256), "户", "count", "371400", "2024-05", "new_market_entities"),
            ("新登记企业增长", Decimal("12.3"), "%", "growth", "371400", "2024-05", "new_market_entities_growth"),
            ("新登记企业", Decimal(6530), "户", "count", "371400", "2024-01..2024-05", "new_market_entities"),
            (
                "新登记企业增长",
                Decimal("-2.1"),
                "%",
                "growth",
                "371400",
                "2024-01..2024-05",
                "new_market_entities_growth",
            ),
            ("新登记个体工商户", Decimal(3410), "户", "count", "371400", "2024-05", "new_market_entities"),
            ("新登记个体工商户", Decimal(17802), "户", "count", "371400", "2024-01..2024-05", "new_market_entities"),
            (
                "新登记个体工商户增长",
                Decimal("5.6"),
                "%",
                "growth",
                "371400",
                "2024-01..2024-05",
                "new_market_entities_growth",
            ),
        ]
    )
    assert {r["quote"] for r in rows} >= {"1,256", "17,802"}  # the cell as written is the provenance
    assert not any(r["target"] for r in rows)


# Months as columns (a transposed table), a 单位 column, a footnote mark, '-' and '…' for months
# not yet reported; the title names the year, the page comes out in January of the next.
MONTHS_AS_COLUMNS = _page(
    """<div class="article"><h3>2023年下半年烟台市食品安全抽检情况</h3>
<table><tr><th>项目</th><th>单位</th><th>7月</th><th>8月</th><th>9月</th></tr>
<tr><td>食品抽检</td><td>批次</td><td>1820</td><td>1764</td><td>-</td></tr>
<tr><td>食品抽检合格率</td><td>%</td><td>98.6</td><td>97.9*</td><td>…</td></tr></table>
<p>注：*含复检结果；9月数据待核。</p></div>"""
)


def test_months_as_columns_are_the_titles_year_not_the_publications() -> None:
    rows = _rows(MONTHS_AS_COLUMNS, "370600", date(2024, 1, 20))
    assert _figures(rows) == sorted(
        [
            ("食品抽检", Decimal(1820), "批次", "count", "370600", "2023-07", "food_sampling_batches"),
            ("食品抽检", Decimal(1764), "批次", "count", "370600", "2023-08", "food_sampling_batches"),
            ("食品抽检合格率", Decimal("98.6"), "%", "ratio", "370600", "2023-07", "food_sampling_pass_rate"),
            ("食品抽检合格率", Decimal("97.9"), "%", "ratio", "370600", "2023-08", "food_sampling_pass_rate"),
        ]
    )


# A county round-up: the counties down the first column, the city and months in the title, the unit
# in a note under the table (…单位为万户), a 其中 column, a bare 增长(%) column after 新登记, a
# circled footnote mark, a development zone without a code of its own, and the city's total.
COUNTIES = """<div class="zw"><p>表2 2024年1-6月临沂市各县区经营主体情况</p>
<table><tr><td>县区</td><td>实有经营主体</td><td>其中：企业</td><td>新登记</td><td>增长(%)</td></tr>
<tr><td>兰山区</td><td>31.25</td><td>9.86</td><td>2.31</td><td>8.4</td></tr>
<tr><td>沂水县</td><td>12.40</td><td>2.08</td><td>0.95</td><td>3.0①</td></tr>
<tr><td>临沂高新技术产业开发区</td><td>2.11</td><td>0.96</td><td>0.31</td><td>…</td></tr>
<tr><td>全市</td><td>152.30</td><td>41.70</td><td>10.52</td><td>5.1</td></tr>
</table><p>注：①按可比口径计算；表中经营主体数量单位为万户。</p></div>"""
SPAN = "2024-01..2024-06"


def _county_rows(code: str, total: str, firms: str, new: str, growth: str | None) -> list[tuple]:
    rows = [
        ("实有经营主体", Decimal(total), "户", "count", code, SPAN, "market_entities"),
        ("实有企业", Decimal(firms), "户", "count", code, SPAN, "enterprises"),
        ("新登记", Decimal(new), "户", "count", code, SPAN, "new_market_entities"),
    ]
    if growth is not None:
        rows.append(("新登记增长", Decimal(growth), "%", "growth", code, SPAN, "new_market_entities_growth"))
    return rows


def test_counties_down_the_first_column_take_the_title_city_months_and_the_notes_unit() -> None:
    rows = _rows(_page(COUNTIES), "371300", date(2024, 7, 12))
    assert _figures(rows) == sorted(
        [
            *_county_rows("371302", "312500", "98600", "23100", "8.4"),
            *_county_rows("371323", "124000", "20800", "9500", "3"),
            # a zone without a code of its own takes its city's (GUIDE), its name no part of the subject
            *_county_rows("371300", "21100", "9600", "3100", None),
            *_county_rows("371300", "1523000", "417000", "105200", "5.1"),
        ]
    )


# The same table in an article, after prose that reports the city's totals: the prose's figures are
# mentions of the text, the table's are cells, and no cell is read a second time from the text.
ARTICLE = _page(
    """<div class="article"><h1>2024年上半年临沂市经营主体发展情况</h1>
<div class="info">发布时间：2024-07-12 浏览次数：1024</div>
<div class="TRS_Editor"><p>今年1-6月，全市新登记经营主体10.52万户，同比增长5.1%。
截至6月底，全市实有经营主体152.30万户。</p>
"""
    + COUNTIES.replace("<p>注：①按可比口径计算；表中经营主体数量单位为万户。</p>", "").replace(
        "各县区经营主体情况</p>", "各县区经营主体情况</p><p style='text-align:right'>单位：万户</p>"
    )
    + "<p>下一步，市市场监管局将持续优化营商环境。</p></div></div>",
    title="2024年上半年临沂市经营主体发展情况_临沂市市场监督管理局",
)


def test_a_table_in_an_article_and_the_prose_around_it_count_each_figure_once() -> None:
    published = date(2024, 7, 12)
    parsed = parse_article(ARTICLE.encode(), URL)
    text = extract_mentions(parsed.body_text, doc="a", published=published, region_code="371300", title=parsed.title)
    cells = _rows(ARTICLE, "371300", published)
    prose = drop_rendered(text, cells)
    assert sorted((m["value"], m["unit"], m["kind"], m["region_code"], m["period"]) for m in prose) == sorted(
        [
            (Decimal(105200), "户", "count", "371300", SPAN),
            (Decimal("5.1"), "%", "growth", "371300", SPAN),
            (Decimal(1523000), "户", "count", "371300", "2024-06"),
        ]
    )
    assert len(cells) == 15  # four rows of four figures, the zone's growth not reported
    assert not {r["quote"] for r in cells} & {"1024", "2024-07-12"}  # the page's furniture is no figure


# A Word table pasted into a Jpaas editor: cells wrapped in <p><span>, a 单位 column, a year column,
# a change column, '--' for no change, people in 万人 and a count per 10,000 people.
WORD_TABLE = _page(
    """<div class="article-content"><p align="center"><b>2023年威海市国民经济主要指标</b></p>
<table class="MsoNormalTable" border="1"><tr><td><p><span>指标名称</span></p></td><td><p><span>单位</span></p></td>
<td><p><span>2023年</span></p></td><td><p><span>比上年增长（%）</span></p></td></tr>
<tr><td><p><span>地区生产总值</span></p></td><td><p>亿元</p></td><td><p><span>3,408.18</span></p></td><td><p>6.2</p></td></tr>
<tr><td><p>规模以上工业企业</p></td><td><p>个</p></td><td><p>1,687</p></td><td><p>--</p></td></tr>
<tr><td><p>常住人口</p></td><td><p>万人</p></td><td><p>291.8</p></td><td><p>-0.3</p></td></tr>
<tr><td><p>每万人有效发明专利拥有量</p></td><td><p>件</p></td><td><p>24.6</p></td><td><p>18.5</p></td></tr>
</table></div>"""
)


def test_a_pasted_word_table_with_a_unit_column_and_a_count_per_ten_thousand_people() -> None:
    rows = _rows(WORD_TABLE, "371000", date(2024, 3, 20))
    assert _figures(rows) == sorted(
        [
            ("地区生产总值", Decimal(340818000000), "元", "amount", "371000", "2023", "gdp"),
            ("地区生产总值增长", Decimal("6.2"), "%", "growth", "371000", "2023", "gdp_growth"),
            ("规模以上工业企业", Decimal(1687), "个", "count", "371000", "2023", "unclassified"),
            ("常住人口", Decimal(2918000), "人", "count", "371000", "2023", "population"),
            ("常住人口增长", Decimal("-0.3"), "%", "growth", "371000", "2023", "unclassified"),
            # a count per 10,000 people is a density, as the text extractor writes it
            (
                "每万人有效发明专利拥有量",
                Decimal("24.6"),
                "件/万人",
                "density",
                "371000",
                "2023",
                "invention_patents_per_10k",
            ),
            (
                "每万人有效发明专利拥有量增长",
                Decimal("18.5"),
                "%",
                "growth",
                "371000",
                "2023",
                "valid_invention_patents_growth",
            ),
        ]
    )


# Hanweb's data panel: one <dl> a figure, the number in <b> and its unit in a <span> of the <dd>.
DEFINITION_LISTS = _page(
    """<div class="sjfb"><h3>2024年1-9月潍坊市市场监管主要数据</h3>
<div class="data-box"><dl><dt>新登记经营主体</dt><dd><b>12.36</b><span>万户</span></dd></dl>
<dl><dt>抽检食品</dt><dd><b>2,315</b><span>批次</span></dd></dl>
<dl><dt>查办案件</dt><dd><b>986</b><span>件</span></dd></dl>
<dl><dt>浏览次数</dt><dd><b>3,021</b><span>次</span></dd></dl></div></div>"""
)


def test_definition_lists_each_holding_a_figure_and_its_unit_apart() -> None:
    rows = _rows(DEFINITION_LISTS, "370700", date(2024, 10, 15))
    period = "2024-01..2024-09"
    assert _figures(rows) == sorted(
        [
            ("新登记经营主体", Decimal(123600), "户", "count", "370700", period, "new_market_entities"),
            ("抽检食品", Decimal(2315), "批次", "count", "370700", period, "food_sampling_batches"),
            ("查办案件", Decimal(986), "件", "count", "370700", period, "cases_investigated"),
        ]
    )  # (浏览次数 is the page's counter, no figure)


# A list of key figures: <li><span>label</span><em>value</em><i>unit</i></li>, one line of text each.
INLINE_CARDS = _page(
    """<div class="main"><div class="tit">2024年上半年济宁市经济运行主要指标</div>
<ul class="zb-list"><li><span>地区生产总值</span><em>2,719.6</em><i>亿元</i></li>
<li><span>规上工业增加值增速</span><em>8.1</em><i>%</i></li>
<li><a href="/zb/3.html"><span>社会消费品零售总额</span><em>1,186.3</em><i>亿元</i></a></li></ul></div>"""
)


def test_inline_cards_of_a_label_a_number_and_a_unit_in_elements_of_their_own() -> None:
    rows = _rows(INLINE_CARDS, "370800", date(2024, 7, 25))
    period = "2024-01..2024-06"
    assert _figures(rows) == sorted(
        [
            ("地区生产总值", Decimal(271960000000), "元", "amount", "370800", period, "gdp"),
            ("规上工业增加值增速", Decimal("8.1"), "%", "growth", "370800", period, "industrial_value_added_growth"),
            ("社会消费品零售总额", Decimal(118630000000), "元", "amount", "370800", period, "retail_sales"),
        ]
    )
    assert {r["quote"] for r in rows} == {"2,719.6亿元", "8.1%", "1,186.3亿元"}


# DedeCMS: a key-figure table whose every cell reads `label：value`; the change beside a figure names
# only the change (同比增长：12.3%).
COLON_CELLS = _page(
    """<div class="content"><p>2024年8月聊城市市场主体登记情况</p>
<table width="100%"><tr><td>新登记企业：1256户</td><td>同比增长：12.3%</td></tr>
<tr><td>新登记个体工商户：3410户</td><td>同比增长：-4.2%</td></tr></table></div>"""
)


def test_table_cells_that_each_read_label_colon_value() -> None:
    rows = _rows(COLON_CELLS, "371500", date(2024, 9, 6))
    assert _figures(rows) == sorted(
        [
            ("新登记企业", Decimal(1256), "户", "count", "371500", "2024-08", "new_market_entities"),
            ("新登记企业增长", Decimal("12.3"), "%", "growth", "371500", "2024-08", "new_market_entities_growth"),
            ("新登记个体工商户", Decimal(3410), "户", "count", "371500", "2024-08", "new_market_entities"),
            (
                "新登记个体工商户增长",
                Decimal("-4.2"),
                "%",
                "growth",
                "371500",
                "2024-08",
                "new_market_entities_growth",
            ),
        ]
    )


# Years over 绝对数 | 增长（%）, the unit in each row label's brackets.
YEARS_OVER_MEASURES = _page(
    """<div class="article"><p>表1 泰安市主要经济指标对比</p>
<table><tr><th rowspan="2">指标</th><th colspan="2">2022年</th><th colspan="2">2023年</th></tr>
<tr><th>绝对数</th><th>增长（%）</th><th>绝对数</th><th>增长（%）</th></tr>
<tr><td>一般公共预算收入（亿元）</td><td>212.6</td><td>3.5</td><td>228.4</td><td>7.4</td></tr>
<tr><td>城镇新增就业（万人）</td><td>7.12</td><td>-1.0</td><td>7.35</td><td>3.2</td></tr></table></div>"""
)


def test_years_over_measures_and_a_scale_of_people_in_the_label() -> None:
    rows = _rows(YEARS_OVER_MEASURES, "370900", date(2024, 2, 28))
    assert _figures(rows) == sorted(
        [
            ("一般公共预算收入", Decimal(21260000000), "元", "amount", "370900", "2022", "fiscal_revenue"),
            ("一般公共预算收入增长", Decimal("3.5"), "%", "growth", "370900", "2022", "fiscal_revenue_growth"),
            ("一般公共预算收入", Decimal(22840000000), "元", "amount", "370900", "2023", "fiscal_revenue"),
            ("一般公共预算收入增长", Decimal("7.4"), "%", "growth", "370900", "2023", "fiscal_revenue_growth"),
            # 万人 scales a count of people: no density per 10,000
            ("城镇新增就业", Decimal(71200), "人", "count", "370900", "2022", "new_urban_jobs"),
            ("城镇新增就业增长", Decimal("-1.0"), "%", "growth", "370900", "2022", "unclassified"),
            ("城镇新增就业", Decimal(73500), "人", "count", "370900", "2023", "new_urban_jobs"),
            ("城镇新增就业增长", Decimal("3.2"), "%", "growth", "370900", "2023", "unclassified"),
        ]
    )


# Districts down the page under a header group: 经营主体（户） over 合计 | 企业 | 个体工商户.
HEADER_GROUP = _page(
    """<div class="article"><p>2024年3月末青岛市各区（市）经营主体情况</p>
<table><tr><td rowspan="2">区（市）</td><td colspan="3">经营主体（户）</td></tr>
<tr><td>合计</td><td>企业</td><td>个体工商户</td></tr>
<tr><td>市南区</td><td>98,215</td><td>51,200</td><td>46,870</td></tr>
<tr><td>黄岛区</td><td>312,406</td><td>120,390</td><td>190,880</td></tr></table></div>"""
)


def test_a_header_group_over_its_parts_names_each_part() -> None:
    rows = _rows(HEADER_GROUP, "370200", date(2024, 4, 16))
    got = _figures(rows)
    assert [(s, v, u, k, c, p) for s, v, u, k, c, p, _ in got] == sorted(
        [
            ("经营主体", Decimal(98215), "户", "count", "370202", "2024-03"),
            ("经营主体企业", Decimal(51200), "户", "count", "370202", "2024-03"),
            ("经营主体个体工商户", Decimal(46870), "户", "count", "370202", "2024-03"),
            ("经营主体", Decimal(312406), "户", "count", "370211", "2024-03"),
            ("经营主体企业", Decimal(120390), "户", "count", "370211", "2024-03"),
            ("经营主体个体工商户", Decimal(190880), "户", "count", "370211", "2024-03"),
        ]
    )
    assert all(" " not in r["subject"] for r in rows)  # (the header rows used to be joined by a space)


# Footnote marks set as superscripts after the number, the unit on a line of its own.
SUPERSCRIPT_MARKS = _page(
    """<div class="article"><p>2023年日照市工业主要指标</p><p>单位：亿元</p>
<table><tr><th>指标</th><th>2023年</th></tr>
<tr><td>规上工业营业收入</td><td>3,120.5<sup>1</sup></td></tr>
<tr><td>规上工业利润总额</td><td>156.2<sup>2</sup></td></tr>
<tr><td>工业用地面积（m<sup>2</sup>）</td><td>—</td></tr></table>
<p>注：1.不含电力；2.初步核算数。</p></div>"""
)


def test_a_superscript_footnote_mark_is_no_digit_of_the_number() -> None:
    rows = _rows(SUPERSCRIPT_MARKS, "371100", date(2024, 4, 2))
    assert sorted((r["subject"], r["value"], r["unit"], r["kind"], r["region_code"], r["period"]) for r in rows) == [
        ("规上工业利润总额", Decimal(15620000000), "元", "amount", "371100", "2023"),
        ("规上工业营业收入", Decimal(312050000000), "元", "amount", "371100", "2023"),
    ]  # (3,120.5¹ was read 3,120.51)


# The unit floated right inside the caption; counties and a zone whose name is also a city elsewhere.
CAPTION_UNIT = _page(
    """<div class="bt_content"><table><caption>2023年滨州市各县（市、区）地区生产总值
<span style="float:right">单位：亿元</span></caption>
<tr><th>县（市、区）</th><th>2023年</th><th>比上年增长（%）</th></tr>
<tr><td>滨城区</td><td>612.45</td><td>5.8</td></tr><tr><td>邹平市</td><td>798.10</td><td>6.3</td></tr>
<tr><td>北海经济开发区</td><td>85.21</td><td>—</td></tr></table></div>"""
)


def test_a_unit_in_the_caption_and_a_zone_named_like_a_city_elsewhere() -> None:
    rows = _rows(CAPTION_UNIT, "371600", date(2024, 3, 15))
    assert _figures(rows) == sorted(
        [
            ("地区生产总值", Decimal(61245000000), "元", "amount", "371602", "2023", "gdp"),
            ("地区生产总值增长", Decimal("5.8"), "%", "growth", "371602", "2023", "gdp_growth"),
            ("地区生产总值", Decimal(79810000000), "元", "amount", "371681", "2023", "gdp"),
            ("地区生产总值增长", Decimal("6.3"), "%", "growth", "371681", "2023", "gdp_growth"),
            # 北海经济开发区 is 滨州's zone (no code of its own), not 广西's 北海市
            ("地区生产总值", Decimal(8521000000), "元", "amount", "371600", "2023", "gdp"),
        ]
    )


# A yearly series: the years down the first column, a span of years in the title.
YEARS_DOWN = _page(
    """<div class="content"><h2>淄博市2021-2023年地区生产总值</h2>
<table><tr><td>年份</td><td>地区生产总值（亿元）</td><td>增长（%）</td></tr>
<tr><td>2021年</td><td>4,200.5</td><td>7.2</td></tr><tr><td>2022年</td><td>4,402.6</td><td>3.6</td></tr>
<tr><td>2023年</td><td>4,561.8</td><td>5.1</td></tr></table></div>"""
)


def test_years_down_the_first_column_and_a_span_of_years_in_the_title() -> None:
    rows = _rows(YEARS_DOWN, "370300", date(2024, 3, 15))
    got = [(s, v, u, k, c, p) for s, v, u, k, c, p, _ in _figures(rows)]
    expected = []
    for year, gdp, growth in (("2021", "4200.5", "7.2"), ("2022", "4402.6", "3.6"), ("2023", "4561.8", "5.1")):
        expected.append(("地区生产总值", Decimal(gdp) * 10**8, "元", "amount", "370300", year))
        expected.append(("地区生产总值增长", Decimal(growth), "%", "growth", "370300", year))
    assert got == sorted(expected)  # (the title's 2021- used to stay in the growth's subject)


# Jpaas/Word: the title, the unit and a note in rows of one cell spanning the table; a column of ranks.
TITLE_IN_THE_TABLE = _page(
    """<div class="article"><table border="1">
<tr><td colspan="4" align="center"><b>2024年1-6月德州市主要经济指标</b></td></tr>
<tr><td colspan="4" align="right">单位：亿元</td></tr>
<tr><td>指标</td><td>1-6月</td><td>同比增长（%）</td><td>增速全省位次</td></tr>
<tr><td>地区生产总值</td><td>1,712.3</td><td>5.9</td><td>6</td></tr>
<tr><td>一般公共预算收入</td><td>118.6</td><td>3.2</td><td>11</td></tr>
<tr><td colspan="4">注：地区生产总值增速按不变价格计算。</td></tr>
</table></div>"""
)


def test_title_unit_and_note_in_rows_spanning_the_table_and_a_column_of_ranks() -> None:
    rows = _rows(TITLE_IN_THE_TABLE, "371400", date(2024, 7, 20))
    span = "2024-01..2024-06"
    assert _figures(rows) == sorted(
        [
            ("地区生产总值", Decimal(171230000000), "元", "amount", "371400", span, "gdp"),
            ("地区生产总值增长", Decimal("5.9"), "%", "growth", "371400", span, "gdp_growth"),
            ("地区生产总值增速全省位次", Decimal(6), "位", "rank", "371400", span, "rank_provincial"),
            ("一般公共预算收入", Decimal(11860000000), "元", "amount", "371400", span, "fiscal_revenue"),
            ("一般公共预算收入增长", Decimal("3.2"), "%", "growth", "371400", span, "fiscal_revenue_growth"),
            ("一般公共预算收入增速全省位次", Decimal(11), "位", "rank", "371400", span, "rank_provincial"),
        ]
    )  # (the title row was a header: 5.9 read as 5.9 亿元, the title in every subject)
    assert {r["sentence"].split(" | ")[0] for r in rows} == {"2024年1-6月德州市主要经济指标"}


# Cities heading groups of columns (济南市 over 绝对数 | 增长%), published by the province.
REGIONS_OVER_MEASURES = _page(
    """<div class="article"><p>2023年各市主要指标</p>
<table><tr><td rowspan="2">指标</td><td colspan="2">济南市</td><td colspan="2">青岛市</td></tr>
<tr><td>绝对数</td><td>增长%</td><td>绝对数</td><td>增长%</td></tr>
<tr><td>地区生产总值（亿元）</td><td>12757.4</td><td>6.1</td><td>15760.3</td><td>5.9</td></tr></table></div>"""
)


def test_regions_heading_groups_of_columns_place_each_figure() -> None:
    rows = _rows(REGIONS_OVER_MEASURES, "370000", date(2024, 3, 1))
    assert _figures(rows) == sorted(
        [
            ("地区生产总值", Decimal(1275740000000), "元", "amount", "370100", "2023", "gdp"),
            ("地区生产总值增长", Decimal("6.1"), "%", "growth", "370100", "2023", "gdp_growth"),
            ("地区生产总值", Decimal(1576030000000), "元", "amount", "370200", "2023", "gdp"),
            ("地区生产总值增长", Decimal("5.9"), "%", "growth", "370200", "2023", "gdp_growth"),
        ]
    )  # (they were the province's, with the city in the subject)


# An old TRS page: the data table inside a layout table's cell; 比上年同期增长（%）; 新设 for new.
IN_A_LAYOUT_TABLE = """<html><body><table width="960"><tr><td class="left"><a href="/">首页</a></td><td>
<p>2024年3月烟台市市场主体情况</p>
<table border="1"><tr><td>指标</td><td>本月（户）</td><td>比上年同期增长（%）</td></tr>
<tr><td>新设企业</td><td>2,210</td><td>7.5</td></tr><tr><td>新设个体工商户</td><td>5,102</td><td>-3.3</td></tr></table>
</td></tr></table></body></html>"""


def test_a_data_table_in_a_layout_tables_cell_with_a_change_on_last_years_month() -> None:
    rows = _rows(IN_A_LAYOUT_TABLE, "370600", date(2024, 4, 10))
    assert _figures(rows) == sorted(
        [
            ("新设企业", Decimal(2210), "户", "count", "370600", "2024-03", "new_market_entities"),
            ("新设企业增长", Decimal("7.5"), "%", "growth", "370600", "2024-03", "new_market_entities_growth"),
            ("新设个体工商户", Decimal(5102), "户", "count", "370600", "2024-03", "new_market_entities"),
            ("新设个体工商户增长", Decimal("-3.3"), "%", "growth", "370600", "2024-03", "new_market_entities_growth"),
        ]
    )  # (比上年同期增长 lost its 上年同期 and left 比增长 in the subject)


# Indicators down the page in <th> cells, a 其中 breakdown indented under each whole (the indentation
# is lost with the cell's spaces), a change since the start of the year.
BREAKDOWN_ROWS = _page(
    """<div class="article"><p>2024年6月末潍坊市经营主体情况</p>
<table><thead><tr><th>指标</th><th>数量（户）</th><th>比年初增长（%）</th></tr></thead><tbody>
<tr><th>实有经营主体</th><td>1,186,032</td><td>4.2</td></tr>
<tr><th>　　其中：企业</th><td>356,210</td><td>5.1</td></tr>
<tr><th>　　　　　个体工商户</th><td>815,400</td><td>3.8</td></tr>
<tr><th>新登记经营主体</th><td>98,120</td><td>-1.5</td></tr>
<tr><th>　　其中：企业</th><td>30,005</td><td>2.2</td></tr></tbody></table></div>"""
)


def test_breakdown_rows_are_counted_like_their_whole() -> None:
    rows = _rows(BREAKDOWN_ROWS, "370700", date(2024, 7, 20))
    counts = {(r["subject"], r["value"], r["indicator"]) for r in rows if r["kind"] == "count"}
    assert counts == {
        ("实有经营主体", Decimal(1186032), "market_entities"),
        ("实有企业", Decimal(356210), "enterprises"),
        ("实有个体工商户", Decimal(815400), "individual_businesses"),
        ("新登记经营主体", Decimal(98120), "new_market_entities"),
        ("新登记企业", Decimal(30005), "new_market_entities"),  # (a bare 企业 before: unclassified)
    }
    growth = {(r["subject"], r["value"]) for r in rows if r["kind"] == "growth"}
    assert growth == {
        ("实有经营主体增长", Decimal("4.2")),
        ("实有企业增长", Decimal("5.1")),
        ("实有个体工商户增长", Decimal("3.8")),
        ("新登记经营主体增长", Decimal("-1.5")),
        ("新登记企业增长", Decimal("2.2")),
    }  # (比年初增长 is a measure word: no 企业比年初增长)
    assert {(r["unit"], r["region_code"], r["period"]) for r in rows} == {
        ("户", "370700", "2024-06"),
        ("%", "370700", "2024-06"),
    }
    assert {r["sentence"].split(" | ")[1] for r in rows} >= {"其中：企业"}  # the row as written


# Counties ranked: a 序号 column, a bare 排名 column after the rate it ranks, a total row spanning
# 序号 and 县市区, '/' for no rank.
RANKED_COUNTIES = _page(
    """<div class="article"><p>2024年一季度各县市区食品抽检情况</p>
<table><tr><td>序号</td><td>县市区</td><td>抽检批次</td><td>合格率（%）</td><td>排名</td></tr>
<tr><td>1</td><td>寿光市</td><td>1,203</td><td>98.70</td><td>1</td></tr>
<tr><td>2</td><td>青州市</td><td>986</td><td>97.95</td><td>2</td></tr>
<tr><td colspan="2">合计</td><td>2,189</td><td>98.36</td><td>/</td></tr></table></div>"""
)


def test_ranked_counties_with_a_rank_column_of_the_rate_before_it() -> None:
    rows = _rows(RANKED_COUNTIES, "370700", date(2024, 4, 18))
    span = "2024-01..2024-03"
    got = [(s, v, u, k, c, p) for s, v, u, k, c, p, _ in _figures(rows)]
    assert got == sorted(
        [
            ("抽检批次", Decimal(1203), "批次", "count", "370783", span),
            ("合格率", Decimal("98.70"), "%", "ratio", "370783", span),
            ("合格率排名", Decimal(1), "位", "rank", "370783", span),
            ("抽检批次", Decimal(986), "批次", "count", "370781", span),
            ("合格率", Decimal("97.95"), "%", "ratio", "370781", span),
            ("合格率排名", Decimal(2), "位", "rank", "370781", span),
            ("抽检批次", Decimal(2189), "批次", "count", "370700", span),
            ("合格率", Decimal("98.36"), "%", "ratio", "370700", span),
        ]
    )  # (the ranks were counts without a unit, the 序号 no figure)


@pytest.mark.slow  # (runs `provind extract` as a process)
def test_provind_extract_on_the_saved_article_reads_each_figure_once(tmp_path: Path) -> None:
    page = tmp_path / "art_1234_5678.html"
    page.write_text(ARTICLE, encoding="utf-8")
    done = subprocess.run(
        [str(Path(sys.executable).parent / "provind"), "extract", str(page), "--region", "371300", "--published",
         "2024-07-12"],
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    prose = [r for r in rows if r["start"] >= 0]
    assert [r["quote"] for r in prose] == ["新登记经营主体10.52万户", "同比增长5.1%", "实有经营主体152.30万户"]
    cells = [r for r in rows if r["start"] < 0]
    assert len(cells) == 15 and {r["region_code"] for r in cells} == {"371302", "371323", "371300"}


# A Hanweb data centre: the figure above its label, the change's direction an icon (同比<i class="up">).
ICON_CHANGES = _page(
    """<div class="sjzx"><h3>2024年1-9月济南市市场主体数据</h3><div class="list">
<div class="item"><p class="num">12.36<span>万户</span></p><p class="name">新登记经营主体</p>
<p class="rate">同比<i class="icon-up"></i>5.2%</p></div>
<div class="item"><p class="num">4.51<span>万户</span></p><p class="name">新登记企业</p>
<p class="rate">同比<i class="icon-down"></i>-1.3%</p></div></div></div>"""
)


def test_cards_whose_change_has_its_direction_in_an_icon() -> None:
    rows = _rows(ICON_CHANGES, "370100", date(2024, 10, 10))
    span = "2024-01..2024-09"
    assert _figures(rows) == sorted(
        [
            ("新登记经营主体", Decimal(123600), "户", "count", "370100", span, "new_market_entities"),
            ("新登记经营主体增长", Decimal("5.2"), "%", "growth", "370100", span, "new_market_entities_growth"),
            ("新登记企业", Decimal(45100), "户", "count", "370100", span, "new_market_entities"),
            ("新登记企业增长", Decimal("-1.3"), "%", "growth", "370100", span, "new_market_entities_growth"),
        ]
    )  # (同比5.2%, naming no direction, made the first card no card at all)
