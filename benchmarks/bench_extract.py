"""Throughput and peak memory of `extract_mentions` on one core.

    python benchmarks/bench_extract.py [--mb 6] [--repeat 3]

The corpus articles (the demo site's copy if present, else ../shared/corpus)
are repeated to at least `--mb` megabytes of text and extracted one article
at a time, as the pipeline does. Process start and imports are excluded; the
gazetteer and catalog are loaded before timing (they are cached per process).
Prints characters per second of CPU time on one core (best of `--repeat` runs; wall-clock
figures beside) and peak memory.
"""

from __future__ import annotations

import argparse
import resource
import time
import tracemalloc
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPORA = (ROOT / "scrapers" / "provind" / "demo_site" / "corpus", ROOT.parent / "shared" / "corpus")


def load_articles() -> list[str]:
    for folder in CORPORA:
        files = sorted(folder.glob("*.txt")) if folder.is_dir() else []
        if files:
            return [f.read_text(encoding="utf-8") for f in files]
    raise SystemExit("no corpus found in " + " or ".join(map(str, CORPORA)))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=6.0, help="megabytes of text (characters × 3) to extract")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    from provind.extract import extract_mentions
    from provind.extract.indicators import catalog
    from provind.extract.regions import gazetteer

    gazetteer()
    catalog()
    articles = load_articles()
    batch: list[str] = []
    total_chars = 0
    while total_chars * 3 < args.mb * 1e6:  # CJK text is 3 bytes a character in UTF-8
        for a in articles:
            batch.append(a)
            total_chars += len(a)
    total_bytes = sum(len(a.encode("utf-8")) for a in batch)

    # CPU time of this (single-threaded) process is the one-core cost, unaffected by other load
    # on the machine; wall time is printed beside it.
    best_cpu = best_wall = float("inf")
    mentions = 0
    for _ in range(args.repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        mentions = sum(
            len(extract_mentions(a, doc=f"{i}.txt", published=date(2024, 1, 1), region_code="370000"))
            for i, a in enumerate(batch)
        )
        best_cpu = min(best_cpu, time.process_time() - cpu)
        best_wall = min(best_wall, time.perf_counter() - wall)

    tracemalloc.start()
    for i, a in enumerate(batch[: len(articles) * 20]):
        extract_mentions(a, doc=f"{i}.txt", published=date(2024, 1, 1), region_code="370000")
    one_article_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"articles {len(batch)}  characters {total_chars:,}  bytes {total_bytes:,}  mentions {mentions:,}")
    print(
        f"CPU time {best_cpu:.3f} s (best of {args.repeat})  throughput {total_chars / best_cpu:,.0f} chars/s"
        f"  (wall {best_wall:.3f} s, {total_chars / best_wall:,.0f} chars/s)"
    )
    print(f"peak traced allocation per article {one_article_peak / 1e6:.1f} MB  process peak RSS {rss_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
