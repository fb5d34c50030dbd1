"""XLSX attachments: cells read as Excel shows them, then observations as from any other table.

Every workbook here is written by openpyxl and rewritten the way Excel writes
its parts (`spreadsheets.as_excel_writes`): 17-digit numbers, E notation,
shared strings with phonetic runs, cached formula results.
"""

from __future__ import annotations

import html
import time
from datetime import date, datetime
from decimal import Decimal

import pytest
from openpyxl import Workbook

from provind.crawl.client import FetchPolicy, PoliteClient
from provind.stats import observations_from_page, xlsx
from provind.stats.grid import grids_from_xlsx
from provind.stats.xlsx import SpreadsheetError, date_text, number_text

from .conftest import send
from .spreadsheets import as_excel_writes, excel_number, shared_strings_xml, sheet_xml, styles_xml, workbook

PUBLISHED = date(2024, 3, 1)
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _obs(body: bytes, url: str = "http://x/files/table.xlsx", content_type: str | None = XLSX_TYPE) -> list[dict]:
    return observations_from_page(body, url, content_type, published=PUBLISHED, region_code="370000")


def _facts(rows: list[dict]) -> list[tuple]:
    return [(r["region_code"], r["indicator"], r["period"], r["unit"], r["value"], r["quote"]) for r in rows]


def _gdp_table(book: Workbook) -> None:
    sheet = book.active
    sheet.title = "表1"
    sheet["A1"] = "表1 2023年地区生产总值"
    sheet.merge_cells("A1:C1")
    sheet.append(["地区", "地区生产总值（亿元）", "比上年增长（%）"])
    sheet.append(["全省", 92068.7, 6.0])
    sheet.append(["济南市", 12757.4, 6.1])
    sheet.append(["烟台市", 10162.46, 6.6])


# --------------------------------------------------------------------------- numbers


def test_excel_writes_17_digits_and_the_reader_gives_the_typed_number():
    def build(book: Workbook) -> None:
        book.active.append(["指标", "数值"])
        for label, value in [("a", 92068.7), ("b", 0.012), ("c", 0.3), ("d", 1e15), ("e", -3.2), ("f", 42)]:
            book.active.append([label, value])

    body = as_excel_writes(workbook(build))
    stored = sheet_xml(body)
    # what Excel stores: the double's 17 digits, small numbers in E notation
    assert "<v>92068.699999999997</v>" in stored and "<v>1.2E-2</v>" in stored
    assert "<v>0.29999999999999999</v>" in stored and "<v>42</v>" in stored
    (grid,) = grids_from_xlsx(body)
    assert [row[1] for row in grid.rows[1:]] == ["92068.7", "0.012", "0.3", "1000000000000000", "-3.2", "42"]


def test_gdp_workbook_gives_exact_observations():
    body = as_excel_writes(workbook(_gdp_table))
    assert "92068.699999999997" in sheet_xml(body)
    rows = _obs(body, "http://x/files/gdp.xlsx")
    assert _facts(rows) == [
        ("370000", "gdp", "2023", "元", Decimal("9206870000000"), "92068.7"),
        ("370000", "gdp_growth", "2023", "%", Decimal("6"), "6"),
        ("370100", "gdp", "2023", "元", Decimal("1275740000000"), "12757.4"),
        ("370100", "gdp_growth", "2023", "%", Decimal("6.1"), "6.1"),
        ("370600", "gdp", "2023", "元", Decimal("1016246000000"), "10162.46"),
        ("370600", "gdp_growth", "2023", "%", Decimal("6.6"), "6.6"),
    ]
    assert rows[0]["sentence"] == "表1 2023年地区生产总值 | 全省 | 地区生产总值（亿元）"  # merged title kept as title


