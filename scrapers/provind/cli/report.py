"""`provind report`: write the HTML report of the published marts and print its path."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

DESCRIPTION = """\
Write the HTML report of the published marts: per indicator domain, bar charts of the
latest value by region and line charts of time series, every point linking to its
source article, and the last run's gate outcomes. One self-contained page (inline SVG
and CSS, no JavaScript), written atomically; its path is printed. The nightly's
provind_report DAG writes the same page after each publish."""

EXAMPLES = """\
examples:
  provind report                                   data/marts.duckdb -> data/report/index.html
  provind report --marts /srv/provind/marts.duckdb --out /tmp/report
  xdg-open "$(provind report)"                     write it and open it"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--marts",
        type=Path,
        default=None,
        metavar="FILE",
        help="the published marts (default: $PROVIND_DATA_DIR/marts.duckdb)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        metavar="DIR",
        help="directory to write index.html in (default: $PROVIND_DATA_DIR/report)",
    )


def run(args: argparse.Namespace) -> int:
    from provind.report import build_report

    try:
        print(build_report(args.marts, args.out))
    except FileNotFoundError as exc:  # nothing published yet
        print(f"provind report: {exc}", file=sys.stderr)
        return 1
    return 0
