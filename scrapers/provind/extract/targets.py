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
    r"力争|确保|预计|争取|力促|(?<!模)拟|务必|必须|应当"
    # 预期增长5%-6% is a goal; 好于预期, 超出预期 compare with one.
    r"|(?<![于出超过])预期(?!的|值)"
    # 计划 plans, but not in 完成年度计划的120% / 按计划 / 计划单列市.
    r"|(?<!完成)(?<!按)(?<!超)计划(?!的|单列)"
    # 目标 states a goal, but 以…为目标 / 目标任务 only frame the work.
    r"|(?<!为)目标(?!任务|导向|责任|考核)"
    # 将 as the future auxiliary (将有, 将达到), not the preposition (将23家企业纳入…).
    r"|将(?=有|达|建|实现|新增|培育|完成|突破|超过|开展|推进|实施|启动|投入|打造|组织|举办|于|在|继续|进一步"
    r"|力争|确保|全面|重点|持续|加快|加大|推动|新建|提升|提高|累计|形成|覆盖|惠及|带动)"
    r"|(?<![重主需必只纪首想摘概提简纲])要(?![求素点闻件害案务职])"
    r"|每[年市县区局]\S{0,2}(?:确定|安排|新增|培育|建设|遴选|打造|排查|创建)|到(?:\d{4}年|年底|年末|“?十[四五六]五”?末)|年底前|年内"
)
DIRECTIVE = re.compile(r"\s*[一二三四五六七八九十]+要")


def has_target_word(text_before: str) -> bool:
    """True when `text_before` (the sentence up to the figure) states a plan."""
    return TARGET_WORDS.search(text_before) is not None


def target_marks(clean: str, book_spans: list[tuple[int, int]]) -> list[int]:
    """Positions of the planning words of a whole text, outside book titles, found in one pass."""
    from provind.extract.filters import inside

    return [m.start() for m in TARGET_WORDS.finditer(clean) if not (book_spans and inside(book_spans, *m.span()))]


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
