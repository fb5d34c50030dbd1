"""Held-out-style sentences, round 10: the period and target fields.

Written for this round (not taken from the corpus, the gold or other tests), in the register of market
supervision and statistics bureaus: monthly and quarterly bulletins, year-end reviews published early in
the next year, work plans beside last year's results, stocks as of a month's end, year-to-date spans
beside single months, comparisons with last year's same period, quotas and goals named after their
figure. Each test lists every figure of its text: (value, unit, period, target).
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.extract.helpers import mentions


def _read(text: str, published: str, title: str | None = None) -> list[tuple[str, str, str | None, bool]]:
    found = mentions(text, published=date.fromisoformat(published), region="370200", title=title)
    return [(str(m["value"]), m["unit"], m["period"], m["target"]) for m in found]


# ------------------------------------------------------------------ a comparison's base written out


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        (
            "今年上半年全市新登记经营主体3.1万户，较去年同期的2.8万户增长10.7%。",
            "2024-07-10",
            [
                ("31000", "户", "2024-01..2024-06", False),
                ("28000", "户", "2023-01..2023-06", False),
                ("10.7", "%", "2024-01..2024-06", False),
            ],
        ),
        (
            "1-9月，全区受理投诉举报6230件，比上年同期的5810件增加420件。",
            "2024-10-15",
            [
                ("6230", "件", "2024-01..2024-09", False),
                ("5810", "件", "2023-01..2023-09", False),
                ("420", "件", "2024-01..2024-09", False),
            ],
        ),
        (
            "2024年1-4月全市新登记经营主体1.9万户，2023年同期为1.78万户。",
            "2024-05-15",
            [("19000", "户", "2024-01..2024-04", False), ("17800", "户", "2023-01..2023-04", False)],
        ),
        (
            "一季度，全县抽检食品860批次，2023年同期为790批次。",
            "2024-04-12",
            [("860", "批次", "2024-01..2024-03", False), ("790", "批次", "2023-01..2023-03", False)],
        ),
        (
            # unchanged: a comparison whose base is not written out dates nothing
            "1-4月，全市新登记企业增长6.3%，增速较去年同期加快1.2个百分点。",
            "2024-05-15",
            [("6.3", "%", "2024-01..2024-04", False), ("1.2", "个百分点", "2024-01..2024-04", False)],
        ),
    ],
)
def test_a_base_written_out_after_its_time_is_of_that_time(text: str, published: str, expected: list) -> None:
    assert _read(text, published) == expected


# ------------------------------------------------------------------ a month right before its figure


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        (
            "1-4月，全市新登记经营主体1.9万户，其中4月5200户。",
            "2024-05-15",
            [("19000", "户", "2024-01..2024-04", False), ("5200", "户", "2024-04", False)],
        ),
        (
            "前三季度全县新设外资企业126家，9月31家。",
            "2024-10-18",
            [("126", "家", "2024-01..2024-09", False), ("31", "家", "2024-09", False)],
        ),
        (
            "全市受理消费投诉：7月1862件，8月2015件。",
            "2024-09-06",
            [("1862", "件", "2024-07", False), ("2015", "件", "2024-08", False)],
        ),
        (
            # a day stays no figure's month, and a start date narrows nothing
            "1-5月，全市新设企业4200户，5月新设960户，6月1日起实施新规。",
            "2024-07-10",
            [("4200", "户", "2024-01..2024-05", False), ("960", "户", "2024-05", False)],
        ),
    ],
)
def test_a_month_right_before_a_figure_is_that_month(text: str, published: str, expected: list) -> None:
    assert _read(text, published) == expected


# ------------------------------------------------------------------ stocks as of a month's end


@pytest.mark.parametrize(
    ("text", "published", "period"),
    [
        ("至4月末，全市实有经营主体86.3万户。", "2024-05-15", "2024-04"),
        ("至9月底，全县登记在册个体工商户3.26万户。", "2024-10-12", "2024-09"),
        ("到4月底，全市实有经营主体86.3万户。", "2024-05-15", "2024-04"),
        ("截止8月底，全市有效注册商标21.3万件。", "2024-09-10", "2024-08"),
        ("截至2024年3月31日，全省有效发明专利达12.3万件。", "2024-04-10", "2024-03"),
        ("截至12月31日，全市实有经营主体86.3万户。", "2024-01-10", "2023-12"),
        ("截至去年底，全市实有经营主体86.2万户。", "2024-02-10", "2023"),
    ],
)
def test_a_stock_as_of_a_months_end_is_that_month(text: str, published: str, period: str) -> None:
    assert [p for _, _, p, _ in _read(text, published)] == [period]


# ------------------------------------------------------------------ five-year plans


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        (
            "“十四五”以来，全市累计培育专精特新企业326家，年均增长15.2%。",
            "2024-06-20",
            [("326", "家", "2021-01..2024-06", False), ("15.2", "%", "2021-01..2024-06", False)],
        ),
        ("十四五以来，全县新增规上工业企业58家。", "2023-11-02", [("58", "家", "2021-01..2023-11", False)]),
        ("“十四五”期间，全市计划培育专精特新企业500家。", "2024-01-25", [("500", "家", "2021-01..2025-12", True)]),
        ("到“十四五”末，全省有效发明专利力争达到12万件。", "2024-06-30", [("120000", "件", "2025", True)]),
    ],
)
def test_five_year_plans(text: str, published: str, expected: list) -> None:
    assert _read(text, published) == expected


# ------------------------------------------------------------------ a goal named after its figure


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "年初，市政府下达了新增经营主体6万户的目标任务。上半年，全市新增经营主体3.3万户，完成年度目标的55%。",
            [
                ("60000", "户", "2024", True),
                ("33000", "户", "2024-01..2024-06", False),
                ("55", "%", "2024-01..2024-06", False),
            ],
        ),
        ("全市确定了全年新增经营主体6万户的目标。", [("60000", "户", "2024", True)]),
        ("全市提出今年新增经营主体6万户的工作目标。", [("60000", "户", "2024", True)]),
        (
            "市局以新增经营主体6万户为目标，上半年新增3.3万户。",
            [("60000", "户", "2024", True), ("33000", "户", "2024-01..2024-06", False)],
        ),
        ("全市锚定地区生产总值增长6%左右的预期目标，扎实推进各项工作。", [("6", "%", "2024", True)]),
        # a goal reached is still the goal's size (the result is reported apart)
        ("全市已完成新增经营主体6万户的年度目标。", [("60000", "户", "2024", True)]),
        ("2023年全市实现了地区生产总值增长6%的预期目标。", [("6", "%", "2023", True)]),
        (
            "截至6月底，全市累计新增“个转企”326户，提前完成全年300户的目标。",
            [("326", "户", "2024-06", False), ("300", "户", "2024", True)],
        ),
    ],
)
def test_a_figure_that_names_its_goal_is_a_target(text: str, expected: list) -> None:
    assert _read(text, "2024-07-10") == expected


# ------------------------------------------------------------------ quotas handed down


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "全市下达年度抽检任务5000批次，上半年完成2860批次。",
            [("5000", "批次", "2024", True), ("2860", "批次", "2024-01..2024-06", False)],
        ),
        (
            "省局下达我市2024年食品抽检任务4800批次，目前已完成2600批次。",
            [("4800", "批次", "2024", True), ("2600", "批次", "2024", False)],
        ),
        (
            "今年全市食品抽检任务为5000批次，已完成2860批次。",
            [("5000", "批次", "2024", True), ("2860", "批次", "2024", False)],
        ),
        (
            "今年全市抽检任务5000批次，1-6月完成2860批次，完成进度57.2%。",
            [
                ("5000", "批次", "2024", True),
                ("2860", "批次", "2024-01..2024-06", False),
                ("57.2", "%", "2024-01..2024-06", False),
            ],
        ),
        # a quota completed, and tasks that are outputs, are results
        ("全年完成抽检任务5200批次，合格率98.1%。", [("5200", "批次", "2024", False), ("98.1", "%", "2024", False)]),
        ("全市完成省局下达的抽检任务4800批次。", [("4800", "批次", "2024", False)]),
        ("全市明确重点任务12项，出台措施26条。", [("12", "项", "2024", False), ("26", "条", "2024", False)]),
    ],
)
def test_a_quota_handed_down_is_a_target(text: str, expected: list) -> None:
    assert _read(text, "2024-07-10") == expected


# ------------------------------------------------------------------ a report setting out goals


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024年市政府工作报告提出，全市地区生产总值增长6%左右。", [("6", "%", "2024", True)]),
        (
            "全市经济工作会议提出：全年新增经营主体6万户，食品抽检合格率稳定在98%以上。",
            [("60000", "户", "2024", True), ("98", "%", "2024", True)],
        ),
        # what follows is a result when it reports elapsed time
        ("会议提出，上半年全市新增经营主体3.3万户。", [("33000", "户", "2024-01..2024-06", False)]),
    ],
)
def test_a_report_setting_out_goals(text: str, expected: list) -> None:
    assert _read(text, "2024-07-10") == expected


# ------------------------------------------------------------------ times listed before 分别


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        (
            "从月度看，4月、5月、6月分别增长4.2%、5.1%和6.3%。",
            "2024-07-18",
            [("4.2", "%", "2024-04", False), ("5.1", "%", "2024-05", False), ("6.3", "%", "2024-06", False)],
        ),
        (
            "上半年，全市新登记企业1.2万户，一季度和二季度分别新登记5600户和6400户。",
            "2024-07-18",
            [
                ("12000", "户", "2024-01..2024-06", False),
                ("5600", "户", "2024-01..2024-03", False),
                ("6400", "户", "2024-04..2024-06", False),
            ],
        ),
        (
            # a review in January: the months are last year's
            "10月、11月、12月全市新登记经营主体分别为1.8万户、1.9万户和2.1万户。",
            "2024-01-20",
            [("18000", "户", "2023-10", False), ("19000", "户", "2023-11", False), ("21000", "户", "2023-12", False)],
        ),
        (
            "2022年和2023年，全市经营主体分别增长8.1%和9.6%。",
            "2024-07-18",
            [("8.1", "%", "2022", False), ("9.6", "%", "2023", False)],
        ),
        (
            "1-5月和1-6月，全市新设企业分别增长4.1%、5.2%。",
            "2024-07-18",
            [("4.1", "%", "2024-01..2024-05", False), ("5.2", "%", "2024-01..2024-06", False)],
        ),
        (
            # places before 分别 pair with places, not times: the figures keep the sentence's time
            "上半年，济南、青岛新登记企业分别增长5.2%和4.8%。",
            "2024-07-18",
            [("5.2", "%", "2024-01..2024-06", False), ("4.8", "%", "2024-01..2024-06", False)],
        ),
    ],
)
def test_times_listed_before_respectively_pair_with_the_figures(text: str, published: str, expected: list) -> None:
    assert _read(text, published) == expected


def test_the_first_years_of_a_five_year_plan() -> None:
    text = "2023年全市地区生产总值增长5.9%。“十四五”前三年年均增长6.1%。"
    assert _read(text, "2024-02-25") == [("5.9", "%", "2023", False), ("6.1", "%", "2021-01..2023-12", False)]


# ------------------------------------------------------------------ the year just begun, named early in it


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        (
            "2024年元旦春节期间，全市12315平台受理投诉举报1862件，同比增长6.1%。",
            "2024-02-20",
            [("1862", "件", "2024", False), ("6.1", "%", "2024", False)],
        ),
        ("2024年春节期间，全市共检查经营主体3260家。", "2024-03-05", [("3260", "家", "2024", False)]),
        (
            "2024年，全市新登记经营主体1.6万户，截至2月底实有经营主体86.8万户。",
            "2024-03-05",
            [("16000", "户", "2024", False), ("868000", "户", "2024-02", False)],
        ),
        (
            "2024年，全市计划抽检食品5.5万批次。截至2月底，全市已抽检食品6200批次。",
            "2024-03-05",
            [("55000", "批次", "2024", True), ("6200", "批次", "2024-02", False)],
        ),
        (
            "2024年1-2月，全市新登记经营主体3.1万户，同比增长4.2%。",
            "2024-03-20",
            [("31000", "户", "2024-01..2024-02", False), ("4.2", "%", "2024-01..2024-02", False)],
        ),
        # a work plan for the year just begun still plans, with or without a plan word
        (
            "2024年，全市新登记经营主体达到27万户，食品抽检量达到每千人5批次。",
            "2024-02-20",
            [("270000", "户", "2024", True), ("5", "批次/千人", "2024", True)],
        ),
        (
            "2024年全市市场监管工作会议召开。会议指出，2023年全市新登记经营主体26.3万户。"
            "会议要求，2024年全市新登记经营主体力争达到27万户。",
            "2024-03-05",
            [("263000", "户", "2023", False), ("270000", "户", "2024", True)],
        ),
    ],
)
def test_the_year_just_begun_reports_what_already_happened(text: str, published: str, expected: list) -> None:
    assert _read(text, published) == expected


# ------------------------------------------------------------------ plan words that are other words


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("上半年，全市争取上级资金3.2亿元。", [("320000000", "元", "2024-01..2024-06", False)]),
        ("全市累计争取中央和省级资金12.6亿元。", [("1260000000", "元", "2024", False)]),
        ("全市今年争取新增经营主体6万户。", [("60000", "户", "2024", True)]),
        ("上半年，全市必须检验的特种设备1.2万台全部检验。", [("12000", "台", "2024-01..2024-06", False)]),
        ("全市应当办理登记的经营主体3260户已全部办理。", [("3260", "户", "2024", False)]),
        ("各县区必须完成食品抽检500批次以上。", [("500", "批次", "2024", True)]),
        ("全市人均预期寿命达到80.2岁。", [("80.2", "岁", "2024", False)]),
        ("全市地区生产总值预期增长6%左右。", [("6", "%", "2024", True)]),
    ],
)
def test_plan_words_that_are_other_words(text: str, expected: list) -> None:
    assert _read(text, "2024-07-10") == expected


# ------------------------------------------------------------------ a title naming months but no year


@pytest.mark.parametrize(
    ("title", "text", "published", "expected"),
    [
        (
            "全市1-12月经营主体发展情况",
            "全市新登记经营主体26.3万户，同比增长9.6%。",
            "2024-01-12",
            [("263000", "户", "2023-01..2023-12", False), ("9.6", "%", "2023-01..2023-12", False)],
        ),
        (
            "四季度全市12315投诉举报分析",
            "全市共受理投诉举报8620件，同比增长4.1%。",
            "2024-01-25",
            [("8620", "件", "2023-10..2023-12", False), ("4.1", "%", "2023-10..2023-12", False)],
        ),
        (
            "12月份全市食品安全监督抽检情况通报",
            "全市共抽检食品1260批次，合格率98.1%。全年累计抽检1.5万批次。",
            "2024-01-12",
            [("1260", "批次", "2023-12", False), ("98.1", "%", "2023-12", False), ("15000", "批次", "2023", False)],
        ),
        (
            "2024年上半年全市经济运行分析",
            "全市地区生产总值完成1862亿元，同比增长5.3%。",
            "2024-07-22",
            [("186200000000", "元", "2024-01..2024-06", False), ("5.3", "%", "2024-01..2024-06", False)],
        ),
        (
            # the months still this year's: unchanged
            "全市1-10月份食品抽检情况",
            "全市累计抽检食品4.2万批次，合格率98.3%。10月份抽检4260批次。",
            "2024-11-12",
            [
                ("42000", "批次", "2024-01..2024-10", False),
                ("98.3", "%", "2024-01..2024-10", False),
                ("4260", "批次", "2024-10", False),
            ],
        ),
    ],
)
def test_a_title_without_a_year_dates_last_years_months(title: str, text: str, published: str, expected: list) -> None:
    assert _read(text, published, title=title) == expected


def test_since_last_year_runs_from_last_january_to_the_publication() -> None:
    found = _read("去年以来，全市累计帮扶个体工商户2.3万户。", "2024-02-26")
    assert found == [("23000", "户", "2023-01..2024-02", False)]
    assert _read("上年以来，全县累计减免租金860万元。", "2024-08-20") == [("8600000", "元", "2023-01..2024-08", False)]
    # 去年 alone still frames last year
    assert _read("去年，全市累计帮扶个体工商户2.3万户。", "2024-02-26") == [("23000", "户", "2023", False)]


# ------------------------------------------------------------------ a half-year review with its plans


def test_a_half_year_review_with_the_years_goals() -> None:
    text = (
        "今年以来，市市场监管局紧紧围绕全年目标任务，扎实推进各项工作。一是经营主体稳步增长。上半年，全市新登记经营主体"
        "6.8万户，同比增长5.2%，完成年度目标的52.3%。截至6月底，全市实有经营主体126.3万户，较年初增长3.1%。二是食品安全"
        "形势平稳。全市计划全年抽检食品2.6万批次，上半年已完成1.38万批次，合格率98.6%。三是消费维权成效明显。全市12315"
        "平台受理投诉举报3.2万件，为消费者挽回经济损失862万元。下半年，市局将重点做好以下工作：力争全年新登记经营主体"
        "13万户，食品抽检合格率保持在98%以上。"
    )
    half = "2024-01..2024-06"
    assert _read(text, "2024-07-26", title="临沂市市场监管局上半年工作总结") == [
        ("68000", "户", half, False),
        ("5.2", "%", half, False),
        ("52.3", "%", half, False),
        ("1263000", "户", "2024-06", False),
        ("3.1", "%", "2024-06", False),
        ("26000", "批次", "2024", True),
        ("13800", "批次", half, False),
        ("98.6", "%", half, False),
        ("32000", "件", half, False),
        ("8620000", "元", half, False),
        ("130000", "户", "2024", True),
        ("98", "%", "2024", True),
    ]


def test_a_year_end_review_then_this_years_plan() -> None:
    text = (
        "2023年，全市市场监管系统共查办各类案件3260件，罚没款2862万元。其中，查办食品安全案件1260件，同比增长8.6%。"
        "今年，全市将继续保持高压态势，力争查办案件数量增长10%以上。"
    )
    assert _read(text, "2024-02-26") == [
        ("3260", "件", "2023", False),
        ("28620000", "元", "2023", False),
        ("1260", "件", "2023", False),
        ("8.6", "%", "2023", False),
        ("10", "%", "2024", True),
    ]


# ------------------------------------------------------------------ a goal and its progress side by side


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        (
            "新登记经营主体：目标6万户，完成3.3万户，完成率55%。",
            "2024-07-10",
            [("60000", "户", "2024", True), ("33000", "户", "2024", False), ("55", "%", "2024", False)],
        ),
        (
            "全年计划抽检食品2.6万批次，累计完成1.38万批次。",
            "2024-07-10",
            [("26000", "批次", "2024", True), ("13800", "批次", "2024", False)],
        ),
        (
            # planned work named after 完成 stays in the plan
            "全年计划新增经营主体6万户，完成食品抽检5000批次。",
            "2024-07-10",
            [("60000", "户", "2024", True), ("5000", "批次", "2024", True)],
        ),
        (
            "全市新登记经营主体3.3万户，完成全年6万户目标的55%。",
            "2024-07-10",
            [("33000", "户", "2024", False), ("60000", "户", "2024", True), ("55", "%", "2024", False)],
        ),
        (
            "今年目标：地区生产总值增长6%左右；去年实际增长5.9%。",
            "2024-02-10",
            [("6", "%", "2024", True), ("5.9", "%", "2023", False)],
        ),
        (
            "全年目标：新登记经营主体6万户，同比增长8%；上年新登记5.6万户。",
            "2024-02-10",
            [("60000", "户", "2024", True), ("8", "%", "2024", True), ("56000", "户", "2023", False)],
        ),
    ],
)
def test_a_goal_and_its_progress_side_by_side(text: str, published: str, expected: list) -> None:
    assert _read(text, published) == expected


# ------------------------------------------------------------------ a time in brackets after its figure


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        (
            "全市新登记经营主体3.1万户（1-6月），同比增长7.2%。",
            "2024-07-10",
            [("31000", "户", "2024-01..2024-06", False), ("7.2", "%", "2024-01..2024-06", False)],
        ),
        ("全县实有个体工商户4.86万户（截至9月底）。", "2024-10-15", [("48600", "户", "2024-09", False)]),
        # in January, months without a year are last year's
        ("全市受理投诉举报3.2万件（1-12月）。", "2024-01-15", [("32000", "件", "2023-01..2023-12", False)]),
        # a bracket holding no time changes nothing
        (
            "全市新登记企业1.2万户（含分支机构），同比增长8.1%。",
            "2024-07-10",
            [("12000", "户", "2024", False), ("8.1", "%", "2024", False)],
        ),
    ],
)
def test_a_time_in_brackets_after_a_figure_dates_it(text: str, published: str, expected: list) -> None:
    assert _read(text, published) == expected


def test_a_ratio_to_last_years_total_is_of_the_sentences_time() -> None:
    found = _read("上半年，全市新登记经营主体3.1万户，相当于去年全年的55%。", "2024-07-10")
    assert found == [("31000", "户", "2024-01..2024-06", False), ("55", "%", "2024-01..2024-06", False)]


# ------------------------------------------------------------------ the same month last year, the month before


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        (
            "5月，全市新登记经营主体1.2万户，去年同月为1.1万户。",
            "2024-06-10",
            [("12000", "户", "2024-05", False), ("11000", "户", "2023-05", False)],
        ),
        (
            "10月份，全县受理投诉举报862件，上年同月为915件。",
            "2024-11-08",
            [("862", "件", "2024-10", False), ("915", "件", "2023-10", False)],
        ),
        (
            "5月，全市新登记经营主体1.2万户，较去年同月的1.1万户增长9.1%。",
            "2024-06-10",
            [("12000", "户", "2024-05", False), ("11000", "户", "2023-05", False), ("9.1", "%", "2024-05", False)],
        ),
        (
            "5月，全市新登记经营主体1.2万户，上月为1.05万户。",
            "2024-06-10",
            [("12000", "户", "2024-05", False), ("10500", "户", "2024-04", False)],
        ),
        (
            "2024年1月，全市新登记企业3200户，上月为4100户。",
            "2024-02-10",
            [("3200", "户", "2024-01", False), ("4100", "户", "2023-12", False)],
        ),
        # 上月 alone is the month before the publication's; 比上月 compares
        ("上月全市共抽检食品1320批次。", "2024-06-10", [("1320", "批次", "2024-05", False)]),
        (
            "5月，全市新登记经营主体1.2万户，比上月增加1500户。",
            "2024-06-10",
            [("12000", "户", "2024-05", False), ("1500", "户", "2024-05", False)],
        ),
    ],
)
def test_the_same_month_last_year_and_the_month_before(text: str, published: str, expected: list) -> None:
    assert _read(text, published) == expected


# ------------------------------------------------------------------ a plan first, results after it


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        (
            "2024年，市局制定了全年食品安全抽检计划。1月份，全市抽检食品860批次，合格率98.2%。",
            "2024-02-20",
            [("860", "批次", "2024-01", False), ("98.2", "%", "2024-01", False)],
        ),
        (
            "今年，全市计划新建智慧农贸市场20个。全市共有农贸市场126个。",
            "2024-03-15",
            [("20", "个", "2024", True), ("126", "个", "2024", False)],
        ),
        (
            # a stock to be reached is the plan's
            "2024年，全市实有经营主体达到90万户。",
            "2024-02-15",
            [("900000", "户", "2024", True)],
        ),
        (
            "市局印发《2024年食品安全监督抽检计划》。计划全年抽检食品2.6万批次。1-7月，全市已抽检1.5万批次。",
            "2024-08-15",
            [("26000", "批次", "2024", True), ("15000", "批次", "2024-01..2024-07", False)],
        ),
        (
            "2024年，全市计划新增经营主体6万户。2023年，全市新增经营主体5.6万户，同比增长8.1%。全年抽检食品2.5万批次。",
            "2024-01-20",
            [
                ("60000", "户", "2024", True),
                ("56000", "户", "2023", False),
                ("8.1", "%", "2023", False),
                ("25000", "批次", "2023", False),
            ],
        ),
        (
            "2024年，全市力争新增经营主体6万户，抽检食品2.6万批次。全市将持续优化营商环境。",
            "2024-01-20",
            [("60000", "户", "2024", True), ("26000", "批次", "2024", True)],
        ),
    ],
)
def test_a_plan_first_then_results(text: str, published: str, expected: list) -> None:
    assert _read(text, published) == expected


@pytest.mark.parametrize(
    ("text", "published", "period"),
    [
        ("今年头两个月，全市新登记经营主体3.1万户。", "2024-03-15", "2024-01..2024-02"),
        ("头3个月，全县抽检食品1260批次。", "2024-04-12", "2024-01..2024-03"),
        ("1~2月，全市新登记经营主体3.1万户。", "2024-03-15", "2024-01..2024-02"),
        ("今年首季，全市新登记经营主体4.6万户。", "2024-04-15", "2024-01..2024-03"),
        ("去年四季度，全市抽检食品3260批次。", "2024-02-15", "2023-10..2023-12"),
        ("上半年末，全市实有经营主体126.3万户。", "2024-07-15", "2024-06"),
    ],
)
def test_the_first_months_and_quarters(text: str, published: str, period: str) -> None:
    assert [(p, t) for _, _, p, t in _read(text, published)] == [(period, False)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            # last year's actual is the base of the planned change
            "全市今年计划新增经营主体6万户，较上年实际增长7.1%。",
            [("60000", "户", "2024", True), ("7.1", "%", "2024", True)],
        ),
        (
            "力争全年新增经营主体6万户，上年同期新增2.8万户。",
            [("60000", "户", "2024", True), ("28000", "户", "2023", False)],
        ),
        (
            "截至目前，全市已建成智慧农贸市场12个，年底前将再建成8个。",
            [("12", "个", "2024", False), ("8", "个", "2024", True)],
        ),
        (
            "下半年计划抽检食品1.2万批次，上半年已抽检1.38万批次。",
            [("12000", "批次", "2024-07..2024-12", True), ("13800", "批次", "2024-01..2024-06", False)],
        ),
    ],
)
def test_a_plan_beside_last_years_figures(text: str, expected: list) -> None:
    assert _read(text, "2024-07-10") == expected
