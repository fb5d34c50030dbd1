"""Issue 17's weak spots, read as classes: new sentences per class (none taken from the review)."""

from __future__ import annotations

from datetime import date

import pytest

from tests.extract.helpers import mentions

# ------------------------------------------------------------------ a plan and the year's result in one sentence


@pytest.mark.parametrize(
    ("text", "region", "targets"),
    [
        ("今年全区计划新增经营主体8000户，全区全年新增经营主体9126户，同比增长6.1%。", "330106", [True, False, False]),
        ("2024年计划培育专精特新企业５０家，2024年全年培育６２家。", "440100", [True, False]),
        ("全年力争抽检食品3000批次；全年完成抽检3215批次，合格率98.2%。", "510100", [True, False, False]),
        ("市局计划全年检查农贸市场400家次，全年共检查农贸市场452家次。", "420100", [True, False]),
        ("今年预计发放知识产权质押贷款20亿元，全年累计发放23.6亿元。", "350200", [True, False]),
        ("确保今年新增“小巨人”企业15家，全市全年新增18家。", "210200", [True, False]),
    ],
)
def test_a_clause_opening_on_the_year_after_a_plan_reports_the_result(
    text: str, region: str, targets: list[bool]
) -> None:
    found = mentions(text, published=date(2024, 12, 28), region=region)
    assert [m["target"] for m in found] == targets


def test_a_plan_word_inside_the_year_clause_still_plans() -> None:
    found = mentions("全年计划抽检食品3000批次，全年力争完成抽检3500批次。", published=date(2024, 12, 28))
    assert [m["target"] for m in found] == [True, True]


def test_the_plan_clause_itself_keeps_its_year_and_later_plan_clauses_stay_plans() -> None:
    found = mentions("计划全年新增经营主体1.2万户，其中企业4000户。", published=date(2024, 5, 8))
    assert [m["target"] for m in found] == [True, True]
    found = mentions("全年目标：新增经营主体1.5万户，全年抽检食品4000批次。", published=date(2024, 5, 8))
    assert [m["target"] for m in found] == [True, True]


# ------------------------------------------------------------------ the year to date up to a month end


@pytest.mark.parametrize(
    ("text", "published", "period"),
    [
        ("今年以来截至7月底，全区新登记经营主体6230户。", date(2024, 8, 12), "2024-01..2024-07"),
        ("今年以来，截至10月末，全省共查处食品安全案件1832件。", date(2023, 11, 20), "2023-01..2023-10"),
        ("年初至９月底，全市累计发放消费券2.6亿元。", date(2024, 10, 9), "2024-01..2024-09"),
        ("自年初至5月末，全县抽检农产品812批次。", date(2022, 6, 6), "2022-01..2022-05"),
        ("今年截至6月30日，全省新设外资企业426家。", date(2024, 7, 15), "2024-01..2024-06"),
        ("截至11月底，今年全市累计新增“个转企”312户。", date(2023, 12, 5), "2023-01..2023-11"),
        ("截至8月31日，全市今年以来共办理质押登记97笔。", date(2024, 9, 2), "2024-01..2024-08"),
        ("2023年初至8月底，全市新增市场主体5.1万户。", date(2024, 3, 2), "2023-01..2023-08"),
    ],
)
def test_the_year_to_date_up_to_a_month_end_is_a_span(text: str, published: date, period: str) -> None:
    found = mentions(text, published=published, region="320500")
    assert [m["period"] for m in found] == [period]


def test_the_year_to_date_span_dates_every_figure_of_its_sentence() -> None:
    found = mentions("今年以来，截至8月底，全市新登记市场主体8.2万户，同比增长5.1%。", published=date(2024, 9, 15))
    assert [m["period"] for m in found] == ["2024-01..2024-08"] * 2


