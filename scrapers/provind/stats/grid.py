"""Tables in their raw form: HTML `<table>`s, dashboard cards, CSV and XLSX files → `Grid`s of cell texts.

Parsing only: no meaning is given to any cell here (that is `tables.py`).
Row and column spans are expanded, so every row of a grid has one text per
column; a table's title is its `<caption>`, else the nearest short text before
it (bureaus put "表1 2023年…" in a paragraph above the table); lines such as
"单位：亿元" and "注：…" around it are kept as notes. A dashboard written without a table
(cards: `<li><p>实有经营主体</p><p>142.3万户</p></li>`, `<dt>`/`<dd>` pairs, a value above its
label) is a label/value table too, and so are short `label：figure` lines of their own (`<p>抽检批次：1,286批次</p>`).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from itertools import islice

from bs4 import BeautifulSoup, Tag

from provind.crawl.content import decode
from provind.crawl.page_text import off_article
from provind.crawl.parse import element_text
from provind.stats.cells import parse_change, parse_figure, parse_unit, parse_value, unit_in

MAX_TITLE_CHARS = 80
NOTE = re.compile(r"^\s*(?:注|说明|备注|资料来源|数据来源|单位)\s*[:：①1]")
_SPACES = re.compile(r"\s+")
_DEFAULT_SHEET_NAME = re.compile(r"^\s*(?:sheet|工作表|表单)\s*\d*\s*$", re.IGNORECASE)


@dataclass
class Grid:
    """One table: its title, the notes around it, and its rows (header rows first)."""

    title: str
    rows: list[list[str]]
    notes: list[str] = field(default_factory=list)
    header_rows: int | None = None  # known from <thead>/<th>; None: to be inferred from the cells
    # Text tables and script dashboards: a figure with no unit from anywhere is no figure (a bare
    # number there is too often a page's furniture or an identifier).
    unit_required: bool = False


def _clean(text: str) -> str:
    return _SPACES.sub(" ", text.replace("\u3000", " ").replace("\xa0", " ")).strip()


# Spaces between two Chinese characters in a cell are layout, not words: a label justified to its
# column (合　　计, 曹　县) or wrapped by a <br> or a <p> of its own (抽检<br>批次, 规模以上</p><p>工业增加值).
# Kept, they cut 合计 and 本年累计 out of what the reader knows and ran into every subject.
_LAYOUT_SPACE = re.compile(r"(?<=[\u4e00-\u9fff：])\s+(?=[\u4e00-\u9fff])")


def cell_text(text: str) -> str:
    """A table cell's text on one line, without the layout spaces between its Chinese characters."""
    return _LAYOUT_SPACE.sub("", _clean(text))


# --------------------------------------------------------------------------- HTML


def grids_from_html(body: bytes | str, encoding_hint: str | None = None) -> list[Grid]:
    """Every data table of a page (layout tables holding other tables are skipped)."""
    text = body if isinstance(body, str) else decode(body, encoding_hint).text
    return grids_from_soup(BeautifulSoup(text, "lxml"))


def grids_from_soup(soup: BeautifulSoup) -> list[Grid]:
    """`grids_from_html` of a page already parsed (the soup is only read)."""
    page_title = page_title_of(soup)
    grids = []
    for table in soup.find_all("table"):
        if table.find("table") is not None:
            continue  # a layout table: its inner tables are visited on their own
        cards = _card_cells(table)
        rows, header_rows = (cards, 0) if cards else _expand(table)
        if len(rows) < 2 or max((len(r) for r in rows), default=0) < 2:
            continue
        title, notes = _surroundings(table)
        if not cards:
            rows, header_rows, inner_title, inner_notes = _spanning_rows(rows, header_rows)
            title, notes = inner_title or title, [*notes, *inner_notes]
            if len(rows) < 2:
                continue
        grids.append(Grid(title or page_title, rows, notes, header_rows))
    return grids + _card_grids(soup, page_title)


def page_title_of(soup: BeautifulSoup) -> str:
    for element in (soup.find("h1"), soup.find("title")):
        if element is not None and _clean(element.get_text()):
            return _clean(element.get_text())
    return ""


