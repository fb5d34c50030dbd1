"""Held-out-style sentences, round 5 (issue 17): new sentences for each class the issue names.

Written for this round (not taken from the corpus or other tests), in the styles of different
provinces, bureaus and years, each checked against GUIDE.md: what counts, its unit and kind,
its region, its period and whether it is a target.
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.extract.helpers import mentions, one

# ------------------------------------------------------------------ places cut out of words


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("全省推广安全生产标准化企业126家。", "510000"),  # 推广 + 安全, not 广安 (a city of Sichuan)
        ("全区在巩固原有成果的同时新增就业岗位3200个。", "640000"),  # 巩固 + 原有, not 固原
        ("全省江南平原片区新增家庭农场420家。", "350000"),  # 江南 + 平原, not 南平
        ("省会城南充电站新增充电桩860个。", "510000"),  # 城南 + 充电站, not 南充
        ("全省按经营口径统计的限上批发业销售额增长6.2%。", "210000"),  # 经营 + 口径, not 营口
    ],
)
def test_a_bare_city_name_cut_out_of_the_words_around_it_places_nothing(text: str, region: str) -> None:
    m = one(text, region=region, published=date(2024, 5, 10))
    assert (m["region_code"], m["region_source"]) == (region, "publisher")


@pytest.mark.parametrize(
    ("text", "region", "code"),
    [
        ("固原新设市场主体3200户。", "640000", "640400"),
        ("南平新设市场主体3200户。", "350000", "350700"),
        ("广安全市新设市场主体3200户。", "510000", "511600"),  # 广安 + 全市, though 安全 is a word
        ("营口新设市场主体3200户。", "210000", "210800"),
        ("德阳新设企业1.2万户。", "510000", "510600"),  # 阳新 is a word (a county of Hubei)
    ],
)
def test_a_bare_city_name_at_word_boundaries_still_places(text: str, region: str, code: str) -> None:
    assert one(text, region=region, published=date(2024, 5, 10))["region_code"] == code


# ------------------------------------------------------------------ X地区 after the 地区 was abolished


@pytest.mark.parametrize(
    ("text", "region", "code"),
    [
        ("苏州地区新设外资企业126家。", "320000", "320500"),  # 苏州地区 ended in 1983, 苏州市 goes on
        ("今年以来，保定地区新增经营主体3.2万户。", "130000", "130600"),
        ("荆州地区一季度新增市场主体8600户。", "420000", "421000"),  # not 荆州区, one district of it
    ],
)
def test_a_former_prefecture_written_today_is_the_area_of_its_city(text: str, region: str, code: str) -> None:
    m = one(text, region=region, published=date(2023, 6, 12))
    assert (m["region_code"], m["region_source"]) == (code, "text")


def test_a_former_prefecture_in_its_own_years_is_still_the_prefecture() -> None:
    m = one("1990年，荆州地区新增个体工商户3200户。", region="420000", published=date(2023, 6, 12))
    assert (m["region_code"], m["period"]) == ("422400", "1990")


# ------------------------------------------------------------------ places abroad


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("韩国首尔新设分支机构12家。", "韩国首尔"),  # a country and its city: one place
        ("其中，越南胡志明市新设企业18家。", "越南胡志明市"),
        ("加纳新设中资企业26家。", "加纳"),
        ("据统计，巴西圣保罗的8家企业与我市签约。", "巴西圣保罗"),
        ("全年欧盟市场进口额增长6.1%。", "欧盟"),
    ],
)
def test_a_figure_about_a_place_abroad_has_no_code_of_ours(text: str, written: str) -> None:
    m = one(text, region="330200", published=date(2024, 5, 10))
    assert (m["region"], m["region_code"], m["region_source"]) == (written, None, "foreign")


def test_each_of_several_foreign_cities_places_its_own_figure() -> None:
    found = mentions("其中，曼谷新增商户45家，河内新增30家。", region="450000", published=date(2024, 5, 10))
    assert [(m["region"], m["region_source"]) for m in found] == [("曼谷", "foreign"), ("河内", "foreign")]


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("全市增加纳税人1.2万户。", "370200"),  # 增加 + 纳税, not 加纳 (Ghana)
        ("全市抽检苏丹红项目样品120批次。", "370100"),  # a dye, not Sudan
        ("全州朝鲜族聚居村新增合作社36家。", "222400"),  # Koreans of China, not North Korea
    ],
)
def test_a_foreign_name_cut_out_of_a_word_or_naming_a_thing_places_nothing(text: str, region: str) -> None:
    m = one(text, region=region, published=date(2024, 5, 10))
    assert (m["region_code"], m["region_source"]) == (region, "publisher")


def test_hong_kong_written_with_china_is_a_chinese_region() -> None:
    m = one("中国香港新设企业18家。", region="440300", published=date(2024, 5, 10))
    assert (m["region_code"], m["region_source"]) == ("810000", "text")


def test_signing_a_contract_is_no_approximation() -> None:
    assert one("世博会期间，全省企业签约5.6亿元。", region="320000")["approx"] == "exact"
    assert one("全省节约资金5.6亿元。", region="320000")["approx"] == "exact"
    assert one("全省投入资金约5.6亿元。", region="320000")["approx"] == "about"


# ------------------------------------------------------------------ periods


def test_a_time_phrase_in_an_earlier_figures_clause_dates_the_later_clauses() -> None:
    found = mentions(
        "厦门市连续第六年获评全国营商环境标杆城市，2023年新设经营主体12.6万户，排名全省第2位。",
        region="350200",
        published=date(2024, 1, 15),
    )
    assert [(m["kind"], m["period"]) for m in found] == [("count", "2023"), ("rank", "2023")]
    found = mentions(
        "成都市召开第12次食品安全工作联席会议，会上通报一季度全市抽检食品5862批次，合格率98.7%。",
        region="510100",
        published=date(2024, 4, 2),
    )
    assert [(str(m["value"]), m["period"]) for m in found] == [
        ("5862", "2024-01..2024-03"),
        ("98.7", "2024-01..2024-03"),
    ]


def test_a_time_phrase_before_a_semicolon_dates_only_its_part() -> None:
    text = "荣获2023年度先进集体；全年办结投诉举报2.6万件。"
    assert one(text, region="410100", published=date(2024, 8, 20))["period"] == "2024"


def test_a_bare_month_inside_a_year_to_date_sentence_is_that_month() -> None:
    found = mentions(
        "今年前三季度，全区新登记经营主体15.6万户，其中9月新登记1.9万户。",
        region="150000",
        published=date(2024, 10, 15),
    )
    assert [m["period"] for m in found] == ["2024-01..2024-09", "2024-09"]


def test_last_years_month_is_last_year() -> None:
    found = mentions(
        "去年12月，全省新登记经营主体12.2万户，全年新登记经营主体198.6万户。",
        region="440000",
        published=date(2024, 1, 12),
    )
    assert [m["period"] for m in found] == ["2023-12", "2023"]
    assert one("去年1-11月，全省新设外资企业4320家。", region="440000", published=date(2024, 3, 12))["period"] == (
        "2023-01..2023-11"
    )


@pytest.mark.parametrize(
    ("text", "region", "published", "period"),
    [
        ("截至10月底，全市实有各类经营主体112.4万户。", "210100", date(2024, 11, 8), "2024-10"),
        ("8月份，全省共抽检食用农产品2315批次。", "620000", date(2024, 9, 5), "2024-08"),
        ("4月25日0时至24时，全市12315平台共接收投诉举报136件。", "460100", date(2024, 4, 26), "2024-04"),
        ("过去一年，全省新设经营主体68.2万户。", "360000", date(2024, 2, 6), "2023"),
        ("据统计，1—5月全省市场监管部门共查办案件4862件。", "530000", date(2024, 6, 3), "2024-01..2024-05"),
        ("上半年，全县共完成食品安全监督抽检1260批次。", "411625", date(2024, 8, 12), "2024-01..2024-06"),
    ],
)
def test_periods_of_bulletins_stocks_and_year_to_date_spans(
    text: str, region: str, published: date, period: str
) -> None:
    assert one(text, region=region, published=published)["period"] == period


# ------------------------------------------------------------------ ordinals, ranks, names holding numerals


def test_ordinals_are_no_figures_and_a_rank_among_the_countrys_cities_stays_a_rank() -> None:
    found = mentions(
        "杭州市第十四届人民代表大会第三次会议审议通过，2023年全市地区生产总值20059亿元，位居全国城市第八位。",
        region="330100",
        published=date(2024, 5, 10),
    )
    assert [(str(m["value"]), m["unit"], m["kind"], m["period"]) for m in found] == [
        ("2005900000000", "元", "amount", "2023"),
        ("8", "位", "rank", "2023"),
    ]
    assert found[1]["indicator"] == "rank_national"
    m = one(
        "11月18日，第二十届中国国际中小企业博览会在广州开幕，全市共有326家企业参展。",
        region="440100",
        published=date(2023, 11, 20),
    )
    assert (str(m["value"]), m["unit"], m["period"]) == ("326", "家", "2023")


def test_a_numeral_opening_a_place_name_is_no_count() -> None:
    found = mentions("七台河市新设经营主体3200户，三台县新设1200户。", region="230900", published=date(2024, 2, 5))
    assert [(str(m["value"]), m["region_code"]) for m in found] == [("3200", "230900"), ("1200", "510722")]


@pytest.mark.parametrize(
    "text",
    [
        "3月15日9:00起，市市场监管局在江汉路开展消费维权宣传，现场受理投诉23起。",
        "办理时间为每周一至周五8:30—12:00、14:00—17:30，今年以来已受理投诉23起。",
        "12月12日8时30分，全市开展突击检查，受理投诉23起。",
    ],
)
def test_clock_times_and_their_ranges_are_no_figures(text: str) -> None:
    m = one(text, region="420100", published=date(2024, 3, 14))
    assert (str(m["value"]), m["unit"]) == ("23", "起")


def test_sessions_are_a_measure_word() -> None:
    m = one("全市开展消费维权宣传活动126场次。", region="320100", published=date(2024, 5, 5))
    assert (str(m["value"]), m["unit"]) == ("126", "场次")


# ------------------------------------------------------------------ label：value panels


def test_a_panel_under_a_caption_naming_a_city_and_a_span_with_a_unit_note() -> None:
    text = (
        "2024年1-9月咸阳市主要经济指标\n单位：亿元\n地区生产总值：1856.3\n社会消费品零售总额：\n612.8\n"
        "规上工业增加值增速（%）：\n6.1\n新登记经营主体（户）：\n31560\n发布时间：2024-10-20\n"
    )
    found = mentions(text, region="610000", published=date(2024, 10, 25))
    assert [(str(m["value"]), m["unit"], m["kind"]) for m in found] == [
        ("185630000000", "元", "amount"),
        ("61280000000", "元", "amount"),
        ("6.1", "%", "growth"),
        ("31560", "户", "count"),
    ]
    assert {(m["region_code"], m["period"]) for m in found} == {("610400", "2024-01..2024-09")}


# ------------------------------------------------------------------ title, flows and stocks, plans


def test_a_county_named_by_the_title_owns_its_whole_county_figures() -> None:
    found = mentions(
        "2023年，全县新登记经营主体6820户，同比增长9.1%；全县实有经营主体4.3万户。",
        region="130000",
        published=date(2024, 3, 5),
        title="正定县2023年市场监管工作综述",
    )
    assert {(m["region_code"], m["region_source"], m["period"]) for m in found} == {("130123", "title", "2023")}
    # the growth of the new registrations is the flow's, not the total's (a BI series must not mix them)
    assert [m["indicator"] for m in found] == ["new_market_entities", "new_market_entities_growth", "market_entities"]


def test_new_registrations_and_the_total_stay_apart() -> None:
    found = mentions(
        "上半年，全市新登记经营主体12.8万户，截至6月底，全市经营主体总量达到168.5万户。",
        region="340100",
        published=date(2024, 7, 15),
    )
    assert [(m["indicator"], m["period"]) for m in found] == [
        ("new_market_entities", "2024-01..2024-06"),
        ("market_entities", "2024-06"),
    ]


def test_plan_completion_is_a_result_and_the_plan_word_governs_its_own_part() -> None:
    found = mentions(
        "1-9月，全市固定资产投资完成年度计划的76.5%，同比增长4.2%。", region="620100", published=date(2024, 10, 20)
    )
    assert [(m["kind"], m["target"]) for m in found] == [("ratio", False), ("growth", False)]
    found = mentions(
        "2023年全市新登记经营主体9.6万户，增长11.2%；2024年力争新登记经营主体10万户以上。",
        region="360100",
        published=date(2024, 2, 20),
    )
    assert [(m["target"], m["period"]) for m in found] == [(False, "2023"), (False, "2023"), (True, "2024")]
    found = mentions(
        "今年计划抽检食品2.5万批次，去年全市实际抽检2.3万批次，合格率98.1%。",
        region="530100",
        published=date(2024, 1, 26),
    )
    assert [(m["target"], m["period"]) for m in found] == [(True, "2024"), (False, "2023"), (False, "2023")]


def test_a_review_title_naming_a_county_and_a_year_places_and_dates_the_text() -> None:
    found = mentions(
        "全县地区生产总值达到268.3亿元，比上年增长5.6%。",
        region="350000",
        published=date(2024, 5, 10),
        title="福建省永泰县2023年经济运行简况",
    )
    assert {(m["region_code"], m["region_source"], m["period"]) for m in found} == {("350125", "title", "2023")}


# ------------------------------------------------------------------ places in names, venues, districts


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("我市深圳航空公司广州分公司等12家企业获评守合同重信用企业。", "440300"),  # firms named after cities
        ("我市黄石东贝电器武汉分公司新增出口额3.2亿元。", "420100"),
        ("我市济南二机床集团青岛公司新增订单2.3亿元。", "370200"),
        ("我市在济南举办的招商会上签约项目26个。", "370200"),  # Jinan is the venue
    ],
)
def test_a_place_in_a_firms_name_or_a_venue_does_not_place_our_figure(text: str, region: str) -> None:
    m = one(text, region=region, published=date(2024, 5, 10))
    assert (m["region_code"], m["region_source"]) == (region, "publisher")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("广州市天河区新设经营主体2.1万户。", "440106"),
        ("成都市武侯区新增市场主体1.6万户。", "510107"),
        ("青岛市市南区新增市场主体1.6万户。", "370202"),  # 市南区 written in full after 青岛市
    ],
)
def test_a_district_right_after_its_city_is_the_district(text: str, code: str) -> None:
    assert one(text, region="100000", published=date(2024, 5, 10))["region_code"] == code


def test_a_deadline_after_a_plan_word_dates_the_plan_and_the_result_after_it_reports() -> None:
    found = mentions(
        "全省计划到2025年底，新增上市公司30家；截至8月底，已新增上市公司18家，完成目标的60%。",
        region="420000",
        published=date(2024, 9, 12),
    )
    assert [(m["target"], m["period"]) for m in found] == [(True, "2025"), (False, "2024-08"), (False, "2024-08")]
    assert found[2]["indicator"] == "plan_completion_rate"


def test_traditional_characters_and_full_width_digits_of_last_year() -> None:
    found = mentions(
        "去年，全區市場監管部門共查辦各類案件２．３萬件，罰沒金額３．６億元。",
        region="450000",
        published=date(2024, 3, 8),
    )
    assert [(str(m["value"]), m["unit"], m["period"]) for m in found] == [
        ("23000", "件", "2023"),
        ("360000000", "元", "2023"),
    ]


def test_a_month_and_its_year_to_date_total_in_one_sentence() -> None:
    found = mentions(
        "11月份全市新登记经营主体1.02万户，1—11月累计新登记12.6万户，同比增长7.8%。",
        region="130100",
        published=date(2024, 12, 2),
    )
    assert [m["period"] for m in found] == ["2024-11", "2024-01..2024-11", "2024-01..2024-11"]


@pytest.mark.parametrize(
    ("text", "region", "published", "targets"),
    [
        (
            "今年以来，全省深入实施质量强省战略，计划全年培育省级精品200个。上半年已认定省级精品126个，新增中国驰名商标3件。",
            "340000",
            date(2024, 7, 20),
            [True, False, False],
        ),
        ("按照年度工作计划，一季度全市共抽检食品3260批次，合格率98.2%。", "370100", date(2024, 3, 15), [False, False]),
        (
            "为确保完成全年目标任务，1—10月全市共开展专项检查860次，查处案件1235宗。",
            "440300",
            date(2024, 11, 10),
            [False, False],
        ),
        ("全省将新建标准化菜市场100个，目前已建成42个，完成率42%。", "510000", date(2024, 5, 20), [True, False, False]),
        (
            "2023年全省新增经营主体38.6万户，超额完成年度目标任务。2024年，全省力争新增经营主体40万户。",
            "620000",
            date(2024, 2, 5),
            [False, True],
        ),
    ],
)
def test_the_plan_word_governs_its_own_clause_not_the_results_around_it(
    text: str, region: str, published: date, targets: list[bool]
) -> None:
    assert [m["target"] for m in mentions(text, region=region, published=published)] == targets