def test_the_year_to_date_up_to_january_is_january_and_an_early_article_reports_last_year() -> None:
    assert mentions("今年以来截至1月底，全市新登记企业2100户。", published=date(2024, 2, 10))[0]["period"] == "2024-01"
    # 年初至10月底 read in February: the months have not come yet this year, so they are last year's.
    assert mentions("年初至10月底，全市新登记企业2.1万户。", published=date(2024, 2, 10))[0]["period"] == (
        "2023-01..2023-10"
    )


def test_neighbours_of_the_year_to_date_keep_their_own_period() -> None:
    published = date(2024, 9, 15)
    assert mentions("今年以来，全市新登记市场主体8.2万户。", published=published)[0]["period"] == "2024"
    assert mentions("截至8月底，全市实有经营主体142万户。", published=published)[0]["period"] == "2024-08"
    m = mentions("今年到9月底，全市将新建充电桩500个。", published=published)[0]
    assert m["target"] is True and m["period"] != "2024-01..2024-09"  # a deadline, not the year to date


# ------------------------------------------------------------------ a district named with its city's 市 once


@pytest.mark.parametrize(
    ("text", "publisher", "code", "name"),
    [
        ("青岛市南区新登记经营主体6120户。", "370200", "370202", "青岛市市南区"),
        ("今年以来，青岛市北区共抽检食品1526批次。", "370000", "370203", "青岛市市北区"),
        ("山东省青岛市南区新设外资企业１２家。", "370000", "370202", "青岛市市南区"),
        ("济南市中区发放消费券3000万元。", "370100", "370103", "济南市市中区"),
        ("枣庄市中区新增“四上”企业47家。", "370000", "370402", "枣庄市市中区"),
        ("乐山市中区抽检食用农产品860批次。", "510000", "511102", "乐山市市中区"),
    ],
)
def test_a_district_whose_name_opens_on_its_citys_shi_is_the_district(
    text: str, publisher: str, code: str, name: str
) -> None:
    m = mentions(text, published=date(2024, 6, 30), region=publisher)[0]
    assert (m["region_code"], m["region"], m["region_source"]) == (code, name, "text")


def test_the_city_itself_and_a_district_after_the_full_city_name_stay_as_they_were() -> None:
    m = mentions("青岛市新登记经营主体5.6万户。", region="370000")[0]
    assert m["region_code"] == "370200"
    assert mentions("大连市中山区新登记经营主体3100户。", region="210000")[0]["region_code"] == "210202"
    assert mentions("青岛市市南区新登记经营主体6120户。", region="370000")[0]["region_code"] == "370202"
    # 柳州市郊区 is the city's outskirts (the 市郊区 district ended in 2002), not a district.
    assert mentions("柳州市郊区新建农贸市场12个。", region="450000")[0]["region_code"] == "450200"


# ------------------------------------------------------------------ a fall is signed


@pytest.mark.parametrize(
    ("text", "value", "unit", "kind"),
    [
        ("全省消费投诉同比少8.6%。", "-8.6", "%", "growth"),
        ("全县个体工商户比上年少２３１户。", "-231", "户", "count"),
        ("全区食品经营许可较上年同期减64件。", "-64", "件", "count"),
        ("全市特种设备事故同比少了3起。", "-3", "起", "count"),
        ("全省罚没款比2022年下跌1.6亿元。", "-160000000", "元", "amount"),
        ("全市抽检不合格率比上年少0.4个百分点。", "-0.4", "个百分点", "other"),
        ("全市价格举报较去年同期回落12.4%。", "-12.4", "%", "growth"),
        ("全市注销企业同比降低了约900户。", "-900", "户", "count"),
        ("全州安全生产事故起数减少7起。", "-7", "起", "count"),
        ("全市电梯困人故障下降近300起。", "-300", "起", "count"),
    ],
)
def test_a_fall_is_negative_whatever_the_verb(text: str, value: str, unit: str, kind: str) -> None:
    m = mentions(text, region="650100")[0]
    assert (str(m["value"]), m["unit"], m["kind"]) == (value, unit, kind)


