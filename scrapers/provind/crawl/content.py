"""What a body is: its media type (header vs file signature) and, for text, its characters.

The one place provind turns bytes into text. Parsers, the statistics readers
and the text preparation all call `decode`; nothing else guesses charsets.

Media type: the bytes decide over the Content-Type header, because sites serve
PDFs and spreadsheets as text/html and HTML error pages as application/json.
A file signature (PDF, ZIP/XLSX, OLE, PNG, JPEG, GIF, gzip) wins outright; then
a body that starts like JSON or like markup; then the header; then the URL's
extension.

Charset, first that holds:

1. a byte-order mark;
2. the charset of the HTTP header, then the one of `<meta charset>` /
   `<meta http-equiv>`, each only if the bytes decode with it cleanly AND
   plausibly: headers lie (a server default of iso-8859-1 or utf-8 over GBK
   bytes), so a single-byte charset is not believed for bytes that read as
   UTF-8 or as Chinese in GB18030, nor a multi-byte one for bytes that are UTF-8;
3. the bytes themselves: UTF-8 if they decode strictly; else GB18030 when it
   decodes cleanly into common Chinese (an undeclared page on a Chinese site
   is GBK far more often than anything else, and charset-normalizer misreads
   short GBK pages as cp1250 or cp949); else charset-normalizer's guess;
4. the least damaged decoding, marked `lossy`.

gb2312 and gbk (and their aliases) are always read as gb18030, their superset:
publishers label pages gb2312 and then use characters outside it (镕, 堃).
"""

from __future__ import annotations

import codecs
import io
import json
import re
import zipfile
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

# Magic numbers of files that sites serve under an HTML URL or an HTML Content-Type.
BINARY_MAGIC = (
    (b"%PDF-", "PDF"),
    (b"PK\x03\x04", "ZIP (XLSX/DOCX)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE (XLS/DOC)"),
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF8", "GIF"),
    (b"\x1f\x8b", "gzip"),
)
_MEDIA_OF_MAGIC = {
    "PDF": "application/pdf",
    "ZIP (XLSX/DOCX)": "application/zip",
    "OLE (XLS/DOC)": "application/x-ole-storage",
    "PNG": "image/png",
    "JPEG": "image/jpeg",
    "GIF": "image/gif",
    "gzip": "application/gzip",
}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
JSON_TYPES = frozenset({"application/json", "text/json", "application/javascript+json"})
CSV_TYPES = frozenset({"text/csv", "application/csv", "text/comma-separated-values"})
# Text files named by their extension when the header says nothing useful.
_EXTENSIONS = {".csv": "text/csv", ".txt": "text/plain", ".htm": "text/html"}
_EXTENSIONS[".html"] = _EXTENSIONS[".shtml"] = "text/html"
GENERIC_TYPES = frozenset({
    "", "text/plain", "application/octet-stream", "binary/octet-stream", "application/download",
    "application/x-download", "application/force-download", "application/unknown",
})  # fmt: skip

GB_FAMILY = frozenset({
    "gb2312", "gbk", "gb_2312", "gb_2312-80", "gb2312-80", "x-gbk", "cp936", "ms936", "windows-936", "euc-cn",
    "csgb2312", "iso-ir-58", "chinese", "hz", "hz-gb-2312",
})  # fmt: skip
# WHATWG: browsers read these labels as another, larger charset; so do we.
_READ_AS = {"ascii": "utf-8", "us-ascii": "utf-8", "iso-8859-1": "cp1252", "latin-1": "cp1252", "latin1": "cp1252"}
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: its BOM starts the same way
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""\A\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)
_HIGH_BYTE = re.compile(rb"[\x80-\xff]")
_HIGH_RUN = re.compile(rb"[\x80-\xff]{2,}")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_MARKUP_START = re.compile(
    rb"\A\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|div|table|p\b|br)", re.I | re.S
)
_MARKUP_ANYWHERE = re.compile(rb"<(?:html|body|head)\b|</(?:div|p|td|table)>", re.I)
SNIFF_BYTES = 200_000  # charset-normalizer reads at most this much: enough to guess, bounded in time


@dataclass(frozen=True)
class Decoded:
    text: str
    codec: str  # a Python codec name: "utf-8", "gb18030", "big5", "cp1252"…
    how: str  # "bom" | "header" | "meta" | "utf-8" | "gb18030" | "detected" | "lossy"

    @property
    def lossy(self) -> bool:
        """True when no charset decoded the bytes cleanly: some characters became U+FFFD."""
        return self.how == "lossy"


# --------------------------------------------------------------------------- media type


def sniff_binary(body: bytes) -> str | None:
    """The kind of binary file `body` is (by its magic number), or None for text."""
    head = body[:16].lstrip()
    return next((name for magic, name in BINARY_MAGIC if head.startswith(magic)), None)


