"""Held-out-style sentences, round 9: rank changes, the product a pass rate is of, last year counted from the
sentence's own year, units wrapped onto the next line, and places kept out of subjects.

Written for this round (not taken from the corpus or other tests), in the register of city, county and
provincial bureaus. Each class has several forms; the grammar is fixed for the class, not for one string.
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.extract.helpers import mentions, one


def _read(text: str, **kw) -> list[tuple[str, str, str]]:
    return [(str(m["value"]), m["unit"], m["kind"]) for m in mentions(text, **kw)]


# ------------------------------------------------------------------ rank changes


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023年，全市营商环境评价较上年前移1个位次。", ("1", "位", "rank")),
        ("全市知识产权保护指数排名上升3位。", ("3", "位", "rank")),
        ("我县营商环境在全省排名提升2个名次。", ("2", "位", "rank")),
        ("在全省高质量发展综合绩效考核中，我区位次前移4位。", ("4", "位", "rank")),
        ("全县县域经济综合实力排名较去年前进了5名。", ("5", "位", "rank")),
        # a fall of a rank is negative, like every fall
        ("全区排名下降2个位次。", ("-2", "位", "rank")),
        ("受多重因素影响，我市该项指标位次后移1位。", ("-1", "位", "rank")),
        ("全市食品安全评议排名较上年下滑3个名次。", ("-3", "位", "rank")),
    ],
)
def test_a_rank_change_is_a_rank_in_places_not_a_count(text: str, expected: tuple[str, str, str]) -> None:
    assert _read(text) == [expected]


def test_a_rank_and_its_change_side_by_side() -> None:
    assert _read("我县在全省县域营商环境评价中位列第5位，较上年前进3位。") == [("5", "位", "rank"), ("3", "位", "rank")]


def test_a_rank_change_maps_to_no_rank_row_and_quotes_its_measure() -> None:
    m = one("全市营商环境评价较上年前移1个位次。")
    assert m["indicator"] == "unclassified"  # (a change is not the rank the rank rows hold)
    assert m["quote"].endswith("前移1个位次")
    assert m["subject"] == "营商环境评价排名变化"


@pytest.mark.parametrize(
    "text",
    [
        "全市事故死亡人数下降3名。",  # people, not places of a ranking
        "全市专利转化率提升2个百分点。",
        "全年新增执法人员12名，新增检查站3个。",
    ],
)
def test_counts_beside_the_same_verbs_stay_what_they_were(text: str) -> None:
    assert all(m["kind"] != "rank" for m in mentions(text))


# ------------------------------------------------------------------ a pass rate is of the product checked


@pytest.mark.parametrize(
    ("text", "indicator"),
    [
        ("今年1-6月，全市抽检药品320批次，合格率99.2%。", "drug_sampling_pass_rate"),
        ("全县共完成药品抽检126批次，抽检合格率为100%。", "drug_sampling_pass_rate"),
        ("全市共抽检化妆品150批次，抽检合格率98.7%。", "unclassified"),  # (no catalog row: never food's)
        ("全市抽检医疗器械86批次，合格率97.5%。", "unclassified"),
        ("全年监督抽查工业产品420批次，合格率93.1%。", "product_quality_pass_rate"),
        ("我市产品抽查合格率为94.5%，高于全省平均。", "product_quality_pass_rate"),
        ("全市完成食品抽检5000批次，合格率98.5%。", "food_sampling_pass_rate"),
        ("全区抽检食用农产品1200批次，总体合格率99.1%。", "food_sampling_pass_rate"),
    ],
)
def test_a_pass_rate_maps_to_the_product_its_sentence_checked(text: str, indicator: str) -> None:
    rates = [m for m in mentions(text) if m["unit"] == "%"]
    assert [m["indicator"] for m in rates] == [indicator]


def test_the_product_nearest_the_rate_decides() -> None:
    found = mentions("全市抽检食品3200批次，合格率98.6%；抽检药品260批次，合格率99.6%。")
    assert [m["indicator"] for m in found if m["unit"] == "%"] == ["food_sampling_pass_rate", "drug_sampling_pass_rate"]


# ------------------------------------------------------------------ last year counted from the sentence's year


@pytest.mark.parametrize(
    ("text", "periods"),
    [
        ("2022年，全市新登记经营主体1.2万户，上年同期为1.1万户。", ["2022", "2021"]),
        ("2022年全市实现税收收入56亿元，上年为51亿元。", ["2022", "2021"]),
        ("2021年，全县查办案件356件，上年末实有企业2.1万户。", ["2021", "2020"]),
        ("2020年全市地区生产总值4500亿元，较去年增长3.1%，去年同期增速为6.2%。", ["2020", "2020", "2019"]),
        ("全市2022年新登记企业3200户，去年新登记2900户。", ["2022", "2021"]),
        # 同期 is the sentence's own span a year earlier
        ("2023年1-6月，全市新增企业1200户，去年同期为1100户。", ["2023-01..2023-06", "2022-01..2022-06"]),
        ("今年1-5月，全市查办案件860件，去年同期为790件。", ["2024-01..2024-05", "2023-01..2023-05"]),
    ],
)
def test_last_year_counts_back_from_the_year_the_sentence_named(text: str, periods: list[str]) -> None:
    assert [m["period"] for m in mentions(text)] == periods


def test_a_comparison_with_last_year_leaves_the_figure_in_its_year() -> None:
    found = mentions("2022年，全市实现地区生产总值5000亿元，比上年增长5%。", published=date(2023, 2, 10))
    assert [m["period"] for m in found] == ["2022", "2022"]


def test_last_year_alone_still_counts_back_from_the_article() -> None:
    assert [m["period"] for m in mentions("去年，全市共查办各类案件2356件。")] == ["2023"]


# ------------------------------------------------------------------ a unit wrapped onto the next line


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("全年共计发放补贴资金共计 1234\n万元。", [("12340000", "元", "amount")]),
        ("全市累计查办案件 356\n件，罚没款 1280\n万元。", [("356", "件", "count"), ("12800000", "元", "amount")]),
        ("全市社零额286.3亿\n元，同比增长6.2%。", [("28630000000", "元", "amount"), ("6.2", "%", "growth")]),
        ("全市新登记企业1.2万\n户，同比增长5%。", [("12000", "户", "count"), ("5", "%", "growth")]),
        ("全市网络零售额增长12.3\n%。", [("12.3", "%", "growth")]),
        ("惠及企业 326 \n家。", [("326", "家", "count")]),
        ("全县发放贷款12.5\r\n亿元。", [("1250000000", "元", "amount")]),
    ],
)
def test_a_unit_on_the_next_line_is_the_figures_unit(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert _read(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "完成投资12\n项目建设稳步推进。",  # 项 opens the next line's word
        "企业数\n1234\n户数\n56",
        "全市新增1.2万\n户籍人口。",
    ],
)
def test_a_word_opening_the_next_line_is_no_unit(text: str) -> None:
    assert mentions(text) == []


def test_a_wrapped_figure_keeps_its_sentence_together() -> None:
    found = mentions("泰山区新登记企业1.2万\n户，同比增长5%。", region="370900")
    assert [(m["region"], m["indicator"]) for m in found] == [
        ("泰安市泰山区", "new_market_entities"),
        ("泰安市泰山区", "new_market_entities_growth"),
    ]


# ------------------------------------------------------------------ the place is the region, not the subject


@pytest.mark.parametrize(
    ("text", "subject", "region"),
    [
        ("山东省实有经营主体1430万户。", "实有经营主体", "山东省"),
        ("青岛市黄岛区新登记企业3210户。", "新登记企业", "青岛市黄岛区"),
        ("截至6月底，济南市历城区实有经营主体22.3万户。", "实有经营主体", "济南市历城区"),
        ("长清区新登记企业560户。", "新登记企业", "济南市长清区"),
        ("其中，东营市新增企业1200户。", "新增企业", "东营市"),
        ("2023年，泰安市累计发放创业担保贷款1.2亿元。", "累计发放创业担保贷款", "泰安市"),
    ],
)
def test_a_place_opening_the_subject_is_its_region_only(text: str, subject: str, region: str) -> None:
    m = one(text, region="370100")
    assert (m["subject"], m["region"]) == (subject, region)
    assert not m["quote"].startswith(("市", "区", "省"))  # (the quote does not open inside the name)


def test_a_growth_borrowing_the_subject_leaves_the_place_out_too() -> None:
    found = mentions("青岛市黄岛区新登记企业3210户，同比增长6.5%。")
    assert [m["subject"] for m in found] == ["新登记企业", "新登记企业增长"]


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("青岛啤酒股份有限公司实现营业收入339亿元。", "青岛啤酒股份有限公司实现营业收入"),
        ("东营港完成货物吞吐量6000万吨。", "东营港完成货物吞吐量"),
        ("新泰市场监管局抽检食品320批次。", "市场监管局抽检食品"),
    ],
)
def test_a_name_that_goes_on_past_the_place_stays_whole(text: str, subject: str) -> None:
    assert one(text, region="370100")["subject"] == subject


def test_a_customs_district_named_after_a_city_does_not_place_the_figure() -> None:
    m = one("青岛海关查获侵权货物1200件。", region="370100")
    assert (m["region"], m["region_source"]) == ("济南市", "publisher")


# ------------------------------------------------------------------ a bare name that is a word too


@pytest.mark.parametrize(
    "text",
    [
        "开封后发现不合格产品12件。",
        "抽检中，开封后即发现变质食品3批次。",
        "日照时数较常年偏多120小时，全市新增企业12家。",
        "来宾们参观了12家企业。",
    ],
)
def test_a_word_that_is_also_a_place_places_nothing(text: str) -> None:
    assert {m["region_source"] for m in mentions(text, region="370100")} == {"publisher"}


@pytest.mark.parametrize(
    ("text", "region"),
    [("开封新增企业120户。", "开封市"), ("日照新增企业320户。", "日照市"), ("来宾市新增企业320户。", "来宾市")],
)
def test_the_same_names_as_places_still_place(text: str, region: str) -> None:
    assert one(text, region="370100")["region"] == region


# ------------------------------------------------------------------ a year in review, its 全年 mid-sentence


def test_a_bare_full_year_later_in_the_sentence_reviews_last_year_early_in_the_next() -> None:
    found = mentions("全市有效注册商标总量达到15.6万件，全年新增注册商标2.1万件。", published=date(2024, 2, 15))
    assert [m["period"] for m in found] == ["2023", "2023"]


def test_the_same_sentence_later_in_the_year_is_this_years() -> None:
    found = mentions("全市有效注册商标总量达到15.6万件，全年新增注册商标2.1万件。", published=date(2024, 11, 15))
    assert [m["period"] for m in found] == ["2024", "2024"]


# ------------------------------------------------------------------ a plan's reach ends at the stock as it stands


@pytest.mark.parametrize(
    ("text", "targets"),
    [
        ("今年力争新增经营主体2万户，确保抽检合格率稳定在98%以上，全市实有经营主体86.3万户。", [True, True, False]),
        ("全年力争新增经营主体2万户，全市现有经营主体86.3万户。", [True, False]),
        ("力争新增经营主体2万户，全市实有经营主体达到90万户。", [True, True]),  # the stock to reach
        ("计划新建智慧农贸市场12家，改造提升8家。", [True, True]),
    ],
)
def test_a_later_clause_reporting_the_stock_is_no_target(text: str, targets: list[bool]) -> None:
    assert [m["target"] for m in mentions(text, published=date(2024, 10, 15))] == targets


# ------------------------------------------------------------------ a partner or a destination places nothing


@pytest.mark.parametrize(
    "text",
    [
        "我市与临沂市签订合作协议3项。",
        "全市企业赴临沂市考察学习12次。",
        "我区同历城区联合开展检查8次。",
        "本市企业与潍坊市企业签约项目6个。",
    ],
)
def test_a_place_after_our_region_and_with_is_a_partner(text: str) -> None:
    assert [m["region"] for m in mentions(text, region="370300")] == ["淄博市"]


def test_a_place_that_opens_the_clause_still_places() -> None:
    assert one("临沂市新增企业1200户。", region="370300")["region"] == "临沂市"


# ------------------------------------------------------------------ flows, stocks and exits


@pytest.mark.parametrize(
    ("text", "indicators"),
    [
        (
            "全市新登记个体工商户3.2万户，注销1.1万户。",
            ["new_market_entities", "unclassified"],  # (deregistrations: neither the new ones nor the stock)
        ),
        ("全市实有个体工商户46.2万户，吊销营业执照1260户。", ["individual_businesses", "unclassified"]),
        ("全市累计注册商标15.6万件，其中当年新增1.8万件。", ["trademarks_registered", "new_trademarks_registered"]),
        ("全市新登记市场主体3.2万户，实有市场主体58.6万户。", ["new_market_entities", "market_entities"]),
    ],
)
def test_flows_stocks_and_exits_map_apart(text: str, indicators: list[str]) -> None:
    assert [m["indicator"] for m in mentions(text)] == indicators


# ------------------------------------------------------------------ a density's gap or change is in its unit


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("全市万人发明专利拥有量8.6件，高于全省平均2.1件。", [("8.6", "件/万人"), ("2.1", "件/万人")]),
        ("全市每万人口发明专利拥有量12.6件，较上年提高1.3件。", [("12.6", "件/万人"), ("1.3", "件/万人")]),
        ("全区每万人口高价值发明专利拥有量3.2件，低于全市平均水平0.8件。", [("3.2", "件/万人"), ("0.8", "件/万人")]),
        ("全市每千人拥有经营主体86.3户，比上年末增加4.1户。", [("86.3", "户/千人"), ("4.1", "户/千人")]),
        # a count of another thing beside the density stays a count
        ("全市每万人口发明专利拥有量12.6件，全年增加发明专利授权3200件。", [("12.6", "件/万人"), ("3200", "件")]),
        ("全市每万人口发明专利拥有量12.6件，新增有效发明专利860件。", [("12.6", "件/万人"), ("860", "件")]),
    ],
)
def test_a_gap_or_change_after_a_density_is_that_density(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(str(m["value"]), m["unit"]) for m in mentions(text)] == expected


# ------------------------------------------------------------------ planned changes, declared goals, completions


@pytest.mark.parametrize(
    ("text", "targets"),
    [
        ("力争全年新增经营主体2万户，同比增长10%以上。", [True, True]),
        ("今年全市计划投资12亿元，同比增长15%。", [True, True]),
        ("力争全年新增经营主体2万户，比去年增长10%。", [True, True]),
        # an elapsed time or something done still reports
        ("全年计划抽检食品3000批次，1-6月完成1600批次，同比增长5%。", [True, False, False]),
        ("今年全区计划新增经营主体8000户，全区全年新增经营主体9126户，同比增长6.1%。", [True, False, False]),
    ],
)
def test_a_change_stated_beside_a_plan_is_planned_too(text: str, targets: list[bool]) -> None:
    assert [m["target"] for m in mentions(text, published=date(2024, 9, 15))] == targets


@pytest.mark.parametrize(
    ("text", "targets"),
    [
        ("全市年度目标任务是新增企业1.5万户，1-5月已新增0.8万户，完成全年目标的53.3%。", [True, False, False]),
        ("全市今年的目标任务为：新登记经营主体3万户，食品抽检1万批次。", [True, True]),
        ("全市圆满完成年度目标任务，新增企业1.6万户。", [False]),
    ],
)
def test_a_declared_goal_task_plans_and_a_completed_one_does_not(text: str, targets: list[bool]) -> None:
    assert [m["target"] for m in mentions(text, published=date(2024, 7, 15))] == targets


def test_a_completion_ratio_takes_the_elapsed_time_of_the_clause_before() -> None:
    found = mentions("全市年度目标任务是新增企业1.5万户，1-5月已新增0.8万户，完成全年目标的53.3%。")
    assert [m["period"] for m in found] == ["2024", "2024-01..2024-05", "2024-01..2024-05"]


# ------------------------------------------------------------------ quarters in Arabic digits


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("第1季度全市新增企业3200户。", "2024-01..2024-03"),
        ("2024年3季度，全市查办案件620件。", "2024-07..2024-09"),
        ("前3季度，全市新登记经营主体5.2万户。", "2024-01..2024-09"),
        ("截至3季度末，全市实有经营主体86万户。", "2024-09"),
        ("第2季度，全区抽检食品860批次。", "2024-04..2024-06"),
    ],
)
def test_a_quarter_in_arabic_digits_dates_its_figures(text: str, period: str) -> None:
    m = one(text, published=date(2024, 11, 15))
    assert m["period"] == period
    assert "季度" not in m["subject"]


def test_an_ordinal_round_is_no_quarter() -> None:
    assert one("全市第3轮督查共发现问题26个。", published=date(2024, 11, 15))["period"] == "2024"
