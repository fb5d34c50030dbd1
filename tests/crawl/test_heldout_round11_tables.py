"""Round 11 of held-out-style cases: figures in tables and dashboard pages (own examples).

Fragments as bureau CMS templates publish them: dashboards of `label：` and value cells (side by
side, one above the other, in `<div>` cards), land notices whose unit sits in a header (`面积(M2)`,
`面积（亩）`) or a `单位：万元` note above or below the table, tables whose rows are regions and whose
columns are periods (`本月`, `1-11月累计`, `同比增长%`), captions with the period (`2024年1—11月…
情况`), merged header cells, total rows (`合　　计`, `全市`, `全　省`), empty cells and dashes, `注：`
footnotes, cells wrapped in `<p><span>` or broken by `<br>`, Word's full-width minus. Each case lists
every figure the page gives: (subject, value, unit, kind, region_code, period). The page is read as
the pipeline reads it (`observations_from_page` for its tables, the article's text for the rest, a
cell's rendering in the text dropped), and by `provind extract`.

Of the 25 pages, 13 had figures misread or lost before this round: 28 of the 113 figures, 52 counting
subjects (docs/places-periods-tables.md, "Round 11 (tables)").
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest

from tests.crawl.heldout_tables import assert_every_figure_read, assert_text_adds_no_figure

URL = "http://127.0.0.1/art/2024/11/20/art_11_2024.html"


def page(body: str, title: str = "统计信息") -> str:
    return (
        f"<html><head><title>{title}</title></head><body><div class='nav'><a href='/'>首页</a></div>"
        f"<div class='TRS_Editor'>{body}</div><div class='footer'>版权所有</div></body></html>"
    )


CASES: list[tuple[str, str, str, date, list[tuple]]] = []


def case(name: str, html: str, region: str, published: date, expected: list[tuple]) -> None:
    CASES.append((name, page(html), region, published, expected))


# 1 dashboard: label： cells and value cells, pairs side by side
case(
    "dash_colon_pairs",
    """<p>2024年1-10月聊城市经济运行主要指标</p>
<table class="sj"><tr><td>地区生产总值：</td><td>2,315.6亿元</td><td>增速：</td><td>5.6%</td></tr>
<tr><td>一般公共预算收入：</td><td>186.2亿元</td><td>增速：</td><td>3.1%</td></tr></table>""",
    "371500",
    date(2024, 11, 20),
    [
        ("地区生产总值", D("231560000000"), "元", "amount", "371500", "2024-01..2024-10"),
        ("地区生产总值增长", D("5.6"), "%", "growth", "371500", "2024-01..2024-10"),
        ("一般公共预算收入", D("18620000000"), "元", "amount", "371500", "2024-01..2024-10"),
        ("一般公共预算收入增长", D("3.1"), "%", "growth", "371500", "2024-01..2024-10"),
    ],
)

# 2 dashboard two columns, label with colon and unit in brackets, bare value
case(
    "dash_colon_bare",
    """<h3>2024年9月末东营市经营主体情况</h3>
<table><tr><td style="text-align:right">实有经营主体（户）：</td><td><span style="color:red">312,456</span></td></tr>
<tr><td style="text-align:right">其中：企业（户）：</td><td>98,120</td></tr>
<tr><td style="text-align:right">注册资本（亿元）：</td><td>8,765.4</td></tr></table>""",
    "370500",
    date(2024, 10, 12),
    [
        ("实有经营主体", D(312456), "户", "count", "370500", "2024-09"),
        ("实有企业", D(98120), "户", "count", "370500", "2024-09"),
        ("注册资本", D("876540000000"), "元", "amount", "370500", "2024-09"),
    ],
)

# 3 land notice: 面积(M2), 单位：万元 note above, 出让年限 header without unit
case(
    "land_m2_note",
    """<p>莱芜区国有建设用地使用权挂牌出让公告</p><p style="text-align:right">单位：万元</p>
