"""Round 12 of held-out-style cases: figures in tables and dashboards of any page (own examples).

Fragments as government CMS templates render them (TRS_Editor, Hanweb's `#zoom`, 数据发布 panels in
`<div>`s): dashboards of `<li><span>label</span><em>value</em><i>unit</i></li>`, `<dl>` pairs and cards,
land transfer notices and their results, price monitoring tables, 双随机 results, registrations by
district, monthly tables of 本月 | 累计 | 同比, `<th>` in `<thead>`, rowspan and colspan, units in a
caption, a header or a trailing 注：, thousands separators, empty and '—' cells, 合计 rows, per cents
in the cells. Each case lists every figure the page gives: (subject, value, unit, kind, region_code,
period). The page is read as the pipeline reads it (`observations_from_page` for its tables, the
article's text for the rest, a cell's rendering in the text dropped), and by `provind extract` once
over the three pages of one publisher (宿迁).

Of the 28 pages, 13 had figures misread or lost before this round: 61 of the 166 figures, 34 not counting
subjects (docs/places-periods-tables.md, "Round 12 (tables)").
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

URL = "http://127.0.0.1/art/2024/11/20/art_12_2024.html"

# the article's container as three families of templates write it
_WRAPS = {
    "trs": "<div class='TRS_Editor'>{}</div>",
    "hanweb": "<div class='main'><div class='content'><div id='zoom'>{}</div></div></div>",
    "div": "<div class='main-content'><div class='con'>{}</div></div>",
}


def page(body: str, wrap: str, title: str = "数据发布") -> str:
    return (
        f"<html><head><title>{title}</title></head><body><div class='nav'><a href='/'>首页</a></div>"
        f"{_WRAPS[wrap].format(body)}<div class='footer'>版权所有 主办单位：市场监督管理局</div></body></html>"
    )


CASES: list[tuple[str, str, str, date, list[tuple]]] = []


def case(name: str, html: str, region: str, published: date, expected: list[tuple], wrap: str = "trs") -> None:
    CASES.append((name, page(html, wrap), region, published, expected))


# 1 Hanweb dashboard: <li><span>label</span><em>value</em><i>unit</i></li> under a caption div
case(
    "li_span_em_i",
    """<div class="sjfb"><div class="sjfb-tit">2024年1-10月苏州市市场主体发展情况</div>
<ul class="sjfb-list">
<li><span>实有经营主体</span><em>302.15</em><i>万户</i></li>
<li><span>新登记企业</span><em>8.62</em><i>万户</i></li>
<li><span>新登记个体工商户</span><em>12,536</em><i>户</i></li>
<li><span>企业注册资本</span><em>1,234.5</em><i>亿元</i></li>
</ul></div>""",
    "320500",
    date(2024, 11, 15),
    [
        ("实有经营主体", D(3021500), "户", "count", "320500", "2024-01..2024-10"),
        ("新登记企业", D(86200), "户", "count", "320500", "2024-01..2024-10"),
        ("新登记个体工商户", D(12536), "户", "count", "320500", "2024-01..2024-10"),
        ("企业注册资本", D("123450000000"), "元", "amount", "320500", "2024-01..2024-10"),
    ],
    wrap="hanweb",
)

# 2 <dl><dt>/<dd> pairs, the unit in a <span> of the value
case(
    "dl_dt_dd_units",
    """<h4 class="title">2024年前三季度无锡市食品安全监管数据</h4>
<dl class="data"><dt>食品安全抽检</dt><dd>12,458<span>批次</span></dd>
<dt>抽检合格率</dt><dd>98.76<span>%</span></dd>
<dt>立案查处食品违法案件</dt><dd>326<span>件</span></dd></dl>""",
    "320200",
    date(2024, 10, 20),
    [
        ("食品安全抽检", D(12458), "批次", "count", "320200", "2024-01..2024-09"),
        ("抽检合格率", D("98.76"), "%", "ratio", "320200", "2024-01..2024-09"),
        ("立案查处食品违法案件", D(326), "件", "count", "320200", "2024-01..2024-09"),
    ],
    wrap="hanweb",
)

# 3 cards in divs: the figure (unit in <small>) above its label
case(
    "div_cards_number_over_label",
    """<div class="tj-box"><p class="tj-title">2024年10月常州市消费者投诉举报处理情况</p>
<div class="tj-row">
<div class="tj-card"><div class="tj-num">1,024<small>件</small></div><div class="tj-name">受理投诉</div></div>
<div class="tj-card"><div class="tj-num">99.2<small>%</small></div><div class="tj-name">按时办结率</div></div>
<div class="tj-card"><div class="tj-num">56.3<small>万元</small></div>
<div class="tj-name">为消费者挽回经济损失</div></div>
</div></div>""",
    "320400",
    date(2024, 11, 6),
    [
        ("受理投诉", D(1024), "件", "count", "320400", "2024-10"),
        ("按时办结率", D("99.2"), "%", "ratio", "320400", "2024-10"),
        ("为消费者挽回经济损失", D(563000), "元", "amount", "320400", "2024-10"),
    ],
    wrap="div",
)

# 4 land transfer notice: <thead> of <th>, units in headers, plot ratios that are no figures
case(
    "land_notice_thead",
    """<p style="text-align:center"><strong>南京市国有建设用地使用权公开出让公告</strong></p>
