"""`provind quarantine list|release`: see what gate 1 holds back, and release it on purpose.

    provind quarantine list [--check NAME] [--article ID|URL] [--run RUN] [--row ID ...] [--released] [--json]
    provind quarantine release (--check NAME | --article ID|URL | --run RUN | --row ID ...) --by WHO --why TEXT

Selectors combine (all must match). `release --run RUN` alone releases the batch hold that
run raised (its rejected batch, accepted as it is); rows held by their own row checks stay
held unless selected by `--check`, `--article` or `--row` too. A release is recorded with
who, why and when, and lasts while the row's content is unchanged (see `provind.quarantine`).
It takes effect at the next run, which publishes the released rows.
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from decimal import Decimal
from typing import Any

DESCRIPTION = """\
See what the gates hold back from the published marts, and why; release rows on purpose.
Gate 1 holds a figure that fails a row check (an impossible value, a 万/亿 slip, a place
that no longer existed, a result for a period after its article), and holds a whole batch
when too much of it fails. Held rows stay out of the marts until their article is
corrected or someone releases them here; a release records who, why and when."""

EXAMPLES = """\
examples:
  provind quarantine list                               everything held now, as a table
  provind quarantine list --check no_scale_slip --json  one check's holds, every field
  provind quarantine list --article https://amr.example.gov.cn/art/2024/1/5/art_1.html
  provind quarantine release --check in_line_with_peers --article ID --by 王工 --why "checked with the bureau"
  provind quarantine release --run manual__2024-05-11T02:00:00 --by 王工 --why "the batch is right as it is"
"""

LIST_EXAMPLES = """\
examples:
  provind quarantine list
  provind quarantine list --check period_not_after_publication --released
  provind quarantine list --run scheduled__2024-05-10T16:00:00+00:00 --json"""

RELEASE_EXAMPLES = """\
examples:
  provind quarantine release --row 3f2a9c... --by 王工 --why "the bureau confirmed the figure"
  provind quarantine release --run manual__2024-05-11T02:00:00 --by 王工 --why "accept the rejected batch as it is"
"""

# (heading, field, widest) of the table `list` prints; wide enough to read, narrow enough for a terminal
COLUMNS = (
    ("check", "check_name", 26),
    ("reason", "reason", 40),
    ("quote", "quote", 30),
    ("value", "value", 14),
    ("unit", "unit", 8),
    ("region", "region_code", 6),
    ("period", "period", 17),
    ("article URL", "article_url", 60),
    ("since", "quarantined_at", 16),
)
RELEASE_COLUMNS = (("released", "released_at", 16), ("by", "released_by", 12), ("why", "release_reason", 40))


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION", title="actions", help="list or release")
    listing = sub.add_parser(
        "list",
        help="what is held back now, and why",
        description="List the rows gate 1 holds back now: check, reason, quote, value, unit, region, period, article.",
        epilog=LIST_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _selectors(listing)
    listing.add_argument("--released", action="store_true", help="also rows released since (by whom, why, when)")
    listing.add_argument("--json", action="store_true", help="one JSON array of holds, every field")
    release = sub.add_parser(
        "release",
        help="release held rows on purpose, recording who and why",
        description="Release held rows on purpose, recording who and why; the next run publishes them.",
        epilog=RELEASE_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _selectors(release)
    release.add_argument("--by", required=True, metavar="WHO", help="who releases (a name or e-mail)")
    release.add_argument("--why", required=True, metavar="TEXT", help="why the rows may be published")


def _selectors(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--check", metavar="NAME", help="a check, e.g. ratio_within_0_100 or quarantined_share")
    parser.add_argument("--article", metavar="ID", help="an article id or URL")
    parser.add_argument("--run", metavar="RUN", help="a run id: holds that run raised or confirmed")
    parser.add_argument("--row", nargs="+", action="extend", default=[], metavar="ID", help="row ids (mention ids)")


def run(args: argparse.Namespace) -> int:
    import duckdb

    from provind import config, quarantine, warehouse

    if not config.warehouse_path().exists():
        print(f"no warehouse at {config.warehouse_path()}: nothing is held", file=sys.stderr)
        return 1 if args.action == "release" else 0
    selectors = {"check": args.check, "article": args.article, "run": args.run, "rows": args.row}
    if args.action == "release" and not any(selectors.values()):
        print("say what to release: --check, --article, --run or --row", file=sys.stderr)
        return 2
    try:
        with warehouse.connect(read_only=args.action == "list") as con:
            if args.action == "list":
                rows = quarantine.holds(con, released=args.released, **selectors)
                print(_as_json(rows) if args.json else _as_table(rows, args.released))
                return 0
            from provind import schema

            con.execute(schema.META_DDL)  # an older warehouse gains the release columns
            released = quarantine.release(con, by=args.by, why=args.why, **selectors)
    except quarantine.NothingToRelease as exc:
        print(f"nothing released: {exc}", file=sys.stderr)
        return 1
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except duckdb.BinderException as exc:  # listed read-only, a warehouse of an older release lacks columns
        print(f"the warehouse predates releases: the next gate run (or a release) upgrades it ({exc})")
        return 1
    except duckdb.IOException as exc:  # DuckDB has one writer: a pipeline task holds the file
        print(f"the warehouse is in use (a pipeline task is writing it?); try again when it is done: {exc}")
        return 1
    total = sum(released.values())
    by_check = ", ".join(f"{name} {n}" for name, n in sorted(released.items()))
    print(f"released {total} held rows ({by_check}) by {args.by}: {args.why}")
    print("the next run publishes them (a change to a row's content makes it a new row to judge)")
    return 0


def _as_json(rows: list[dict[str, Any]]) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=2, default=_plain)


def _as_table(rows: list[dict[str, Any]], released: bool) -> str:
    if not rows:
        return "nothing held" if not released else "nothing held or released"
    columns = COLUMNS + (RELEASE_COLUMNS if released else ())
    cells = [[_cell(row.get(field), widest) for _, field, widest in columns] for row in rows]
    widths = [max(_width(h), *(_width(r[i]) for r in cells)) for i, (h, _, _) in enumerate(columns)]
    lines = [_line([h for h, _, _ in columns], widths), _line(["-" * w for w in widths], widths)]
    lines += [_line(r, widths) for r in cells]
    lines.append(f"{len(rows)} holds")
    return "\n".join(lines)


def _cell(value: Any, widest: int) -> str:
    text = "" if value is None else str(_plain(value))
    text = " ".join(text.split())  # quotes and reasons on one line
    if _width(text) <= widest:
        return text
    out = ""
    for ch in text:
        if _width(out + ch) > widest - 1:
            break
        out += ch
    return out + "…"


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if hasattr(value, "isoformat"):
        return value.isoformat(sep=" ", timespec="minutes") if hasattr(value, "hour") else value.isoformat()
    return value


def _width(text: str) -> int:
    """Columns a string takes in a terminal: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _line(cells: list[str], widths: list[int]) -> str:
    return "  ".join(c + " " * (w - _width(c)) for c, w in zip(cells, widths, strict=True)).rstrip()
