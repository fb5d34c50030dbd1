"""Dashboards whose figures live in a `<script>`: ECharts options and `{name, value, unit}` records.

Own examples of what statistics bureaus' data pages put in their scripts: a bar chart of cities
with the unit on its value axis, a line chart of months on two axes (亿元 and %), an option whose
categories are a variable of the script, a pie of `{name, value}` items, record arrays in JS
(single quotes, unquoted keys, trailing commas, comments) and in JSON. Scripts that are no data
(libraries, counters, JSON-LD), garbled ones and huge ones give nothing and raise nothing.
"""

from __future__ import annotations

import random
import time
from datetime import date
from decimal import Decimal

from bs4 import BeautifulSoup

from provind.stats import observations_from_page
from provind.stats.js_literals import literals, parse
from provind.stats.tables import observations_from_soup

PUBLISHED = date(2024, 10, 12)


def _page(script: str, title: str = "数据发布", attrs: str = "") -> str:
    return (
        f"<html><head><title>{title}</title></head><body><div id='chart' style='height:400px'></div>"
        f"<script{attrs}>{script}</script></body></html>"
    )


def _rows(page: str, region_code: str = "370000") -> list[dict]:
    return observations_from_page(
        page.encode(), "http://127.0.0.1/d.html", "text/html", published=PUBLISHED, region_code=region_code
    )


def _figures(rows: list[dict]) -> set[tuple]:
    return {(r["subject"], r["value"], r["unit"], r["kind"], r["region_code"], r["period"]) for r in rows}


BAR_OF_CITIES = _page("""
    var myChart = echarts.init(document.getElementById('chart'));
    var option = {
        title: { text: '2023年各市地区生产总值', left: 'center' },
        tooltip: { trigger: 'axis', formatter: function (params) {
            return params[0].name + '：' + params[0].value + '亿元';
        } },
        xAxis: { type: 'category', data: ['济南市', '青岛市', '淄博市'], axisLabel: { rotate: 45 } },
        yAxis: { type: 'value', name: '单位：亿元' },
        series: [{
            name: '地区生产总值', type: 'bar', barWidth: '40%',
            itemStyle: { color: new echarts.graphic.LinearGradient(0, 0, 0, 1, [{ offset: 0, color: '#83bff6' }]) },
            data: [12757.4, 15760.3, 4561.8],
        }],
    };
    myChart.setOption(option);
""")


def test_a_bar_chart_of_cities_places_each_bar_and_takes_the_axis_unit() -> None:
    assert _figures(_rows(BAR_OF_CITIES)) == {
        ("地区生产总值", Decimal(1275740000000), "元", "amount", "370100", "2023"),
        ("地区生产总值", Decimal(1576030000000), "元", "amount", "370200", "2023"),
        ("地区生产总值", Decimal(456180000000), "元", "amount", "370300", "2023"),
    }


def test_a_line_chart_of_months_on_two_axes() -> None:
    page = _page(
        """
        option = {
          title: [{ text: '2024年潍坊市规模以上工业增加值' }],
          legend: { data: ['工业增加值', '增速'] },
          xAxis: [{ type: 'category', data: ['6月', '7月', '8月'] }],
          yAxis: [{ type: 'value', name: '亿元' }, { type: 'value', axisLabel: { formatter: '{value} %' } }],
          series: [
            { name: '工业增加值', type: 'bar', data: [512.3, 498.6, '-'] },
            { name: '增速', type: 'line', yAxisIndex: 1, data: [{ value: 6.1 }, { value: 5.8 }, { value: -0.4 }] }
          ]
        };
        chart.setOption(option);
        """,
        title="潍坊市统计局",
    )
    assert _figures(_rows(page)) == {
        ("工业增加值", Decimal(51230000000), "元", "amount", "370700", "2024-06"),
        ("工业增加值", Decimal(49860000000), "元", "amount", "370700", "2024-07"),
        # a series named by a bare 增速 measures what the chart's title names
        ("规模以上工业增加值增长", Decimal("6.1"), "%", "growth", "370700", "2024-06"),
        ("规模以上工业增加值增长", Decimal("5.8"), "%", "growth", "370700", "2024-07"),
        ("规模以上工业增加值增长", Decimal("-0.4"), "%", "growth", "370700", "2024-08"),
    }