<table border="1"><tr><th>宗地编号</th><th>土地位置</th><th>面积(M2)</th><th>土地用途</th>
<th>出让年限</th><th>起始价</th><th>竞买保证金</th></tr>
<tr><td>LW2024-12</td><td>济南市莱芜区凤城街道</td><td>15,230</td><td>工业用地</td><td>50年</td><td>685</td><td>343</td></tr></table>""",
    "370116",
    date(2024, 8, 1),
    [
        ("面积", D(15230), "平方米", "other", "370116", None),
        ("出让年限", D(50), "年", "other", "370116", None),
        ("起始价", D(6850000), "元", "amount", "370116", None),
        ("竞买保证金", D(3430000), "元", "amount", "370116", None),
    ],
)

# 4 land notice: 面积（平方米） and 亩, 单位：万元 note below the table
case(
    "land_note_below",
    """<p>附件：宁阳县2024-05号地块出让情况</p>
<table><tr><td>地块编号</td><td>坐落</td><td>出让面积（平方米）</td><td>折合（亩）</td><td>成交价</td></tr>
<tr><td>2024-05</td><td>宁阳县文庙街道</td><td>20001.5</td><td>30.0</td><td>1,260</td></tr></table>
<p>单位：万元</p>""",
    "370921",
    date(2024, 5, 6),
    [
        ("出让面积", D("20001.5"), "平方米", "other", "370921", None),
        ("折合", D("30.0"), "亩", "other", "370921", None),
        ("成交价", D(12600000), "元", "amount", "370921", None),
    ],
)

# 5 regions as rows, columns 本月 | 1-11月累计 | 同比增长%, caption with em dash period
case(
    "regions_rows_periods",
    """<table><caption>2024年1—11月各县区新登记经营主体情况</caption>
<tr><th>县区</th><th>本月（户）</th><th>1-11月累计（户）</th><th>同比增长%</th></tr>
<tr><td>岱岳区</td><td>1,021</td><td>11,845</td><td>6.3</td></tr>
<tr><td>新泰市</td><td>886</td><td>9,930</td><td>-2.4</td></tr>
<tr><td>全市</td><td>4,512</td><td>50,211</td><td>3.3</td></tr></table>""",
    "370900",
    date(2024, 12, 10),
    [
        ("新登记经营主体", D(1021), "户", "count", "370911", "2024-11"),
        ("新登记经营主体", D(11845), "户", "count", "370911", "2024-01..2024-11"),
        ("新登记经营主体增长", D("6.3"), "%", "growth", "370911", "2024-01..2024-11"),
        ("新登记经营主体", D(886), "户", "count", "370982", "2024-11"),
        ("新登记经营主体", D(9930), "户", "count", "370982", "2024-01..2024-11"),
        ("新登记经营主体增长", D("-2.4"), "%", "growth", "370982", "2024-01..2024-11"),
        ("新登记经营主体", D(4512), "户", "count", "370900", "2024-11"),
        ("新登记经营主体", D(50211), "户", "count", "370900", "2024-01..2024-11"),
        ("新登记经营主体增长", D("3.3"), "%", "growth", "370900", "2024-01..2024-11"),
    ],
)

# 6 unit in the top-left header cell, 同比增长 column without %
case(
    "unit_in_corner",
    """<p>2024年1-6月日照市规模以上工业主要指标</p>
<table><tr><td>单位：亿元</td><td>1-6月</td><td>同比增长</td></tr>
<tr><td>营业收入</td><td>1,856.2</td><td>4.5</td></tr>
<tr><td>利润总额</td><td>96.3</td><td>-8.1</td></tr></table>""",
    "371100",
    date(2024, 7, 25),
    [
        ("营业收入", D("185620000000"), "元", "amount", "371100", "2024-01..2024-06"),
        ("营业收入增长", D("4.5"), "%", "growth", "371100", "2024-01..2024-06"),
        ("利润总额", D("9630000000"), "元", "amount", "371100", "2024-01..2024-06"),
        ("利润总额增长", D("-8.1"), "%", "growth", "371100", "2024-01..2024-06"),
    ],
)

# 7 单位：万元、% note; 增速 column without %
case(
    "unit_note_list",
    """<p style="text-align:center">2024年1-9月威海市财政收支情况</p>
