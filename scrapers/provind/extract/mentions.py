"""Assembly: one pass of the grammar over the clean text, then attributes per figure.

Flow: `textprep.prepare` (clean text + offset map) → ranks and quantities
found by two regexes over the whole text → per sentence, in order: filters,
kind/unit/sign, approximation, region, period, target, subject, indicator →
quote mapped back to the original text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from provind import textprep
from provind.extract import filters, periods, targets, units
from provind.extract.indicators import catalog
from provind.extract.numbers import (
    BRACKETED,
    QUANTITY,
    RANK,
    Quantity,
    parse_arabic,
    quantities,
    rank_quantity,
)
from provind.extract.regions import Gazetteer, Hit, Region, gazetteer

# Clause breaks; an ASCII comma between digits is a thousands separator (6,532户), not a break.
CLAUSE_BREAK = re.compile(r"[，；;：:！？!?。\n]|(?<!\d),|,(?!\d)")
GROWTH_BEFORE = re.compile(
    r"(?P<word>增长|增加|提高|提升|上升|上涨|增|扩大|攀升|下降|减少|降低|压减|压降|回落|缩减|下滑|减|降|缩小|收窄)"
    r"(?:了)?-?$"
)
GROWTH_RATE_BEFORE = re.compile(r"(?P<word>增幅|增速|增长率|增长幅度|降幅|下降幅度|涨幅|跌幅)(?:为|达|达到|是)?-?$")
GROWTH_AFTER = re.compile(r"(?:的)?(?P<word>增长|增幅|增速|下降|降幅|提升|提高)")
DECREASE = frozenset(
    {"下降", "减少", "降低", "压减", "压降", "回落", "缩减", "下滑",
     "减", "降", "缩小", "收窄", "降幅", "下降幅度", "跌幅"}
)  # fmt: skip
APPROX_BEFORE = re.compile(r"(?P<word>大约|约|将近|接近|近|超过|超|逾|突破|不少于|至少|高于|多于|不到|不足|低于|少于)$")
APPROX_OF = {
    "大约": "about", "约": "about", "将近": "about", "接近": "about", "近": "about",
    "超过": "at_least", "超": "at_least", "逾": "at_least", "突破": "at_least", "不少于": "at_least",
    "至少": "at_least", "高于": "at_least", "多于": "at_least",
    "不到": "at_most", "不足": "at_most", "低于": "at_most", "少于": "at_most",
}  # fmt: skip
DENSITY_BEFORE = re.compile(r"(?P<per>每?(?:十万|万|千|百)人(?:口)?)")
NATIONAL = re.compile(r"全国(?:平均|均值|水平|总体|合计)")
NOUN_AFTER = re.compile(r"[\u4e00-\u9fffA-Za-z]{1,8}")
GROWTH_WORDS = re.compile(r"同比|环比|比上年|较上年|比去年|增长|增加|提高|提升|上升|下降|减少|降低|压减|回落")
SUBJECT_TRIM = re.compile(
    r"^(?:其中|全市|全省|全区|全县|全国|累计|共|已|目前|同时|另外|并|还|均|已经|今年以来|截至目前)+"
)


@dataclass(slots=True)
class _Context:
    clean: str
    prep: textprep.Prepared
    gaz: Gazetteer
    home: Region | None
    year: int | None
    published: date | None
    hits: list[Hit]
    hit_starts: list[int]
    masked_spans: list[tuple[int, int]]  # book titles and short quotations
    book_spans: list[tuple[int, int]]
    clauses: _Clauses
    has_lost: bool  # the text has lost characters (most have none: skip the check)


def extract_mentions(
    text: str, *, doc: str, published: date | None = None, region_code: str | None = None
) -> list[dict]:
    """The indicator mentions of one article (see docs/architecture.md for the fields)."""
    if not text or not text.strip():
        return []
    if isinstance(published, str):  # be lenient with callers holding ISO strings
        published = date.fromisoformat(published[:10])
    elif isinstance(published, datetime):
        published = published.date()
    prep = textprep.prepare(text)
    clean = prep.clean
    figures = _figures(clean)
    if not figures:
        return []
    year = periods.base_year(clean, published)
    gaz = gazetteer()
    home = gaz.get(region_code, year) if region_code else None
    book_spans = [m.span() for m in filters.BOOK_TITLE.finditer(clean)]
    masked = sorted(book_spans + [m.span() for m in filters.QUOTED.finditer(clean)])

    sentences = textprep.split_sentences(clean)
    sentence_starts = [s for s, _ in sentences]
    by_sentence: dict[int, list[Quantity]] = {}
    for q in figures:
        k = bisect_right(sentence_starts, q.start) - 1
        if k >= 0:
            by_sentence.setdefault(k, []).append(q)

    hits = _region_hits(clean, gaz, year, home, masked, sentences, by_sentence)
    if home is None and hits:
        home = _most_named(hits)
    ctx = _Context(
        clean,
        prep,
        gaz,
        home,
        year,
        published,
        hits,
        [h.start for h in hits],
        masked,
        book_spans,
        _Clauses(clean),
        textprep.LOST in clean,
    )
    phrases = _time_phrases(clean, ctx.clauses, sentences, by_sentence, year, published)

    return _walk(ctx, sentences, by_sentence, phrases, doc)


def _walk(
    ctx: _Context,
    sentences: list[tuple[int, int]],
    by_sentence: dict[int, list[Quantity]],
    phrases: dict[int, list[_Phrase]],
    doc: str,
) -> list[dict]:
    """Sentences in order, carrying the running year; one mention per accepted figure."""
    clean = ctx.clean
    out: list[dict] = []
    # A bulletin titled 2023年…统计公报 reports 2023 even when published in 2024.
    running_year, explicit = periods.title_year(clean) or ctx.year, False
    for k in sorted(set(by_sentence) | set(phrases)):
        s_start, s_end = sentences[k]
        sentence_phrases = phrases.get(k, [])
        for ph in sentence_phrases:
            if ph.sets_year is not None:
                running_year, explicit = ph.sets_year, ph.explicit
        if not sentence_phrases and k - 1 in phrases and _CONTINUES.match(clean, s_start):
            # 其中，… details the sentence before and shares its opening period.
            sentence_phrases = [ph for ph in phrases[k - 1] if ph.leading]
            phrases[k] = sentence_phrases
        sentence_figures = by_sentence.get(k, [])
        respectively = _respectively(ctx, sentence_figures, s_start, s_end) if sentence_figures else {}
        previous: tuple[Quantity, dict] | None = None
        for q in sentence_figures:
            mention = _mention(ctx, q, s_start, s_end, sentence_phrases, running_year, explicit, doc)
            if mention is None:
                continue
            if q.start in respectively:
                region = respectively[q.start]
                mention["region"], mention["region_code"] = region.full_name, region.code
            if previous is not None:
                _continue_list(clean, ctx.clauses, previous, q, mention)
            previous = (q, mention)
            out.append(mention)
    return out


_MINUS_SIGN = re.compile(r"(?:^|[\u4e00-\u9fff\s,，:：(（])[-－]$")
_ROUGHLY = ("近", "上", "过", "约", "超", "逾", "成")
_PARTIAL_TOKEN = re.compile(r"[0-9A-Za-z.,%/]+[年月日号]?")
_SUBJECT_POSITION = re.compile(r"\s*(?:其中|全|在|截至目前|目前|今年以来|[\u4e00-\u9fff]{2,4}[省市区县])?\s*")
_COMPARISON = re.compile(r"\s*(?:比|较|同比|环比)")
_CONTINUES = re.compile(r"\s*(?:其中|分别|此外|另外)")
_LIST_GAP = re.compile(r"\s*[、和及与,，]\s*")
_RESPECTIVELY = re.compile(r"分别(?:为|是|达|达到|增长|下降|占|列|居|位居|位列|完成|实现)?")


def _continue_list(clean: str, clauses: _Clauses, previous: tuple[Quantity, dict], q: Quantity, mention: dict) -> None:
    """In 增长5.2%、4.8%和3.9% the later figures share the first one's kind and sign."""
    prev_q, prev = previous
    if prev["kind"] == "density" and prev["unit"].startswith(mention["unit"] + "/"):
        clause = clean[clauses.start(prev_q.end, q.start) : q.start]
        if _COMPARISON.match(clause):
            # 拥有量11.9件，比上年末增加2.1件: the change is in the same per-capita unit.
            mention["unit"], mention["kind"], mention["indicator"] = (
                prev["unit"],
                "density",
                prev["indicator"],
            )
    if mention["kind"] == "growth" and mention["indicator"] == "unclassified":
        # 生产总值10162.5亿元，按不变价格计算，比上年增长6.1%: the growth of the figure before.
        growth_code = prev["indicator"] if prev["kind"] == "growth" else prev["indicator"] + "_growth"
        if growth_code in catalog().indicators:
            mention["indicator"] = growth_code
    if prev["unit"] != mention["unit"] or not _LIST_GAP.fullmatch(clean, prev_q.end, q.start):
        return
    if prev["kind"] == "growth" and mention["kind"] in ("ratio", "growth"):
        mention["kind"] = "growth"
        if prev["value"] < 0 < mention["value"]:
            mention["value"] = -mention["value"]


