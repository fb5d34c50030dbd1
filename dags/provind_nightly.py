"""provind_nightly: crawl every enabled bureau source, land, extract, audit, build the marts, publish.

Wiring only: the work lives in the step packages of `provind` (crawl, land, extract,
gates, publish), `provind_expectations` and the dbt project, imported inside the tasks so that
parsing this file stays fast and free of I/O (Airflow's best practices). The dbt
project runs as one `dbt build` task through astronomer-cosmos, from the project parsed
beforehand (`make manifest` runs `dbt parse`).

Every task that writes `warehouse.duckdb` takes the one slot of the
`duckdb_writer` pool: DuckDB allows a single writing process per file.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pendulum
from airflow.sdk import CronTriggerTimetable, Param, dag, get_current_context, task
from cosmos import ProfileConfig
from cosmos.constants import InvocationMode
from cosmos.operators.local import DbtBuildLocalOperator

from provind.alerts import ProvindNotifier
from provind.assets import PUBLISHED_MARTS, RAW_ARTICLES, RAW_MENTIONS

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DBT_PROJECT = PROJECT_ROOT / "dbt_project"
DATA_DIR = Path(os.environ.get("PROVIND_DATA_DIR") or PROJECT_ROOT / "data").resolve()
WRITER_POOL = "duckdb_writer"


@dag(
    dag_id="provind_nightly",
    description="Crawl bureau sites, extract indicators, build and publish the marts",
    schedule=CronTriggerTimetable("0 2 * * *", timezone="Asia/Shanghai"),
    start_date=pendulum.datetime(2026, 1, 1, tz="Asia/Shanghai"),
    catchup=False,
    max_active_runs=1,
    dagrun_timeout=timedelta(hours=4),
    on_failure_callback=ProvindNotifier(),  # also alerts when the run hits dagrun_timeout
    default_args={"retries": 1, "retry_delay": timedelta(seconds=30), "on_failure_callback": ProvindNotifier()},
    params={
        "reextract": Param(
            False, type="boolean", description="re-parse stored pages and re-extract every article (no network)"
        ),
        # dbt's data tests read the rows written since the last passing build, and every row once a
        # week by themselves (dbt_project/macros/nightly_tests.sql); this asks for every row tonight
        "full_tests": Param(False, type="boolean", description="run dbt's data tests on every row, not the night's"),
    },
    tags=["provind"],
    doc_md=__doc__,
)
def provind_nightly() -> None:
    # Every enabled entry, valid or not, in a few batches of whole hosts: each crawl task crawls
    # its batch's hosts at once, each host at its own pace, so a night costs about the slowest
    # host's polite crawl, not the sum (provind.crawl.batches). An invalid entry fails its own
    # crawl at once, with its problem as the error; a broken source fails its batch only after
    # the batch's other sources were crawled (provind.crawl.sources_tasks).
    @task
    def list_sources() -> list[list[str]]:
        from provind.crawl import sources_tasks

        return sources_tasks.batches_to_crawl()

    @task(retries=2, retry_delay=timedelta(seconds=10), max_active_tis_per_dag=4)
    def crawl(batch: list[str]) -> list[dict]:
        from provind.crawl import sources_tasks

        return sources_tasks.crawl_batch(batch, get_current_context()["run_id"])

    # Runs even when a source failed: one broken site must not cost the others their night.
    # The per-source figures come from each source's recorded outcome, those of a failed batch too.
    @task(pool=WRITER_POOL, trigger_rule="all_done", outlets=[RAW_ARTICLES])
    def land(crawls: list[list[dict]]) -> dict:
        from provind.crawl.batches import crawl_summaries
        from provind.crawl.sources_tasks import failing_at_once
        from provind.land import step as land_step

        run_id = get_current_context()["run_id"]
        with failing_at_once():  # an unreadable sources.yml: no retry can fix it
            return {"crawl": crawl_summaries(run_id), "land": land_step.land(run_id)}

    @task(pool=WRITER_POOL, outlets=[RAW_MENTIONS])
    def extract(landed: dict) -> dict:
        from provind import pipeline

        context = get_current_context()
        run_id, again = context["run_id"], context["params"]["reextract"]
        reparsed = pipeline.reparse(run_id) if again else None  # history benefits from a better parser too
        return {**landed, "reparse": reparsed, "extract": pipeline.extract(run_id, reextract=again)}

    @task(pool=WRITER_POOL, retries=0)
    def gate_raw(progress: dict) -> dict:
        from provind import gates

        return {**progress, "gates": gates.gate_raw(get_current_context()["run_id"])}

    # The whole project in one `dbt build` (seeds, models, snapshot, each node's data tests, in
    # dbt's order; a failed test skips what depends on it). One dbt start per night instead of
    # one per node: under a real executor every task is a fresh process that loads Airflow,
    # cosmos and dbt, about 4 s each, which cost the nightly more than the build itself
    # (docs/decisions.md). Each node's result is still kept: the run-end hook writes it to
    # meta.dbt_results, and the task log is dbt's log.
    dbt_build = DbtBuildLocalOperator(
        task_id="dbt_build",
        project_dir=DBT_PROJECT,
        profile_config=ProfileConfig(
            profile_name="provind", target_name="duckdb", profiles_yml_filepath=DBT_PROJECT / "profiles.yml"
        ),
        invocation_mode=InvocationMode.DBT_RUNNER,
        install_deps=False,  # no dbt packages: nothing to fetch (and no hub to fetch from)
        # dbt re-parses only what changed: cosmos starts from the newer of the project's own
        # target/partial_parse.msgpack (`make manifest`) and the one kept here from the last
        # build. Without a cache_dir cosmos skips partial parsing and parses everything.
        cache_dir=DATA_DIR / "state" / "dbt-parse",
        should_store_compiled_sql=False,  # a whole project's SQL is no use as one rendered field
        pool=WRITER_POOL,
        retries=0,
        emit_datasets=False,
        # dbt_project/selectors.yml: everything but the unit tests, which check the SQL, not the
        # night's data (CI runs them: `make test`, or `dbt build --selector full`)
        selector="nightly",
        # an environment variable, not a dbt var: the same vars every night keep partial parsing
        env={"PROVIND_WAREHOUSE": str(DATA_DIR / "warehouse.duckdb"), "PROVIND_FULL_TESTS": "{{ params.full_tests }}"},
        append_env=True,
    )

    # `dbt source freshness` on the raw tables (rules in dbt_project/models/staging/_raw__sources.yml):
    # a stale source is named in the run summary; it warns, it never stops the night's publication.
    # Beside dbt_build (the writer pool runs them one after the other); its progress feeds gate_marts.
    @task(pool=WRITER_POOL, retries=0)
    def source_freshness(progress: dict) -> dict:
        from provind.build import freshness

        return {**progress, "freshness": freshness.check(get_current_context()["run_id"])}

    @task(pool=WRITER_POOL, retries=0)
    def gate_marts(progress: dict) -> dict:
        from provind import gates

        return {**progress, "gates": [*progress["gates"], *gates.gate_marts(get_current_context()["run_id"])]}

    @task(pool=WRITER_POOL, retries=0, outlets=[PUBLISHED_MARTS])
    def publish(progress: dict) -> dict:
        from provind.publish import step as publish_step

        context = get_current_context()
        return publish_step.finish_run(context["run_id"], str(context["logical_date"]), progress)

    # A task called with another's output gets an XComArg that Airflow resolves to the value before
    # the task runs. Airflow's type hints cannot say so (the mypy plugin that does is not shipped
    # with it): hence the arg-type ignores on these calls.
    sources = list_sources()
    crawled = crawl.expand(batch=sources)
    audited_raw = gate_raw(extract(land(crawled)))  # type: ignore[arg-type]  # an XComArg, see above
    audited_raw >> dbt_build
    audited_marts = gate_marts(source_freshness(audited_raw))  # type: ignore[arg-type]  # an XComArg, see above
    dbt_build >> audited_marts

    @task(pool=WRITER_POOL, retries=0)
    def docs(summary: dict) -> str:
        """dbt's documentation of what was just published, readable offline (GX Data Docs come from the gates)."""
        from provind.build import docs as dbt_docs

        return str(dbt_docs.generate())

    published = publish(audited_marts)  # type: ignore[arg-type]  # an XComArg, see above
    docs(published)  # type: ignore[arg-type]  # an XComArg, see above

    # A night that did not publish is recorded as such: `publish` is failed or upstream_failed
    # whenever any step of the chain failed, and only then does this run (it is skipped otherwise,
    # which leaves the run's state to the other leaves). It writes the failure into meta.runs,
    # publishes the meta schema beside yesterday's marts and says FAILED in run_summary.txt.
    @task(pool=WRITER_POOL, retries=0, trigger_rule="one_failed")
    def record_failure() -> dict:
        from provind.publish import step as publish_step

        context = get_current_context()
        ti = context["ti"]
        try:  # the chain's task states name the failed step; the gates' own records give the reasons
            states = ti.get_task_states(dag_id=ti.dag_id, run_ids=[ti.run_id]).get(ti.run_id, {})
        except Exception:  # an older or test supervisor without the call: the records still tell
            states = {}
        failed = [task_id for task_id, state in states.items() if state == "failed"]
        recorded = publish_step.record_failed_run(context["run_id"], str(context["logical_date"]), failed)
        return {"status": recorded["status"], "failure": recorded.get("failure")}

    published >> record_failure()

    # A leaf that succeeds only when every source was crawled: a broken site fails the run (and
    # alerts) even though the healthy sources were published. Airflow judges a run by its leaves.
    @task(trigger_rule="all_success")
    def all_sources_crawled(crawls: list[list[dict]]) -> int:
        return sum(len(batch) for batch in crawls)

    all_sources_crawled(crawled)  # type: ignore[arg-type]  # an XComArg, see above


provind_nightly()
