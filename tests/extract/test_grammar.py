"""Grammar classes: ordinals and clock times are no figures, plan completion is a result,
the target flag stays with its clause, and subjects keep their flow/stock qualifiers."""

from __future__ import annotations

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