def _respectively(ctx: _Context, figures: list[Quantity], s_start: int, s_end: int) -> dict[int, Region]:
    """济南、青岛、烟台分别增长5.2%、4.8%和3.9%: pair the n regions with the n figures after 分别."""
    clean = ctx.clean
    m = _RESPECTIVELY.search(clean, s_start, s_end)
    if m is None:
        return {}
    clause_end = CLAUSE_BREAK.search(clean, m.end(), s_end)
    stop = clause_end.start() if clause_end else s_end
    after = [q for q in figures if m.start() <= q.start < stop and not q.range_part and not q.rank]
    lo = bisect_right(ctx.hit_starts, ctx.clauses.start(s_start, m.start()) - 1)
    hi = bisect_right(ctx.hit_starts, m.start() - 1)
    names = [h for h in ctx.hits[lo:hi] if h.end <= m.start()]
    # The last run of names joined by 、/和 before 分别 (济南、青岛和烟台实有经营主体分别…).
    listed: list[Hit] = names[-1:]
    for h in reversed(names[:-1]):
        if not _LIST_GAP.fullmatch(clean, h.end, listed[0].start):
            break
        listed.insert(0, h)
    if len(listed) < 2 or len(listed) != len(after):
        return {}
    return {q.start: h.region for q, h in zip(after, listed, strict=True)}


