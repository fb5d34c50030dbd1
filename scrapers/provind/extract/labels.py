"""`label：value` layouts: key-figure panels and dashboards written as text.

    市场主体总量：142.3万户          the label is the subject (the grammar finds the figure)
    市场主体总量：                   a dashboard whose parser put every cell on its own line:
    142.3万户                        the same
    新登记企业（户）：31200          a bare number: the unit is the label's (户), or the
    单位：万元 … 注册资本：3200       text's last 单位：… note before it
    全市实有经营主体                 a label line without a colon over a line holding only the
    142.3万户                        value (a panel copied cell by cell): the same

A bare number is a figure only in such a line and only with a unit from the label or a
note; a bare number anywhere else stays nothing (page numbers, codes, years).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from provind import textprep
from provind.extract import units
from provind.extract.numbers import Quantity

# label, a colon, then the value alone on the rest of its line or on the next line.
# A label may open on the time it is of (1-9月新登记企业, 2023年地区生产总值, 9月末实有经营主体): the
# time phrase dates the value (the grammar reads it), the subject leaves it out.
_TIME_OPENING: Final = (
    r"(?:\d{4}年(?:\d{1,2}(?:[-—–~至到]\d{1,2})?月(?:末|底|份)?)?|\d{1,2}(?:[-—–~至到]\d{1,2})?月(?:末|底|份)?)"
)
_TIME_PREFIX: Final = re.compile(_TIME_OPENING)
LABEL_VALUE: Final = re.compile(
    r"[ \t]*(?P<label>"
    + _TIME_OPENING
    + r"?[\u4e00-\u9fffA-Za-z（(][^\n：:，,。；;！？]{1,29}?)[ \t]*[：:][ \t]*(?:\n[ \t]*)?"
    # the value opens on its number and holds no clause of prose (会议指出：全市新增… is a sentence)
    r"(?P<value>[-+]?\d[^\n：:，,。；;！？]{0,16}?)[ \t]*(?=\n|\Z)"
)
_BARE: Final = re.compile(r"(?P<sign>-)?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?P<pct>[%％])?")
_NOTE: Final = re.compile(r"(?:计量)?单位\s*[:：]\s*([^\s，,、；;。）)]{1,10})")  # (单位：万元、%: the first unit)
_BRACKETS: Final = re.compile(r"[（(][^（()）]{1,12}[)）]")
_SCALES: Final = {"万亿": Decimal(10**12), "亿": Decimal(10**8), "千万": Decimal(10**7), "百万": Decimal(10**6),
           "万": Decimal(10**4), "千": Decimal(10**3)}  # fmt: skip
_LATIN: Final = {"M2": "平方米", "m2": "平方米", "㎡": "平方米", "m²": "平方米", "km": "公里", "KM": "公里"}
# A line holding nothing but a value (142.3万户, 98.6%, or a bare number: at most five characters of
# scale and unit after it, so that 3家企业获评… is prose), and the line above it when
# that is a short label without a colon (no digits, no clause or list punctuation: not prose, not a
# caption such as 2024年1-6月主要指标, not a heading such as 一、市场主体). Opens on the line break:
# the engine skips fast to it, and most lines of prose do not start on a digit.
_VALUE_LINE: Final = re.compile(
    r"\n[ \t]*(?P<value>[-+]?\d[\d.,]*[ \t]?[^\n\d：:，,。；;！？、 \t]{0,5})[ \t]*(?=\n|\Z)"
)
_LABEL_LINE: Final = re.compile(
    r"[ \t]*(?P<label>" + _TIME_OPENING + r"?[\u4e00-\u9fffA-Za-z（(][^\n：:，,。；;！？、\d]{1,29}?)[ \t]*"
)
# A table row of two cells copied as text, separated by tabs: 新登记企业（户）<TAB>1256. The tab does
# a colon's work. (Rows of more cells need their header's columns: not read here.)
_ROW: Final = re.compile(
    r"(?m)^[ \t]*(?P<label>"
    + _TIME_OPENING
    + r"?[\u4e00-\u9fffA-Za-z（(][^\n\t：:，,。；;！？、\d]{1,29}?)[ \t]*\t[ \t]*"
    r"(?P<value>[-+]?\d[\d.,]*[ ]?[^\n\d\t：:，,。；;！？、 ]{0,5})[ \t]*$"
)
_NOT_A_LABEL: Final = re.compile(
    r"单位|日期|时间|来源|电话|邮编|地址|网址|作者|编辑|责任|发布|浏览|点击|字号|索引|文号|编号"
)


@dataclass(frozen=True, slots=True)
class Labelled:
    subject: str  # the label without its unit
    label_start: int  # where the label starts (the quote of a bare number starts there)
    bare: bool = False  # the value is a bare number, its unit the label's or a note's
    column: str = ""  # a table's column header over the value (本月, 1-9月累计, 同比增长（%）)


def _subject(label: str) -> str:
    """A label as a subject: without its unit in brackets and the time it opens on."""
    subject = _BRACKETS.sub("", label).strip()
    if subject[:1].isdigit() and (m := _TIME_PREFIX.match(subject)) is not None:
        subject = subject[m.end() :]
    return subject


def label_values(clean: str) -> tuple[dict[int, Labelled], list[Quantity]]:
    """Figures of `label：value` lines: {value start: label} and the bare numbers as quantities."""
    labelled: dict[int, Labelled] = {}
    bare: list[Quantity] = []
    notes: list[tuple[int, str]] | None = None  # the 单位：… notes, read when a bare number needs one
    if "\n" in clean:
        _labels_above(clean, labelled, bare)
    if "\t" in clean:
        _rows(clean, labelled, bare)
        _wide_rows(clean, labelled, bare)
    if "：" not in clean and ":" not in clean:
        return labelled, bare
    for m in _label_lines(clean):
        label = m.group("label").strip()
        if _NOT_A_LABEL.search(label):
            continue
        subject = _subject(label)
        if not subject:
            continue
        labelled[m.start("value")] = Labelled(subject, m.start("label"))
        number = _BARE.fullmatch(m.group("value"))
        if number is None or number.group("pct"):
            continue  # a value with a unit of its own (142.3万户, 98.5%): the grammar reads it
        unit = _unit(label)
        if unit is None:
            if notes is None:
                notes = [(n.start(), n.group(1)) for n in _NOTE.finditer(clean)]
            unit = _note_unit(notes, m.start())
        if unit is None:
            continue
        labelled[m.start("value")] = Labelled(subject, m.start("label"), bare=True)
        bare.append(_bare_quantity(m.start("value"), m.end("value"), number, unit))
    return labelled, bare


def _labels_above(clean: str, labelled: dict[int, Labelled], bare: list[Quantity]) -> None:
    """Label lines without a colon over a value line: 全市实有经营主体 / 142.3万户.

    The value line must hold only the value, and the label line only a short label: a panel whose
    cells were copied one a line, the label's colon left out. A bare number counts only with a unit
    in the label's brackets (新登记企业（户） / 8652): without a colon, a note's unit is too weak a
    sign against page numbers and codes.
    """
    for m in _VALUE_LINE.finditer(clean):
        line = clean.rfind("\n", 0, m.start()) + 1
        above = _LABEL_LINE.fullmatch(clean, line, m.start())
        if above is None:
            continue
        _label(labelled, bare, above.group("label"), above.start("label"), m, "value")


def _rows(clean: str, labelled: dict[int, Labelled], bare: list[Quantity]) -> None:
    """Two-cell table rows separated by a tab: the first cell labels the second, as a colon would."""
    for m in _ROW.finditer(clean):
        _label(labelled, bare, m.group("label"), m.start("label"), m, "value")


def _label(
    labelled: dict[int, Labelled], bare: list[Quantity], label: str, label_start: int, m: re.Match, group: str
) -> None:
    """`label` (at `label_start`) labels the value in `m`'s `group`: a figure the grammar reads, or a
    bare number given the label's unit."""
    subject = _subject(label)
    if not subject or _NOT_A_LABEL.search(label):
        return
    number = _BARE.fullmatch(m.group(group))
    if number is None or number.group("pct"):
        labelled[m.start(group)] = Labelled(subject, label_start)
    elif (unit := _unit(label)) is not None:
        labelled[m.start(group)] = Labelled(subject, label_start, bare=True)
        bare.append(_bare_quantity(m.start(group), m.end(group), number, unit))


