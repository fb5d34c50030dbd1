"""Assembly: one article through the extractor, sentence by sentence and figure by figure.

`extract_mentions` prepares the text (`textprep.prepare`: clean text and an offset map back
to the original), finds every rank and quantity by two regexes over the whole text
(`_figures`), and reads once what all its figures share: the place names, clauses and
planning words (`context.ArticleContext`) and the time phrases (`time_phrases`). `_walk` goes
through the sentences in order, carrying the article's running year, and `_mention` reads one
figure: what is not a mention (`filters`) → kind, unit and sign (`kinds`) → approximation →
period (`time_phrases`) → target (`targets`) → region (`attribution`) → subject and indicator
(`subjects`) → the quote, mapped back to the original text.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from operator import attrgetter
from typing import Final

from provind import textprep

# Patterns are read as `kinds.FALL_BEFORE.search(…)`, functions imported by name: CPython 3.11 compiles
# `NAME.search(…)` for a NAME imported by `from … import` to make a bound method at every call.
from provind.extract import filters, kinds, labels, lists, periods, subjects, targets, units
from provind.extract.attribution import (
    Placed,
    caption_place,
    fallback,
    most_named,
    placed_in_year,
    region_for,
    region_hits,
    set_region_fields,
    title_place,
)
from provind.extract.clauses import Clauses
from provind.extract.context import ArticleContext, Fallback
from provind.extract.indicators import UNCLASSIFIED, catalog
from provind.extract.kinds import bracket_unit, density_before, find_growth_word, may_fall, share_density
from provind.extract.numbers import (
    BRACKETED,
    QUANTITY,
    RANK,
    RANK_ANCHOR_CHARS,
    RANK_FOLLOWING,
    RANK_NOT_FOLLOWED,
    RANK_REACH,
    Quantity,
    parse_arabic,
    parse_chinese,
    parse_number,
    quantities,
    rank_quantity,
)
from provind.extract.regions import gazetteer
from provind.extract.sections import section_places
from provind.extract.targets import target_word_before
from provind.extract.time_phrases import (
    TimePhrase,
    bracketed_period,
    figure_period,
    figure_year,
    part_year,
    respective_periods,
    reviews_last_year,
    time_phrases,
)


def extract_mentions(
    text: str,
    *,
    doc: str,
    published: date | None = None,
    region_code: str | None = None,
    title: str | None = None,
) -> list[dict]:
    """The indicator mentions of one article (see docs/architecture.md for the fields).

    `region_code` is the publishing bureau's region; `title` the article's title, whose
    place (2023年平阴县…统计公报) is the region of the figures that name none (全县…).
    """
    if not text or not text.strip():
        return []
    if isinstance(published, str):  # be lenient with callers holding ISO strings
        published = date.fromisoformat(published[:10])
    elif isinstance(published, datetime):
        published = published.date()
    prep = textprep.prepare(text)
    prep.clean = clean = periods.fold_numeral_years(prep.clean)  # 二〇二四年 reads as 2024年
    if title:
        title = periods.fold_numeral_years(title)
    figures = _figures(clean)
    labelled, bare = labels.label_values(clean)
    if bare:  # 新登记企业（户）：31200: a bare number that a label gives a unit
        taken = sorted((q.start, q.end) for q in figures)
        figures = sorted(
            figures + [q for q in bare if not (taken and filters.overlaps(taken, q.start, q.end))],
            key=lambda q: (q.start, q.range_part),
        )
    if not figures:
        return []
    year = periods.base_year(clean, published)
    gaz = gazetteer()
    home = gaz.get(region_code, year) if region_code else None
    fallback = Fallback(home, "", "publisher" if home is not None else None)
    titled = title_place(gaz, title, year, home) if title else None
    if titled is not None:
        fallback = Fallback(titled.region, titled.key, "title")
        home = titled.region or home
    book_spans = list(map(re.Match.span, filters.BOOK_TITLE.finditer(clean)))
    quoted = textprep.anchored_finditer(filters.QUOTED, filters.QUOTE_OPENERS, clean)
    masked = sorted(book_spans + list(map(re.Match.span, quoted)))

    sentences = textprep.split_sentences(clean)
    # (a line break inside a figure, 1.2万\n户: see _join_wrapped)
    wrapped = [q for q in figures if clean.find("\n", q.start, q.end) >= 0] if "\n" in clean else []
    if wrapped:
        sentences = _join_wrapped(sentences, wrapped)
    sentence_starts = [s for s, _ in sentences]
    by_sentence: dict[int, list[Quantity]] = {}
    for q in figures:
        k = bisect_right(sentence_starts, q.start) - 1
        if k >= 0:
            by_sentence.setdefault(k, []).append(q)

    hits = region_hits(clean, gaz, year, home, masked, sentences, by_sentence)
    if home is None and (named := most_named(hits)) is not None:
        home = named
        fallback = Fallback(home, "", "text")
    ctx = ArticleContext(
        clean,
        prep,
        gaz,
        home,
        fallback,
        year,
        published,
        hits,
        [h.start for h in hits],
        masked,
        book_spans,
        Clauses(clean, [(q.start, q.end) for q in wrapped]),
        textprep.LOST in clean,
        targets.target_marks(clean, book_spans),
        labelled=labelled,
        fallback_placed=Placed(fallback.region, fallback.source),
        report_year=periods.title_year(clean) or (periods.title_year(title) if title else None),
        report_period=periods.title_period(clean, year, published)
        or (periods.title_period(title, year, published) if title else None),
        verbatim=prep.verbatim(),
    )
    if ctx.report_year is None and ctx.report_period is not None and ctx.report_period[:4] != str(year):
        # 全市1-12月经营主体发展情况 / 四季度…分析, published in January: a title naming no year reports last
        # year's months, and the text runs in that year
        ctx.report_year = int(ctx.report_period[:4])
    if "\n" in clean:  # (a one-line text has no headings)
        ctx.sections = section_places(clean, gaz, year, home)
        ctx.section_starts = [section.start for section in ctx.sections]
    phrases = time_phrases(clean, ctx.clauses, sentences, by_sentence, year, published, _one_month(ctx.report_period))

    return _walk(ctx, sentences, by_sentence, phrases, doc)


def _join_wrapped(sentences: list[tuple[int, int]], wrapped: list[Quantity]) -> list[tuple[int, int]]:
    """The sentences, those a `wrapped` figure runs across joined: 新登记企业1.2万\n户，同比增长5% is one
    sentence (a pasted PDF line wrapped between the figure and its unit): its growth is of the same place."""
    starts = [s for s, _ in sentences]
    joined = list(sentences)
    for q in reversed(wrapped):
        first = bisect_right(starts, q.start) - 1
        last = bisect_right(starts, q.end - 1) - 1
        if 0 <= first < last:
            joined[first : last + 1] = [(joined[first][0], joined[last][1])]
            del starts[first + 1 : last + 1]
    return joined


def _one_month(period: str | None) -> str | None:
    """`period` when it is one month (`YYYY-MM`): what 本月 means in that month's bulletin."""
    return period if period is not None and len(period) == 7 else None