<p>经南京市人民政府批准，南京市规划和自然资源局决定以网上挂牌方式出让下列地块的国有建设用地使用权。现将有关事项公告如下：</p>
<p>一、出让地块的基本情况和规划指标要求</p>
<table class="MsoNormalTable" border="1"><thead><tr><th>地块编号</th><th>地块位置</th><th>出让面积（平方米）</th>
<th>土地用途</th><th>容积率</th><th>出让年限（年）</th><th>起始价（万元）</th><th>竞买保证金（万元）</th></tr></thead>
<tbody><tr><td>NO.2024G31</td><td>江宁区秣陵街道天元东路以南</td><td>35,612.48</td><td>住宅用地</td>
<td>≤2.0</td><td>70</td>
<td>126,000</td><td>25,200</td></tr>
<tr><td>NO.2024G32</td><td>浦口区江浦街道象山路以西</td><td>18,206.90</td><td>商服用地</td><td>1.0-2.5</td><td>40</td>
<td>21,850</td><td>4,370</td></tr></tbody></table>""",
    "320100",
    date(2024, 9, 10),
    [
        ("出让面积", D("35612.48"), "平方米", "other", "320115", None),
        ("出让年限", D(70), "年", "other", "320115", None),
        ("起始价", D(1260000000), "元", "amount", "320115", None),
        ("竞买保证金", D(252000000), "元", "amount", "320115", None),
        ("出让面积", D("18206.90"), "平方米", "other", "320111", None),
        ("出让年限", D(40), "年", "other", "320111", None),
        ("起始价", D(218500000), "元", "amount", "320111", None),
        ("竞买保证金", D(43700000), "元", "amount", "320111", None),
    ],
)

# 5 land result notice: 面积（㎡）, 成交价（元） with separators, the winner's name
case(
    "land_result_square_metre_sign",
    """<div class="article-con"><table width="100%" border="1" cellspacing="0">
<tr><td colspan="6" align="center">昆山市国有建设用地使用权挂牌出让结果公示</td></tr>
<tr><td>宗地编号</td><td>土地坐落</td><td>用途</td><td>面积（㎡）</td><td>成交价（元）</td><td>竞得人</td></tr>
<tr><td>昆自然资储（2024）12号</td><td>昆山市玉山镇前进西路北侧</td><td>工业用地</td><td>26,680.3</td>
<td>16,810,000</td>
<td>昆山某精密机械有限公司</td></tr>
</table></div>""",
    "320583",
    date(2024, 7, 2),
    [
        ("面积", D("26680.3"), "平方米", "other", "320583", None),
        ("成交价", D(16810000), "元", "amount", "320583", None),
    ],
    wrap="div",
)

# 6 price monitoring: unit column of prices per weight, 环比 column, dashes
case(
    "price_monitoring",
    """<p align="center">宿迁市区主要副食品价格监测表（2024年11月11日）</p>
<table border="1"><tr><td>品名</td><td>规格等级</td><td>计量单位</td><td>本期价格</td><td>上期价格</td>
<td>环比（%）</td></tr>
<tr><td>粳米</td><td>一级</td><td>元/500克</td><td>2.95</td><td>2.95</td><td>0.00</td></tr>
<tr><td>猪肉</td><td>精瘦肉</td><td>元/500克</td><td>15.80</td><td>16.20</td><td>-2.47</td></tr>
<tr><td>鸡蛋</td><td>散装鲜蛋</td><td>元/500克</td><td>4.60</td><td>—</td><td>—</td></tr></table>""",
    "321300",
    date(2024, 11, 12),
    [
        ("粳米价格", D("2.95"), "元", "amount", "321300", "2024-11"),
        ("粳米价格", D("2.95"), "元", "amount", "321300", None),
        ("粳米价格增长", D(0), "%", "growth", "321300", "2024-11"),
        ("猪肉价格", D("15.80"), "元", "amount", "321300", "2024-11"),
        ("猪肉价格", D("16.20"), "元", "amount", "321300", None),
        ("猪肉价格增长", D("-2.47"), "%", "growth", "321300", "2024-11"),
        ("鸡蛋价格", D("4.60"), "元", "amount", "321300", "2024-11"),
    ],
)

# 7 双随机 results: a list of firms (serial numbers and credit codes are no figures), then a summary
case(
    "random_inspection_results",
    """<p>义乌市市场监督管理局2024年第二批“双随机、一公开”抽查结果公示</p>