def _region_hits(
    clean: str,
    gaz: Gazetteer,
    year: int | None,
    home: Region | None,
    masked: list[tuple[int, int]],
    sentences: list[tuple[int, int]],
    by_sentence: dict[int, list[Quantity]],
) -> list[Hit]:
    """Region names outside titles and quotations, in text order.

    Regions matter only before figures, so only those stretches are scanned (speed);
    without a publisher region the whole text is scanned to find the article's own.
    """
    if home is None:
        stretches = [(0, len(clean))]
    else:
        stretches = [(sentences[k][0], qs[-1].start) for k, qs in sorted(by_sentence.items())]
    hits: list[Hit] = []
    for a, b in stretches:
        for h in gaz.find(clean[a:b], year, home):
            if not filters.inside(masked, a + h.start, a + h.end):
                hits.append(Hit(a + h.start, a + h.end, h.region))
    return hits


def _most_named(hits: list[Hit]) -> Region:
    counts: dict[str, int] = {}
    for h in hits:
        counts[h.region.code] = counts.get(h.region.code, 0) + 1
    best = max(counts, key=lambda c: (counts[c], -next(i for i, h in enumerate(hits) if h.region.code == c)))
    return next(h.region for h in hits if h.region.code == best)


def _figures(clean: str) -> list[Quantity]:
    """Every rank and quantity the grammar accepts, in text order, without overlaps."""
    found: list[Quantity] = []
    taken: list[tuple[int, int]] = []
    if "第" in clean or "首位" in clean or "榜首" in clean:
        for m in RANK.finditer(clean):
            q = rank_quantity(m, clean[m.end() : m.end() + 2])
            if q is not None:
                found.append(q)
                taken.append((m.start(), m.end()))
    taken.sort()
    for m in QUANTITY.finditer(clean):
        if taken and _overlaps(taken, m.start(), m.end()):
            continue
        found.extend(quantities(m))
    if "(" in clean:
        for m in BRACKETED.finditer(clean):
            value = parse_arabic(m.group("num"))
            found.append(Quantity(m.start(), m.end(), value, "", "exact", False, number_start=m.start("num"),
                                  bracket=True))  # fmt: skip
    found.sort(key=lambda q: (q.start, q.range_part))
    return found


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    k = bisect_right(spans, (start, float("inf"))) - 1
    if k >= 0 and spans[k][1] > start:
        return True
    return k + 1 < len(spans) and spans[k + 1][0] < end


@dataclass(frozen=True, slots=True)
class _Phrase:
    start: int  # absolute offsets
    end: int
    period: str | None
    leading: bool
    sets_year: int | None
    explicit: bool = False