FORMATS = [
    (0.0523, "0.00%", "5.23%"),
    (0.061, "0.0%", "6.1%"),
    (0.0612345, "0.0%", "6.1%"),  # shown rounded: the published figure
    (6, "0.0", "6.0"),
    (92068.74, "#,##0.0", "92068.7"),
    (1234567, "#,##0,", "1235"),  # a trailing comma shows thousands
    (-0.032, "0.0%;[Red]-0.0%", "-3.2%"),
    (-5.25, "0.0_);(0.0)", "-5.3"),  # negative in brackets: still negative; halves away from zero as Excel
    (0.012, "0.00E+00", "0.012"),
    (12.5, '0.0"亿元"', "12.5"),  # a quoted literal is no part of the figure
    (0.5, "General", "0.5"),
    (1234.5, "G/通用格式", "1234.5"),
    (0.25, '[DBNum1][$-804]G/通用格式;[Red]"-"0.00', "0.25"),
    (7, "@", "7"),
    (2.5, "# ?/?", "2.5"),
    (0, "0.0%", "0.0%"),
]


def test_number_formats_show_what_excel_shows():
    def build(book: Workbook) -> None:
        book.active.append(["格式", "值"])
        for value, number_format, _ in FORMATS:
            book.active.append([number_format, value])
            book.active.cell(book.active.max_row, 2).number_format = number_format

    (grid,) = grids_from_xlsx(as_excel_writes(workbook(build)))
    assert [row[1] for row in grid.rows[1:]] == [text for _, _, text in FORMATS]
    assert number_text(0.1 + 0.2) == "0.3" and number_text(1.5e-7) == "0.00000015"


def test_percent_formatted_cells_are_percent_figures():
    def build(book: Workbook) -> None:
        sheet = book.active
        sheet.append(["2023年主要指标"])
        sheet.append(["指标", "比上年增长"])
        sheet.append(["地区生产总值", 0.06])
        sheet.append(["一般公共预算收入", 0.0523])
        sheet["B3"].number_format = "0.0%"
        sheet["B4"].number_format = "0.00%"

    body = as_excel_writes(workbook(build))
    assert "<v>5.2299999999999999E-2</v>" in sheet_xml(body)
    rows = _obs(body)
    assert _facts(rows) == [
        ("370000", "gdp_growth", "2023", "%", Decimal("6.0"), "6.0%"),
        ("370000", "fiscal_revenue_growth", "2023", "%", Decimal("5.23"), "5.23%"),
    ]
    assert {r["kind"] for r in rows} == {"growth"}


# --------------------------------------------------------------------------- merged cells, phonetic runs, dates


def _city_table(book: Workbook) -> None:
    sheet = book.active
    sheet["A1"] = "表2 2023年主要城市经济指标"
    sheet.merge_cells("A1:E1")
    sheet["A2"] = "地区"
    sheet.merge_cells("A2:A3")
    sheet["B2"] = "地区生产总值"
    sheet.merge_cells("B2:C2")
    sheet["D2"] = "一般公共预算收入"
    sheet.merge_cells("D2:E2")
    for column, text in zip("BCDE", ["总量（亿元）", "比上年增长", "总量（亿元）", "比上年增长"], strict=True):
        sheet[f"{column}3"] = text
    sheet.append(["济南市", 12757.4, 0.061, 1000.5, 0.052])
    sheet.append(["烟台市", 10162.46, 0.066, 650.2, 0.041])
    for row in (4, 5):
        sheet.cell(row, 3).number_format = sheet.cell(row, 5).number_format = "0.0%"
    sheet["A7"] = "注：地区生产总值按现价计算。"
    sheet.merge_cells("A7:E7")


def test_merged_header_cells_are_expanded_and_merged_titles_stay_titles():
    body = as_excel_writes(workbook(_city_table))
    (grid,) = grids_from_xlsx(body)
    assert grid.title == "表2 2023年主要城市经济指标" and grid.notes == ["注：地区生产总值按现价计算。"]
    assert grid.rows[:2] == [
        ["地区", "地区生产总值", "地区生产总值", "一般公共预算收入", "一般公共预算收入"],
        ["地区", "总量（亿元）", "比上年增长", "总量（亿元）", "比上年增长"],
    ]
    rows = _obs(body)
    assert [(r["region_code"], r["indicator"], r["period"], r["unit"], r["value"]) for r in rows[:4]] == [
        ("370100", "gdp", "2023", "元", Decimal("1275740000000")),
        ("370100", "gdp_growth", "2023", "%", Decimal("6.1")),
        ("370100", "fiscal_revenue", "2023", "元", Decimal("100050000000")),
        ("370100", "fiscal_revenue_growth", "2023", "%", Decimal("5.2")),
    ]
    assert len(rows) == 8
    assert rows[3]["sentence"] == "表2 2023年主要城市经济指标 | 济南市 | 一般公共预算收入 比上年增长"