<table><thead><tr><th>序号</th><th>企业名称</th><th>统一社会信用代码</th><th>抽查事项</th><th>抽查结果</th>
</tr></thead>
<tbody><tr><td>1</td><td>义乌市某某日用品有限公司</td><td>91330782MA2EXXXX1K</td><td>产品质量</td>
<td>未发现问题</td></tr>
<tr><td>2</td><td>义乌市某某饰品商行</td><td>92330782MA2FXXXX3P</td><td>登记事项</td><td>未按规定公示年报</td></tr>
</tbody></table>
<p>抽查汇总：</p>
<table><tr><td>抽查户数（户）</td><td>发现问题户数（户）</td><td>问题发现率</td></tr><tr><td>120</td>
<td>9</td><td>7.5%</td>
</tr></table>""",
    "330782",
    date(2024, 8, 20),
    [
        ("抽查户数", D(120), "户", "count", "330782", None),
        ("发现问题户数", D(9), "户", "count", "330782", None),
        ("问题发现率", D("7.5"), "%", "ratio", "330782", None),
    ],
)

# 8 企业登记 by district: <thead>, a 合计 row, a dash, units in every header
case(
    "district_registrations_thead",
    """<p style="text-align:center"><strong>2024年上半年杭州市各区、县（市）企业登记情况</strong></p>
<table class="table"><thead><tr><th>区、县（市）</th><th>新设企业（户）</th><th>同比增长（%）</th>
<th>在册企业（户）</th>
<th>注册资本（亿元）</th></tr></thead>
<tbody><tr><td>西湖区</td><td>8,126</td><td>12.3</td><td>98,450</td><td>3,215.6</td></tr>
<tr><td>余杭区</td><td>10,532</td><td>-4.1</td><td>121,306</td><td>4,108.9</td></tr>
<tr><td>桐庐县</td><td>1,205</td><td>—</td><td>15,830</td><td>386.2</td></tr>
<tr><td>合计</td><td>19,863</td><td>3.2</td><td>235,586</td><td>7,710.7</td></tr></tbody></table>""",
    "330100",
    date(2024, 7, 15),
    [
        ("新设企业", D(8126), "户", "count", "330106", "2024-01..2024-06"),
        ("新设企业增长", D("12.3"), "%", "growth", "330106", "2024-01..2024-06"),
        ("在册企业", D(98450), "户", "count", "330106", "2024-01..2024-06"),
        ("注册资本", D("321560000000"), "元", "amount", "330106", "2024-01..2024-06"),
        ("新设企业", D(10532), "户", "count", "330110", "2024-01..2024-06"),
        ("新设企业增长", D("-4.1"), "%", "growth", "330110", "2024-01..2024-06"),
        ("在册企业", D(121306), "户", "count", "330110", "2024-01..2024-06"),
        ("注册资本", D("410890000000"), "元", "amount", "330110", "2024-01..2024-06"),
        ("新设企业", D(1205), "户", "count", "330122", "2024-01..2024-06"),
        ("在册企业", D(15830), "户", "count", "330122", "2024-01..2024-06"),
        ("注册资本", D("38620000000"), "元", "amount", "330122", "2024-01..2024-06"),
        ("新设企业", D(19863), "户", "count", "330100", "2024-01..2024-06"),
        ("新设企业增长", D("3.2"), "%", "growth", "330100", "2024-01..2024-06"),
        ("在册企业", D(235586), "户", "count", "330100", "2024-01..2024-06"),
        ("注册资本", D("771070000000"), "元", "amount", "330100", "2024-01..2024-06"),
    ],
    wrap="hanweb",
)

# 9 月度统计数据: 计量单位 column, 本月 | 累计 | 累计同比±%, a rate row with only its change, 万人
case(
    "monthly_units_column",
    """<p>2024年10月份南通市主要经济指标</p>
<table><tr><td>指标名称</td><td>计量单位</td><td>本月</td><td>累计</td><td>累计同比±%</td></tr>
<tr><td>规模以上工业增加值</td><td>%</td><td>—</td><td>—</td><td>8.2</td></tr>
<tr><td>社会消费品零售总额</td><td>亿元</td><td>312.6</td><td>3,015.4</td><td>5.3</td></tr>
<tr><td>一般公共预算收入</td><td>亿元</td><td>48.12</td><td>542.70</td><td>2.6</td></tr>
<tr><td>城镇新增就业</td><td>万人</td><td>0.86</td><td>9.52</td><td>1.9</td></tr></table>""",
    "320600",
    date(2024, 11, 18),
    [
        ("规模以上工业增加值增长", D("8.2"), "%", "growth", "320600", "2024-01..2024-10"),
        ("社会消费品零售总额", D("31260000000"), "元", "amount", "320600", "2024-10"),
        ("社会消费品零售总额", D("301540000000"), "元", "amount", "320600", "2024-01..2024-10"),
        ("社会消费品零售总额增长", D("5.3"), "%", "growth", "320600", "2024-01..2024-10"),
        ("一般公共预算收入", D("4812000000"), "元", "amount", "320600", "2024-10"),
        ("一般公共预算收入", D("54270000000"), "元", "amount", "320600", "2024-01..2024-10"),
        ("一般公共预算收入增长", D("2.6"), "%", "growth", "320600", "2024-01..2024-10"),
        ("城镇新增就业", D(8600), "人", "count", "320600", "2024-10"),
        ("城镇新增就业", D(95200), "人", "count", "320600", "2024-01..2024-10"),
        ("城镇新增就业增长", D("1.9"), "%", "growth", "320600", "2024-01..2024-10"),
    ],
)

# 10 rowspan groups in the label column (新登记 / 实有 over kinds of entity), colspan corner
case(
    "rowspan_label_groups",
    """<p>2024年1-9月徐州市经营主体登记情况</p><p>单位：户</p>
