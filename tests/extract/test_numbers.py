"""The numeric grammar: numerals, scales, percentages, fractions, ranges, approximations."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from provind.extract.numbers import parse_chinese, parse_number, to_chinese

from .helpers import one, values


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("两", 2), ("十", 10), ("十二", 12), ("二十", 20), ("一百零五", 105), ("三百零五万", 3050000),
        ("一万二千", 12000), ("一万二", 12000), ("三亿五千万", 350000000), ("两万亿", 2 * 10**12),
        ("一亿零一千", 100001000), ("九千九百九十九", 9999), ("三点五", Decimal("3.5")), ("百", 100),
    ],
)  # fmt: skip
def test_chinese_numerals(text, expected):
    assert parse_chinese(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["一二三", "十四五", "一二三四五", "甲"])
def test_lists_and_names_are_not_numbers(text):
    assert parse_chinese(text) is None


def test_arabic_with_thousands_separators_is_exact():
    assert parse_number("41,830") == Decimal(41830)
    assert parse_number("1,234,567.89") == Decimal("1234567.89")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # (a comma after every four digits, the Chinese way: never the last four digits alone)
        ("全市有效注册商标达12,3456件。", [(Decimal(123456), "件")]),
        ("全市有效注册商标达1,2345,6789件。", [(Decimal(123456789), "件")]),
        ("全市规上工业企业达到1523 家，比上年增加 86家。", [(Decimal(1523), "家"), (Decimal(86), "家")]),
        ("抽检食品856批次，合格率为 98.6 %。", [(Decimal(856), "批次"), (Decimal("98.6"), "%")]),
        ("全市实有经营主体86.3 万户。", [(Decimal(863000), "户")]),
        ("全市实有经营主体86.3　万户。", [(Decimal(863000), "户")]),  # (a full-width space)
    ],
)
def test_pasted_figures_read_whole(text, expected):
    assert values(text) == expected


@pytest.mark.parametrize("text", ["2024 年，全市稳步推进各项工作。", "全市排名第 3 名。", "电话 0531 88888888。"])
def test_a_space_makes_no_figure_of_a_year_an_ordinal_or_a_phone_number(text):
    # (第 3 名 is not read as a rank either: nothing, rather than a count of 3 名)
    assert values(text) == []


@given(st.integers(min_value=0, max_value=10**12 - 1))
def test_chinese_spelling_round_trips(n):
    assert parse_chinese(to_chinese(n)) == Decimal(n)


@given(st.integers(min_value=1, max_value=99_999_999))
def test_chinese_count_round_trips_through_the_extractor(n):
    m = one(f"全市新增企业{to_chinese(n)}家。")
    assert m["value"] == Decimal(n)
    assert m["unit"] == "家"


@given(
    st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999.99"), places=2, allow_nan=False),
    st.sampled_from([("万", 10**4), ("亿", 10**8), ("", 1)]),
)
def test_decimal_scales_are_exact(amount, scale):
    word, factor = scale
    m = one(f"发放贷款{amount}{word}元。")
    assert m["value"] == amount * factor
    assert m["unit"] == "元" and m["kind"] == "amount"


@pytest.mark.parametrize(
    ("text", "value", "unit", "kind", "approx"),
    [
        ("为小微企业发放贷款9.8亿元。", 980000000, "元", "amount", "exact"),
        ("累计建档有效主体5.3万户。", 53000, "户", "count", "exact"),
        ("挽回经济损失300余万元。", 3000000, "元", "amount", "at_least"),
        ("参与创建的经营主体达37万余家。", 370000, "家", "count", "at_least"),
        ("开展专项整治行动百余次。", 100, "次", "count", "at_least"),
        ("开展普法宣传3100多次。", 3100, "次", "count", "at_least"),
        ("食品抽检合格率99.69%。", Decimal("99.69"), "%", "ratio", "exact"),
        ("抽检合格率达到百分之九十八。", 98, "%", "ratio", "exact"),
        ("九成企业实现电子化登记。", 90, "%", "ratio", "exact"),
        ("有效发明专利同比增长23.7%。", Decimal("23.7"), "%", "growth", "exact"),
        ("投诉量同比下降12.5%。", Decimal("-12.5"), "%", "growth", "exact"),
        ("出口额增长2.4倍。", Decimal("2.4"), "倍", "growth", "exact"),
        ("为全省平均的1.7倍。", Decimal("1.7"), "倍", "other", "exact"),
        ("比上年提高2.3个百分点。", Decimal("2.3"), "个百分点", "other", "exact"),
        ("万人发明专利拥有量8.6件。", Decimal("8.6"), "件/万人", "density", "exact"),
        ("每万人口高价值发明专利拥有量12.5件。", Decimal("12.5"), "件/万人", "density", "exact"),
        ("特种设备万台死亡率0.15人/万台。", Decimal("0.15"), "人/万台", "density", "exact"),
        ("食品抽检量达到6.5批次/千人。", Decimal("6.5"), "批次/千人", "density", "exact"),
        ("检查食品经营主体3500家/户次。", 3500, "家", "count", "exact"),
        ("检查营运车辆50辆/台。", 50, "辆", "count", "exact"),
        ("约120家企业参加。", 120, "家", "count", "about"),
        ("培训人员近2000名。", 2000, "名", "count", "about"),
        ("超过500家企业入驻。", 500, "家", "count", "at_least"),
        ("受理时间不到3个工作日。", 3, "个工作日", "other", "at_most"),
        ("每年确定10个以上县作为创建单位。", 10, "个", "count", "at_least"),
        ("案件办理周期控制在5天以内。", 5, "天", "other", "at_most"),
        ("全年建成充电桩1200台左右。", 1200, "台", "count", "about"),
        ("检定计量器具5740台(件)。", 5740, "台", "count", "exact"),
        ("清运垃圾3.5万吨。", 35000, "吨", "other", "exact"),
        ("城镇新增就业11万人。", 110000, "人", "count", "exact"),
        ("培育一万二千家个体工商户。", 12000, "家", "count", "exact"),
        ("获批两家实验室。", 2, "家", "count", "exact"),
        ("近百家企业参加培训。", 100, "家", "count", "about"),
        ("上万户群众受益。", 10000, "户", "count", "at_least"),
        ("综合评价得分95.6分。", Decimal("95.6"), "分", "other", "exact"),
        ("平均办理时间压缩至30分钟。", 30, "分钟", "other", "exact"),
        ("共培训2.5万余人次。", 25000, "人次", "count", "at_least"),
        ("奖励资金共计1,200万元。", 12000000, "元", "amount", "exact"),
        ("出口额同比增长-3.2%。", Decimal("-3.2"), "%", "growth", "exact"),
    ],
)
def test_quantity_forms(text, value, unit, kind, approx):
    m = one(text)
    assert (m["value"], m["unit"], m["kind"], m["approx"]) == (Decimal(value), unit, kind, approx)


def test_fraction_of_a_cut_is_a_negative_growth():
    m = one("涉企检查同比压减1/3以上。")
    assert m["value"] == Decimal("-33.333333")
    assert (m["unit"], m["kind"], m["approx"]) == ("%", "growth", "at_least")


def test_chinese_fraction():
    m = one("占全市总量的三分之一。")
    assert m["value"] == Decimal("33.333333") and m["unit"] == "%"


@pytest.mark.parametrize(
    ("text", "low", "high", "unit"),
    [("每年排查1—2个风险隐患。", 1, 2, "个"), ("新建3至5家服务站。", 3, 5, "家")],
)
def test_ranges_give_both_ends(text, low, high, unit):
    found = values(text)
    assert sorted(found) == [(Decimal(low), unit), (Decimal(high), unit)]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("企业年报率96.95%,全省第1。", 1),
        ("消费维权效能评价全国第6。", 6),
        ("问题发现率4.21%,居全省第二位。", 2),
        ("考核成绩单列小组第1。", 1),
        ("该指标位居全国同类城市第5位。", 5),
        ("三项指标均居全省首位。", 1),
        ("排名第3。", 3),
    ],
)
def test_ranks_with_scope(text, value):
    ranks = [m for m in values(text) if m[1] == "位"]
    assert ranks == [(Decimal(value), "位")]


def test_rank_lists_after_fenbie():
    assert values("分别列全省第1位、第2位、第3位。") == [
        (Decimal(1), "位"),
        (Decimal(2), "位"),
        (Decimal(3), "位"),
    ]