def test_merged_unit_line_is_a_note_and_a_group_header_over_an_empty_corner_is_expanded():
    def build(book: Workbook) -> None:
        sheet = book.active
        sheet["A1"] = "2023年主要城市地区生产总值"
        sheet.merge_cells("A1:D1")
        sheet["C2"] = "单位：亿元"  # right-aligned over the last columns, as bureaus lay it out
        sheet.merge_cells("C2:D2")
        sheet["B3"] = "城市"
        sheet.merge_cells("B3:D3")
        sheet.append(["指标", "济南市", "青岛市", "烟台市"])
        sheet.append(["地区生产总值", 12757.4, 15760.34, 10162.46])

    body = as_excel_writes(workbook(build))
    (grid,) = grids_from_xlsx(body)
    assert grid.title == "2023年主要城市地区生产总值" and grid.notes == ["单位：亿元"]
    assert grid.rows[0] == ["", "城市", "城市", "城市"]
    assert [(r["region_code"], r["indicator"], r["unit"], r["value"]) for r in _obs(body)] == [
        ("370100", "gdp", "元", Decimal("1275740000000")),
        ("370200", "gdp", "元", Decimal("1576034000000")),
        ("370600", "gdp", "元", Decimal("1016246000000")),
    ]


def test_merged_row_labels_are_copied_down():
    def build(book: Workbook) -> None:
        sheet = book.active
        sheet.append(["地区", "指标", "2023年"])
        sheet.append(["济南市", "地区生产总值（亿元）", 12757.4])
        sheet.append([None, "常住人口（万人）", 943.7])
        sheet.merge_cells("A2:A3")

    (grid,) = grids_from_xlsx(as_excel_writes(workbook(build)))
    assert [row[0] for row in grid.rows] == ["地区", "济南市", "济南市"]


def test_phonetic_runs_are_no_part_of_a_label():
    ruby = {"济南市": "jǐnánshì", "地区生产总值（亿元）": "dìqū shēngchǎn zǒngzhí", "地区": "ちく"}
    body = as_excel_writes(workbook(_gdp_table), phonetic=ruby)
    assert shared_strings_xml(body).count("<rPh") == 3  # the runs are really in the file
    (grid,) = grids_from_xlsx(body)
    assert grid.rows[0] == ["地区", "地区生产总值（亿元）", "比上年增长（%）"] and grid.rows[2][0] == "济南市"
    jinan = [r for r in _obs(body) if r["region_code"] == "370100"]
    assert [r["indicator"] for r in jinan] == ["gdp", "gdp_growth"]
    assert all("jǐ" not in r["sentence"] and "dìqū" not in r["sentence"] for r in jinan)


def test_dates_are_dates_and_name_periods():
    def build(book: Workbook) -> None:
        sheet = book.active
        sheet.append(["山东省规模以上工业增加值增速"])
        sheet.append(["指标", datetime(2023, 11, 1), datetime(2023, 12, 1), "更新日期"])
        sheet.append(["工业增加值增长（%）", 6.9, 7.1, datetime(2024, 1, 18)])
        for ref in ("B2", "C2"):
            sheet[ref].number_format = 'yyyy"年"m"月"'
        sheet["D3"].number_format = "yyyy-mm-dd"

    (grid,) = grids_from_xlsx(as_excel_writes(workbook(build)))
    assert grid.rows == [
        ["指标", "2023年11月", "2023年12月", "更新日期"],
        ["工业增加值增长（%）", "6.9", "7.1", "2024年1月18日"],
    ]
    rows = _obs(as_excel_writes(workbook(build)))
    assert [(r["period"], r["value"], r["unit"]) for r in rows] == [
        ("2023-11", Decimal("6.9"), "%"),
        ("2023-12", Decimal("7.1"), "%"),
    ]  # the date cell is no figure (not 45309, its serial number)
    assert date_text(datetime(2023, 12, 31, 8, 30), "yyyy/m/d h:mm") == "2023年12月31日 08:30"
    assert date_text(datetime(2024, 1, 18, 14, 5), "yyyy/m/d h:mm AM/PM") == "2024年1月18日 14:05"
    assert date_text(datetime(2024, 1, 1), "yyyy") == "2024年" and date_text(datetime(2024, 3, 5), "m-d") == "3月5日"


