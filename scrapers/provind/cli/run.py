"""`provind run`: the nightly pipeline once, exactly as `make run` runs it (scripts/run-nightly.sh).

The script belongs to the project checkout (it sources scripts/airflow-env.sh and runs the
DAGs in dags/), so a wheel installed elsewhere runs it only with PROVIND_HOME set to a checkout.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from provind import config

SCRIPT = Path("scripts") / "run-nightly.sh"

DESCRIPTION = """\
Run the nightly pipeline once, as `make run` does: serve the embedded bureau site on
127.0.0.1, run the provind_nightly DAG with `airflow dags test` (no Airflow servers;
one line per task as it starts and ends), run the report DAG, stop the site and
print the run summary. The previously published marts stay untouched if a step fails.

Needs the project checkout set up once: `make run` (or `make venv manifest airflow-home`)
creates .venv, parses the dbt project and creates Airflow's database in .airflow/."""

EXAMPLES = """\
examples:
  provind run                          crawl the demo site, build and publish data/marts.duckdb
  provind run --reextract              also re-parse stored pages and re-extract every article
  provind run -- 2026-01-31            arguments after -- go to `airflow dags test provind_nightly`
  PROVIND_DEMO_PORT=9000 provind run   serve the demo site on another port

The full Airflow log is written to $PROVIND_DATA_DIR/reports/airflow-dags-test.log."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--reextract",
        action="store_true",
        help="re-parse the stored raw pages and re-extract every article (the DAG's `reextract` param)",
    )
    parser.add_argument(
        "airflow_args",
        nargs="*",
        metavar="ARG",
        help="after --: passed on to `airflow dags test provind_nightly` (e.g. a logical date)",
    )


def run(args: argparse.Namespace) -> int:
    root = config.project_root("the nightly script (scripts/run-nightly.sh)")
    script = root / SCRIPT
    if not script.is_file():
        print(
            f"provind run: {script} not found: `provind run` needs the project checkout (it runs the "
            f"nightly DAG from there); clone the repository and run `make run` in it, or set "
            f"{config.HOME_ENV} to it",
            file=sys.stderr,
        )
        return 2
    extra = list(args.airflow_args)
    if args.reextract:
        extra += ["--conf", json.dumps({"reextract": True})]
    os.chdir(root)
    sys.stdout.flush()
    sys.stderr.flush()
    # exec: the script owns the terminal and its signals (Ctrl-C stops the DAG and the demo site).
    os.execv("/bin/bash", ["bash", str(script), *extra])
    return 0  # not reached
