"""`dbt source freshness` as the nightly runs it, and the selections of dbt_project/selectors.yml.

Freshness runs for real (dbt's own runner, in-process, as the DAG's source_freshness task)
on a scratch warehouse whose raw tables were last written 40 hours and months ago: the
rules of `_raw__sources.yml` (warn after 36 h, error after 7 days) make both stale, and
the run summary must name them.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import duckdb
import pytest

from tests.dbt.sample_warehouse import create_warehouse

# runs the dbt CLI (dbt source freshness, dbt build)
pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def freshness(tmp_path_factory):
    from provind.build import freshness

    data = tmp_path_factory.mktemp("freshness") / "data"
    data.mkdir()
    warehouse = data / "warehouse.duckdb"
    create_warehouse(warehouse, batch=1)  # mentions extracted in 2024: long stale
    forty_hours_ago = datetime.now(UTC).replace(tzinfo=None) - timedelta(hours=40)
    with duckdb.connect(str(warehouse)) as con:
        con.execute("UPDATE raw.articles SET loaded_at = ?", [forty_hours_ago])
    with pytest.MonkeyPatch.context() as env:
        env.setenv("PROVIND_DATA_DIR", str(data))
        env.setenv("PROVIND_WAREHOUSE", str(warehouse))
        yield data, freshness.check("night-1")


def test_stale_sources_are_named_oldest_first(freshness):
    _, result = freshness
    assert result["errors"] == []
    assert result["checked"] == 2
    stale = {s["source"]: s for s in result["stale"]}
    assert [s["source"] for s in result["stale"]] == ["raw.mentions", "raw.articles"]
    assert stale["raw.articles"]["status"] == "warn"  # 40 h: past warn_after (36 h), before error_after (7 days)
    assert 39 <= stale["raw.articles"]["age_hours"] <= 41
    assert stale["raw.mentions"]["status"] == "error"


def test_results_are_kept_as_dbt_sources_json(freshness):
    data, result = freshness
    sources = json.loads((data / "reports" / "sources.json").read_text(encoding="utf-8"))
    assert {r["unique_id"] for r in sources["results"]} == {
        "source.provind.raw.articles",
        "source.provind.raw.mentions",
    }
    assert result["sources_json"] == str(data / "reports" / "sources.json")
    # ...and not in meta.dbt_results, which says what the night's `dbt build` built and tested
    with duckdb.connect(str(data / "warehouse.duckdb")) as con:  # dbt-duckdb's instance is open here, read-write
        recorded = con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'meta' AND table_name = 'dbt_results'"
        ).fetchone()[0]
        if recorded:
            assert con.execute("SELECT count(*) FROM meta.dbt_results WHERE resource_type = 'source'").fetchone() == (
                0,
            )


def test_run_summary_names_the_stale_sources(freshness):
    from provind.publish import summary as run_summary

    _, result = freshness
    text = run_summary.format_summary({"run_id": "night-1", "freshness": result})
    line = next(line for line in text.splitlines() if line.startswith("source freshness"))
    assert "2 sources checked, 2 STALE" in line
    assert "raw.articles (warn, last row 40 h ago)" in line
    assert "raw.mentions (error, last row" in line


def test_fresh_sources_and_a_failed_check_read_plainly():
    from provind.build.freshness import summary_lines

    assert summary_lines({"checked": 2, "stale": [], "errors": []}) == [
        "source freshness   2 sources checked, all fresh"
    ]
    lines = summary_lines({"checked": 0, "stale": [], "errors": ["raw.articles: Catalog Error"]})
    assert lines[1] == "  could not check raw.articles: Catalog Error"


def test_nightly_selector_leaves_unit_tests_to_the_full_one(dbt_factory):
    dbt = dbt_factory("selectors", batch=None)

    def resource_types(selector: str) -> set[str]:
        out = dbt("ls", "--selector", selector, "--output", "json", "--output-keys", "resource_type", "--quiet").stdout
        return {json.loads(line)["resource_type"] for line in out.splitlines() if line.startswith("{")}

    nightly, full = resource_types("nightly"), resource_types("full")
    assert {"model", "seed", "snapshot", "test"} <= nightly
    assert "unit_test" not in nightly
    assert full == nightly | {"unit_test"}
