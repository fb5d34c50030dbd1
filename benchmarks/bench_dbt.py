"""Full and incremental `dbt build` of the star schema on a large generated corpus.

    python benchmarks/bench_dbt.py [--articles 10000] [--new-percent 1] [--corrections 0]

1. `scripts/gen_corpus.py` lands `--articles` articles (real demo sentences
   recombined across China, mentions from the real extractor) in a scratch
   warehouse;
2. `dbt build` on it: the first, full build (seeds, models, snapshot, every test);
3. `--new-percent` more articles land (plus `--corrections` re-published ones),
   and `dbt build` runs again: the incremental build;
4. `dbt build --full-refresh` on the same data: the full build it is measured
   against (same data, same warm start), checked equal to the incremental fact table.

Steps 3 and 4 start from a copy of the same warehouse and run `--repeat` times;
the best times count (the machine may be shared).

Prints wall times (process start to exit), their ratio, rows per second, and
the fact table's own build time in each run (from run_results.json), which is
where the incremental logic acts; the rest of a build (start-up and parsing,
seeds, the dimensions, the BI marts, ~100 tests) costs about the same at every size.
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
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
PROJECT = ROOT / "dbt_project"
DBT = Path(sys.executable).with_name("dbt")
FACT = "model.provind.fct_indicator_observation"
sys.path.insert(0, str(ROOT / "scripts"))

from gen_corpus import generate  # noqa: E402


def dbt_build(warehouse: Path, work: Path, name: str, *args: str) -> tuple[float, dict]:
    env = {**os.environ, "PROVIND_WAREHOUSE": str(warehouse), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    target = work / name
    cmd = [
        str(DBT),
        "build",
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
        raise SystemExit(f"dbt build {' '.join(args)} failed:\n{proc.stdout[-4000:]}\n{proc.stderr[-2000:]}")
    results = json.loads((target / "run_results.json").read_text())
    return elapsed, {r["unique_id"]: r["execution_time"] for r in results["results"]}


def models_time(times: dict) -> float:
    return sum(t for node, t in times.items() if node.startswith(("model.", "snapshot.", "seed.")))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--new-percent", type=float, default=1.0)
    ap.add_argument("--corrections", type=int, default=0, help="corrected re-publications in the new batch")
    ap.add_argument("--repeat", type=int, default=2, help="best of this many incremental and full builds")
    ap.add_argument("--keep", action="store_true", help="keep the scratch warehouse and print its path")
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
        first_wall, _ = dbt_build(warehouse, work, "first")
        new = max(1, round(args.articles * args.new_percent / 100))
        batch = generate(warehouse, new, start=args.articles, corrections=args.corrections)
        base = work / "base.duckdb"  # built for the first batch, new batch landed, not built yet
        shutil.copyfile(warehouse, base)

        # the same incremental build, and the same full refresh, from the same state: best of --repeat
        incr_wall = full_wall = float("inf")
        incr: dict = {}
        full: dict = {}
        for attempt in range(args.repeat):
            shutil.copyfile(base, warehouse)
            wall, times = dbt_build(warehouse, work, f"incremental-{attempt}")
            if wall < incr_wall:
                incr_wall, incr = wall, times
            con = duckdb.connect(str(warehouse))
            con.execute(
                "CREATE OR REPLACE TABLE main.bench_incremental AS SELECT * FROM marts.fct_indicator_observation"
            )
            con.close()
            wall, times = dbt_build(warehouse, work, f"full-{attempt}", "--full-refresh")
            if wall < full_wall:
                full_wall, full = wall, times

        con = duckdb.connect(str(warehouse))
        facts = con.execute("SELECT count(*) FROM marts.fct_indicator_observation").fetchone()[0]
        mentions = con.execute("SELECT count(*) FROM raw.mentions").fetchone()[0]
        differ = con.execute("""
            SELECT count(*) FROM (
                (SELECT * FROM main.bench_incremental EXCEPT ALL SELECT * FROM marts.fct_indicator_observation)
                UNION ALL
                (SELECT * FROM marts.fct_indicator_observation EXCEPT ALL SELECT * FROM main.bench_incremental))
        """).fetchone()[0]
        con.close()

        print(
            f"new batch       {batch['articles']:,} articles ({args.new_percent:g}%,"
            f" {batch['corrections']} corrections), {batch['mentions']:,} mentions"
        )
        print(f"first build     {first_wall:7.2f} s wall   (fresh warehouse, dbt build)")
        print(
            f"full build      {full_wall:7.2f} s wall   (best of {args.repeat}: dbt build --full-refresh,"
            f" {facts:,} facts from {mentions:,} mentions)"
        )
        print(
            f"incremental     {incr_wall:7.2f} s wall   (best of {args.repeat}: dbt build after"
            f" +{args.new_percent:g}% articles)"
        )
        print(f"ratio           {incr_wall / full_wall:7.3f}     (incremental / full, whole build)")
        print(
            f"rows/s          {facts / full_wall:9,.0f} facts/s, {mentions / full_wall:,.0f} mentions/s"
            " (full build, wall)"
        )
        print(
            f"fact table      full {full[FACT]:.2f} s, incremental {incr[FACT]:.2f} s,"
            f" ratio {incr[FACT] / full[FACT]:.3f}; {facts / full[FACT]:,.0f} facts/s"
        )
        print(
            f"models+seeds    full {models_time(full):.2f} s, incremental {models_time(incr):.2f} s,"
            f" ratio {models_time(incr) / models_time(full):.3f}"
        )
        print(f"incremental == full refresh: {'yes' if differ == 0 else f'NO ({differ} rows differ)'}")
        if args.keep:
            print(f"warehouse       {warehouse}")
        return 0 if differ == 0 else 1
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
