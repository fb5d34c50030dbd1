"""Generate a large, realistic corpus into a warehouse's `raw` tables, for scale tests and benchmarks.

    .venv/bin/python scripts/gen_corpus.py /tmp/big/warehouse.duckdb --articles 10000
    .venv/bin/python scripts/gen_corpus.py /tmp/big/warehouse.duckdb --start 10000 --articles 100 --corrections 10
    .venv/bin/python scripts/gen_corpus.py /tmp/big/1m.duckdb --articles 1000000 --workers 2 --sentence-cache

Articles are built from the real sentences of the demo site's bureau articles
(`scrapers/provind/demo_site/corpus/`), recombined across China: each article
belongs to a city (or a province) drawn from the gazetteer seed; the Shandong
cities and province named in the borrowed sentences become cities of the
article's province, and the years move with its publication date (2015-2025).
Mentions come from the real extractor, `provind.extract.extract_mentions`, run
on each article's clean text (and title) exactly as the pipeline's extract step
does, and the rows have the pipeline's keys and columns (`raw.articles`,
`raw.mentions`). `--sentence-cache` gives the same rows by extracting each
recurring sentence once (see `SentenceCache`): slower than the plain path while
most sentences are new (measured up to thousands of articles), meant for corpora
of millions where nearly every sentence has been seen before.

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
    valid_from: str = ""


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
            region = Region(
                row["region_code"],
                row["name"],
                row["short_name"],
                row["level"],
                row["province_code"],
                row["valid_from"],
            )
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
        self.peers, self.names = publisher_peers(
            [*self.provinces.values(), *(c for cs in self.cities.values() for c in cs)]
        )

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


def publisher_peers(regions: list[Region]) -> tuple[dict[str, Region], dict[str, str]]:
    """Each publisher region's peer: the first region of its province, level, kind of name
    (市, 州, 区…) and founding date. The extractor reads a text alike for either."""

    def kind(r: Region) -> tuple:
        # one founded since 2000 is its own peer: its earlier figures belong to what it was before
        recent = r.code if r.valid_from >= "2000" else ""
        return (r.province_code, r.level, r.name[-1], recent)

    peers: dict[tuple, Region] = {}
    for region in sorted(regions, key=lambda r: r.code):
        peers.setdefault(kind(region), region)
    return {r.code: peers[kind(r)] for r in regions}, {r.code: r.name for r in regions}


def rename(match: re.Match, mapping: dict[str, str]) -> str:
    """The mapped name; but in `滨州市场监管` the 市 belongs to 市场: map only `滨州`."""
    name = match.group(0)
    if name.endswith("市") and match.string.startswith("场", match.end()):
        return mapping[name[:-1]] + "市" if name[:-1] in mapping else name
    return mapping[name]


def mention_rows(
    article_id: str,
    found: list[dict],
    version: str,
    now: datetime,
    run_id: str,
) -> list[dict]:
    """The rows the pipeline's extract step would land for these mentions (same keys, same columns)."""
    from provind.pipeline import mention_row

    return [mention_row(article_id, seq, m, version, now, run_id) for seq, m in enumerate(found)]


def exact_mentions(text: str, *, doc: str, published: date, region_code: str, title: str) -> list[dict]:
    """The real extractor on the whole article, as the pipeline's extract step calls it (slow: ~5 ms)."""
    from provind.extract import extract_mentions

    return extract_mentions(text, doc=doc, published=published, region_code=region_code, title=title)


ISSUE = re.compile(r"（第[0-9]+期）$")
# A sentence that opens with these shares the opening period of the sentence before it.
CONTINUES = re.compile(r"\s*(?:其中|分别|此外|另外)")
# A figure with no time phrase and no place: what it is dated tells the running year (after a line
# break) or the paragraph's carried part-year period (in the same paragraph).
PROBE = "新登记企业100户。"


