"""What is not a mention: dates, metadata, codes, names, slogans, enumerations, lost characters."""

from __future__ import annotations

import pytest

from .helpers import mentions, values


@pytest.mark.parametrize(
    "text",
    [
        "发布日期: 2024年08月14日",
        "8月13日,记者在新闻发布会上获悉。",
        "文章字数:2,381",
        "当前版:03版",
        "《中国市场监管报》(2023年11月23日 A1版)",
        "拨打12315热线或12345政务服务便民热线。",
        "完善96333电梯应急处置服务平台。",
        "推进5G网络建设。",
        "首获第49届日内瓦发明展金奖。",
        "入选第二批试点名单。",
        "深入实施“五项赋能”。",
        "推进“三大战略”,优化“四个环境”。",
        "紧扣四项重点工作,构建四项机制。",
        "一是力促高质量发展。二要着力推进质量强市。",
        "实施“一网、一门、一次”改革。",
        "建立两本台账,实现进一次门、查多项事。",
        "根据《济南市2020年重点品牌培育计划》开展工作。",
        "全面落实三年专项整治行动任务,制订三年行动计划。",
        "千家万户用上放心肉。",
        "十强产业集群和十大首席质量官。",
        "干多干少一个样。",
        "开展一对一服务,推行一单两库一细则。",
        "以1号文件形式出台意见。",
        "力促投诉举报总量下降。",
        "把安全放在首位,服务发展是第一要务。",
        "浏览次数：123次",
        "高效办成一件事,与企业一起推进一条龙服务。",
        "推进三次产业协调发展。",
        "增强四个意识、坚定四个自信,落实八项规定。",
        "建设万亩良田和千亿级产业集群。",
    ],
)
def test_not_a_mention(text):
    found = mentions(text)
    assert found == [], [(m["quote"], m["value"]) for m in found]


def test_figures_next_to_lost_characters_are_skipped():
    assert values("累计抽检??批次,合格率9?.5%。") == []
    assert values("累计抽检\ufffd\ufffd4479批次。") == []


def test_a_count_of_outputs_named_by_a_number_is_a_mention():
    assert values("出台支持个体工商户发展的26条措施。") == [(26, "条")]


def test_numbered_products_are_not_codes():
    assert values("已对69家5G基站开展摸排。") == [(69, "家")]


def test_a_question_mark_is_not_a_lost_character():
    assert values("记者:全市经营主体发展情况如何？12家企业获评示范单位。") == [(12, "家")]
