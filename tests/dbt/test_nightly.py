"""The nightly build does the night's work only, and stays as strict as a full one:
data tests read the rows written since the last passing build yet still fail on a
bad row the night brought (and keep failing until it is fixed); reference data is
rebuilt only when its file changed; an incremental model past `rebuild_share`
rebuilds, and either way equals a full refresh (macros/nightly_tests.sql,
macros/reference_state.sql, docs/incremental.md)."""

from __future__ import annotations

import json
import shutil
from datetime import date

import duckdb
import pytest

from tests.dbt.conftest import PROJECT, Dbt, mart_contents
from tests.dbt.sample_warehouse import T1, article, create_warehouse, insert, mentions_for

# dbt builds of a sample warehouse, night after night
pytestmark = pytest.mark.integration

PARTITIONS_ONLY = "{rebuild_share: 2, rebuild_share_marts: 2}"  # never rebuild: recompute the touched partitions
# the (indicator, region) pairs of night 2's change-log entry: the latest values it recomputed
NIGHT_2_PARTITIONS = """(
            select indicators.indicator_code, regions.region_code
            from intermediate.fct_indicator_observation_changes as changes
            join marts.dim_indicator as indicators using (indicator_key)
            join marts.dim_region as regions using (region_key)
            where changes.change_id = 2)"""
ALWAYS_REBUILD = "{rebuild_share: 0, rebuild_share_marts: 0}"
# the `unique` tests marked `meta: {night: primary_key}`, as dbt compiles them
PRIMARY_KEY_TESTS = {
    "_raw__sources.yml/source_unique_raw_mentions_mention_id.sql",
    "_raw__sources.yml/source_unique_raw_articles_article_id.sql",
    "stg_raw__mentions.yml/unique_stg_raw__mentions_mention_id.sql",
}


def results(dbt: Dbt) -> dict[str, dict]:
    """The last invocation's node results by unique id."""
    data = json.loads((dbt.work / "target" / "run_results.json").read_text())
    return {r["unique_id"]: r for r in data["results"]}


def failed_tests(dbt: Dbt) -> dict[str, int]:
    return {
        uid.split(".")[2]: r["failures"]
        for uid, r in results(dbt).items()
        if uid.startswith("test.") and r["status"] in ("fail", "error")
    }


def old_fact_outside_the_night(dbt: Dbt) -> tuple:
    """A fact of night 1 in a partition (indicator, region) that night 2 does not touch."""
    return dbt.query("""
        select observation_key, indicator_key, region_key from marts.fct_indicator_observation
        where (indicator_key, region_key) not in (
            select indicator_key, region_key from intermediate.fct_indicator_observation_changes
            where change_id = (select max(change_id) from intermediate.fct_indicator_observation_changes))
        order by observation_key limit 1
    """)[0]


@pytest.fixture
def two_nights(dbt_factory):
    """Night 1 built (every test passed: the mark), night 2 landed, not built."""
    dbt = dbt_factory("nightly", batch=1)
    dbt("build", "--selector", "nightly")
    create_warehouse(dbt.warehouse, batch=2)
    return dbt


def kind_test_name(dbt: Dbt) -> str:
    """The name of the accepted_values test on the fact table's kind (dbt may shorten long names)."""
    manifest = json.loads((dbt.work / "target" / "manifest.json").read_text())
    return next(
        node["name"]
        for node in manifest["nodes"].values()
        if node["resource_type"] == "test"
        and node.get("test_metadata", {}).get("name") == "accepted_values"
        and node.get("column_name") == "kind"
        and node.get("attached_node") == "model.provind.fct_indicator_observation"
    )


def test_tests_read_only_the_night_yet_catch_its_bad_row(two_nights):
    dbt = two_nights
    # the night brings a bad row: a mention of a night-2 article with a kind no fact may have
    con = duckdb.connect(str(dbt.warehouse))
    con.execute("""
        insert into raw.mentions (mention_id, article_id, seq, start_offset, end_offset, quote, sentence,
                                  subject, value, unit, kind, approx, is_target, region, region_code, period,
                                  indicator, extractor_version, extracted_at)
        select mention_id || '-bad', article_id, seq + 100, start_offset, end_offset, quote, sentence,
               subject, value + 1, unit, 'bogus', approx, is_target, region, region_code, period,
               indicator, extractor_version, extracted_at
        from raw.mentions
        where article_id in (select article_id from raw.articles where run_id = 'run-2')
        order by mention_id limit 1
    """)
    con.close()

    night = dbt("build", "--selector", "nightly", "--vars", PARTITIONS_ONLY, check=False)
    assert night.returncode != 0
    kind_test = kind_test_name(dbt)
    assert failed_tests(dbt) == {kind_test: 1}, night.stdout[-3000:]

    # a bad value in an old row, outside every partition night 2 touched, planted in the table by
    # hand (no build wrote it): only a full test reads it
    old_key, _, _ = old_fact_outside_the_night(dbt)
    con = duckdb.connect(str(dbt.warehouse))
    con.execute(f"update marts.fct_indicator_observation set kind = 'planted' where observation_key = '{old_key}'")
    con.close()

    # the failed build did not move the mark: the next night, with nothing new, still fails on
    # the night's bad row, and reads nothing outside the night
    again = dbt("build", "--selector", "nightly", "--vars", PARTITIONS_ONLY, check=False)
    assert again.returncode != 0 and failed_tests(dbt) == {kind_test: 1}

    # the weekly (or asked-for) full test reads every row: both
    dbt("test", "--vars", "{full_tests: true}", check=False)
    assert failed_tests(dbt)[kind_test] == 2


