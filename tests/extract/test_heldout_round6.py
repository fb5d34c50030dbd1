"""Held-out-style sentences, round 6: new sentences for each class of the issue.

Written for this round (not taken from the corpus or other tests), in the styles of bureaus of
several provinces, cities and counties, each checked against GUIDE.md: what counts, its value,
unit and kind, its region, its period, whether it is a target, and what it measures.
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.extract.helpers import mentions, one


def _fields(found: list[dict], *names: str) -> list[tuple]:
    return [tuple(str(m[n]) if n == "value" else m[n] for n in names) for m in found]


# ------------------------------------------------------------------ label：value panels and label lines


def test_a_panel_under_a_caption_with_a_unit_note_and_labels_with_their_own_units() -> None:
    text = (
        "2024年1-10月芜湖市市场监管主要数据\n单位：户\n新登记企业：8652\n新登记个体工商户：\n21430\n"
        "实有经营主体总量（万户）：\n52.6\n"
    )
    found = mentions(text, region="340000", published=date(2024, 11, 12))
    assert _fields(found, "subject", "value", "unit", "kind") == [
        ("新登记企业", "8652", "户", "count"),
        ("新登记个体工商户", "21430", "户", "count"),
        ("实有经营主体总量", "526000", "户", "count"),
    ]
    assert {(m["region_code"], m["period"]) for m in found} == {("340200", "2024-01..2024-10")}
    # flows and the stock stay apart
    assert [m["indicator"] for m in found] == ["new_market_entities", "new_market_entities", "market_entities"]


def test_a_label_line_without_a_colon_names_the_value_on_the_line_below() -> None:
    found = mentions(
        "全市实有经营主体\n142.3万户\n新登记企业（户）\n8652\n食品抽检合格率\n98.6%\n",
        region="370600",
        published=date(2024, 7, 5),
    )
    assert _fields(found, "subject", "value", "unit", "kind") == [
        ("全市实有经营主体", "1423000", "户", "count"),
        ("新登记企业", "8652", "户", "count"),
        ("食品抽检合格率", "98.6", "%", "ratio"),
    ]
    assert [m["indicator"] for m in found] == ["market_entities", "new_market_entities", "food_sampling_pass_rate"]


def test_a_caption_over_label_lines_without_colons_places_and_dates_them_all() -> None:
    found = mentions(
        "2024年上半年德州市主要指标\n地区生产总值\n1632.5亿元\n同比增长（%）\n5.8\n",
        region="370000",
        published=date(2024, 7, 18),
    )
    assert _fields(found, "value", "unit", "kind", "region_code", "period") == [
        ("163250000000", "元", "amount", "371400", "2024-01..2024-06"),
        ("5.8", "%", "growth", "371400", "2024-01..2024-06"),
    ]


def test_two_cell_table_rows_under_a_caption_and_a_header_row() -> None:
    text = (
        "2024年1-6月烟台市主要指标\n指标\t数值\n新登记企业（户）\t1256\n实有经营主体\t52.6万户\n"
        "食品抽检合格率（%）\t98.2\n"
    )
    found = mentions(text, region="370000", published=date(2024, 7, 5))
    assert _fields(found, "subject", "value", "unit", "kind", "indicator") == [
        ("新登记企业", "1256", "户", "count", "new_market_entities"),
        ("实有经营主体", "526000", "户", "count", "market_entities"),
        ("食品抽检合格率", "98.2", "%", "ratio", "food_sampling_pass_rate"),
    ]
    assert {(m["region_code"], m["period"]) for m in found} == {("370600", "2024-01..2024-06")}


def test_a_tables_columns_date_its_cells_and_a_percent_column_is_a_growth() -> None:
    text = (
        "2024年1-9月烟台市经营主体发展情况\n指标\t本月\t1-9月累计\t同比增长（%）\n"
        "新登记企业（户）\t1256\t10322\t8.6\n新登记个体工商户（户）\t3120\t28650\t-2.1\n"
    )
    found = mentions(text, region="370000", published=date(2024, 10, 10))
    assert _fields(found, "subject", "value", "unit", "kind", "period") == [
        ("新登记企业", "1256", "户", "count", "2024-09"),
        ("新登记企业", "10322", "户", "count", "2024-01..2024-09"),
        ("新登记企业", "8.6", "%", "growth", "2024-01..2024-09"),
        ("新登记个体工商户", "3120", "户", "count", "2024-09"),
        ("新登记个体工商户", "28650", "户", "count", "2024-01..2024-09"),
        ("新登记个体工商户", "-2.1", "%", "growth", "2024-01..2024-09"),
    ]
    assert {m["region_code"] for m in found} == {"370600"}


def test_a_last_year_column_and_the_tables_unit_note() -> None:
    text = (
        "2024年上半年全省市场监管主要数据\n单位：件\n项目\t本期\t上年同期\n"
        "受理投诉举报\t52630\t48120\n查办案件\t8620\t9130\n"
    )
    found = mentions(text, region="620000", published=date(2024, 7, 10))
    assert _fields(found, "value", "unit", "period", "indicator") == [
        ("52630", "件", "2024-01..2024-06", "complaints_handled"),
        ("48120", "件", "2023-01..2023-06", "complaints_handled"),
        ("8620", "件", "2024-01..2024-06", "cases_investigated"),
        ("9130", "件", "2023-01..2023-06", "cases_investigated"),
    ]


def test_a_growth_after_a_labelled_value_and_labels_spaced_from_their_values() -> None:
    found = mentions(
        "一、经营主体\n全市实有经营主体：86.3万户，同比增长6.2%\n其中：企业 21.6万户\n个体工商户 63.2万户\n",
        region="370200",
        published=date(2024, 7, 10),
    )
    assert _fields(found, "subject", "value", "kind") == [
        ("实有经营主体", "863000", "count"),
        ("实有经营主体增长", "6.2", "growth"),
        ("企业", "216000", "count"),
        ("个体工商户", "632000", "count"),
    ]


def test_a_label_opening_on_its_time_is_dated_by_it_and_keeps_it_out_of_the_subject() -> None:
    text = (
        "烟台市主要指标\n1-9月新登记企业（户）：8652\n9月末实有经营主体（万户）：52.6\n"
        "2023年地区生产总值（亿元）：10162.5\n"
    )
    found = mentions(text, region="370000", published=date(2024, 10, 12))
    assert _fields(found, "subject", "value", "region_code", "period") == [
        ("新登记企业", "8652", "370600", "2024-01..2024-09"),
        ("实有经营主体", "526000", "370600", "2024-09"),
        ("地区生产总值", "1016250000000", "370600", "2023"),
    ]
    m = one("1-9月新登记企业\n8652户\n", region="370600", published=date(2024, 10, 12))
    assert (m["subject"], m["period"]) == ("新登记企业", "2024-01..2024-09")


def test_a_short_line_of_prose_under_a_heading_is_no_label_and_value() -> None:
    m = one("表彰名单\n3家企业获评先进\n", region="420100", published=date(2024, 7, 5))
    assert (str(m["value"]), m["unit"]) == ("3", "家")
    assert m["subject"] != "表彰名单"


def test_a_label_per_ten_thousand_people_is_a_density_and_the_caption_dates_it() -> None:
    text = "2023年洛阳市知识产权主要指标\n有效发明专利（件）：9864\n每万人口高价值发明专利拥有量（件）：5.1\n"
    found = mentions(text, region="410000", published=date(2024, 2, 5))
    assert _fields(found, "value", "unit", "kind", "indicator") == [
        ("9864", "件", "count", "valid_invention_patents"),
        ("5.1", "件/万人", "density", "high_value_patents_per_10k"),
    ]
    assert {(m["region_code"], m["period"]) for m in found} == {("410300", "2023")}


def test_labels_with_the_unit_in_brackets_and_no_caption_are_the_publishers() -> None:
    found = mentions("食品抽检合格率（%）：98.6\n查办案件数（件）：1523\n", region="320500", published=date(2024, 9, 5))
    assert _fields(found, "subject", "value", "unit", "kind", "region_code") == [
        ("食品抽检合格率", "98.6", "%", "ratio", "320500"),
        ("查办案件数", "1523", "件", "count", "320500"),
    ]


# ------------------------------------------------------------------ ordinals, clock times, ranks


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("第三届长三角市场监管联席会议于10月18日召开，会上签约合作项目15个。", "15", "个"),
        ("在第5次全省抽检中，全市共抽检样品836批次。", "836", "批次"),
        ("公布第3批省级放心消费示范单位，共认定示范单位85家。", "85", "家"),
        ("第十五届中国（合肥）国际食品博览会期间，抽检食品样品360批次。", "360", "批次"),
        ("投诉热线服务时间为9:30-11:30、14:30—17:00，上半年共接听来电8620个。", "8620", "个"),
        ("10月8日上午10时至12时，执法人员检查商户42家。", "42", "家"),
        ("活动时间为9时至17时，累计接待群众咨询1300余人次。", "1300", "人次"),
        ("上午9点30分，检查组进驻企业，当天共检查生产线12条。", "12", "条"),
    ],
)
def test_ordinals_and_clock_times_are_no_figures(text: str, value: str, unit: str) -> None:
    m = one(text, region="340100", published=date(2024, 10, 20))
    assert (str(m["value"]), m["unit"], m["kind"]) == (value, unit, "count")


def test_the_ordinal_of_a_milestone_is_no_rank() -> None:
    m = one("全省第1000万户经营主体在我市诞生，全市经营主体达120万户。", region="370200", published=date(2024, 10, 10))
    assert (str(m["value"]), m["unit"], m["kind"]) == ("1200000", "户", "count")


def test_a_clock_range_before_a_signing_leaves_the_count_and_the_sum() -> None:
    found = mentions("10:00—11:30举行签约仪式，现场签约项目16个，总金额48.6亿元。", region="510100")
    assert _fields(found, "value", "unit", "kind") == [("16", "个", "count"), ("4860000000", "元", "amount")]


@pytest.mark.parametrize(
    ("text", "published", "period"),
    [
        ("在全省营商环境评价中，我市位列第3位。", date(2024, 2, 6), "2023"),  # published after the year judged
        ("在全省营商环境评价中，我市位列第3位。", date(2024, 8, 6), "2024"),
        ("全年力争新增经营主体5万户。在全省营商环境评价中，我市位列第3位。", date(2024, 2, 6), "2024"),  # a plan's
        ("企业年报率96.95%，全省第1。", date(2024, 2, 6), "2024"),  # beside a figure: that figure's time
    ],
)
def test_a_rank_naming_no_time_early_in_the_year_is_last_years(text: str, published: date, period: str) -> None:
    assert mentions(text, region="350500", published=published)[-1]["period"] == period


def test_a_rank_in_a_review_published_early_next_year_is_last_years() -> None:
    found = mentions(
        "在2023年度全省市场监管综合考核中，我市位列第4位。",
        region="341100",
        published=date(2024, 2, 20),
    )
    assert _fields(found, "value", "unit", "kind", "period", "indicator") == [
        ("4", "位", "rank", "2023", "rank_provincial")
    ]


# ------------------------------------------------------------------ places


@pytest.mark.parametrize(
    ("text", "region", "code"),
    [
        ("河北省石家庄市长安区新增市场主体2100户。", "100000", "130102"),  # not 西安市长安区
        ("广州市越秀区新增市场主体8600户。", "440000", "440104"),
        ("其中，杭州萧山区新增市场主体8600户。", "330000", "330109"),
        ("汉中新设经营主体4200户。", "610000", "610700"),  # a bare name at a word boundary
        ("来宾市新设经营主体2300户。", "450000", "451300"),
    ],
)
def test_the_longest_admin_name_or_a_bare_name_at_a_word_boundary_places(text: str, region: str, code: str) -> None:
    m = one(text, region=region, published=date(2024, 5, 10))
    assert (m["region_code"], m["region_source"]) == (code, "text")


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("长沙银行新增小微企业贷款86亿元。", "430100"),  # a bank named after its city
        ("贵州茅台酒股份有限公司新增注册商标26件。", "520300"),
        ("兰州牛肉面协会新增会员单位120家。", "620000"),
        ("全省推进安康码应用，新增注册用户12万户。", "610000"),  # 安康码, a health code, not the city
        ("感谢各位来宾，全市新设经营主体2300户。", "450100"),
        ("全年对德国出口额增长8.2%。", "320500"),  # a trade partner, not where the figure is
        ("来自美国、德国的客商共签约项目16个。", "320500"),  # every member of a list of origins
        ("来自北京、上海的企业共签约项目16个。", "320500"),
        ("东盟国家企业在我市新设企业42家。", "450100"),  # a nationality, the firms are counted here
    ],
)
def test_a_place_in_a_name_or_a_word_does_not_place_the_figure(text: str, region: str) -> None:
    m = one(text, region=region, published=date(2024, 5, 10))
    assert (m["region_code"], m["region_source"]) == (region, "publisher")


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("店铺开封后的食品抽检不合格6批次。", "320500"),  # 开封 "unsealed", not the city of Henan
        ("食品开封后应尽快食用，全市抽检散装食品260批次。", "320500"),
        ("欢迎各地来宾，全市新设经营主体2300户。", "450100"),  # 来宾 "guests"
    ],
)
def test_a_city_name_that_is_a_common_word_inside_a_phrase_is_the_word(text: str, region: str) -> None:
    m = one(text, region=region, published=date(2024, 5, 10))
    assert (m["region_code"], m["region_source"]) == (region, "publisher")


@pytest.mark.parametrize(
    ("text", "region", "code"),
    [
        ("开封新设经营主体2300户。", "410000", "410200"),
        ("其中，开封新设经营主体2300户。", "410000", "410200"),
        ("来宾新设经营主体2300户。", "450000", "451300"),
        ("日照新设企业126家。", "370000", "371100"),
        ("山东日照新设企业126家。", "100000", "371100"),  # right after its province
    ],
)
def test_a_city_name_that_is_a_common_word_opening_its_clause_is_the_city(text: str, region: str, code: str) -> None:
    assert one(text, region=region, published=date(2024, 5, 10))["region_code"] == code


@pytest.mark.parametrize(
    ("text", "region", "codes"),
    [
        ("昆山市新设外资企业126家，占苏州全市的21%。", "320500", ["320583", "320583"]),  # the whole of a share
        ("太仓市新设外资企业86家，占苏州市总数的14.2%。", "320000", ["320585", "320585"]),
        ("我市新设外资企业126家，比济南多12家。", "370200", ["370200", "370200"]),  # the yardstick
    ],
)
def test_the_whole_of_a_share_or_the_yardstick_of_a_comparison_places_nothing(
    text: str, region: str, codes: list[str]
) -> None:
    assert [m["region_code"] for m in mentions(text, region=region, published=date(2024, 5, 10))] == codes


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("其中新加坡新设企业12家。", "新加坡"),
        ("泰国曼谷新设商务代表处3家。", "泰国曼谷"),
    ],
)
def test_places_abroad_are_foreign(text: str, written: str) -> None:
    m = one(text, region="450000", published=date(2024, 5, 10))
    assert (m["region"], m["region_code"], m["region_source"]) == (written, None, "foreign")


# ------------------------------------------------------------------ the title passed apart


def test_a_bulletins_title_places_and_dates_its_figures() -> None:
    found = mentions(
        "全市实现地区生产总值3350.8亿元，比上年增长6.1%。",
        region="510000",
        published=date(2024, 3, 20),
        title="绵阳市2023年国民经济和社会发展统计公报",
    )
    assert _fields(found, "kind", "region_code", "region_source", "period", "indicator") == [
        ("amount", "510700", "title", "2023", "gdp"),
        ("growth", "510700", "title", "2023", "gdp_growth"),
    ]


def test_a_monthly_bulletins_title_dates_its_figures_and_its_this_month() -> None:
    title = "广东省2024年3月份食品安全监督抽检情况通报"
    for text in ("共抽检食品1260批次，合格率97.9%。", "本月共抽检食品1260批次，合格率97.9%。"):
        found = mentions(text, region="440000", published=date(2024, 4, 8), title=title)
        assert _fields(found, "value", "period", "target") == [("1260", "2024-03", False), ("97.9", "2024-03", False)]


def test_a_monthly_bulletins_title_line_dates_the_text_below() -> None:
    found = mentions(
        "2024年3月份全市食品抽检情况通报\n本月全市共抽检食品860批次，合格率98.1%。",
        region="330100",
        published=date(2024, 4, 14),
    )
    assert [m["period"] for m in found] == ["2024-03", "2024-03"]


def test_a_year_to_date_title_dates_the_text_but_not_its_single_month_or_plan() -> None:
    found = mentions(
        "全市新设经营主体3.2万户，其中9月新设4100户；全年力争新设4万户。",
        region="610000",
        published=date(2024, 10, 14),
        title="2024年1-9月咸阳市市场主体发展情况",
    )
    assert _fields(found, "value", "region_code", "period", "target") == [
        ("32000", "610400", "2024-01..2024-09", False),
        ("4100", "610400", "2024-09", False),
        ("40000", "610400", "2024", True),
    ]


def test_a_work_summarys_title_in_january_reports_last_year() -> None:
    found = mentions(
        "全市共受理投诉举报4.6万件，为消费者挽回经济损失2860万元。",
        region="350000",
        published=date(2024, 1, 18),
        title="泉州市市场监管局2023年工作总结",
    )
    assert {(m["region_code"], m["period"]) for m in found} == {("350500", "2023")}
    assert [m["indicator"] for m in found] == ["complaints_handled", "consumer_losses_recovered"]


def test_a_county_level_city_in_the_title_places_its_figures() -> None:
    title = "浏阳市上半年市场主体发展情况"
    m = one("全市新登记经营主体2860户。", region="430000", published=date(2024, 7, 8), title=title)
    assert (m["region_code"], m["region_source"], m["period"]) == ("430181", "title", "2024-01..2024-06")


def test_a_quarterly_reports_title_dates_its_figures() -> None:
    found = mentions(
        "全省新登记经营主体12.6万户，同比增长5.1%。",
        region="410000",
        published=date(2024, 4, 18),
        title="2024年一季度全省经营主体发展情况",
    )
    assert [m["period"] for m in found] == ["2024-01..2024-03", "2024-01..2024-03"]


def test_a_countys_monthly_notice_places_and_dates_its_figures() -> None:
    found = mentions(
        "我县共抽检食品860批次，合格率98.2%。",
        region="130000",
        published=date(2024, 5, 20),
        title="正定县2024年4月份食品安全监督抽检信息公告",
    )
    assert {(m["region_code"], m["region_source"], m["period"]) for m in found} == {("130123", "title", "2024-04")}


def test_a_requirement_leading_into_its_clause_is_this_years_target() -> None:
    m = one("会议要求，全年新增经营主体2万户。", region="320400", published=date(2024, 2, 5))
    assert (m["target"], m["period"]) == (True, "2024")
    m = one("按照要求，全市共抽检食品860批次。", region="320400", published=date(2024, 5, 5))
    assert (m["target"], m["period"]) == (False, "2024")


def test_a_work_plans_title_is_no_report_and_dates_nothing_narrower() -> None:
    m = one(
        "全市新登记经营主体2860户。", region="430000", published=date(2024, 7, 8), title="2024年全市市场监管工作要点"
    )
    assert m["period"] == "2024"


# ------------------------------------------------------------------ qualifiers: flows and stocks


def test_new_and_accumulated_keep_their_qualifiers() -> None:
    found = mentions(
        "截至9月底，全省累计培育专精特新中小企业3216家，今年新增418家。", region="420000", published=date(2024, 10, 15)
    )
    assert _fields(found, "subject", "value", "period") == [
        ("累计培育专精特新中小企业", "3216", "2024-09"),
        ("新增专精特新中小企业", "418", "2024"),
    ]


@pytest.mark.parametrize(
    ("text", "indicators"),
    [
        (
            "全市有效注册商标总量达18.6万件，全年新增注册商标2.3万件。",
            ["trademarks_registered", "new_trademarks_registered"],
        ),
        (
            "全市发明专利授权量3260件，有效发明专利拥有量2.1万件。",
            ["invention_patents_granted", "valid_invention_patents"],
        ),
        (
            "截至6月底，全区实有个体工商户82.6万户，上半年新登记个体工商户6.8万户。",
            ["individual_businesses", "new_market_entities"],
        ),
        ("全市个体工商户达到52.1万户，新设立个体工商户3.2万户。", ["individual_businesses", "new_market_entities"]),
    ],
)
def test_flows_and_stocks_map_to_different_indicators(text: str, indicators: list[str]) -> None:
    assert [m["indicator"] for m in mentions(text, region="450000", published=date(2024, 7, 25))] == indicators


def test_a_flow_summed_over_the_year_stays_a_flow_beside_its_last_month() -> None:
    found = mentions(
        "12月当月，全省新设经营主体9.8万户，全年累计新设126.5万户。", region="440000", published=date(2024, 1, 15)
    )
    assert _fields(found, "value", "period", "indicator") == [
        ("98000", "2023-12", "new_market_entities"),
        ("1265000", "2023", "new_market_entities"),
    ]


def test_a_short_quoted_term_stays_in_the_subject() -> None:
    found = mentions("1-8月，全区新增“四上”企业126家；8月当月新增21家。", region="450000", published=date(2024, 9, 10))
    assert _fields(found, "subject", "value", "period") == [
        ("新增“四上”企业", "126", "2024-01..2024-08"),
        ("当月新增", "21", "2024-08"),
    ]


def test_a_stock_as_of_a_months_end_passing_a_mark() -> None:
    m = one("截至3月末，全省登记在册经营主体突破1000万户。", region="510000", published=date(2024, 4, 12))
    assert (str(m["value"]), m["approx"], m["period"], m["indicator"]) == (
        "10000000",
        "at_least",
        "2024-03",
        "market_entities",
    )


# ------------------------------------------------------------------ periods


@pytest.mark.parametrize(
    ("text", "region", "published", "periods"),
    [
        ("5月13日当天，全市共检查农贸市场68个。", "330100", date(2024, 5, 14), ["2024-05"]),
        (
            "2024年5月13日全市食品安全快检日报：当日快检样品428批次，检出不合格2批次。",
            "330100",
            date(2024, 5, 14),
            ["2024-05", "2024-05"],
        ),
        ("今年1至7月，全县累计抽检食品1862批次。", "411625", date(2024, 8, 12), ["2024-01..2024-07"]),
        ("上月全市共抽检食品1320批次，不合格12批次。", "410100", date(2024, 5, 10), ["2024-04", "2024-04"]),
        ("上个月，全市新设企业860户，比上月增长12.5%。", "410100", date(2024, 1, 10), ["2023-12", "2023-12"]),
        ("全市新设企业860户，环比上月增长12.5%。", "410100", date(2024, 5, 10), ["2024", "2024"]),
        ("截至2024年11月底，全省有效发明专利达到11.2万件。", "430000", date(2024, 12, 20), ["2024-11"]),
        (
            "2月份，全省12315平台受理投诉举报2.8万件，同比下降4.3%。",
            "620000",
            date(2024, 3, 6),
            ["2024-02", "2024-02"],
        ),
        (
            "1—9月，全省规上工业增加值同比增长6.2%，9月份增长5.8%。",
            "370000",
            date(2024, 10, 20),
            ["2024-01..2024-09", "2024-09"],
        ),
        (
            "1-2月，全市新设经营主体8620户；2月新设3360户。",
            "370000",
            date(2024, 3, 20),
            ["2024-01..2024-02", "2024-02"],
        ),
        (
            "前三季度全市新设外资企业320家，第三季度新设118家。",
            "310000",
            date(2024, 10, 15),
            ["2024-01..2024-09", "2024-07..2024-09"],
        ),
        (
            "截至5月末，全市登记在册个体工商户48.2万户，占经营主体总量的71.3%。",
            "350200",
            date(2024, 6, 20),
            ["2024-05", "2024-05"],
        ),
    ],
)
def test_months_days_and_year_to_date_spans(text: str, region: str, published: date, periods: list[str]) -> None:
    assert [m["period"] for m in mentions(text, region=region, published=published)] == periods


@pytest.mark.parametrize(
    ("text", "region", "published", "kinds"),
    [
        (
            "全年全省新登记经营主体168.2万户，同比增长10.6%，增速居全国第3位。",
            "510000",
            date(2024, 2, 1),
            ["count", "growth", "rank"],
        ),
        (
            "2023年，全市查办各类违法案件3862件。案件查办数量位居全省第二。",
            "440300",
            date(2024, 1, 20),
            ["count", "rank"],
        ),
        (
            "全年，全县受理消费投诉3260件，调解成功率96.5%，为消费者挽回损失218万元。",
            "510723",
            date(2024, 1, 10),
            ["count", "ratio", "amount"],
        ),
        (
            "去年全市新设经营主体3.6万户，增速列全省第2位；实有经营主体28.9万户。",
            "620100",
            date(2024, 2, 10),
            ["count", "rank", "count"],
        ),
    ],
)
def test_year_end_results_and_ranks_published_early_next_year_are_last_years(
    text: str, region: str, published: date, kinds: list[str]
) -> None:
    found = mentions(text, region=region, published=published)
    assert [m["kind"] for m in found] == kinds
    assert {m["period"] for m in found} == {"2023"}


# ------------------------------------------------------------------ plans and their completion


def test_completion_of_any_plan_is_a_result_mapped_to_plan_completion() -> None:
    found = mentions(
        "全市完成年度抽检计划的91.6%，其中食品抽检完成全年目标任务的102.3%。",
        region="370100",
        published=date(2024, 12, 5),
    )
    assert _fields(found, "value", "kind", "target", "indicator") == [
        ("91.6", "ratio", False, "plan_completion_rate"),
        ("102.3", "ratio", False, "plan_completion_rate"),
    ]


def test_a_completion_of_the_years_target_alone_early_next_year_is_last_years() -> None:
    found = mentions("规上工业增加值完成全年目标的103%，增长9.6%。", region="370200", published=date(2024, 2, 1))
    assert [m["period"] for m in found] == ["2023", "2023"]


def test_a_completion_rate_of_named_work_keeps_its_own_indicator() -> None:
    m = one("全市包保干部季度督导完成率100%。", region="371600", published=date(2024, 8, 14))
    assert m["indicator"] == "food_safety_supervision_rate"
    found = mentions(
        "全省将新建标准化菜市场100个，目前已建成42个，完成率42%。", region="510000", published=date(2024, 5, 20)
    )
    assert (found[-1]["indicator"], found[-1]["target"]) == ("plan_completion_rate", False)


def test_a_completion_of_the_years_target_is_dated_by_the_span_not_by_the_plans_year() -> None:
    found = mentions(
        "1-10月，全省知识产权质押融资登记金额86.2亿元，完成全年目标的86.2%。",
        region="360000",
        published=date(2024, 11, 10),
    )
    assert _fields(found, "kind", "period", "target", "indicator") == [
        ("amount", "2024-01..2024-10", False, "ip_pledge_financing"),
        ("ratio", "2024-01..2024-10", False, "plan_completion_rate"),
    ]


@pytest.mark.parametrize(
    ("text", "region", "published", "expected"),
    [
        (
            "全年计划抽检食品1.2万批次，力争合格率保持在98%以上，截至目前已抽检9860批次，完成计划的82.2%。",
            "510100",
            date(2024, 10, 10),
            [(True, "2024"), (True, "2024"), (False, "2024"), (False, "2024")],
        ),
        (
            "今年全省计划完成食品安全抽检8万批次，截至10月底已完成7.2万批次，完成年度计划的90%，抽检合格率98.6%。",
            "430000",
            date(2024, 11, 10),
            [(True, "2024"), (False, "2024-10"), (False, "2024-10"), (False, "2024-10")],
        ),
        (
            "全年力争新增“个转企”500户，1-5月已完成186户，同比增长12.1%。",
            "320200",
            date(2024, 6, 10),
            [(True, "2024"), (False, "2024-01..2024-05"), (False, "2024-01..2024-05")],
        ),
        (
            "按照年度计划，全市今年要完成计量器具检定12万台件，1-6月已完成6.8万台件，完成年度计划的56.7%。",
            "620100",
            date(2024, 7, 10),
            [(True, "2024"), (False, "2024-01..2024-06"), (False, "2024-01..2024-06")],
        ),
    ],
)
def test_the_target_flag_stays_on_the_clause_with_the_plan_word(
    text: str, region: str, published: date, expected: list[tuple[bool, str]]
) -> None:
    assert [(m["target"], m["period"]) for m in mentions(text, region=region, published=published)] == expected


def test_a_plan_reported_with_its_result_early_next_year_is_last_years_plan() -> None:
    found = mentions(
        "全年计划新增市场主体10万户，实际新增11.6万户，完成年度计划的116%。",
        region="430100",
        published=date(2024, 1, 20),
    )
    assert _fields(found, "value", "target", "period", "indicator") == [
        ("100000", True, "2023", "new_market_entities"),
        ("116000", False, "2023", "new_market_entities"),
        ("116", False, "2023", "plan_completion_rate"),
    ]


def test_a_density_goal_and_the_level_today() -> None:
    found = mentions(
        "目标到2025年，全市每万人口高价值发明专利拥有量达到12件，目前为9.6件。",
        region="320200",
        published=date(2024, 6, 10),
    )
    assert _fields(found, "value", "unit", "kind", "target", "period", "indicator") == [
        ("12", "件/万人", "density", True, "2025", "high_value_patents_per_10k"),
        ("9.6", "件/万人", "density", False, "2024", "high_value_patents_per_10k"),
    ]


def test_instruments_are_counted_in_one_measure_word() -> None:
    m = mentions("1-6月，全市检定计量器具6.8万台件。", region="620100", published=date(2024, 7, 10))[0]
    assert (str(m["value"]), m["unit"], m["indicator"]) == ("68000", "台件", "metrology_instruments_verified")