<p style="text-align:right">单位：万元、%</p>
<table><tr><td>项目</td><td>1-9月</td><td>增速</td></tr>
<tr><td>一般公共预算收入</td><td>1,652,300</td><td>3.6</td></tr>
<tr><td>一般公共预算支出</td><td>2,410,560</td><td>1.2</td></tr></table>""",
    "371000",
    date(2024, 10, 18),
    [
        ("一般公共预算收入", D("16523000000"), "元", "amount", "371000", "2024-01..2024-09"),
        ("一般公共预算收入增长", D("3.6"), "%", "growth", "371000", "2024-01..2024-09"),
        ("一般公共预算支出", D("24105600000"), "元", "amount", "371000", "2024-01..2024-09"),
        ("一般公共预算支出增长", D("1.2"), "%", "growth", "371000", "2024-01..2024-09"),
    ],
)

# 8 justified labels with full-width spaces (合　　计), header with <br>
case(
    "justified_labels_br",
    """<p>2024年10月菏泽市各县区食品抽检情况</p>
<table><tr><td>县　　区</td><td>抽检<br>批次</td><td>合格率<br>（%）</td></tr>
<tr><td>牡丹区</td><td>356</td><td>98.3</td></tr>
<tr><td>曹　县</td><td>298</td><td>97.6</td></tr>
<tr><td>合　　计</td><td>654</td><td>98.0</td></tr></table>""",
    "371700",
    date(2024, 11, 5),
    [
        ("抽检批次", D(356), "批次", "count", "371702", "2024-10"),
        ("合格率", D("98.3"), "%", "ratio", "371702", "2024-10"),
        ("抽检批次", D(298), "批次", "count", "371721", "2024-10"),
        ("合格率", D("97.6"), "%", "ratio", "371721", "2024-10"),
        ("抽检批次", D(654), "批次", "count", "371700", "2024-10"),
        ("合格率", D("98.0"), "%", "ratio", "371700", "2024-10"),
    ],
)

# 9 header with <br> in a relative-period column: 本年<br>累计, 同比<br>增长（%）
case(
    "br_in_relative_header",
    """<p>2024年8月潍坊市市场主体登记情况</p><p>单位：户</p>
<table><tr><th>指标</th><th>本月</th><th>本年<br>累计</th><th>同比<br>增长（%）</th></tr>
<tr><td>新登记企业</td><td>2,106</td><td>17,320</td><td>5.5</td></tr></table>""",
    "370700",
    date(2024, 9, 9),
    [
        ("新登记企业", D(2106), "户", "count", "370700", "2024-08"),
        ("新登记企业", D(17320), "户", "count", "370700", "2024-01..2024-08"),
        ("新登记企业增长", D("5.5"), "%", "growth", "370700", "2024-01..2024-08"),
    ],
)

# 10 merged header cells: regions over 本月 | 累计, indicators as rows, dashes
case(
    "merged_regions_over_periods",
    """<p>2024年3月济南市部分区县主要指标</p><p>单位：亿元</p>
<table border="1"><tr><td rowspan="2">指标</td><td colspan="2">历下区</td><td colspan="2">章丘区</td></tr>
<tr><td>本月</td><td>1-3月</td><td>本月</td><td>1-3月</td></tr>
<tr><td>社会消费品零售总额</td><td>45.6</td><td>128.9</td><td>—</td><td>80.2</td></tr></table>""",
    "370100",
    date(2024, 4, 15),
    [
        ("社会消费品零售总额", D("4560000000"), "元", "amount", "370102", "2024-03"),
        ("社会消费品零售总额", D("12890000000"), "元", "amount", "370102", "2024-01..2024-03"),
        ("社会消费品零售总额", D("8020000000"), "元", "amount", "370114", "2024-01..2024-03"),
    ],
)

# 11 full-width minus and full-width digits in cells (Word)
case(
    "fullwidth_cells",
    """<p>2024年1-5月枣庄市主要经济指标</p>
<table><tr><td>指标</td><td>单位</td><td>1-5月</td><td>同比增长（%）</td></tr>
<tr><td>进出口总额</td><td>亿元</td><td>１２３.４</td><td>－５.２</td></tr>
<tr><td>实际使用外资</td><td>万美元</td><td>8,560</td><td>－12.0</td></tr></table>""",
    "370400",
    date(2024, 6, 20),
    [
        ("进出口总额", D("12340000000"), "元", "amount", "370400", "2024-01..2024-05"),
        ("进出口总额增长", D("-5.2"), "%", "growth", "370400", "2024-01..2024-05"),
        ("实际使用外资", D("85600000"), "美元", "amount", "370400", "2024-01..2024-05"),
        ("实际使用外资增长", D("-12.0"), "%", "growth", "370400", "2024-01..2024-05"),
    ],
)

# 12 footnote below with 注：, total row 合计 and empty cells (&nbsp;)
case(
    "footnote_total_blank",
    """<p>表3 2023年烟台市各区市专利授权情况</p>