def _figures(clean: str) -> list[Quantity]:
    """Every rank and quantity the grammar accepts, in text order, without overlaps."""
    found: list[Quantity] = []
    taken: list[tuple[int, int]] = []
    if "第" in clean or "首位" in clean or "榜首" in clean:
        for m in textprep.anchored_finditer(RANK, RANK_ANCHOR_CHARS, clean, reach=RANK_REACH):
            if taken and m.start() < taken[-1][1]:
                continue  # already read as a later member of a list of ranks
            q = rank_quantity(m, clean[m.end() : m.end() + RANK_FOLLOWING])
            if q is not None:
                found.append(q)
                taken.append((m.start(), m.end()))
                # 分别位居全省第一、第二和第五: the later ordinals of the list are ranks too.
                end = m.end()
                while (more := _RANK_LIST.match(clean, end)) is not None:
                    value = (
                        parse_number(more.group("n")) if more.group("n").isdigit() else parse_chinese(more.group("n"))
                    )
                    if not value or (not more.group("u") and RANK_NOT_FOLLOWED.match(clean, more.end())):
                        break
                    found.append(
                        Quantity(more.start("r"), more.end(), value, "位", "exact", False, rank=True,
                                 rank_scope=q.rank_scope, number_start=more.start("n"))
                    )  # fmt: skip
                    taken.append((more.start("r"), more.end()))
                    end = more.end()
    taken.sort()
    # `filters.overlaps(taken, m.start(), m.end())` for matches in text order: an index moving along `taken`.
    k, n_taken = 0, len(taken)
    for m in QUANTITY.finditer(clean):
        if k < n_taken:
            start, end = m.span()
            while k < n_taken and taken[k][1] <= start:
                k += 1
            if k < n_taken and taken[k][0] < end:
                continue
        found.extend(quantities(m))
    if "(" in clean:
        for m in textprep.anchored_finditer(BRACKETED, "(（", clean):  # (it opens on the bracket)
            value = parse_arabic(m.group("num"))
            found.append(Quantity(m.start(), m.end(), value, "", "exact", False, number_start=m.start("num"),
                                  bracket=True))  # fmt: skip
    found.sort(key=_TEXT_ORDER)
    return found


_TEXT_ORDER: Final = attrgetter("start", "range_part")  # (a range's two ends: "high" sorts before "low")
_RANK_LIST: Final = re.compile(
    r"\s*(?:、|和|及|与|,|，)\s*(?P<r>第(?P<n>\d{1,3}|[一二三四五六七八九十]{1,3})(?P<u>位|名)?)"
)


# 其中，…, 分别…: a sentence that details the one before it (and shares its opening period).
_CONTINUES: Final = re.compile(r"\s*(?:其中|分别|此外|另外)")
_LONGEST_SENTENCE: Final = 1000  # longer "sentences" (unpunctuated dumps) are quoted around the figure


