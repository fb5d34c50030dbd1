"""Atomic publication of the marts: readers of the old file are never disturbed."""

from __future__ import annotations

import duckdb
import pytest

from provind.publish.atomic import publish


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


READER = r"""
import sys, time, duckdb
path, seconds = sys.argv[1], float(sys.argv[2])
deadline, reads, seen = time.monotonic() + seconds, 0, set()
while time.monotonic() < deadline:
    con = duckdb.connect(path, read_only=True)
    try:
        run_id = con.execute("SELECT run_id FROM meta.runs").fetchone()[0]
        rows = con.execute("SELECT count(*) FROM marts.marts.dim_thing").fetchone()[0]
    finally:
        con.close()
    # one consistent version: run-N always holds N*10 rows
    assert rows == int(run_id.split("-")[1]) * 10, (run_id, rows)
    reads += 1
    seen.add(run_id)
print(reads, len(seen))
"""


@pytest.mark.slow  # a reader process polls the file through several publications
def test_a_reader_in_a_loop_never_errors_and_always_sees_one_run(tmp_path):
    import subprocess
    import sys

    wh, marts = tmp_path / "warehouse.duckdb", tmp_path / "marts.duckdb"
    make_warehouse(wh, 1)
    publish(wh, marts)
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(marts), "6"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        run = 1
        while reader.poll() is None and run < 200:
            run += 1
            make_warehouse(wh, run)
            publish(wh, marts)
        out, err = reader.communicate(timeout=30)
    finally:
        if reader.poll() is None:
            reader.kill()
            reader.wait()
    assert reader.returncode == 0, err
    reads, versions = map(int, out.split())
    assert run > 3 and reads > 10 and versions > 1, (run, reads, versions)


KILLED_PUBLISHER = r"""
import sys, duckdb
from pathlib import Path
from provind.publish import atomic
wh = Path(sys.argv[1])
with duckdb.connect(str(wh)) as con:  # big enough that the copy takes a while
    con.execute("SET enable_progress_bar = false")  # stdout carries the script's own lines only
    con.execute("CREATE OR REPLACE TABLE marts.big AS SELECT range AS id, md5(range::VARCHAR) AS h FROM range(3000000)")
print("publishing", flush=True)
atomic.publish(wh, Path(sys.argv[2]))
print("done", flush=True)
"""


@pytest.mark.slow  # a publisher process killed half-way
def test_killing_a_publish_half_way_leaves_the_old_version_and_the_next_run_succeeds(tmp_path):
    import signal
    import subprocess
    import sys
    import time

    wh, marts = tmp_path / "warehouse.duckdb", tmp_path / "marts.duckdb"
    make_warehouse(wh, 1)
    publish(wh, marts)
    before = marts.read_bytes()
    proc = subprocess.Popen(
        [sys.executable, "-c", KILLED_PUBLISHER, str(wh), str(marts)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout.readline().strip() == "publishing"
    deadline = time.monotonic() + 30
    while not list(tmp_path.glob(".marts.duckdb.*.tmp")) and time.monotonic() < deadline:
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)  # by its PID, in the middle of writing the new file
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert marts.read_bytes() == before, "the published version is untouched"
    with duckdb.connect(str(marts), read_only=True) as con:
        assert con.execute("SELECT run_id FROM meta.runs").fetchone()[0] == "run-1"

    make_warehouse(wh, 2)
    counts = publish(wh, marts)  # the next run succeeds and sweeps the remains away
    assert counts["marts.dim_thing"] == 20
    assert not list(tmp_path.glob(".marts.duckdb.*"))