<table><tr><th>区市</th><th>发明专利（件）</th><th>实用新型（件）</th></tr>
<tr><td>芝罘区</td><td>1,320</td><td>&nbsp;</td></tr>
<tr><td>莱山区</td><td>986</td><td>2,541</td></tr>
<tr><td>合计</td><td>2,306</td><td>…</td></tr></table>
<p>注：实用新型数据不含外观设计。</p>""",
    "370600",
    date(2024, 2, 20),
    [
        ("发明专利", D(1320), "件", "count", "370602", "2023"),
        ("发明专利", D(986), "件", "count", "370613", "2023"),
        ("实用新型", D(2541), "件", "count", "370613", "2023"),
        ("发明专利", D(2306), "件", "count", "370600", "2023"),
    ],
)

# 13 label cell with nested <p><span>, split label over two <p>
case(
    "nested_p_span",
    """<p>2024年上半年德州市主要指标</p>
<table class="MsoNormalTable"><tr><td><p><span style="font-family:宋体">指标</span></p></td>
<td><p><span>绝对值</span></p></td><td><p><span>增长（%）</span></p></td></tr>
<tr><td><p><span style="font-size:12pt">规模以上</span></p><p><span>工业增加值（亿元）</span></p></td>
<td><p align="right"><span>612.3</span></p></td><td><p><span>7.9</span></p></td></tr>
<tr><td><p><span>城镇居民人均</span></p><p><span>可支配收入（元）</span></p></td><td><p><span>22,315</span></p></td><td><p><span>4.6</span></p></td></tr></table>""",
    "371400",
    date(2024, 7, 30),
    [
        ("规模以上工业增加值", D("61230000000"), "元", "amount", "371400", "2024-01..2024-06"),
        ("规模以上工业增加值增长", D("7.9"), "%", "growth", "371400", "2024-01..2024-06"),
        ("城镇居民人均可支配收入", D(22315), "元", "amount", "371400", "2024-01..2024-06"),
        ("城镇居民人均可支配收入增长", D("4.6"), "%", "growth", "371400", "2024-01..2024-06"),
    ],
)

# 14 dashboard cards: label： in one span, value and unit after
case(
    "cards_colon_spans",
    """<div class="data-title">2024年1-9月临沂市市场监管数据</div>
<ul class="sj"><li><span class="lab">新登记经营主体：</span><span class="num">15.62</span>
<span class="dw">万户</span></li>
<li><span class="lab">食品抽检：</span><span class="num">12,306</span><span class="dw">批次</span></li>
<li><span class="lab">查办案件：</span><span class="num">2,108</span><span class="dw">件</span></li></ul>""",
    "371300",
    date(2024, 10, 8),
    [
        ("新登记经营主体", D(156200), "户", "count", "371300", "2024-01..2024-09"),
        ("食品抽检", D(12306), "批次", "count", "371300", "2024-01..2024-09"),
        ("查办案件", D(2108), "件", "count", "371300", "2024-01..2024-09"),
    ],
)

# 15 regions as columns (short names), periods as rows
case(
    "regions_columns",
    """<p>2023年各市城镇居民人均可支配收入（元）</p>
<table><tr><th>季度</th><th>济南</th><th>青岛</th></tr>
<tr><td>一季度</td><td>15,032</td><td>17,210</td></tr>
<tr><td>上半年</td><td>28,105</td><td>31,960</td></tr></table>""",
    "370000",
    date(2024, 1, 30),
    [
        ("城镇居民人均可支配收入", D(15032), "元", "amount", "370100", "2023-01..2023-03"),
        ("城镇居民人均可支配收入", D(17210), "元", "amount", "370200", "2023-01..2023-03"),
        ("城镇居民人均可支配收入", D(28105), "元", "amount", "370100", "2023-01..2023-06"),
        ("城镇居民人均可支配收入", D(31960), "元", "amount", "370200", "2023-01..2023-06"),
    ],
)

# 16 two-row header: indicator groups over 本月 | 累计 with 单位 row spanning the table inside
case(
    "title_unit_rows_inside",
    """<table border="1" style="width:100%">