<table border="1"><tr><td colspan="2">类别</td><td>数量</td><td>同比增长（%）</td></tr>
<tr><td rowspan="3">新登记</td><td>企业</td><td>21,306</td><td>6.8</td></tr>
<tr><td>个体工商户</td><td>58,412</td><td>-2.1</td></tr>
<tr><td>农民专业合作社</td><td>312</td><td>-15.6</td></tr>
<tr><td rowspan="2">实有</td><td>企业</td><td>286,530</td><td>5.2</td></tr>
<tr><td>个体工商户</td><td>915,027</td><td>3.9</td></tr></table>""",
    "320300",
    date(2024, 10, 10),
    [
        ("新登记企业", D(21306), "户", "count", "320300", "2024-01..2024-09"),
        ("新登记企业增长", D("6.8"), "%", "growth", "320300", "2024-01..2024-09"),
        ("新登记个体工商户", D(58412), "户", "count", "320300", "2024-01..2024-09"),
        ("新登记个体工商户增长", D("-2.1"), "%", "growth", "320300", "2024-01..2024-09"),
        ("新登记农民专业合作社", D(312), "户", "count", "320300", "2024-01..2024-09"),
        ("新登记农民专业合作社增长", D("-15.6"), "%", "growth", "320300", "2024-01..2024-09"),
        ("实有企业", D(286530), "户", "count", "320300", "2024-01..2024-09"),
        ("实有企业增长", D("5.2"), "%", "growth", "320300", "2024-01..2024-09"),
        ("实有个体工商户", D(915027), "户", "count", "320300", "2024-01..2024-09"),
        ("实有个体工商户增长", D("3.9"), "%", "growth", "320300", "2024-01..2024-09"),
    ],
)

# 11 a table nested in <div>s, the unit alone in its <caption>, the title in a <p> above
case(
    "nested_divs_caption_unit",
    """<div class="wrap"><div class="con-box"><div class="tb-wrap">
<p class="tb-title">2024年一季度镇江市各辖市区消费品零售情况</p>
<table class="tb"><caption>单位：万元</caption>
<tr><th>地区</th><th>社会消费品零售总额</th><th>同比增长%</th></tr>
<tr><td>丹阳市</td><td>1,356,420</td><td>4.1</td></tr>
<tr><td>句容市</td><td>786,215</td><td>3.5</td></tr>
<tr><td>京口区</td><td>652,318</td><td>-0.8</td></tr></table></div></div></div>""",
    "321100",
    date(2024, 4, 22),
    [
        ("社会消费品零售总额", D("13564200000"), "元", "amount", "321181", "2024-01..2024-03"),
        ("社会消费品零售总额增长", D("4.1"), "%", "growth", "321181", "2024-01..2024-03"),
        ("社会消费品零售总额", D("7862150000"), "元", "amount", "321183", "2024-01..2024-03"),
        ("社会消费品零售总额增长", D("3.5"), "%", "growth", "321183", "2024-01..2024-03"),
        ("社会消费品零售总额", D("6523180000"), "元", "amount", "321102", "2024-01..2024-03"),
        ("社会消费品零售总额增长", D("-0.8"), "%", "growth", "321102", "2024-01..2024-03"),
    ],
    wrap="div",
)

# 12 a trailing 注： whose first point is the unit; dashes and slashes for missing figures
case(
    "trailing_note_numbered",
    """<p>表2 2023年扬州市各县（市、区）专利授权量</p>
<table><tr><td>地区</td><td>发明专利</td><td>实用新型</td><td>外观设计</td></tr>
<tr><td>宝应县</td><td>186</td><td>1,532</td><td>208</td></tr>
<tr><td>仪征市</td><td>235</td><td>1,804</td><td>—</td></tr>
<tr><td>高邮市</td><td>152</td><td>/</td><td>96</td></tr></table>
<p>注：1.单位：件；2.“—”表示数据暂缺。</p>""",
    "321000",
    date(2024, 3, 5),
    [
        ("发明专利", D(186), "件", "count", "321023", "2023"),
        ("实用新型", D(1532), "件", "count", "321023", "2023"),
        ("外观设计", D(208), "件", "count", "321023", "2023"),
        ("发明专利", D(235), "件", "count", "321081", "2023"),
        ("实用新型", D(1804), "件", "count", "321081", "2023"),
        ("发明专利", D(152), "件", "count", "321084", "2023"),
        ("外观设计", D(96), "件", "count", "321084", "2023"),
    ],
)

# 13 food sampling by category: percentages written with % in the cells, a 合计 row
case(
    "percent_cells_categories",
    """<p>2024年5月淮安市食品安全监督抽检结果</p>
