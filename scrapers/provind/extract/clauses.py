"""Clauses: the stretches between commas and semicolons that scope most attributes.

A figure's subject, growth word, target word or mid-sentence time phrase is read
from its own clause. Clause starts are found by bisection over the breaks of the
text, found by `str.find` when a figure first asks (a text without figures is never
scanned).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import Final

from provind.textprep import char_positions

# Clause breaks; an ASCII comma between digits is a thousands separator (6,532户), not a break.
# (Written as one class, then the comma's condition, so that the engine skips between candidates.)
CLAUSE_BREAK: Final = re.compile(r"[，；;：:！？!?。\n,](?:(?<!,)|(?<!\d,)|(?!\d))")
_BREAK_CHARS: Final = "，；;：:！？!?。\n"  # (CLAUSE_BREAK's class but the ASCII comma, whose condition is tested)


class Clauses:
    """Clause starts by bisection over the clause breaks of the text, found when a figure first asks."""

    def __init__(self, clean: str, inside: list[tuple[int, int]] | None = None):
        self._clean = clean
        # 1.2万\n户: a line break inside a figure (a wrapped line) breaks no clause
        self._inside = inside or []
        self._breaks: list[int] | None = None  # (a text without figures never asks)
        self._k = 0  # the breaks before the position last asked about

    def start(self, s_start: int, pos: int) -> int:
        """Start of the clause holding `pos`, within the sentence starting at `s_start`."""
        breaks = self._breaks
        if breaks is None:
            breaks = self._breaks = self._read()
        # k: the breaks before pos. Figures ask in text order, mostly a few breaks on from the last
        # answer: a few steps from there, else bisection (called for every figure: no max()).
        k, n = self._k, len(breaks)
        if k > n or (k and breaks[k - 1] >= pos):
            k = bisect_left(breaks, pos)
        else:
            steps = 0
            while k < n and breaks[k] < pos:
                k += 1
                steps += 1
                if steps == 8:
                    k = bisect_left(breaks, pos, k)
                    break
        self._k = k
        if k:
            after_break = breaks[k - 1] + 1
            return after_break if after_break > s_start else s_start
        return s_start

    def _read(self) -> list[int]:
        """Every break of the text: the positions of `CLAUSE_BREAK`, found by `str.find` (a regex class
        tests every character in turn, several times slower: see textprep.char_positions)."""
        clean = self._clean
        found = char_positions(clean, _BREAK_CHARS)
        if "," in clean:
            last = len(clean) - 1
            found += [
                at
                for at in char_positions(clean, ",")
                # (the comma between two digits is a thousands separator)
                if not (0 < at < last and clean[at - 1].isdecimal() and clean[at + 1].isdecimal())
            ]
            found.sort()
        if self._inside:
            found = [b for b in found if not any(start <= b < end for start, end in self._inside)]
        return found
