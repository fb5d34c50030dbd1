"""Map a mention's subject to a catalog indicator (`reference/indicators.csv`).

The catalog is data shared with dbt's `dim_indicator`. Each row lists Chinese
subject keywords; a mention takes the row whose keyword found in its context
is longest, among rows of the same kind (a growth of patents maps to the
growth row, not to the count). Nothing is dropped: no match is `unclassified`.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Final

import ahocorasick_rs

from provind.config import REFERENCE_DIR

CATALOG_CSV: Final = REFERENCE_DIR / "indicators.csv"
UNCLASSIFIED: Final = "unclassified"

# Qualifiers that make a count a flow (things added in the period: 新登记市场主体, 发明专利授权量)
# or a stock (things existing at a date: 实有企业, 市场主体总量, 有效发明专利). Bureaus report both
# for the same things; the catalog keeps them apart, and a count's qualifier picks the right one.
# (创新设计, 更新, 重新 are no 新设/新建/新认定.)
# (Each alternative opens on a plain character, the look-behind after it, so that the engine skips fast.)
FLOW_QUALIFIER: Final = re.compile(
    r"新(?<![创更重革刷]新)(?:登记|设立|注册|开办|发展|增|设|认定|培育|获|建)|净增|授权|申请"
)
STOCK_QUALIFIER: Final = re.compile(r"实有|累计|总量|总数|有效|存量|存续|现有|拥有量|保有量|在册|在营|在业|在用")
# In a keyword, a flow qualifier must open it (标准化创新发展项目 is no 新发展 flow).
_KEYWORD_FLOW: Final = re.compile(r"^新(?:登记|设立|注册|开办|增|设|认定|培育|获|建)|授权|申请")


def nature(text: str) -> str:
    """`flow`, `stock` or "" (neither, or both as in 新增有效发明专利) for a count's subject text.

    累计 before a flow sums that flow over the period (全年累计新设126.5万户, 1—11月累计新登记): a flow.
    """
    flow = FLOW_QUALIFIER.search(text) is not None
    stock = (m := STOCK_QUALIFIER.search(text)) is not None
    if flow and stock and m is not None and m.group() == "累计" and STOCK_QUALIFIER.search(text, m.end()) is None:
        return "flow"
    return "flow" if flow and not stock else "stock" if stock and not flow else ""


@dataclass(frozen=True, slots=True)
class Indicator:
    code: str
    name_zh: str
    domain: str
    unit: str
    kind: str
    order: int
    nature: str = ""  # flow / stock / "" (see FLOW_QUALIFIER): read from the row's keywords


_SHORT_PHRASE: Final = 8  # characters: the phrases `Catalog.classify_phrase` remembers
_MANY_PHRASES: Final = 50_000  # remembered at most (some 10 MB)


class Catalog:
    def __init__(self, rows: list[dict[str, str]]):
        self.indicators: dict[str, Indicator] = {}
        keywords: dict[str, list[Indicator]] = {}
        for order, row in enumerate(rows):
            words = [k for k in (k.strip() for k in (row.get("keywords") or "").split("|")) if k]
            ind = Indicator(
                row["indicator_code"],
                row["name_zh"],
                row["domain"],
                row["unit"],
                row["kind"],
                order,
                _row_nature(words),
            )
            self.indicators[ind.code] = ind
            for kw in words:
                keywords.setdefault(kw, []).append(ind)
        # Every occurrence of every keyword, overlapping ones included (pattern i is keyword i).
        self._keywords = [(len(kw), tuple(inds)) for kw, inds in keywords.items()]
        self._automaton = ahocorasick_rs.AhoCorasick(list(keywords), matchkind=ahocorasick_rs.MatchKind.Standard)
        # (kind, unit) -> for keyword i, its indicators `_compatible` with them (made once a pair: a
        # mention's kind and unit come from a few dozen, and most keywords fit none of them).
        self._compatible: dict[tuple[str, str], list[tuple[Indicator, ...]]] = {}
        # (short phrase, kind, unit) -> code: see `classify_phrase`
        self._phrase_codes: dict[tuple[str, str, str], str] = {}

    def classify_phrase(self, phrase: str, kind: str, unit: str) -> str:
        """`classify(phrase, kind, unit)` for a figure's own subject phrase, remembered when short.

        Keyed by the phrase's words, never by where it stands: the short phrases before a figure
        are the formulaic ones bureaus write in article after article (同比增长, 合格率, 比上年增长,
        全市新登记企业), so they recur across real, different articles; longer ones rarely do and
        are classified afresh. `classify` depends on its arguments only, so the answer is the same.
        """
        if len(phrase) > _SHORT_PHRASE:
            return self.classify(phrase, kind, unit)
        key = (phrase, kind, unit)
        code = self._phrase_codes.get(key)
        if code is None:
            if len(self._phrase_codes) >= _MANY_PHRASES:
                self._phrase_codes.clear()  # bounded memory, whatever the corpus
            code = self._phrase_codes[key] = self.classify(phrase, kind, unit)
        return code

    def classify(self, context: str, kind: str, unit: str, qualified: str | None = None) -> str:
        """The indicator code for a mention of `kind`/`unit` whose subject text is `context`.

        `context` should end where the figure starts: keywords nearer the figure
        break ties between equally long keywords. A count whose own phrase (`qualified`,
        else `context`) says flow (新登记, 授权) or stock (实有, 总量, 累计, 有效) never maps to an
        indicator of the other nature: a keyword of a stock `X` found for a flow maps to `new_X`
        (新发展市场主体 → new_market_entities), one of a flow `new_X` found for a stock maps to `X`.
        """
        # The count's (or its growth's) nature, read only when a keyword's indicator has one (most
        # contexts match none): 新登记市场主体增长 is the flow's growth, not the stock's.
        wanted: str | None = None if kind in ("count", "growth") else ""
        best: tuple[int, int, int] | None = None
        best_code = UNCLASSIFIED
        keywords = self._keywords
        compatible = self._compatible.get((kind, unit))
        if compatible is None:
            compatible = self._compatible[kind, unit] = [
                tuple(ind for ind in inds if _compatible(ind, kind, unit)) for _, inds in keywords
            ]
        for i, _, end in self._automaton.find_matches_as_indexes(context, overlapping=True):
            inds = compatible[i]
            if not inds:
                continue
            length = keywords[i][0]
            for ind in inds:
                if ind.nature and wanted is None:
                    wanted = nature(context if qualified is None else qualified)
                if wanted and ind.nature and ind.nature != wanted:
                    found = self._sibling(ind, wanted)
                    if found is None:
                        continue
                    ind = found
                score = (length, end - 1, -ind.order)  # end - 1: the keyword's last character
                if best is None or score > best:
                    best, best_code = score, ind.code
        return best_code

    def _sibling(self, ind: Indicator, wanted: str) -> Indicator | None:
        """The flow `new_X` of a stock `X` (or the stock of a flow), by the catalog's naming rule."""
        code = "new_" + ind.code if wanted == "flow" else ind.code.removeprefix("new_")
        sibling = self.indicators.get(code)
        return sibling if sibling is not None and sibling.nature in ("", wanted) else None