def test_a_duplicate_the_night_wrote_fails_the_nightly_build(two_nights):
    """A uniqueness no constraint enforces, the latest value per (indicator, region, kind, unit),
    is left to its test. A faulty night writes a second latest value into a partition it
    touched: the narrowed test reads every row sharing a touched row's key, and fails."""
    dbt = two_nights
    dbt("run", "--vars", PARTITIONS_ONLY)  # night 2's models; its tests below
    (touched,) = dbt.query(f"""
        select count(*) from marts.mart_latest_indicator_value
        where (indicator_code, region_code) in {NIGHT_2_PARTITIONS}
    """)[0]
    assert touched > 0, "night 2 recomputed some latest values"
    con = duckdb.connect(str(dbt.warehouse))
    con.execute(f"""
        insert into marts.mart_latest_indicator_value
        select * replace (latest_value_key || '-twin' as latest_value_key)
        from marts.mart_latest_indicator_value
        where (indicator_code, region_code) in {NIGHT_2_PARTITIONS}
        order by latest_value_key limit 1
    """)
    con.close()
    night = dbt("build", "--selector", "nightly", "--vars", PARTITIONS_ONLY, check=False)
    assert night.returncode != 0
    failed = failed_tests(dbt)
    combination = [name for name in failed if name.startswith("provind_unique_combination_mart_latest")]
    assert combination and failed[combination[0]] == 1, failed


def test_a_duplicate_fact_the_night_wrote_fails_its_unique_test(two_nights):
    """On DuckDB the incremental models keep their declared primary key without its index
    (macros/primary_keys.sql: rewriting the index cost most of a night's commit), so the
    fact table's narrowed `unique` test is what refuses a duplicate: a faulty night writes a
    fact twice into a partition it touched, and the nightly build fails on it."""
    dbt = two_nights
    dbt("run", "--vars", PARTITIONS_ONLY)  # night 2's models; its tests below
    keyed = {
        table
        for (table,) in dbt.query(
            "select table_name from duckdb_constraints()"
            " where schema_name = 'marts' and constraint_type = 'PRIMARY KEY'"
        )
    }
    assert "dim_region" in keyed, "a table rebuilt whole keeps its enforced key"
    assert not keyed & {"fct_indicator_observation", "dim_article", "mart_indicator_time_series"}, keyed
    # nor the indexes PostgreSQL's nights look rows up by (macros/postgres_indexes.sql)
    assert dbt.query("select index_name, table_name from duckdb_indexes()") == []
    con = duckdb.connect(str(dbt.warehouse))
    con.execute("""
        insert into marts.fct_indicator_observation
        select * from marts.fct_indicator_observation
        where (indicator_key, region_key) in (
            select indicator_key, region_key from intermediate.fct_indicator_observation_changes
            where change_id = (select max(change_id) from intermediate.fct_indicator_observation_changes))
        order by observation_key limit 1
    """)
    con.close()
    night = dbt("build", "--selector", "nightly", "--vars", PARTITIONS_ONLY, check=False)
    assert night.returncode != 0
    assert failed_tests(dbt).get("unique_fct_indicator_observation_observation_key") == 1, failed_tests(dbt)


