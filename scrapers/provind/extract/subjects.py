"""What a figure measures: its subject phrase, its catalog indicator and its quote.

A count written before its noun (24家企业入围…) takes the noun after it; a
figure after its noun (合格率99.69%) takes the phrase before it, cut at the last
list break (、/和); a bare rank or change (…96.95%,全省第1) borrows the clause before.
"""

from __future__ import annotations

import re

from provind.extract.clauses import Clauses
from provind.extract.indicators import catalog
from provind.extract.numbers import Quantity

NOUN_AFTER = re.compile(r"[\u4e00-\u9fffA-Za-z]{1,8}")
GROWTH_WORDS = re.compile(r"同比|环比|比上年|较上年|比去年|增长|增加|提高|提升|上升|下降|减少|降低|压减|回落")
SUBJECT_TRIM = re.compile(
    r"^(?:其中|全市|全省|全区|全县|全国|累计|共|已|目前|同时|另外|并|还|均|已经|今年以来|截至目前)+"
)
_PARTIAL_TOKEN = re.compile(r"[0-9A-Za-z.,%/]+[年月日号]?")
_PHRASE_BREAK = re.compile(r".*[、和及与或以\s“”]", re.S)
_FIGURE_OR_PUNCT = re.compile(r"[\d.,%，、；;：:()（）]")


def phrase_start(clean: str, c_start: int, pos: int) -> int:
    """Start of the phrase the figure closes: its clause, cut after the last 、/和 (a list item)."""
    start = max(c_start, pos - 40)  # bounded: the phrase is short, the clause may not be
    m = _PHRASE_BREAK.match(clean, start, pos)
    return m.end() if m else start


_NOUN_END = re.compile(r".[^获入认被列为在通承向进经参及和与的是已将从等中]*")
_VERB_END = tuple("设立展造育建过及对向为的有达成新增到计")


def noun(text: str) -> str:
    """The noun a pre-nominal count counts: 4件商标认定为… → 商标."""
    if text[:1] in "和及与或等以":
        return ""
    m = _NOUN_END.match(text)
    return m.group() if m else text


def subject(
    clean: str, clauses: Clauses, q: Quantity, s_start: int, c_start: int, phrase_start: int, noun: str, kind: str
) -> str:
    subject = SUBJECT_TRIM.sub("", clean[phrase_start : q.start].strip())
    if noun and (len(subject) <= 3 or subject.endswith(_VERB_END)):
        return noun + ("数" if kind == "count" else "")
    own = GROWTH_WORDS.sub("", subject)
    if len(own) < 2 and c_start > s_start:
        # 企业年报率96.95%,全省第1: a bare rank or change refers to the clause before.
        previous = clean[max(clauses.start(s_start, c_start - 1), c_start - 80) : c_start - 1]
        cut = _FIGURE_OR_PUNCT.search(previous)
        subject = SUBJECT_TRIM.sub("", previous[: cut.start()] if cut else previous)
        if kind in ("rank", "growth"):
            subject += "排名" if kind == "rank" else "增长"
        return subject[-16:]
    if kind == "rank" and subject:
        subject += "排名"
    return subject[-16:]


def indicator(clean: str, q: Quantity, s_start: int, phrase_start: int, noun: str, kind: str, unit: str) -> str:
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


def quote_span(clean: str, q: Quantity, phrase_start: int, noun: str) -> tuple[int, int]:
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
