"""XLSX test files written by a real spreadsheet writer (openpyxl), then made to read as Excel writes them.

openpyxl's writer differs from Excel's in ways our reader must not depend on, so
`as_excel_writes` rewrites the saved parts the way Excel does:

- numbers with 17 significant digits, the digits of the stored double
  (92068.7 → `92068.699999999997`), and small ones in E notation
  (0.012 → `1.2E-2`): Excel writes what round-trips, not what the user typed;
- text in the shared-strings table (openpyxl writes inline strings), a carriage
  return as `_x000D_` (openpyxl writes `&#13;`), optionally
  with phonetic runs (`<rPh>`, the ruby text Chinese and Japanese Excel keeps
  for a label) that are no part of the cell's text;
- cached results of formulas (openpyxl writes a formula with no value; Excel
  stores the last result next to it);
- optionally, the date formats Excel in Chinese has built in (2023年12月 is
  format 57) named by their id alone, with no definition in styles.xml.
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from collections.abc import Callable

from openpyxl import Workbook

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SST_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
SST_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"

_INLINE = re.compile(r'<c ([^>]*?)t="inlineStr"([^>]*)><is>(.*?)</is></c>', re.S)
_NUMBER = re.compile(r'(<c r="([A-Z]+\d+)"[^>]*?t="n"[^>]*>)<v>([^<]+)</v>')
# Built-in formats of Excel in Chinese (zh-CN), by the code openpyxl writes as a custom format.
ZH_CN_BUILTINS = {'yyyy"年"m"月"': 57, 'm"月"d"日"': 58, 'yyyy"年"m"月"d"日"': 31}
_NUM_FMT = re.compile(r'<numFmt numFmtId="(\d+)" formatCode="([^"]*)"/>')
_FORMULA = re.compile(r'(<c r="([A-Z]+\d+)"[^>]*>)(<f>[^<]*</f>)<v\s*/?>(?:</v>)?')


def workbook(build: Callable[[Workbook], None]) -> bytes:
    """The bytes of a workbook that `build` fills, saved by openpyxl."""
    book = Workbook()
    build(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def excel_number(text: str) -> str:
    """A number as Excel writes it: 17 significant digits, E notation below 0.1 (1.2E-2)."""
    value = float(text)
    if re.fullmatch(r"-?\d+", text):
        return text
    if 0 < abs(value) < 0.1:
        mantissa, exponent = f"{value:.16E}".split("E")
        return f"{mantissa.rstrip('0').rstrip('.')}E{int(exponent)}"
    return format(value, ".17G")


def as_excel_writes(
    body: bytes,
    *,
    phonetic: dict[str, str] | None = None,
    cached: dict[str, str] | None = None,
    zh_cn_builtins: bool = False,
) -> bytes:
    """`body` rewritten as Excel writes it (see the module doc).

    phonetic: label → its ruby text, added as an <rPh> run of that label's shared string;
    cached: cell reference → the result Excel stored for the formula there;
    zh_cn_builtins: Chinese date formats written by built-in id only (see ZH_CN_BUILTINS).
    """
    phonetic = phonetic or {}
    cached = cached or {}
    strings: list[str] = []

    def shared(match: re.Match[str]) -> str:
        inner = match.group(3)
        text = html.unescape(re.sub(r"<[^>]+>", "", inner))
        if text in phonetic:
            ruby = html.escape(phonetic[text])
            inner += f'<rPh sb="0" eb="{len(text)}"><t>{ruby}</t></rPh><phoneticPr fontId="1" type="noConversion"/>'
        strings.append(f"<si>{inner.replace('&#13;', '_x000D_')}</si>")  # Excel escapes CR so
        return f'<c {match.group(1)}t="s"{match.group(2)}><v>{len(strings) - 1}</v></c>'

    def number(match: re.Match[str]) -> str:
        return f"{match.group(1)}<v>{excel_number(match.group(3))}</v>"

    def formula(match: re.Match[str]) -> str:
        value = cached.get(match.group(2))
        return f"{match.group(1)}{match.group(3)}" + (f"<v>{excel_number(value)}</v>" if value else "")

    source = zipfile.ZipFile(io.BytesIO(body))
    parts = {name: source.read(name) for name in source.namelist()}
    for name in parts:
        if name.startswith("xl/worksheets/"):
            xml = parts[name].decode("utf-8")
            xml = _FORMULA.sub(formula, _NUMBER.sub(number, _INLINE.sub(shared, xml)))
            parts[name] = xml.encode("utf-8")
    if zh_cn_builtins:
        parts["xl/styles.xml"] = _builtin_ids(parts["xl/styles.xml"].decode("utf-8")).encode("utf-8")
    if strings:
        parts["xl/sharedStrings.xml"] = (
            f'<sst xmlns="{MAIN_NS}" count="{len(strings)}" uniqueCount="{len(strings)}">{"".join(strings)}</sst>'
        ).encode()
        parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
            b"</Types>", f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SST_TYPE}"/></Types>'.encode()
        )
        parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
            b"</Relationships>",
            f'<Relationship Id="rIdSst" Type="{SST_REL}" Target="sharedStrings.xml"/></Relationships>'.encode(),
        )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as book:
        for name, data in parts.items():
            book.writestr(name, data)
    return out.getvalue()


def _builtin_ids(styles: str) -> str:
    """styles.xml with the zh-CN built-in formats named by id alone, as Excel in Chinese writes them."""
    for custom_id, code in _NUM_FMT.findall(styles):
        builtin = ZH_CN_BUILTINS.get(html.unescape(code))
        if builtin is not None:
            styles = styles.replace(f'<numFmt numFmtId="{custom_id}" formatCode="{code}"/>', "")
            styles = styles.replace(f'<xf numFmtId="{custom_id}" ', f'<xf numFmtId="{builtin}" ')
    return styles


def styles_xml(body: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(body)) as book:
        return book.read("xl/styles.xml").decode("utf-8")


def sheet_xml(body: bytes, sheet: int = 1) -> str:
    """The XML text of a worksheet part, as stored in the file."""
    with zipfile.ZipFile(io.BytesIO(body)) as book:
        return book.read(f"xl/worksheets/sheet{sheet}.xml").decode("utf-8")


def shared_strings_xml(body: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(body)) as book:
        return book.read("xl/sharedStrings.xml").decode("utf-8")
