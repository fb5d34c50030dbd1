"""Lists of figures: 增长5.2%、4.8%和3.9%, 济南、青岛分别…, 拥有量11.9件，比上年末增加2.1件.

Figures in a list share what only the first one states (its kind and sign, its
per-capita unit), and a list of regions before 分别 pairs with the figures after it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Final

from provind.extract.clauses import CLAUSE_BREAK, Clauses
from provind.extract.indicators import catalog
from provind.extract.numbers import Quantity
from provind.extract.regions import Hit

_COMPARISON: Final = re.compile(r"\s*(?:比|较|同比|环比)")
_LIST_GAP: Final = re.compile(r"\s*[、和及与,，]\s*")
_LIST_OR_RANGE_GAP: Final = re.compile(r"\s*[、和及与,，至到~～—–-]\s*")  # 增长5%-6%: the high end shares the kind
_RANGE_GAP: Final = re.compile(r"\s*[至到~～—–-]\s*")
_RESPECTIVELY: Final = re.compile(
    r"分别(?:为|是|达|达到|增长|下降|占|列|居|位居|位列|完成|实现)?|分[列居](?=全|第|前|首)"
)


def continue_list(clean: str, clauses: Clauses, previous: tuple[Quantity, dict], q: Quantity, mention: dict) -> None:
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
    if prev["unit"] != mention["unit"] or not _LIST_OR_RANGE_GAP.fullmatch(clean, prev_q.end, q.start):
        return
    if (
        prev["region_code"] != mention["region_code"]
        and _RESPECTIVELY.search(clean, clauses.start(0, prev_q.start), prev_q.start) is not None
    ):
        # 五华区、盘龙区新登记经营主体分别为1.2万户、1.1万户: one measure of several places
        mention["subject"], mention["indicator"] = prev["subject"], prev["indicator"]
    if prev["kind"] == "growth" and mention["kind"] in ("ratio", "growth"):
        mention["kind"] = "growth"
        if prev["value"] < 0 < mention["value"]:
            mention["value"] = -mention["value"]
        if _RANGE_GAP.fullmatch(clean, prev_q.end, q.start):
            # 增长5%-8%: the high end is the same change as the low end (a list's items may be of others)
            mention["subject"], mention["indicator"] = prev["subject"], prev["indicator"]


def respectively(
    clean: str,
    clauses: Clauses,
    hits: list[Hit],
    hit_starts: list[int],
    figures: list[Quantity],
    s_start: int,
    s_end: int,
) -> dict[int, Hit]:
    """济南、青岛、烟台分别增长5.2%、4.8%和3.9%: pair the n region names with the n figures after 分别.

    A later clause naming no place pairs with the list the sentence named before it
    (莱州市、招远市…增长12.3%和8.6%，增速分列全市第一、第二位).
    """
    pairs: dict[int, Hit] = {}
    for m in _RESPECTIVELY.finditer(clean, s_start, s_end):
        clause_end = CLAUSE_BREAK.search(clean, m.end(), s_end)
        stop = clause_end.start() if clause_end else s_end
        after = [q for q in figures if m.start() <= q.start < stop and not q.range_part and not q.rank]
        if not after:  # 济南、青岛分别位居全省第一、第二
            after = [q for q in figures if m.start() <= q.start < stop and q.rank]
        hi = bisect_right(hit_starts, m.start() - 1)
        lo = bisect_right(hit_starts, clauses.start(s_start, m.start()) - 1)
        if lo == hi:  # no place in the marker's clause: the places named earlier in the sentence
            lo = bisect_right(hit_starts, s_start - 1)
        names = [h for h in hits[lo:hi] if h.end <= m.start()]
        # The last run of names joined by 、/和 before 分别 (济南、青岛和烟台实有经营主体分别…).
        listed: list[Hit] = names[-1:]
        for h in reversed(names[:-1]):
            if not _LIST_GAP.fullmatch(clean, h.end, listed[0].start):
                break
            listed.insert(0, h)
        if len(listed) >= 2 and len(listed) == len(after):
            pairs.update((q.start, h) for q, h in zip(after, listed, strict=True))
    return pairs