def test_the_unit_a_formatter_writes_after_the_value() -> None:
    page = _page(
        """
        option = {
          title: { text: '2023年各县（市、区）一般公共预算收入' },
          tooltip: { trigger: 'axis', formatter: '{b}<br/>{a}：{c}亿元' },
          yAxis: { type: 'category', data: ['泰山区', '岱岳区', '新泰市'] },
          xAxis: { type: 'value' },
          series: [{ name: '一般公共预算收入', type: 'bar', data: [21.3, 30.5, 28.7] },
                   { name: '增速', type: 'bar', label: { show: true, formatter: '{c}%' }, data: [3.1, -2.4, 5.0] }]
        };
        """
    )
    got = _figures(_rows(page, "370900"))
    assert ("一般公共预算收入", Decimal(2130000000), "元", "amount", "370902", "2023") in got
    assert ("一般公共预算收入增长", Decimal("-2.4"), "%", "growth", "370911", "2023") in got
    assert len(got) == 6


def test_categories_and_values_kept_in_variables_of_the_script() -> None:
    page = _page("""
        var years = [2021, 2022, 2023];  // years as numbers
        var gdp = [8711.8, 9515.9, 10162.5];
        var option = {
          title: { text: '烟台市地区生产总值（亿元）' },
          xAxis: { data: years }, yAxis: {},
          series: [{ name: '地区生产总值', type: 'line', data: gdp }]
        };
    """)
    got = _figures(_rows(page))
    assert ("地区生产总值", Decimal(871180000000), "元", "amount", "370600", "2021") in got
    assert ("地区生产总值", Decimal(1016250000000), "元", "amount", "370600", "2023") in got
    assert len(got) == 3


def test_a_pie_of_name_value_items_takes_the_unit_in_the_series_name() -> None:
    page = _page(
        """
        myChart.setOption({
          title: { text: '2024年9月末日照市经营主体构成' },
          series: [{ name: '经营主体（万户）', type: 'pie', radius: '55%',
                     data: [{ value: 12.6, name: '企业' }, { value: 30.2, name: '个体工商户' },
                            { value: 0.4, name: '农民专业合作社' }] }]
        });
        """
    )
    got = _figures(_rows(page))
    assert ("企业经营主体", Decimal(126000), "户", "count", "371100", "2024-09") in got
    assert ("个体工商户经营主体", Decimal(302000), "户", "count", "371100", "2024-09") in got
    assert len(got) == 3


def test_records_in_a_variable_that_a_chart_uses_are_read_once() -> None:
    page = _page(
        """
        var pieData = [{name: '企业', value: 12.6, unit: '万户'}, {name: '个体工商户', value: 30.2, unit: '万户'}];
        chart.setOption({title: {text: '2024年9月末日照市经营主体构成'},
                         series: [{name: '经营主体', type: 'pie', data: pieData}]});
        """
    )
    got = [(r["subject"], r["value"]) for r in _rows(page)]
    assert sorted(got) == [("个体工商户经营主体", Decimal(302000)), ("企业经营主体", Decimal(126000))]


def test_js_records_with_single_quotes_comments_and_trailing_commas() -> None:
    page = _page(
        """
        // 首页核心指标
        var data = [
          {name:'地区生产总值', value: 1234.5, unit:'亿元'},  /* 前三季度 */
          {name:'规上工业增加值增速', value: '6.2', unit:'%'},
          {name:'实有经营主体', value: 48.6, unit:'万户', },
        ];
        renderCards(data);
        """,
        title="2024年前三季度聊城市经济运行情况",
    )
    assert _figures(_rows(page)) == {
        ("地区生产总值", Decimal(123450000000), "元", "amount", "371500", "2024-01..2024-09"),
        ("规上工业增加值增速", Decimal("6.2"), "%", "growth", "371500", "2024-01..2024-09"),
        ("实有经营主体", Decimal(486000), "户", "count", "371500", "2024-01..2024-09"),
    }


def test_json_records_with_a_time_field() -> None:
    page = _page(
        '{"list": [{"zbmc": "社会消费品零售总额", "value": "3120.4", "dw": "亿元", "sj": "2024年1-8月"},'
        ' {"zbmc": "一般公共预算收入", "value": 412.7, "dw": "亿元", "sj": "2024年1-8月"}]}',
        attrs=" type='application/json' id='page-data'",
    )
    assert _figures(_rows(page, "370200")) == {
        ("社会消费品零售总额", Decimal(312040000000), "元", "amount", "370200", "2024-01..2024-08"),
        ("一般公共预算收入", Decimal(41270000000), "元", "amount", "370200", "2024-01..2024-08"),
    }