def declared_media_type(content_type: str | None) -> str:
    """The media type a Content-Type header names, lower case, without parameters ("" when none)."""
    return (content_type or "").split(";")[0].strip().lower()


def media_type(body: bytes, content_type: str | None = None, url: str | None = None) -> str:
    """What `body` is: the file signature, then JSON/markup by its first bytes, then header, then extension."""
    binary = sniff_binary(body)
    if binary == "ZIP (XLSX/DOCX)":
        return _zip_kind(body)
    if binary:
        return _MEDIA_OF_MAGIC[binary]
    declared = declared_media_type(content_type)
    head = _strip_bom(body[:1024]).lstrip()
    if head.startswith(b"{") or (head.startswith(b"[") and (declared in JSON_TYPES or _is_json(body))):
        return "application/json"
    if _MARKUP_START.match(head) or (declared in ("", "text/plain") and _MARKUP_ANYWHERE.search(body[:4096])):
        return "application/xhtml+xml" if declared == "application/xhtml+xml" else "text/html"
    if declared not in GENERIC_TYPES:
        return declared
    extension = re.search(r"\.[a-z0-9]+$", urlsplit(url or "").path.lower())
    return _EXTENSIONS.get(extension.group() if extension else "", declared or "text/plain")


def _zip_kind(body: bytes) -> str:
    """An Office Open XML file is a ZIP whose parts say what it is: xl/ is a workbook, word/ a document."""
    try:
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        head = body[:65536]  # a cut-short file: the first entries' names are in the local headers
        names = [name.decode("latin-1") for name in re.findall(rb"(?:xl|word)/", head)]
    if any(name.startswith("xl/") for name in names):
        return XLSX
    if any(name.startswith("word/") for name in names):
        return DOCX
    return "application/zip"


def _is_json(body: bytes) -> bool:
    try:
        json.loads(_strip_bom(body).decode("utf-8"))
    except ValueError:
        return False
    return True


def _strip_bom(body: bytes) -> bytes:
    return body[3:] if body.startswith(codecs.BOM_UTF8) else body


# --------------------------------------------------------------------------- charset names


def charset_of(content_type: str | None) -> str | None:
    """The charset parameter of a Content-Type header, lower case, as written ("gb2312"), or None."""
    for part in (content_type or "").split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.strip().lower() == "charset" and value.strip().strip("'\""):
            return value.strip().strip("'\"").lower()
    return None


def normalize_charset(name: str | None) -> str | None:
    """The Python codec to read a declared charset with; the GB family → gb18030; unknown → None."""
    if not name:
        return None
    name = name.strip().strip("'\"").lower()
    if name in GB_FAMILY:
        return "gb18030"
    name = _READ_AS.get(name, name)
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    return "gb18030" if codec in ("gbk", "gb2312", "hz") else codec


def _declared_charset(declared: str | None) -> str | None:
    """`declared` is a whole Content-Type ("text/html; charset=gbk") or a bare charset ("gbk")."""
    if not declared:
        return None
    if "=" in declared or ";" in declared or "/" in declared:
        return charset_of(declared)
    return declared


def markup_charset(body: bytes) -> str | None:
    """The charset named in the first 4 KB: `<meta charset>`, `<meta http-equiv>` or `<?xml encoding?>`."""
    head = body[:4096]
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    return match.group(1).decode("ascii", "ignore") if match else None


# --------------------------------------------------------------------------- decoding


def decode(body: bytes, declared: str | None = None) -> Decoded:
    """`body` as text; `declared` is the HTTP Content-Type (or a bare charset) when known.

    Never raises: bytes no charset reads cleanly come back with U+FFFD marks and `lossy` set.
    """
    for bom, codec in _BOMS:
        if body.startswith(bom):
            try:
                return Decoded(body[len(bom) :].decode(codec), codec, "bom")
            except UnicodeDecodeError:
                return Decoded(body[len(bom) :].decode(codec, errors="replace"), codec, "lossy")
    tried: set[str] = set()
    for how, name in (("header", _declared_charset(declared)), ("meta", markup_charset(body))):
        charset = normalize_charset(name)
        if charset is None or charset in tried:
            continue
        tried.add(charset)
        text = _strict(body, charset)
        if text is not None and _believable(body, text, charset):
            return Decoded(text, charset, how)
    return sniff(body)