def _expand(table: Tag) -> tuple[list[list[str]], int | None]:
    """Rows of cell texts with rowspan/colspan copied into every cell they cover."""
    grid: dict[tuple[int, int], str] = {}
    header_rows = 0
    header_done = False
    trs = [tr for tr in table.find_all("tr") if tr.find_parent("table") is table]
    marks = _footnote_marks(table)
    for r, tr in enumerate(trs):
        cells = tr.find_all(["td", "th"], recursive=False)
        in_head = tr.find_parent("thead") is not None or (cells and all(c.name == "th" for c in cells))
        if in_head and not header_done:
            header_rows = r + 1
        else:
            header_done = True
        c = 0
        for cell in cells:
            while (r, c) in grid:
                c += 1
            text = cell_text(element_text(cell, marks).replace("\n", " "))
            for dr in range(_span(cell, "rowspan")):
                for dc in range(_span(cell, "colspan")):
                    grid.setdefault((r + dr, c + dc), text)
            c += _span(cell, "colspan")
    if not grid:
        return [], None
    height = max(r for r, _ in grid) + 1
    width = max(c for _, c in grid) + 1
    rows = [[grid.get((r, c), "") for c in range(width)] for r in range(min(height, len(trs)))]
    rows = [row for row in rows if any(row)]
    return rows, header_rows or None


# A footnote mark set as a superscript after a number (3,120.5<sup>1</sup>, 156.2<sup>①</sup>): read as
# text it runs into the number (3,120.51). A superscript after a letter (m<sup>2</sup>) is a power and stays.
_FOOTNOTE_MARK = re.compile(r"^\s*(?:\d{1,2}|[①-⑩*＊#△▲a-zA-Z]|注\s*\d{0,2})\s*$")


def _footnote_marks(table: Tag) -> frozenset[int]:
    """The ids of the table's superscripts that are footnote marks after a number (left out of its cells' text)."""
    marks = set()
    for sup in table.find_all("sup"):  # (one search a table, not one a cell)
        before = sup.find_previous(string=True)
        if before is not None and before.rstrip()[-1:].isdigit() and _FOOTNOTE_MARK.match(sup.get_text()):
            marks.add(id(sup))
    return frozenset(marks)


def _spanning_rows(
    rows: list[list[str]], header_rows: int | None
) -> tuple[list[list[str]], int | None, str, list[str]]:
    """(rows, header rows, title, notes) of a table that holds its title and notes in rows of one cell.

    Editors of Jpaas, TRS and Word put the title in a first row spanning every column
    (`<td colspan="4">2024年1-6月德州市主要经济指标</td>`), then `单位：亿元`, and `注：…` in a last
    row: read as header rows, the title ran into every column's subject and its 单位 into every
    column's unit (a growth of 5.9 became 5.9 亿元). Such rows are the table's title and notes.
    """
    title = ""
    notes: list[str] = []
    while len(rows) > 2 and _one_text(rows[0]):
        text, *row_notes = dict.fromkeys(t for t in rows.pop(0) if t)
        notes.extend(row_notes)  # (the title across three cells, 单位：亿元 in the fourth)
        if NOTE.match(text):
            notes.append(text)
        elif not title and len(text) <= MAX_TITLE_CHARS:
            title = text
        else:
            rows.insert(0, [text] * len(rows[0]))
            break
        header_rows = header_rows - 1 if header_rows else header_rows
    while len(rows) > 2 and _one_text(rows[-1]) and NOTE.match(rows[-1][0]):
        notes.append(rows.pop()[0])
    return rows, header_rows or None, title, notes


def _one_text(row: list[str]) -> bool:
    """A row of one cell spanning the table (its text copied into every column), holding no figure;
    or spanning all but the last cells, which hold notes (`2024年…一般公共预算收入 | 单位：亿元`)."""
    if len(row) < 2 or not row[0] or parse_figure(row[0]) is not None:
        return False
    spanned = row.count(row[0])
    rest = [text for text in row[spanned:] if text]
    return row[:spanned] == [row[0]] * spanned and (
        spanned == len(row) or (spanned >= 2 and all(NOTE.match(text) for text in rest))
    )


def _span(cell: Tag, name: str) -> int:
    value = str(cell.get(name) or "1").strip()
    return max(1, min(int(value), 100)) if value.isdigit() else 1


