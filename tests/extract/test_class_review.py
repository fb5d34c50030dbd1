"""Adversarial review of issue 17's classes: new sentences per class that were misread, now right."""

from __future__ import annotations

from datetime import date

import pytest

from tests.extract.helpers import mentions, one

# ------------------------------------------------------------------ periods


def test_a_single_month_beside_its_year_to_date_span_keeps_its_month() -> None:
    found = mentions("1—5月，全市新登记企业1.8万户；5月当月新登记企业4120户。", published=date(2024, 6, 15))
    assert [m["period"] for m in found] == ["2024-01..2024-05", "2024-05"]
    found = mentions("1-12月，全省新设经营主体136万户，其中12月单月新设9.8万户。", published=date(2024, 1, 20))
    assert [m["period"] for m in found] == ["2023-01..2023-12", "2023-12"]


def test_this_month_is_the_month_of_publication() -> None:
    assert one("本月，全市共办理企业注销登记830户。", published=date(2024, 5, 31))["period"] == "2024-05"


def test_a_month_in_chinese_numerals_is_that_month() -> None:
    assert one("十一月份，全市消费品抽检不合格率为2.3%。", published=date(2024, 12, 10))["period"] == "2024-11"
    assert one("截至十二月底，全市实有经营主体112.6万户。", published=date(2025, 1, 10))["period"] == "2024-12"


def test_since_a_month_runs_to_the_publication() -> None:
    assert one("3月份以来，全市共检查农贸市场120家次。", published=date(2024, 5, 8))["period"] == "2024-03..2024-05"


def test_a_year_in_review_without_its_number_is_last_year_early_in_the_next() -> None:
    found = mentions("一年来，全市新增“专精特新”中小企业215家，总数居全省第一位。", published=date(2024, 1, 22))
    assert [m["period"] for m in found] == ["2023", "2023"]
    found = mentions("年末全市常住人口1252.2万人，比上年末增加14.3万人。", published=date(2024, 3, 18))
    assert [m["period"] for m in found] == ["2023", "2023"]


def test_a_bulletin_title_given_apart_from_the_text_dates_its_figures() -> None:
    m = one("全年全市接待游客1260万人次。", published=date(2024, 5, 20), title="丽江市2023年国民经济和社会发展统计公报")
    assert m["period"] == "2023"


def test_year_end_and_one_year_words_still_plan_when_a_deadline() -> None:
    m = one("力争到年底全市新建充电桩3000个。", published=date(2024, 3, 10))
    assert (m["target"], m["period"]) == (True, "2024")


# ------------------------------------------------------------------ targets


def test_a_goal_a_result_is_compared_with_plans_nothing() -> None:
    found = mentions("今年1-8月，全市固定资产投资同比增长5.6%，比全年目标高0.6个百分点。", published=date(2024, 9, 10))
    assert [m["target"] for m in found] == [False, False]


@pytest.mark.parametrize(
    "text",
    [
        "全年计划抽检食品3000批次，实际完成抽检3215批次，完成率107.2%。",
        "当年计划完成投资80亿元，实际完成投资86.3亿元，完成率107.9%。",
    ],
)
def test_the_actual_figure_after_a_plan_is_a_result(text: str) -> None:
    assert [m["target"] for m in mentions(text, published=date(2024, 1, 20))] == [True, False, False]


# ------------------------------------------------------------------ regions


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("全省抽检复合肥料产品126批次。", "370000"),  # 合肥
        ("全市培育壮大连锁经营企业52家。", "370200"),  # 大连
        ("全省沿海口岸进出口货值1200亿元。", "370000"),  # 海口
        ("全省建设美丽江村示范点32个。", "320000"),  # 丽江
        ("新建确保定期巡查网点36个。", "370200"),  # 保定
        ("我市在华东营业网点达到120个。", "370200"),  # 东营
    ],
)
def test_a_city_name_cut_out_of_a_common_word_places_nothing(text: str, region: str) -> None:
    m = one(text, region=region)
    assert (m["region_code"], m["region_source"]) == (region, "publisher")


@pytest.mark.parametrize("name", ["北海道", "吉隆坡", "乌兰巴托"])
def test_a_foreign_name_holding_a_chinese_one_is_abroad(name: str) -> None:
    m = one(f"{name}新设企业12家。", region="370200")
    assert (m["region"], m["region_code"], m["region_source"]) == (name, None, "foreign")


def test_the_chinese_place_inside_a_foreign_name_still_counts_on_its_own() -> None:
    assert one("乌兰县新设企业15家。", region="630000")["region_code"] == "632821"
    assert one("北海市新设企业15家。", region="450000")["region_code"] == "450500"


def test_next_year_is_a_plan_for_next_year() -> None:
    m = one("明年，全市力争新增市场主体10万户。", published=date(2024, 12, 10))
    assert (m["target"], m["period"]) == (True, "2025")


def test_a_requirement_with_its_threshold_is_a_target() -> None:
    assert one("市局要求各区县今年抽检批次不少于4批次/千人。", published=date(2024, 4, 10))["target"] is True
    assert one("抽检符合要求的样品128批次。", published=date(2024, 4, 10))["target"] is False


def test_will_before_a_work_verb_plans() -> None:
    found = mentions("根据计划，全年将抽检食品2万批次。1-6月累计抽检1.1万批次。", published=date(2024, 7, 10))
    assert [m["target"] for m in found] == [True, False]


def test_a_past_year_opening_a_part_after_a_semicolon_reports() -> None:
    text = "到2027年，全省经营主体总量达到1200万户；2023年底，全省经营主体总量为1050万户。"
    found = mentions(text, published=date(2024, 3, 10), region="330000")
    assert [(m["target"], m["period"]) for m in found] == [(True, "2027"), (False, "2023")]


def test_a_city_name_opening_a_street_name_places_nothing() -> None:
    m = one("南京路步行街新开门店52家。", region="310000")
    assert (m["region_code"], m["region_source"]) == ("310000", "publisher")
    assert one("南京新开门店52家。", region="320000")["region_code"] == "320100"


def test_a_place_the_firms_come_from_is_not_their_region() -> None:
    m = one("全市新设外资企业中，来自香港的企业126家。", region="440300")
    assert m["region_code"] == "440300"


def test_a_year_review_early_in_the_next_year_dates_its_later_sentences_too() -> None:
    text = "全年新增减税降费及退税缓费超过150亿元。在全省营商环境评价中，我市位列第一。"
    assert [m["period"] for m in mentions(text, published=date(2024, 2, 28))] == ["2023", "2023"]
    text = "全年力争新增减税降费150亿元。在全省营商环境评价中，我市位列第一。"
    assert [m["period"] for m in mentions(text, published=date(2024, 2, 28))] == ["2024", "2024"]