def _walk(
    ctx: ArticleContext,
    sentences: list[tuple[int, int]],
    by_sentence: dict[int, list[Quantity]],
    phrases: dict[int, list[TimePhrase]],
    doc: str,
) -> list[dict]:
    """Sentences in order, carrying the running year; one mention per accepted figure."""
    clean = ctx.clean
    out: list[dict] = []
    # A bulletin titled 2023年…统计公报 reports 2023 even when published in 2024.
    running_year, explicit = ctx.report_year or ctx.year, False
    last_density: tuple[int, dict] | None = None  # the latest per-capita figure (end, mention)
    carry: list[TimePhrase] = []  # a part-year period opening the current paragraph
    carry_end = 0
    caption: list[TimePhrase] = []  # the time phrase of a caption line over a panel of label：value lines
    last_label: tuple[int, dict] | None = None  # the latest label：value figure (its sentence, the mention)
    for k in sorted(set(by_sentence) | set(phrases)):
        s_start, s_end = sentences[k]
        sentence_phrases = phrases.get(k, [])
        for ph in sentence_phrases:
            if ph.sets_year is not None:
                running_year, explicit = ph.sets_year, ph.explicit
        if (
            running_year is not None
            and reviews_last_year(ctx, sentence_phrases, running_year)
            and not target_word_before(ctx, [], s_start, s_start, s_end)
        ):
            # 全年…。在全省营商环境评价中，我市位列第一。: a year-end review published early in the next
            # year reports last year, in its later sentences too.
            running_year, explicit = running_year - 1, False
        if not sentence_phrases and k - 1 in phrases and _CONTINUES.match(clean, s_start):
            # 其中，… details the sentence before and shares its opening period.
            sentence_phrases = [ph for ph in phrases[k - 1] if ph.leading]
            phrases[k] = sentence_phrases
        # 前三季度，全区…下降3.2%。全区注销企业较去年同期减少12家。: a part-year period that opens a
        # paragraph dates its later sentences too, until a sentence names its own time or states a plan.
        if carry and "\n" in clean[carry_end:s_start]:
            carry = []
        # (most sentences have no phrase: no comprehension for them, a function call in CPython 3.11)
        leading = [ph for ph in sentence_phrases if ph.leading] if sentence_phrases else []
        if leading:
            carry = [ph for ph in leading if part_year(ph.period)]
        elif carry and not target_word_before(ctx, [], s_start, s_start, s_end):
            sentence_phrases = carry + sentence_phrases
        carry_end = s_end
        sentence_figures = by_sentence.get(k, [])
        # 2024年1-6月主要指标 / 新登记企业（户）：31200: a caption line dates the panel of
        # `label：value` lines under it, until prose follows.
        if not sentence_figures:
            caption = leading or caption
        elif sentence_figures[0].bare_scale and all(q.bare_scale for q in sentence_figures):
            pass  # 单位：亿元, a panel's note between its caption and its lines: no figure of its own
        elif (
            ctx.labelled
            and sentence_figures[-1].start in ctx.labelled  # (most sentences: no generator for all())
            # (a bare scale is no figure of its own: 地区生产总值（亿元）：1856.3 holds 亿元)
            and all(q.start in ctx.labelled or q.bare_scale for q in sentence_figures)
        ):
            if not sentence_phrases and caption:
                sentence_phrases = caption
        else:
            caption = []
        if not sentence_figures:
            continue
        respectively = (
            lists.respectively(clean, ctx.clauses, ctx.hits, ctx.hit_starts, sentence_figures, s_start, s_end)
            # (every pairing holds 分别, 分列 or 分居: most sentences have none)
            if clean.find("分别", s_start, s_end) >= 0
            or clean.find("分列", s_start, s_end) >= 0
            or clean.find("分居", s_start, s_end) >= 0
            else {}
        )
        # 4月、5月、6月分别增长…: each figure of the listed time (most sentences: no 分别, or no phrase)
        paired_times = (
            respective_periods(clean, ctx.clauses, sentence_phrases, sentence_figures, s_start, s_end)
            if len(sentence_phrases) > 1 and clean.find("分别", s_start, s_end) >= 0
            else {}
        )
        previous: tuple[Quantity, dict] | None = None
        sentence = _sentence_context(ctx, s_start, s_end, sentence_figures, sentence_phrases, running_year, explicit)
        for q in sentence_figures:
            mention = _mention(ctx, q, sentence, doc)
            if mention is None:
                continue
            if paired_times and (paired := paired_times.get(q.start)) is not None:
                own = paired.period
                if paired.year_assumed and not mention["target"]:
                    own = periods.reported(own, ctx.published)
                mention["period"] = own
            if q.start in respectively:
                hit = respectively[q.start]
                placed = (
                    Placed(None, "foreign", hit.key)
                    if hit.foreign
                    else placed_in_year(ctx, hit.region, hit.key, figure_year(ctx, mention["period"]), "text")
                )
                set_region_fields(mention, placed)
                share_density(mention, last_density, q.start)
            elif (
                last_density is not None
                and mention["kind"] == "count"
                and (
                    mention["subject"] == last_density[1]["subject"]
                    # 万人发明专利拥有量8.6件，高于全省平均2.1件 / 比上年增加1.2件: the density's gap or change
                    or (
                        last_density[0] >= s_start
                        and kinds.DENSITY_GAP.search(clean, ctx.clauses.start(s_start, q.start), q.start) is not None
                    )
                )
            ):
                # …拥有量达到12件，目前为9.6件: a figure that borrows a density's subject is that density
                share_density(mention, last_density, q.start)
                if mention["kind"] == "density":
                    mention["indicator"] = last_density[1]["indicator"]
            if mention["kind"] == "density":
                last_density = (q.end, mention)
            if previous is not None:
                lists.continue_list(clean, ctx.clauses, previous, q, mention)
            if ctx.labelled and q.start in ctx.labelled:
                if last_label is not None and last_label[0] == k - 1 and _change_label_line(mention, last_label[1]):
                    _change_of(mention, last_label[1])
                last_label = (k, mention)
            previous = (q, mention)
            out.append(mention)
    return out


