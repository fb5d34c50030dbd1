"""`python -m provind.report`: the same as `provind report` (see provind.cli.report)."""

from __future__ import annotations

import sys

from provind.cli import main

if __name__ == "__main__":
    raise SystemExit(main(["report", *sys.argv[1:]]))