def test_a_key_the_raw_table_enforces_is_read_by_full_tests_only(two_nights):
    """`unique` on raw.mentions' key and on stg_raw__mentions' (one row per raw row) reads no
    row at night, since the raw table's PRIMARY KEY refuses a duplicate when it is written
    (scrapers/provind/schema.py); the weekly full test still reads the whole column."""
    dbt = two_nights
    con = duckdb.connect(str(dbt.warehouse))
    with pytest.raises(duckdb.ConstraintException):
        con.execute("insert into raw.mentions select * from raw.mentions limit 1")
    con.close()
    dbt("build", "--selector", "nightly", "--vars", PARTITIONS_ONLY)
    compiled = dbt.work / "target" / "compiled" / "provind" / "models" / "staging"
    night = [(compiled / name).read_text() for name in sorted(PRIMARY_KEY_TESTS)]
    assert all("where 1 = 0" in sql for sql in night)
    dbt("test", "--vars", "{full_tests: true}")
    full = [(compiled / name).read_text() for name in sorted(PRIMARY_KEY_TESTS)]
    assert not any("where 1 = 0" in sql for sql in full)


def test_nightly_tests_are_narrowed_and_full_tests_are_not(two_nights):
    dbt = two_nights
    dbt("build", "--selector", "nightly", "--vars", PARTITIONS_ONLY)
    compiled = dbt.work / "target" / "compiled" / "provind" / "models" / "marts" / "fct_indicator_observation.yml"
    unique = (compiled / "unique_fct_indicator_observation_observation_key.sql").read_text()
    assert "fct_indicator_observation_changes" in unique and "change_id >" in unique
    # a BI mart's key hashes its partition's columns: the touched partitions are read, and
    # the night's keys are not looked up in the whole mart
    series = compiled.parent / "bi" / "mart_indicator_time_series.yml"
    series_unique = (series / "unique_mart_indicator_time_series_series_point_key.sql").read_text()
    assert "as touched_row where" in series_unique and "series_point_key in (select" not in series_unique
    dbt("test", "--vars", "{full_tests: true}")
    unique = (compiled / "unique_fct_indicator_observation_observation_key.sql").read_text()
    assert "fct_indicator_observation_changes" not in unique


@pytest.mark.parametrize("share", [PARTITIONS_ONLY, ALWAYS_REBUILD], ids=["partitions", "rebuild"])
def test_both_ways_equal_a_full_refresh(two_nights, share):
    dbt = two_nights
    dbt("build", "--selector", "nightly", "--vars", share)
    nightly = mart_contents(dbt)
    (everything,) = dbt.query("""
        select everything from intermediate.fct_indicator_observation_changes
        where change_id = (select max(change_id) from intermediate.fct_indicator_observation_changes)
        limit 1
    """)[0]
    assert everything == (share == ALWAYS_REBUILD)
    dbt("build", "--selector", "nightly", "--full-refresh")
    assert nightly == mart_contents(dbt)


# the city comparison's partitions that night 2 touched: (province, indicator, period)
NIGHT_2_CITY_PARTITIONS = """(
            select distinct versions.province_code, indicators.indicator_code, periods.period_code
            from intermediate.fct_indicator_observation_changes as changes
            join marts.dim_indicator as indicators using (indicator_key)
            join marts.dim_region as regions using (region_key)
            join marts.dim_region as versions on versions.region_code = regions.region_code
            join marts.dim_period as periods using (period_key)
            where changes.change_id = 2)"""


ZIBO_MAY = "淄博市5月份抽检食品1320批次。"


def test_city_comparison_recomputes_only_the_periods_the_night_touched(dbt_factory):
    """A batch spread over history touches many (province, indicator) pairs but few of their
    periods: the comparison recomputes the periods the night touched, not the pair's history."""
    dbt = dbt_factory("city_periods", batch=1)
    # night 1 also compares Zibo's food sampling of May; night 2 touches Binzhou's of July
    zibo = article(
        "https://amr.zibo.gov.cn/art/2024/6/3/art_1.html",
        ZIBO_MAY,
        published=date(2024, 6, 3),
        region="370300",
        source="zibo-amr",
        fetched_at=T1,
    )
    spec = ("1320批次", "食品抽检批次", "1320", "批次", "count", "exact", False, "淄博市", "370300", "2024-05")
    con = duckdb.connect(str(dbt.warehouse))
    insert(con, "articles", [zibo])
    insert(con, "mentions", mentions_for(zibo, [(*spec, "food_sampling_batches")], T1))
    con.close()
    dbt("build", "--selector", "nightly")
    create_warehouse(dbt.warehouse, batch=2)
    dbt("build", "--selector", "nightly", "--vars", PARTITIONS_ONLY)
    untouched = f"""
        where city_code = '370300' and indicator_code = 'food_sampling_batches' and period_code = '2024-05'
            and (province_code, indicator_code) in (select province_code, indicator_code from {NIGHT_2_CITY_PARTITIONS})
            and (province_code, indicator_code, period_code) not in {NIGHT_2_CITY_PARTITIONS}"""
    assert dbt.query("select count(*) from marts.mart_city_comparison" + untouched) == [(1,)], (
        "night 2 touches food sampling, not its May"
    )
    con = duckdb.connect(str(dbt.warehouse))
    con.execute("update marts.mart_city_comparison set city_name = 'untouched'" + untouched)
    # the comparison reads night 2's log entry again: its partitions are recomputed once more
    con.execute(
        "update intermediate.bi_mart_watermarks set consumed_change_id = 1 where model_name = 'mart_city_comparison'"
    )
    con.close()
    dbt("build", "--selector", "nightly", "--vars", PARTITIONS_ONLY)
    assert dbt.query("select city_name from marts.mart_city_comparison" + untouched) == [("untouched",)], (
        "a period night 2 left alone was recomputed"
    )
    recomputed = dbt.query(f"""
        select count(*) from marts.mart_city_comparison
        where (province_code, indicator_code, period_code) in {NIGHT_2_CITY_PARTITIONS}""")
    assert recomputed[0][0] > 0, "night 2's periods are in the comparison"


