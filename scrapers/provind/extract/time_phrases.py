"""Time phrases and period choice: which time phrase dates a figure.

`periods` reads what one time phrase says (今年1月至8月 → `2024-01..2024-08`). This module
decides which phrases of an article can date which figures: `time_phrases` finds, once per
article, the phrases that open a sentence (they date the whole sentence and may move the
article's running year) and those in a figure's own clause; `figure_period` then chooses the
one for a figure, else the running year. `figure_year` is the year a figure is of, which
decides the places that existed then (see `attribution`).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from operator import attrgetter
from typing import Final

from provind.extract import periods
from provind.extract.clauses import Clauses
from provind.extract.context import ArticleContext
from provind.extract.numbers import Quantity


@dataclass(slots=True, init=False, unsafe_hash=True)
class TimePhrase:
    """A time phrase of the text and what it says about the figures after it."""

    start: int  # absolute offsets
    end: int
    period: str | None
    leading: bool  # it opens its sentence (or a part after a semicolon): it dates the later figures too
    sets_year: int | None  # the running year of the article from here on (a year opening a sentence)
    explicit: bool = False
    year_assumed: bool = False  # see periods.reported
    # In the clause of a figure: the phrase dates the figures of later clauses too, up to `reach` (the
    # end of its part of the sentence: a semicolon or the sentence's end), unless they name their own.
    reach: int = 0
    # The base of a change (由1998年的3200户增加到4.6万户): the phrase dates no figure from here on.
    until: int = 0

    # (written out, not generated: mypyc compiles it, where the dataclass one is interpreted: 7x faster)
    def __init__(
        self,
        start: int,
        end: int,
        period: str | None,
        leading: bool,
        sets_year: int | None,
        explicit: bool = False,
        year_assumed: bool = False,
        reach: int = 0,
        until: int = 0,
    ) -> None:
        self.start = start
        self.end = end
        self.period = period
        self.leading = leading
        self.sets_year = sets_year
        self.explicit = explicit
        self.year_assumed = year_assumed
        self.reach = reach
        self.until = until


_PLAN_NOUNS: Final = ("目标", "计划", "任务", "预算")
# 完成全年2.8万户目标任务的82%: the goal's size may stand between 全年 and the plan noun.
_SIZED_PLAN_NOUN: Final = re.compile(r"\d+(?:\.\d+)?[万亿千]?[^\d，,；;。]{0,3}?(?:目标|计划|任务)")
_COMPARISON_BASE: Final = re.compile(r"[比较于](?:去年|上年|上一年|今年)?$")
# 与上年同期相比, 和2023年相比, 跟去年同期比: a time after 与/和/跟 that a comparison follows (checked only
# after one of those three characters; 一季度和上半年分别… is no comparison).
_COMPARED_WITH: Final = re.compile(r"(?:同期|同月)?(?:相比|比较|相较|对比|比)")
# How far into a sentence without figures a phrase may still open it (会议指出，2021年，…).
_LEADING_REACH: Final = 48


def time_phrases(
    clean: str,
    clauses: Clauses,
    sentences: list[tuple[int, int]],
    by_sentence: dict[int, list[Quantity]],
    year: int | None,
    published: date | None,
    this_month: str | None = None,
) -> dict[int, list[TimePhrase]]:
    """The time phrases that can date a figure: those opening a sentence, and those in a figure's clause.

    `this_month`: the month a monthly bulletin's title names, which its 本月 means (else the
    publication's month).

    A phrase elsewhere in the middle of a sentence dates nothing (its clause has no figure), so
    only these windows are scanned (speed).
    """
    out: dict[int, list[TimePhrase]] = {}
    hints = periods.hints(clean)
    n_hints, h = len(hints), 0
    for k, (s_start, s_end) in enumerate(sentences):
        # Every phrase holds a hint: a sentence without one has none (most sentences: skip them).
        h = bisect_left(hints, s_start, h)
        if h == n_hints:
            break
        if hints[h] >= s_end:
            continue
        windows = [(s_start, min(s_end, s_start + _LEADING_REACH))]
        figure_clauses = set()
        for q in by_sentence.get(k, ()):
            c_start = clauses.start(s_start, q.start)
            figure_clauses.add(c_start)
            if c_start <= windows[-1][1]:
                windows[-1] = (windows[-1][0], max(windows[-1][1], q.end))
            else:
                windows.append((c_start, q.end))
        # 2022年，…，上年同期为1.1万户: 上年 counts back from the year the sentence named, not the article's;
        # 同期 is the sentence's own period a year before (2023年1-6月…去年同期 → 2022-01..2022-06).
        sentence_year: int | None = None
        sentence_period: str | None = None
        dated: list[re.Match] = []  # its phrases with a period of their own, in order (their years read lazily)
        for w_start, w_end in windows:
            if (h := bisect_left(hints, w_start)) == len(hints) or hints[h] >= w_end:
                continue  # no 年/月/季/目前/十四五: no time phrase (a cheap test before the costly one)
            for m in periods.phrases(clean, w_start, w_end, hints):
                if m.group("date"):
                    continue
                begin, finish = m.span()
                lead = clean[begin - 1] if begin else " "  # the character before the phrase (none: a space)
                base_until = 0
                if _COMPARISON_BASE.search(clean, max(0, begin - 4), begin):
                    # 比上半年收窄, 较2022年增长: the base of a comparison dates nothing, unless its figure
                    # is written out (较去年同期的2.8万户增长10.7%): then it dates that figure alone
                    # (相当于/高于去年全年的55% is a ratio to the base, not the base: only after 比/较)
                    if lead in "比较":
                        base_until = _base_figure_end(clean, finish, by_sentence.get(k, ()))
                    if not base_until:
                        continue
                if lead in "与和跟" and _COMPARED_WITH.match(clean, finish):
                    continue  # 与上年同期相比增长5.2%, 和去年同期比下降6.2%: a comparison's base, like 比/较
                if clean.startswith("的", finish) and lead in "是为达":
                    continue  # 是2012年的3.5倍: likewise
                leading = (
                    periods.is_leading(clean, s_start, begin)
                    # 在省局公布的2024年度考核结果中，我市位居全省第二位: the frame opening the sentence
                    or periods.in_opening_frame(clean, s_start, begin)
                    or (
                        # 市局公布7月份食品抽检结果，共抽检…: a month's bulletin named in the first clause
                        # dates the sentence.
                        m.group("mend") is not None
                        and m.group("mend").endswith("份")
                        and clauses.start(s_start, begin) == s_start
                    )
                )
                # …；2023年底，全省…为1050万户: a phrase opening a clause after a semicolon dates the
                # figures after it, like a sentence's own (it does not move the article's year).
                phrase_clause = s_start if leading else clauses.start(s_start, begin)  # (read once: not cheap)
                semi = not leading and periods.opens_semicolon_part(clean, phrase_clause, begin)
                if k not in by_sentence and not leading:
                    continue
                if (
                    not leading
                    and m.group("fullyear") == "全年"
                    and (clean.startswith(_PLAN_NOUNS, finish) or _SIZED_PLAN_NOUN.match(clean, finish) is not None)
                    and any(ph.leading or ph.reach > begin for ph in out.get(k, ()))
                ):
                    # 1-10月，…，完成全年目标的86.2%: the plan's name, not the figure's time, where the
                    # sentence opens on its own time or an earlier clause's reaches it (…，1-5月已新增0.8万户，
                    # 完成全年目标的53.3%); alone, 完成全年目标的103% in February is last year's. With the goal's
                    # size after it (完成全年2.8万户目标任务的82%), it dates that figure alone.
                    base_until = _figure_end_at(finish, by_sentence.get(k, ()))
                    if not base_until:
                        continue
                text = m.group()
                # (a cheap test of the text first: most phrases count back from nothing)
                counts_back = ("去年" in text or "上年" in text) and periods.relative(m)
                if counts_back and dated:
                    sentence_year = next((y for y in map(periods.named_year, reversed(dated)) if y), None)
                said = periods.period_of(m, sentence_year if counts_back and sentence_year else year, published)
                if counts_back:
                    if sentence_period is not None and m.group("last") and clean.startswith(("同期", "同月"), finish):
                        said = periods.Period(periods.a_year_before(sentence_period))
                elif sentence_period is not None and m.group("year") and clean.startswith("同期", finish):
                    # 2024年1-4月…，2023年同期为1.78万户: the sentence's own span in the year named
                    said = periods.Period(periods.in_year(sentence_period, int(m.group("y5"))))
                elif m.group("lastmonth") and sentence_period is not None and not m.group().endswith(("底", "末")):
                    # 5月，…，上月为1.05万户: the month before the sentence's own, not the publication's
                    said = periods.Period(periods.month_before(sentence_period) or said.period)
                elif said.period is not None:
                    sentence_period = said.period
                    dated.append(m)
                if (
                    clean.startswith(_SINCE, finish)
                    and said.period is not None
                    and (m.group("ym") or m.group("year"))
                    and (span := periods.since(said.period, published)) is not None
                ):
                    # 2024年1月以来, 自2024年1月起, 2023年起: from then to the publication, like 2023年以来
                    said = periods.Period(span)
                if this_month is not None and m.group("thismonth"):
                    said = periods.Period(this_month)  # 本月 in 2024年3月份…通报, published in April: March
                # 到2025年，… sets a goal for that sentence; it does not move the article's year.
                sets_year = said.sets_year if leading and lead != "到" else None
                reach = 0
                if not leading and not semi and phrase_clause in figure_clauses:
                    reach = min(
                        (e for e in (clean.find("；", finish, s_end), clean.find(";", finish, s_end)) if e >= 0),
                        default=s_end,
                    )
                leading = leading or semi
                until = base_until
                if lead in "由从" and clean.startswith(_BASE_OF, finish):
                    # 由1998年的3200户增加到4.6万户 (由2020年末的…): the year is the base's; what it grew to is of the
                    # sentence's own time (the running year, or a year after 到 that dates it itself).
                    ends = (clean.find("到", finish, s_end), clean.find("至", finish, s_end))
                    until = min((e for e in ends if e >= 0), default=s_end)
                if (
                    lead in "至到止"  # (a cheap test first: most phrases follow none)
                    and (before := out.get(k))
                    and said.period is not None
                    and clean[before[-1].end : begin] in _SPAN_JOINS
                    # (a span's opening: 以来 or 自/从; 今年到9月底 is a deadline)
                    and (clean.startswith("以来", before[-1].end - 2) or clean[max(0, before[-1].start - 1)] in "自从")
                    and before[-1].period is not None
                    and (span := periods.joined(before[-1].period, said.period)) is not None
                ):
                    # “十四五”以来至今年4月底, 自2021年至今年4月底: two phrases are the two ends of one span
                    first = before.pop()
                    said = periods.Period(span)
                    m_start, leading, sets_year = first.start, first.leading, first.sets_year
                else:
                    m_start = begin
                out.setdefault(k, []).append(
                    TimePhrase(
                        m_start,
                        finish,
                        said.period,
                        leading,
                        sets_year,
                        said.explicit and leading,
                        said.year_assumed,
                        reach,
                        until,
                    )
                )
    return out


# 较去年同期的2.8万户, 比2022年的3.5万户: a comparison's base written out after its time.
_BASE_FIGURE: Final = re.compile(r"(?:同期|同月)?的(?=[\d一二三四五六七八九十两])")


def _base_figure_end(clean: str, pos: int, figures: Iterable[Quantity]) -> int:
    """The end of the figure a comparison's time at `pos` names as its base, else 0."""
    if (m := _BASE_FIGURE.match(clean, pos)) is None:
        return 0
    for q in figures:
        if q.start == m.end():
            return q.end
    return 0


