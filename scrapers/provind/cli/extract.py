"""`provind extract FILE... [--published YYYY-MM-DD] [--region CODE] [--title TEXT]`: mentions as JSON lines.

Each file is decoded with `textprep.decode_bytes` (BOM, UTF-8, GB18030,
charset-normalizer). A file that cannot be read or decoded gives a one-line
error on stderr and a non-zero exit; the other files are still processed. A saved
web page is read as the pipeline reads a fetched one: its tables and dashboards
cell by cell (offsets -1), its title as context unless --title is given.
"""

from __future__ import annotations

import argparse
import gc
import json
import json.encoder
import math
import sys
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

MAX_BYTES = 64 * 1024 * 1024  # a bureau article is kilobytes; refuse anything absurd
# Texts longer than this (a 20 MB dump, not an article) are extracted in line-aligned chunks,
# offsets still counted from the start of the file.
CHUNK_CHARS = 200_000
# A saved web page is read as a page (tables, title) up to this size; a bigger file of markup is
# a dump, read as text alone (parsing it as a page would cost several times the extraction).
MAX_PAGE_BYTES = 2 * 1024 * 1024
HTML_TYPES = ("text/html", "application/xhtml+xml")
_GC_THRESHOLD = 50_000  # allocations between the collector's young-generation passes (see `run`)


DESCRIPTION = """\
Print every indicator mention in article text files as JSON lines: one object per
figure, with its value, unit, kind, region, period, target flag, canonical indicator
(or "unclassified") and its offsets in the file. Files may be in any encoding (UTF-8,
GB18030/GBK, with or without BOM). A file that cannot be read or decoded gives one
error line on stderr and exit status 1; the other files are still processed."""