# A table row of a label and two or more numeric cells, tab-separated (指标<TAB>本月<TAB>累计 above).
_WIDE_ROW: Final = re.compile(
    r"(?m)^[ \t]*(?P<label>" + _TIME_OPENING + r"?[\u4e00-\u9fffA-Za-z（(][^\n\t：:，,。；;！？、\d]{1,29}?)[ \t]*"
    r"(?P<cells>(?:\t[ \t]*[-+]?\d[\d.,]*%?[ \t]*){2,})$"
)
_CELL: Final = re.compile(r"[-+]?\d[\d.,]*%?")


def _wide_rows(clean: str, labelled: dict[int, Labelled], bare: list[Quantity]) -> None:
    """Rows of several numeric cells under a header row: each cell is a figure of its row's label, its
    unit from the column's header (同比增长（%）), else the label, else the table's 单位 note, its time
    from the header (本月, 1-9月, 上年同期: see `mentions._column_period`)."""
    notes: list[tuple[int, str]] | None = None  # the 单位：… notes, read when a cell needs one
    for m in _WIDE_ROW.finditer(clean):
        label = m.group("label")
        subject = _subject(label)
        if not subject or _NOT_A_LABEL.search(label):
            continue
        cells = list(_CELL.finditer(clean, m.start("cells"), m.end("cells")))
        header = _header(clean, m.start(), len(cells))
        if header is None:
            continue
        for cell, column in zip(cells, header, strict=True):
            number = _BARE.fullmatch(cell.group())
            if number is None:
                continue
            # the column's unit first (同比增长（%） under a row 新登记企业（户）), else the row's
            unit = (Decimal(1), "%") if number.group("pct") else _unit(column) or _unit(label)
            if unit is None:
                # a table's 单位：件 note (a header row makes the layout sure enough for the note)
                if notes is None:
                    notes = [(n.start(), n.group(1)) for n in _NOTE.finditer(clean)]
                unit = _note_unit(notes, m.start())
            if unit is None:
                continue
            labelled[cell.start()] = Labelled(subject, m.start("label"), bare=True, column=column)
            bare.append(_bare_quantity(cell.start(), cell.end(), number, unit))