# How far into a sentence without figures a phrase may still open it (会议指出，2021年，…).
_LEADING_REACH = 48


def _time_phrases(
    clean: str,
    clauses: _Clauses,
    sentences: list[tuple[int, int]],
    by_sentence: dict[int, list[Quantity]],
    year: int | None,
    published: date | None,
) -> dict[int, list[_Phrase]]:
    """The time phrases that can date a figure: those opening a sentence, and those in a figure's clause.

    A phrase elsewhere in the middle of a sentence dates nothing (its clause has no figure), so
    only these windows are scanned (speed).
    """
    out: dict[int, list[_Phrase]] = {}
    for k, (s_start, s_end) in enumerate(sentences):
        windows = [(s_start, min(s_end, s_start + _LEADING_REACH))]
        for q in by_sentence.get(k, ()):
            c_start = clauses.start(s_start, q.start)
            if c_start <= windows[-1][1]:
                windows[-1] = (windows[-1][0], max(windows[-1][1], q.end))
            else:
                windows.append((c_start, q.end))
        for w_start, w_end in windows:
            if not periods.TIME_HINT.search(clean, w_start, w_end):
                continue  # no 年/月/季/目前/十四五: no time phrase (a cheap test before the costly one)
            for m in periods.TIME_PHRASE.finditer(clean, w_start, w_end):
                if m.group("date"):
                    continue
                leading = periods.is_leading(clean, s_start, m.start())
                if k not in by_sentence and not leading:
                    continue
                said = periods.period_of(m, year, published)
                sets_year = said.sets_year if leading else None
                out.setdefault(k, []).append(
                    _Phrase(m.start(), m.end(), said.period, leading, sets_year, said.explicit and leading)
                )
    return out


class _Clauses:
    """Clause starts by bisection over the clause breaks of the whole text (one regex pass)."""

    def __init__(self, clean: str):
        self._breaks = [m.start() for m in CLAUSE_BREAK.finditer(clean)]

    def start(self, s_start: int, pos: int) -> int:
        """Start of the clause holding `pos`, within the sentence starting at `s_start`."""
        k = bisect_right(self._breaks, pos - 1) - 1
        return max(s_start, self._breaks[k] + 1) if k >= 0 else s_start