<table><tr><th>食品类别</th><th>抽检批次</th><th>不合格批次</th><th>合格率</th></tr>
<tr><td>粮食加工品</td><td>86</td><td>0</td><td>100.00%</td></tr>
<tr><td>蔬菜制品</td><td>54</td><td>2</td><td>96.30%</td></tr>
<tr><td>合计</td><td>140</td><td>2</td><td>98.57%</td></tr></table>""",
    "320800",
    date(2024, 6, 28),
    [
        ("粮食加工品抽检批次", D(86), "批次", "count", "320800", "2024-05"),
        ("粮食加工品不合格批次", D(0), "批次", "count", "320800", "2024-05"),
        ("粮食加工品合格率", D(100), "%", "ratio", "320800", "2024-05"),
        ("蔬菜制品抽检批次", D(54), "批次", "count", "320800", "2024-05"),
        ("蔬菜制品不合格批次", D(2), "批次", "count", "320800", "2024-05"),
        ("蔬菜制品合格率", D("96.30"), "%", "ratio", "320800", "2024-05"),
        ("抽检批次", D(140), "批次", "count", "320800", "2024-05"),
        ("不合格批次", D(2), "批次", "count", "320800", "2024-05"),
        ("合格率", D("98.57"), "%", "ratio", "320800", "2024-05"),
    ],
)

# 14 an administrative penalty published as a two-column table (no statistics release)
case(
    "penalty_two_columns",
    """<p>行政处罚信息公示</p>
<table border="1"><tr><td>行政处罚决定书文号</td><td>宁市监处罚〔2024〕86号</td></tr>
<tr><td>当事人名称</td><td>南京某某餐饮管理有限公司</td></tr>
<tr><td>统一社会信用代码</td><td>91320106MA1XXXXX2B</td></tr>
<tr><td>违法行为类型</td><td>销售不符合食品安全标准的食品</td></tr>
<tr><td>罚没金额（万元）</td><td>5.126</td></tr>
<tr><td>作出处罚决定日期</td><td>2024年6月12日</td></tr></table>""",
    "320100",
    date(2024, 6, 20),
    [("罚没金额", D(51260), "元", "amount", "320100", None)],
)

# 15 dashboard items with their change in a <p> of the item (同比增长<b>5.7%</b>, 同比下降)
case(
    "li_em_i_with_change",
    """<div class="index-data"><h3>2024年1-6月宁波市主要经济指标</h3><ul>
<li><span class="name">地区生产总值</span><em>8,355.7</em><i>亿元</i><p class="zf">同比增长<b>5.7%</b></p></li>
<li><span class="name">规上工业增加值</span><em>2,156.3</em><i>亿元</i><p class="zf">同比增长<b>9.6%</b></p></li>
<li><span class="name">外贸进出口总额</span>
<em>7,009.5</em><i>亿元</i><p class="zf">同比下降<b>1.2%</b></p></li></ul></div>""",
    "330200",
    date(2024, 8, 5),
    [
        ("地区生产总值", D("835570000000"), "元", "amount", "330200", "2024-01..2024-06"),
        ("地区生产总值增长", D("5.7"), "%", "growth", "330200", "2024-01..2024-06"),
        ("规上工业增加值", D("215630000000"), "元", "amount", "330200", "2024-01..2024-06"),
        ("规上工业增加值增长", D("9.6"), "%", "growth", "330200", "2024-01..2024-06"),
        ("外贸进出口总额", D("700950000000"), "元", "amount", "330200", "2024-01..2024-06"),
        ("外贸进出口总额增长", D("-1.2"), "%", "growth", "330200", "2024-01..2024-06"),
    ],
    wrap="div",
)

# 16 months as rows (2024年1月…), the unit in brackets closing the title
case(
    "month_rows",
    """<p>2024年一季度盐城市企业登记注销情况（单位：户）</p>
<table><tr><th>月份</th><th>新登记企业</th><th>注销企业</th></tr>
<tr><td>2024年1月</td><td>2,315</td><td>806</td></tr>
<tr><td>2024年2月</td><td>1,420</td><td>512</td></tr>
<tr><td>2024年3月</td><td>3,108</td><td>935</td></tr></table>""",
    "320900",
    date(2024, 4, 10),
    [
        ("新登记企业", D(2315), "户", "count", "320900", "2024-01"),
        ("注销企业", D(806), "户", "count", "320900", "2024-01"),
        ("新登记企业", D(1420), "户", "count", "320900", "2024-02"),
        ("注销企业", D(512), "户", "count", "320900", "2024-02"),
        ("新登记企业", D(3108), "户", "count", "320900", "2024-03"),
        ("注销企业", D(935), "户", "count", "320900", "2024-03"),
    ],
)

# 17 the title across three columns and 单位：亿元 in the fourth cell of the same first row
case(
    "title_and_unit_in_first_row",
    """<table border="1">
