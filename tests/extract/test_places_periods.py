"""Places inside other words or names, foreign places, and reporting periods (own examples)."""

from __future__ import annotations

from datetime import date

from tests.extract.helpers import mentions, one


def test_a_bare_two_character_place_inside_a_word_is_no_place() -> None:
    m = one("今年以来，我市在巴中国际物流园新增企业12家。", region="370200")
    assert (m["region_code"], m["region_source"]) == ("370200", "publisher")


def test_a_two_character_place_at_a_boundary_or_with_its_suffix_still_counts() -> None:
    assert one("达州、巴中新增企业12家。", region="510000")["region_code"] == "511900"
    assert one("巴中市国际物流园新增企业12家。", region="510000")["region_code"] == "511900"
    assert one("泰安全市新增企业12家。", region="370000")["region_code"] == "370900"


def test_a_place_that_names_an_organisation_does_not_place_the_figure() -> None:
    m = one("我市青岛啤酒股份有限公司今年实现营业收入339亿元。", region="370100")
    assert (m["region_code"], m["region_source"]) == ("370100", "publisher")
    assert one("我市烟台银行新增贷款120亿元。", region="370200")["region_code"] == "370200"
    assert one("省内济南大学获批专利86件。", region="370600")["region_code"] == "370600"


def test_a_place_opening_a_clause_about_its_firms_still_places_it() -> None:
    assert one("青岛新增上市公司12家。", region="370000")["region_code"] == "370200"
    assert one("济南市市场监管局查处案件120件。", region="370000")["region_code"] == "370100"


def test_a_district_after_its_city_is_the_district() -> None:
    assert one("济南市历下区新增市场主体3000户。", region="370200")["region_code"] == "370102"
    assert one("山东省烟台市芝罘区新增市场主体3000户。", region="370000")["region_code"] == "370602"


def test_a_figure_about_a_foreign_city_has_no_region_code() -> None:
    m = one("东京新增企业120家。", region="370200")
    assert (m["region"], m["region_code"], m["region_source"]) == ("东京", None, "foreign")
    m = one("其中，新加坡新设企业45家。", region="370200")
    assert (m["region_code"], m["region_source"]) == (None, "foreign")


def test_a_foreign_place_the_work_went_to_is_not_the_subject() -> None:
    assert one("全市对美国出口额120亿元。", region="370200")["region_code"] == "370200"
    assert one("在东京举办的展会上，我市企业签约金额5.6亿元。", region="370200")["region_code"] == "370200"
    assert one("全区马德里商标国际注册申请7件。", region="370113")["region_code"] == "370113"
    assert one("青岛对韩国出口增长12%。", region="370000")["region_code"] == "370200"


def test_a_stock_at_a_month_end_and_a_month_bulletin_report_the_month() -> None:
    assert one("截至6月底，全市实有市场主体142.3万户。", published=date(2024, 7, 15))["period"] == "2024-06"
    m = one("市局公布7月份食品抽检结果，共抽检1200批次。", published=date(2024, 8, 10))
    assert m["period"] == "2024-07"


def test_a_daily_bulletin_reports_its_month() -> None:
    assert one("5月3日0—24时，全市新增病例3例。", published=date(2024, 5, 4))["period"] == "2024-05"


def test_full_year_results_published_early_next_year_are_last_years() -> None:
    found = mentions("全年新登记市场主体31.2万户，居全省第三位。", published=date(2024, 2, 10))
    assert [m["period"] for m in found] == ["2023", "2023"]
    assert one("全年新登记市场主体31.2万户。", published=date(2024, 11, 20))["period"] == "2024"
    assert one("2022年全年，全市新登记市场主体31.2万户。", published=date(2024, 7, 1))["period"] == "2022"
    # a plan for the year stays this year's
    assert one("全年力争新登记市场主体35万户。", published=date(2024, 2, 10))["period"] == "2024"


def test_year_to_date_spans_stay_apart_from_single_months() -> None:
    found = mentions("1-8月，全市新登记企业3.1万户。8月，新登记企业4000户。", published=date(2024, 9, 10))
    assert [m["period"] for m in found] == ["2024-01..2024-08", "2024-08"]
    assert one("前8个月，全市新登记企业3.1万户。", published=date(2024, 9, 10))["period"] == "2024-01..2024-08"


def test_a_stock_as_of_a_day_reports_its_month() -> None:
    assert one("截止到6月30日，全市实有市场主体142.3万户。", published=date(2024, 7, 15))["period"] == "2024-06"
    # written without a year early in the next one: last year's December
    assert one("截至12月31日，全市实有市场主体142.3万户。", published=date(2024, 1, 15))["period"] == "2023-12"


def test_a_date_that_only_dates_an_event_does_not_narrow_the_period() -> None:
    assert one("4月25日，市局召开会议，检查企业120家。", published=date(2024, 4, 26))["period"] == "2024"


def test_full_year_with_a_relative_year_keeps_it() -> None:
    assert one("去年全年新登记市场主体31.2万户。", published=date(2024, 7, 10))["period"] == "2023"
    assert one("今年全年新登记市场主体预计35万户。", published=date(2024, 2, 10))["period"] == "2024"


def test_a_country_naming_a_nationality_places_nothing() -> None:
    assert one("日本企业在我市投资15亿元。", region="370200")["region_code"] == "370200"
