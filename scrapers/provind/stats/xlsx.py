"""XLSX workbooks → the rows of each worksheet as the texts a reader of the sheet sees.

Read with openpyxl (formula cells give their cached results). What a cell says
is what Excel shows, not how the file stores it:

- numbers: Excel stores a double as 17 significant digits (`92068.699999999997`,
  `1.2E-2`); it shows at most 15, so a number is rounded to 15 significant
  digits (`92068.7`, `0.012`), the decimal the person typed;
- number formats: a `0.00%` cell holding 0.0523 shows `5.23%`; `0.0` shows one
  decimal, `#,##0,` thousands. The figure is the one displayed (a table is
  published as shown), the way the same table reads on an HTML page;
- dates: a date cell is written the way Chinese tables write dates, to the
  parts its format shows (`2023年12月`, `2023年12月31日`), so a date header
  names its period like a typed one does;
- merged cells: the value is copied into every cell of the range, like an
  HTML row/colspan; a merged range that is the only text of its rows and starts
  at the table's first column (a title, a 注： line) or is a note (单位：亿元 over
  the last columns) is a banner: it stays in its first cell so it reads as one
  line of text;
- hidden sheets are left out; `_x000D_` escapes in texts are the characters;
- phonetic guides (`<rPh>` ruby text over Chinese or Japanese labels) are not
  text of the cell: openpyxl leaves them out.

A workbook too large to be a statistics table (parts, merged ranges or sheet
areas over the caps below) is refused with `SpreadsheetError`, before openpyxl
builds it in memory.
"""

from __future__ import annotations

import contextlib
import html
import io
import re
import warnings
import zipfile
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import openpyxl
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.utils.cell import range_boundaries
from openpyxl.utils.escape import unescape
from openpyxl.worksheet.worksheet import Worksheet

MAX_XML_BYTES = 32 * 1024 * 1024  # uncompressed worksheets + shared strings: bureau tables are a few hundred KB
MAX_MERGED_CELLS = 1_000_000  # openpyxl makes one object per merged cell: a tiny file can ask for billions
MAX_SHEET_CELLS = 2_000_000  # rows × columns read per sheet
MAX_DECIMALS = 15

_MERGE_REF = re.compile(rb"<(?:\w+:)?mergeCell\b[^>]*\bref=\"([A-Z]+[0-9]+(?::[A-Z]+[0-9]+)?)\"")
# Parts of a number format that show text but no digits: "literal", \x, _x (a space as wide as x),
# *x (fill), [Red]/[>=100]/[$-804] (colour, condition, locale).
_FORMAT_LITERAL = re.compile(r'"[^"]*"|\\.|_.|\*.|\[[^\]]*\]')
_PLACEHOLDER = re.compile(r"[0#?]")
_DECIMALS = re.compile(r"\.([0#?]+)")
_THOUSANDS_SCALE = re.compile(r"[0#?.](,+)[^0#?]*$")  # commas after the last digit: ÷1000 each
_GENERAL = re.compile(r"general|G/通用格式", re.IGNORECASE)  # G/通用格式: General in files from Excel in Chinese
_SCIENTIFIC = re.compile(r"E[+-]", re.IGNORECASE)


class SpreadsheetError(ValueError):
    """A workbook that cannot be read as statistics tables (not XLSX, damaged, or too large)."""


def sheet_rows(body: bytes, is_note: Callable[[str], object] | None = None) -> list[tuple[str, list[list[str]]]]:
    """(sheet name, rows of cell texts) for every worksheet, in workbook order.

    `is_note` tells a note or unit line (注：…, 单位：亿元) from other text: such a line merged over
    the right-hand columns is a banner too (see `_is_banner`).
    """
    body = _vetted(body)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about extensions and validations it drops
            book = openpyxl.load_workbook(io.BytesIO(body), read_only=False, data_only=True, keep_links=False)
    except Exception as exc:  # openpyxl raises KeyError, BadZipFile, InvalidFileException… for bad files
        raise SpreadsheetError(f"not a readable XLSX workbook: {type(exc).__name__}: {exc}") from exc
    try:
        # a hidden sheet holds what the workbook computes with, not what it publishes
        is_note = is_note or (lambda text: False)
        return [(sheet.title, _rows(sheet, is_note)) for sheet in book.worksheets if sheet.sheet_state == "visible"]
    finally:
        book.close()


