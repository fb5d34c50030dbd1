"""`provind pipeline STEP`: run one step of the nightly pipeline outside Airflow, for debugging."""

from __future__ import annotations

import argparse
import json
import logging
from datetime import UTC, datetime
from typing import Any

# In the nightly's order; each step works on what the previous ones left in the data directory.
STEPS: dict[str, str] = {
    "crawl": "fetch one source (--source NAME) into landing/RUN_ID/NAME.jsonl.gz; needs the network",
    "land": "load every landing file not yet landed into the raw tables of warehouse.duckdb",
    "extract": "extract the figures of every article the current extractor has not processed yet",
    "gate-raw": "gate 1: check the raw mentions and the run's crawl; quarantine bad rows",
    "freshness": "`dbt source freshness` of the raw tables; writes reports/sources.json, names stale sources",
    "dbt": "`dbt build` of the whole project (seeds, models, snapshot, data tests) in warehouse.duckdb",
    "gate-marts": "gate 2: check the marts dbt built, before anything is published",
    "publish": "record the run in meta.runs, publish marts.duckdb atomically, write reports/run_summary.txt",
}

DESCRIPTION = """\
Run one step of the nightly pipeline by hand, outside Airflow, in the data directory
($PROVIND_DATA_DIR, default data/): to debug a step, or re-run it after a fix. The
step's result is printed as JSON; the exit status is 1 when a gate or dbt fails. The
steps, in the nightly's order:

""" + "\n".join(f"  {name:<11} {text}" for name, text in STEPS.items())

EXAMPLES = """\
examples:
  provind pipeline crawl --source demo --run-id night1    (with `provind demo-site` running)
  provind pipeline land --run-id night1
  provind pipeline extract --run-id night1
  provind pipeline gate-raw --run-id night1
  provind pipeline freshness --run-id night1
  provind pipeline dbt --run-id night1
  provind pipeline gate-marts --run-id night1
  provind pipeline publish --run-id night1

Give every step the same --run-id to reproduce one night: the gates check what that
run crawled and extracted, and publish summarises that run. The nightly itself runs
these steps under Airflow (`provind run`)."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("step", choices=STEPS, metavar="STEP", help="the step to run (one of those above)")
    parser.add_argument("--source", metavar="NAME", help="the sources.yml entry to crawl (crawl step only)")
    parser.add_argument(
        "--run-id",
        metavar="ID",
        default=f"cli__{datetime.now(UTC):%Y%m%dT%H%M%S}",
        help="the run the step's rows are recorded under (default: cli__ and the current UTC time)",
    )


def run(args: argparse.Namespace) -> int:
    from provind_expectations.runner import GateFailed

    try:
        return _run(args)
    except GateFailed as exc:
        print(exc)
        return 1


def _run(args: argparse.Namespace) -> int:
    from provind import gates, pipeline
    from provind.crawl import step as crawl_step
    from provind.land import step as land_step
    from provind.publish import step as publish_step

    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    result: dict[str, Any] | list[dict[str, Any]]  # a step's summary; the gates give one per suite
    if args.step == "crawl":
        if not args.source:
            raise SystemExit("provind pipeline crawl: --source is required")
        result = crawl_step.crawl(args.source, args.run_id)
    elif args.step == "land":
        result = land_step.land(args.run_id)
    elif args.step == "extract":
        result = pipeline.extract(args.run_id)
    elif args.step == "gate-raw":
        result = gates.gate_raw(args.run_id)
    elif args.step == "freshness":
        from provind.build import freshness

        result = freshness.check(args.run_id)
    elif args.step == "dbt":
        from provind.build.dbt import dbt_build

        result = dbt_build(args.run_id)
        print(json.dumps(result, ensure_ascii=False, indent=2, default=str))
        return 0 if result["success"] else 1
    elif args.step == "gate-marts":
        result = gates.gate_marts(args.run_id)
    else:
        result = publish_step.finish_run(args.run_id, args.run_id, {"gates": []})
    print(json.dumps(result, ensure_ascii=False, indent=2, default=str))
    return 0
