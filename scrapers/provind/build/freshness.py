"""`dbt source freshness` for the nightly: which raw tables stopped receiving rows.

The freshness rules live where dbt users look for them, in
`dbt_project/models/staging/_raw__sources.yml` (`warn_after` / `error_after` on each
source's `loaded_at_field`). A stale source is a warning, not a failure: the night's
marts are still built and published from what is there, and the run summary names
the stale source so a person looks at its bureau or crawler.

Run in-process with dbt's own runner, like the DAG's dbt_build (cosmos' DBT_RUNNER
mode) and `provind pipeline dbt`: a process that already has the warehouse open shares
its DuckDB instance. dbt's `sources.json` is kept in `reports/` beside the run summary.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Any

from provind import config

log = logging.getLogger(__name__)

STALE = ("warn", "error")


def check(run_id: str) -> dict[str, Any]:
    """Run `dbt source freshness` on the warehouse; returns what went in the run's progress.

    Never raises on a stale source, nor when dbt cannot check at all: freshness is advice
    about the night, and must not cost it its publication. Either shows in the summary.
    """
    from dbt.cli.main import dbtRunner

    os.environ.setdefault("PROVIND_WAREHOUSE", str(config.warehouse_path()))
    os.environ["PROVIND_RUN_ID"] = run_id  # what the on-run-end hook records in meta.dbt_results
    os.environ["DBT_SEND_ANONYMOUS_USAGE_STATS"] = "false"
    project = config.dbt_project_dir()
    work = config.state_dir() / "dbt-freshness"
    output = results_path()
    output.parent.mkdir(parents=True, exist_ok=True)
    output.unlink(missing_ok=True)  # never summarise an older night's file
    args = ["source", "freshness", "--project-dir", str(project), "--profiles-dir", str(project)]
    args += ["--target-path", str(work / "target"), "--log-path", str(work / "logs"), "--output", str(output)]
    try:
        outcome = dbtRunner().invoke(args)
        error = None if outcome.exception is None else str(outcome.exception)
    except Exception as exc:  # dbt itself broke: say so in the summary, publish anyway
        error = f"{type(exc).__name__}: {exc}"
    progress: dict[str, Any] = summarise(output) if output.exists() else {"checked": 0, "stale": [], "errors": []}
    if error or not output.exists():
        progress["errors"].append(error or "dbt wrote no sources.json")
    progress["sources_json"] = str(output)
    progress["lines"] = summary_lines(progress)
    for line in progress["lines"]:
        log.warning("%s", line) if progress["stale"] or progress["errors"] else log.info("%s", line)
    return progress


def results_path() -> Path:
    return config.data_dir() / "reports" / "sources.json"


def summarise(sources_json: Path) -> dict[str, Any]:
    """The stale sources of a dbt `sources.json`, oldest first; a source dbt could not query is an error."""
    results = json.loads(sources_json.read_text(encoding="utf-8")).get("results", [])
    stale, errors = [], []
    for result in results:
        name = ".".join(result["unique_id"].split(".")[-2:])  # source.provind.raw.articles -> raw.articles
        status = result.get("status")
        if status in STALE:
            age = result.get("max_loaded_at_time_ago_in_s")
            stale.append(
                {
                    "source": name,
                    "status": status,
                    "max_loaded_at": result.get("max_loaded_at"),
                    "age_hours": None if age is None else round(age / 3600, 1),
                }
            )
        elif status != "pass":
            errors.append(f"{name}: {result.get('error') or status}")
    stale.sort(key=lambda s: -(s["age_hours"] or 0))
    return {"checked": len(results), "stale": stale, "errors": errors}


def summary_lines(progress: dict[str, Any]) -> list[str]:
    """The run summary's lines about freshness (`provind.publish.summary.format_summary` prints them)."""
    head = f"source freshness   {progress['checked']} sources checked, "
    if not progress["stale"]:
        head += "all fresh"
    else:
        head += f"{len(progress['stale'])} STALE: " + ", ".join(
            f"{s['source']} ({s['status']}, last row {_age(s['age_hours'])})" for s in progress["stale"]
        )
    return [head] + [f"  could not check {error}" for error in progress["errors"]]


def _age(hours: float | None) -> str:
    if hours is None:
        return "never"
    return f"{hours:.0f} h ago" if hours < 72 else f"{hours / 24:.0f} days ago"
