"""What every figure of one article reads: the article's context, built once per article.

`mentions.extract_mentions` builds an `ArticleContext` (the clean text and its offset map,
the article's year and publisher, the place names found in it, its clauses, where its planning
words stand, where figures that name no place belong) and hands it, figure by figure, to the
modules that decide one attribute each (`attribution`, `kinds`, `targets`, `time_phrases`).
It is a module of its own so that they need not import the assembly that calls them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from provind import textprep
from provind.extract import labels
from provind.extract.clauses import Clauses
from provind.extract.regions import Gazetteer, Hit, Region
from provind.extract.sections import Section

if TYPE_CHECKING:
    from provind.extract.attribution import Placed


@dataclass(frozen=True, slots=True)
class Fallback:
    """Where a figure that names no place belongs: the title's place, the publisher's, or the text's own."""

    region: Region | None
    key: str  # the name as written, for a place named in the title
    source: str | None  # "title", "publisher", "text"; None when nothing names any place


@dataclass(slots=True)
class ArticleContext:
    """One article as every figure of it reads it (see the module docstring)."""

    clean: str
    prep: textprep.Prepared
    gaz: Gazetteer
    home: Region | None
    fallback: Fallback
    year: int | None
    published: date | None
    hits: list[Hit]
    hit_starts: list[int]
    masked_spans: list[tuple[int, int]]  # book titles and short quotations
    book_spans: list[tuple[int, int]]
    clauses: Clauses
    has_lost: bool  # the text has lost characters (most have none: skip the check)
    target_marks: list[int]  # where planning words stand, outside book titles (计划 in 《…计划》 plans nothing)
    # (place, name, figure year) -> what it is then: an article names few places, in few years
    placed: dict[tuple[str, str, int], tuple[Region | None, bool]] = field(default_factory=dict)
    # value start -> its label, for the figures of `label：value` lines
    labelled: dict[int, labels.Labelled] = field(default_factory=dict)
    # `fallback` as placed, unless the title names the place (made once: most figures name no place)
    fallback_placed: Placed | None = None
    # the year a bulletin's title says it reports on (2023年…统计公报), from the text's first line or `title`
    report_year: int | None = None
    # the month or months of that year a report's title names (2024年3月份…通报): its figures' period
    report_period: str | None = None
    # `prep.verbatim()`: a quote's offsets in the original are its offsets in the clean text (most texts)
    verbatim: bool = False
    # the sections a heading gives a place (一、历城区 …), and where they start: most texts have none
    sections: list[Section] = field(default_factory=list)
    section_starts: list[int] = field(default_factory=list)