# A label naming only a change (同比增长：12.6%, 增速（%）：8.6): the change of the figure on the line above.
_CHANGE_ONLY: Final = re.compile(
    r"(?:同比|环比|比上年同期|比上年|较上年|比去年同期|比去年)?(?:增长|增速|增幅|增减|下降|降幅)(?:率|幅度)?|同比|环比"
)


def _change_label_line(mention: dict, above: dict) -> bool:
    return (
        mention["kind"] == "growth"
        and above["kind"] != "growth"
        and _CHANGE_ONLY.fullmatch(mention["subject"]) is not None
    )


def _change_of(mention: dict, above: dict) -> None:
    """新设企业（户）：12360 / 增速（%）：8.6: the change is of the figure above, of its place."""
    mention["subject"] = above["subject"] + "增长"
    growth_code = above["indicator"] + "_growth"
    if mention["indicator"] == UNCLASSIFIED and growth_code in catalog().indicators:
        mention["indicator"] = growth_code
    if mention["region_source"] in ("publisher", "title") and above["region_source"] not in ("publisher", "title"):
        for field in ("region", "region_code", "region_source"):
            mention[field] = above[field]


@dataclass(slots=True, init=False)
class SentenceContext:
    """What every figure of one sentence reads of it: made once per sentence, shared by its figures."""

    start: int
    end: int
    phrases: list[TimePhrase]  # the time phrases that can date its figures
    running_year: int | None
    default_period: str | None  # the period of a figure no phrase dates: the running year
    planned: bool  # every figure is a target (a numbered directive, or a year still ahead)
    figure_starts: list[int]  # (made only when has_marks)
    whole: str | None  # the sentence as quoted (None for a very long one: see _mention)
    has_marks: bool  # a planning word stands in it (else no figure of it is a target by a word)
    has_hits: bool  # a place is named in it (else its figures are placed by the fallback)
    has_books: bool  # a book title overlaps it (else no figure of it is inside one)
    reports_plan: bool = False  # it has a plan word and reports the plan's result (实际, 完成率…)
    # its ranks are last year's: it names no time, in an article of January–March whose running year
    # is the publication's by default and that stated no plan before (an evaluation's result is
    # published after the year it judged)
    ranks_last_year: bool = False
    # its figures are last year's: it names no time, in such an article, and compares with last year
    # as a whole (比上年增长8%, 比上年末净增426家: a full year's result, or the stock at a year's end,
    # which early in the year can only be last year's; 比上年同期 compares a part of a year)
    compares_last_year: bool = False

    # (written out, not generated: mypyc compiles it, where the dataclass one is interpreted: 7x faster)
    def __init__(
        self,
        start: int,
        end: int,
        phrases: list[TimePhrase],
        running_year: int | None,
        default_period: str | None,
        planned: bool,
        figure_starts: list[int],
        whole: str | None,
        has_marks: bool,
        has_hits: bool,
        has_books: bool,
        reports_plan: bool = False,
        ranks_last_year: bool = False,
        compares_last_year: bool = False,
    ) -> None:
        self.start = start
        self.end = end
        self.phrases = phrases
        self.running_year = running_year
        self.default_period = default_period
        self.planned = planned
        self.figure_starts = figure_starts
        self.whole = whole
        self.has_marks = has_marks
        self.has_hits = has_hits
        self.has_books = has_books
        self.reports_plan = reports_plan
        self.ranks_last_year = ranks_last_year
        self.compares_last_year = compares_last_year