def _vetted(body: bytes) -> bytes:
    """The workbook, once its size is known to be safe to load, with the Chinese date formats defined.

    Refuses a workbook whose sheets or merged ranges would not fit in memory once loaded.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            parts = [info for info in archive.infolist() if info.filename.startswith("xl/")]
            xml_bytes = sum(info.file_size for info in parts if info.filename.endswith(".xml"))
            if xml_bytes > MAX_XML_BYTES:
                raise SpreadsheetError(f"workbook too large: {xml_bytes} bytes of XML (cap {MAX_XML_BYTES})")
            merged = 0
            for info in parts:
                if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                    merged += sum(_area(ref.decode()) for ref in _MERGE_REF.findall(archive.read(info)))
            if merged > MAX_MERGED_CELLS:
                raise SpreadsheetError(f"workbook too large: {merged} merged cells (cap {MAX_MERGED_CELLS})")
            if "xl/styles.xml" not in archive.namelist():
                return body
            styles = archive.read("xl/styles.xml")
            defined = _with_chinese_formats(styles)
            if defined == styles:
                return body
            return _replaced(archive, "xl/styles.xml", defined)
    except zipfile.BadZipFile as exc:
        raise SpreadsheetError(f"not a readable XLSX workbook: {exc}") from exc


# Number formats that Excel in Chinese (zh-CN) has built in, so a file names them by id alone
# (ECMA-376 part 1, 18.8.30). openpyxl knows only the locale-neutral ids: without these a cell typed
# as 2023年12月 would read as its serial number 45261, a figure.
CHINESE_BUILTIN_FORMATS = {
    27: 'yyyy"年"m"月"', 28: 'm"月"d"日"', 29: 'm"月"d"日"', 30: "m-d-yy", 31: 'yyyy"年"m"月"d"日"',
    32: 'h"时"mm"分"', 33: 'h"时"mm"分"ss"秒"', 34: '上午/下午h"时"mm"分"', 35: '上午/下午h"时"mm"分"ss"秒"',
    36: 'yyyy"年"m"月"', 50: 'yyyy"年"m"月"', 51: 'm"月"d"日"', 52: 'yyyy"年"m"月"', 53: 'm"月"d"日"',
    54: 'm"月"d"日"', 55: '上午/下午h"时"mm"分"', 56: '上午/下午h"时"mm"分"ss"秒"', 57: 'yyyy"年"m"月"',
    58: 'm"月"d"日"',
}  # fmt: skip
_USED_FORMAT = re.compile(rb"\bnumFmtId=\"(\d+)\"")
_DEFINED_FORMAT = re.compile(rb"<(?:\w+:)?numFmt\b[^>]*\bnumFmtId=\"(\d+)\"")
_NUM_FMTS = re.compile(rb"<((?:\w+:)?)numFmts\b[^>/]*>")
_STYLE_SHEET = re.compile(rb"<((?:\w+:)?)styleSheet\b[^>]*>")


def _with_chinese_formats(styles: bytes) -> bytes:
    """styles.xml with a definition for every zh-CN built-in format its cells use and it leaves undefined."""
    defined = {int(i) for i in _DEFINED_FORMAT.findall(styles)}
    missing = sorted({int(i) for i in _USED_FORMAT.findall(styles)} & CHINESE_BUILTIN_FORMATS.keys() - defined)
    existing = _NUM_FMTS.search(styles)
    anchor = existing or _STYLE_SHEET.search(styles)
    if not missing or anchor is None:
        return styles
    prefix = anchor.group(1).decode()
    definitions = "".join(
        f'<{prefix}numFmt numFmtId="{i}" formatCode="{html.escape(CHINESE_BUILTIN_FORMATS[i])}"/>' for i in missing
    )
    if existing is None:  # numFmts is the first child of styleSheet
        definitions = f"<{prefix}numFmts>{definitions}</{prefix}numFmts>"
    return styles[: anchor.end()] + definitions.encode("utf-8") + styles[anchor.end() :]


def _replaced(archive: zipfile.ZipFile, name: str, data: bytes) -> bytes:
    """The archive's bytes with one part replaced."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in archive.infolist():
            copy.writestr(info, data if info.filename == name else archive.read(info))
    return out.getvalue()


def _area(ref: str) -> int:
    min_col, min_row, max_col, max_row = range_boundaries(ref)
    return (max_col - min_col + 1) * (max_row - min_row + 1)


# --------------------------------------------------------------------------- one sheet


def _rows(sheet: Worksheet, is_note: Callable[[str], object]) -> list[list[str]]:
    height, width = sheet.max_row, sheet.max_column
    if height * width > MAX_SHEET_CELLS:
        raise SpreadsheetError(f"sheet {sheet.title!r} too large: {height} rows × {width} columns")
    rows = [[cell_text(cell) for cell in row] for row in sheet.iter_rows(max_row=height, max_col=width)]
    first_column = min((c for row in rows for c, text in enumerate(row) if text), default=0)
    # which ranges are banners is decided on the cells as stored, before any range is expanded
    spans = [m for m in sheet.merged_cells.ranges if not _is_banner(rows, m.bounds, first_column, is_note)]
    for merged in spans:
        text = rows[merged.min_row - 1][merged.min_col - 1]
        for r in range(merged.min_row - 1, merged.max_row):
            for c in range(merged.min_col - 1, merged.max_col):
                rows[r][c] = text
    return rows


