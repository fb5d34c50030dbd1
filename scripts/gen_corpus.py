"""Generate a large, realistic corpus into a warehouse's `raw` tables, for scale tests and benchmarks.

    .venv/bin/python scripts/gen_corpus.py /tmp/big/warehouse.duckdb --articles 10000
    .venv/bin/python scripts/gen_corpus.py /tmp/big/warehouse.duckdb --start 10000 --articles 100 --corrections 10

Articles are built from the real sentences of the demo site's bureau articles
(`scrapers/provind/demo_site/corpus/`), recombined across China: each article
belongs to a city (or a province) drawn from the gazetteer seed; the Shandong
cities and province named in the borrowed sentences become cities of the
article's province, and the years move with its publication date (2015-2025).
Mentions come from the real extractor, `provind.extract.extract_mentions`, run
on each article's clean text exactly as the pipeline's extract step does, and
the rows have the pipeline's keys and columns (`raw.articles`, `raw.mentions`).

Article `i` depends only on `--seed` and `i`, so a later call with `--start`
appends new articles to the same corpus; `--corrections K` also re-publishes K
earlier articles under their URL with one figure changed (a new version).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import multiprocessing
import random
import re
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scrapers"))

from provind.warehouse import key as warehouse_key  # noqa: E402  (the pipeline's content key)

CORPUS = ROOT / "scrapers" / "provind" / "demo_site" / "corpus"
REGIONS = ROOT / "scrapers" / "provind" / "reference" / "regions.csv"
SHANDONG = "370000"
SOURCE_YEAR_DEFAULT = 2022  # for the demo article without a date
FIRST_DAY, LAST_DAY = date(2015, 1, 1), date(2025, 6, 30)
YEAR = re.compile(r"(?<![0-9])(20[0-3][0-9])(?=\s*年)")
NUMBER = re.compile(r"(?<![0-9.])([1-9][0-9]{1,5})(?![0-9])")


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    short_name: str
    level: str
    province_code: str


@dataclass(frozen=True)
class Sentence:
    text: str
    year: int  # publication year of the demo article it comes from


def load_regions() -> tuple[dict[str, Region], dict[str, list[Region]]]:
    """Current provinces, and the current prefecture-level cities of each province."""
    provinces: dict[str, Region] = {}
    cities: dict[str, list[Region]] = {}
    with REGIONS.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["valid_to"]:
                continue
            region = Region(row["region_code"], row["name"], row["short_name"], row["level"], row["province_code"])
            if region.level == "province":
                provinces[region.code] = region
            elif region.level == "prefecture" and region.name.endswith(("市", "州", "盟", "地区")):
                cities.setdefault(region.province_code, []).append(region)
    provinces = {code: p for code, p in provinces.items() if len(cities.get(code, [])) >= 3}
    return provinces, cities


def load_sentences() -> list[Sentence]:
    """The demo articles' sentences (clean text, as the pipeline stores it), with their year."""
    from provind import textprep

    index = {entry["doc"]: entry for entry in json.loads((CORPUS / "index.json").read_text(encoding="utf-8"))}
    sentences: list[Sentence] = []
    for path in sorted(CORPUS.glob("*.txt")):
        published = index.get(path.name, {}).get("published")
        year = int(published[:4]) if published else SOURCE_YEAR_DEFAULT
        clean = textprep.clean_text(path.read_text(encoding="utf-8"))
        for start, end in textprep.split_sentences(clean):
            text = clean[start:end].strip()
            if len(text) >= 12:
                sentences.append(Sentence(text, year))
    if not sentences:
        raise SystemExit(f"no sentences in {CORPUS}")
    return sentences


