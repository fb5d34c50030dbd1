"""A section heading that names a place owns the figures of its section (issue 17, context).

A city bureau's round-up of its districts, a province's of its cities, is written as numbered
sections (`一、历城区`, `（三）平阴县`, `2. 章丘区：`) whose sentences say 全区/全县 or name no
place at all. Their figures are the section's place, not the publisher's; a heading without a
place (`四、下一步工作`) ends the section. Own examples.
"""

from __future__ import annotations

from datetime import date

from tests.extract.helpers import mentions

ROUND_UP = """济南市各区县经营主体发展情况
一、历城区
今年以来，全区新登记经营主体1.2万户，同比增长6.1%。
二、章丘区
今年以来，全区新登记经营主体0.9万户。实有企业4.6万户。
（三）平阴县
全县新登记企业1520户。
四、下一步工作
全市将力争新增经营主体10万户。
"""


def _by_value(text: str, **kw) -> dict:
    return {str(m["value"]): m for m in mentions(text, **kw)}


def test_each_sections_figures_are_its_places() -> None:
    got = _by_value(ROUND_UP, region="370100", published=date(2024, 8, 5))
    assert got["12000"]["region_code"] == "370112"  # 历城区
    assert got["6.1"]["region_code"] == "370112"
    assert got["9000"]["region_code"] == "370114"  # 章丘区
    assert got["46000"]["region_code"] == "370114"  # a sentence naming nothing, in the section
    assert got["1520"]["region_code"] == "370124"  # 平阴县
    assert got["1520"]["quote"] == "新登记企业1520户"  # not cut inside 全县 (县新登记…)
    assert all(got[v]["region_source"] == "text" for v in ("12000", "9000", "46000", "1520"))


def test_a_heading_without_a_place_ends_the_section() -> None:
    got = _by_value(ROUND_UP, region="370100", published=date(2024, 8, 5))
    assert got["100000"]["region_code"] == "370100"  # 全市, after 四、下一步工作


def test_a_place_named_in_the_sentence_wins_over_its_sections() -> None:
    text = "一、历城区\n全区新登记企业3200户，其中唐冶街道新登记企业410户，章丘区新登记企业2800户。\n"
    got = _by_value(text, region="370100", published=date(2024, 8, 5))
    assert got["3200"]["region_code"] == "370112"
    assert got["2800"]["region_code"] == "370114"


def test_headings_written_other_ways() -> None:
    text = "1. 东营区：\n新登记经营主体5600户。\n2. 垦利区：\n新登记经营主体2100户。\n"
    got = _by_value(text, region="370500", published=date(2024, 8, 5))
    assert (got["5600"]["region_code"], got["2100"]["region_code"]) == ("370502", "370505")


def test_a_sentence_that_opens_on_a_place_is_no_heading() -> None:
    # a short first line naming a place and holding a figure is a sentence, not a section's heading
    text = "历城区新登记企业3200户。\n全市新登记企业2.1万户。\n"
    got = _by_value(text, region="370100", published=date(2024, 8, 5))
    assert got["21000"]["region_code"] == "370100"


def test_a_heading_outside_the_publishers_region_is_no_section() -> None:
    # a city bureau's section on its partner city abroad or elsewhere keeps the bureau's own figures
    text = "一、对口协作\n全市新增协作项目12个。\n二、重庆市万州区\n新签约项目5个。\n"
    got = _by_value(text, region="370100", published=date(2024, 8, 5))
    assert got["12"]["region_code"] == "370100"


def test_a_numbered_heading_naming_a_year_dates_its_section() -> None:
    # a review published in January, then its plan under a numbered heading: the plan is this year's
    text = "一、2023年工作回顾\n全市新登记经营主体3.2万户。\n二、2024年工作打算\n全市新登记经营主体力争达到3.5万户。\n"
    got = _by_value(text, region="370100", published=date(2024, 1, 20))
    assert (got["32000"]["period"], got["32000"]["target"]) == ("2023", False)
    assert (got["35000"]["period"], got["35000"]["target"]) == ("2024", True)
    assert got["35000"]["subject"] == "新登记经营主体"  # the plan word is no part of what is counted
