"""Atomic publication of the marts: readers of the old file are never disturbed."""

from __future__ import annotations

import duckdb

from provind.publish import publish


def make_warehouse(path, run: int) -> None:
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE SCHEMA IF NOT EXISTS marts; CREATE SCHEMA IF NOT EXISTS meta")
        con.execute("CREATE OR REPLACE TABLE marts.dim_thing AS SELECT range AS id FROM range(?)", [run * 10])
        con.execute("CREATE OR REPLACE TABLE meta.runs AS SELECT ? AS run_id", [f"run-{run}"])
        con.execute("CREATE SCHEMA IF NOT EXISTS raw; CREATE OR REPLACE TABLE raw.secret AS SELECT 1 AS x")


def test_publish_copies_marts_and_meta_only(tmp_path):
    wh, marts = tmp_path / "warehouse.duckdb", tmp_path / "marts.duckdb"
    make_warehouse(wh, 1)
    counts = publish(wh, marts)
    assert counts == {"marts.dim_thing": 10, "meta.runs": 1}
    with duckdb.connect(str(marts), read_only=True) as con:
        schemas = {r[0] for r in con.execute("SELECT schema_name FROM information_schema.schemata").fetchall()}
        assert "raw" not in schemas, "raw tables stay in the pipeline's own database"
        assert con.execute("SELECT run_id FROM meta.runs").fetchone()[0] == "run-1"
    assert not list(tmp_path.glob(".marts.duckdb.*")), "no temporary file is left behind"


def test_open_reader_keeps_its_version_and_new_readers_see_the_new_one(tmp_path):
    wh, marts = tmp_path / "warehouse.duckdb", tmp_path / "marts.duckdb"
    make_warehouse(wh, 1)
    publish(wh, marts)
    reader = duckdb.connect(str(marts), read_only=True)
    try:
        make_warehouse(wh, 2)
        publish(wh, marts)
        assert reader.execute("SELECT count(*) FROM marts.marts.dim_thing").fetchone()[0] == 10
        assert reader.execute("SELECT run_id FROM meta.runs").fetchone()[0] == "run-1"
    finally:
        reader.close()
    with duckdb.connect(str(marts), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM marts.marts.dim_thing").fetchone()[0] == 20


def test_failed_publish_leaves_the_old_file_untouched(tmp_path):
    wh, marts = tmp_path / "warehouse.duckdb", tmp_path / "marts.duckdb"
    make_warehouse(wh, 1)
    publish(wh, marts)
    before = marts.read_bytes()
    try:
        publish(tmp_path / "missing" / "warehouse.duckdb", marts)
    except Exception:
        pass
    else:
        raise AssertionError("publishing from a missing warehouse must fail")
    assert marts.read_bytes() == before


def test_a_warehouse_without_marts_is_never_published(tmp_path):
    wh, marts = tmp_path / "warehouse.duckdb", tmp_path / "marts.duckdb"
    make_warehouse(wh, 1)
    publish(wh, marts)
    before = marts.read_bytes()
    with duckdb.connect(str(wh)) as con:
        con.execute("DROP SCHEMA marts CASCADE")
    try:
        publish(wh, marts)
    except RuntimeError as exc:
        assert "no marts tables" in str(exc)
    else:
        raise AssertionError("an empty publication must be refused")
    assert marts.read_bytes() == before