class Generator:
    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.provinces, self.cities = load_regions()
        self.province_codes = sorted(self.provinces)
        self.sentences = load_sentences()
        self.figure_sentences = [s for s in self.sentences if NUMBER.search(s.text)]
        shandong_cities = sorted(self.cities[SHANDONG], key=lambda r: r.code)
        self.shandong_names = [(c.name, c.short_name) for c in shandong_cities]
        self.shandong = self.provinces[SHANDONG]

    def rng(self, index: int, salt: str = "") -> random.Random:
        return random.Random(f"{self.seed}:{index}:{salt}")

    def article(self, index: int, version: int = 0, night: date | None = None) -> dict:
        """Article `index` (version 0), or a corrected re-publication of it (version >= 1).

        With `night`, the article is one a nightly crawl brings: published by a
        Shandong bureau in the week up to that date. Otherwise anywhere, any day.
        """
        rng = self.rng(index)
        province = self.provinces[SHANDONG if night else rng.choice(self.province_codes)]
        cities = self.cities[province.code][:]
        rng.shuffle(cities)
        publisher_region = province if rng.random() < 0.2 else cities[0]
        if night:
            published = night - timedelta(days=rng.randrange(7))
        else:
            published = FIRST_DAY + timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days))

        # Shandong's cities -> this province's cities (cycling), Shandong -> this province
        mapping: dict[str, str] = {}
        for i, (name, short) in enumerate(self.shandong_names):
            city = cities[i % len(cities)]
            mapping[name], mapping[short] = city.name, city.short_name
        mapping[self.shandong.name], mapping[self.shandong.short_name] = province.name, province.short_name
        names = re.compile("|".join(re.escape(n) for n in sorted(mapping, key=len, reverse=True)))

        picked = [
            rng.choice(self.figure_sentences if rng.random() < 0.8 else self.sentences)
            for _ in range(rng.randint(6, 16))
        ]
        paragraphs, paragraph = [], []
        for sentence in picked:
            shift = published.year - sentence.year
            text = YEAR.sub(lambda m, s=shift: str(int(m.group(1)) + s), sentence.text)
            paragraph.append(names.sub(lambda m: rename(m, mapping), text))
            if len(paragraph) >= rng.randint(2, 5):
                paragraphs.append("".join(paragraph))
                paragraph = []
        if paragraph:
            paragraphs.append("".join(paragraph))
        body = "\n".join(paragraphs)
        for v in range(1, version + 1):  # a correction: one figure changes
            fix = self.rng(index, f"fix{v}")
            numbers = list(NUMBER.finditer(body))
            if numbers:
                m = fix.choice(numbers)
                body = body[: m.start()] + str(int(m.group(1)) + fix.randint(1, 9)) + body[m.end() :]

        publisher = f"{publisher_region.name}市场监督管理局"
        url = f"https://amr.gov.example/{publisher_region.code}/art/{published:%Y/%m/%d}/art_{index}.html"
        title = f"{publisher_region.name}{published.year}年市场监管工作通报（第{index % 97 + 1}期）"
        return {
            "url": url,
            "source": f"amr-{publisher_region.code}",
            "publisher": publisher,
            "source_region_code": publisher_region.code,
            "title": title,
            "published": published,
            "language": "zh-Hans",
            "body_text": body,
        }


def rename(match: re.Match, mapping: dict[str, str]) -> str:
    """The mapped name; but in `滨州市场监管` the 市 belongs to 市场: map only `滨州`."""
    name = match.group(0)
    if name.endswith("市") and match.string.startswith("场", match.end()):
        return mapping[name[:-1]] + "市" if name[:-1] in mapping else name
    return mapping[name]


def mention_rows(article_id: str, text: str, published: date, region_code: str, version: str, now, run_id):
    """The rows the pipeline's extract step would land for this text (same keys, same columns)."""
    from provind.extract import extract_mentions
    from provind.pipeline import mention_row

    found = extract_mentions(text, doc=article_id, published=published, region_code=region_code)
    return [mention_row(article_id, seq, m, version, now, run_id) for seq, m in enumerate(found)]


def _jsonable(value):
    if isinstance(value, Decimal):
        return str(value)  # exact through JSON: DuckDB reads it back into DECIMAL(38, 6)
    return value.isoformat() if isinstance(value, (date, datetime)) else value


def bulk_insert(con, table: str, rows: list[dict], work: Path) -> int:
    """Insert rows through a JSON-lines file (fast, exact: decimals travel as strings)."""
    if not rows:
        return 0
    columns = [
        c
        for (c,) in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = 'raw' AND table_name = ?"
            " ORDER BY ordinal_position",
            [table],
        ).fetchall()
    ]
    path = work / f"{table}.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps({c: _jsonable(row.get(c)) for c in columns}, ensure_ascii=False) + "\n")
    types = dict(
        con.execute(
            "SELECT column_name, data_type FROM information_schema.columns"
            " WHERE table_schema = 'raw' AND table_name = ?",
            [table],
        ).fetchall()
    )
    spec = "{" + ", ".join(f"'{c}': 'VARCHAR'" for c in columns) + "}"
    select = ", ".join(f"CAST({c} AS {types[c]}) AS {c}" for c in columns)
    before = con.execute(f"SELECT count(*) FROM raw.{table}").fetchone()[0]
    con.execute(
        f"INSERT INTO raw.{table} BY NAME SELECT {select} FROM read_json('{path}', format='newline_delimited',"
        f" columns={spec}) ON CONFLICT DO NOTHING"
    )
    return con.execute(f"SELECT count(*) FROM raw.{table}").fetchone()[0] - before


CHUNK = 2_000  # articles generated, written and forgotten at a time: memory stays flat at any size


@dataclass(frozen=True)
class Batch:
    """What one call lands: the settings every chunk of it shares."""

    seed: int
    now: datetime
    run_id: str
    night: date | None


_WORKER: Generator | None = None  # one Generator per process (loading the reference data costs ~0.5 s)


