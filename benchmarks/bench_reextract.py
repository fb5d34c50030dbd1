"""Re-extraction of a large generated corpus: one process against the process pool.

    python benchmarks/bench_reextract.py [--articles 10000] [--workers N] [--batch-size 2000]

1. lands `--articles` articles of the corpus `scripts/gen_corpus.py` generates (real demo
   sentences recombined across China and 2015-2025) in a scratch warehouse, without
   mentions: every article is pending, as after a change of the extractor's fingerprint;
2. re-extracts them all (`provind.reextract.extract_articles`, the code of `provind
   reprocess` and of the nightly's extract) on a copy with one process, then on another
   copy with the pool of `--workers` processes (default: the machine's cores);
3. checks both copies hold the same mentions, and prints articles/s and characters/s of
   each, their ratio, and the load average before and after (the machine may be shared).
   The CPU seconds of each (workers included) tell what the pool costs besides the
   wall time, which a loaded machine stretches. `--single-articles N` gives the one-process
   run only the first N articles (its rate is compared; the mentions are not), for a shared
   machine's time.

Each run is a fresh process, so each pays its interpreter's and the extractor's imports.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "scrapers"))

from gen_corpus import Generator, bulk_insert  # noqa: E402

RUN = """
import json, logging, os, sys, time
logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stderr)
from provind import reextract
began = time.perf_counter()
totals = reextract.extract_articles("bench", everything=True, workers=int(sys.argv[1]), batch_size=int(sys.argv[2]))
print(json.dumps({**totals, "seconds": time.perf_counter() - began}))
"""


def land_articles(warehouse: Path, articles: int, seed: int = 2260) -> int:
    """The generated corpus's articles 0..articles-1 (the rows `gen_corpus.generate` lands), without mentions."""
    from provind import textprep
    from provind import warehouse as wh

    gen = Generator(seed)
    now = datetime.now(UTC).replace(tzinfo=None)
    landed = 0
    with wh.connect(warehouse) as con, tempfile.TemporaryDirectory() as work:
        for start in range(0, articles, 10_000):
            rows = []
            for index in range(start, min(start + 10_000, articles)):
                a = gen.article(index)
                content_hash = hashlib.sha256(a["body_text"].encode("utf-8")).hexdigest()
                rows.append(
                    {
                        **a,
                        "article_id": wh.key(a["url"], content_hash),
                        "content_hash": content_hash,
                        "clean_text": textprep.clean_text(a["body_text"]),
                        "fetched_at": datetime.combine(a["published"], datetime.min.time()) + timedelta(days=1),
                        "loaded_at": now,
                        "run_id": "bench-corpus",
                    }
                )
            landed += bulk_insert(con, "articles", rows, Path(work))
    return landed


def reextract(data_dir: Path, workers: int, batch_size: int) -> dict:
    env = {**os.environ, "PROVIND_DATA_DIR": str(data_dir), "PYTHONPATH": f"{ROOT / 'scrapers'}:{ROOT}"}
    proc = subprocess.run(
        [sys.executable, "-c", RUN, str(workers), str(batch_size)], env=env, capture_output=True, text=True
    )
    if proc.returncode != 0:
        raise SystemExit(f"re-extraction with {workers} workers failed:\n{proc.stderr[-4000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def mentions_digest(data_dir: Path) -> tuple:
    """The mentions but the time they were written at: their count, and a digest of each column in key order."""
    with duckdb.connect(str(data_dir / "warehouse.duckdb"), read_only=True) as con:
        con.execute("SET enable_progress_bar = false")
        return con.execute(
            "SELECT count(*), md5(string_agg(CAST(COLUMNS(* EXCLUDE (extracted_at)) AS VARCHAR), '|'"
            " ORDER BY mention_id)) FROM raw.mentions"
        ).fetchone()


def children_cpu() -> float:
    """CPU seconds of the finished child processes and theirs (the pool's workers included)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def line(name: str, r: dict) -> str:
    per_second = r["articles"] / r["seconds"]
    return (
        f"{name:<14} {r['articles']:>7} articles in {r['seconds']:8.1f} s: {per_second:7.1f} articles/s,"
        f" {r['chars'] / r['seconds']:10.0f} chars/s, {r['mentions']} mentions;"
        f" {r['cpu']:.0f} CPU s ({r['articles'] / r['cpu']:.0f} articles per CPU s)"
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--batch-size", type=int, default=2000)
    ap.add_argument(
        "--single-articles",
        type=int,
        help="the one-process run re-extracts only the first N articles (default: all; a shared machine's time)",
    )
    ap.add_argument("--keep", action="store_true", help="keep the scratch warehouses and print their folder")
    args = ap.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bench-reextract-"))
    try:
        began = time.perf_counter()
        corpus = work / "corpus.duckdb"
        landed = land_articles(corpus, args.articles)
        print(f"landed {landed} generated articles in {time.perf_counter() - began:.1f} s", flush=True)
        single_articles = min(args.single_articles or args.articles, args.articles)
        if single_articles < args.articles:
            land_articles(work / "single.duckdb", single_articles)  # the same first articles
        results = {}
        runs = (("one process", 1, "single.duckdb" if single_articles < args.articles else "corpus.duckdb"),
                (f"pool of {args.workers}", args.workers, "corpus.duckdb"))  # fmt: skip
        for name, workers, source in runs:
            data_dir = work / name.replace(" ", "-")
            data_dir.mkdir()
            shutil.copyfile(work / source, data_dir / "warehouse.duckdb")
            load, cpu = os.getloadavg(), children_cpu()
            results[name] = reextract(data_dir, workers, args.batch_size)
            results[name]["cpu"] = children_cpu() - cpu
            if single_articles == args.articles:  # both runs had the same articles: compare their mentions
                results[name]["digest"] = mentions_digest(data_dir)
            print(line(name, results[name]), flush=True)
            print(
                f"{'':<14} load average before {' '.join(f'{x:.2f}' for x in load)},"
                f" after {' '.join(f'{x:.2f}' for x in os.getloadavg())}",
                flush=True,
            )
        single, pool = results.values()
        ratio = (pool["articles"] / pool["seconds"]) / (single["articles"] / single["seconds"])
        if single_articles == args.articles:
            same = single["digest"] == pool["digest"]
            print(f"same mentions  {same} ({single['digest'][0]} rows)")
        else:
            same = True
            print(f"same mentions  not compared (the one-process run had the first {single_articles} articles)")
        print(f"pool / one     {ratio:.2f}x the articles/s ({os.cpu_count()} cores)")
        return 0 if same else 1
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work)


if __name__ == "__main__":
    raise SystemExit(main())