EXAMPLES = """\
examples:
  provind extract article.txt --published 2024-08-14 --region 371600
  provind extract bulletin.txt --region 370000 --title "2023年平阴县国民经济和社会发展统计公报"
  provind extract reports/*.txt > mentions.jsonl       several files, any encoding

--published anchors relative periods ("last year", "the first three quarters"). A figure
whose sentence names no place belongs to the place the --title names, else to the
--region (each mention's region_source says which; docs/regions.md)."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help="article text files or saved web pages (any encoding)")
    parser.add_argument(
        "--published",
        type=_iso_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="the articles' publication date, to resolve relative periods",
    )
    parser.add_argument(
        "--region",
        default=None,
        metavar="CODE",
        help="six-digit GB/T 2260 code of the publishing bureau's region",
    )
    parser.add_argument(
        "--title", default=None, metavar="TEXT", help="the article's title (a place it names owns unplaced figures)"
    )


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from exc


def row_encoder() -> Callable[[dict], str]:
    """`json.dumps(row, ensure_ascii=False)` for many rows, with the C encoder made once.

    json.dumps makes a JSONEncoder and then a C encoder for every call, which for a small row
    costs as much as the encoding itself; the output is the same.
    """
    encoder = json.JSONEncoder(ensure_ascii=False)
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:  # an interpreter without the C accelerator
        return encoder.encode
    c_encode = make(None, encoder.default, json.encoder.encode_basestring, None, ": ", ", ", False, False, True)
    return lambda row: "".join(c_encode(row, 0))


# A mention's keys as `extract_mentions` makes them, in order ("sentence" is not printed).
MENTION_KEYS = (
    "doc", "quote", "subject", "value", "unit", "kind", "approx", "target", "region", "region_code",
    "region_source", "period", "indicator", "start", "end", "sentence",
)  # fmt: skip
# The keys printed between the value and the offsets: their values recur from line to line.
_RECURRING_KEYS = MENTION_KEYS[4:13]
_MANY_RECURRING = 10_000  # distinct recurring parts kept encoded (a few hundred in a big file)


def mention_encoder() -> Callable[[dict, int], str]:
    """The JSON line `provind extract` prints for a mention found at `offset` in its file.

    The same text as `row_encoder()(row)` after `del row["sentence"]`, `row["value"] =
    json_value(row["value"])` and both offsets moved by `offset`; `row` is left as it is.
    Encoding a whole row joins some 60 pieces (3.5 µs a row, some 6 per cent of the command on
    plain text). A mention's doc, unit, kind, approx, target, region, period and indicator
    recur from line to line: that part is encoded once for each combination and kept, and only
    the quote, the subject, the value and the offsets are encoded for every line. A row of
    another shape (other keys, or values of other types) takes the plain path.
    """
    from provind.extract.mentions import json_value

    encode = row_encoder()
    string = json.encoder.encode_basestring  # what the C encoder writes a str with
    recurring: dict[tuple, tuple[str, str]] = {}

    def plain(row: dict, offset: int) -> str:
        row = dict(row)
        del row["sentence"]
        row["value"] = json_value(row["value"])
        if offset:
            row["start"] += offset
            row["end"] += offset
        return encode(row)

    def line(row: dict, offset: int) -> str:
        if tuple(row) != MENTION_KEYS:
            return plain(row, offset)
        # (every value unpacked by name: no list or tuple built for the recurring part)
        doc, quote, subject, value, unit, kind, approx, target, place, code, source, period, ind, start, end, _ = (
            row.values()
        )
        if (
            value.__class__ is not Decimal
            or quote.__class__ is not str
            or subject.__class__ is not str
            or start.__class__ is not int
            or end.__class__ is not int
            or (target is not True and target is not False)  # (True == 1: a bool only, for the key)
        ):
            return plain(row, offset)
        # `json_value(value)` as JSON, written out (every line): an integral Decimal of exponent 0
        # (most figures: `_mention` quantizes them) prints as its int; others take the conversions.
        number = str(value)
        if not (number.isdigit() or (number[0] == "-" and number[1:].isdigit() and number != "-0")):
            whole = int(value)
            if whole == value:
                number = str(whole)
            else:
                as_float = float(value)
                if not math.isfinite(as_float):
                    return plain(row, offset)
                number = repr(as_float)
        key = (doc, unit, kind, approx, target, place, code, source, period, ind)
        try:
            parts = recurring.get(key)
        except TypeError:  # a value that is no str, None or bool
            return plain(row, offset)
        if parts is None:
            middle = key[1:]
            if doc.__class__ is not str or not all(v is None or v.__class__ is str for v in (*middle[:3], *middle[4:])):
                return plain(row, offset)
            if len(recurring) >= _MANY_RECURRING:
                recurring.clear()
            text = encode(dict(zip(_RECURRING_KEYS, middle, strict=True)))
            parts = recurring[key] = (f'{{"doc": {string(doc)}, "quote": ', f", {text[1:-1]}, ")
        return (
            f'{parts[0]}{string(quote)}, "subject": {string(subject)}, '
            f'"value": {number}{parts[1]}"start": {start + offset}, "end": {end + offset}}}'
        )

    return line


def _chunks(text: str, size: int = CHUNK_CHARS):
    """Split a huge text at line breaks so memory stays bounded; articles are one chunk."""
    start = 0
    while len(text) - start > size:
        cut = text.rfind("\n", start + size // 2, start + size)
        cut = start + size if cut < 0 else cut + 1
        yield start, text[start:cut]
        start = cut
    yield start, text[start:]


def run(args: argparse.Namespace) -> int:
    if args.region is not None and not (args.region.isdigit() and len(args.region) == 6):
        print(f"provind extract: --region must be a six-digit code, got {args.region!r}", file=sys.stderr)
        return 2
    # Extraction makes many small objects (figures, hits, mentions, lines) that live for one chunk
    # and are freed by reference counting. With the collector's default first threshold (700
    # allocations) it traverses the live ones again and again: some 1.5 per cent of the command's
    # work. It only ever finds reference cycles, which extraction hardly makes, so passes every
    # 50,000 allocations leave memory as it was.
    thresholds = gc.get_threshold()
    gc.set_threshold(_GC_THRESHOLD, *thresholds[1:])
    try:
        return _extract_files(args)
    finally:
        gc.set_threshold(*thresholds)


def _page_tables(body: bytes, name: str, args: argparse.Namespace) -> tuple[str | None, list[dict]]:
    """(the page's title, its table cells) for an HTML page, as the pipeline reads a fetched page.

    A saved web page is read as the nightly reads it: its tables and dashboards cell by cell
    (`provind.stats`: the label is the subject, the unit and period come from the headers and
    the caption), its title as context for the text's figures. A text file, or a file larger
    than a web page (`MAX_PAGE_BYTES`: a dump of markup, read as text alone): (None, []).
    """
    from provind.crawl.content import media_type

    if len(body) > MAX_PAGE_BYTES or media_type(body[:4096], None, name) not in HTML_TYPES:
        return None, []
    from bs4 import BeautifulSoup

    from provind.crawl.article_title import extract_title
    from provind.crawl.parse import decode_html
    from provind.stats.tables import observations_from_soup

    soup = BeautifulSoup(decode_html(body)[0], "lxml")  # one parse for the title and the tables
    try:
        cells = observations_from_soup(soup, published=args.published, region_code=args.region, doc=name)
    except Exception as exc:  # (as in the pipeline: an unreadable table never costs the text's figures)
        print(f"provind extract: {name}: tables not read: {type(exc).__name__}: {exc}", file=sys.stderr)
        cells = []
    return extract_title(soup) or None, cells


def _extract_files(args: argparse.Namespace) -> int:
    """Print the mentions of each file of `args.files`; the exit status."""
    from provind.extract import extract_mentions
    from provind.textprep import UndecodableTextError, decode_bytes

    status = 0
    out = sys.stdout
    encode = mention_encoder()
    for name in args.files:
        path = Path(name)
        try:
            size = path.stat().st_size
            if size > MAX_BYTES:
                raise ValueError(f"file is {size} bytes, more than the {MAX_BYTES}-byte limit")
            body = path.read_bytes()
            text = decode_bytes(body)
        except (OSError, UndecodableTextError, ValueError) as exc:
            print(f"provind extract: {name}: {exc}", file=sys.stderr)
            status = 1
            continue
        try:
            page_title, cells = _page_tables(body, path.name, args)
            del body  # (the text is what is read from here on: a 20 MB file is not held twice)
            title = args.title or page_title
            if cells:
                from provind.stats import drop_rendered  # (a text file never imports the table reader)
            for offset, chunk in _chunks(text):
                mentions = extract_mentions(
                    chunk, doc=path.name, published=args.published, region_code=args.region, title=title
                )
                lines = [encode(row, offset) for row in (drop_rendered(mentions, cells) if cells else mentions)]
                if lines:
                    lines.append("")
                    out.write("\n".join(lines))
            # a table's cells have no offset in the text (start and end are -1), as in raw.mentions
            lines = [encode({key: cell.get(key) for key in MENTION_KEYS}, 0) for cell in cells]
            if lines:
                lines.append("")
                out.write("\n".join(lines))
            out.flush()
        except BrokenPipeError:
            # The reader went away (`| head`): stop quietly, as Unix tools do.
            sys.stderr.close()
            return status
        except Exception as exc:  # a bug must not become a traceback on a user's terminal
            print(f"provind extract: {name}: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
            status = 1
    return status
