"""Full and incremental `dbt build` of the star schema on a large generated corpus.

    python benchmarks/bench_dbt.py [--articles 10000] [--new-percent 1] [--corrections 0]

1. `scripts/gen_corpus.py` lands `--articles` articles (real demo sentences
   recombined across China and 2015-2025, mentions from the real extractor) in a
   scratch warehouse, and `dbt build` builds it (seeds, models, snapshot, tests);
2. `--new-percent` more articles land, in two ways, each on a copy of that warehouse:
   - *spread*: like the corpus, anywhere in China, any day of ten years (the worst
     case for the BI marts: a few hundred articles touch a large share of their
     partitions);
   - *night*: what a night's crawl brings, Shandong bureaus' articles of the last week;
   plus `--corrections` re-published old articles in both;
3. the nightly `dbt build` (as the DAG runs it: the project parsed beforehand, unit
   tests left to CI) on each, then `dbt build --full-refresh` of the same data: the
   full build it is measured against, checked equal to the incremental tables.

Builds run `--repeat` times from the same copy; the best times count (the machine may
be shared). Prints wall times (process start to exit) and dbt's own elapsed time (no
interpreter start-up, no parsing), their ratios, rows per second, the floor (a build
that selects nothing: what any `dbt build` costs before it does anything), and where
the time goes: the fact table, the BI marts, all models, the data tests.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
PROJECT = ROOT / "dbt_project"
DBT = Path(sys.executable).with_name("dbt")
FACT = "model.provind.fct_indicator_observation"
BI_MARTS = [
    "model.provind.mart_indicator_time_series",
    "model.provind.mart_latest_indicator_value",
    "model.provind.mart_city_comparison",
]
COMPARED = ["fct_indicator_observation"] + [m.rsplit(".", 1)[1] for m in BI_MARTS]
ELAPSED = "elapsed"
# What the nightly DAG leaves out (dags/provind_nightly.py): unit tests check SQL logic, not data,
# so they run in CI (`make test`) and whenever someone builds by hand, not every night.
NIGHTLY_EXCLUDES = "unit_test"
NOTHING = "tag:bench_selects_nothing"  # no node has this tag
sys.path.insert(0, str(ROOT / "scripts"))

from gen_corpus import generate  # noqa: E402


def dbt(warehouse: Path, work: Path, name: str, command: str, *args: str) -> tuple[float, dict]:
    """Run one dbt command as the nightly DAG does: unit tests left to CI, the project parsed beforehand."""
    env = {
        **os.environ,
        "PROVIND_WAREHOUSE": str(warehouse),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "DBT_EXCLUDE_RESOURCE_TYPES": NIGHTLY_EXCLUDES,
    }
    target = work / name
    parsed = work / "parsed" / "partial_parse.msgpack"
    if parsed.exists():  # like `make manifest` before a run: dbt re-parses only what changed
        target.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(parsed, target / "partial_parse.msgpack")
    cmd = [
        str(DBT),
        command,
        *args,
        "--profiles-dir",
        str(PROJECT),
        "--project-dir",
        str(PROJECT),
        "--target",
        "duckdb",
        "--target-path",
        str(target),
        "--log-path",
        str(target / "logs"),
        "--quiet",
    ]
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=PROJECT, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"dbt {command} {' '.join(args)} failed:\n{proc.stdout[-4000:]}\n{proc.stderr[-2000:]}")
    if command != "build":
        return elapsed, {}
    results = json.loads((target / "run_results.json").read_text())
    times = {r["unique_id"]: r["execution_time"] for r in results["results"]}
    times[ELAPSED] = results["elapsed_time"]  # dbt's own clock: the build without interpreter start and parse
    return elapsed, times


def dbt_build(warehouse: Path, work: Path, name: str, *args: str) -> tuple[float, dict]:
    return dbt(warehouse, work, name, "build", *args)


def models_time(times: dict) -> float:
    return sum(t for node, t in times.items() if node.startswith(("model.", "snapshot.", "seed.")))


def tests_time(times: dict) -> float:
    return sum(t for node, t in times.items() if node.startswith(("test.", "unit_test.")))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--new-percent", type=float, default=1.0)
    ap.add_argument("--corrections", type=int, default=0, help="corrected re-publications in the new batch")
    ap.add_argument("--repeat", type=int, default=2, help="best of this many incremental and full builds")
    ap.add_argument("--keep", action="store_true", help="keep the scratch warehouses and print their folder")
    args = ap.parse_args()

    work = Path(tempfile.mkdtemp(prefix="provind-bench-dbt-"))
    warehouse = work / "warehouse.duckdb"
    try:
        start = time.perf_counter()
        corpus = generate(warehouse, args.articles, start=0)
        print(
            f"corpus          {corpus['articles']:,} articles, {corpus['mentions']:,} mentions"
            f" generated in {time.perf_counter() - start:.1f} s"
        )
        dbt(warehouse, work, "parsed", "parse")
        first_wall, _ = dbt_build(warehouse, work, "first")
        print(f"first build     {first_wall:7.2f} s wall   (fresh warehouse, dbt build)")
        built = work / "built.duckdb"
        shutil.copyfile(warehouse, built)

        new = max(1, round(args.articles * args.new_percent / 100))
        night = date(2025, 7, 7)  # the week after the corpus' last day
        ok = True
        for scenario, batch_night in (("spread", None), ("night", night)):
            shutil.copyfile(built, warehouse)
            batch = generate(
                warehouse,
                new,
                start=args.articles,
                corrections=args.corrections,
                night=batch_night,
                run_id=f"bench-{scenario}",
            )
            print(
                f"\n[{scenario}] +{batch['articles']:,} articles ({args.new_percent:g}%,"
                f" {batch['corrections']} corrections), {batch['mentions']:,} mentions"
            )
            ok &= measure(warehouse, work, scenario, args.repeat)
        if args.keep:
            print(f"\nwarehouses      {work}")
        return 0 if ok else 1
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def measure(warehouse: Path, work: Path, scenario: str, repeat: int) -> bool:
    """Nightly build and full refresh of the landed batch, best of `repeat`; prints the figures."""
    base = work / f"base-{scenario}.duckdb"  # the new batch landed, not built yet
    shutil.copyfile(warehouse, base)
    incr_wall = full_wall = floor_wall = float("inf")
    incr: dict = {}
    full: dict = {}
    for attempt in range(repeat):
        # the floor: a `dbt build` that selects nothing still starts Python, imports dbt, reads the
        # parsed project and connects; no nightly build can cost less
        floor_wall = min(floor_wall, dbt_build(warehouse, work, f"{scenario}-floor-{attempt}", "--select", NOTHING)[0])
        shutil.copyfile(base, warehouse)
        wall, times = dbt_build(warehouse, work, f"{scenario}-incremental-{attempt}")
        if wall < incr_wall:
            incr_wall, incr = wall, times
        con = duckdb.connect(str(warehouse))
        for mart in COMPARED:
            con.execute(f"CREATE OR REPLACE TABLE main.bench_{mart} AS SELECT * FROM marts.{mart}")
        con.close()
        wall, times = dbt_build(warehouse, work, f"{scenario}-full-{attempt}", "--full-refresh")
        if wall < full_wall:
            full_wall, full = wall, times

    con = duckdb.connect(str(warehouse))
    facts = con.execute("SELECT count(*) FROM marts.fct_indicator_observation").fetchone()[0]
    mentions = con.execute("SELECT count(*) FROM raw.mentions").fetchone()[0]
    differ = {
        mart: con.execute(f"""
            SELECT count(*) FROM (
                (SELECT * FROM main.bench_{mart} EXCEPT ALL SELECT * FROM marts.{mart})
                UNION ALL
                (SELECT * FROM marts.{mart} EXCEPT ALL SELECT * FROM main.bench_{mart}))
        """).fetchone()[0]
        for mart in COMPARED
    }
    con.close()

    print(f"full build      {full_wall:7.2f} s wall   ({facts:,} facts from {mentions:,} mentions)")
    print(f"incremental     {incr_wall:7.2f} s wall")
    print(f"ratio           {incr_wall / full_wall:7.3f}     (incremental / full, whole build, wall)")
    print(
        f"floor           {floor_wall:7.2f} s wall   (a build that selects nothing: the least any build costs,"
        f" {floor_wall / full_wall:.3f} of the full build)"
    )
    print(
        f"dbt elapsed     full {full[ELAPSED]:.2f} s, incremental {incr[ELAPSED]:.2f} s,"
        f" ratio {incr[ELAPSED] / full[ELAPSED]:.3f}  (dbt's own clock: no interpreter start-up, no parse)"
    )
    print(
        f"rows/s          {facts / full_wall:9,.0f} facts/s, {mentions / full_wall:,.0f} mentions/s (full build, wall)"
    )
    print(
        f"fact table      full {full[FACT]:.2f} s, incremental {incr[FACT]:.2f} s,"
        f" ratio {incr[FACT] / full[FACT]:.3f}; {facts / full[FACT]:,.0f} facts/s"
    )
    marts_full, marts_incr = (sum(t[m] for m in BI_MARTS) for t in (full, incr))
    print(
        f"BI marts        full {marts_full:.2f} s, incremental {marts_incr:.2f} s, ratio {marts_incr / marts_full:.3f}"
    )
    print(
        f"models+seeds    full {models_time(full):.2f} s, incremental {models_time(incr):.2f} s,"
        f" ratio {models_time(incr) / models_time(full):.3f}"
    )
    print(
        f"tests           full {tests_time(full):.2f} s, incremental {tests_time(incr):.2f} s"
        f" ({sum(1 for n in incr if n.startswith('test.'))} data tests)"
    )
    wrong = {mart: n for mart, n in differ.items() if n}
    print(f"incremental == full refresh: {'yes (fact table and BI marts)' if not wrong else f'NO {wrong}'}")
    return not wrong


if __name__ == "__main__":
    raise SystemExit(main())
