"""A backfill of past nights through Airflow's own backfill, under the real scheduler of `test_scheduler.py`.

On the deployment the package-scoped fixtures start (PostgreSQL metadata, API server,
scheduler, DAG processor, LocalExecutor), after the nightly run of the latest past
02:00 (night N), this does what docs/operations.md tells an operator to do:

- `airflow backfill create ... --dry-run` lists the nights a range covers, creating nothing;
- `airflow backfill create --dag-id provind_nightly --from-date <N-2> --to-date <N>T02:00
  --max-active-runs 1 --reprocess-behavior failed` (while the DAG is paused: its runs
  wait, queued, until it is unpaused) creates one `backfill` run for each of nights N-2
  and N-1 and none for N, which already succeeded; the runs succeed one after the other,
  record themselves in `meta.runs`, land under their own directory, publish marts
  identical to those before, and each publish triggers provind_report;
- a second backfill while one runs is refused (409), and re-submitting the same range
  through the REST API (`POST /api/v2/backfills`, as the UI does) creates no run.

Two nightly runs under the real executor, one after the other: about 5 minutes on a
2-core machine.
"""

from __future__ import annotations

import itertools
import re
import time
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import duckdb
import pytest
import requests

from provind.crawl.journal import safe_run_id
from tests.integration.airflow_deployment import NIGHTLY, REPORT, Deployment, airflow, finished, wait_until
from tests.pg import pg_bindir

pytestmark = [
    pytest.mark.integration,
    pytest.mark.timeout(1200),
    pytest.mark.skipif(pg_bindir() is None, reason="Debian's postgresql is missing (make test installs it)"),
]

TZ = ZoneInfo("Asia/Shanghai")  # the deployment's default timezone and the DAG's schedule's
NIGHT = timedelta(days=1)
DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[+-]\d{2}:\d{2}|Z)?")


def marts_snapshot(marts: Path) -> dict[str, Counter]:
    """Every row of every published `marts` table, as a multiset per table."""
    con = duckdb.connect()
    try:
        con.execute(f"ATTACH '{marts}' AS published (READ_ONLY)")
        tables = [
            r[0]
            for r in con.execute(
                "SELECT table_name FROM information_schema.tables"
                " WHERE table_catalog = 'published' AND table_schema = 'marts' ORDER BY 1"
            ).fetchall()
        ]
        return {t: Counter(con.execute(f'SELECT * FROM published.marts."{t}"').fetchall()) for t in tables}
    finally:
        con.close()


def meta_runs(marts: Path) -> dict[str, str]:
    with duckdb.connect(str(marts), read_only=True) as con:
        return dict(con.execute("SELECT run_id, logical_date FROM meta.runs").fetchall())


def dag_runs(dep: Deployment, dag_id: str) -> list[dict]:
    return dep.get(f"/dags/{dag_id}/dagRuns?limit=100&order_by=logical_date")["dag_runs"]