def _sentence_context(
    ctx: ArticleContext,
    s_start: int,
    s_end: int,
    figures: list[Quantity],
    phrases: list[TimePhrase],
    running_year: int | None,
    explicit: bool,
) -> SentenceContext:
    """The context the figures of the sentence [s_start, s_end) share."""
    clean = ctx.clean
    marks, hit_starts = ctx.target_marks, ctx.hit_starts
    k = bisect_left(marks, s_start)
    h = bisect_left(hit_starts, s_start)
    has_marks = k < len(marks) and marks[k] < s_end
    early_default = (
        not phrases
        and not explicit
        and ctx.report_year is None
        and ctx.published is not None
        and running_year == ctx.published.year
        and ctx.published.month <= periods.EARLY_MONTHS
        # (not after a plan: an article stating this year's plans runs in this year)
        and (not marks or marks[0] >= s_start)
    )
    return SentenceContext(
        s_start,
        s_end,
        phrases,
        running_year,
        _default_period(ctx, running_year),
        # A numbered directive (一要…) or a year still ahead makes every figure of the sentence a target.
        targets.is_directive(clean, s_start)
        or (
            targets.plan_year(running_year, explicit, ctx.published, clean, s_start, s_end)
            # (2024年，…。1月份，全市抽检食品860批次 in February: a month already over reports)
            and not any(periods.ended(ph.period, ctx.published) for ph in phrases)
        ),
        # (read by `target_word_before` only, for the sentences with a planning word: few)
        [f.start for f in figures] if has_marks else [],
        # The sentence each mention quotes (made once for all its figures; see _mention for long ones).
        clean[s_start:s_end].strip() if s_end - s_start <= _LONGEST_SENTENCE else None,
        has_marks,
        h < len(hit_starts) and hit_starts[h] < s_end,
        bool(ctx.book_spans) and filters.overlaps(ctx.book_spans, s_start, s_end),
        has_marks and _PLAN_RESULT.search(clean, s_start, s_end) is not None,
        # (only a sentence of ranks: beside another figure, the rank is of that figure's time)
        early_default and all(f.rank for f in figures),
        early_default and not has_marks and _WHOLE_YEAR_BASE.search(clean, s_start, s_end) is not None,
    )


# 比上年增长, 较去年末净增: compared with last year as a whole, or its end (not 比上年同期, a part of it).
_WHOLE_YEAR_BASE: Final = re.compile(r"[比较](?:上年|去年|上一年)(?!同期)")


# The result of a plan reported beside it: 全年计划新增10万户，实际新增11.6万户，完成年度计划的116%.
_PLAN_RESULT: Final = re.compile(r"实际|完成率|超额完成|完成了?(?:年度|全年)?(?:计划|目标|任务)")


def _default_period(ctx: ArticleContext, running_year: int | None) -> str | None:
    """The period of a figure no phrase dates: the running year, or the month or months of that year
    the report's title names (2024年3月份…抽检情况通报: its figures are March's, not the year's)."""
    if running_year is None:
        return None
    report = ctx.report_period
    if report is not None and report[:4] == str(running_year):
        return report
    return str(running_year)


# 上百家, 过万户, 近千人: a bare scale is a figure only after one of these.
_ROUGHLY: Final = ("近", "上", "过", "约", "超", "逾", "成", "破")  # (突破千亿元, 破万户)
_ONE: Final = Decimal(1)