@dataclass(frozen=True)
class _Cached:
    mentions: tuple[tuple[int, int, dict], ...]  # (start, end) relative to the sentence, the mention
    state: tuple[str, bool] | None  # the running year after the sentence, as a probe figure reads it
    carries: bool  # a part-year period opening the paragraph still dates the next sentence


class SentenceCache:
    """The real extractor's mentions of an article, put together sentence by sentence.

    The extractor reads an article sentence by sentence, carrying only a little from one
    to the next: the running year (2023年，… dates the figures after it), a part-year
    period opening a paragraph (前三季度，…), the opening period a 其中… sentence shares.
    A generated article is a few of ~200 demo sentences, so each sentence is extracted
    once per (what it carries in, publisher, publication year and month), in a small text
    that reproduces what it carries in: a line setting the running year it inherits, and
    the earlier sentences of its paragraph when it depends on them. Two probe figures after
    it read what it carries out. The month is dropped from the key for a sentence that
    reads the same in January and December, and the publisher is replaced by a peer (same
    province, level, kind of name and founding date; figures naming no place take its
    region afterwards). `exact_mentions` is the reference: tests compare both.
    """

    def __init__(self, peers: dict[str, Region] | None = None, names: dict[str, str] | None = None) -> None:
        self.peers = peers or {}  # publisher region code -> the peer that stands in for it
        self.names = names or {}  # region code -> name (to put the peer's name in the title)
        self.entries: dict[tuple, _Cached] = {}
        self.hits = self.misses = 0

    def mentions(self, clean: str, *, doc: str, published: date, region_code: str, title: str) -> list[dict]:
        title = ISSUE.sub("", title)  # 第N期 names no place and no year: one entry serves every issue
        home = region_code
        peer = self.peers.get(region_code)
        if peer is not None and peer.code != region_code:
            title = title.replace(self.names[region_code], peer.name, 1)
            home = peer.code
        out: list[dict] = []
        state: tuple[str, bool] | None = None  # None: the article's own year (no sentence has set one)
        chain_start, chain_state, carries = 0, state, False
        for s, e in textprep_split(clean):
            text = clean[s:e]
            if not (carries or (s > 0 and CONTINUES.match(text))):
                chain_start, chain_state = s, state  # depends on nothing before it but the running year
            if chain_state is not None and not chain_state[0].isdigit():
                # The running period is a month or a range (2017-01..2017-10), which no one-line
                # prefix restates: the sentence is read after the whole article before it (exact,
                # and not shared with other articles).
                chain_start, chain_state = 0, None
            following = clean[e : e + 1]
            if following not in ("", "\n"):
                following = "…"  # the next sentence of the paragraph: which one it is changes nothing here
            entry = self._entry(clean[chain_start:s], text, following, chain_state, published, home, title)
            for start, end, m in entry.mentions:
                row = {**m, "doc": doc, "start": s + start, "end": s + end}
                if home != region_code and m["region_source"] == "title" and m["region_code"] == home:
                    row["region"] = _full_name(region_code, m["period"], published, m["region"])
                    row["region_code"] = region_code
                out.append(row)
            state, carries = entry.state, entry.carries and following != "\n"
        return out

    def _entry(
        self,
        context: str,
        text: str,
        following: str,
        state: tuple[str, bool] | None,
        published: date,
        home: str,
        title: str,
    ) -> _Cached:
        yearly = (context, text, following, state, home, published.year, title)
        entry = self.entries.get(yearly)
        if entry is None:
            entry = self.entries.get((*yearly, published.month))
        if entry is not None:
            self.hits += 1
            return entry
        self.misses += 1
        january, december = (
            _extract(context, text, following, state, date(published.year, month, 1), home, title) for month in (1, 12)
        )
        if january == december:
            self.entries[yearly] = january
            return january
        entry = self.entries[(*yearly, published.month)] = _extract(
            context, text, following, state, published, home, title
        )
        return entry


