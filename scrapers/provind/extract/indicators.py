"""Map a mention's subject to a catalog indicator (`reference/indicators.csv`).

The catalog is data shared with dbt's `dim_indicator`. Each row lists Chinese
subject keywords; a mention takes the row whose keyword found in its context
is longest, among rows of the same kind (a growth of patents maps to the
growth row, not to the count). Nothing is dropped: no match is `unclassified`.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import ahocorasick

CATALOG_CSV = Path(__file__).resolve().parent.parent / "reference" / "indicators.csv"
UNCLASSIFIED = "unclassified"


@dataclass(frozen=True, slots=True)
class Indicator:
    code: str
    name_zh: str
    domain: str
    unit: str
    kind: str
    order: int


class Catalog:
    def __init__(self, rows: list[dict[str, str]]):
        self.indicators: dict[str, Indicator] = {}
        keywords: dict[str, list[Indicator]] = {}
        for order, row in enumerate(rows):
            ind = Indicator(row["indicator_code"], row["name_zh"], row["domain"], row["unit"], row["kind"], order)
            self.indicators[ind.code] = ind
            for kw in filter(None, (k.strip() for k in (row.get("keywords") or "").split("|"))):
                keywords.setdefault(kw, []).append(ind)
        self._automaton = ahocorasick.Automaton()
        for kw, inds in keywords.items():
            self._automaton.add_word(kw, (len(kw), tuple(inds)))
        self._automaton.make_automaton()

    def classify(self, context: str, kind: str, unit: str) -> str:
        """The indicator code for a mention of `kind`/`unit` whose subject text is `context`.

        `context` should end where the figure starts: keywords nearer the figure
        break ties between equally long keywords.
        """
        best: tuple[int, int, int] | None = None
        best_code = UNCLASSIFIED
        for end, (length, inds) in self._automaton.iter(context):
            for ind in inds:
                if not _compatible(ind, kind, unit):
                    continue
                score = (length, end, -ind.order)
                if best is None or score > best:
                    best, best_code = score, ind.code
        return best_code


def _compatible(ind: Indicator, kind: str, unit: str) -> bool:
    if ind.kind != kind:
        return False
    if kind in ("count", "other") and ind.unit and unit and ind.unit != unit:
        # Counts of different things are still the same indicator whatever the measure word,
        # but physical units must agree.
        return kind == "count"
    return True


@lru_cache(maxsize=2)
def catalog(path: str | None = None) -> Catalog:
    with open(Path(path) if path else CATALOG_CSV, encoding="utf-8", newline="") as fh:
        return Catalog(list(csv.DictReader(fh)))