def _figure_end_at(pos: int, figures: Iterable[Quantity]) -> int:
    """The end of the figure that starts at `pos`, else 0."""
    for q in figures:
        if q.start == pos:
            return q.end
    return 0


_BASE_OF: Final = ("的", "末的", "底的")  # 由2020年末的98.6万户…
_SINCE: Final = ("以来", "起")
_SPAN_JOINS: Final = frozenset({"至", "到", "截至", "截止", "截止到", "至今年"})

_PHRASE_START: Final = attrgetter("start")  # (a bisection key called from C)


_BRACKET_LEAD: Final = re.compile(r"[（(](?:截至|截止到?)?")


def bracketed_period(clean: str, end: int, running_year: int | None, published: date | None) -> str | None:
    """The time in brackets right after a figure that ends at `end` (新登记3.1万户（1-6月）), else None."""
    lead = _BRACKET_LEAD.match(clean, end)
    m = periods.TIME_PHRASE.match(clean, lead.end(), end + 24) if lead is not None else None
    if m is None or m.group("date") or not clean.startswith(("）", ")"), m.end()):
        return None
    said = periods.period_of(m, running_year, published)
    return periods.reported(said.period, published) if said.year_assumed else said.period


_RESPECTIVELY: Final = re.compile(r"分别")
_LIST_GAP: Final = re.compile(r"\s*[、和及与]\s*")


