"""Throughput and peak memory of the extractor on one core: the library and `provind extract`.

    python benchmarks/bench_extract.py [--mb 20] [--repeat 3] [--library-mb 6]

The corpus articles (the demo site's copy if present, else ../shared/corpus) are
repeated to `--mb` megabytes of UTF-8 text (about 7.5 million characters for 20 MB).

- library path: `extract_mentions` one article at a time, as the pipeline calls it, on
  `--library-mb` megabytes, in this process pinned to one core; imports, the gazetteer and
  the catalog are loaded before timing.
- CLI path: the `provind extract` command on the big file, as a user runs it, pinned to one
  core. Process start (interpreter, imports, gazetteer) is excluded by subtracting a run of
  the same command on a one-sentence file.
- CLI path on figure-dense text (`--dense-mb`, 0 to skip): the same command on articles made
  by `scripts/gen_corpus.py` (the demo corpus's sentences recombined across China, four in five
  holding a figure, plain simplified text without markup): some twice the mentions per
  character of the demo corpus, so it shows what a page full of figures costs. The extractor's
  cost is mostly per figure, so this reads lower than the demo corpus.

The compiled extractor runs where `make venv` built it (provind/compiled.py); `--pure` runs
the sources, to compare. The first line says which ran.

Figures are characters per second of CPU time (what one core costs, much less disturbed by
other load on a shared machine than wall time, which is printed beside it), best of
`--repeat` runs, with the load average at the time and the ratio to the 2,000,000
characters-a-second target of docs/extraction-grammar.md ("Speed").
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPORA = (ROOT / "scrapers" / "provind" / "demo_site" / "corpus", ROOT.parent / "shared" / "corpus")
PROVIND = Path(sys.executable).with_name("provind")
TARGET = 2_000_000  # characters a second on one core
ONE_SENTENCE = "今年1月至8月，全市发明专利授权936件，同比增长44.2%。\n"
CLI_ARGS = ("--region", "370000", "--published", "2024-01-01")


def load_articles() -> list[str]:
    for folder in CORPORA:
        files = sorted(folder.glob("*.txt")) if folder.is_dir() else []
        if files:
            return [f.read_text(encoding="utf-8") for f in files]
    raise SystemExit("no corpus found in " + " or ".join(map(str, CORPORA)))


def repeated(articles: list[str], mb: float) -> list[str]:
    """The articles, repeated until they hold `mb` megabytes of UTF-8."""
    batch: list[str] = []
    size = 0
    while size < mb * 1e6:
        for a in articles:
            batch.append(a if a.endswith("\n") else a + "\n")
            size += len(a.encode("utf-8"))
    return batch


def library(batch: list[str], repeat: int) -> tuple[float, float, int]:
    """(best CPU seconds, best wall seconds, mentions) of extracting `batch` article by article."""
    from provind.extract import extract_mentions
    from provind.extract.indicators import catalog
    from provind.extract.regions import gazetteer

    gazetteer()
    catalog()
    best_cpu = best_wall = float("inf")
    mentions = 0
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        mentions = sum(
            len(extract_mentions(a, doc=f"{i}.txt", published=date(2024, 1, 1), region_code="370000"))
            for i, a in enumerate(batch)
        )
        best_cpu = min(best_cpu, time.process_time() - cpu)
        best_wall = min(best_wall, time.perf_counter() - wall)
    return best_cpu, best_wall, mentions


def dense_articles(mb: float) -> list[str]:
    """`mb` megabytes of gen_corpus.py's article texts (seed 0), one article a line."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import gen_corpus

    gen = gen_corpus.Generator(0)
    batch: list[str] = []
    size = 0
    while size < mb * 1e6:
        text = gen.article(len(batch))["body_text"] + "\n"
        batch.append(text)
        size += len(text.encode("utf-8"))
    return batch