def _mention(ctx: ArticleContext, q: Quantity, sentence: SentenceContext, doc: str) -> dict | None:
    """The mention of figure `q` of `sentence`, or None when it is no mention."""
    clean = ctx.clean
    s_start, s_end = sentence.start, sentence.end
    after = clean[q.end : q.end + 12]
    c_start = ctx.clauses.start(s_start, q.start)
    # Look-backs are bounded so that a text with no punctuation stays linear (a 20 MB dump).
    # (conditional expressions, not max(): twice as fast, and this runs for every figure)
    clause_before = clean[c_start if c_start > q.start - 80 else q.start - 80 : q.start]
    before_tail = clean[s_start if s_start > q.start - 12 else q.start - 12 : q.start]

    # -- what is not a mention
    if ctx.has_lost and textprep.LOST in clean[max(0, q.start - 1) : q.end + 1]:
        return None
    if sentence.has_books and filters.inside(ctx.book_spans, q.start, q.end):
        return None
    unit = q.unit
    # A measure word that opens a longer word (units.NOT_AFTER_UNIT): 5名单, 3人民 are no counts.
    if not q.rank and after and (chars := units.NOT_AFTER_UNIT.get(unit)) and after[0] in chars:
        return None
    if unit in units.YUAN:
        unit = "元"
    if (
        q.chinese
        and not q.rank
        and filters.chinese_slogan(q.value, unit, clean[max(s_start, q.start - 1) : q.start], after)
    ):
        return None
    if q.chinese and ctx.gaz.names_over(clean, q.start, q.end):
        return None  # 七台河市, 三台县: the numeral opens a place's name
    if unit in units.SCORES and filters.CLOCK_BEFORE.search(before_tail):
        return None  # 上午8时30分 is a time of day, not a score
    if unit in units.DURATIONS and not filters.DURATION_VERBS.search(before_tail):
        return None
    # (`filters.may_be_metadata` written out: a cheap test of the last character first)
    last = before_tail[-1:]
    if (last in filters.METADATA_ENDS or last.isspace()) and filters.METADATA_BEFORE.search(before_tail):
        return None
    if not q.rank and "第" in before_tail and filters.ORDINAL_LIST_BEFORE.search(before_tail):
        return None
    if q.bare_scale and not (before_tail.endswith(_ROUGHLY) and not before_tail.endswith("以上")):
        return None
    if unit == "倍" and filters.PENALTY_BASE_BEFORE.search(before_tail) and filters.PENALTY_AFTER.match(after):
        return None  # 处货值金额2倍罚款: the law's multiple of a penalty
    if (
        unit in filters.TOP_PLACES_UNITS
        and before_tail.endswith(filters.TOP_PLACES_BEFORE)
        and after[:1] in filters.TOP_PLACES_AFTER
    ):
        return None  # 占比居前两位: the top places as a group

    if q.bracket:
        unit = bracket_unit(ctx, q, s_start)
        if not unit:
            return None

    # -- kind, unit and sign
    value = q.value
    if not q.range_part and before_tail.endswith(kinds.MINUS_ENDS) and kinds.MINUS_SIGN.search(before_tail):
        value = -value  # 增长-3.2%: a signed figure (but 5%-8% is a range, not minus 8)
    kind = "count"
    if q.rank:
        kind = "rank"
    elif unit in units.MONEY:
        kind = "amount"
    elif unit in ("%", "‰") or unit == "倍" or unit in units.POINTS:
        # 同比增长：8.2% inside a sentence: an inline label's change word stands before its colon
        growth_word = find_growth_word(before_tail[:-1] if before_tail.endswith(_COLON) else before_tail, after)
        if growth_word is None and c_start > s_start and kinds.BARE_COPULA.fullmatch(clause_before):
            # 日照市增长最快，达12.6%: a bare 达/为 clause after a clause ranking a change is that change
            growth_word = kinds.ranked_change_before(clean, max(s_start, c_start - 24), c_start - 1)
        if unit in units.POINTS:
            kind = "other"
        elif unit == "倍":
            kind = "growth" if growth_word else "other"
        else:
            kind = "growth" if growth_word else "ratio"
        if growth_word in kinds.DECREASE and value > 0:
            value = -value
    elif unit in units.PHYSICAL or unit in units.DURATIONS or unit in units.SCORES:
        kind = "other"
    elif "/" in unit:
        kind = "density"
    elif unit in units.DENSITY_UNITS and (dm := kinds.DENSITY_AFTER.match(after) or density_before(clause_before)):
        per = dm.group("per").lstrip("每").removesuffix("口")
        kind, unit = "density", f"{unit}/{per}"
    rank_moved = False
    if (
        kind == "count"
        and (unit == "位" or unit == "个" or unit == "名")
        and (moved := kinds.rank_change(unit, before_tail, clause_before, after)) is not None
    ):
        # 较上年前移1个位次, 排名下降2位: a rank's change (a fall negative), in the rank's unit
        kind, unit, rank_moved = "rank", "位", True
        if moved in kinds.RANK_CHANGE_FALLS and value > 0:
            value = -value

    changeable = kind not in ("rank", "ratio", "growth") and unit not in units.POINTS and unit != "倍"
    if (
        changeable
        and value > 0
        and (
            (("比" in before_tail or "较" in before_tail) and kinds.COMPARED_DECREASE.search(before_tail))
            or (
                may_fall(before_tail) and kinds.FALL_BEFORE.search(before_tail) and not subjects.NOUN_AFTER.match(after)
            )
        )
    ):
        value = -value

    if value == value.to_integral_value():
        value = value.quantize(_ONE)  # 5432.1亿 is 543210000000, not 543210000000.0

    # -- approximation: the suffix (余, 以上…) wins, else a word just before the number
    approx = q.approx
    if approx == "exact" and not q.range_part:
        am = (
            kinds.APPROX_BEFORE.search(clean, max(s_start, q.start - 4), q.start)
            if q.start > s_start and clean[q.start - 1] in kinds.APPROX_ENDS
            else None
        )
        if am:
            approx = kinds.APPROX_OF[am.group("word")]
        elif q.bare_scale:
            approx = "at_least"  # 上百家, 过万户, 成千上万
        elif unit == "%" and "占" in clause_before and (sm := kinds.SHARE_APPROX.search(clause_before)):
            approx = kinds.APPROX_OF[sm.group("word")]  # 约占全省的两成
        elif unit == "%" and kinds.PERCENT_RANGE_LOW.match(clean, q.end):
            approx = "at_least"  # 5%-8%, 5%至8%: the two ends of a range
        elif unit == "%" and kinds.PERCENT_RANGE_HIGH.search(clean, max(s_start, q.start - 12), q.start):
            approx = "at_most"

    # (a sentence without time phrases dates its figures by the running year: `figure_period` says so)
    period, year_assumed = (
        (None, False)
        if unit in units.DURATIONS
        else figure_period(sentence.phrases, q.start, c_start, sentence.running_year, sentence.default_period)
        if sentence.phrases
        else (sentence.default_period, False)
    )
    if after.startswith(("（", "(")) and (
        in_brackets := bracketed_period(clean, q.end, sentence.running_year, ctx.published)
    ):
        period, year_assumed = in_brackets, False  # 新登记经营主体3.1万户（1-6月）: the figure's own time
    whole_sentence = sentence.whole
    if whole_sentence is None:
        whole_sentence = clean[max(s_start, q.start - 300) : min(s_end, q.end + 300)].strip()
    # (only a planning word of the sentence can make a figure a target: most sentences hold none)
    target = sentence.planned or (
        sentence.has_marks and target_word_before(ctx, sentence.figure_starts, s_start, c_start, q.start)
    )
    if not target and (
        targets.names_goal_after(after, clean, q.end)
        or targets.names_goal_before(clean, c_start, q.start)
        or (clean.find("为", c_start, c_start + 2) >= 0 and targets.names_goal_in_purpose(clean, c_start, q.start))
    ):
        target = True  # 下达了新增经营主体6万户的目标任务, 超额完成年度任务1.5万批次: the figure is the goal's
    if target and not sentence.planned and targets.estimated(ctx, s_start, q.start):
        # 据初步测算，全年…预计增长5.8% in January, 预计1-11月…增长6.5% in December: an estimate of a period
        # already over is a preliminary result of it, not a plan (预计全年增长6% in December still forecasts).
        # (预计二季度新登记1.5万户 in April forecasts the quarter under way: its year is the publication's)
        done = periods.reported(period, ctx.published) if year_assumed else period
        if periods.ended(done, ctx.published) and not (year_assumed and periods.ahead(period, ctx.published)):
            target, period, year_assumed = False, done, False
    if year_assumed and (not target or sentence.reports_plan):
        # (a plan whose result the sentence reports, 全年计划…，实际新增…, is of the year under review too)
        period = periods.reported(period, ctx.published)
    elif (
        (sentence.compares_last_year or (q.rank and sentence.ranks_last_year))
        and not target
        and period == sentence.default_period
        and period
    ):
        # 在全省营商环境评价中，我市位列第3位 / 新登记经营主体5.6万户，比上年增长8% (in February): last year's
        period = str(int(period[:4]) - 1)
    # The figure's year decides which places existed (莱芜市 until 2018, 莱芜区 after).
    year = figure_year(ctx, period)
    # (a figure is placed by the fallback when its sentence names no place and it is no national figure)
    placed = (
        region_for(ctx, q, s_start, c_start, clause_before, year)
        if sentence.has_hits or "全国" in clause_before
        else fallback(ctx, year, q.start)
    )

    # A count written before its noun (24家企业入围…) names its subject after the unit.
    noun_after = None if q.rank or rank_moved else subjects.NOUN_AFTER.match(after)
    noun = subjects.noun(noun_after.group()) if noun_after else ""
    phrase_start = subjects.phrase_start(clean, c_start, q.start)
    if sentence.has_hits and phrase_start > c_start:
        phrase_start = _outside_place(ctx, phrase_start)
    subject = subjects.subject(clean, ctx.clauses, q, s_start, c_start, phrase_start, noun, kind)
    indicator = subjects.indicator(clean, ctx.clauses, q, s_start, phrase_start, noun, kind, unit)
    q_start, q_end = subjects.quote_span(clean, q, phrase_start, noun)
    if sentence.has_hits:
        subject, q_start = _without_place(ctx, subject, s_start, q_start, q.start)
    if rank_moved:
        subject, indicator = subjects.rank_change_subject(subject), UNCLASSIFIED  # (no catalog row for a change)
        if after.startswith(kinds.RANK_CHANGE_UNITS):
            q_end += 2  # 前移1个位次: the measure ends on 位次
    if (label := ctx.labelled.get(q.start)) is not None:
        # 市场主体总量：142.3万户: the label is what is measured; a bare number is quoted with it.
        subject = label.subject
        if kind == "ratio" and (kinds.GROWTH_LABEL.search(subject) or kinds.GROWTH_LABEL.search(label.column)):
            kind = "growth"  # 规上工业增加值增速（%）：6.1, 同比增长（%）：8.2: the label names a change
        elif kind == "count" and unit in units.DENSITY_UNITS and (dm := density_before(subject)):
            # 每万人口高价值发明专利拥有量（件）：5.1: the label makes the count a density (its colon
            # ends the clause, so the grammar did not see 每万人口)
            kind, unit = "density", f"{unit}/{dm.group('per').lstrip('每').removesuffix('口')}"
        if placed.source in ("publisher", "title") and (caption := caption_place(ctx, label.label_start)):
            placed = placed_in_year(ctx, caption.region, caption.key, year, "text")
        indicator = subjects.indicator(clean, ctx.clauses, q, label.label_start, label.label_start, noun, kind, unit)
        if label.bare:
            q_start = label.label_start
        if label.column:
            period = _column_period(ctx, label.column, period)
    # (a quote is never empty and lies inside the text: `to_original` would return it as it is)
    o_start, o_end = (q_start, q_end) if ctx.verbatim else ctx.prep.to_original(q_start, q_end)
    region = placed.region
    return {
        "doc": doc,
        "quote": ctx.prep.original[o_start:o_end],
        "subject": subject,
        "value": value,
        "unit": unit,
        "kind": kind,
        "approx": approx,
        "target": bool(target),
        "region": region.full_name if region is not None else (placed.written or None),
        "region_code": region.code if region is not None else None,
        "region_source": placed.source,
        "period": period,
        "indicator": indicator,
        "start": o_start,
        "end": o_end,
        "sentence": whole_sentence,
    }