def test_line_breaks_in_labels_are_spaces():
    def build(book: Workbook) -> None:
        book.active.append(["地区", "地区生产总值\r\n（亿元）"])
        book.active.append(["济南市", 12757.4])

    body = as_excel_writes(workbook(build))
    assert "地区生产总值_x000D_" in html.unescape(shared_strings_xml(body))
    (row,) = _obs(body)
    assert row["sentence"].endswith("| 济南市 | 地区生产总值 （亿元）") and row["indicator"] == "gdp"
    assert row["value"] == Decimal("1275740000000")


def test_chinese_builtin_date_formats_are_dates():
    def build(book: Workbook) -> None:
        sheet = book.active
        sheet.append(["指标", datetime(2023, 11, 1), datetime(2023, 12, 1)])
        sheet.append(["工业增加值增长（%）", 6.9, 7.1])
        sheet.append(["统计截止", datetime(2023, 12, 31), None])
        sheet["B1"].number_format = sheet["C1"].number_format = 'yyyy"年"m"月"'
        sheet["B3"].number_format = 'yyyy"年"m"月"d"日"'

    body = as_excel_writes(workbook(build), zh_cn_builtins=True)
    styles = styles_xml(body)
    assert '<xf numFmtId="57" ' in styles and '<xf numFmtId="31" ' in styles and "年" not in styles
    (grid,) = grids_from_xlsx(body)
    assert grid.rows == [
        ["指标", "2023年11月", "2023年12月"],
        ["工业增加值增长（%）", "6.9", "7.1"],
        ["统计截止", "2023年12月31日", ""],
    ]  # not 45231, 45261, 45291: serial numbers that would read as figures
    assert [(r["period"], r["value"]) for r in _obs(body)] == [("2023-11", Decimal("6.9")), ("2023-12", Decimal("7.1"))]


def test_formula_cells_give_the_result_excel_stored():
    def build(book: Workbook) -> None:
        sheet = book.active
        sheet.append(["产业", "增加值（亿元）"])
        sheet.append(["第一产业", 6506.2])
        sheet.append(["第二产业", 35987.9])
        sheet.append(["合计", "=SUM(B2:B3)"])
        sheet.append(["比重（%）", "=B2/B4*100"])

    # a computed double carries binary noise in all 17 digits (15.310831386004175), which Excel never shows
    body = as_excel_writes(workbook(build), cached={"B4": "42494.1", "B5": repr(6506.2 / 42494.1 * 100)})
    assert "<f>SUM(B2:B3)</f><v>42494.099999999999</v>" in sheet_xml(body)
    (grid,) = grids_from_xlsx(body)
    assert grid.rows[3:] == [["合计", "42494.1"], ["比重（%）", "15.3108313860042"]]


def test_each_worksheet_is_a_table_named_by_its_sheet():
    def build(book: Workbook) -> None:
        first = book.active
        first.title = "2023年济南市"
        first.append(["指标", "数值"])
        first.append(["地区生产总值（亿元）", 12757.4])
        second = book.create_sheet("2023年烟台市")
        second.append(["指标", "数值"])
        second.append(["地区生产总值（亿元）", 10162.46])
        book.create_sheet("空白")
        hidden = book.create_sheet("计算用")
        hidden.append(["指标", "数值"])
        hidden.append(["地区生产总值（亿元）", 999.9])
        hidden.sheet_state = "hidden"

    body = as_excel_writes(workbook(build))
    assert [g.title for g in grids_from_xlsx(body)] == ["2023年济南市", "2023年烟台市"]
    rows = _obs(body, "http://x/files/gdp.xlsx")
    assert [(r["region_code"], r["period"], r["value"], r["sentence"]) for r in rows] == [
        ("370100", "2023", Decimal("1275740000000"), "gdp 2023年济南市 | 地区生产总值（亿元） | 数值"),
        ("370600", "2023", Decimal("1016246000000"), "gdp 2023年烟台市 | 地区生产总值（亿元） | 数值"),
    ]
    assert [g.title for g in grids_from_xlsx(workbook(lambda book: _one_row_sheet(book, "Sheet1")), "gdp")] == ["gdp"]


