"""Region, period, target and indicator resolution."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from provind.extract.indicators import catalog
from provind.extract.regions import gazetteer

from .helpers import mentions, one

# ------------------------------------------------------------------ regions


def test_alias_short_name_maps_to_the_official_name():
    m = one("其中青岛发明专利授权5000件。", region="370000")
    assert (m["region"], m["region_code"]) == ("青岛市", "370200")


def test_falls_back_to_the_publishing_bureau():
    m = one("全区累计受理投诉8373件。", region="370113")
    assert (m["region"], m["region_code"]) == ("济南市长清区", "370113")
    m = one("该局累计受理投诉8373件。", region="370113")
    assert (m["region"], m["region_code"]) == ("济南市长清区", "370113")


@pytest.mark.parametrize(
    ("text", "home", "code"),
    [
        ("全市累计受理投诉8373件。", "370113", "370100"),  # a district's article: 全市 is its city
        ("全市累计受理投诉8373件。", "370281", "370281"),  # 胶州市, a county-level city: itself
        ("全市累计受理投诉8373件。", "110105", "110000"),  # a Beijing district: the municipality
        ("全省累计受理投诉8373件。", "370200", "370000"),
        ("我市累计受理投诉8373件。", "370200", "370200"),
        ("今年以来，全国累计受理投诉8373件。", "370200", "100000"),
        ("全县累计受理投诉8373件。", "330523", "330523"),
        ("该局受理投诉8373件，占全省的15.1%。", "370200", "370200"),  # not the subject
        ("全省会议典型发言9次；1项专利获国际金奖。", "371600", "371600"),  # an event, not a subject
        ("全省实有经营主体1452万户，同比增长5.3%。", "370200", "370000"),  # the change continues it
    ],
)
def test_level_words_as_subject(text, home, code):
    assert {m["region_code"] for m in mentions(text, region=home)} == {code}


def test_a_parent_named_in_a_company_name_does_not_move_the_figure():
    m = one(
        "协助济南铸锻所检验检测科技有限公司成功申请一项国际标准。",
        published=date(2020, 12, 1),
        region="370113",
    )
    assert m["region_code"] == "370113"


def test_bracketed_figures_belong_to_the_region_before_them():
    found = mentions("全省每万人高价值发明专利拥有量:青岛(58.99)、济南(45.2)。", region="370000")
    assert [(m["region_code"], m["value"], m["unit"], m["kind"]) for m in found] == [
        ("370200", Decimal("58.99"), "件/万人", "density"),
        ("370100", Decimal("45.2"), "件/万人", "density"),
    ]


def test_the_place_a_ranking_clause_names_owns_the_next_figure():
    def region(text: str) -> str:
        return one(text, published=date(2024, 2, 1), region="370000")["region_code"]

    assert region("16市中,增速最快的是日照,增长8.1%。") == "371100"
    assert region("合格率最高的为威海市,达99.5%。") == "371000"
    # a place named mid-clause without a ranking is not the subject of what follows
    assert region("本次评选的主办方是青岛,共有30家企业参加。") == "370000"
    assert region("活动在济南举办,全市12家企业获奖。") == "370000"


def test_regions_listed_before_fenbie_pair_with_the_figures():
    found = mentions("济南、青岛、烟台分别增长5.2%、4.8%和3.9%。", region="370000")
    assert [(m["region_code"], m["value"], m["kind"]) for m in found] == [
        ("370100", Decimal("5.2"), "growth"),
        ("370200", Decimal("4.8"), "growth"),
        ("370600", Decimal("3.9"), "growth"),
    ]


def test_national_average_is_the_country():
    found = mentions("全市食品抽检合格率98.9%,高于全国平均水平97.6%。", region="370200")
    assert [m["region_code"] for m in found] == ["370200", "100000"]


def test_gazetteer_is_year_aware():
    gaz = gazetteer()
    laiwu_2015 = [h.region.code for h in gaz.find("莱芜市", 2015, gaz.get("370000"))]
    laiwu_2021 = [h.region.code for h in gaz.find("莱芜市", 2021, gaz.get("370000"))]
    assert laiwu_2015 == ["371200"]
    assert laiwu_2021 == []
    assert [h.region.code for h in gaz.find("莱芜区", 2021, gaz.get("370100"))] == ["370116"]


def test_county_short_names_only_inside_the_publishers_city():
    gaz = gazetteer()
    assert [h.region.code for h in gaz.find("长清", 2020, gaz.get("370113"))] == ["370113"]
    assert [h.region.code for h in gaz.find("长清", 2020, gaz.get("440100"))] == []


# ------------------------------------------------------------------ periods


def test_months_of_this_year():
    m = one("今年1月至8月,全市发明专利授权936件。", published=date(2023, 11, 23))
    assert m["period"] == "2023-01..2023-08"


def test_month_range_with_hyphen_and_quarters():
    assert one("1-10月,新登记市场主体12.3万户。", published=date(2023, 11, 5))["period"] == "2023-01..2023-10"
    assert one("前三季度,全市生产总值增长5.1%。", published=date(2023, 10, 30))["period"] == "2023-01..2023-09"
    assert one("上半年,社会消费品零售总额增长7.2%。", published=date(2023, 7, 20))["period"] == "2023-01..2023-06"


def test_last_year_and_up_to_now():
    assert one("去年,全市查办案件1200件。", published=date(2023, 3, 1))["period"] == "2022"
    assert one("截至目前,已培育示范单位340家。", published=date(2020, 9, 1))["period"] == "2020"


def test_a_yearless_period_that_has_not_ended_by_publication_is_last_years():
    # reviews early in the year report the year before: 1-11月 in January cannot be this year's
    assert one("1-11月,全省新登记企业20.1万户。", published=date(2024, 1, 12))["period"] == "2023-01..2023-11"
    assert one("截至9月底,全省经营主体1400万户。", published=date(2024, 2, 1))["period"] == "2023-09"
    assert one("前三季度,全市生产总值增长5.8%。", published=date(2024, 1, 20))["period"] == "2023-01..2023-09"
    assert one("截止到11月底,全市新增企业2100家。", published=date(2024, 3, 1))["period"] == "2023-11"
    # a period that has ended keeps the publication year; a named year is never moved
    assert one("1-11月,全省新登记企业20.1万户。", published=date(2023, 12, 15))["period"] == "2023-01..2023-11"
    assert one("今年1-11月,全省新登记企业20.1万户。", published=date(2024, 1, 12))["period"] == "2024-01..2024-11"
    assert one("今年9月底,全省经营主体1400万户。", published=date(2024, 2, 1))["period"] == "2024-09"


def test_plans_and_deadlines_keep_the_year_ahead():
    march = date(2024, 3, 1)
    assert one("下半年,计划抽检食品2000批次。", published=march)["period"] == "2024-07..2024-12"
    assert one("力争10月底完成抽检1000批次。", published=march)["period"] == "2024-10"
    for deadline in ("6月底前完成抽检800批次。", "6月底之前完成抽检800批次。", "到6月底,完成抽检800批次。"):
        assert one(deadline, published=march)["period"] == "2024-06", deadline


def test_since_a_year_runs_to_the_article_year():
    m = one("2019年以来组织申报标准化试点项目13项。", published=None)
    assert m["period"] == "2019-01..2019-12"


def test_last_years_same_period_opening_a_sentence_does_not_move_the_year():
    found = mentions(
        "上年同期，全市新登记企业为1.98万户。全市新登记企业数量居全省第2位。",
        region="370100",
        published=date(2024, 10, 20),
    )
    assert [(m["value"], m["period"]) for m in found] == [(Decimal(19800), "2023"), (Decimal(2), "2024")]


def test_five_year_plan():
    assert one("十四五期间,全市新增发明专利1.2万件。", published=date(2023, 5, 1))["period"] == "2021-01..2025-12"


def test_a_leading_year_sets_the_running_year():
    text = "会议指出,2021年,全市市场监管工作成效明显。全市3家企业获中国质量提名奖。"
    assert one(text, published=date(2022, 1, 28))["period"] == "2021"


def test_a_year_inside_a_clause_covers_only_that_clause():
    text = "荣获2023年度优秀等次;6项重点任务全部按时序推进。"
    assert one(text, published=date(2024, 8, 14))["period"] == "2024"


# ------------------------------------------------------------------ targets


def test_target_words():
    assert one("力争实现20%以上增长。")["target"] is True
    assert one("确保全市特种设备登记率100%。")["target"] is True
    assert one("年底前,将有5项省级标准化试点迎来验收。")["target"] is True
    assert one("每年确定10个以上县作为创建单位。")["target"] is True
    assert one("全市查办案件1200件。")["target"] is False
    assert one("主要领导批示肯定12次。")["target"] is False


def test_a_work_plan_for_the_new_year_is_all_targets():
    text = "2022年全省市场监管系统坚持稳中求进。建设15家专利导航服务基地。"
    m = one(text, published=date(2022, 2, 18), region="370000")
    assert m["target"] is True and m["period"] == "2022"


# ------------------------------------------------------------------ indicators


def test_catalog_maps_subjects_and_keeps_unknowns():
    cat = catalog()
    assert cat.classify("今年1月至8月,全市发明专利授权", "count", "件") == "invention_patents_granted"
    assert cat.classify("食品抽检合格率", "ratio", "%") == "food_sampling_pass_rate"
    assert cat.classify("万人发明专利拥有量", "density", "件") == "invention_patents_per_10k"
    assert cat.classify("种植果树", "count", "棵") == "unclassified"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("全年共完成产品质量监督抽查1260批次，合格率96.8%。", "product_quality_pass_rate"),
        ("抽查工业产品852批次，合格率为95.2%。", "product_quality_pass_rate"),
        ("全市共抽检食品1200批次，合格率98.5%。", "food_sampling_pass_rate"),
    ],
)
def test_a_bare_pass_rate_is_of_what_the_clause_before_checked(text, code):
    assert [m["indicator"] for m in mentions(text) if m["unit"] == "%"] == [code]


def test_every_mention_has_an_indicator():
    found = mentions("发放贷款26.68亿元,种植果树300棵。")
    assert [m["indicator"] for m in found] == ["loans_to_small_firms", "unclassified"]


def test_a_comparison_keeps_the_per_capita_unit():
    found = mentions("每万人口高价值发明专利拥有量达到11.9件,比上年末增加2.1件。", region="370000")
    assert [(m["value"], m["unit"], m["kind"]) for m in found] == [
        (Decimal("11.9"), "件/万人", "density"),
        (Decimal("2.1"), "件/万人", "density"),
    ]


def test_comparison_with_last_year_does_not_date_the_figure():
    assert [m["period"] for m in mentions("全市查办案件1200件,比上年增长12%。", published=date(2023, 9, 1))] == [
        "2023",
        "2023",
    ]


def test_qizhong_shares_the_period_of_the_sentence_before():
    text = "截至10月底,全省实有经营主体1432.6万户。其中,企业412.3万户。"
    assert [m["period"] for m in mentions(text, published=date(2023, 11, 28))] == ["2023-10", "2023-10"]


def test_a_review_of_last_year_then_this_years_targets():
    text = "过去一年,全县地区生产总值增长5.8%。2024年主要预期目标是:地区生产总值增长6%左右。"
    found = mentions(text, published=date(2024, 1, 20), region="370124")
    assert [(m["period"], m["target"]) for m in found] == [("2023", False), ("2024", True)]


def test_gap_to_the_national_average_belongs_to_the_region():
    found = mentions("总体合格率98.6%,高于全国平均水平0.4个百分点。", region="370000")
    assert [m["region_code"] for m in found] == ["370000", "370000"]


def test_signed_figures():
    assert one("出口额增长-3.2%。")["value"] == Decimal("-3.2")


def test_a_bulletin_title_names_the_year_it_reports():
    text = "临沂市2023年国民经济和社会发展统计公报\n全年粮食总产量112.3万吨,比上年增长1.2%。"
    assert [m["period"] for m in mentions(text, published=date(2024, 4, 1), region="371300")] == ["2023", "2023"]


def test_a_year_and_quarter_after_a_lead_in():
    text = "记者从市市场监管局获悉,2023年前三季度,全市新登记经营主体9.8万户。"
    assert one(text, published=date(2023, 10, 25), region="370700")["period"] == "2023-01..2023-09"
