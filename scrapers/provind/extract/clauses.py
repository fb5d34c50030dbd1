"""Clauses: the stretches between commas and semicolons that scope most attributes.

A figure's subject, growth word, target word or mid-sentence time phrase is read
from its own clause. Clause starts are found by bisection over the breaks of the
sentence, found when a figure of it first asks (most sentences hold no figure, and
are never scanned).
"""

from __future__ import annotations

import re
from bisect import bisect_left

# Clause breaks; an ASCII comma between digits is a thousands separator (6,532户), not a break.
# (Written as one class, then the comma's condition, so that the engine skips between candidates.)
CLAUSE_BREAK = re.compile(r"[，；;：:！？!?。\n,](?:(?<!,)|(?<!\d,)|(?!\d))")


class Clauses:
    """Clause starts by bisection over the clause breaks of one sentence, read as far as asked."""

    def __init__(self, clean: str, inside: list[tuple[int, int]] | None = None):
        self._clean = clean
        # 1.2万\n户: a line break inside a figure (a wrapped line) breaks no clause
        self._inside = inside or []
        self._sentence = -1  # the sentence whose breaks are read, by its start
        self._read_to = 0  # its breaks before this offset are in _breaks
        self._breaks: list[int] = []

    def start(self, s_start: int, pos: int) -> int:
        """Start of the clause holding `pos`, within the sentence starting at `s_start`."""
        if s_start != self._sentence:
            self._sentence, self._read_to, self._breaks = s_start, s_start, []
        if pos > self._read_to:
            self._read(pos)
        k = bisect_left(self._breaks, pos)  # breaks before pos (called for every figure: no max())
        if k:
            after_break = self._breaks[k - 1] + 1
            return after_break if after_break > s_start else s_start
        return s_start

    def _read(self, pos: int) -> None:
        """Add the breaks from `_read_to` up to `pos` (a comma's condition looks one character on)."""
        found = list(map(re.Match.start, CLAUSE_BREAK.finditer(self._clean, self._read_to, pos + 1)))
        if found and found[-1] >= pos:
            found.pop()  # (at pos itself: read again with the character after it, next time)
        if self._inside:
            found = [b for b in found if not any(start <= b < end for start, end in self._inside)]
        self._breaks += found
        self._read_to = pos