<tr><td colspan="3" align="center">2024年1-7月泰州市各市（区）一般公共预算收入</td>
<td align="right">单位：亿元</td></tr>
<tr><td>地区</td><td>1-7月</td><td>同比增长（%）</td><td>占全市比重（%）</td></tr>
<tr><td>靖江市</td><td>36.52</td><td>3.6</td><td>16.8</td></tr>
<tr><td>泰兴市</td><td>38.10</td><td>1.2</td><td>17.5</td></tr></table>""",
    "321200",
    date(2024, 8, 16),
    [
        ("一般公共预算收入", D("3652000000"), "元", "amount", "321282", "2024-01..2024-07"),
        ("一般公共预算收入增长", D("3.6"), "%", "growth", "321282", "2024-01..2024-07"),
        ("占全市比重", D("16.8"), "%", "ratio", "321282", "2024-01..2024-07"),
        ("一般公共预算收入", D("3810000000"), "元", "amount", "321283", "2024-01..2024-07"),
        ("一般公共预算收入增长", D("1.2"), "%", "growth", "321283", "2024-01..2024-07"),
        ("占全市比重", D("17.5"), "%", "ratio", "321283", "2024-01..2024-07"),
    ],
)

# 18 cards whose labels say the period: 本月…, 本年累计…, 累计同比增长
case(
    "cards_period_in_label",
    """<div class="num-wrap"><p class="num-title">连云港市2024年11月经营主体数据</p>
<div class="num-list"><div class="item"><p class="num"><span class="count">3,256</span>户</p>
<p class="txt">本月新登记企业</p></div>
<div class="item"><p class="num"><span class="count">35,810</span>户</p><p class="txt">本年累计新登记企业</p></div>
</div></div>""",
    "320700",
    date(2024, 12, 3),
    [
        ("新登记企业", D(3256), "户", "count", "320700", "2024-11"),
        ("新登记企业", D(35810), "户", "count", "320700", "2024-01..2024-11"),
    ],
    wrap="div",
)

# 19 regions heading pairs of columns in a two-row <thead>, a 单位 column
case(
    "thead_regions_over_value_change",
    """<p>2024年1-9月金华市部分县（市）经营主体情况</p>
<table><thead><tr><th rowspan="2">指标</th><th rowspan="2">单位</th><th colspan="2">义乌市</th>
<th colspan="2">东阳市</th></tr>
<tr><th>数值</th><th>同比±%</th><th>数值</th><th>同比±%</th></tr></thead>
<tbody><tr><td>实有经营主体</td><td>万户</td><td>112.35</td><td>9.6</td><td>18.62</td><td>5.1</td></tr>
<tr><td>新设经营主体</td><td>户</td><td>186,205</td><td>12.8</td><td>26,318</td><td>-3.3</td></tr></tbody></table>""",
    "330700",
    date(2024, 10, 25),
    [
        ("实有经营主体", D(1123500), "户", "count", "330782", "2024-01..2024-09"),
        ("实有经营主体增长", D("9.6"), "%", "growth", "330782", "2024-01..2024-09"),
        ("实有经营主体", D(186200), "户", "count", "330783", "2024-01..2024-09"),
        ("实有经营主体增长", D("5.1"), "%", "growth", "330783", "2024-01..2024-09"),
        ("新设经营主体", D(186205), "户", "count", "330782", "2024-01..2024-09"),
        ("新设经营主体增长", D("12.8"), "%", "growth", "330782", "2024-01..2024-09"),
        ("新设经营主体", D(26318), "户", "count", "330783", "2024-01..2024-09"),
        ("新设经营主体增长", D("-3.3"), "%", "growth", "330783", "2024-01..2024-09"),
    ],
)

# 20 双随机 work by district: units in header brackets, a % in the cells, a justified 合　计 row
case(
    "random_inspection_by_district",
    """<p>2024年湖州市“双随机、一公开”监管工作情况统计表</p>
<table><tr><td>区县</td><td>抽查任务数（个）</td><td>抽查对象数（户）</td><td>发现问题数（户）</td>
<td>问题发现率</td></tr>
<tr><td>吴兴区</td><td>45</td><td>1,236</td><td>58</td><td>4.69%</td></tr>
<tr><td>南浔区</td><td>38</td><td>980</td><td>—</td><td>—</td></tr>
<tr><td>合　计</td><td>83</td><td>2,216</td><td>58</td><td>2.62%</td></tr></table>""",
    "330500",
    date(2024, 12, 20),
    [
        ("抽查任务数", D(45), "个", "count", "330502", "2024"),
        ("抽查对象数", D(1236), "户", "count", "330502", "2024"),
        ("发现问题数", D(58), "户", "count", "330502", "2024"),
        ("问题发现率", D("4.69"), "%", "ratio", "330502", "2024"),
        ("抽查任务数", D(38), "个", "count", "330503", "2024"),
        ("抽查对象数", D(980), "户", "count", "330503", "2024"),
        ("抽查任务数", D(83), "个", "count", "330500", "2024"),
        ("抽查对象数", D(2216), "户", "count", "330500", "2024"),
        ("发现问题数", D(58), "户", "count", "330500", "2024"),
        ("问题发现率", D("2.62"), "%", "ratio", "330500", "2024"),
    ],
)

# 21 one <dl> a figure, the unit in the <dt>'s brackets, the value bare; the caption says 截至…底
case(
    "dl_per_figure_unit_in_dt",
    """<div class="box"><div class="box-hd">截至2024年9月底绍兴市知识产权数据</div>
