#!/usr/bin/env python3
"""Generate ``dbt_project/seeds/cn_holidays.csv`` from the ``chinese_calendar`` package.

One row per special day of the Chinese public-holiday calendar, from 2004 through
``THROUGH`` (the end of that year):

* a statutory holiday or bridging day off: ``is_holiday=true``, ``is_workday_shift=false``;
* a weekend day turned into a working day (调休上班): ``is_holiday=false``,
  ``is_workday_shift=true``.

Ordinary weekdays and weekends are not listed; ``dim_date`` derives them from the
calendar.  ``holiday_name`` is the Chinese name of the festival the day belongs to.

``is_official`` says where a row comes from:

* ``true``: the State Council's published arrangement for that year, as the installed
  ``chinese_calendar`` (PyPI ``chinesecalendar``) carries it, bridging days and 调休
  working weekends included;
* ``false``: a year the installed package does not cover yet (the State Council
  announces year Y in November or December of Y-1; the package follows). For such a
  year only the statutory days off of the 全国年节及纪念日放假办法 (as revised in
  2024, 13 days) are written, from the Gregorian dates of the lunar festivals in
  ``LUNAR_FESTIVALS``: no bridging days and no 调休 working weekends, which nobody
  can know before the announcement. ``dim_date`` counts such a year as not known
  (``is_holiday_calendar_known = false``).

A year between 2004 and ``THROUGH`` that is neither covered by the package nor listed
in ``LUNAR_FESTIVALS`` stops the script with an error naming it: the seed is never
silently short of a year. When a newer ``chinesecalendar`` is out, upgrade it
(``uv lock --upgrade-package chinesecalendar && uv sync``) and run this again; the
year becomes official.

Run from the repository root (reproducible for a given package version)::

    .venv/bin/python scripts/gen_holidays.py [--out PATH] [--through YEAR]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import sys
from pathlib import Path

import chinese_calendar

DEFAULT_OUT = Path(__file__).resolve().parents[1] / "dbt_project" / "seeds" / "cn_holidays.csv"
FIRST_YEAR = 2004  # the first year chinese_calendar covers
THROUGH = 2027  # the last year the seed must cover: raise it each autumn

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

# Gregorian dates of 农历正月初一 (春节), 五月初五 (端午节) and 八月十五 (中秋节) for the years
# the installed chinese_calendar does not cover yet (checked against the lunardate and zhdate
# packages). Add the next year here, or upgrade chinesecalendar, when THROUGH moves on.
LUNAR_FESTIVALS: dict[int, dict[str, dt.date]] = {
    2027: {"春节": dt.date(2027, 2, 6), "端午节": dt.date(2027, 6, 9), "中秋节": dt.date(2027, 9, 15)},
}

HEADER = ["date", "holiday_name", "is_holiday", "is_workday_shift", "is_official"]


class MissingYear(Exception):
    """A year the seed must cover that neither the package nor LUNAR_FESTIVALS knows."""


def official_years() -> set[int]:
    return {day.year for day in chinese_calendar.holidays}


def official_rows(years: set[int]) -> list[list[str]]:
    rows = []
    for day, name in chinese_calendar.holidays.items():
        if day.year in years:
            rows.append([day.isoformat(), NAMES_ZH.get(name, name), "true", "false", "true"])
    for day, name in chinese_calendar.workdays.items():
        if day.year not in years or day.weekday() < 5:  # the package also lists ordinary weekdays
            continue
        rows.append([day.isoformat(), NAMES_ZH.get(name, name), "false", "true", "true"])
    return rows


def statutory_days(year: int) -> list[tuple[dt.date, str]]:
    """The 13 statutory days off of one year (the 2024 revision, in force since 2025), without bridging days."""
    lunar = LUNAR_FESTIVALS[year]
    qingming = [day for day, term in chinese_calendar.get_solar_terms(dt.date(year, 4, 1), dt.date(year, 4, 10))]
    spring = lunar["春节"]
    return [
        (dt.date(year, 1, 1), "元旦"),
        *[(spring + dt.timedelta(days=offset), "春节") for offset in (-1, 0, 1, 2)],  # 除夕 and 初一 to 初三
        (qingming[0], "清明节"),
        (dt.date(year, 5, 1), "劳动节"),
        (dt.date(year, 5, 2), "劳动节"),
        (lunar["端午节"], "端午节"),
        (lunar["中秋节"], "中秋节"),
        *[(dt.date(year, 10, day), "国庆节") for day in (1, 2, 3)],
    ]


def provisional_rows(year: int) -> list[list[str]]:
    return [[day.isoformat(), name, "true", "false", "false"] for day, name in statutory_days(year)]


def build_rows(through: int = THROUGH) -> tuple[list[list[str]], list[int]]:
    """Every row from FIRST_YEAR through `through`, and the years that are provisional."""
    official = official_years() & set(range(FIRST_YEAR, through + 1))
    rows = official_rows(official)
    provisional = []
    for year in range(FIRST_YEAR, through + 1):
        if year in official:
            continue
        if year not in LUNAR_FESTIVALS:
            raise MissingYear(
                f"{year}: chinesecalendar {chinese_calendar.__version__} has no holidays for it (it covers "
                f"{min(official_years())}-{max(official_years())}) and LUNAR_FESTIVALS in {Path(__file__).name} "
                "has no lunar festival dates for it; upgrade the package (uv lock --upgrade-package "
                "chinesecalendar) or add the year's 春节, 端午节 and 中秋节 dates"
            )
        rows.extend(provisional_rows(year))
        provisional.append(year)
    rows.sort()
    return rows, provisional


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--through", type=int, default=THROUGH, help=f"last year to cover (default {THROUGH})")
    args = parser.parse_args(argv)
    try:
        rows, provisional = build_rows(args.through)
    except MissingYear as exc:
        print(f"gen_holidays: {exc}", file=sys.stderr)
        return 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows(rows)
    print(
        f"wrote {len(rows)} days ({FIRST_YEAR}-{args.through}, chinese_calendar "
        f"{chinese_calendar.__version__}) to {args.out}",
        file=sys.stderr,
    )
    if provisional:
        print(
            f"gen_holidays: PROVISIONAL (statutory days only, no bridging days or 调休): "
            f"{', '.join(map(str, provisional))}; upgrade chinesecalendar once the State Council publishes them",
            file=sys.stderr,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
