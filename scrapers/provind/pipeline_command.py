"""`provind pipeline STEP`: run one step of the nightly pipeline outside Airflow, for debugging."""

from __future__ import annotations

import argparse
import json
import logging
from datetime import UTC, datetime

STEPS = ("crawl", "land", "extract", "gate-raw", "gate-marts", "publish")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("step", choices=STEPS)
    parser.add_argument("--source", help="the source to crawl (crawl step)")
    parser.add_argument("--run-id", default=f"cli__{datetime.now(UTC):%Y%m%dT%H%M%S}")


def run(args: argparse.Namespace) -> int:
    from expectations.runner import GateFailed

    try:
        return _run(args)
    except GateFailed as exc:
        print(exc)
        return 1


def _run(args: argparse.Namespace) -> int:
    from provind import gates, pipeline

    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    if args.step == "crawl":
        if not args.source:
            raise SystemExit("provind pipeline crawl: --source is required")
        result = pipeline.crawl(args.source, args.run_id)
    elif args.step == "land":
        result = pipeline.land(args.run_id)
    elif args.step == "extract":
        result = pipeline.extract(args.run_id)
    elif args.step == "gate-raw":
        result = gates.gate_raw(args.run_id)
    elif args.step == "gate-marts":
        result = gates.gate_marts(args.run_id)
    else:
        result = pipeline.finish_run(args.run_id, args.run_id, {"gates": []})
    print(json.dumps(result, ensure_ascii=False, indent=2, default=str))
    return 0
