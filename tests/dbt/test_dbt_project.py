"""The dbt project end to end on a scratch DuckDB warehouse: parse without a
database, build with every test, the marts' promises (URLs, quotes, 莱芜市 in
2018, unclassified, the BI marts' answers), idempotent reruns, incremental ==
full refresh, the article snapshot, exposures and offline docs."""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
from decimal import Decimal

import pytest

from tests.dbt.conftest import BI_MARTS, DBT, MARTS, REPO, mart_contents
from tests.dbt.sample_warehouse import create_warehouse

# runs the dbt CLI (seed, build, test) on a scratch warehouse
pytestmark = pytest.mark.integration


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
    """Night 1 built, built again; night 2 landed and built incrementally (the fact table first,
    then everything); then a full refresh."""
    dbt = dbt_factory("build", batch=1)
    first = dbt("build")
    night1 = mart_contents(dbt)
    dbt("build")
    rerun = mart_contents(dbt)
    create_warehouse(dbt.warehouse, batch=2)
    # night 2 as if its build had stopped after the fact table: the next build's BI marts must
    # still take night 2's changes (they read the fact table's change log from their watermark)
    # (partitions, never a rebuild, however large the sample's night: tests/dbt/test_nightly.py has both)
    dbt("run", "--select", "fct_indicator_observation", "--vars", "{rebuild_share: 2, rebuild_share_marts: 2}")
    dbt("run", "--vars", "{rebuild_share: 2, rebuild_share_marts: 2}")
    incremental = mart_contents(dbt)
    dbt("snapshot")
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
    with (runs["dbt"].project_dir / "seeds" / "indicators.csv").open(encoding="utf-8") as catalog:
        codes = {row["indicator_code"] for row in csv.DictReader(catalog)}
    # every catalog entry once, and the `unclassified` member the facts of no entry point to
    dim = [code for (code,) in runs["dbt"].query("select indicator_code from marts.dim_indicator")]
    assert sorted(dim) == sorted(codes | {"unclassified"})
    assert counts["dim_indicator"] == len(dim)


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


def test_parse_declares_snapshot_and_exposures(dbt_factory):
    dbt = dbt_factory("parse-exposures", batch=None)
    dbt("parse")
    manifest = json.loads((dbt.work / "target" / "manifest.json").read_text())
    snapshots = [n for n in manifest["nodes"].values() if n["resource_type"] == "snapshot"]
    assert [(n["name"], n["config"]["strategy"], n["config"]["unique_key"]) for n in snapshots] == [
        ("snp_articles", "check", "url")
    ]
    assert snapshots[0]["config"]["check_cols"] == ["content_hash"]
    exposures = {e["name"]: e for e in manifest["exposures"].values()}
    assert {
        "superset_provincial_indicators",
        "metabase_city_rankings",
        "evidence_indicator_reports",
        "provind_html_report",
    } <= set(exposures)
    used = {dep.split(".")[-1] for e in exposures.values() for dep in e["depends_on"]["nodes"]}
    assert set(BI_MARTS) <= used
    documented = [n for n in manifest["nodes"].values() if n["resource_type"] == "model" and n["name"] in MARTS]
    for node in documented:
        assert node["description"], node["name"]
        assert all(c.get("description") and c.get("data_type") for c in node["columns"].values()), node["name"]


def test_latest_value_per_region_and_indicator(runs):
    rows = runs["dbt"].query("""
        select region_code, region_name, period_code, value, article_url
        from marts.mart_latest_indicator_value
        where indicator_code = 'food_sampling_pass_rate'
    """)
    assert rows == [("371200", "莱芜市", "2018", Decimal("98.5"), rows[0][4])]
    assert rows[0][4].startswith("https://amr.shandong.gov.cn/")
    (dupes,) = runs["dbt"].query("""
        select count(*) - count(distinct indicator_code || region_code || coalesce(kind, '') || coalesce(unit, ''))
        from marts.mart_latest_indicator_value
    """)[0]
    assert dupes == 0


def test_time_series_holds_reported_figures_of_known_indicators_only(runs):
    rows = runs["dbt"].query("""
        select t.indicator_code, t.region_level, t.period_grain, f.is_target
        from marts.mart_indicator_time_series t
        join marts.fct_indicator_observation f using (observation_key)
    """)
    assert rows
    assert all(code != "unclassified" and level != "unknown" and not target for code, level, _, target in rows)
    (facts,) = runs["dbt"].query("""
        select count(*) from marts.fct_indicator_observation f
        join marts.dim_indicator i using (indicator_key)
        join marts.dim_region r using (region_key)
        join marts.dim_period p using (period_key)
        where not f.is_target and i.indicator_code <> 'unclassified' and r.level <> 'unknown'
            and p.start_date is not null and p.end_date is not null
    """)[0]
    assert len(rows) <= facts


def test_city_comparison_ranks_prefecture_cities_in_their_province(runs):
    rows = runs["dbt"].query("""
        select province_code, city_code, city_name, rank_in_province, cities_compared, is_first
        from marts.mart_city_comparison
    """)
    assert rows
    for province, city, _name, rank, compared, first in rows:
        assert city[:2] == province[:2] and city.endswith("00") and not city.endswith("0000")
        assert 1 <= rank <= compared and first == (rank == 1)
    assert ("370000", "371200", "莱芜市", 1, 1, True) in rows


def test_snapshot_keeps_the_history_of_corrected_articles(runs):
    rows = runs["dbt"].query("""
        select url, content_hash, dbt_valid_to is null as is_current
        from snapshots.snp_articles order by url, dbt_valid_from
    """)
    binzhou = [r for r in rows if "binzhou" in r[0]]
    assert [current for _, _, current in binzhou] == [False, True]
    assert binzhou[0][1] != binzhou[1][1]
    assert len({r[0] for r in rows}) == len([r for r in rows if r[2]]) == 6


def test_docs_are_one_offline_page(runs):
    dbt = runs["dbt"]
    data = dbt.work / "data"
    env = {**os.environ, "DBT": str(DBT), "PROVIND_DATA_DIR": str(data), "PROVIND_WAREHOUSE": str(dbt.warehouse)}
    proc = subprocess.run([str(REPO / "scripts" / "dbt-docs.sh")], env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    page = (data / "docs" / "dbt" / "index.html").read_text(encoding="utf-8")
    assert "mart_city_comparison" in page and "metabase_city_rankings" in page
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=[\"']?(https?:)?//", page)
    manifest = json.loads((data / "docs" / "dbt" / "manifest.json").read_text())
    # dbt's docs page loads its tracker from a CDN only when usage stats are on
    assert manifest["metadata"]["send_anonymous_usage_stats"] is False
