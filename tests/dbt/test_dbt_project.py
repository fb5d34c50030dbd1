"""The dbt project end to end on a scratch DuckDB warehouse: parse without a
database, build with every test, the marts' promises (URLs, quotes, 莱芜市 in
2018, unclassified), idempotent reruns, and incremental == full refresh."""

from __future__ import annotations

import json

import pytest

from tests.dbt.conftest import MARTS, mart_contents
from tests.dbt.sample_warehouse import create_warehouse


def test_parse_needs_no_database(dbt_factory):
    dbt = dbt_factory("parse", batch=None)
    dbt("parse")
    manifest = json.loads((dbt.work / "target" / "manifest.json").read_text())
    models = {n["name"] for n in manifest["nodes"].values() if n["resource_type"] == "model"}
    assert set(MARTS) <= models
    assert {"stg_raw__articles", "stg_raw__mentions"} <= models
    marts = [n for n in manifest["nodes"].values() if n["resource_type"] == "model" and n["name"] in MARTS]
    assert all(n["schema"] == "marts" and n["config"]["contract"]["enforced"] for n in marts)
    assert not dbt.warehouse.exists(), "dbt parse must not open the warehouse"


@pytest.fixture(scope="module")
def runs(dbt_factory):
    """Night 1 built, built again; night 2 landed and built incrementally; then a full refresh."""
    dbt = dbt_factory("build", batch=1)
    first = dbt("build")
    night1 = mart_contents(dbt)
    dbt("build")
    rerun = mart_contents(dbt)
    create_warehouse(dbt.warehouse, batch=2)
    dbt("run")
    incremental = mart_contents(dbt)
    dbt("run", "--full-refresh")
    full = mart_contents(dbt)
    return {
        "dbt": dbt,
        "log": first.stdout,
        "night1": night1,
        "rerun": rerun,
        "incremental": incremental,
        "full": full,
    }


def test_build_passes_every_test_and_contract(runs):
    assert "ERROR=0" in runs["log"] and "WARN=0" in runs["log"]
    assert "unit_test" in runs["log"]


def test_row_counts(runs):
    counts = {m: len(rows) for m, rows in runs["night1"].items()}
    # 13 mentions; the city's re-post of 莱芜市's pass rate is the same figure
    assert counts["fct_indicator_observation"] == 12
    assert counts["dim_article"] == 5
    assert counts["dim_period"] == 9  # 8 distinct period strings + unknown
    assert counts["dim_region"] > 7000
    assert counts["dim_date"] == 18628 + 1  # 1980-01-01..2030-12-31 and the -1 member
    assert counts["dim_indicator"] >= 1


def test_every_fact_resolves_to_an_article_url_and_a_quote(runs):
    rows = runs["dbt"].query("""
        select a.url, f.quote
        from marts.fct_indicator_observation f
        left join marts.dim_article a on f.article_id = a.article_id
    """)
    assert rows and all(url and url.startswith("https://") and quote.strip() for url, quote in rows)


def test_laiwu_2018_figure_joins_a_valid_region_version(runs):
    rows = runs["dbt"].query("""
        select r.region_code, r.name, r.level, r.valid_from, r.valid_to, f.region_match
        from marts.fct_indicator_observation f
        join marts.dim_region r on f.region_key = r.region_key
        join marts.dim_period p on f.period_key = p.period_key
        where f.mentioned_region_code = '371200' and p.period_code = '2018'
    """)
    assert len(rows) == 2
    for code, name, level, valid_from, valid_to, match in rows:
        assert (code, name, level, match) == ("371200", "莱芜市", "prefecture", "valid_version")
        assert valid_from.year <= 2018 and valid_to is not None and valid_to.year in (2018, 2019)


def test_unknown_indicator_is_unclassified(runs):
    rows = runs["dbt"].query("""
        select i.indicator_code, p.grain, r.level
        from marts.fct_indicator_observation f
        join marts.dim_indicator i on f.indicator_key = i.indicator_key
        join marts.dim_period p on f.period_key = p.period_key
        join marts.dim_region r on f.region_key = r.region_key
        where f.quote = '42项'
    """)
    assert rows == [("unclassified", "unparsed", "unknown")]
    null_period = runs["dbt"].query("""
        select p.period_code, r.region_code from marts.fct_indicator_observation f
        join marts.dim_period p using (period_key) join marts.dim_region r using (region_key)
        where f.quote = '11.8件'
    """)
    assert null_period == [("unknown", "100000")]


def test_dim_region_holds_shandong_counties(runs):
    (count,) = runs["dbt"].query("""
        select count(*) from marts.dim_region
        where province_code = '370000' and level = 'county' and valid_to is null
    """)[0]
    assert count == 136


def test_rerun_changes_nothing(runs):
    assert runs["rerun"] == runs["night1"]


def test_incremental_equals_full_refresh(runs):
    assert runs["incremental"] == runs["full"]
    facts = {r[0] for r in runs["dbt"].query("select quote from marts.fct_indicator_observation")}
    assert "2.4万件" in facts and "2.3万件" not in facts  # the correction supersedes
    assert "合格率93.2%" in facts  # the new article
    assert len(runs["full"]["fct_indicator_observation"]) == 13