def test_a_fall_continuing_a_compared_change_is_negative() -> None:
    found = mentions("全市受理投诉举报2.3万件，同比下降11.2%，减少2900件。", region="130100")
    assert [str(m["value"]) for m in found] == ["23000", "-11.2", "-2900"]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("全市开展减少塑料包装专项检查120次。", "120"),  # 减少 inside the name of the work
        ("全市累计减少18个审批环节。", "18"),  # what the work cut, counted
        ("全省行政许可事项累计压减47项。", "47"),  # cuts counted, no comparison
        ("全市注销企业减少至1460户。", "1460"),  # the level reached
        ("全市不合格批次下降为35批次。", "35"),
        ("全市新增企业比上年多320家。", "320"),
        ("全市至少156家企业参与。", "156"),
    ],
)
def test_what_is_not_a_fall_keeps_its_sign(text: str, value: str) -> None:
    assert str(mentions(text, region="130100")[0]["value"]) == value


# ------------------------------------------------------------------ a bare two-character name cut out of other words


@pytest.mark.parametrize(
    ("text", "publisher", "code"),
    [
        ("长三角新设企业120万户，其中江苏省新设４１万户。", "100000", "320000"),  # 中江 (a county) + 江苏省
        ("全省新设企业52万户，其中宁波市新设8.1万户。", "330000", "330200"),  # 中宁 + 宁波市
        ("西北五省区新设企业12万户，其中宁夏新设1.1万户。", "100000", "640000"),  # 中宁 + 宁夏, bare both
        ("中部六省新设企业50万户，其中江西新设8.1万户。", "510600", "360000"),  # 中江 is Deyang's own county
        ("全市新设企业1.2万户，其中市北区新设1630户。", "370200", "370203"),  # 中市 (a former district)
    ],
)
def test_a_name_starting_inside_a_bare_name_wins_when_full_or_broader(text: str, publisher: str, code: str) -> None:
    assert mentions(text, region=publisher)[-1]["region_code"] == code


def test_real_bare_names_still_count() -> None:
    # 巴中部分企业 is 巴中 + 部分 ("some firms of Bazhong"): the city, not a misread.
    assert mentions("巴中部分企业新增就业1200人。", region="510000")[0]["region_code"] == "511900"
    assert mentions("大连新设外资企业86家。", region="210000")[0]["region_code"] == "210200"
    assert mentions("德阳新设企业1.2万户，中江新设1100户。", region="510600")[-1]["region_code"] == "510623"
    assert mentions("在巴中国际合作项目中签约12个。", region="370200")[0]["region_code"] == "370200"


@pytest.mark.parametrize(
    ("text", "publisher", "code"),
    [
        ("恩施市场主体总量突破40万户。", "420000", "422800"),  # 恩施 + 市场, not 恩施市 + 场
        ("楚雄市场监管部门抽检食品１２００批次。", "530000", "532300"),
        ("阿克苏市场主体新增8600户。", "650000", "652900"),
    ],
)
def test_a_name_before_shichang_is_the_name_not_its_seat_city(text: str, publisher: str, code: str) -> None:
    assert mentions(text, region=publisher)[0]["region_code"] == code


def test_a_city_written_with_its_shi_before_shichang_keeps_it() -> None:
    assert mentions("恩施市市场主体新增5200户。", region="420000")[0]["region_code"] == "422801"
    assert mentions("青岛市场主体新增5200户。", region="370000")[0]["region_code"] == "370200"


def test_variants_of_the_classes() -> None:
    # the year's result after a plan, opened by 当年
    found = mentions("2023年计划新增经营主体9万户，当年新增9.7万户。", published=date(2024, 1, 5), region="450100")
    assert [m["target"] for m in found] == [True, False]
    # the year to date in brackets
    m = mentions("今年以来（截至10月底），全省新登记企业41.2万户。", published=date(2024, 11, 12), region="430000")[0]
    assert m["period"] == "2024-01..2024-10"
    # 负增长 is a fall
    m = mentions("全市网络交易额同比负增长4.1%。", published=date(2024, 11, 12), region="430100")[0]
    assert (str(m["value"]), m["kind"]) == ("-4.1", "growth")
