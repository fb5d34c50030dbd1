"""Section headings that name a place: the place owns the figures of its section.

A city bureau's round-up of its districts (a province's of its cities) is written as numbered
sections whose sentences say 全区/全县 or name no place at all:

    一、历城区                     a heading: an enumerator, then a place (and a few words)
    今年以来，全区新登记…1.2万户。   → 历城区's
    （三）平阴县
    全县新登记企业1520户。          → 平阴县's
    四、下一步工作                 a heading without a place ends the section

A heading without an enumerator counts only when it ends on a colon (`东营区：`). The place must
lie inside the publisher's region (a district of the publishing city): a heading naming
somewhere else (`二、重庆市万州区`, a partner city) places nothing. Only figures whose sentence
names no place fall to their section (`attribution.fallback`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Final

from provind.extract.regions import Gazetteer, Hit, Region

# A heading line: an optional enumerator, then a short text without figures or sentence stops.
_HEADING: Final = re.compile(
    r"[ \t\u3000]*(?P<enum>[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[.、．]"
    r"|第[一二三四五六七八九十]{1,3}(?:部分|章|节)[:：、]?)?[ \t\u3000]*"
    r"(?P<body>[^\n。；;！？!?，,\d]{2,24}?)[ \t\u3000]*$",
)
_COLON_END: Final = ("：", ":")
_OPENERS: Final = frozenset("一二三四五六七八九十（(0123456789第")
_LONGEST_LINE: Final = 40  # an enumerator, spaces and the 24 characters of a heading's text
_MOST_AFTER_PLACE: Final = 10  # 二、章丘区市场主体发展情况: the words after the place


@dataclass(frozen=True, slots=True)
class Section:
    start: int  # where its text begins (the line after its heading)
    end: int  # where the next heading begins (or the text ends)
    region: Region
    key: str  # the place as written


def section_places(clean: str, gaz: Gazetteer, year: int | None, home: Region | None) -> list[Section]:
    """The sections of `clean` that a heading gives a place, in text order ([] for most texts)."""
    if "\n" not in clean:
        return []
    headings: list[tuple[int, int, Hit | None]] = []  # (line start, line end, its place)
    for m in _short_lines(clean):
        body = m.group("body").strip()
        numbered = m.group("enum") is not None
        if not numbered and not body.endswith(_COLON_END):
            continue
        headings.append((m.start(), m.end(), _place_of(body, m.start("body"), gaz, year, home)))
    sections = []
    for i, (_, line_end, hit) in enumerate(headings):
        if hit is None or hit.region is None:
            continue
        end = headings[i + 1][0] if i + 1 < len(headings) else len(clean)
        sections.append(Section(line_end, end, hit.region, hit.key))
    return sections


def _short_lines(clean: str):
    """`_HEADING.finditer(clean)`, tried only on lines short enough to be a heading: a scan of
    every position for a line start costs more than finding the line breaks (most lines are prose)."""
    start, n = 0, len(clean)
    match = _HEADING.match
    while start < n:
        end = clean.find("\n", start)
        if end < 0:
            end = n
        if end - start <= _LONGEST_LINE:
            line = clean[start:end].strip(" \t\u3000")
            # (a heading opens on its enumerator or ends on a colon: most short lines do neither)
            if (line[:1] in _OPENERS or line.endswith(_COLON_END)) and (m := match(clean, start, end)) is not None:
                yield m
        start = end + 1


def _place_of(body: str, at: int, gaz: Gazetteer, year: int | None, home: Region | None) -> Hit | None:
    """The place a heading's text opens on, inside the publisher's region; None if none."""
    hits = gaz.find(body.rstrip("：:"), year, home, offset=at)
    if not hits:
        return None
    hit = hits[0]
    if hit.start != at or hit.scope or hit.foreign or hit.region is None:
        return None
    if len(body.rstrip("：:")) - (hit.end - at) > _MOST_AFTER_PLACE:
        return None
    if home is not None and (hit.region.code == home.code or not gaz.is_ancestor(home, hit.region)):
        return None  # the publisher itself (no section of its own), or somewhere outside it
    return hit


def section_at(sections: list[Section], starts: list[int], at: int) -> Section | None:
    """The section holding position `at`, if any."""
    k = bisect_right(starts, at) - 1
    if k >= 0 and at < sections[k].end:
        return sections[k]
    return None