def sniff(body: bytes) -> Decoded:
    """Decode bytes whose charset nobody declared (or declared wrongly); see the module doc."""
    text = _strict(body, "utf-8")
    if text is not None and _plausible(text):
        return Decoded(text, "utf-8", "utf-8")
    gb = _strict(body, "gb18030")
    if gb is not None and _plausible(gb) and reads_as_chinese(gb):
        return Decoded(gb, "gb18030", "gb18030")
    guessed = _guess(body)
    readings = {}
    for codec in dict.fromkeys(c for c in (guessed, "gb18030", "big5") if c):
        text = gb if codec == "gb18030" else _strict(body, codec)
        if text is not None and _plausible(text):
            readings[codec] = text
    if guessed in readings and _is_latin(guessed) and not _paired_high_bytes(body):
        return Decoded(readings[guessed], guessed, "detected")  # a Western page, not Chinese misread
    if readings:
        # On Chinese sites the reading with the most hanzi wins: charset-normalizer calls short
        # Big5 pages johab and GBK ones cp949; the guess wins ties.
        codec = max(readings, key=lambda c: _han_share(readings[c]))
        return Decoded(readings[codec], codec, "detected" if codec == guessed else codec)
    candidates = dict.fromkeys(c for c in ("utf-8", "gb18030", guessed) if c)
    decodings = [(body.decode(c, errors="replace"), c) for c in candidates]
    text, codec = min(decodings, key=lambda pair: pair[0].count("\ufffd") + len(_CONTROL.findall(pair[0])))
    return Decoded(text, codec, "lossy")


def _strict(body: bytes, codec: str) -> str | None:
    try:
        return body.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _guess(body: bytes) -> str | None:
    import charset_normalizer  # lazy: most pages are settled before a guess is needed

    best = charset_normalizer.from_bytes(body[:SNIFF_BYTES]).best()
    return normalize_charset(best.encoding) if best is not None else None


def _believable(body: bytes, text: str, codec: str) -> bool:
    """Does a declared charset that decoded cleanly really fit the bytes?"""
    if not _plausible(text):
        return False
    if codec.startswith("utf-") or body.isascii():
        return True
    # Multi-byte sequences that are valid UTF-8 are almost never an accident of another charset.
    if _strict(body, "utf-8") is not None:
        return False
    if codec != "gb18030":
        # cp949, shift_jis, johab… over GBK bytes: a guess stored as if declared, or a wrong label.
        gb = _strict(body, "gb18030")
        if gb is not None and reads_as_chinese(gb) and _han_share(text) < _han_share(gb):
            return False
    if _is_latin(codec) and _paired_high_bytes(body):
        # iso-8859-1 / windows-125x over Chinese bytes (ÔÂµÂ): a server default, not the page's charset.
        return not any(_han_share(_strict(body, c) or "") > 0.5 for c in ("gb18030", "big5"))
    return True


LATIN_CODECS = frozenset({
    "cp1252", "latin-1", "iso8859-1", "iso8859-15", "cp1250", "iso8859-2", "mac-roman", "cp437", "cp850",
})  # fmt: skip


def _is_latin(codec: str) -> bool:
    """The single-byte Western charsets servers and detectors fall back to."""
    return codec in LATIN_CODECS


def _paired_high_bytes(body: bytes) -> bool:
    """Most bytes above 0x7F come in runs, as in CJK double-byte text (é in café stands alone)."""
    sample = body[:SNIFF_BYTES]
    high = len(_HIGH_BYTE.findall(sample))
    paired = sum(len(run) for run in _HIGH_RUN.findall(sample))
    return high > 0 and paired / high > 0.6


def _plausible(text: str) -> bool:
    """Not mostly control characters or replacement marks (binary data decodes to those)."""
    sample = text[:20000]
    if not sample:
        return True
    bad = len(_CONTROL.findall(sample)) + sample.count("\ufffd")
    return bad / len(sample) < 0.02


_COMMON_PUNCTUATION = frozenset("\u2014\u2026\u201c\u201d\u2018\u2019\u00b7\u00d7\u2103\u2030\u00b0")


def reads_as_chinese(text: str, sample_chars: int = 5000) -> bool:
    """Its non-ASCII characters are mostly common Chinese (GB2312 hanzi, CJK and full-width punctuation).

    Big5, EUC-KR or Shift-JIS bytes read as GB18030 give rare hanzi, kana and
    private-use characters instead, far below the 80 % that real Chinese text has.
    """
    wide = Counter(ch for ch in text if ord(ch) > 127)
    total = sum(wide.values())
    if not total:
        return False
    common = sum(n for ch, n in wide.items() if _common_chinese(ch))
    return common / total >= 0.8 and any("\u4e00" <= ch <= "\u9fff" for ch in wide)


@lru_cache(maxsize=20000)
def _common_chinese(ch: str) -> bool:
    if "\u3000" <= ch <= "\u303f" or "\uff01" <= ch <= "\uff5e" or ch in _COMMON_PUNCTUATION:
        return True
    if not "\u4e00" <= ch <= "\u9fff":
        return False
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def _han_share(text: str) -> float:
    wide = [ch for ch in text[:20000] if ord(ch) > 127]
    return sum("\u4e00" <= ch <= "\u9fff" for ch in wide) / len(wide) if wide else 0.0


__all__ = [
    "BINARY_MAGIC",
    "Decoded",
    "charset_of",
    "declared_media_type",
    "decode",
    "markup_charset",
    "media_type",
    "normalize_charset",
    "reads_as_chinese",
    "sniff",
    "sniff_binary",
]