<tr><td colspan="5" style="text-align:center"><strong>2024年11月淄博市市场主体发展情况</strong></td></tr>
<tr><td colspan="5" style="text-align:right">单位：户、%</td></tr>
<tr><td rowspan="2">类别</td><td colspan="2">新登记</td><td colspan="2">实有</td></tr>
<tr><td>数量</td><td>同比增长</td><td>数量</td><td>同比增长</td></tr>
<tr><td>企业</td><td>1,503</td><td>6.1</td><td>186,320</td><td>4.2</td></tr>
<tr><td>个体工商户</td><td>3,206</td><td>-3.5</td><td>512,006</td><td>2.8</td></tr>
</table>""",
    "370300",
    date(2024, 12, 12),
    [
        ("企业新登记", D(1503), "户", "count", "370300", "2024-11"),
        ("企业新登记增长", D("6.1"), "%", "growth", "370300", "2024-11"),
        ("企业实有", D(186320), "户", "count", "370300", "2024-11"),
        ("企业实有增长", D("4.2"), "%", "growth", "370300", "2024-11"),
        ("个体工商户新登记", D(3206), "户", "count", "370300", "2024-11"),
        ("个体工商户新登记增长", D("-3.5"), "%", "growth", "370300", "2024-11"),
        ("个体工商户实有", D(512006), "户", "count", "370300", "2024-11"),
        ("个体工商户实有增长", D("2.8"), "%", "growth", "370300", "2024-11"),
    ],
)

# 17 label： value dashboard as a two-column table, unit in label brackets, value with &nbsp;
case(
    "dash_two_col_nbsp",
    """<p>截至2024年6月底滨州市知识产权主要数据</p>
<table><tr><td>有效发明专利（件）</td><td>&nbsp;6,812&nbsp;</td></tr>
<tr><td>每万人口高价值发明专利拥有量（件）</td><td>5.36</td></tr>
<tr><td>有效注册商标（万件）</td><td>9.85</td></tr></table>""",
    "371600",
    date(2024, 7, 10),
    [
        ("有效发明专利", D(6812), "件", "count", "371600", "2024-06"),
        ("每万人口高价值发明专利拥有量", D("5.36"), "件/万人", "density", "371600", "2024-06"),
        ("有效注册商标", D(98500), "件", "count", "371600", "2024-06"),
    ],
)

# 18 table with 单位 note inside caption parentheses and 占比 column
case(
    "caption_unit_share",
    """<table><caption>2024年1-8月青岛市各区市进出口情况（单位：亿元）</caption>
<tr><th>区市</th><th>进出口额</th><th>同比±%</th><th>占全市比重%</th></tr>
<tr><td>黄岛区</td><td>2,315.8</td><td>4.3</td><td>42.1</td></tr>
<tr><td>即墨区</td><td>612.0</td><td>-1.6</td><td>11.1</td></tr></table>""",
    "370200",
    date(2024, 9, 25),
    [
        ("进出口额", D("231580000000"), "元", "amount", "370211", "2024-01..2024-08"),
        ("进出口额增长", D("4.3"), "%", "growth", "370211", "2024-01..2024-08"),
        ("占全市比重", D("42.1"), "%", "ratio", "370211", "2024-01..2024-08"),
        ("进出口额", D("61200000000"), "元", "amount", "370215", "2024-01..2024-08"),
        ("进出口额增长", D("-1.6"), "%", "growth", "370215", "2024-01..2024-08"),
        ("占全市比重", D("11.1"), "%", "ratio", "370215", "2024-01..2024-08"),
    ],
)

# 19 dashboard label / value cells one under the other in a table (vertical pairs)
case(
    "dash_vertical_pairs",
    """<p>2024年前三季度济宁市经济数据</p>
<table class="kpi"><tr><td>地区生产总值</td><td>规上工业增加值增速</td><td>固定资产投资增速</td></tr>
<tr><td>4,012.5亿元</td><td>8.6%</td><td>-3.2%</td></tr></table>""",
    "370800",
    date(2024, 10, 28),
    [
        ("地区生产总值", D("401250000000"), "元", "amount", "370800", "2024-01..2024-09"),
        ("规上工业增加值增速", D("8.6"), "%", "growth", "370800", "2024-01..2024-09"),
        ("固定资产投资增速", D("-3.2"), "%", "growth", "370800", "2024-01..2024-09"),
    ],
)

# 20 全市 total row first, 其中 region rows; header 面积（公顷）
case(
    "land_supply_hectare",
    """<p>2023年聊城市各县（市、区）国有建设用地供应情况</p>
