"""Held-out-style sentences, round 7: new sentences for each class of the issue.

Written for this round (not taken from the corpus or other tests), in the styles of market
supervision and statistics bureaus of cities and counties (news, 统计公报, 月度统计快报, 抽检通报,
营商环境 news, county bulletins), each checked against GUIDE.md: what counts, its value, unit and
kind, its region, its period, whether it is a target, and what it measures.
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.extract.helpers import mentions, one


def _fields(found: list[dict], *names: str) -> list[tuple]:
    return [tuple(str(m[n]) if n == "value" else m[n] for n in names) for m in found]


def _d(text: str) -> date:
    return date.fromisoformat(text)


# ------------------------------------------------------------------ years in Chinese numerals, quarters, months


@pytest.mark.parametrize(
    ("text", "region", "published", "periods"),
    [
        ("二〇二四年，全市新登记经营主体5.6万户，同比增长7.3%。", "370100", "2025-01-20", ["2024", "2024"]),
        ("二○二三年全县实现地区生产总值186.5亿元，比上年增长5.2%。", "411625", "2024-03-10", ["2023", "2023"]),
        ("二零二四年1-12月，全省新设企业42.3万户。", "370000", "2025-01-25", ["2024-01..2024-12"]),
        ("二〇二四年上半年，全市实现网络零售额286.3亿元。", "330700", "2024-07-20", ["2024-01..2024-06"]),
        ("二〇二三年第四季度，全市查办案件326件。", "330100", "2024-01-15", ["2023-10..2023-12"]),
        ("二〇二四年一至三季度，全市规模以上工业增加值同比增长6.8%。", "370600", "2024-10-25", ["2024-01..2024-09"]),
        ("二〇二二年以来，全县累计培育规上企业46家。", "371326", "2024-06-25", ["2022-01..2024-06"]),
        ("一九九八年全县仅有个体工商户3200户，如今已达4.6万户。", "371326", "2024-06-25", ["1998", "2024"]),
    ],
)
def test_years_written_in_chinese_numerals_date_their_figures(
    text: str, region: str, published: str, periods: list[str]
) -> None:
    assert [m["period"] for m in mentions(text, region=region, published=_d(published))] == periods


def test_a_chinese_numeral_year_stays_out_of_the_subject() -> None:
    m = mentions("二○二三年全县实现地区生产总值186.5亿元。", region="411625", published=date(2024, 3, 10))[0]
    assert (m["subject"], m["indicator"]) == ("实现地区生产总值", "gdp")


def test_a_bulletins_title_in_chinese_numerals_dates_its_figures() -> None:
    found = mentions(
        "全市共抽检食品1260批次，合格率98.1%。",
        region="370800",
        published=date(2024, 4, 12),
        title="济宁市二〇二四年三月份食品安全监督抽检情况通报",
    )
    assert [m["period"] for m in found] == ["2024-03", "2024-03"]


@pytest.mark.parametrize(
    ("text", "region", "published", "periods"),
    [
        ("一至三季度，全市规模以上工业增加值同比增长6.8%。", "370600", "2024-10-25", ["2024-01..2024-09"]),
        ("前三季度，全区新登记个体工商户1.26万户。", "370212", "2024-10-18", ["2024-01..2024-09"]),
        ("1-3季度，全市受理投诉举报8620件。", "320500", "2024-10-12", ["2024-01..2024-09"]),
        ("2024年1—2季度，全市新设企业6230户。", "320500", "2024-07-12", ["2024-01..2024-06"]),
        ("一至二季度全县抽检食品960批次。", "411625", "2024-07-15", ["2024-01..2024-06"]),
        ("第一季度，全区新增市场主体3260户。", "330100", "2024-04-15", ["2024-01..2024-03"]),
        ("二季度全市共抽检食品1860批次，合格率98.4%。", "330100", "2024-07-10", ["2024-04..2024-06"] * 2),
        ("今年一至三季度，全市新设外资企业86家；三季度新设31家。", "310000", "2024-10-15",
         ["2024-01..2024-09", "2024-07..2024-09"]),
        ("2024年第三季度末，全市实有经营主体86.2万户。", "370200", "2024-10-20", ["2024-09"]),
        ("截至一季度末，全县实有个体工商户3.2万户。", "371326", "2024-04-20", ["2024-03"]),
        ("一至三季度，全市新登记企业6200户。", "370200", "2025-01-06", ["2024-01..2024-09"]),  # a year-old report
    ],
)  # fmt: skip
def test_quarters_and_ranges_of_quarters(text: str, region: str, published: str, periods: list[str]) -> None:
    assert [m["period"] for m in mentions(text, region=region, published=_d(published))] == periods


@pytest.mark.parametrize(
    ("text", "region", "published", "periods"),
    [
        (
            "1-10月，全市新登记企业1.2万户，其中10月份新登记1260户。",
            "370300",
            "2024-11-10",
            ["2024-01..2024-10", "2024-10"],
        ),
        ("10月份，全省抽检食品3620批次，不合格42批次。", "370000", "2024-11-08", ["2024-10", "2024-10"]),
        (
            "今年1—11月，全市市场监管部门立案查处各类案件2156件；11月当月立案218件。",
            "410100",
            "2024-12-10",
            ["2024-01..2024-11", "2024-11"],
        ),
        (
            "1至8月，全县新登记个体工商户2860户，8月份新登记356户，环比增长6.3%。",
            "341322",
            "2024-09-06",
            ["2024-01..2024-08", "2024-08", "2024-08"],
        ),
        ("十月份，全市受理消费者投诉1862件。", "340100", "2024-11-05", ["2024-10"]),
        ("1-11月，全市新设经营主体3.6万户。", "340100", "2025-01-08", ["2024-01..2024-11"]),  # last year's in January
    ],
)
def test_year_to_date_months_and_single_months(text: str, region: str, published: str, periods: list[str]) -> None:
    assert [m["period"] for m in mentions(text, region=region, published=_d(published))] == periods


# ------------------------------------------------------------------ forecasts, plans and their completion


@pytest.mark.parametrize(
    ("text", "region", "published", "expected"),
    [
        ("预计全年全市地区生产总值增长6%左右。", "370800", "2024-12-10", [(True, "2024", "about")]),
        (
            "今年全市力争新增经营主体3万户，目前已新增2.1万户。",
            "370800",
            "2024-08-10",
            [(True, "2024", "exact"), (False, "2024", "exact")],
        ),
        (
            "全省目标是：全年新登记经营主体120万户，食品抽检合格率稳定在98%以上。",
            "370000",
            "2024-02-20",
            [(True, "2024", "exact"), (True, "2024", "at_least")],
        ),
        (
            "全年计划抽检食品4500批次，截至9月底已完成3700批次，完成年度计划82.3%。",
            "371300",
            "2024-10-12",
            [(True, "2024", "exact"), (False, "2024-09", "exact"), (False, "2024-09", "exact")],
        ),
        (
            "截至11月底，全县实现税收收入12.3亿元，预计全年可达13.5亿元。",
            "411625",
            "2024-12-10",
            [(False, "2024-11", "exact"), (True, "2024", "exact")],
        ),
        (
            "去年全市新设经营主体4.2万户；今年将力争突破4.5万户。",
            "371100",
            "2024-02-26",
            [(False, "2023", "exact"), (True, "2024", "at_least")],
        ),
        (
            "2025年，全区计划新培育专精特新企业15家，全年抽检食品不少于2000批次。",
            "370112",
            "2025-01-20",
            [(True, "2025", "exact"), (True, "2025", "at_least")],
        ),
        (
            "全市预计新增“个转企”260户，1-9月已完成218户。",
            "320500",
            "2024-10-10",
            [(True, "2024", "exact"), (False, "2024-01..2024-09", "exact")],
        ),
        (
            "1-11月，全市知识产权质押融资金额达18.6亿元，完成全年目标任务的124%。",
            "371300",
            "2024-12-08",
            [(False, "2024-01..2024-11", "exact"), (False, "2024-01..2024-11", "exact")],
        ),
        (
            "全年新登记经营主体6.8万户，完成年度目标的113.3%；2024年力争新登记7万户。",
            "370900",
            "2024-01-26",
            [(False, "2023", "exact"), (False, "2023", "exact"), (True, "2024", "exact")],
        ),
        (
            "前三季度全市地区生产总值增长5.6%，预计全年增长5.5%左右。",
            "371000",
            "2024-10-28",
            [(False, "2024-01..2024-09", "exact"), (True, "2024", "about")],
        ),
        (
            "目标到2026年底，全市经营主体总量突破100万户，年均增长8%以上。",
            "370200",
            "2024-05-10",
            [(True, "2026", "at_least"), (True, "2026", "at_least")],
        ),
    ],
)
def test_the_plan_flag_stays_on_the_clause_with_the_plan_word(
    text: str, region: str, published: str, expected: list[tuple]
) -> None:
    found = mentions(text, region=region, published=_d(published))
    assert [(m["target"], m["period"], m["approx"]) for m in found] == expected


@pytest.mark.parametrize(
    "text",
    [
        "全市完成年度计划的82.3%。",
        "全年抽检任务完成率为102.6%。",
        "截至10月底，全县已完成全年目标任务的91.2%。",
        "全市超额完成省下达目标任务，完成率达到118%。",
    ],
)
def test_completion_rates_of_plans_are_results(text: str) -> None:
    m = one(text, region="370800", published=date(2024, 11, 10))
    assert (m["kind"], m["unit"], m["target"], m["indicator"]) == ("ratio", "%", False, "plan_completion_rate")


# ------------------------------------------------------------------ 其中: a breakdown of its own


def test_the_parts_of_a_stock_after_qizhong_have_subjects_of_their_own() -> None:
    found = mentions(
        "全市实有经营主体63.2万户，其中企业18.6万户，个体工商户43.9万户，农民专业合作社0.7万户。",
        region="371300",
        published=date(2024, 7, 12),
    )
    assert _fields(found, "subject", "value", "kind") == [
        ("实有经营主体", "632000", "count"),
        ("企业", "186000", "count"),
        ("个体工商户", "439000", "count"),
        ("农民专业合作社", "7000", "count"),
    ]
    assert [m["indicator"] for m in found][:3] == ["market_entities", "enterprises", "individual_businesses"]
    assert found[3]["indicator"] != "individual_businesses"  # not the item before it


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "上半年，全省新登记经营主体68.3万户，其中新登记企业18.2万户，同比增长6.1%。",
            [("新登记经营主体", "683000"), ("新登记企业", "182000"), ("新登记企业增长", "6.1")],
        ),
        (
            "全市共抽检食品3260批次，其中不合格38批次，不合格率1.17%。",
            [("抽检食品", "3260"), ("不合格", "38"), ("不合格率", "1.17")],
        ),
        (
            "全市查办各类案件1260件，其中食品案件386件，罚没款1860万元。",
            [("查办各类案件", "1260"), ("食品案件", "386"), ("罚没款", "18600000")],
        ),
        (
            "全年受理投诉举报5.6万件，其中投诉3.8万件、举报1.2万件。",
            [("受理投诉举报", "56000"), ("投诉", "38000"), ("举报", "12000")],
        ),
        (
            "全市新增注册商标1.2万件，其中地理标志证明商标8件。",
            [("新增注册商标", "12000"), ("地理标志证明商标", "8")],
        ),
        (
            "全县个体工商户达4.6万户，其中今年新登记3860户。",
            [("个体工商户", "46000"), ("新登记个体工商户", "3860")],  # a bare qualifier names the thing before
        ),
    ],
)
def test_a_qizhong_part_keeps_its_own_subject(text: str, expected: list[tuple]) -> None:
    assert _fields(mentions(text, region="370600", published=date(2024, 11, 10)), "subject", "value") == expected


def test_a_qizhong_part_counted_before_a_long_noun_keeps_the_wholes_words() -> None:
    # (the noun after the count, 获批省级标准化试点项目, is longer than the noun's reach)
    found = mentions("今年共组织申报标准化试点项目15项，其中4项获批省级标准化试点项目。", region="370600")
    assert [m["indicator"] for m in found] == ["standardization_pilots"] * 2


def test_a_qizhong_part_of_a_flow_stays_a_flow() -> None:
    found = mentions(
        "1-9月，全市新登记经营主体3.2万户，其中个体工商户2.3万户。", region="370700", published=date(2024, 10, 10)
    )
    assert [m["indicator"] for m in found] == ["new_market_entities", "new_market_entities"]
    assert [m["period"] for m in found] == ["2024-01..2024-09"] * 2


# ------------------------------------------------------------------ places: old names, parents, abroad, names


@pytest.mark.parametrize(
    ("text", "region", "published", "code"),
    [
        ("莱芜区新登记经营主体3260户。", "370100", "2024-05-10", "370116"),
        ("2018年，莱芜市新登记市场主体1.8万户。", "370000", "2019-03-10", "371200"),  # before the merger
        ("原莱芜市钢城区新设企业620家。", "370100", "2024-05-10", "370117"),
        ("济南市历城区新登记企业4260户。", "370000", "2024-05-10", "370112"),
        ("青岛市黄岛区新增市场主体2.6万户。", "370000", "2024-05-10", "370211"),
        ("烟台市福山区抽检食品860批次。", "100000", "2024-05-10", "370611"),
        ("潍坊市寒亭区受理投诉举报1260件。", "370700", "2024-05-10", "370703"),
        ("章丘市新设企业860家。", "370100", "2015-05-10", "370181"),  # a county-level city until 2016
        ("日照市岚山区新设企业620家。", "370000", "2024-05-10", "371103"),
    ],
)
def test_old_names_and_districts_written_with_their_city(text: str, region: str, published: str, code: str) -> None:
    assert one(text, region=region, published=_d(published))["region_code"] == code


def test_two_districts_sharing_a_verb_each_take_their_figure() -> None:
    found = mentions("莱芜区、钢城区分别新设企业820家、620家。", region="370100", published=date(2024, 5, 10))
    assert [m["region_code"] for m in found] == ["370116", "370117"]


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("全年对日本出口额增长6.3%。", "370200"),
        ("全省对东盟进出口增长12.6%。", "370000"),
        ("韩国客商在我市投资项目12个。", "370200"),
        ("美国客商在我市新设外资企业6家。", "370200"),
        ("在美国拉斯维加斯举办的消费电子展上，我市企业签约金额3.2亿元。", "370200"),
        ("巴中国际商贸城新入驻商户320户。", "510000"),
        ("临沂商城管理集团有限公司新增入驻商户860户。", "370000"),
        ("青岛啤酒股份有限公司新增注册商标32件。", "370000"),
        ("威海市商业银行新增小微企业贷款26亿元。", "370000"),
    ],
)
def test_a_partner_abroad_or_a_place_in_a_name_places_nothing(text: str, region: str) -> None:
    m = one(text, region=region, published=date(2024, 5, 10))
    assert (m["region_code"], m["region_source"]) == (region, "publisher")


@pytest.mark.parametrize(
    ("text", "written"),
    [("日本东京新设办事处2家。", "日本东京"), ("东盟十国客商签约项目12个。", "东盟")],
)
def test_a_clause_opening_on_a_place_abroad_is_foreign(text: str, written: str) -> None:
    m = one(text, region="370200", published=date(2024, 5, 10))
    assert (m["region_code"], m["region_source"], m["region"]) == (None, "foreign", written)


# ------------------------------------------------------------------ codes, articles, clocks, phone numbers


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("依据GB 2760-2014《食品安全国家标准 食品添加剂使用标准》，检出不合格样品3批次。", "3", "批次"),
        ("依据《中华人民共和国食品安全法》第一百二十四条，对12家企业作出行政处罚。", "12", "家"),
        ("根据《反不正当竞争法》第十二条规定，罚款5万元。", "50000", "元"),
        ("消费者可拨打12315热线投诉，全年共受理投诉2860件。", "2860", "件"),
        ("办公时间为9:00—17:00，窗口共办理业务1320件。", "1320", "件"),
        ("咨询电话：0532-88881234，全市共发放宣传资料5000余份。", "5000", "份"),
        ("市局发布2024年第3号公告，公布不合格食品5批次。", "5", "批次"),
        ("按照GB/T 19001-2016标准，全市新增认证企业126家。", "126", "家"),
        ("根据《产品质量法》第四十九条，没收违法所得3.2万元。", "32000", "元"),
        ("经检验，该批次产品不符合GB 19300-2014要求，涉案货值1.6万元。", "16000", "元"),
        ("依照《广告法》第五十五条第一款，对当事人罚款20万元。", "200000", "元"),
        ("每周一至周五8:30-12:00受理，本月共受理登记申请286件。", "286", "件"),
        ("鲁市监食〔2024〕12号文件要求各地抽检不少于500批次。", "500", "批次"),
        ("全省12345政务服务便民热线转办市场监管类诉求3.6万件。", "36000", "件"),
    ],
)
def test_codes_articles_clock_times_and_phone_numbers_are_no_figures(text: str, value: str, unit: str) -> None:
    m = one(text, region="370200", published=date(2024, 5, 10))
    assert (str(m["value"]), m["unit"]) == (value, unit)


@pytest.mark.parametrize(
    "text",
    [
        "2024年全省营商环境评价结果揭晓，我市位列第一等次。",
        "我市食品安全工作考核获评第一档次。",
        "我县知识产权工作位居全省第一方阵。",
    ],
)
def test_a_tier_or_grade_is_no_rank(text: str) -> None:
    assert mentions(text, region="370700", published=date(2025, 1, 20)) == []


# ------------------------------------------------------------------ stocks and flows


@pytest.mark.parametrize(
    ("text", "region", "published", "expected"),
    [
        (
            "截至6月底，全县实有经营主体4.86万户，上半年新登记4260户。",
            "371326",
            "2024-07-08",
            [("实有经营主体", "2024-06", "market_entities"),
             ("新登记经营主体", "2024-01..2024-06", "new_market_entities")],
        ),
        (
            "截至2024年末，全市有效注册商标达15.2万件。",
            "371600",
            "2025-01-15",
            [("有效注册商标", "2024", "trademarks_registered")],
        ),
        (
            "全年全市新登记经营主体5.2万户，实有经营主体总量达42.6万户。",
            "371600",
            "2025-01-15",
            [("新登记经营主体", "2024", "new_market_entities"), ("实有经营主体总量", "2024", "market_entities")],
        ),
        (
            "全市有效发明专利总量达1.86万件，同比增长15.2%。",
            "370700",
            "2024-11-10",
            [("有效发明专利总量", "2024", "valid_invention_patents"),
             ("有效发明专利总量增长", "2024", "valid_invention_patents_growth")],
        ),
        (
            "截至9月末，全市累计培育省级“专精特新”企业412家，今年新增67家。",
            "370700",
            "2024-10-10",
            [("累计培育省级“专精特新”企业", "2024-09", "unclassified"),
             ("新增省级“专精特新”企业", "2024", "unclassified")],
        ),
    ],
)  # fmt: skip
def test_stocks_and_flows_keep_their_qualifiers(text: str, region: str, published: str, expected: list) -> None:
    found = mentions(text, region=region, published=_d(published))
    assert [(m["subject"], m["period"], m["indicator"]) for m in found] == expected


# ------------------------------------------------------------------ daily, monthly and year-end bulletins, ranks


@pytest.mark.parametrize(
    ("text", "region", "published", "periods"),
    [
        ("4月25日0—24时，全市快检农产品样品1268批次，合格率99.8%。", "330100", "2024-04-26", ["2024-04"] * 2),
        ("9月3日0时至24时，全区共检查经营户216户。", "330100", "2024-09-04", ["2024-09"]),
        ("7月份，全市共抽检食品1526批次，检出不合格28批次。", "350200", "2024-08-12", ["2024-07"] * 2),
        ("市市场监管局公布7月份食品抽检结果，共抽检食品960批次，合格率97.6%。", "350200", "2024-08-12",
         ["2024-07"] * 2),
        ("全年，全县新登记经营主体6820户，同比增长5.3%。", "341322", "2025-01-15", ["2024"] * 2),
        ("一年来，全市共查办各类违法案件2360件。", "341300", "2025-01-08", ["2024"]),
        ("2024年，全市共办理商标质押登记46件，全年质押金额8.6亿元。", "341300", "2025-01-15", ["2024"] * 2),
    ],
)  # fmt: skip
def test_daily_monthly_and_year_end_bulletins(text: str, region: str, published: str, periods: list[str]) -> None:
    assert [m["period"] for m in mentions(text, region=region, published=_d(published))] == periods


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("我市营商环境评价居全省第三位。", "2024-11-10", [("3", "rank", "2024")]),
        ("全年，全市新设经营主体增速居全省第2位。", "2025-01-20", [("2", "rank", "2024")]),
        (
            "前三季度，全市规上工业增加值增长8.1%，增速居全省第四位。",
            "2024-10-20",
            [("8.1", "growth", "2024-01..2024-09"), ("4", "rank", "2024-01..2024-09")],
        ),
        (
            "1-6月，全市新登记企业增速位列全省16市第1位。",
            "2024-07-15",
            [("1", "rank", "2024-01..2024-06")],
        ),
        (
            "二〇二四年度全省质量工作考核中，我市位居第二名。",
            "2025-02-10",
            [("2", "rank", "2024")],
        ),
    ],
)
def test_ranks_take_the_time_of_their_figure_or_sentence(text: str, published: str, expected: list) -> None:
    found = mentions(text, region="370700", published=_d(published))
    assert _fields(found, "value", "kind", "period") == expected
    assert {m["unit"] for m in found if m["kind"] == "rank"} == {"位"}


# ------------------------------------------------------------------ more bulletin styles


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("1—3季度全市新设外资企业126家。", "2024-10-20", [("新设外资企业", "2024-01..2024-09")]),
        ("第三季度末，全市实有个体工商户38.6万户。", "2024-10-20", [("实有个体工商户", "2024-09")]),
        (
            "全市市场监管系统2024年第二季度食品安全监督抽检信息通报\n本季度共抽检食品2130批次，合格率98.4%。",
            "2024-07-20",
            [("抽检食品", "2024-04..2024-06"), ("合格率", "2024-04..2024-06")],
        ),
    ],
)
def test_a_quarter_stays_out_of_the_subject(text: str, published: str, expected: list) -> None:
    found = mentions(text, region="370200", published=_d(published))
    assert [(m["subject"], m["period"]) for m in found] == expected


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("预计到年底，全市经营主体总量将突破50万户。", "2024-09-10", [(True, "2024", "at_least")]),
        ("确保全年食品抽检合格率不低于98%。", "2024-03-10", [(True, "2024", "at_least")]),
        ("市局将继续加大抽检力度。1-5月，全市抽检食品2360批次。", "2024-06-10", [(False, "2024-01..2024-05", "exact")]),
        ("力争到2025年，全市“专精特新”企业达到300家以上。", "2024-03-20", [(True, "2025", "at_least")]),
        (
            "12315平台全年受理投诉举报6.3万件，办结率99.6%，为消费者挽回经济损失1260.5万元。",
            "2025-02-10",
            [(False, "2024", "exact")] * 3,
        ),
        (
            "二〇二四年全市国民经济和社会发展统计公报\n全年实现地区生产总值5230.6亿元，比上年增长5.8%。",
            "2025-03-20",
            [(False, "2024", "exact")] * 2,
        ),
        (
            "1-10月，全市规模以上工业增加值同比增长7.2%，增速比1-9月回落0.3个百分点。",
            "2024-11-20",
            [(False, "2024-01..2024-10", "exact")] * 2,
        ),
    ],
)
def test_plans_and_results_in_bulletin_prose(text: str, published: str, expected: list) -> None:
    found = mentions(text, region="370200", published=_d(published))
    assert [(m["target"], m["period"], m["approx"]) for m in found] == expected


def test_a_place_in_an_aside_on_what_a_district_covers_leaves_the_district() -> None:
    m = one("长清区（含济南经济开发区）新登记企业1260户。", region="370100", published=date(2024, 5, 10))
    assert (m["region_code"], m["region_source"]) == ("370113", "text")
    m = one("历下区(不含高新区)新登记企业2860户。", region="370100", published=date(2024, 5, 10))
    assert m["region_code"] == "370102"


@pytest.mark.parametrize(
    "text",
    ["泰国、越南等东盟国家客商签约项目9个。", "美国、德国企业在我市新设外资企业6家。", "日本、韩国客商签约项目12个。"],
)
def test_a_list_of_countries_before_a_nationality_noun_places_nothing(text: str) -> None:
    m = one(text, region="450100", published=date(2024, 5, 10))
    assert (m["region_code"], m["region_source"]) == ("450100", "publisher")


@pytest.mark.parametrize(
    ("text", "region", "published", "title", "expected"),
    [
        ("全市地区生产总值3260.5亿元，同比增长5.9%。", "370000", "2024-10-25", "2024年一至三季度潍坊市经济运行情况",
         [("370700", "2024-01..2024-09")] * 2),
        ("全县新登记经营主体3260户。", "371300", "2024-04-15", "沂水县二〇二四年第一季度市场主体发展情况",
         [("371323", "2024-01..2024-03")]),
        ("全市实有经营主体86.3万户。", "370200", "2024-10-15", "2024年三季度末全市经营主体发展情况",
         [("370200", "2024-09")]),
        ("一、经营主体发展情况\n截至二〇二四年九月底，全县实有经营主体5.26万户。", "371326", "2024-10-15", None,
         [("371326", "2024-09")]),
        ("二〇二四年十二月份，全市抽检食品980批次。", "370200", "2025-01-10", None, [("370200", "2024-12")]),
    ],
)  # fmt: skip
def test_titles_and_headings_in_numerals_and_quarters(
    text: str, region: str, published: str, title: str | None, expected: list
) -> None:
    found = mentions(text, region=region, published=_d(published), title=title)
    assert [(m["region_code"], m["period"]) for m in found] == expected


def test_a_county_work_summary_published_early_next_year() -> None:
    text = (
        "沂南县市场监督管理局2024年工作总结\n"
        "2024年，县市场监管局紧紧围绕县委县政府中心工作，各项工作取得新成效。\n"
        "一、经营主体持续增长。全年新登记经营主体8620户，同比增长5.6%，其中企业2130户、个体工商户6420户。"
        "截至12月底，全县实有经营主体7.82万户。\n"
        "二、食品安全形势稳定。全年完成食品抽检3260批次，完成年度计划的108.7%，抽检合格率98.2%。\n"
        "三、营商环境持续优化。全县营商环境评价居全市第二位。\n"
        "2025年，全县力争新登记经营主体9000户。"
    )
    found = mentions(text, region="371321", published=date(2025, 1, 20))
    assert _fields(found, "value", "kind", "period", "target") == [
        ("8620", "count", "2024", False),
        ("5.6", "growth", "2024", False),
        ("2130", "count", "2024", False),
        ("6420", "count", "2024", False),
        ("78200", "count", "2024-12", False),
        ("3260", "count", "2024", False),
        ("108.7", "ratio", "2024", False),
        ("98.2", "ratio", "2024", False),
        ("2", "rank", "2024", False),
        ("9000", "count", "2025", True),
    ]
    assert {m["region_code"] for m in found} == {"371321"}
    assert [m["indicator"] for m in found][2:4] == ["new_market_entities", "new_market_entities"]  # parts of a flow


@pytest.mark.parametrize(
    ("text", "published", "period"),
    [
        ("4月25日0-24时，全市共出动执法人员326人次。", "2024-04-26", "2024-04"),
        ("5月1日至5日，全市受理消费投诉286件。", "2024-05-06", "2024-05"),
        ("11月11日至11月20日，全市开展专项检查，检查电商企业120家。", "2024-11-25", "2024-11"),
        ("2024年10月1日—7日，全市12315热线接听来电1862个。", "2024-10-08", "2024-10"),
        ("4月1日至6月30日，全市开展专项行动，检查加油站126家。", "2024-07-05", "2024-04..2024-06"),
        ("4月25日，全市共出动执法人员326人次。", "2024-05-10", "2024"),  # a day that dates an event
    ],
)
def test_days_of_one_month_report_that_month(text: str, published: str, period: str) -> None:
    assert one(text, region="330100", published=_d(published))["period"] == period


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("依据《中华人民共和国产品质量法》第五十条，责令停止销售，并处货值金额2倍罚款2.4万元。", [("24000", "元")]),
        ("对当事人处违法所得3倍以下的罚款，共计罚没款8.6万元。", [("86000", "元")]),
        ("其中，济南(32.6%)、青岛(28.1%)占比居前两位。", [("32.6", "%"), ("28.1", "%")]),
        ("我市食品抽检量位列全省前三名，达到每千人5.2批次。", [("5.2", "批次/千人")]),
    ],
)
def test_a_penaltys_legal_multiple_and_the_top_places_as_a_group_are_no_figures(text: str, values: list) -> None:
    found = mentions(text, region="370000", published=date(2024, 9, 15))
    assert [(str(m["value"]), m["unit"]) for m in found] == values


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("据初步测算，全年全市地区生产总值预计增长5.8%左右。", "2025-01-10", [(False, "2024", "about")]),
        ("预计1-11月全市规上工业增加值增长6.5%。", "2024-12-10", [(False, "2024-01..2024-11", "exact")]),
        ("预计全年全市地区生产总值增长6%左右。", "2024-12-10", [(True, "2024", "about")]),  # still a forecast
        ("2025年预计全市新登记经营主体6万户。", "2025-01-10", [(True, "2025", "exact")]),
        (
            "今年全市经济社会发展的主要预期目标是：地区生产总值增长5.5%左右，一般公共预算收入增长3%。",
            "2025-02-10",
            [(True, "2025", "about"), (True, "2025", "exact")],
        ),
    ],
)
def test_an_estimate_of_a_period_already_over_is_a_result(text: str, published: str, expected: list) -> None:
    found = mentions(text, region="370700", published=_d(published))
    assert [(m["target"], m["period"], m["approx"]) for m in found] == expected


@pytest.mark.parametrize(
    ("text", "published", "periods"),
    [
        ("在省市场监管局公布的2024年度考核结果中，烟台市位居全省第二位，青岛市位居第四位。", "2025-02-20",
         ["2024", "2024"]),
        ("在全省2024年营商环境评价中，我市获评优秀等次，综合得分居全省第3位。", "2025-03-05", ["2024"]),
        ("在2024年全省质量工作会议上，我市食品抽检合格率98.9%，居全省第一。", "2025-02-10", ["2024", "2024"]),
    ],
)  # fmt: skip
def test_a_frame_opening_the_sentence_dates_its_ranks(text: str, published: str, periods: list[str]) -> None:
    assert [m["period"] for m in mentions(text, region="370000", published=_d(published))] == periods


# ------------------------------------------------------------------ known gaps


def test_the_base_year_of_a_change_dates_only_the_base() -> None:
    found = mentions("全县个体工商户由1998年的3200户增加到4.6万户。", region="371326", published=date(2024, 6, 25))
    assert [m["period"] for m in found] == ["1998", "2024"]
    found = mentions(
        "全市经营主体从2019年的52.3万户增至2023年的86.1万户。", region="370100", published=date(2024, 6, 25)
    )
    assert [m["period"] for m in found] == ["2019", "2023"]


def test_ranks_listed_after_a_list_of_places_go_to_each_place() -> None:
    found = mentions(
        "莱州市、招远市新登记企业分别增长12.3%和8.6%，增速分列全市第一、第二位。",
        region="370600",
        published=date(2024, 10, 20),
    )
    assert [m["region_code"] for m in found] == ["370683", "370685", "370683", "370685"]
    found = mentions("莱州市、招远市新登记企业增长12.3%和8.6%，分别位居全市第一、第二位。", region="370600")
    assert [m["region_code"] for m in found if m["kind"] == "rank"] == ["370683", "370685"]


@pytest.mark.parametrize(
    ("text", "published", "periods"),
    [
        ("全市新登记经营主体5.6万户，比上年增长8%。", "2025-01-20", ["2024", "2024"]),
        ("全市共有国家级高新技术企业2360家，比上年末净增426家。", "2025-01-20", ["2024", "2024"]),
        ("全市实有经营主体92.3万户，比上年末增长6.1%。", "2024-08-20", ["2024", "2024"]),  # mid-year: this year
        ("全市新登记经营主体5.6万户，同比增长8%。", "2025-01-20", ["2025", "2025"]),  # 同比 names no whole year
        ("全市力争新登记经营主体6万户，比上年增长7%。", "2025-01-20", ["2025", "2025"]),  # a plan
    ],
)
def test_a_comparison_with_last_year_as_a_whole_early_in_the_year_reports_last_year(
    text: str, published: str, periods: list[str]
) -> None:
    assert [m["period"] for m in mentions(text, region="370200", published=_d(published))] == periods


@pytest.mark.parametrize(
    ("text", "region", "code"),
    [
        ("通州市新设企业860家。", "320600", "320612"),  # Nantong's, though Beijing has a 通州区 too
        ("吴江市新设企业860家。", "320500", "320509"),
        ("文登市新设企业860家。", "371000", "371003"),
        ("兖州市新设企业860家。", "370800", "370812"),
    ],
)
def test_a_former_county_level_city_goes_to_its_district(text: str, region: str, code: str) -> None:
    m = one(text, region=region, published=date(2024, 5, 10))
    assert (m["region_code"], m["region_source"]) == (code, "successor")