def _without_place(ctx: ArticleContext, subject: str, s_start: int, q_start: int, pos: int) -> tuple[str, int]:
    """The subject and quote start without the places the sentence names before the figure that open its
    subject: 山东省实有经营主体 measures 实有经营主体 (the place is the region), and 青岛市黄岛区新登记企业3210户
    is quoted from 新登记…. A place inside an organisation's name (青岛啤酒股份有限公司) is no hit, and one
    before 港 or 海关 names the port or the customs: those names stay whole."""
    hits, clean = ctx.hits, ctx.clean
    k = bisect_left(ctx.hit_starts, s_start)
    first = subject[:1]
    while k < len(hits) and hits[k].start < pos:
        hit = hits[k]
        k += 1
        if clean[hit.start] != first and not hit.start <= q_start < hit.end:
            continue  # (a cheap test first: most subjects open on no place)
        name = clean[hit.start : hit.end]
        rest = subject[len(name) :]
        if name.endswith("市") and rest.startswith("场"):
            name, rest = name[:-1], subject[len(name) - 1 :]  # 新泰市场监管局: 新泰 + 市场监管局
        if not hit.scope and subject.startswith(name) and len(rest) >= 2 and not rest.startswith(_NAME_GOES_ON):
            if rest[0] in _LEVEL_SUFFIX and not rest.startswith("市场") and len(rest) >= 3:
                rest = rest[1:]  # 太和县 found as 太和: its level suffix is the name's too
            elif rest.startswith(_AREA_WORDS) and len(rest) >= 4 and not rest.startswith("地区生产总值"):
                rest = rest[2:]  # 澳门特区, 台湾地区: the name's too (地区生产总值 is GDP)
            subject = subjects.SUBJECT_TRIM.sub("", rest) or rest
            first = subject[:1]
        if hit.start <= q_start < hit.end and hit.end < pos:
            q_start = hit.end  # (a quote does not open inside a place's name: 区新登记企业…)
    return subject, q_start


