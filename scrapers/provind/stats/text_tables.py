"""Tables written as text: columns aligned by runs of spaces (a `<pre>` block, `<p>`/`<div>` lines).

Monthly releases often publish their table as lines such as

    指标名称            单位      本月      1-本月累计    同比增长%
    一般公共预算收入    亿元      21.4      128.7         4.6

in a `<pre>`, one `<p>` a row, or `<br>`-separated lines padded with `&nbsp;` or full-width
spaces. Such a run of lines is a `Grid` like an HTML table's: a header row (no figure), a label
column, value columns (a unit column's names allowed among them). Prose never is: a row's cells
after its label must all be figures, blanks (-, …) or units, a label is short and has no clause
break, and a run needs two such rows. Lines separated by tabs are the text extractor's
(`extract/labels.py` reads tabbed rows): they are left to it. A figure needs a unit from
somewhere (its cell, header, unit column, label or a `单位：` note): a bare number in text is
too often a page's furniture.
"""

from __future__ import annotations

import re
from collections import Counter

from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from bs4.element import Declaration, Doctype, ProcessingInstruction

from provind.crawl.page_text import BLOCK_TAGS, OFF_ARTICLE_TAGS, SKIP_TAGS, marks_off_article
from provind.stats.cells import MISSING, parse_change, parse_figure, parse_unit
from provind.stats.grid import MAX_TITLE_CHARS, NOT_A_MEASURE, NOTE, Grid

# A column break: two spaces or more (ASCII, no-break, en/em `&ensp;`/`&emsp;` or full-width), or one
# full-width or em space.
# Ruled tables (Word's box drawing, pipes) break their columns with a rule character.
_SEP = re.compile(r"[ \xa0\u2002\u2003\u3000]{2,}|[\u3000\u2003]|[ \xa0\u3000]*[|｜│┃][ \xa0\u3000]*")
_EDGE = " \xa0\u2002\u2003\u3000\r|｜│┃"
_RULE = re.compile(r"^[-─━=＝—┼╋┬┴├┤┌┐└┘┏┓┗┛┣┫┳┻+|｜│┃ \xa0\u3000]+$")  # a ruling line: no row
_CLAUSE = re.compile(r"[，。；;！？!?]")
_BARE_YEAR = re.compile(r"^(?:19|20)\d{2}年?$")
_BREAK = "\x00"  # stands for a table, which ends any run of text rows
MAX_LABEL_CHARS = 30
MAX_HEADER_CHARS = 20
MAX_LINES = 20000  # (a page of more lines is a dump: its first lines are read)


def text_grids(soup: BeautifulSoup, page_title: str) -> list[Grid]:
    """The text tables of a page, read as grids (none where no run of aligned lines is a table)."""
    lines = _page_lines(soup)
    grids = []
    i = 0
    while i < len(lines):
        if _data_cells(_cells(lines[i])) is None:
            i += 1
            continue
        end = _run_end(lines, i)
        grid = _grid(lines, i, end, page_title)
        if grid is not None:
            grids.append(grid)
        i = max(end, i + 1)
    return grids


# --------------------------------------------------------------------------- lines of the page


def _page_lines(soup: BeautifulSoup) -> list[str]:
    """The page's visible lines with their spaces as written (tables, scripts and navigation left out)."""
    parts: list[str] = []
    _collect(soup, parts)
    lines = [line.strip(_EDGE) for line in "".join(parts).split("\n")]
    return ["" if _RULE.match(line) else line for line in lines[:MAX_LINES]]


def _collect(node: Tag, parts: list[str]) -> None:
    for child in node.children:
        if isinstance(child, Comment | Doctype | Declaration | ProcessingInstruction):
            continue
        if isinstance(child, NavigableString):
            parts.append(str(child))
        elif isinstance(child, Tag) and child.name not in SKIP_TAGS:
            if child.name == "br":
                parts.append("\n")
            elif child.name == "table":
                # A table's cells are lines of their own (read as a table, not as text rows), but an
                # old CMS lays the whole article out in a table's cell: its text is read inside.
                parts.append(f"\n{_BREAK}\n")
                _collect(child, parts)
                parts.append(f"\n{_BREAK}\n")
            elif child.name in OFF_ARTICLE_TAGS or (child.attrs and marks_off_article(child)):
                parts.append(f"\n{_BREAK}\n")
            else:
                block = child.name in BLOCK_TAGS
                if block:
                    parts.append("\n")
                _collect(child, parts)
                if block:
                    parts.append("\n")


def _cells(line: str) -> list[str]:
    if "\t" in line or not line or line == _BREAK:
        return []  # (tabbed rows are the text extractor's)
    return [cell.strip(_EDGE) for cell in _SEP.split(line) if cell.strip(_EDGE)]


# --------------------------------------------------------------------------- rows


def _is_figure(cell: str) -> bool:
    return parse_figure(cell) is not None or parse_change(cell) is not None