def test_a_change_log_from_before_periods_recomputes_everything(two_nights):
    """A warehouse whose change log predates its period column: its unread entries say nothing
    of the period, so the next build recomputes the city comparison whole, equal to a full refresh."""
    dbt = two_nights
    dbt("build", "--selector", "nightly", "--vars", PARTITIONS_ONLY)
    (key,) = dbt.query(f"""
        select comparison_key from marts.mart_city_comparison
        where (province_code, indicator_code, period_code) not in {NIGHT_2_CITY_PARTITIONS}
        order by comparison_key limit 1
    """)[0]
    con = duckdb.connect(str(dbt.warehouse))
    con.execute("update marts.mart_city_comparison set city_name = 'untouched' where comparison_key = ?", [key])
    # as the log was before: no period; and night 2's entries not yet read by the marts
    con.execute("alter table intermediate.fct_indicator_observation_changes drop column period_key")
    con.execute("update intermediate.bi_mart_watermarks set consumed_change_id = 1")
    con.close()
    dbt("build", "--selector", "nightly", "--vars", PARTITIONS_ONLY)
    assert dbt.query(f"select city_name from marts.mart_city_comparison where comparison_key = '{key}'") != [
        ("untouched",)
    ], "entries without a period must recompute every period"
    assert "period_key" in {
        c for (c,) in dbt.query("select column_name from (describe intermediate.fct_indicator_observation_changes)")
    }
    nightly = mart_contents(dbt)
    dbt("build", "--selector", "nightly", "--full-refresh")
    assert nightly == mart_contents(dbt)


def project_copy(tmp_path) -> Dbt:
    """The real project in tmp, its seeds real files (so a test may edit one)."""
    copy = tmp_path / "dbt_project"
    shutil.copytree(PROJECT, copy, ignore=shutil.ignore_patterns("target", "logs", "dbt_packages"))
    warehouse = tmp_path / "warehouse.duckdb"
    create_warehouse(warehouse, batch=1)
    return Dbt(copy, warehouse, tmp_path)


def test_unchanged_reference_file_skips_its_dimension_and_a_changed_one_rebuilds_it(tmp_path):
    dbt = project_copy(tmp_path)
    dbt("build", "--selector", "nightly")
    # mark the built dimension: a rebuild would put the seed's name back

    con = duckdb.connect(str(dbt.warehouse))
    con.execute("update marts.dim_region set name = 'untouched' where region_code = '370100'")
    con.close()

    dbt("build", "--selector", "nightly")
    run = results(dbt)
    assert run["seed.provind.regions"]["message"].startswith("UNCHANGED")
    assert {name for (name,) in dbt.query("select name from marts.dim_region where region_code = '370100'")} == {
        "untouched"
    }, "an unchanged regions.csv must leave dim_region as it is"

    # a new version of the gazetteer: one more region
    regions = dbt.project_dir / "seeds" / "regions.csv"
    text = regions.read_text(encoding="utf-8")
    regions.unlink()  # may be a symlink into the extractor's reference data
    regions.write_text(text.rstrip("\n") + "\n999999,测试市,测试,prefecture,370000,370000,2024-01-01,\n", "utf-8")
    dbt("build", "--selector", "nightly")
    run = results(dbt)
    assert not run["seed.provind.regions"]["message"].startswith("UNCHANGED")
    names = {name for (name,) in dbt.query("select name from marts.dim_region where region_code = '370100'")}
    assert names == {"济南市"}
    assert dbt.query("select count(*) from marts.dim_region where region_code = '999999'") == [(1,)]
    # the other reference dimensions did not change: still their rows, not rebuilt twice over
    assert dbt.query("select count(*) from marts.dim_date") == [(18628 + 1,)]
