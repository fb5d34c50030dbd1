"""provind_report: after every publish of the marts, write the HTML report people look at.

Scheduled on the `provind_published_marts` Asset that provind_nightly's publish task
updates, so it runs once per successful night (and never after a failed gate). It
only reads `marts.duckdb`, read-only: it takes no slot of the `duckdb_writer` pool.
Output: `$PROVIND_DATA_DIR/report/index.html` (see `provind.report`).
"""

from __future__ import annotations

from datetime import timedelta

import pendulum
from airflow.sdk import dag, task

from provind.assets import PUBLISHED_MARTS


def _on_failure(context) -> None:
    from provind.alerts import on_failure

    on_failure(context)


@dag(
    dag_id="provind_report",
    description="Render data/report/index.html from the published marts",
    schedule=[PUBLISHED_MARTS],
    start_date=pendulum.datetime(2026, 1, 1, tz="Asia/Shanghai"),
    catchup=False,
    max_active_runs=1,
    default_args={"retries": 1, "retry_delay": timedelta(seconds=30), "on_failure_callback": _on_failure},
    tags=["provind"],
    doc_md=__doc__,
)
def provind_report() -> None:
    @task
    def render_report() -> str:
        from provind.report import build_report

        return str(build_report())

    render_report()


provind_report()