def test_an_echarts_dataset_source_is_a_table_as_written() -> None:
    page = _page(
        """
        var option = {
          title: { text: '2024年1-8月东营市主要指标' },
          dataset: { source: [
            ['product', '1-8月', '同比增长(%)'],
            ['一般公共预算收入（亿元）', 168.2, 4.1],
            ['社会消费品零售总额（亿元）', 710.5, 5.3]
          ] },
          xAxis: { type: 'category' }, yAxis: {},
          series: [{ type: 'bar' }, { type: 'line' }]
        };
        """
    )
    assert _figures(_rows(page)) == {
        ("一般公共预算收入", Decimal(16820000000), "元", "amount", "370500", "2024-01..2024-08"),
        ("一般公共预算收入增长", Decimal("4.1"), "%", "growth", "370500", "2024-01..2024-08"),
        ("社会消费品零售总额", Decimal(71050000000), "元", "amount", "370500", "2024-01..2024-08"),
        ("社会消费品零售总额增长", Decimal("5.3"), "%", "growth", "370500", "2024-01..2024-08"),
    }


def test_json_written_into_a_string_for_json_parse() -> None:
    page = _page(
        'var cards = JSON.parse(\'[{"name":"新登记经营主体","value":"2.3","unit":"万户"},'
        '{"name":"实有经营主体","value":"41.7","unit":"万户"}]\');',
        title="2024年上半年滨州市经营主体发展情况",
    )
    assert _figures(_rows(page)) == {
        ("新登记经营主体", Decimal(23000), "户", "count", "371600", "2024-01..2024-06"),
        ("实有经营主体", Decimal(417000), "户", "count", "371600", "2024-01..2024-06"),
    }


def test_a_records_time_field_dates_it_but_an_update_day_does_not() -> None:
    page = _page(
        "var list = [{name: '地区生产总值', value: 9515.9, unit: '亿元', year: 2022},"
        " {name: '社会消费品零售总额', value: 3120.4, unit: '亿元', date: '2024-08'},"
        " {name: '实有经营主体', value: 98.2, unit: '万户', time: '2024-09-30'}];",
        title="烟台市数据看板",
    )
    got = {r["subject"]: r["period"] for r in _rows(page)}
    assert got == {"地区生产总值": "2022", "社会消费品零售总额": "2024-08", "实有经营主体": None}


def test_scripts_that_are_no_data_give_nothing() -> None:
    page = (
        "<html><head><title>首页</title>"
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "全市经济运行", "wordCount": 1234}'
        "</script><script src='/js/jquery.min.js'></script></head><body>"
        "<script>var _hmt = _hmt || []; (function() { var hm = document.createElement('script'); "
        "hm.src = 'https://hm.baidu.com/hm.js?abc'; })();</script>"
        "<script>var stats = [{name:'今日访问量', value: 1234, unit:'次'}, {name:'累计浏览', value: 98765, unit:'次'}];"
        "var menu = [{name:'首页', url:'/'}, {name:'政务公开', url:'/zwgk'}];"
        "var nums = [{name:'办件数量', value: 12}, {name:'好评数', value: 30}];</script></body></html>"
    )
    assert _rows(page) == []


def test_garbled_scripts_raise_nothing_and_make_no_figures() -> None:
    for script in (
        "var data = [{name:'地区生产总值', value: 1234.5, unit:'亿元'",  # never closed
        "var data = [{name:'地区生产总值', value: 12 + 3, unit:'亿元'}, {name:'财政收入', value: x * 2, unit:'亿元'}];",
        "var data = [{name:`${city}生产总值`, value: 1, unit:'亿元'}, {name:`b`, value: 2}];",
        "option = {series: [{name: '增速', data: [1, 2]}], xAxis: {data: ['1月']}};",  # lengths differ
        "var a = {{{[[[(((",
        "var s = '\\u00zz'; var b = [}];",
        "var d = [{name:'地区生产总值', value: 1e999999999, unit:'亿元'},"
        " {name:'财政收入', value: -1e-99999, unit:'亿元'}];",
    ):
        assert _rows(_page(script)) == []