def _full_name(code: str, period: str | None, published: date, default: str) -> str:
    """The region's full name in the figure's year, as the extractor writes it (codes are reused)."""
    from provind.extract.regions import gazetteer

    year = int(period[:4]) if period and period[:4].isdigit() else published.year
    region = gazetteer().get(code, year)
    return region.full_name if region is not None else default


def _extract(
    context: str,
    text: str,
    following: str,
    state: tuple[str, bool] | None,
    published: date,
    home: str,
    title: str,
) -> _Cached:
    """`text`'s mentions (offsets relative to it), and what it carries to the next sentence."""
    head = _state_prefix(state, published) + context
    probes = "" if not following else ("\n" + PROBE if following == "\n" else PROBE + "\n" + PROBE)
    found = exact_mentions(head + text + probes, doc="", published=published, region_code=home, title=title)
    lo, hi = len(head), len(head) + len(text)
    own = tuple((m["start"] - lo, m["end"] - lo, m) for m in found if lo <= m["start"] < hi)
    after = [m for m in found if m["start"] >= hi]
    if not following:
        return _Cached(own, None, False)
    last = after[-1]
    out = (last["period"], bool(last["target"]))
    carries = len(after) == 2 and after[0]["period"] != last["period"]
    return _Cached(own, None if out == (str(published.year), False) else out, carries)


def _state_prefix(state: tuple[str, bool] | None, published: date) -> str:
    """A line that leaves the extractor's running year (and its plan reading) at `state`."""
    from provind.extract import targets

    if state is None:
        return ""
    year, plan = int(state[0]), state[1]
    # 2023年，… states the year (a plan early in it reads as one); 2023年1月，… only dates a month.
    if targets.plan_year(year, True, published) == plan:
        return f"{year}年，\n"
    return f"{year}年1月，\n"


def textprep_split(clean: str) -> list[tuple[int, int]]:
    from provind import textprep

    return textprep.split_sentences(clean)


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
    cached: bool = False  # mentions from the SentenceCache, not the extractor on every whole article


_WORKER: Generator | None = None  # one Generator per process (loading the reference data costs ~0.5 s)


_CACHE: SentenceCache | None = None  # one per process; it only grows (a few hundred MB at 1M articles)


def _cache(gen: Generator) -> SentenceCache:
    global _CACHE
    if _CACHE is None:
        _CACHE = SentenceCache(gen.peers, gen.names)
    return _CACHE


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
        found = (_cache(gen).mentions if batch.cached else exact_mentions)(
            clean, doc=article_id, published=a["published"], region_code=a["source_region_code"], title=a["title"]
        )
        mentions += mention_rows(article_id, found, "gen-corpus", batch.now, batch.run_id)
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
    cached: bool = False,
) -> dict[str, int]:
    """Land articles start..start+articles-1 (and `corrections` re-publications of earlier ones);
    with `night`, the new articles are a nightly crawl's (see `Generator.article`).

    Streamed: CHUNK articles are generated, written and dropped at a time, so a million
    articles need no more memory than a few thousand. `workers` > 1 generates chunks in
    that many processes (the extractor is the cost: 2-5 ms an article); the rows depend
    on neither it nor `cached` (the sentence cache gives the extractor's rows, faster once
    sentences recur: see `SentenceCache`).
    """
    from provind import warehouse as wh

    batch = Batch(
        seed, loaded_at or datetime.now(UTC).replace(tzinfo=None), run_id or f"gen-corpus-{start}", night, cached
    )
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
    ap.add_argument(
        "--sentence-cache",
        action="store_true",
        help="extract each recurring sentence once: same rows; only for very large corpora (see SentenceCache)",
    )
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
        cached=args.sentence_cache,
    )
    print(
        f"{args.warehouse}: +{counts['articles']} articles ({counts['corrections']} corrections),"
        f" +{counts['mentions']} mentions in {time.perf_counter() - began:.1f} s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
