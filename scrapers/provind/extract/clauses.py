"""Clauses: the stretches between commas and semicolons that scope most attributes.

A figure's subject, growth word, target word or mid-sentence time phrase is read
from its own clause. Clause starts are found by bisection over the breaks of
the whole text, found once.
"""

from __future__ import annotations

import re
from bisect import bisect_left

# Clause breaks; an ASCII comma between digits is a thousands separator (6,532户), not a break.
# (Written as one class, then the comma's condition, so that the engine skips between candidates.)
CLAUSE_BREAK = re.compile(r"[，；;：:！？!?。\n,](?:(?<!,)|(?<!\d,)|(?!\d))")


class Clauses:
    """Clause starts by bisection over the clause breaks of the whole text (one regex pass)."""

    def __init__(self, clean: str, inside: list[tuple[int, int]] | None = None):
        self._breaks = list(map(re.Match.start, CLAUSE_BREAK.finditer(clean)))  # (map: no Python loop)
        if inside:
            # 1.2万\n户: a line break inside a figure (a wrapped line) breaks no clause
            self._breaks = [b for b in self._breaks if not any(start <= b < end for start, end in inside)]

    def start(self, s_start: int, pos: int) -> int:
        """Start of the clause holding `pos`, within the sentence starting at `s_start`."""
        k = bisect_left(self._breaks, pos)  # breaks before pos (called for every figure: no max())
        if k:
            after_break = self._breaks[k - 1] + 1
            return after_break if after_break > s_start else s_start
        return s_start
