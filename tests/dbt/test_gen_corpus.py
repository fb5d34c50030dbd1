"""scripts/gen_corpus.py: a small corpus has the pipeline's raw rows (quotes at
their offsets in the clean text, regions of the article's province), is
reproducible article by article, and appends corrections as new versions."""

from __future__ import annotations

import sys

import duckdb
import pytest

from tests.dbt.conftest import REPO

sys.path.insert(0, str(REPO / "scripts"))

import gen_corpus


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    warehouse = tmp_path_factory.mktemp("gen-corpus") / "warehouse.duckdb"
    first = gen_corpus.generate(warehouse, 40, seed=7)
    second = gen_corpus.generate(warehouse, 5, start=40, corrections=3, seed=7)
    con = duckdb.connect(str(warehouse), read_only=True)
    yield first, second, con
    con.close()


def test_rows_land_in_raw(corpus):
    first, second, con = corpus
    assert first["articles"] == 40 and first["mentions"] > 100
    assert second == {"articles": 8, "mentions": second["mentions"], "corrections": 3}
    (articles,) = con.execute("SELECT count(*) FROM raw.articles").fetchone()
    assert articles == 48


def test_quotes_sit_at_their_offsets_in_the_clean_text(corpus):
    _, _, con = corpus
    (wrong,) = con.execute("""
        SELECT count(*) FROM raw.mentions m JOIN raw.articles a USING (article_id)
        WHERE substr(a.clean_text, m.start_offset + 1, m.end_offset - m.start_offset) <> m.quote
    """).fetchone()
    assert wrong == 0


def test_articles_are_about_cities_across_china(corpus):
    _, _, con = corpus
    provinces = {code[:2] for (code,) in con.execute("SELECT source_region_code FROM raw.articles").fetchall()}
    assert len(provinces) >= 5
    (local,) = con.execute("""
        SELECT avg(CASE WHEN substr(m.region_code, 1, 2) = substr(a.source_region_code, 1, 2) THEN 1 ELSE 0 END)
        FROM raw.mentions m JOIN raw.articles a USING (article_id)
        WHERE m.region_code IS NOT NULL AND m.region_code <> '100000'
    """).fetchone()
    assert local > 0.8  # Shandong's names were rewritten into the article's province


def test_corrections_are_new_versions_of_old_urls(corpus):
    _, _, con = corpus
    rows = con.execute("""
        SELECT url, count(DISTINCT content_hash) FROM raw.articles GROUP BY url HAVING count(*) > 1
    """).fetchall()
    assert len(rows) == 3 and all(n == 2 for _, n in rows)


def test_article_depends_only_on_seed_and_index():
    a, b = gen_corpus.Generator(7), gen_corpus.Generator(7)
    assert a.article(12) == b.article(12)
    assert a.article(12) != a.article(13)
    assert a.article(12, version=1)["body_text"] != a.article(12)["body_text"]


def _article_mentions(gen: gen_corpus.Generator, index: int, extract, **kw) -> list[dict]:
    from provind import textprep

    a = gen.article(index, **kw)
    return extract(
        textprep.clean_text(a["body_text"]),
        doc=f"a{index}",
        published=a["published"],
        region_code=a["source_region_code"],
        title=a["title"],
    )


@pytest.mark.slow  # ~5 s: each sentence is extracted twice (January and December) on first sight
def test_sentence_cache_gives_the_extractors_mentions():
    """The cache's rows are the real extractor's on the whole article: every field, every offset,
    for articles anywhere and any day, a night's Shandong articles, and corrected versions."""
    from datetime import date

    gen = gen_corpus.Generator(11)
    cache = gen_corpus.SentenceCache(gen.peers, gen.names)
    cases = [(i, {}) for i in range(40)]
    cases += [(i, {"night": date(2025, 7, 7)}) for i in range(40, 50)]
    cases += [(i, {"version": 1}) for i in range(5)]
    cases += [(1165, {})]  # its running period becomes a range (2017-01..2017-10), which no prefix restates
    compared = 0
    for index, kw in cases:
        exact = _article_mentions(gen, index, gen_corpus.exact_mentions, **kw)
        assert _article_mentions(gen, index, cache.mentions, **kw) == exact, (index, kw)
        compared += len(exact)
    assert compared > 500
    # a sentence seen before is not extracted again, and reads the same
    misses = cache.misses
    assert _article_mentions(gen, 3, cache.mentions) == _article_mentions(gen, 3, gen_corpus.exact_mentions)
    assert cache.misses == misses and cache.hits > 0


@pytest.mark.slow
def test_a_cached_corpus_has_the_same_rows(tmp_path):
    exact, cached = tmp_path / "exact.duckdb", tmp_path / "cached.duckdb"
    when = gen_corpus.datetime(2026, 1, 1)
    gen_corpus.generate(exact, 12, seed=5, loaded_at=when, run_id="r")
    gen_corpus.generate(cached, 12, seed=5, loaded_at=when, run_id="r", cached=True)
    con = duckdb.connect(str(exact), read_only=True)
    con.execute(f"ATTACH '{cached}' AS cached (READ_ONLY)")
    for table in ("articles", "mentions"):
        (n,) = con.execute(f"SELECT count(*) FROM raw.{table}").fetchone()
        (differ,) = con.execute(
            f"SELECT count(*) FROM ((SELECT * FROM raw.{table} EXCEPT ALL SELECT * FROM cached.raw.{table})"
            f" UNION ALL (SELECT * FROM cached.raw.{table} EXCEPT ALL SELECT * FROM raw.{table}))"
        ).fetchone()
        assert n > 0 and differ == 0, table
    con.close()
