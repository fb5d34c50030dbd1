"""BI access as Superset does it: SQLAlchemy + duckdb-engine, read-only, on the published marts.

The URL is the one the README gives for Superset/Metabase/Evidence, and the queries are
the README's examples (fully qualified `marts.marts.<table>`: the file is `marts.duckdb`
and its schema is `marts`). The marts come from one real pipeline run (conftest).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

from tests.conftest import ROOT

pytestmark = [pytest.mark.integration, pytest.mark.timeout(1200)]


def readme_sql_blocks() -> list[str]:
    """The SQL of the README's BI section (```sql blocks between the team markers)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("<!-- team:start -->", 1)[1].split("<!-- team:end -->", 1)[0]
    return [b.strip().rstrip(";") for b in re.findall(r"```sql\n(.*?)```", section, re.DOTALL)]


@pytest.fixture(scope="module")
def engine(published_marts: Path):
    # exactly the SQLAlchemy URI a Superset "DuckDB" database gets
    eng = create_engine(f"duckdb:///{published_marts}?access_mode=read_only")
    yield eng
    eng.dispose()


def test_readme_documents_the_connection_and_queries():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "duckdb:///" in readme and "access_mode=read_only" in readme
    for tool in ("Superset", "Metabase", "Evidence"):
        assert tool in readme
    assert len(readme_sql_blocks()) >= 3


def test_superset_style_connection_lists_the_marts(engine):
    names = set(inspect(engine).get_table_names(schema="marts"))
    assert {"fct_indicator_observation", "dim_region", "dim_indicator", "dim_article"} <= names


@pytest.mark.parametrize("index", range(3))
def test_readme_queries_run_through_sqlalchemy(engine, index):
    blocks = readme_sql_blocks()
    sql = blocks[index]
    with engine.connect() as con:
        rows = con.execute(text(sql)).fetchall()
    assert rows, f"README query {index} returned no rows:\n{sql}"


def test_the_connection_is_read_only(engine):
    with engine.connect() as con, pytest.raises(Exception, match=r"(?i)read.only"):
        con.execute(text("CREATE TABLE marts.marts.scratch (x INTEGER)"))


def test_a_reader_does_not_block_the_publisher(engine, published_marts: Path):
    """BI holds the published file open read-only; the pipeline's atomic publish still replaces it."""
    from provind.publish import atomic

    with engine.connect() as con:
        before = con.execute(text("SELECT count(*) FROM marts.marts.fct_indicator_observation")).scalar()
        published = atomic.publish(published_marts.parent / "warehouse.duckdb", published_marts)
        during = con.execute(text("SELECT count(*) FROM marts.marts.fct_indicator_observation")).scalar()
    engine.dispose()
    with engine.connect() as con:
        after = con.execute(text("SELECT count(*) FROM marts.marts.fct_indicator_observation")).scalar()
    assert before == during == after > 0
    assert published