def _surroundings(table: Tag) -> tuple[str, list[str]]:
    """(title, notes): the caption or nearest short text above; unit and note lines around."""
    notes: list[str] = []
    caption = table.find("caption")
    title = _clean(caption.get_text()) if caption else ""
    if NOTE.match(title):  # (<caption>单位：万元</caption>: a note; the title is the text above)
        notes.append(title)
        title = ""
    for text in _texts_near(table, backwards=True):
        if NOTE.match(text):
            notes.append(text)
            continue
        if not title and len(text) <= MAX_TITLE_CHARS:
            title = text
        break
    for text in _texts_near(table, backwards=False):
        if not NOTE.match(text):
            break
        notes.append(text)
    return title, notes


def _texts_near(table: Tag, *, backwards: bool, limit: int = 4) -> list[str]:
    """Texts of the elements just before (or after) the table, nearest first, climbing out of wrappers."""
    texts: list[str] = []
    node: Tag | None = table
    while node is not None and node.name not in ("body", "[document]") and len(texts) < limit:
        sibling = node.find_previous_sibling() if backwards else node.find_next_sibling()
        while sibling is not None and len(texts) < limit:
            if isinstance(sibling, Tag) and sibling.find("table") is None and sibling.name != "table":
                lines = [_clean(line) for line in element_text(sibling).splitlines() if _clean(line)]
                texts.extend(reversed(lines) if backwards else lines)
            elif isinstance(sibling, Tag):
                return texts  # another table: its texts are its own
            sibling = sibling.find_previous_sibling() if backwards else sibling.find_next_sibling()
        if texts:
            break
        node = node.parent if isinstance(node.parent, Tag) else None
    return texts[:limit]


# --------------------------------------------------------------------------- dashboard cards

# Words of page furniture, not of a measure: 浏览次数 1234, 发布时间 … are no figures.
NOT_A_MEASURE = re.compile(
    r"日期|时间|来源|电话|邮编|地址|网址|作者|编辑|责任|发布|浏览|点击|访问|阅读|字号|索引|文号|编号|页"
)
_CJK = re.compile(r"[\u4e00-\u9fff]")
MAX_LABEL_CHARS = 30
CARD_TAGS = ("li", "dl", "div", "section", "a", "p", "span")
MAX_CARD_NODES = 24  # tags and texts inside one card (a label, a value, a unit and their wrappers)


def _card_grids(soup: BeautifulSoup, page_title: str) -> list[Grid]:
    """Dashboards laid out without a table: a run of sibling cards, each one label and one figure.

    A card is an element whose visible text is a label line and a figure line, in either order
    (`<p>实有经营主体</p><p>142.3万户</p>`, or the figure above: `<div>6290.1<span>亿元</span></div>
    <div>地区生产总值</div>`), the figure's unit on a line of its own or not. Only the element's
    structure pairs them: read as text, a run of such lines cannot tell which label a value has.
    Two cards of one tag under one parent make a dashboard (one card alone is too little to tell
    from a page's furniture); a `<dl>` of `<dt>`/`<dd>` pairs is one. A figure needs a unit in its
    card (in the value or the label's brackets): a bare count beside a word is a page counter too.
    """
    grids = []
    in_tables = {id(inner) for table in soup.find_all("table") for inner in table.find_all(True)}
    for parent in soup.find_all(True):
        if parent.name == "table" or id(parent) in in_tables:
            continue  # a table's cells are read as a table
        rows_by_tag: dict[str, list[list[str]]] = {}
        firsts: dict[str, Tag] = {}
        # (bs4's find_all costs some µs a call: the children are walked by hand on a page of
        # thousands of elements)
        for child in parent.children:
            if not isinstance(child, Tag) or child.name not in CARD_TAGS:
                continue
            # a card holds its label and its figure in elements of their own; a leaf is none, unless
            # it writes them `label：figure` (<p>抽检批次：1,286批次</p>, a notice's lines)
            card = _card(child) if any(isinstance(inner, Tag) for inner in child.children) else _colon_line(child)
            if card:
                rows_by_tag.setdefault(child.name, []).extend(card)
                firsts.setdefault(child.name, child)
        if parent.name == "dl":
            rows_by_tag["dd"] = _definition_pairs(parent)
            firsts["dd"] = parent
        for tag, rows in rows_by_tag.items():
            if len(rows) < 2 or off_article(parent):  # (a card and its change are two rows: still one card)
                continue
            title, notes = _surroundings(firsts[tag])
            grids.append(Grid(title or page_title, name_changes(rows), notes, 0))
    return grids


