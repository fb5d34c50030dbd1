#!/usr/bin/env python3
"""Generate ``dbt_project/seeds/cn_holidays.csv`` from the ``chinese_calendar`` package.

One row per special day of the Chinese public-holiday calendar, for every year
the installed ``chinese_calendar`` covers:

* a statutory holiday or bridging day off: ``is_holiday=true``, ``is_workday_shift=false``;
* a weekend day turned into a working day (调休上班): ``is_holiday=false``,
  ``is_workday_shift=true``.

Ordinary weekdays and weekends are not listed; ``dim_date`` derives them from the
calendar.  ``holiday_name`` is the Chinese name of the festival the day belongs to.

Run from the repository root (reproducible for a given package version)::

    .venv/bin/python scripts/gen_holidays.py [--out PATH]
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

import chinese_calendar

DEFAULT_OUT = Path(__file__).resolve().parents[1] / "dbt_project" / "seeds" / "cn_holidays.csv"

NAMES_ZH = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}


def build_rows() -> list[list[str]]:
    rows = []
    for day, name in chinese_calendar.holidays.items():
        rows.append([day.isoformat(), NAMES_ZH.get(name, name), "true", "false"])
    for day, name in chinese_calendar.workdays.items():
        if day.weekday() < 5:  # the package also lists ordinary weekdays in some versions
            continue
        rows.append([day.isoformat(), NAMES_ZH.get(name, name), "false", "true"])
    rows.sort()
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    rows = build_rows()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["date", "holiday_name", "is_holiday", "is_workday_shift"])
        writer.writerows(rows)
    years = sorted({r[0][:4] for r in rows})
    print(
        f"wrote {len(rows)} days ({years[0]}-{years[-1]}, chinese_calendar "
        f"{chinese_calendar.__version__}) to {args.out}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