def respective_periods(
    clean: str, clauses: Clauses, phrases: list[TimePhrase], figures: list[Quantity], s_start: int, s_end: int
) -> dict[int, TimePhrase]:
    """4月、5月、6月分别增长4.2%、5.1%和6.3% / 一季度和二季度分别新登记5600户和6400户: pair the n time
    phrases listed before 分别 in its clause with the n figures after it in that clause."""
    pairs: dict[int, TimePhrase] = {}
    for m in _RESPECTIVELY.finditer(clean, s_start, s_end):
        c_start = clauses.start(s_start, m.start())
        listed = [ph for ph in phrases if c_start <= ph.start and ph.end <= m.start() and ph.period is not None]
        if len(listed) < 2:
            # 2022年和2023年，全市经营主体分别增长8.1%和9.6%: the times open the sentence
            listed = [ph for ph in phrases if ph.end <= m.start() and ph.period is not None]
        # (the last run of phrases joined by 、/和 before 分别)
        run = listed[-1:]
        for ph in reversed(listed[:-1]):
            if not _LIST_GAP.fullmatch(clean, ph.end, run[0].start):
                break
            run.insert(0, ph)
        if len(run) < 2:
            continue
        stop = clauses.start(s_start, m.end())
        after = [q for q in figures if m.end() <= q.start < s_end and clauses.start(s_start, q.start) == stop]
        after = [q for q in after if not q.range_part]
        if len(after) == len(run):
            pairs.update((q.start, ph) for q, ph in zip(after, run, strict=True))
    return pairs


