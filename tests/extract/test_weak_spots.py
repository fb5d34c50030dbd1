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
