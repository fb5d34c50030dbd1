"""Gate 1 on a generated corpus: what each check holds back, and what the gate costs a night.

    .venv/bin/python benchmarks/bench_gates.py                  # 2,000 articles
    .venv/bin/python benchmarks/bench_gates.py --articles 10000

`scripts/gen_corpus.py` lands the articles (real demo sentences recombined across China,
mentions from the real extractor) into a scratch warehouse; then the nightly's gate 1
(`provind.gates.gate_raw`) runs twice: a first night that judges everything, and a second,
unchanged night (the steady state: nothing new, every verdict kept). Prints the seconds of
each, the mentions judged per second, and the rows each check holds back.

The generated corpus is not clean: the generator moves a sentence's year with its article's
date but not its months, so a `1-8月` figure can land in an April article; those are held
by `period_not_after_publication`, rightly for the data as generated.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from gen_corpus import generate  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=2000)
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="provind-bench-gates-") as scratch:
        data = Path(scratch) / "data"
        os.environ["PROVIND_DATA_DIR"] = str(data)
        from provind import config, gates, warehouse
        from provind_expectations.runner import GateFailed

        started = time.perf_counter()
        generate(config.warehouse_path(), args.articles, run_id="night-1")
        print(f"corpus: {args.articles} articles generated in {time.perf_counter() - started:.1f} s")
        with warehouse.connect() as con:
            mentions = con.execute("SELECT count(*) FROM raw.mentions").fetchone()[0]

        rows = []
        for night in ("night-1", "night-2"):
            started = time.perf_counter()
            try:
                gates.gate_raw(night)
                outcome = "passed"
            except GateFailed as failed:
                outcome = f"FAILED ({failed})"
            seconds = time.perf_counter() - started
            rows.append((night, seconds, outcome))
        with warehouse.connect(read_only=True) as con:
            held = con.execute(
                "SELECT check_name, count(*) FROM raw.quarantine WHERE released_at IS NULL"
                " GROUP BY 1 ORDER BY 2 DESC, 1"
            ).fetchall()

    print(f"mentions judged: {mentions:,}")
    print(f"{'night':<10} {'seconds':>8} {'mentions/s':>11}  gate 1")
    for night, seconds, outcome in rows:
        print(f"{night:<10} {seconds:>8.1f} {mentions / seconds:>11,.0f}  {outcome}")
    print(f"unchanged / first night: {rows[1][1] / rows[0][1]:.2f}")
    total = sum(n for _, n in held)
    print(f"held back: {total:,} rows ({total / max(mentions, 1):.1%} of the mentions)")
    for check, count in held:
        print(f"  {check:<32} {count:>7,}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