<dl><dt>有效发明专利（件）</dt><dd>21,530</dd></dl>
<dl><dt>有效注册商标（万件）</dt><dd>25.86</dd></dl>
<dl><dt>地理标志商标（件）</dt><dd>58</dd></dl></div>""",
    "330600",
    date(2024, 10, 12),
    [
        ("有效发明专利", D(21530), "件", "count", "330600", "2024-09"),
        ("有效注册商标", D(258600), "件", "count", "330600", "2024-09"),
        ("地理标志商标", D(58), "件", "count", "330600", "2024-09"),
    ],
    wrap="div",
)

# 22 数据发布 table of <th> labels and <td> values with units, a bare 增速 row after its figure
case(
    "th_label_td_value_rows",
    """<div class="tit">2024年1-9月宿迁市经济运行数据</div>
<table class="sjfb"><tr><th>地区生产总值</th><td>3,215.6亿元</td></tr>
<tr><th>增速</th><td>5.8%</td></tr>
<tr><th>规模以上工业增加值增速</th><td>8.9%</td></tr>
<tr><th>一般公共预算收入</th><td>203.4亿元</td></tr></table>""",
    "321300",
    date(2024, 10, 28),
    [
        ("地区生产总值", D("321560000000"), "元", "amount", "321300", "2024-01..2024-09"),
        ("地区生产总值增长", D("5.8"), "%", "growth", "321300", "2024-01..2024-09"),
        ("规模以上工业增加值增速", D("8.9"), "%", "growth", "321300", "2024-01..2024-09"),
        ("一般公共预算收入", D("20340000000"), "元", "amount", "321300", "2024-01..2024-09"),
    ],
    wrap="hanweb",
)


# 23 land result: 出让面积（公顷）, 楼面地价（元/平方米） a price, 溢价率 in per cent cells, the parcel's name
case(
    "land_result_floor_price",
    """<p>杭州市2024年第3批次国有建设用地使用权网上挂牌出让成交结果</p>
<table><thead><tr><th>地块编号</th><th>地块位置</th><th>出让面积（公顷）</th><th>成交总价（万元）</th>
<th>楼面地价（元/平方米）</th><th>溢价率</th><th>竞得单位</th></tr></thead>
<tbody><tr><td>萧政储出〔2024〕31号</td><td>萧山区宁围街道宁新村</td><td>3.2156</td><td>186,500</td>
<td>23,210</td><td>12.35%</td><td>杭州某房地产开发有限公司</td></tr></tbody></table>""",
    "330100",
    date(2024, 9, 3),
    [
        ("出让面积", D("3.2156"), "公顷", "other", "330109", "2024"),
        ("成交总价", D(1865000000), "元", "amount", "330109", "2024"),
        ("楼面地价", D(23210), "元", "amount", "330109", "2024"),
        ("溢价率", D("12.35"), "%", "ratio", "330109", "2024"),
    ],
    wrap="hanweb",
)

# 24 regions as columns, kinds of entity as rows, the measure in the title, 单位 in a paragraph
case(
    "regions_columns_entity_rows",
    """<p>2024年10月宿迁市各县区新登记经营主体情况表</p><p style="text-align:right">单位：户</p>
<table><tr><td>类型</td><td>沭阳县</td><td>泗阳县</td><td>宿城区</td><td>全市</td></tr>
<tr><td>企业</td><td>1,025</td><td>612</td><td>893</td><td>3,110</td></tr>
<tr><td>个体工商户</td><td>2,310</td><td>1,406</td><td>1,980</td><td>7,018</td></tr></table>""",
    "321300",
    date(2024, 11, 8),
    [
        ("新登记企业", D(1025), "户", "count", "321322", "2024-10"),
        ("新登记企业", D(612), "户", "count", "321323", "2024-10"),
        ("新登记企业", D(893), "户", "count", "321302", "2024-10"),
        ("新登记企业", D(3110), "户", "count", "321300", "2024-10"),
        ("新登记个体工商户", D(2310), "户", "count", "321322", "2024-10"),
        ("新登记个体工商户", D(1406), "户", "count", "321323", "2024-10"),
        ("新登记个体工商户", D(1980), "户", "count", "321302", "2024-10"),
        ("新登记个体工商户", D(7018), "户", "count", "321300", "2024-10"),
    ],
)

# 25 本月 | 上年同期 | 同比增减（%）, units in the row labels' brackets
case(
    "month_last_year_change",
    """<p>2024年9月无锡市消费者投诉举报情况</p>