def _generator(seed: int) -> Generator:
    global _WORKER
    if _WORKER is None or _WORKER.seed != seed:
        _WORKER = Generator(seed)
    return _WORKER


def chunk_rows(batch: Batch, jobs: list[tuple[int, int]]) -> tuple[list[dict], list[dict]]:
    """The raw rows of a few articles: (articles, mentions). Runs in a worker process too."""
    from provind import textprep

    gen = _generator(batch.seed)
    article_rows, mentions = [], []
    for index, v in jobs:
        a = gen.article(index, v, night=batch.night if v == 0 else None)
        clean = textprep.clean_text(a["body_text"])
        content_hash = hashlib.sha256(a["body_text"].encode("utf-8")).hexdigest()
        article_id = warehouse_key(a["url"], content_hash)
        fetched_at = datetime.combine(a["published"], datetime.min.time()) + timedelta(days=1 + v)
        article_rows.append(
            {
                **a,
                "article_id": article_id,
                "content_hash": content_hash,
                "clean_text": clean,
                "fetched_at": batch.now if v else fetched_at,
                "loaded_at": batch.now,
                "run_id": batch.run_id,
            }
        )
        mentions += mention_rows(
            article_id, clean, a["published"], a["source_region_code"], "gen-corpus", batch.now, batch.run_id
        )
    return article_rows, mentions


def job_chunks(start: int, articles: int, corrections: int, seed: int) -> Iterator[list[tuple[int, int]]]:
    """(article index, version) pairs, CHUNK at a time: the new articles, then the corrections."""
    for first in range(start, start + articles, CHUNK):
        yield [(i, 0) for i in range(first, min(first + CHUNK, start + articles))]
    fix_rng = random.Random(f"{seed}:corrections:{start}")
    fixes = sorted(fix_rng.sample(range(start), min(corrections, start)))  # sample() never lists the range
    for first in range(0, len(fixes), CHUNK):
        yield [(i, 1) for i in fixes[first : first + CHUNK]]


def generate(
    warehouse: Path,
    articles: int,
    *,
    start: int = 0,
    corrections: int = 0,
    seed: int = 2260,
    run_id: str | None = None,
    loaded_at: datetime | None = None,
    night: date | None = None,
    workers: int = 1,
    progress: bool = False,
) -> dict[str, int]:
    """Land articles start..start+articles-1 (and `corrections` re-publications of earlier ones);
    with `night`, the new articles are a nightly crawl's (see `Generator.article`).

    Streamed: CHUNK articles are generated, written and dropped at a time, so a million
    articles need no more memory than a few thousand. `workers` > 1 generates chunks in
    that many processes (the extractor is the cost: about 8 ms an article); the rows do
    not depend on it.
    """
    from provind import warehouse as wh

    batch = Batch(seed, loaded_at or datetime.now(UTC).replace(tzinfo=None), run_id or f"gen-corpus-{start}", night)
    chunks = job_chunks(start, articles, corrections, seed)
    added = {"articles": 0, "mentions": 0}
    began = time.perf_counter()
    with wh.connect(warehouse) as con, tempfile.TemporaryDirectory() as work, ExitStack() as stack:
        if workers > 1:
            pool = stack.enter_context(multiprocessing.get_context("spawn").Pool(workers))
            rows = pool.imap(partial(chunk_rows, batch), chunks)  # in order; a few chunks ahead at most
        else:
            rows = (chunk_rows(batch, jobs) for jobs in chunks)
        for article_rows, mentions in rows:
            added["articles"] += bulk_insert(con, "articles", article_rows, Path(work))
            added["mentions"] += bulk_insert(con, "mentions", mentions, Path(work))
            if progress:
                print(
                    f"  {added['articles']:,} articles, {added['mentions']:,} mentions"
                    f" ({time.perf_counter() - began:.0f} s)",
                    file=sys.stderr,
                    flush=True,
                )
    return {**added, "corrections": min(corrections, start)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("warehouse", type=Path, help="DuckDB file (created if missing; raw schema added)")
    ap.add_argument("--articles", type=int, default=10_000, help="number of new articles")
    ap.add_argument("--start", type=int, default=0, help="index of the first new article (append to a corpus)")
    ap.add_argument("--corrections", type=int, default=0, help="re-publish this many earlier articles, corrected")
    ap.add_argument("--seed", type=int, default=2260)
    ap.add_argument("--workers", type=int, default=1, help="generate in this many processes")
    args = ap.parse_args()
    began = time.perf_counter()
    counts = generate(
        args.warehouse,
        args.articles,
        start=args.start,
        corrections=args.corrections,
        seed=args.seed,
        workers=args.workers,
        progress=True,
    )
    print(
        f"{args.warehouse}: +{counts['articles']} articles ({counts['corrections']} corrections),"
        f" +{counts['mentions']} mentions in {time.perf_counter() - began:.1f} s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