def when(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def backfill_cli(dep: Deployment, *args: str) -> str:
    proc = airflow({**dep.env, "COLUMNS": "200"}, "backfill", "create", "--dag-id", NIGHTLY, *args, timeout=300)
    return proc.stdout


def dry_run_nights(output: str) -> list[datetime]:
    """The logical dates of the table the CLI prints after "Runs to be attempted:"."""
    table = output.split("Runs to be attempted:", 1)[1]
    return [when(m) for m in DATETIME.findall(table)]


def poll(predicate, timeout: float, interval: float = 2) -> Any:
    """Like `wait_until`, but None on timeout: for what a test asserts rather than what the fixture needs."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := predicate():
            return result
        time.sleep(interval)
    return None


def failed_task_log(dep: Deployment, run_id: str, ti: dict) -> str:
    """The tail of the last attempt's log of one task instance that did not succeed."""
    folder = dep.home / "logs" / f"dag_id={NIGHTLY}" / f"run_id={run_id}" / f"task_id={ti['task_id']}"
    if ti["map_index"] >= 0:
        folder = folder / f"map_index={ti['map_index']}"
    logs = sorted(folder.glob("attempt=*.log"))
    return logs[-1].read_text(errors="replace")[-3000:] if logs else f"no log under {folder}"


def completed_backfill(dep: Deployment, backfill_id: int) -> dict | None:
    backfill = dep.get(f"/backfills/{backfill_id}")
    return backfill if backfill["completed_at"] else None


@pytest.fixture(scope="module")
def backfill(nightly, deployment: Deployment) -> dict[str, Any]:
    dep = deployment
    marts = dep.data / "marts.duckdb"
    assert nightly["state"] == "success", "the backfill starts from a published night"
    night = when(dep.get(f"/dags/{NIGHTLY}/dagRuns/{nightly['run_id']}")["logical_date"])
    local = night.astimezone(TZ)
    assert (local.hour, local.minute) == (2, 0), f"the nightly run is on the schedule's grid: {local}"
    first = (local - 2 * NIGHT).date()
    before = marts_snapshot(marts)
    runs_before = dag_runs(dep, NIGHTLY)
    reports_before = {r["dag_run_id"] for r in dag_runs(dep, REPORT)}

    # --dry-run: a date alone is midnight in the default timezone, so `--to-date <night N's date>`
    # ends before N's 02:00 run; with --reprocess-behavior completed, N would be listed if covered.
    started = time.monotonic()
    dry = backfill_cli(
        dep,
        "--from-date",
        first.isoformat(),
        "--to-date",
        local.date().isoformat(),
        "--dry-run",
        "--reprocess-behavior",
        "completed",
    )
    dry_seconds = time.monotonic() - started
    runs_after_dry_run = dag_runs(dep, NIGHTLY)

    # The documented command, while the DAG is paused (as a fresh deployment's DAGs are).
    assert dep.send("PATCH", f"/dags/{NIGHTLY}", {"is_paused": True})["is_paused"] is True
    created = time.monotonic()
    backfill_cli(
        dep,
        "--from-date",
        first.isoformat(),
        "--to-date",
        f"{local.date().isoformat()}T02:00",
        "--max-active-runs",
        "1",
        "--reprocess-behavior",
        "failed",
    )
    create_seconds = time.monotonic() - created
    backfills = dep.get(f"/backfills?dag_id={NIGHTLY}")["backfills"]
    assert len(backfills) == 1, backfills
    backfill = backfills[0]
    time.sleep(6)  # a few scheduler loops (one a second when idle)
    while_paused = [(r["dag_run_id"], r["state"]) for r in dag_runs(dep, NIGHTLY) if r["run_type"] == "backfill"]
    assert dep.send("PATCH", f"/dags/{NIGHTLY}", {"is_paused": False})["is_paused"] is False
    unpaused = time.monotonic()

    # A second backfill while this one runs: refused.
    body = {
        "dag_id": NIGHTLY,
        "from_date": (night - 2 * NIGHT).isoformat(),
        "to_date": night.isoformat(),
        "max_active_runs": 1,
        "reprocess_behavior": "failed",
    }
    conflict = requests.post(f"{dep.api}/api/v2/backfills", json=body, headers=dep.headers(), timeout=30)

    done = wait_until(lambda: completed_backfill(dep, backfill["id"]), 900, "the backfill to complete", dep.procs, 2)
    completed_after = time.monotonic() - unpaused
    runs = [r for r in dag_runs(dep, NIGHTLY) if r["run_type"] == "backfill"]
    tis = {
        r["dag_run_id"]: dep.get(f"/dags/{NIGHTLY}/dagRuns/{r['dag_run_id']}/taskInstances?limit=1000") for r in runs
    }
    tis = {run_id: t["task_instances"] for run_id, t in tis.items()}
    for run_id, run_tis in tis.items():
        for t in run_tis:
            if t["state"] != "success":
                print(f"{run_id} {t['task_id']}[{t['map_index']}] {t['state']}:\n{failed_task_log(dep, run_id, t)}")

    # Re-submitting the same range through the REST API (as the UI does) once the first completed.
    original = dep.get(f"/dags/{NIGHTLY}/dagRuns/{nightly['run_id']}")
    runs_before_resubmit = {r["dag_run_id"]: r["state"] for r in dag_runs(dep, NIGHTLY)}
    resubmitted = dep.send("POST", "/backfills", body)

    def reports_settled() -> list[dict] | None:
        new = [r for r in dag_runs(dep, REPORT) if r["dag_run_id"] not in reports_before]
        return new if new and all(finished(r["state"]) for r in new) else None

    reports = poll(reports_settled, 90) or [r for r in dag_runs(dep, REPORT) if r["dag_run_id"] not in reports_before]
    after = marts_snapshot(marts)
    published_runs = meta_runs(marts)
    dry_runs = {
        behaviour: dep.send("POST", "/backfills/dry_run", {**body, "reprocess_behavior": behaviour})
        for behaviour in ("none", "failed", "completed")
    }
    # Nothing to run: the scheduler marks it completed on its next check (every 30 s).
    resubmitted_done = poll(lambda: completed_backfill(dep, resubmitted["id"]), 90)
    runs_after_resubmit = {r["dag_run_id"]: r["state"] for r in dag_runs(dep, NIGHTLY)}

    durations = ", ".join(f"{r['dag_run_id']} {r['state']} {r['duration'] or 0:.0f} s" for r in runs)
    print(
        f"\nbackfill of {len(runs)} nights (max_active_runs 1): CLI dry run {dry_seconds:.1f} s, create "
        f"{create_seconds:.1f} s; unpause -> backfill completed {completed_after:.1f} s; runs: {durations}; "
        f"{REPORT} runs after it: {[(r['run_type'], r['state']) for r in reports]}"
    )
    return {
        "night": night,
        "dry_output": dry,
        "runs_after_dry_run": runs_after_dry_run,
        "backfill": backfill,
        "done": done,
        "while_paused": while_paused,
        "conflict": conflict,
        "runs_before": runs_before,
        "original": original,
        "runs": runs,
        "tis": tis,
        "reports": reports,
        "before": before,
        "after": after,
        "published_runs": published_runs,
        "resubmitted": resubmitted,
        "resubmitted_done": resubmitted_done,
        "runs_before_resubmit": runs_before_resubmit,
        "runs_after_resubmit": runs_after_resubmit,
        "dry_runs": dry_runs,
    }


def test_dry_run_lists_the_nights_and_creates_nothing(backfill):
    night = backfill["night"]
    assert dry_run_nights(backfill["dry_output"]) == [night - 2 * NIGHT, night - NIGHT], backfill["dry_output"]
    ids = [(r["dag_run_id"], r["state"]) for r in backfill["runs_after_dry_run"]]
    assert ids == [(r["dag_run_id"], r["state"]) for r in backfill["runs_before"]], "the dry run created no run"
    assert len(backfill["runs_before"]) == 1


def test_backfill_runs_one_run_per_missing_night(backfill):
    night, runs = backfill["night"], backfill["runs"]
    assert sorted(when(r["logical_date"]) for r in runs) == [night - 2 * NIGHT, night - NIGHT]
    for r in runs:
        assert r["run_type"] == "backfill" and r["triggered_by"] == "backfill"
        assert r["dag_run_id"] == f"backfill__{when(r['logical_date']).isoformat()}"
        assert r["state"] == "success", r
        states = [(t["task_id"], t["map_index"], t["state"]) for t in backfill["tis"][r["dag_run_id"]]]
        # record_failure runs only when something failed: on a good night it is skipped
        assert all(s == "success" or (task, s) == ("record_failure", "skipped") for task, _, s in states), states
    assert backfill["done"]["max_active_runs"] == 1
    assert backfill["done"]["reprocess_behavior"] == "failed"


def test_a_night_that_already_succeeded_is_not_run_again(backfill):
    """Night N is in the range, but its run succeeded: --reprocess-behavior failed leaves it alone."""
    (before,) = backfill["runs_before"]
    after = backfill["original"]
    assert when(before["logical_date"]) == backfill["night"]
    assert after["run_type"] == "manual", "not taken over by the backfill (which would clear and re-run it)"
    assert (after["state"], after["start_date"], after["end_date"]) == (
        before["state"],
        before["start_date"],
        before["end_date"],
    )


def test_backfill_runs_wait_while_the_dag_is_paused(backfill):
    assert len(backfill["while_paused"]) == 2
    assert all(state == "queued" for _, state in backfill["while_paused"]), backfill["while_paused"]


def test_backfill_runs_ran_one_at_a_time(backfill):
    runs = sorted(backfill["runs"], key=lambda r: r["start_date"])
    for a, b in itertools.pairwise(runs):
        assert when(b["start_date"]) >= when(a["end_date"]), f"{a['dag_run_id']} and {b['dag_run_id']} overlapped"
    # and so did their tasks: the second run's first task started after the first run's last task ended
    spans = []
    for r in runs:
        tis = [t for t in backfill["tis"][r["dag_run_id"]] if t["start_date"] and t["end_date"]]
        spans.append((min(when(t["start_date"]) for t in tis), max(when(t["end_date"]) for t in tis)))
    for (_, end), (start, _) in itertools.pairwise(spans):
        assert start >= end


def test_backfill_leaves_the_published_marts_unchanged(backfill):
    before, after = backfill["before"], backfill["after"]
    facts = after["fct_indicator_observation"]
    assert facts, "facts are published"
    assert max(facts.values()) == 1, "no fact row is duplicated"
    assert facts == before["fct_indicator_observation"]
    assert after == before, [t for t in before if after.get(t) != before[t]]


def test_every_backfill_run_is_recorded_and_landed(backfill, deployment):
    published = backfill["published_runs"]
    for r in backfill["runs"]:
        run_id = r["dag_run_id"]
        assert run_id in published, f"{run_id} in meta.runs"
        assert when(published[run_id]) == when(r["logical_date"])
        landing = deployment.data / "landing" / safe_run_id(run_id)
        files = list(landing.glob("*.jsonl.gz"))
        assert files and all(f.with_name(f.name + ".landed").exists() for f in files), landing
    assert backfill["runs_before"][0]["dag_run_id"] in published


def test_a_second_backfill_while_one_runs_is_refused(backfill):
    conflict = backfill["conflict"]
    assert conflict.status_code == 409, conflict.text
    assert "already a running backfill" in conflict.json()["detail"]


def test_resubmitting_the_range_creates_no_runs(backfill):
    assert backfill["resubmitted"]["reprocess_behavior"] == "failed"
    assert backfill["resubmitted_done"], "a backfill with nothing to run completes within a minute"
    assert backfill["runs_after_resubmit"] == backfill["runs_before_resubmit"]
    assert len(backfill["runs_after_resubmit"]) == 3
    dry = backfill["dry_runs"]
    assert dry["none"]["total_entries"] == 0 and dry["failed"]["total_entries"] == 0
    assert dry["completed"]["total_entries"] == 3, "completed would re-run every night of the range"


def test_the_report_follows_the_backfill_publishes(backfill):
    reports = backfill["reports"]
    assert reports and all(r["state"] == "success" for r in reports), reports
    assert all(r["run_type"] == "asset_triggered" for r in reports)