def _header(clean: str, row_start: int, n: int) -> list[str] | None:
    """The header cells over the value columns of a row of `n` values: the nearest line above with
    one cell more and no figure in its column cells (指标<TAB>本月<TAB>1-9月累计)."""
    end = row_start - 1
    for _ in range(40):  # rows of the same table between the header and this row
        if end <= 0:
            return None
        start = clean.rfind("\n", 0, end) + 1
        line = clean[start:end]
        cells = [c.strip() for c in line.split("\t")]
        if len(cells) != n + 1:
            return None
        if not any(_BARE.fullmatch(c) for c in cells[1:]):
            return cells[1:]
        end = start - 1
    return None


def _bare_quantity(start: int, end: int, number: re.Match, unit: tuple[Decimal, str]) -> Quantity:
    scale, base = unit
    value = Decimal(number.group("num").replace(",", "")) * scale
    if number.group("sign"):
        value = -value
    return Quantity(start, end, value, base, "exact", False, number_start=start)


def _label_lines(clean: str) -> list[re.Match]:
    """LABEL_VALUE matched at the start of every line holding a colon (few lines do: speed)."""
    found = []
    last_line = -1
    for colon in textprep.char_positions(clean, _COLONS):
        rest = clean.find("\n", colon + 1)
        if (rest if rest >= 0 else len(clean)) - (colon + 1) > 26:
            continue  # prose after the colon (会议指出：…), not a value
        line = clean.rfind("\n", 0, colon) + 1
        if line == last_line or colon - line > 40:
            continue
        last_line = line
        if (m := LABEL_VALUE.match(clean, line)) is not None and m.end("label") < colon + 1:
            found.append(m)
    return found


_COLONS: Final = "：:"


def _unit(label: str) -> tuple[Decimal, str] | None:
    for m in _BRACKETS.finditer(label):
        unit = parse_unit(m.group()[1:-1])
        if unit is not None:
            return unit
    return None


def _note_unit(notes: list[tuple[int, str]], pos: int) -> tuple[Decimal, str] | None:
    before = [text for start, text in notes if start < pos]
    return parse_unit(before[-1]) if before else None


def parse_unit(text: str) -> tuple[Decimal, str] | None:
    """(scale, unit) of a unit as written in a label or note: 万户, 亿元, M2, %; None if it is none."""
    text = _LATIN.get(text.strip(), text.strip()).replace("％", "%")
    if text in ("%", "‰"):
        return Decimal(1), "%"
    for prefix, scale in (("", Decimal(1)), *_SCALES.items()):
        if text.startswith(prefix) and (base := text[len(prefix) :]) in units.MEASURE_WORDS:
            return scale, "元" if base in units.YUAN else base
    return None