def _is_banner(
    rows: list[list[str]], bounds: tuple[int, int, int, int], first_column: int, is_note: Callable[[str], object]
) -> bool:
    """A merged title or note line: its rows hold no other text, and it starts at the table's first column
    (a title, 注：…) or is a note (单位：亿元 over the last columns). Else, as a group header over some
    columns ("城市" over 济南市 | 青岛市) with an empty corner, it is expanded."""
    min_col, min_row, _, max_row = bounds
    if min_col - 1 > first_column and not is_note(rows[min_row - 1][min_col - 1]):
        return False
    for r in range(min_row - 1, max_row):
        for c, text in enumerate(rows[r]):
            if text and not (r == min_row - 1 and c == min_col - 1):
                return False
    return True


def cell_text(cell: Cell | MergedCell) -> str:
    """What Excel shows in a cell, as text ('' for an empty cell or a merged cell's hidden part)."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime | date | time | timedelta):
        return date_text(value, cell.number_format)
    if isinstance(value, int | float):
        return number_text(value, cell.number_format)
    return unescape(str(value))  # Excel writes a carriage return in a text as _x000D_


# --------------------------------------------------------------------------- numbers


def excel_decimal(value: int | float) -> Decimal:
    """The decimal a stored number stands for: doubles rounded to the 15 significant digits Excel shows."""
    if isinstance(value, int):
        return Decimal(value)
    return Decimal(format(value, ".15g"))


def number_text(value: int | float, number_format: str = "General") -> str:
    """A number as its number format shows it: `0.00%` → 5.23%, `0.0` → 6.0, `#,##0,` → thousands."""
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        return ""
    number = excel_decimal(value)
    section = _section(number_format or "General", number)
    if section is None:
        return _plain(number)
    percent = section.count("%")
    number = number * Decimal(100) ** percent
    scale = _THOUSANDS_SCALE.search(section)
    if scale:
        number = number / Decimal(1000) ** len(scale.group(1))
    if not _SCIENTIFIC.search(section):
        decimals = _DECIMALS.search(section)
        places = min(len(decimals.group(1)) if decimals else 0, MAX_DECIMALS)
        with contextlib.suppress(InvalidOperation):  # more digits than a Decimal holds: keep it unrounded
            number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return _plain(number) + ("%" if percent else "")


def _section(number_format: str, number: Decimal) -> str | None:
    """The part of a format (positive;negative;zero;text) that shows this number, without its literals;
    None for General, text (@) and formats that show no digits (they show the number as is)."""
    sections = _FORMAT_LITERAL.sub("", number_format).split(";")
    if number < 0 and len(sections) > 1:
        section = sections[1]
    elif number == 0 and len(sections) > 2:
        section = sections[2]
    else:
        section = sections[0]
    if _GENERAL.search(section) or "/" in section or not _PLACEHOLDER.search(section):
        return None  # General, a fraction (# ?/?) or a section with no digits: the plain number
    return section


def _plain(number: Decimal) -> str:
    """Positional notation, never E notation; no '-0'."""
    if number == 0:
        number = abs(number)
    return format(number, "f")


# --------------------------------------------------------------------------- dates


def date_text(value: datetime | date | time | timedelta, number_format: str = "") -> str:
    """A date to the parts its format shows, written as Chinese tables write dates (2023年12月31日)."""
    if isinstance(value, timedelta):
        return str(value)
    if isinstance(value, time):
        return value.isoformat(timespec="seconds" if value.second else "minutes")
    shown = re.sub(r"am/pm|a/p|上午/下午", "", _FORMAT_LITERAL.sub("", number_format or "").lower())
    has_time = isinstance(value, datetime) and bool(re.search(r"[hs]", shown))
    has_year, has_day = "y" in shown or "e" in shown, "d" in shown
    has_month = "m" in re.sub(r"h+:?m+|m+:?s+", "", shown)  # m next to h or s means minutes
    if not (has_year or has_month or has_day):
        has_year = has_month = has_day = True  # a format that names no part: the whole date
    parts = []
    if has_year:
        parts.append(f"{value.year}年")
    if has_month:
        parts.append(f"{value.month}月")
    if has_day and (has_month or not has_year):
        parts.append(f"{value.day}日")
    text = "".join(parts)
    if has_time:
        assert isinstance(value, datetime)
        text += " " + value.time().isoformat(timespec="seconds" if value.second else "minutes")
    return text