def one_core() -> int:
    """A core this process may run on (the command is pinned to it)."""
    return min(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 0


def run_cli(path: Path, core: int) -> tuple[float, float, int, int]:
    """(CPU seconds, wall seconds, peak RSS in kB, output lines) of `provind extract path` on one core."""
    pin = (lambda: os.sched_setaffinity(0, {core})) if hasattr(os, "sched_setaffinity") else None
    wall = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen([str(PROVIND), "extract", str(path), *CLI_ARGS], stdout=out, preexec_fn=pin)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - wall
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            raise SystemExit(f"provind extract {path} failed with status {proc.returncode}")
        out.seek(0)
        lines = sum(1 for _ in out)
    return usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss, lines


def cli(batch: list[str], repeat: int) -> tuple[float, float, int, int]:
    """(best CPU seconds, best wall seconds, peak RSS kB, mentions) of the command, process start excluded."""
    core = one_core()
    with tempfile.TemporaryDirectory() as tmp:
        big, small = Path(tmp) / "big.txt", Path(tmp) / "one.txt"
        big.write_text("".join(batch), encoding="utf-8")
        small.write_text(ONE_SENTENCE, encoding="utf-8")
        start_cpu = min(run_cli(small, core)[0] for _ in range(repeat))
        runs = [run_cli(big, core) for _ in range(repeat)]
        start_wall = min(run_cli(small, core)[1] for _ in range(repeat))
    cpu = min(r[0] for r in runs) - start_cpu
    wall = min(r[1] for r in runs) - start_wall
    return cpu, wall, max(r[2] for r in runs), runs[0][3]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=20.0, help="megabytes of UTF-8 text for the CLI path")
    ap.add_argument("--library-mb", type=float, default=6.0, help="megabytes of UTF-8 text for the library path")
    ap.add_argument("--dense-mb", type=float, default=20.0, help="megabytes of figure-dense text for the CLI (0: skip)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--pure", action="store_true", help="run the sources even where `make venv` compiled them")
    args = ap.parse_args()
    if args.pure:
        os.environ["PROVIND_PURE_PYTHON"] = "1"  # (read when provind is first imported, here and in the command)
    from provind import compiled

    print(f"extractor: {'compiled with mypyc' if compiled.ACTIVE else 'the sources'} ({compiled.REASON})")

    articles = load_articles()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    core = one_core()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {core})  # the library path on one core too, like `taskset -c CORE`

    batch = repeated(articles, args.library_mb)
    chars = sum(map(len, batch))
    cpu, wall, mentions = library(batch, args.repeat)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"library: {len(batch)} articles, {chars:,} characters, {mentions:,} mentions")
    print(
        f"  {chars / cpu:,.0f} chars/s of CPU ({cpu:.2f} s, best of {args.repeat}; wall {chars / wall:,.0f} chars/s)"
        f"  = {chars / cpu / TARGET:.2f} x the {TARGET:,} target; process peak RSS {rss_mb:.0f} MB"
    )

    batch = repeated(articles, args.mb)
    chars = sum(map(len, batch))
    cpu, wall, rss_kb, mentions = cli(batch, args.repeat)
    print(f"CLI: provind extract on one {sum(len(a.encode()) for a in batch) / 1e6:.1f} MB file, {chars:,} characters")
    print(
        f"  {chars / cpu:,.0f} chars/s of CPU ({cpu:.2f} s, process start excluded; wall {chars / wall:,.0f} chars/s)"
        f"  = {chars / cpu / TARGET:.2f} x the {TARGET:,} target; peak RSS {rss_kb / 1024:.0f} MB"
    )
    print(f"  {mentions:,} mentions")

    if args.dense_mb > 0:
        batch = dense_articles(args.dense_mb)
        chars = sum(map(len, batch))
        cpu, wall, rss_kb, mentions = cli(batch, args.repeat)
        print(
            f"CLI on figure-dense text (scripts/gen_corpus.py's articles):"
            f" {sum(len(a.encode()) for a in batch) / 1e6:.1f} MB, {chars:,} characters, {mentions:,} mentions"
            f" ({mentions / chars * 1000:.1f} a thousand characters)"
        )
        print(
            f"  {chars / cpu:,.0f} chars/s of CPU ({cpu:.2f} s, process start excluded; wall {chars / wall:,.0f}"
            f" chars/s)  = {chars / cpu / TARGET:.2f} x the {TARGET:,} target; peak RSS {rss_kb / 1024:.0f} MB"
        )
    end_load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"load average (1 min) {load:.2f} before, {end_load:.2f} after, on {os.cpu_count()} cores")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