def test_code_in_a_literal_is_never_a_figure_or_a_label() -> None:
    page = _page(
        """
        var data = [
          {name: '地区生产总值', value: 1234.5, unit: '亿元'},
          {name: function () { return '一般公共预算收入'; }, value: 412.7, unit: '亿元'},
          {name: getName('社会消费品零售总额'), value: 3120.4, unit: '亿元'},
          {name: city + '固定资产投资', value: 5.1, unit: '亿元'},
          {name: `${city}进出口总额`, value: 6.3, unit: '亿元'},
          {name: '规上工业增加值', value: function () { return 6.2; }, unit: '亿元'},
          {name: '新登记经营主体', value: () => 2.3, unit: '万户'},
          {name: '实有经营主体', value: 48.6, unit: '万户'},
        ];
        """,
        title="2024年前三季度聊城市经济运行情况",
    )
    assert {r["subject"] for r in _rows(page)} == {"地区生产总值", "实有经营主体"}
    # what chompjs copies into a string when a value is code: a bare name stays its name
    assert parse("{f: (x) => x * 2, g: new Date(2024, 0, 1), h: getName('地区'), i: months, j: NaN}") == {
        "f": None,
        "g": None,
        "h": None,
        "i": "months",
        "j": None,
    }


def test_a_garbled_200_kb_script_gives_nothing_and_raises_nothing() -> None:
    # literals never closed, quotes running over their lines (escaped ones: a string opened at
    # each would be read to the line's end again), comments left open: linear work all the same
    rng = random.Random(7)
    pieces = ["var d = [{name:'地区生产总值', value: [", "{a:'\\", "'\\'", "/*", "`", "((", "data: x,"]
    pieces += ["JSON.parse('[", "\n", "\\\n", "x = {", "]", "}", '"', "//", "function(){", "a.b(", "${"]
    garbled = "".join(rng.choice(pieces) for _ in range(40_000))
    escaped_quotes = "var t = '地区生产总值';\nvar d = ['" + "\\'" * 100_000
    for script in (garbled, escaped_quotes):
        assert len(script) >= 200_000
        assert _rows(_page(script)) == []
    assert literals(escaped_quotes) == []


def test_a_huge_script_is_skipped_quickly() -> None:
    items = ",".join(f"{{name:'指标{i}', value: {i}.5, unit:'亿元'}}" for i in range(120_000))
    page = _page(f"var data = [{items}];")
    assert len(page) > 2_000_000
    started = time.perf_counter()
    assert _rows(page) == []
    assert time.perf_counter() - started < 10


def test_a_table_beside_the_chart_drawn_from_the_same_data_counts_once() -> None:
    page = BAR_OF_CITIES.replace(
        "<div id='chart'",
        "<h3>2023年各市地区生产总值</h3><table><tr><th>城市</th><th>地区生产总值（亿元）</th></tr>"
        "<tr><td>济南市</td><td>12757.4</td></tr><tr><td>青岛市</td><td>15760.3</td></tr>"
        "<tr><td>淄博市</td><td>4561.8</td></tr></table><div id='chart'",
    )
    rows = _rows(page)
    assert len(rows) == 3 and all(r["quote"] in ("12757.4", "15760.3", "4561.8") for r in rows)
    assert _figures(rows) == _figures(_rows(BAR_OF_CITIES))


def test_the_cli_path_reads_the_same_figures() -> None:
    cli = observations_from_soup(BeautifulSoup(BAR_OF_CITIES, "lxml"), published=PUBLISHED, region_code="370000")
    assert _figures(cli) == _figures(_rows(BAR_OF_CITIES))


def test_js_literals_convert_without_running_anything() -> None:
    assert parse("{a: 'x\\'y', 'b': [1, .5, -2e3,], c: undefined, d: function () { return 1; }}") == {
        "a": "x'y",
        "b": [Decimal(1), Decimal("0.5"), Decimal("-2E+3")],
        "c": None,
        "d": None,
    }
    # a literal read through a reference is not read again on its own
    assert literals("var xs = ['1月', '2月']; var o = {x: {data: xs}};") == [{"x": {"data": ["1月", "2月"]}}]
    assert literals("alert(document.cookie); window.location = '/';") == []
