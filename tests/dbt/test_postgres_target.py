"""The PostgreSQL target, tested for real: a private PostgreSQL server from
Debian's `postgresql` package (tests/pg.py) on 127.0.0.1, the same raw rows
loaded into its schema `raw` as into a scratch DuckDB warehouse, the same two
nights built on both (`dbt build`: seeds, snapshot, models, every test and
contract; the second night incrementally), and every published mart compared
row for row."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from decimal import Decimal

import psycopg
import pytest

from tests.dbt.conftest import MARTS, Dbt
from tests.dbt.sample_warehouse import RAW_DDL, create_warehouse, sample_rows
from tests.pg import PgServer, pg_bindir, start_postgres

# starts a PostgreSQL server and runs dbt against it
pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(pg_bindir() is None, reason="Debian's postgresql is missing (make test installs it)"),
]

DBNAME = "provind"


@pytest.fixture(scope="module")
def pg_server():
    server = start_postgres()
    try:
        server.create_database(DBNAME)
        yield server
    finally:
        server.remove()


def load_raw(server: PgServer, batch: int) -> None:
    """The rows `sample_warehouse.create_warehouse` lands in DuckDB, landed in postgres (idempotently)."""
    articles, mentions = sample_rows(batch)
    with psycopg.connect(server.dsn(DBNAME), autocommit=True) as con:
        con.execute(RAW_DDL)
        for table, rows in (("articles", articles), ("mentions", mentions)):
            cols = list(rows[0])
            with con.cursor() as cur:
                cur.executemany(
                    f"INSERT INTO raw.{table} ({', '.join(cols)}) VALUES ({', '.join('%s' for _ in cols)})"
                    " ON CONFLICT DO NOTHING",
                    [[r[c] for c in cols] for r in rows],
                )


def normalise(value: object) -> object:
    """Values compare across drivers: decimals by number, not by scale."""
    if isinstance(value, Decimal):
        return value.normalize() if value != 0 else Decimal(0)
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    return value


def rows_sorted(rows) -> list[tuple]:
    return sorted((tuple(normalise(v) for v in row) for row in rows), key=repr)


@pytest.fixture(scope="module")
def both_targets(dbt_factory, pg_server, tmp_path_factory):
    """Two nights on DuckDB and on PostgreSQL; the marts of both after each night."""
    duck = dbt_factory("pg-compare-duckdb", batch=1)
    work = tmp_path_factory.mktemp("pg-compare-postgres")
    pg = Dbt(
        duck.project_dir,
        work / "unused.duckdb",
        work,
        target="postgres",
        env={
            "PROVIND_PG_HOST": pg_server.host,
            "PROVIND_PG_PORT": str(pg_server.port),
            "PROVIND_PG_USER": pg_server.user,
            "PROVIND_PG_PASSWORD": pg_server.password,
            "PROVIND_PG_DBNAME": DBNAME,
            "PROVIND_PG_SCHEMA": "public",
        },
    )

    def pg_marts() -> dict[str, list[tuple]]:
        with psycopg.connect(pg_server.dsn(DBNAME)) as con:
            return {m: rows_sorted(con.execute(f"select * from marts.{m}").fetchall()) for m in MARTS}

    def duck_marts() -> dict[str, list[tuple]]:
        return {m: rows_sorted(duck.query(f"select * from marts.{m}")) for m in MARTS}

    def build_both() -> str:
        # the two targets build side by side (two cores): the same project, the same seeds
        with ThreadPoolExecutor(max_workers=2) as pool:
            pg_build = pool.submit(pg, "build")
            duck("build")
            return pg_build.result().stdout

    load_raw(pg_server, batch=1)
    pg_night1 = build_both()
    nights = {"night1": (duck_marts(), pg_marts())}
    load_raw(pg_server, batch=2)
    create_warehouse(duck.warehouse, batch=2)
    pg_night2 = build_both()
    nights["night2"] = (duck_marts(), pg_marts())
    with psycopg.connect(pg_server.dsn(DBNAME)) as con:
        snapshot = con.execute(
            "select url, dbt_valid_to is null from snapshots.snp_articles order by url, dbt_valid_from"
        ).fetchall()
    return {"logs": (pg_night1, pg_night2), "nights": nights, "snapshot": snapshot}


def test_postgres_build_passes_every_test_and_contract(both_targets):
    for log in both_targets["logs"]:
        assert "ERROR=0" in log and "WARN=0" in log and "SKIP=0" in log, log[-3000:]
        assert "unit_test" in log


@pytest.mark.parametrize("night", ["night1", "night2"])
@pytest.mark.parametrize("mart", MARTS)
def test_marts_equal_row_for_row(both_targets, night, mart):
    duck, pg = both_targets["nights"][night]
    assert pg[mart], f"{mart} is empty on postgres"
    assert len(pg[mart]) == len(duck[mart])
    assert pg[mart] == duck[mart]


def test_postgres_incremental_took_the_correction(both_targets):
    _, pg = both_targets["nights"]["night2"]
    facts = pg["fct_indicator_observation"]
    assert len(facts) == 13
    quotes = {row[12] for row in facts}  # quote column
    assert "2.4万件" in quotes and "2.3万件" not in quotes


def test_postgres_snapshot_keeps_the_corrected_article(both_targets):
    binzhou = [row for row in both_targets["snapshot"] if "binzhou" in row[0]]
    assert [current for _, current in binzhou] == [False, True]


def test_postgres_relations_and_columns_carry_their_descriptions(both_targets, pg_server):
    """persist_docs on the postgres target: psql's \\d+ and BI tools show the project's descriptions."""
    with psycopg.connect(pg_server.dsn(DBNAME)) as con:
        comments = dict(
            con.execute(
                "select c.relname, obj_description(c.oid, 'pg_class') from pg_class c"
                " join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'marts'"
            ).fetchall()
        )
        column = con.execute(
            "select col_description('marts.dim_region'::regclass, a.attnum) from pg_attribute a"
            " where a.attrelid = 'marts.dim_region'::regclass and a.attname = 'region_code'"
        ).fetchone()[0]
    assert all(comments.get(mart) for mart in MARTS), {m: comments.get(m) for m in MARTS}
    assert "GB/T 2260" in comments["dim_region"]
    assert column


def test_postgres_marts_keep_their_enforced_primary_keys(both_targets, pg_server):
    """PostgreSQL enforces every declared primary key (a B-tree updates in place); only DuckDB
    leaves it off its incremental models (macros/primary_keys.sql)."""
    with psycopg.connect(pg_server.dsn(DBNAME)) as con:
        keyed = {
            table
            for (table,) in con.execute(
                "select table_name from information_schema.table_constraints"
                " where table_schema = 'marts' and constraint_type = 'PRIMARY KEY'"
            ).fetchall()
        }
    assert {"fct_indicator_observation", "dim_article", "mart_indicator_time_series", "dim_region"} <= keyed


def test_postgres_nights_look_their_rows_up_in_indexes(both_targets, pg_server):
    """A row store reads whole rows: PostgreSQL's nights find the changed articles, their
    mentions and the touched partitions through indexes (macros/postgres_indexes.sql), and
    through staging views it can merge into the query (a view written with CTEs is planned
    on its own, and its table scanned whole: 13 s of a night at 100,000 articles)."""
    with psycopg.connect(pg_server.dsn(DBNAME)) as con:
        indexed = {
            (table, columns)
            for table, columns in con.execute(
                "select t.relname, string_agg(a.attname, ',' order by k.ord)"
                " from pg_index i join pg_class t on t.oid = i.indrelid"
                " join pg_namespace n on n.oid = t.relnamespace"
                " cross join lateral unnest(i.indkey) with ordinality as k(attnum, ord)"
                " join pg_attribute a on a.attrelid = t.oid and a.attnum = k.attnum"
                " where n.nspname in ('raw', 'intermediate', 'marts') and not i.indisprimary"
                " group by i.indexrelid, t.relname"
            ).fetchall()
        }
        assert {
            ("articles", "url"),
            ("articles", "loaded_at"),
            ("mentions", "article_id"),
            ("mentions", "extracted_at"),
            ("fct_indicator_observation", "indicator_key,region_key"),
            ("fct_indicator_observation", "article_id"),
            ("int_mention_figure_keys", "figure_hash"),
            ("dim_article", "url"),
            ("mart_indicator_time_series", "indicator_code,region_code"),
            ("mart_city_comparison", "province_code,indicator_code,period_code"),
        } <= indexed, indexed
        # with sequential scans priced out, a plan still scans a table only where no index can serve
        con.execute("set enable_seqscan = off")
        plan = con.execute(
            "explain (format json) select m.mention_id, a.loaded_at from staging.stg_raw__mentions as m"
            " join staging.stg_raw__articles as a on a.article_id = m.article_id"
            " where m.article_id in (select article_id from raw.articles where url = 'https://example.org/x')"
        ).fetchone()[0]
    scans = []

    def walk(node: dict) -> None:
        scans.append((node["Node Type"], node.get("Relation Name"), node.get("Index Name")))
        for child in node.get("Plans", []):
            walk(child)

    walk(plan[0]["Plan"])
    assert not [s for s in scans if s[0] == "Seq Scan" and s[1] in ("mentions", "articles")], scans