_NAME_GOES_ON: Final = ("港", "海关")
_COLON: Final = ("：", ":")
_AREA_WORDS: Final = ("特区", "地区")


def _outside_place(ctx: ArticleContext, start: int) -> int:
    """A phrase cut by 和/与/及 inside a place's name (天津市和平区, 和县) opens on the name instead."""
    k = bisect_right(ctx.hit_starts, start - 1) - 1
    if k >= 0 and ctx.hits[k].start < start < ctx.hits[k].end:
        return ctx.hits[k].start
    return start


_LEVEL_SUFFIX: Final = frozenset("省市县区州旗")


def _column_period(ctx: ArticleContext, column: str, period: str | None) -> str | None:
    """The period of a table's column (its header `column`) in a table dated `period` by its caption.

    本月/当月 is the last month of the table's span (2024年1-9月… / 本月 → September); a time phrase
    of its own (1-9月累计, 9月) is that; 上年同期 is the same period a year before; 累计 alone, or
    no time at all, is the table's period.
    """
    if "本月" in column or "当月" in column:
        end = period.rsplit("..", 1)[-1] if period else ""
        return end if len(end) == 7 else period
    if "上年" in column or "去年" in column:
        return re.sub(r"\d{4}", lambda y: str(int(y.group()) - 1), period) if period else period
    m = periods.TIME_PHRASE.search(column)
    if m is not None and (m.group("mr") or m.group("mend") or m.group("ymr") or m.group("ym") or m.group("quarter")):
        year = int(period[:4]) if period and period[:4].isdigit() else ctx.year
        return periods.period_of(m, year, ctx.published).period or period
    return period


def json_value(value: Decimal) -> int | float:
    """A Decimal as a JSON number: int when integral."""
    whole = int(value)  # (exact: the figures are finite Decimals)
    return whole if whole == value else float(value)