<table><tr><th>项目</th><th>本月</th><th>上年同期</th><th>同比增减（%）</th></tr>
<tr><td>投诉（件）</td><td>3,512</td><td>3,106</td><td>13.1</td></tr>
<tr><td>举报（件）</td><td>806</td><td>921</td><td>-12.5</td></tr>
<tr><td>挽回经济损失（万元）</td><td>215.6</td><td>198.2</td><td>8.8</td></tr></table>""",
    "320200",
    date(2024, 10, 9),
    [
        ("投诉", D(3512), "件", "count", "320200", "2024-09"),
        ("投诉", D(3106), "件", "count", "320200", "2023-09"),
        ("投诉增长", D("13.1"), "%", "growth", "320200", "2024-09"),
        ("举报", D(806), "件", "count", "320200", "2024-09"),
        ("举报", D(921), "件", "count", "320200", "2023-09"),
        ("举报增长", D("-12.5"), "%", "growth", "320200", "2024-09"),
        ("挽回经济损失", D(2156000), "元", "amount", "320200", "2024-09"),
        ("挽回经济损失", D(1982000), "元", "amount", "320200", "2023-09"),
        ("挽回经济损失增长", D("8.8"), "%", "growth", "320200", "2024-09"),
    ],
)

# 26 a table of cards, the figure above its label in each cell (数据发布 of a district)
case(
    "td_cards_value_over_label",
    """<div class="sjfb-title">2024年1-11月吴中区市场监管数据</div>
<table class="sjfb"><tr><td><p class="num">5,632<span>户</span></p><p class="name">新登记企业</p></td>
<td><p class="num">2,418<span>批次</span></p><p class="name">食品抽检</p></td>
<td><p class="num">98.9<span>%</span></p><p class="name">抽检合格率</p></td></tr></table>""",
    "320506",
    date(2024, 12, 5),
    [
        ("新登记企业", D(5632), "户", "count", "320506", "2024-01..2024-11"),
        ("食品抽检", D(2418), "批次", "count", "320506", "2024-01..2024-11"),
        ("抽检合格率", D("98.9"), "%", "ratio", "320506", "2024-01..2024-11"),
    ],
    wrap="hanweb",
)

# 27 a composition table: 数量（户） and 占比 with % in the cells, 合计 of 100%
case(
    "composition_shares",
    """<p>截至2024年6月底常州市各类经营主体构成</p>
<table><tr><th>类型</th><th>数量（户）</th><th>占比</th></tr>
<tr><td>企业</td><td>312,506</td><td>30.2%</td></tr>
<tr><td>个体工商户</td><td>718,230</td><td>69.4%</td></tr>
<tr><td>合计</td><td>1,030,736</td><td>100%</td></tr></table>""",
    "320400",
    date(2024, 7, 12),
    [
        ("企业", D(312506), "户", "count", "320400", "2024-06"),
        ("企业占比", D("30.2"), "%", "ratio", "320400", "2024-06"),
        ("个体工商户", D(718230), "户", "count", "320400", "2024-06"),
        ("个体工商户占比", D("69.4"), "%", "ratio", "320400", "2024-06"),
        ("经营主体", D(1030736), "户", "count", "320400", "2024-06"),
        ("经营主体占比", D(100), "%", "ratio", "320400", "2024-06"),
    ],
)

# 28 a notice laid out as label：value paragraphs, not a statistics release
case(
    "notice_label_paragraphs",
    """<p>关于2024年第三季度食品安全监督抽检情况的通告</p>
<p>抽检批次：1,286批次</p><p>不合格批次：15批次</p><p>合格率：98.83%</p>""",
    "321000",
    date(2024, 10, 15),
    [
        ("抽检批次", D(1286), "批次", "count", "321000", "2024-07..2024-09"),
        ("不合格批次", D(15), "批次", "count", "321000", "2024-07..2024-09"),
        ("合格率", D("98.83"), "%", "ratio", "321000", "2024-07..2024-09"),
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


@pytest.mark.slow  # (runs `provind extract` as a process, once over the pages of one publisher)
def test_provind_extract_on_the_saved_pages(tmp_path: Path) -> None:
    # 宿迁's pages: a price table of a day, a 数据发布 table of <th> labels, regions as columns
    region, published = "321300", date(2024, 11, 12)
    pages = {name: (html, expected) for name, html, code, _, expected in CASES if code == region}
    assert len(pages) >= 3
    for name, (html, _) in pages.items():
        (tmp_path / f"{name}.html").write_text(html, encoding="utf-8")
    done = subprocess.run(
        [str(Path(sys.executable).parent / "provind"), "extract", *(str(tmp_path / f"{n}.html") for n in pages),
         "--region", region, "--published", published.isoformat()],
        capture_output=True, text=True, timeout=120, check=True, env=dict(os.environ),
    )  # fmt: skip
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    for name, (_, expected) in pages.items():
        got = [
            (D(str(r["value"])), r["unit"], r["kind"], r["region_code"], r["period"])
            for r in rows
            if r["doc"] == f"{name}.html"
        ]
        assert sorted(got, key=repr) == sorted((e[1:] for e in expected), key=repr), name