def _mention(
    ctx: _Context,
    q: Quantity,
    s_start: int,
    s_end: int,
    phrases: list[_Phrase],
    running_year: int | None,
    explicit: bool,
    doc: str,
) -> dict | None:
    clean = ctx.clean
    after = clean[q.end : q.end + 12]
    c_start = ctx.clauses.start(s_start, q.start)
    clause_before = clean[c_start : q.start]
    before_tail = clean[max(s_start, q.start - 12) : q.start]

    # -- what is not a mention
    if ctx.has_lost and textprep.LOST in clean[max(0, q.start - 1) : q.end + 1]:
        return None
    if ctx.book_spans and filters.inside(ctx.book_spans, q.start, q.end):
        return None
    unit = q.unit
    if not q.rank and units.bad_follow(unit, after):
        return None
    if (
        q.chinese
        and not q.rank
        and filters.chinese_slogan(q.value, unit, clean[max(s_start, q.start - 1) : q.start], after)
    ):
        return None
    if unit in units.DURATIONS and not filters.DURATION_VERBS.search(before_tail):
        return None
    if filters.METADATA_BEFORE.search(before_tail):
        return None
    if q.bare_scale and not (before_tail.endswith(_ROUGHLY) and not before_tail.endswith("以上")):
        return None

    if q.bracket:
        unit = _bracket_unit(ctx, q, s_start)
        if not unit:
            return None

    # -- kind, unit and sign
    value = q.value
    if not q.range_part and _MINUS_SIGN.search(before_tail):
        value = -value  # 增长-3.2%: a signed figure (but 5%-8% is a range, not minus 8)
    kind = "count"
    if q.rank:
        kind = "rank"
    elif unit in units.MONEY:
        kind = "amount"
    elif unit in ("%", "‰") or unit == "倍" or unit in units.POINTS:
        growth_word = _growth_word(before_tail, after)
        if unit in units.POINTS:
            kind = "other"
        elif unit == "倍":
            kind = "growth" if growth_word else "other"
        else:
            kind = "growth" if growth_word else "ratio"
        if growth_word in DECREASE and value > 0:
            value = -value
    elif unit in units.PHYSICAL or unit in units.DURATIONS or unit in units.SCORES:
        kind = "other"
    elif "/" in unit:
        kind = "density"
    elif unit in units.DENSITY_UNITS and (dm := DENSITY_BEFORE.search(clause_before)):
        per = dm.group("per").lstrip("每").removesuffix("口")
        kind, unit = "density", f"{unit}/{per}"

    if value == value.to_integral_value():
        value = value.quantize(Decimal(1))  # 5432.1亿 is 543210000000, not 543210000000.0

    # -- approximation: the suffix (余, 以上…) wins, else a word just before the number
    approx = q.approx
    if approx == "exact" and not q.range_part:
        am = APPROX_BEFORE.search(clean, max(s_start, q.start - 3), q.start)
        if am:
            approx = APPROX_OF[am.group("word")]
        elif q.bare_scale:
            approx = "at_least"  # 上百家, 过万户, 成千上万

    region = _region(ctx, q, s_start, clause_before)
    period = None if unit in units.DURATIONS else _period(phrases, q.start, c_start, running_year)
    sentence_text = clean[s_start:s_end]
    target_text = _unmasked(ctx, s_start, q.start)
    target = (
        targets.has_target_word(target_text)
        or targets.is_directive(sentence_text)
        or targets.plan_year(running_year, explicit, ctx.published)
    )

    # A count written before its noun (24家企业入围…) names its subject after the unit.
    noun_after = NOUN_AFTER.match(after)
    noun = _noun(noun_after.group()) if noun_after and not q.rank else ""
    phrase_start = _phrase_start(clean, c_start, q.start)
    subject = _subject(clean, ctx.clauses, q, s_start, c_start, phrase_start, noun, kind)
    indicator = _indicator(clean, q, s_start, phrase_start, noun, kind, unit)
    q_start, q_end = _quote_span(clean, q, phrase_start, noun)
    o_start, o_end = ctx.prep.to_original(q_start, q_end)
    return {
        "doc": doc,
        "quote": ctx.prep.original[o_start:o_end],
        "subject": subject,
        "value": value,
        "unit": unit,
        "kind": kind,
        "approx": approx,
        "target": bool(target),
        "region": region.full_name if region else None,
        "region_code": region.code if region else None,
        "period": period,
        "indicator": indicator,
        "start": o_start,
        "end": o_end,
        "sentence": sentence_text.strip(),
    }


_PERCENT_HINT = re.compile(r"率|比重|占比|%|增长|增速|增幅|下降")


def _bracket_unit(ctx: _Context, q: Quantity, s_start: int) -> str:
    """Unit of 青岛(58.99): only after a region name, read from what the sentence measures."""
    k = bisect_right(ctx.hit_starts, q.start) - 1
    if k < 0 or ctx.hits[k].end != q.start:
        return ""
    # 每万人…拥有量达到11.9件。16市中，青岛(34.52)…: the measure may be named a sentence earlier.
    lead = ctx.clean[max(0, s_start - 80) : q.start]
    if dm := DENSITY_BEFORE.search(lead):
        per = dm.group("per").lstrip("每").removesuffix("口")
        return f"件/{per}"
    if _PERCENT_HINT.search(lead):
        return "%"
    return ""


def _growth_word(before_tail: str, after: str) -> str | None:
    m = GROWTH_BEFORE.search(before_tail) or GROWTH_RATE_BEFORE.search(before_tail)
    if m:
        return m.group("word")
    m = GROWTH_AFTER.match(after)
    return m.group("word") if m else None


def _region(ctx: _Context, q: Quantity, s_start: int, clause_before: str) -> Region | None:
    # 全国平均水平97.6% is the country's; 高于全国平均水平0.4个百分点 is a gap of the article's region.
    if q.unit not in units.POINTS and q.unit != "倍" and NATIONAL.search(clause_before):
        return ctx.gaz.national() or ctx.home
    home = ctx.home
    k = bisect_right(ctx.hit_starts, q.start) - 1
    while k >= 0 and ctx.hits[k].end > q.start:
        k -= 1
    if k < 0 or ctx.hits[k].start < s_start:
        return home
    hit = ctx.hits[k]
    if hit.start < ctx.clauses.start(s_start, q.start) and not _SUBJECT_POSITION.fullmatch(
        ctx.clean, ctx.clauses.start(s_start, hit.start), hit.start
    ):
        # A place named mid-clause earlier in the sentence (…在济南举办，全市12家企业获奖)
        # is not the subject of a later clause; a place opening a clause is.
        return home
    found = hit.region
    if home is not None and ctx.gaz.is_ancestor(found, home):
        return home  # 济南 in a 长清区 article: the figure is the district's own
    return found