def figure_period(
    phrases: list[TimePhrase], pos: int, clause_start: int, running_year: int | None, default: str | None = None
) -> tuple[str | None, bool]:
    """The last phrase before `pos` in the figure's clause, else the last one opening the sentence.

    With no phrase for the figure, `default` (the sentence's default period, see
    `mentions._default_period`), else the running year.

    Phrases are in text order; a backward scan stops at the clause start, after which only the
    few leading phrases count (linear even for one huge unpunctuated "sentence").
    """
    chosen = None
    k = bisect_left(phrases, pos, key=_PHRASE_START) - 1
    if k >= 0 and (phrases[k].start >= clause_start or pos < phrases[k].reach):
        # The figure's own clause, else an earlier figure's clause of its part of the sentence:
        # 2023年新设经营主体12.6万户，排名全省第2位 and 通报一季度全市抽检食品5862批次，合格率98.7%
        # go on in that time.
        chosen = phrases[k]
        if chosen.until and pos >= chosen.until:
            chosen = None  # (a base's year: 由1998年的3200户增加到4.6万户)
    if chosen is None:
        others = 0  # leading phrases open the sentence: a few others before them at most
        for ph in phrases:
            if ph.start >= pos or others > 4:
                break
            if ph.leading:
                chosen = ph
            else:
                others += 1
    if chosen is not None and chosen.period is not None:
        return chosen.period, chosen.year_assumed
    if chosen is None and default is not None:
        return default, False
    # 全年… (a phrase of no year of its own) reports the running year, which `periods.reported` may move
    assumed = chosen is not None and chosen.year_assumed
    return (str(running_year) if running_year is not None else None), assumed


def reviews_last_year(ctx: ArticleContext, sentence_phrases: list[TimePhrase], running_year: int | None) -> bool:
    """True when the sentence holds a bare 全年/一年来/年末 in an article of January–March whose
    running year is still the publication's: the year in review is the one before."""
    published = ctx.published
    return (
        published is not None
        and running_year == published.year
        and published.month <= periods.EARLY_MONTHS
        and bool(sentence_phrases)  # (most sentences have none: no generator made for them)
        # (a bare 全年 later in the sentence too: 全市有效注册商标总量达到15.6万件，全年新增注册商标2.1万件
        # reviews last year, the stock at its end included)
        and any(ph.period is None and ph.year_assumed for ph in sentence_phrases)
    )


def part_year(period: str | None) -> bool:
    """1-9月, 前三季度, 上半年 (a span inside one year), not 截至10月底 (a point) nor 十四五 (years)."""
    return period is not None and ".." in period and period[:4] == period[-7:-3]


def figure_year(ctx: ArticleContext, period: str | None) -> int | None:
    """The year a figure is of: its period's first year, else the publication's, else the article's."""
    if period and period[:4].isdigit():
        return int(period[:4])
    return ctx.published.year if ctx.published else ctx.year
