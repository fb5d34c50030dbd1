"""crawl/content.py: what bytes are (media type) and which characters they hold (charset)."""

from __future__ import annotations

import codecs
import io
import zipfile
from pathlib import Path

import charset_normalizer
import pytest

from provind.crawl import content
from provind.crawl.parse import parse_article
from provind.stats import grid
from provind.textprep import UndecodableTextError, decode_bytes

FIXTURES = Path(__file__).parent / "fixtures" / "templates"
ARTICLE = (
    "<html><head><title>全省经济运行情况</title></head>"
    "<body><p>全省地区生产总值增长5.8%，比上半年加快0.2个百分点。</p></body></html>"
)


def test_an_undeclared_sparse_gbk_page_is_gbk_where_the_guesser_says_otherwise():
    """The known bug: a GBK page with no charset anywhere came out as cp949/cp1250 mojibake."""
    body = (FIXTURES / "gbk_sparse_no_charset.html").read_text("utf-8").encode("gbk")
    guess = charset_normalizer.from_bytes(body).best()
    assert guess is not None and guess.encoding not in ("gb18030", "gbk", "gb2312")  # the trap is real
    decoded = content.decode(body, "text/html")
    assert (decoded.codec, decoded.how) == ("gb18030", "gb18030")
    assert parse_article(body, "http://x.gov.cn/a.html", "text/html").title == "图解：1-10月德清县经济"


@pytest.mark.parametrize("header", ["text/html; charset=utf-8", "text/html; charset=ISO-8859-1", "windows-1252"])
def test_a_header_that_lies_about_gbk_bytes_is_not_believed(header):
    body = ARTICLE.encode("gbk")
    decoded = content.decode(body, header)
    assert decoded.codec == "gb18030" and "全省地区生产总值增长5.8%" in decoded.text


def test_a_latin1_page_declared_latin1_stays_latin1():
    body = "<p>Un café à Paris, très bien.</p>".encode("latin-1")
    assert content.decode(body, "text/html; charset=iso-8859-1").text == "<p>Un café à Paris, très bien.</p>"


def test_a_gbk_declaration_over_utf8_bytes_yields_to_the_bytes():
    body = ARTICLE.replace("<head>", "<head><meta charset='gb2312'>").encode("utf-8")
    decoded = content.decode(body, "text/html; charset=gbk")
    assert decoded.codec == "utf-8" and "全省经济运行情况" in decoded.text


def test_order_bom_then_header_then_meta():
    text = ARTICLE.replace("<head>", '<head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">')
    gb = text.encode("gb18030")
    assert content.decode(gb).how == "meta" and content.decode(gb).codec == "gb18030"
    assert content.decode(gb, "text/html; charset=GBK").how == "header"
    assert content.decode(codecs.BOM_UTF8 + ARTICLE.encode("utf-8"), "text/html; charset=gbk").how == "bom"
    assert content.decode(ARTICLE.encode("utf-16"), None).text == ARTICLE


def test_gb2312_pages_keep_characters_outside_gb2312():
    body = "<meta charset=gb2312><p>朱镕基 王堃</p>".encode("gb18030")
    assert "朱镕基 王堃" in content.decode(body).text


def test_undeclared_big5_is_read_as_big5():
    body = "<html><head><title>臺灣統計資料</title></head><body>臺灣統計資料</body></html>".encode("big5")
    assert "臺灣統計資料" in content.decode(body).text


def test_bytes_no_charset_reads_are_lossy_and_textprep_refuses_them():
    garbage = bytes((i * 7919 + 13) % 256 for i in range(4000))
    assert content.decode(garbage).lossy
    with pytest.raises(UndecodableTextError):
        decode_bytes(garbage)
    with pytest.raises(UndecodableTextError, match="PDF"):
        decode_bytes(b"%PDF-1.7\n" + garbage)


def test_csv_cells_from_excel_in_china_are_gb18030():
    assert grid.decode_text("指标,数值\n地区生产总值,5762\n".encode("gbk")).startswith("指标,数值")
    assert grid.decode_text(codecs.BOM_UTF8 + "指标,数值".encode()) == "指标,数值"


def _xlsx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as book:
        book.writestr("[Content_Types].xml", "<Types/>")
        book.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("body", "header", "url", "expected"),
    [
        (b"%PDF-1.4 ...", "text/html; charset=utf-8", "http://x/a.html", "application/pdf"),
        (_xlsx(), "application/octet-stream", "http://x/a", content.XLSX),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "text/html", None, "application/x-ole-storage"),
        (b"\x89PNG\r\n\x1a\n....", "text/html", None, "image/png"),
        (b"\xff\xd8\xff\xe0....", None, None, "image/jpeg"),
        (b"GIF89a....", "text/html", None, "image/gif"),
        (b"\x1f\x8b\x08\x00....", "text/html", None, "application/gzip"),
        (b'\xef\xbb\xbf {"returncode": 200}', "text/html;charset=UTF-8", None, "application/json"),
        (b"<!DOCTYPE html><html><body>404</body></html>", "application/json", None, "text/html"),
        ("<html><body>表1</body></html>".encode("gbk"), "text/plain", None, "text/html"),
        ("指标,数值\n".encode("gbk"), "application/octet-stream", "http://x/data.csv", "text/csv"),
        ("指标,数值\n".encode(), "text/csv; charset=utf-8", None, "text/csv"),
    ],
)
def test_media_type_the_bytes_decide_then_the_header_then_the_url(body, header, url, expected):
    assert content.media_type(body, header, url) == expected


def test_sniff_binary_names_the_file_kind():
    assert content.sniff_binary(b"  %PDF-1.7") == "PDF"
    assert content.sniff_binary(b"<html>") is None


def test_charset_of_and_normalize():
    assert content.charset_of('text/html; Charset="GB2312"') == "gb2312"
    assert content.charset_of("text/html") is None
    assert content.normalize_charset("GB2312") == "gb18030"
    assert content.normalize_charset("x-gbk") == "gb18030"
    assert content.normalize_charset("utf8") == "utf-8"
    assert content.normalize_charset("no-such-charset") is None


@pytest.mark.parametrize("stored", ["cp949", "johab", "shift_jis", "mac_latin2"])
def test_a_wrong_codec_stored_by_an_earlier_guess_is_not_believed_on_reparse(stored):
    """Reprocessing passes the stored codec as the hint: a page misread once must not stay misread."""
    body = (FIXTURES / "gbk_sparse_no_charset.html").read_text("utf-8").encode("gbk")
    assert parse_article(body, "http://x.gov.cn/a.html", stored).title == "图解：1-10月德清县经济"


def test_big5_declared_big5_stays_big5():
    body = "<p>臺灣統計資料，人口成長。</p>".encode("big5")
    assert content.decode(body, "text/html; charset=big5").text == "<p>臺灣統計資料，人口成長。</p>"
