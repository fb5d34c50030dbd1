"""`dbt build` of the project outside Airflow, as the nightly's dbt_build task runs it."""

from __future__ import annotations

import os
from typing import Any


def dbt_build(run_id: str) -> dict[str, Any]:
    """`dbt build` as the nightly's dbt_build task runs it: the project's profiles, its `nightly` selector.

    In-process with dbt's own runner, like the DAG (cosmos' DBT_RUNNER mode). dbt's
    target/ and logs/ go under the data directory, so the checkout's parsed manifest
    (`make manifest`) is left alone.
    """
    from dbt.cli.main import dbtRunner

    from provind import config

    os.environ.setdefault("PROVIND_WAREHOUSE", str(config.warehouse_path()))
    os.environ["PROVIND_RUN_ID"] = run_id  # what the on-run-end hook records in meta.dbt_results
    os.environ["DBT_SEND_ANONYMOUS_USAGE_STATS"] = "false"
    project = config.dbt_project_dir()
    work = config.state_dir() / "dbt-cli"
    # dbt_project/selectors.yml: as the nightly, no unit tests (they are CI's: `make test`)
    args = ["build", "--selector", "nightly", "--project-dir", str(project), "--profiles-dir", str(project)]
    args += ["--target-path", str(work / "target"), "--log-path", str(work / "logs")]
    outcome = dbtRunner().invoke(args)
    statuses: dict[str, int] = {}
    for node in getattr(outcome.result, "results", None) or []:
        statuses[str(node.status)] = statuses.get(str(node.status), 0) + 1
    result: dict[str, Any] = {"success": bool(outcome.success), "nodes": statuses}
    if outcome.exception is not None:
        result["error"] = str(outcome.exception)
    return result
