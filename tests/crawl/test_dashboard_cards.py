"""Dashboards laid out without a table (cards of a label and a figure) read as label/value tables.

Own examples of the layouts bureau CMS templates use for key-figure panels: `<li>` cards of two
paragraphs, a figure above its label with the unit in a `<span>`, `<dt>`/`<dd>` pairs. Read as
text, such a page is a run of label and value lines whose pairing the text cannot tell; the
page's structure can. Page furniture (news lists with dates, visit counters, footers) is no
dashboard.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from provind.crawl.parse import parse_article
from provind.extract import extract_mentions
from provind.stats import drop_rendered, observations_from_page
from provind.stats.cells import parse_figure, strip_periods

PUBLISHED = date(2024, 10, 12)
URL = "http://127.0.0.1/dashboard.html"


def _page(body: str, title: str = "数据发布") -> bytes:
    return f"<html><head><title>{title}</title></head><body><div class='main'>{body}</div></body></html>".encode()


def _cells(page: bytes, region_code: str = "370000") -> list[dict]:
    return observations_from_page(page, URL, "text/html", published=PUBLISHED, region_code=region_code)


def _figures(rows: list[dict]) -> set[tuple]:
    return {(r["subject"], r["value"], r["unit"], r["kind"], r["region_code"], r["period"]) for r in rows}


LIST_CARDS = _page(
    "<h2>2024年1-9月临沂市经营主体发展情况</h2><ul class='kpi'>"
    "<li><p class='t'>实有经营主体</p><p class='n'>118.6万户</p></li>"
    "<li><p class='t'>新登记经营主体</p><p class='n'>9.8万户</p></li>"
    "<li><p class='t'>注册资本总额</p><p class='n'>2.36万亿元</p></li>"
    "<li><p class='t'>企业占比</p><p class='n'>31.5%</p></li></ul>"
    "<p>前三季度，全市新登记经营主体9.8万户，同比增长6.4%。</p>"
)


def test_list_cards_are_figures_with_their_label_unit_and_the_caption_place_and_period() -> None:
    got = _figures(_cells(LIST_CARDS))
    assert ("实有经营主体", Decimal(1186000), "户", "count", "371300", "2024-01..2024-09") in got
    assert ("新登记经营主体", Decimal(98000), "户", "count", "371300", "2024-01..2024-09") in got
    assert ("注册资本总额", Decimal(2360000000000), "元", "amount", "371300", "2024-01..2024-09") in got
    assert ("企业占比", Decimal("31.5"), "%", "ratio", "371300", "2024-01..2024-09") in got
    assert len(got) == 4  # the prose paragraph is the text extractor's, not a card


def test_a_flow_card_and_a_stock_card_map_to_different_indicators() -> None:
    by_subject = {r["subject"]: r["indicator"] for r in _cells(LIST_CARDS)}
    assert by_subject["新登记经营主体"] != by_subject["实有经营主体"]
    assert "unclassified" not in (by_subject["新登记经营主体"], by_subject["实有经营主体"])


def test_a_figure_above_its_label_with_its_unit_in_a_span() -> None:
    page = _page(
        "<h3>2024年前三季度淄博市主要经济指标</h3>"
        "<div class='box'><div class='num'>3512.7<span>亿元</span></div><div class='name'>地区生产总值</div></div>"
        "<div class='box'><div class='num'>5.9<em>%</em></div><div class='name'>地区生产总值增速</div></div>"
        "<div class='box'><div class='num'>1286.4</div><div class='unit'>亿元</div>"
        "<div class='name'>社会消费品零售总额</div></div>"
    )
    got = _figures(_cells(page))
    assert got == {
        ("地区生产总值", Decimal(351270000000), "元", "amount", "370300", "2024-01..2024-09"),
        ("地区生产总值增速", Decimal("5.9"), "%", "growth", "370300", "2024-01..2024-09"),
        ("社会消费品零售总额", Decimal(128640000000), "元", "amount", "370300", "2024-01..2024-09"),
    }


def test_definition_list_pairs_take_the_month_of_the_heading() -> None:
    page = _page(
        "<h1>2024年8月德州市市场监管主要数据</h1><dl class='data'>"
        "<dt>食品安全监督抽检</dt><dd>1875批次</dd><dt>抽检合格率</dt><dd>98.2%</dd>"
        "<dt>查办案件</dt><dd>214件</dd></dl>"
    )
    got = _figures(_cells(page))
    assert ("食品安全监督抽检", Decimal(1875), "批次", "count", "371400", "2024-08") in got
    assert ("抽检合格率", Decimal("98.2"), "%", "ratio", "371400", "2024-08") in got
    assert ("查办案件", Decimal(214), "件", "count", "371400", "2024-08") in got


def test_a_bare_value_takes_the_unit_in_its_labels_brackets() -> None:
    page = _page(
        "<h2>2023年威海市知识产权数据</h2>"
        "<ul><li><span>有效发明专利（件）</span><br><b>15326</b></li>"
        "<li><span>商标注册量（件）</span><br><b>4218</b></li></ul>"
    )
    got = _figures(_cells(page, "371000"))
    assert ("有效发明专利", Decimal(15326), "件", "count", "371000", "2023") in got
    assert ("商标注册量", Decimal(4218), "件", "count", "371000", "2023") in got


def test_page_furniture_is_no_dashboard() -> None:
    page = _page(
        "<h1>关于开展2024年质量月活动的通知</h1><p>各区市：现将有关事项通知如下。</p>"
        "<ul class='list'><li><a href='/a'>2024年9月食品抽检信息</a><span>2024-09-30</span></li>"
        "<li><a href='/b'>2024年8月食品抽检信息</a><span>2024-08-31</span></li></ul>"
        "<div class='stat'><div><span>浏览次数</span><p>1532次</p></div>"
        "<div><span>点击量</span><p>220次</p></div></div>"
        "<ul class='pages'><li><p>第</p><p>2页</p></li><li><p>共</p><p>9页</p></li></ul>"
        "<div><p>全市企业</p><p>31200</p></div><div><p>个体工商户</p><p>96500</p></div>"  # no unit anywhere
        "<div class='footer'><ul><li><p>访问人数</p><p>8万人</p></li><li><p>网站总数</p><p>12个</p></li></ul></div>"
    )
    assert _cells(page) == []


def test_one_card_alone_is_not_a_dashboard() -> None:
    page = _page("<h1>2024年青岛市数据</h1><div class='one'><p>市场主体总量</p><p>142.3万户</p></div><p>说明文字。</p>")
    assert _cells(page, "370200") == []


def test_the_pages_text_reads_each_card_once_and_keeps_the_prose() -> None:
    parsed = parse_article(LIST_CARDS, URL)
    text = extract_mentions(
        parsed.body_text, doc="d", published=PUBLISHED, region_code="370000", title=parsed.title or None
    )
    cells = _cells(LIST_CARDS)
    rows = [*drop_rendered(text, cells), *cells]
    values = [(r["value"], r["unit"]) for r in rows]
    assert values.count((Decimal(1186000), "户")) == 1  # the card, not its rendering as two lines too
    # the prose sentence repeating a card's figure is a mention of its own, with its growth
    prose = [r for r in rows if r["start"] >= 0 and r["value"] == Decimal(98000)]
    assert len(prose) == 1 and prose[0]["period"] == "2024-01..2024-09"
    assert (Decimal("6.4"), "%") in values


def test_a_figure_with_its_unit_in_one_cell() -> None:
    assert parse_figure("142.3万户")[0] == Decimal("142.3")
    assert parse_figure("142.3万户")[1].scale == Decimal(10000)
    assert parse_figure("1,234.5万元")[1].base == "元"
    assert parse_figure("98.6%")[1].base == "%"
    assert parse_figure("31200") == (Decimal(31200), None)
    for not_a_figure in ("2024-06-01", "1-8月", "06-01", "5G基站", "第3位", "共9页面", ""):
        assert parse_figure(not_a_figure) is None, not_a_figure


def test_a_column_of_months_without_their_year_is_no_part_of_the_subject() -> None:
    assert strip_periods("1-8月") == ""
    assert strip_periods("一般公共预算收入1-8月") == "一般公共预算收入"
    assert strip_periods("一季度") == ""
    assert strip_periods("5G基站") == "5G基站"
    assert strip_periods("12月31日") == "12月31日"  # a day is no column of months


def test_a_table_cell_with_its_unit_written_in_it() -> None:
    page = _page(
        "<h2>2024年上半年日照市市场主体情况</h2><table>"
        "<tr><td>市场主体总量</td><td>33.6万户</td></tr><tr><td>新登记企业</td><td>8125户</td></tr></table>"
    )
    got = _figures(_cells(page, "371100"))
    assert ("市场主体总量", Decimal(336000), "户", "count", "371100", "2024-01..2024-06") in got
    assert ("新登记企业", Decimal(8125), "户", "count", "371100", "2024-01..2024-06") in got


def test_pairs_side_by_side_in_a_table_row_are_read_pair_by_pair() -> None:
    # a key-figure table of two label/value pairs a row: its first row is no header
    page = _page(
        "<h2>2024年1-6月枣庄市主要经济指标</h2><table>"
        "<tr><td>地区生产总值</td><td>1051.7亿元</td><td>地区生产总值增速</td><td>5.8%</td></tr>"
        "<tr><td>新登记经营主体</td><td>2.4万户</td><td>实有经营主体</td><td>41.3万户</td></tr></table>"
    )
    got = _figures(_cells(page))
    assert got == {
        ("地区生产总值", Decimal(105170000000), "元", "amount", "370400", "2024-01..2024-06"),
        ("地区生产总值增速", Decimal("5.8"), "%", "growth", "370400", "2024-01..2024-06"),
        ("新登记经营主体", Decimal(24000), "户", "count", "370400", "2024-01..2024-06"),
        ("实有经营主体", Decimal(413000), "户", "count", "370400", "2024-01..2024-06"),
    }


def test_a_table_of_four_columns_with_a_header_is_no_table_of_pairs() -> None:
    page = _page(
        "<h2>2024年9月泰安市食品抽检</h2><table><tr><td>食品类别</td><td>抽检批次</td><td>不合格项目</td>"
        "<td>合格率(%)</td></tr><tr><td>粮食加工品</td><td>120</td><td>无</td><td>100</td></tr>"
        "<tr><td>肉制品</td><td>85</td><td>菌落总数</td><td>98.8</td></tr></table>"
    )
    got = _figures(_cells(page))
    assert ("肉制品合格率", Decimal("98.8"), "%", "ratio", "370900", "2024-09") in got
    assert not any(subject.startswith(("无", "菌落总数")) for subject, *_ in got)


def test_cells_that_each_hold_a_label_and_a_figure() -> None:
    page = _page(
        "<h2>2024年上半年莒县经营主体情况</h2><table><tr><td>实有经营主体<br>9.6万户</td>"
        "<td>新登记经营主体<br>0.8万户</td><td></td></tr></table>"
    )
    got = _figures(_cells(page, "371100"))
    assert got == {
        ("实有经营主体", Decimal(96000), "户", "count", "371122", "2024-01..2024-06"),
        ("新登记经营主体", Decimal(8000), "户", "count", "371122", "2024-01..2024-06"),
    }


def test_a_card_with_the_change_of_its_figure() -> None:
    page = _page(
        "<h2>2024年1-9月聊城市经营主体情况</h2><ul>"
        "<li><p>实有经营主体</p><p>52.7万户</p><p>同比增长4.4%</p></li>"
        "<li><p>新登记经营主体</p><p>5.1万户</p><p>比上年同期下降2.6%</p></li></ul>"
    )
    got = _figures(_cells(page, "371500"))
    assert got == {
        ("实有经营主体", Decimal(527000), "户", "count", "371500", "2024-01..2024-09"),
        ("实有经营主体增长", Decimal("4.4"), "%", "growth", "371500", "2024-01..2024-09"),
        ("新登记经营主体", Decimal(51000), "户", "count", "371500", "2024-01..2024-09"),
        ("新登记经营主体增长", Decimal("-2.6"), "%", "growth", "371500", "2024-01..2024-09"),
    }
    change = next(r for r in _cells(page, "371500") if r["value"] == Decimal("-2.6"))
    assert change["quote"] == "比上年同期下降2.6%"  # the cell as written