def _colon_line(element: Tag) -> list[list[str]]:
    """[[label, figure]] of a leaf element whose one short line is `label：figure` with a unit; []."""
    text = element.string
    if text is None or len(text) > 2 * MAX_LABEL_CHARS:
        return []
    colon = _LABEL_COLON.match(_clean(text))
    if colon is None or not _measured(colon.group("label"), colon.group("figure")):
        return []
    return [[colon.group("label"), colon.group("figure")]]


def _card_cells(table: Tag) -> list[list[str]]:
    """A table whose every cell is a card (`<td>实有市场主体<br>12.3万户</td>`): its (label, figure)
    rows; [] for any other table (a cell of one line is a table's own cell)."""
    rows = []
    for cell in table.find_all(["td", "th"]):
        if cell.find_parent("table") is not table:
            continue
        if not _clean(cell.get_text()):
            continue  # an empty cell of the layout
        card = _card(cell)
        if not card:
            return []
        rows.extend(card)
    return name_changes(rows) if len(rows) >= 2 else []


def _card(element: Tag) -> list[list[str]]:
    """The rows of `element` when it is one dashboard card: [label, figure], and [label 增长,
    change] when the card also gives the figure's change (同比增长5.2%); [] for anything else."""
    if next(islice(element.descendants, MAX_CARD_NODES, None), None) is not None:
        return []  # (far too big for a card: and a page's big blocks are not read over and over)
    lines = [line for line in (_clean(t) for t in element_text(element).splitlines()) if line]
    if len(lines) == 1:
        lines = _one_line_card(element, lines[0])
    elif not any(parse_figure(line) for line in lines):
        # <li><span>地区生产总值</span><em>8,355.7</em><i>亿元</i><p>同比增长<b>5.7%</b></p></li>: the inline
        # parts run into one line of the text, the change below it; the markup keeps them apart
        lines = _inline_parts(element) or lines
    for i in range(len(lines) - 1):
        # 6290.1 / 亿元 / 地区生产总值: a unit in an element of its own, after its number.
        if parse_value(lines[i]) is not None and parse_unit(lines[i + 1]) is not None:
            lines[i : i + 2] = [lines[i] + lines[i + 1]]
            break
    changes = [line for line in lines if parse_change(line) is not None]
    if len(lines) - len(changes) < 2:
        changes = []  # (同比增长 | -4.2%: the change is the card's own figure, not a second row)
    lines = [line for line in lines if line not in changes]
    if len(lines) != 2 or len(changes) > 1:
        return []
    figures = [line for line in lines if parse_figure(line) is not None]
    if len(figures) != 1:
        return []
    figure = figures[0]
    label = lines[1] if figure == lines[0] else lines[0]
    if not _measured(label, figure):
        return []
    rows = [[label, figure]]
    if changes:
        rows.append([f"{label}增长", changes[0]])  # (the table reader reads the change's sign)
    return rows


# 新登记企业：1256户 in one cell or list item: the colon parts the label from its figure.
_LABEL_COLON = re.compile(r"^(?P<label>[^:：]{2,30}?)\s*[:：]\s*(?P<figure>[^:：]{1,30})$")


def _one_line_card(element: Tag, line: str) -> list[str]:
    """The lines of a card written on one line: `label：figure` (a DedeCMS table's cell), or inline
    elements each holding one part (`<li><span>地区生产总值</span><em>2,719.6</em><i>亿元</i></li>`: the
    page's text runs them into one line, the markup keeps them apart)."""
    colon = _LABEL_COLON.match(line)
    if colon is not None:
        return [colon.group("label"), colon.group("figure")]
    return _inline_parts(element) or [line]


def _inline_parts(element: Tag) -> list[str]:
    """The texts of the element's two to five children (through wrappers of one child), or []."""
    node = element
    while True:  # (through wrappers of one child: <li><a><span>…</span><em>…</em></a></li>)
        children = [c for c in node.children if not isinstance(c, str) or c.strip()]
        if len(children) != 1 or not isinstance(children[0], Tag):
            break
        node = children[0]
    if not 2 <= len(children) <= 5 or not any(isinstance(c, Tag) for c in children):
        return []
    parts = [_clean(c.get_text() if isinstance(c, Tag) else str(c)) for c in children]
    return [part for part in parts if part]


