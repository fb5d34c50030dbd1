"""The publish step of the night: record the run, publish it or record its failure, write the summary."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from provind import warehouse
from provind.publish import atomic
from provind.publish.runs import last_published_run, mark_published, reconcile_publications, record_run, utcnow
from provind.publish.summary import failure_of, gate_outcomes, run_metadata, write_summary

log = logging.getLogger(__name__)


def finish_run(run_id: str, logical_date: str, progress: dict[str, Any]) -> dict[str, Any]:
    """Record the run, publish the audited marts atomically, and write the run summary.

    The new published file carries this run's row already marked published; the warehouse
    marks it so only after the file is in place. A publication killed before the swap leaves
    the old file and a 'publishing' row, which the next run settles as failed.
    """
    summary = {**progress, "run_id": run_id, "logical_date": logical_date}
    with warehouse.connect() as con:
        reconcile_publications(con)
        summary["meta"] = run_metadata(con, run_id, progress)
        summary["marts"] = warehouse.table_counts(con, "marts")
        record_run(con, run_id, logical_date, summary["meta"], summary, status="publishing")
    published_at = utcnow()
    summary["published"] = atomic.publish(run_id=run_id, published_at=published_at)
    with warehouse.connect() as con:
        mark_published(con, run_id, published_at)
    summary.update(status="published", published_at=published_at)
    write_summary(summary)
    return summary


def record_failed_run(run_id: str, logical_date: str, failed_tasks: Iterable[str] = ()) -> dict[str, Any]:
    """Record a run that did not publish, and make its failure visible where people look.

    `meta.runs` gets the run with status 'failed', its failed step, checks and reasons; the
    meta schema is published beside the marts already published (which stay as they were);
    `run_summary.txt` says FAILED, with the reasons, and names the run whose marts stay.
    `failed_tasks` are the task ids Airflow reports failed, to name the step.
    """
    with warehouse.connect() as con:
        reconcile_publications(con)
        status = con.execute("SELECT status FROM meta.runs WHERE run_id = ?", [run_id]).fetchone()
        if status and status[0] == "published":  # the swap happened: only a later step failed
            log.info("run %s was published: nothing to record as failed", run_id)
            return {"run_id": run_id, "status": "published"}
        gates = gate_outcomes(con, run_id)
        failure = failure_of(con, run_id, failed_tasks, gates)
        summary: dict[str, Any] = {"gates": gates, "run_id": run_id, "logical_date": logical_date}
        summary.update(status="failed", failure=failure, meta=run_metadata(con, run_id, {"gates": gates}))
        record_run(con, run_id, logical_date, summary["meta"], summary, status="failed", failure=failure)
    summary["previous"] = last_published_run()
    summary["published_meta"] = atomic.publish_meta()
    write_summary(summary)
    return summary
