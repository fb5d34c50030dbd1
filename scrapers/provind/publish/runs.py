"""`meta.runs`: one row per run, its status ('publishing', 'published', 'failed') kept true.

The DDL is in `provind.schema`.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from provind import config
from provind.schema import RUNS_DDL

log = logging.getLogger(__name__)


KILLED_PUBLISH = (
    "the publication was interrupted before the published file was replaced: the previous marts stayed published"
)


def record_run(
    con,
    run_id: str,
    logical_date: str,
    meta: dict[str, Any],
    summary: dict[str, Any],
    *,
    status: str = "publishing",
    published_at: datetime | None = None,
    failure: dict[str, Any] | None = None,
) -> None:
    """Keep one row per pipeline run in `meta.runs`, published alongside the marts.

    A run about to publish is recorded 'publishing': only `mark_published`, once the
    published file is in place, makes it 'published'. A failed run carries its step,
    its failed checks and the reasons in words.
    """
    failure = failure or {}
    con.execute(RUNS_DDL)
    con.execute("DELETE FROM meta.runs WHERE run_id = ?", [run_id])
    row = {
        "run_id": run_id,
        "logical_date": logical_date,
        **{k: meta[k] for k in ("sources_crawled", "pages_fetched", "pages_not_modified", "pages_failed")},
        **{k: meta[k] for k in ("articles_new", "articles_total", "mentions_total", "quarantined_rows")},
        "quarantined_by_reason": json.dumps(meta["quarantined_by_reason"], ensure_ascii=False),
        "gates_passed": meta["gates_passed"],
        "gate_outcomes": json.dumps(meta["gate_outcomes"], ensure_ascii=False, default=str),
        "dbt_nodes": meta["dbt_nodes"],
        "dbt_failures": meta["dbt_failures"],
        "published_at": published_at,
        "summary": json.dumps(summary, ensure_ascii=False, default=str),
        "status": status,
        "failed_step": failure.get("step"),
        "failed_checks": json.dumps(failure["checks"], ensure_ascii=False) if failure else None,
        "failure_reasons": json.dumps(failure["reasons"], ensure_ascii=False) if failure else None,
        "recorded_at": utcnow(),
    }
    con.execute(
        f"INSERT INTO meta.runs ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})",
        list(row.values()),
    )


def mark_published(con, run_id: str, published_at: datetime | None) -> None:
    """The published file is this run's: say so in the warehouse too."""
    con.execute(
        "UPDATE meta.runs SET status = 'published', published_at = ?, failed_step = NULL, failed_checks = NULL,"
        " failure_reasons = NULL WHERE run_id = ?",
        [published_at, run_id],
    )


def reconcile_publications(con, target: Path | None = None) -> list[str]:
    """Settle the runs a killed publication left 'publishing', against the published file itself.

    A run the published file records as published was published (the process died just after
    the swap); any other was not: it is recorded failed at the publish step. Returns the runs settled.
    """
    con.execute(RUNS_DDL)
    pending = [
        r[0]
        for r in con.execute("SELECT run_id FROM meta.runs WHERE status IS NULL OR status = 'publishing'").fetchall()
    ]
    if not pending:
        return []
    published = published_runs(target)
    for run_id in pending:
        if run_id in published:
            mark_published(con, run_id, published[run_id])
        else:
            con.execute(
                "UPDATE meta.runs SET status = 'failed', published_at = NULL, failed_step = 'publish',"
                " failed_checks = '[]', failure_reasons = ? WHERE run_id = ?",
                [json.dumps([KILLED_PUBLISH]), run_id],
            )
            log.warning("run %s: %s", run_id, KILLED_PUBLISH)
    return pending


def published_runs(target: Path | None = None) -> dict[str, datetime | None]:
    """The runs the published file records as published, with their publication time."""
    import duckdb

    target = target or config.marts_path()
    if not target.exists():
        return {}
    with duckdb.connect(str(target), read_only=True) as con:
        columns = {
            r[0]
            for r in con.execute(
                "SELECT column_name FROM duckdb_columns() WHERE schema_name = 'meta' AND table_name = 'runs'"
            ).fetchall()
        }
        if "run_id" not in columns:
            return {}
        # a file published before statuses existed holds only runs that went on to publish
        where = "WHERE status = 'published'" if "status" in columns else ""
        when = "published_at" if "published_at" in columns else "NULL"
        return dict(con.execute(f"SELECT run_id, {when} FROM meta.runs {where}").fetchall())


def last_published_run(target: Path | None = None) -> dict[str, Any] | None:
    """The run whose marts are published now: the newest published one."""
    runs = published_runs(target)
    if not runs:
        return None
    run_id = max(runs, key=lambda r: (runs[r] is not None, runs[r] or datetime.min))
    return {"run_id": run_id, "published_at": runs[run_id]}


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)
