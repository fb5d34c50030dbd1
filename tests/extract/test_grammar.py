"""Grammar classes: ordinals and clock times are no figures, plan completion is a result,
the target flag stays with its clause, and subjects keep their flow/stock qualifiers."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tests.extract.helpers import mentions, one, values

# ------------------------------------------------------------------ ordinals and clock times


@pytest.mark.parametrize(
    "text",
    [
        "县政府召开第三十六次常务会议。",
        "区人大常委会第十二次会议审议了报告。",
        "第二十届消费品博览会开幕。",
        "我局第四批典型案例发布。",
        "第二、三批试点单位名单公布。",
        "第1、2批名录同步更新。",
        "第十七位代表作了发言。",
        "第 9 次联席会议在县里召开。",
    ],
)
def test_ordinals_are_not_counts(text):
    assert mentions(text) == []


def test_an_ordinal_beside_a_count_leaves_the_count():
    assert values("第二十八次常务会议研究部署了14项重点民生实事。") == [(Decimal(14), "项")]
    assert values("第三批试点共确定企业27家。") == [(Decimal(27), "家")]


@pytest.mark.parametrize(
    "text",
    [
        "专场招聘会于9:00起入场。",
        "热线每天8:30起接听，17:30起转入值班。",
        "服务时间8:30-17:30。",
        "检查组于上午10时30分抵达现场。",
        "发布会于十时十五分开始。",
        "5月12日0—24时，全区无新增报告。",
        "下午14：00起进行抽签。",
    ],
)
def test_clock_times_are_not_figures(text):
    assert mentions(text) == []


def test_a_clock_time_beside_a_count_leaves_the_count():
    assert values("当日9:00起开展联合检查，共检查商户63户。") == [(Decimal(63), "户")]


@pytest.mark.parametrize(
    ("text", "value", "scope"),
    [
        ("营商环境评价居全省第四位。", 4, "rank_provincial"),
        ("知识产权保护指数位列全国第7名。", 7, "rank_national"),
        ("综合考核排名第2。", 2, None),
    ],
)
def test_ranks_stay_ranks(text, value, scope):
    m = one(text)
    assert (m["value"], m["unit"], m["kind"]) == (Decimal(value), "位", "rank")
    if scope:
        assert m["indicator"] == scope


# ------------------------------------------------------------------ plan completion and the reach of a plan word


@pytest.mark.parametrize(
    ("text", "ratio"),
    [
        ("全区一般公共预算收入完成年度计划76.4%，同比增长11.2%。", "76.4"),
        ("规上工业增加值完成全年目标的103%，增长9.6%。", "103"),
        ("固定资产投资完成年度任务的88.5%，增长4.7%。", "88.5"),
        ("税收收入完成年度目标任务的91.2%，同比增长6.3%。", "91.2"),
        ("重点项目投资占年度计划的57.1%，同比增长12.4%。", "57.1"),
    ],
)
def test_plan_completion_is_a_reported_ratio(text, ratio):
    found = mentions(text)
    assert [(m["value"], m["kind"], m["target"]) for m in found] == [
        (Decimal(ratio), "ratio", False),
        (found[1]["value"], "growth", False),
    ]
    assert found[0]["indicator"] == "plan_completion_rate"
    growth_subject = found[1]["subject"]
    assert growth_subject.endswith("增长")
    assert not any(word in growth_subject for word in ("计划", "目标", "任务", "完成"))


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("今年以来，全市网络零售额实现两位数增长，达15.2%。", "网络零售额实现两位数增长"),
        ("全县规上工业增加值保持较快增长，为9.8%。", "规上工业增加值保持较快增长"),
        ("全市社会消费品零售总额，同比增长5.1%。", "社会消费品零售总额增长"),
    ],
)
def test_a_change_borrowing_its_subject_names_the_change_once(text, subject):
    """A bare change after a clause that already names one: 增长 is not added twice."""
    assert [m["subject"] for m in mentions(text) if m["kind"] == "growth"] == [subject]


def test_the_growth_after_a_completion_is_the_subjects_growth():
    found = mentions("全区一般公共预算收入完成年度计划76.4%，同比增长11.2%。")
    assert found[1]["subject"] == "一般公共预算收入增长"
    assert found[1]["indicator"] == "fiscal_revenue_growth"


def test_a_completion_rate_named_as_such():
    m = one("全年重点工作计划完成率达到97.5%。")
    assert (m["kind"], m["target"], m["indicator"]) == ("ratio", False, "plan_completion_rate")


def test_a_plan_word_governs_its_clause_not_the_results_after_it():
    text = "今年全区计划新建5G基站800个，截至目前已建成516个，完成计划的64.5%。"
    assert [(m["value"], m["target"]) for m in mentions(text)] == [
        (Decimal(800), True),
        (Decimal(516), False),
        (Decimal("64.5"), False),
    ]


def test_a_plan_after_results_stays_a_plan():
    text = "上半年全县新增经营主体4120户，同比增长6.8%，下一步将力争全年新增经营主体8000户以上。"
    assert [m["target"] for m in mentions(text)] == [False, False, True]


@pytest.mark.parametrize(
    "opening",
    [
        "按照年度计划",
        "围绕全年目标任务",
        "紧扣年度目标",
        "聚焦年度目标",
        "为实现全年目标",
        "为确保年度目标顺利完成",
    ],
)
def test_a_plan_word_that_frames_the_work_plans_nothing(opening):
    text = f"今年以来，县市场监管局{opening}，强化日常监管，共查办各类案件132件，罚没款86.5万元。"
    assert [m["target"] for m in mentions(text)] == [False, False]


def test_a_declared_list_of_goals_stays_goals():
    text = "全年工作目标：新增经营主体1.5万户，同比增长8%；抽检食品4000批次以上。"
    assert [m["target"] for m in mentions(text)] == [True, True, True]


def test_goals_in_a_list_of_clauses_stay_goals():
    text = "2025年主要预期目标是：全县地区生产总值增长5.5%左右；城镇新增就业6000人以上；居民消费价格涨幅2%左右。"
    found = mentions(text, published=date(2025, 1, 20))
    assert [m["target"] for m in found] == [True, True, True]


def test_a_plan_in_a_later_clause_keeps_the_earlier_result():
    text = "全市新登记企业2.3万户，计划年底前再新增1万户。"
    assert [m["target"] for m in mentions(text)] == [False, True]


# ------------------------------------------------------------------ qualifiers: flows and stocks


def test_new_registrations_are_a_flow_and_the_total_a_stock():
    text = "今年以来，全市新登记市场主体31.2万户，同比增长8.1%；截至6月底，全市市场主体总量142.3万户。"
    found = mentions(text)
    new, growth, total = found
    assert new["subject"].startswith("新登记") and new["indicator"] == "new_market_entities"
    assert new["quote"].startswith("新登记")
    assert total["subject"] == "市场主体总量" and total["indicator"] == "market_entities"
    assert growth["kind"] == "growth"


@pytest.mark.parametrize(
    ("text", "subject_start", "indicator"),
    [
        ("全县新设立企业1860户。", "新设立", "new_market_entities"),
        ("全县实有企业2.6万户。", "实有", "enterprises"),
        ("全县新增经营主体5300户。", "新增", "new_market_entities"),
        ("全县实有经营主体9.8万户。", "实有", "market_entities"),
        ("全市发明专利授权量2150件。", "发明专利授权", "invention_patents_granted"),
        ("全市有效发明专利1.8万件。", "有效", "valid_invention_patents"),
        ("全市新增注册商标6120件。", "新增", "new_trademarks_registered"),
        ("全市有效注册商标18.6万件。", "有效", "trademarks_registered"),
    ],
)
def test_a_count_maps_to_the_flow_or_the_stock_its_qualifier_names(text, subject_start, indicator):
    m = one(text)
    assert m["subject"].startswith(subject_start), m["subject"]
    assert m["indicator"] == indicator


def test_a_cumulative_total_after_a_flow_is_the_stock():
    found = mentions("全市新增经营主体2.1万户，累计达到45.6万户。")
    assert [m["indicator"] for m in found] == ["new_market_entities", "market_entities"]
    assert found[1]["subject"].startswith("累计")


def test_a_bare_qualifier_borrows_the_thing_counted_before():
    found = mentions("全区累计培育专精特新企业214家，今年新增37家。")
    assert found[0]["subject"] == "累计培育专精特新企业"
    assert found[1]["subject"] == "新增专精特新企业"


def test_qualifiers_are_kept_in_subjects():
    assert one("全省累计办结投诉举报6.2万件。")["subject"].startswith("累计")
    assert "总量" in one("全市经营主体总量突破50万户。")["subject"]


def test_a_flow_named_with_a_stock_keyword_maps_to_the_flow():
    # 市场主体 is the stock's keyword; 新发展 makes the count a flow: the flow sibling new_market_entities.
    assert one("全区新发展市场主体3260户。")["indicator"] == "new_market_entities"
    assert one("全区存续市场主体6.4万户。")["indicator"] == "market_entities"


def test_a_qualifier_before_a_counted_noun_stays_in_the_subject():
    m = one("全市新登记2.4万户市场主体。")
    assert (m["subject"], m["indicator"]) == ("新登记市场主体", "new_market_entities")


def test_a_time_inside_the_plan_clause_is_part_of_the_plan():
    text = "力争二季度实现双过半，新增经营主体2600户。"
    assert one(text)["target"] is True