def _one_row_sheet(book: Workbook, name: str) -> None:
    book.active.title = name
    book.active.append(["指标", "数值"])
    book.active.append(["地区生产总值（亿元）", 12757.4])


def test_excel_number_imitates_excel():
    assert excel_number("92068.7") == "92068.699999999997" and excel_number("0.012") == "1.2E-2"
    assert excel_number("6") == "6" and excel_number("6.1") == "6.0999999999999996"


# --------------------------------------------------------------------------- bad files


def _with_merge(body: bytes, ref: str) -> bytes:
    """`body` with one more merged range in its first sheet (written into the XML, as a hostile file would)."""
    import io
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(body))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as book:
        for name in source.namelist():
            data = source.read(name)
            if name == "xl/worksheets/sheet1.xml":
                merge = f'<mergeCells count="1"><mergeCell ref="{ref}"/></mergeCells>'.encode()
                data = data.replace(b"</sheetData>", b"</sheetData>" + merge)
            book.writestr(name, data)
    return out.getvalue()


def test_hostile_or_huge_workbooks_are_refused_before_loading():
    bomb = _with_merge(workbook(_gdp_table), "A10:XFD1048576")  # 17 billion merged cells in a few bytes
    started = time.monotonic()
    with pytest.raises(SpreadsheetError, match="merged cells"):
        grids_from_xlsx(bomb)
    assert time.monotonic() - started < 5
    assert _obs(bomb) == []  # the page step logs it and goes on

    def far(book: Workbook) -> None:
        _gdp_table(book)
        book.active["XFD1048576"] = 1  # one stray cell: a sheet of 17 billion cells once read as rows

    with pytest.raises(SpreadsheetError, match="too large"):
        grids_from_xlsx(workbook(far))


def test_xml_size_cap(monkeypatch: pytest.MonkeyPatch):
    body = workbook(_gdp_table)
    monkeypatch.setattr(xlsx, "MAX_XML_BYTES", 1000)
    with pytest.raises(SpreadsheetError, match="bytes of XML"):
        grids_from_xlsx(body)


def test_zip_files_that_are_no_workbook_get_a_clear_error():
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as docx:
        docx.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(SpreadsheetError, match="not a readable XLSX workbook"):
        grids_from_xlsx(out.getvalue())
    with pytest.raises(SpreadsheetError, match="not a readable XLSX workbook"):
        grids_from_xlsx(b"PK\x03\x04 truncated")
    assert _obs(out.getvalue(), "http://x/files/report.docx", None) == []


# --------------------------------------------------------------------------- over HTTP


def test_xlsx_attachment_fetched_over_http_gives_observations(scripted, client: PoliteClient):
    body = as_excel_writes(workbook(_city_table))
    site = scripted({"/files/city_2023.xlsx": lambda h: send(h, 200, body, Content_Type=XLSX_TYPE)})
    result = client.fetch(site.url + "files/city_2023.xlsx", FetchPolicy(allow_private=True))
    assert result.outcome == "ok" and result.body == body
    rows = observations_from_page(
        result.body, result.final_url, result.content_type, published=PUBLISHED, region_code="370000"
    )
    assert len(rows) == 8 and {r["doc"] for r in rows} == {result.final_url}
    yantai = [(r["indicator"], r["value"], r["unit"], r["period"]) for r in rows if r["region_code"] == "370600"]
    assert yantai == [
        ("gdp", Decimal("1016246000000"), "元", "2023"),
        ("gdp_growth", Decimal("6.6"), "%", "2023"),
        ("fiscal_revenue", Decimal("65020000000"), "元", "2023"),
        ("fiscal_revenue_growth", Decimal("4.1"), "%", "2023"),
    ]