<table><tr><th>县（市、区）</th><th>供应宗数（宗）</th><th>供应面积（公顷）</th><th>出让价款（万元）</th></tr>
<tr><td>全市</td><td>312</td><td>1,205.36</td><td>986,520</td></tr>
<tr><td>其中：东昌府区</td><td>68</td><td>301.2</td><td>312,400</td></tr>
<tr><td>临清市</td><td>41</td><td>150.8</td><td>—</td></tr></table>""",
    "371500",
    date(2024, 1, 25),
    [
        ("供应宗数", D(312), "宗", "count", "371500", "2023"),
        ("供应面积", D("1205.36"), "公顷", "other", "371500", "2023"),
        ("出让价款", D("9865200000"), "元", "amount", "371500", "2023"),
        ("供应宗数", D(68), "宗", "count", "371502", "2023"),
        ("供应面积", D("301.2"), "公顷", "other", "371502", "2023"),
        ("出让价款", D("3124000000"), "元", "amount", "371502", "2023"),
        ("供应宗数", D(41), "宗", "count", "371581", "2023"),
        ("供应面积", D("150.8"), "公顷", "other", "371581", "2023"),
    ],
)

# 21 this period | last year's | change: the change is of this period, not the base column's
case(
    "base_column_change",
    """<p>2024年1-10月泰安市市场主体发展情况</p><p>单位：户</p>
<table><tr><th>指标</th><th>2024年1-10月</th><th>2023年1-10月</th><th>增减%</th></tr>
<tr><td>新设企业</td><td>9,512</td><td>8,830</td><td>7.7</td></tr></table>""",
    "370900",
    date(2024, 11, 15),
    [
        ("新设企业", D(9512), "户", "count", "370900", "2024-01..2024-10"),
        ("新设企业", D(8830), "户", "count", "370900", "2023-01..2023-10"),
        ("新设企业增长", D("7.7"), "%", "growth", "370900", "2024-01..2024-10"),
    ],
)

# 22 auction result: text columns, a date column, 面积（亩）, 出让年限 written with 年 in the cell
case(
    "auction_result",
    """<p>肥城市国有建设用地使用权拍卖出让结果公示</p>
<table><tr><td>地块编号</td><td>地块位置</td><td>面积（亩）</td><td>出让年限</td><td>成交价（万元）</td><td>竞得人</td><td>成交时间</td></tr>
<tr><td>FC2024-09</td><td>肥城市新城街道</td><td>45.6</td><td>40年</td><td>3,650</td><td>肥城某置业有限公司</td><td>2024-06-18</td></tr></table>""",
    "370983",
    date(2024, 6, 25),
    [
        ("面积", D("45.6"), "亩", "other", "370983", None),
        ("出让年限", D(40), "年", "other", "370983", None),
        ("成交价", D(36500000), "元", "amount", "370983", None),
    ],
)

# 23 div cards: label with a colon in a div of its own, value in the next
case(
    "div_cards_colon",
    """<h2>2024年上半年日照市市场监管工作数据</h2>
<div class="data"><div class="item"><div class="t">实有经营主体：</div><div class="v">36.8万户</div></div>
<div class="item"><div class="t">新登记经营主体：</div><div class="v">3.12万户</div></div>
<div class="item"><div class="t">同比增长：</div><div class="v">4.6%</div></div></div>""",
    "371100",
    date(2024, 7, 18),
    [
        ("实有经营主体", D(368000), "户", "count", "371100", "2024-01..2024-06"),
        ("新登记经营主体", D(31200), "户", "count", "371100", "2024-01..2024-06"),
        ("新登记经营主体增长", D("4.6"), "%", "growth", "371100", "2024-01..2024-06"),
    ],
)

# 24 province's cities: 全省 first, the unit and a footnote in rows of the table, dashes
case(
    "province_cities_rows",
    """<table border="1">