def _row_nature(keywords: list[str]) -> str:
    flow = any(_KEYWORD_FLOW.search(k) for k in keywords)
    stock = any(STOCK_QUALIFIER.search(k) for k in keywords)
    return "flow" if flow and not stock else "stock" if stock and not flow else ""


def _compatible(ind: Indicator, kind: str, unit: str) -> bool:
    if ind.kind != kind:
        return False
    if kind in ("count", "other") and ind.unit and unit and ind.unit != unit:
        # Counts of different things are still the same indicator whatever the measure word,
        # but physical units must agree, and a count of people is never a count of things
        # (共有126名执法人员 beside 零事故 is no count of accidents in 起).
        # Nor is a count of incidents a count of machines (处置电梯困人故障1260起 is no count of lifts in 台).
        return (
            kind == "count" and (unit in _PEOPLE) == (ind.unit in _PEOPLE) and not _incident_and_machine(unit, ind.unit)
        )
    return True


_PEOPLE: Final = frozenset({"人", "名", "人次"})
_INCIDENTS: Final = frozenset({"起"})
_MACHINES: Final = frozenset({"台", "部", "辆", "套", "台套", "艘", "架"})


def _incident_and_machine(unit: str, row_unit: str) -> bool:
    return (unit in _INCIDENTS and row_unit in _MACHINES) or (unit in _MACHINES and row_unit in _INCIDENTS)


@lru_cache(maxsize=2)
def catalog(path: str | None = None) -> Catalog:
    with open(Path(path) if path else CATALOG_CSV, encoding="utf-8", newline="") as fh:
        return Catalog(list(csv.DictReader(fh)))
