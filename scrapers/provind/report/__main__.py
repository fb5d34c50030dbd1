"""`python -m provind.report [MARTS] [OUT_DIR]`: write the report and print its path."""

from __future__ import annotations

import sys
from pathlib import Path

from provind.report import build_report


def main(argv: list[str]) -> int:
    marts = Path(argv[0]) if argv else None
    out = Path(argv[1]) if len(argv) > 1 else None
    print(build_report(marts, out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
