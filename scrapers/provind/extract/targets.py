"""Targets: plans, goals and requirements as opposed to reported results.

A figure is a target when a planning word stands before it in its sentence
(力争, 确保, 计划, 将, 要, 每年确定…), when the sentence is a numbered
directive (一要…, 二要…), or when the article's running year lies ahead of
the publication date (a work plan for 2022 published in February 2022).
"""

from __future__ import annotations

import re
from datetime import date

TARGET_WORDS = re.compile(
    r"力争|确保|计划|预计|争取|目标|力促|(?<!模)拟|务必|必须"
    r"|将(?![军近来心比就])|(?<![重主需必只纪首想])要(?![求素点闻件害])|应当"
    r"|每[年市县区局]\S{0,2}(?:确定|安排|新增|培育|建设|遴选|打造|排查|创建)|到(?:\d{4}年|年底|年末)|年底前|年内"
)
DIRECTIVE = re.compile(r"\s*[一二三四五六七八九十]+要")


def has_target_word(text_before: str) -> bool:
    """True when `text_before` (the sentence up to the figure) states a plan."""
    return TARGET_WORDS.search(text_before) is not None


def is_directive(sentence: str) -> bool:
    return DIRECTIVE.match(sentence) is not None


def plan_year(running_year: int | None, explicit: bool, published: date | None) -> bool:
    """True when figures for `running_year` can only be plans at the publication date."""
    if running_year is None or published is None:
        return False
    if running_year > published.year:
        return True
    # The year just begun, named explicitly in the first quarter: a work plan.
    return explicit and running_year == published.year and published.month <= 3