<tr><td colspan="4">2024年1-9月各市一般公共预算收入</td></tr>
<tr><th>地区</th><th>1-9月</th><th>同比增长</th><th>增速位次</th></tr>
<tr><td>全　省</td><td>5,523.6</td><td>1.6</td><td>-</td></tr>
<tr><td>济南市</td><td>898.7</td><td>2.1</td><td>5</td></tr>
<tr><td>潍坊市</td><td>526.3</td><td>—</td><td>—</td></tr>
<tr><td colspan="4">单位：亿元</td></tr>
<tr><td colspan="4">注：增速按自然口径计算。</td></tr></table>""",
    "370000",
    date(2024, 10, 30),
    [
        ("一般公共预算收入", D("552360000000"), "元", "amount", "370000", "2024-01..2024-09"),
        ("一般公共预算收入增长", D("1.6"), "%", "growth", "370000", "2024-01..2024-09"),
        ("一般公共预算收入", D("89870000000"), "元", "amount", "370100", "2024-01..2024-09"),
        ("一般公共预算收入增长", D("2.1"), "%", "growth", "370100", "2024-01..2024-09"),
        ("一般公共预算收入增速位次", D(5), "位", "rank", "370100", "2024-01..2024-09"),
        ("一般公共预算收入", D("52630000000"), "元", "amount", "370700", "2024-01..2024-09"),
    ],
)

# 25 本月 | 同比 | 累计 | 同比: each change after its own column, header with <br> and &nbsp;
case(
    "month_then_ytd_changes",
    """<p>2024年10月德州市进出口情况</p>
<table><tr><td>指&nbsp;&nbsp;标</td><td>本月<br>（亿元）</td><td>同比<br>增长</td><td>1-10月<br>（亿元）</td><td>同比<br>增长</td></tr>
<tr><td>进出口总值</td><td>41.2</td><td>-6.3</td><td>398.5</td><td>3.8</td></tr>
<tr><td>&nbsp;&nbsp;其中：出口</td><td>28.6</td><td>2.2</td><td>265.1</td><td>5.0</td></tr></table>""",
    "371400",
    date(2024, 11, 20),
    [
        ("进出口总值", D("4120000000"), "元", "amount", "371400", "2024-10"),
        ("进出口总值增长", D("-6.3"), "%", "growth", "371400", "2024-10"),
        ("进出口总值", D("39850000000"), "元", "amount", "371400", "2024-01..2024-10"),
        ("进出口总值增长", D("3.8"), "%", "growth", "371400", "2024-01..2024-10"),
        ("出口", D("2860000000"), "元", "amount", "371400", "2024-10"),
        ("出口增长", D("2.2"), "%", "growth", "371400", "2024-10"),
        ("出口", D("26510000000"), "元", "amount", "371400", "2024-01..2024-10"),
        ("出口增长", D("5.0"), "%", "growth", "371400", "2024-01..2024-10"),
    ],
)


@pytest.mark.parametrize(("name", "html", "region", "published", "expected"), CASES, ids=[c[0] for c in CASES])
def test_every_figure_of_the_table_read_right(
    name: str, html: str, region: str, published: date, expected: list[tuple]
) -> None:
    assert_every_figure_read(html, URL, region, published, expected)


@pytest.mark.parametrize(("name", "html", "region", "published", "expected"), CASES, ids=[c[0] for c in CASES])
def test_the_articles_text_adds_no_figure_of_its_own(
    name: str, html: str, region: str, published: date, expected: list[tuple]
) -> None:
    assert_text_adds_no_figure(name, html, URL, region, published)


@pytest.mark.slow  # (runs `provind extract` as a process, once a case)
def test_provind_extract_on_the_saved_pages(tmp_path: Path) -> None:
    for name, html, region, published, expected in CASES:
        path = tmp_path / f"{name}.html"
        path.write_text(html, encoding="utf-8")
        done = subprocess.run(
            [str(Path(sys.executable).parent / "provind"), "extract", str(path), "--region", region,
             "--published", published.isoformat()],
            capture_output=True, text=True, timeout=120, check=True, env=dict(os.environ),
        )  # fmt: skip
        rows = [json.loads(line) for line in done.stdout.splitlines()]
        got = sorted((D(str(r["value"])), r["unit"], r["kind"], r["region_code"], r["period"]) for r in rows)
        assert got == sorted(e[1:] for e in expected), name