def _period(phrases: list[_Phrase], pos: int, clause_start: int, running_year: int | None) -> str | None:
    chosen = None
    for ph in phrases:
        if ph.start >= pos:
            break
        if ph.leading or ph.start >= clause_start:
            chosen = ph
    if chosen is not None and chosen.period is not None:
        return chosen.period
    return str(running_year) if running_year is not None else None


def _unmasked(ctx: _Context, start: int, end: int) -> str:
    """Sentence text before the figure with book titles removed (计划 in 《…计划》 plans nothing)."""
    text = ctx.clean[start:end]
    if "《" in text:
        text = filters.BOOK_TITLE.sub("", text)
    return text


_PHRASE_BREAK = re.compile(r".*[、和及与或以\s“”]", re.S)
_FIGURE_OR_PUNCT = re.compile(r"[\d.,%，、；;：:()（）]")


def _phrase_start(clean: str, c_start: int, pos: int) -> int:
    """Start of the phrase the figure closes: its clause, cut after the last 、/和 (a list item)."""
    m = _PHRASE_BREAK.match(clean, c_start, pos)
    return m.end() if m else c_start


_NOUN_END = re.compile(r".[^获入认被列为在通承向进经参及和与的是已将从等中]*")
_VERB_END = tuple("设立展造育建过及对向为的有达成新增到计")


def _noun(text: str) -> str:
    """The noun a pre-nominal count counts: 4件商标认定为… → 商标."""
    if text[:1] in "和及与或等以":
        return ""
    m = _NOUN_END.match(text)
    return m.group() if m else text


def _subject(
    clean: str, clauses: _Clauses, q: Quantity, s_start: int, c_start: int, phrase_start: int, noun: str, kind: str
) -> str:
    subject = SUBJECT_TRIM.sub("", clean[phrase_start : q.start].strip())
    if noun and (len(subject) <= 3 or subject.endswith(_VERB_END)):
        return noun + ("数" if kind == "count" else "")
    own = GROWTH_WORDS.sub("", subject)
    if len(own) < 2 and c_start > s_start:
        # 企业年报率96.95%,全省第1: a bare rank or change refers to the clause before.
        previous = clean[clauses.start(s_start, c_start - 1) : c_start - 1]
        cut = _FIGURE_OR_PUNCT.search(previous)
        subject = SUBJECT_TRIM.sub("", previous[: cut.start()] if cut else previous)
        if kind in ("rank", "growth"):
            subject += "排名" if kind == "rank" else "增长"
        return subject[-16:]
    if kind == "rank" and subject:
        subject += "排名"
    return subject[-16:]


def _indicator(clean: str, q: Quantity, s_start: int, phrase_start: int, noun: str, kind: str, unit: str) -> str:
    # The figure's own phrase first (药品228批次 after 抽检食品4479批次、), then a wider window.
    base_unit = unit.split("/")[0]
    code = catalog().classify(clean[phrase_start : q.start] + noun, kind, base_unit)
    if code == "unclassified":
        # 青岛(34.52) takes its measure from the sentence before.
        reach = 100 if q.bracket else 24
        code = catalog().classify(
            clean[max(s_start - 76 if q.bracket else s_start, q.start - reach) : q.start] + noun,
            kind,
            base_unit,
        )
    if kind == "rank" and (code == "unclassified" or code.startswith("rank_")):
        return "rank_national" if q.rank_scope in ("全国", "国内") else "rank_provincial"
    return code


def _quote_span(clean: str, q: Quantity, phrase_start: int, noun: str) -> tuple[int, int]:
    """The shortest span with the figure and a subject word: 合格率99.69%, 24家企业入围."""
    start = max(phrase_start, q.start - 6)
    if start > phrase_start and clean[start - 1].isascii() and clean[start - 1].isalnum():
        # Do not begin inside a number or code (…10月 → 月全市新增12家, not 0月…).
        m = _PARTIAL_TOKEN.match(clean, start, q.start)
        start = m.end() if m else start
    while start < q.start and not clean[start].strip():
        start += 1
    end = q.end
    if noun and q.start - start < 3:
        end = q.end + min(len(noun), 6)
    return start, end


def json_value(value: Decimal) -> int | float:
    """A Decimal as a JSON number: int when integral."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)