def _data_cells(cells: list[str]) -> list[str] | None:
    """The cells of a data row (a label, then figures, blanks or units), or None.

    A label split by a run of spaces (`其中：  国有企业`) is joined again.
    """
    if len(cells) < 2 or any(len(c) > MAX_LABEL_CHARS for c in cells) or _CLAUSE.search("".join(cells)):
        return None  # (cheap first: most lines of a page are prose)
    if not any(ch.isdigit() for c in cells[1:] for ch in c):
        return None
    head = 1 if _BARE_YEAR.match(cells[0]) else 0  # (a row of a yearly series: 2023年  10162.5  5.8)
    while head < len(cells) and not _is_figure(cells[head]) and cells[head] not in MISSING:
        if parse_unit(cells[head]) is not None and head > 0:
            break  # 一般公共预算收入 | 亿元: the unit column after the label
        head += 1
    if head == 0 or head > 2:
        return None
    label = "".join(cells[:head])
    rest = cells[head:]
    if (
        len(label) > MAX_LABEL_CHARS
        or _CLAUSE.search(label)
        or NOT_A_MEASURE.search(label)
        or NOTE.match(label)
        or not (re.search(r"[\u4e00-\u9fff]", label) or _BARE_YEAR.match(label))
    ):
        return None
    if not any(_is_figure(c) and not _BARE_YEAR.match(c) for c in rest):
        return None  # (项目  2022年  2023年: a header of years)
    if not all(_is_figure(c) or c in MISSING or parse_unit(c) is not None for c in rest):
        return None
    return [label, *rest]


def _header_cells(cells: list[str]) -> list[str] | None:
    """The cells of a header row: two or more short texts, no figure but a bare year."""
    if len(cells) < 2:
        return None
    for cell in cells:
        if len(cell) > MAX_HEADER_CHARS or _CLAUSE.search(cell):
            return None
        if _is_figure(cell) and not _BARE_YEAR.match(cell):
            return None
    return cells


def _run_end(lines: list[str], start: int) -> int:
    """The index after the run of data rows starting at `start` (blank lines and section labels
    such as `一、工业` inside it are allowed)."""
    end = i = start
    while i < len(lines):
        line = lines[i]
        if line == _BREAK:
            break
        cells = _cells(line)
        if _data_cells(cells) is not None:
            end = i = i + 1
            continue
        if not line or (len(cells) == 1 and len(line) <= 15 and not _CLAUSE.search(line) and not _is_figure(line)):
            i += 1
            continue
        break
    return end


# --------------------------------------------------------------------------- one table


def _grid(lines: list[str], start: int, end: int, page_title: str) -> Grid | None:
    rows = [data for data in (_data_cells(_cells(line)) for line in lines[start:end]) if data]
    width = Counter(len(r) for r in rows).most_common(1)[0][0]
    rows = [r for r in rows if len(r) == width]  # a row that lost or gained a cell is not guessed at
    if len(rows) < 2:
        return None
    above = [i for i in range(start - 1, max(start - 40, -1), -1) if lines[i]][:5]
    header: list[str] = []
    notes: list[str] = []
    if above and lines[above[0]] != _BREAK:
        cells = _header_cells(_cells(lines[above[0]]))
        if cells is not None:
            notes = [c for c in cells if NOTE.match(c)]
            cells = [c for c in cells if not NOTE.match(c)]
            if len(cells) > width and len(cells[0]) == 1 and len(cells[1]) <= 2:
                cells = [cells[0] + cells[1], *cells[2:]]  # 指　　标: one header spaced out to its column's width
            if len(cells) == width - 1:
                cells = ["", *cells]  # the label column without a header of its own
            if len(cells) == width:
                header = cells
                above = above[1:]
    if not header and width > 2:
        return None  # several value columns without headers: nothing says what each one is
    title = _title_and_notes(lines, above, notes)
    after = [line for line in lines[end : end + 40] if line and line != _BREAK][:4]
    for line in after:
        if not NOTE.match(line):
            break
        notes.append(line)
    grid_rows = [header, *rows] if header else rows
    return Grid(title or page_title, grid_rows, notes, 1 if header else 0, unit_required=True)


def _title_and_notes(lines: list[str], above: list[int], notes: list[str]) -> str:
    """The nearest short line above the table (its title), collecting `单位：…` notes on the way;
    a title line may carry its note at its right (`2024年5月主要指标      单位：亿元`)."""
    for i in above[:3]:
        line = lines[i]
        if line == _BREAK:
            return ""
        parts = _cells(line) or [line]
        notes.extend(p for p in parts if NOTE.match(p))
        rest = [p for p in parts if not NOTE.match(p)]
        if not rest:
            continue
        if len(rest) > 2 or (len(rest) == 2 and all(len(p) <= 6 for p in rest)):
            continue  # a first header row over the one read (指标  本月  累计 above 绝对值  增长%): no title
        text = " ".join(rest)
        return text if len(text) <= MAX_TITLE_CHARS and not _CLAUSE.search(text) else ""
    return ""