def name_changes(rows: list[list[str]]) -> list[list[str]]:
    """A change whose label names only the change (同比增长：12.3% beside 新登记企业：1256户) is the
    change of the figure before it: `新登记企业增长`, as a card's own change line is named."""
    named: list[list[str]] = []
    measure = ""
    for label, figure in rows:
        if _BARE_CHANGE.match(label) and measure:
            label = f"{measure.rstrip('：: ')}增长"
        elif not _BARE_CHANGE.match(label):
            measure = label
        named.append([label, figure])
    return named


_BARE_CHANGE = re.compile(
    r"^(?=.)(?:同比|环比|比上年(?:同期)?|较上年(?:同期)?)?(?:增长|增速|增幅|增减|下降|[±+\-])?[（(]?%?[)）]?\s*[:：]?$"
)


def _definition_pairs(dl: Tag) -> list[list[str]]:
    """The (label, figure) rows of a `<dl>` written as `<dt>label</dt><dd>figure</dd>` pairs."""
    rows = []
    for dt in dl.find_all("dt", recursive=False):
        dd = dt.find_next_sibling()
        if dd is None or dd.name != "dd":
            continue
        label, figure = _clean(element_text(dt)), _clean(element_text(dd))
        if parse_figure(figure) is not None and _measured(label, figure):
            rows.append([label, figure])
    return rows


def _measured(label: str, figure: str) -> bool:
    """A label that names a measure, and a unit for the figure (its own or the label's)."""
    parsed = parse_figure(figure)
    return (
        parsed is not None
        and len(label) <= MAX_LABEL_CHARS
        and len(_CJK.findall(label)) >= 2
        and parse_figure(label) is None
        and not NOT_A_MEASURE.search(label)
        and not NOTE.match(label)
        and (parsed[1] is not None or unit_in(label) is not None)
    )


# --------------------------------------------------------------------------- CSV and XLSX


def grid_from_rows(rows: list[list[str]], default_title: str = "") -> Grid:
    """A spreadsheet's rows: a lone text in the first row is the title, lone texts after the data are notes."""
    rows = [[cell_text(str(c)) for c in row] for row in rows]
    rows = [row for row in rows if any(row)]
    title = default_title
    if rows and sum(1 for c in rows[0] if c) == 1 and len(rows) > 2:
        title = next(c for c in rows.pop(0) if c)
    notes: list[str] = []
    while rows and sum(1 for c in rows[-1] if c) == 1 and NOTE.match(next(c for c in rows[-1] if c)):
        notes.insert(0, next(c for c in rows.pop() if c))
    while rows and sum(1 for c in rows[0] if c) == 1 and NOTE.match(next(c for c in rows[0] if c)):
        notes.append(next(c for c in rows.pop(0) if c))
    width = max((len(r) for r in rows), default=0)
    return Grid(title, [r + [""] * (width - len(r)) for r in rows], notes)


def decode_text(body: bytes) -> str:
    """CSV bytes as text: BOM, UTF-8, else GB18030 (what Excel in China writes); see `crawl.content`."""
    return decode(body).text


def grid_from_csv(body: bytes, default_title: str = "") -> Grid:
    text = decode_text(body)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    return grid_from_rows(list(csv.reader(io.StringIO(text), dialect)), default_title)


def grids_from_xlsx(body: bytes, default_title: str = "") -> list[Grid]:
    """Every worksheet of an XLSX workbook, its cells as Excel shows them (see `provind.stats.xlsx`).

    A sheet without a title row is titled by the file's name and the sheet's, unless the sheet
    has a name Excel gives (Sheet1, 工作表1): sheet names often name the table's region or year.
    Raises `SpreadsheetError` for a file that is no readable workbook or is too large.
    """
    grids = []
    from provind.stats.xlsx import sheet_rows  # (openpyxl: imported by the workbooks that need it)

    for sheet_name, rows in sheet_rows(body, is_note=NOTE.match):
        named = "" if _DEFAULT_SHEET_NAME.match(sheet_name) else _clean(sheet_name)
        grid = grid_from_rows(rows, " ".join(part for part in (default_title, named) if part))
        if len(grid.rows) >= 2:
            grids.append(grid)
    return grids
