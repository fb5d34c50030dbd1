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
import sys
from datetime import date
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
    from provind.extract.jsonl import MENTION_KEYS, mention_encoder

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
