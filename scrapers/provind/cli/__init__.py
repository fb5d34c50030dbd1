"""The `provind` command: one sub-command per job, each defined in its own module.

Sub-command modules are imported lazily so that `provind extract` does not pay
for Airflow, dbt or Great Expectations imports. Each module defines
`add_arguments(parser)` (its options, and its description and examples, which
are the module's `DESCRIPTION` and `EXAMPLES` when it has them) and `run(args) -> int`.
"""

from __future__ import annotations

import argparse
import importlib
import shutil
import sys

from provind import VERSION, config

# name -> (module, one line for the command list). Order: what a newcomer tries first.
COMMANDS: dict[str, tuple[str, str]] = {
    "run": ("provind.cli.run", "run the nightly pipeline once on the embedded demo site (as `make run`)"),
    "extract": ("provind.cli.extract", "print the indicator mentions of article files as JSON lines"),
    "crawl": ("provind.cli.crawl", "crawl one site ad hoc with the pipeline's client and parser"),
    "sources": ("provind.cli.sources", "check sources.yml: every problem by file, entry and field"),
    "pipeline": ("provind.cli.pipeline", "run one step of the nightly pipeline by hand, outside Airflow"),
    "reprocess": ("provind.cli.reprocess", "re-parse and re-extract stored raw pages, without the network"),
    "report": ("provind.cli.report", "write the HTML report of the published marts"),
    "demo-site": ("provind.cli.demo_site", "serve the embedded bureau site on 127.0.0.1"),
    "quarantine": ("provind.cli.quarantine", "list what the gates hold back; release it on purpose"),
}

DESCRIPTION = """\
provind collects the figures that Chinese statistics and market-supervision bureaus
publish (news articles, work reports, statistics releases) into a warehouse of
provincial indicators: every figure with its value, unit, region, period, canonical
indicator and the sentence it came from. Each night the pipeline crawls the sites in
sources.yml, extracts the figures, checks them, builds the marts with dbt and
publishes data/marts.duckdb. `provind run` runs that night once; the other commands
run one piece of it by hand."""

EPILOG = """\
examples:
  provind run                  the nightly once on the demo site (in the checkout, after `make run`)
  provind extract article.txt --published 2024-08-14 --region 371600
  provind sources check        validate sources.yml without fetching anything
  provind pipeline land        one step of the nightly by hand (see `provind pipeline --help`)
  provind report               write data/report/index.html from the published marts
  provind COMMAND --help       every option of a command, with examples

environment:
  PROVIND_HOME           the project checkout (dbt_project/, dags/, sources.yml, scripts/) for a
                         provind installed from a wheel (default: the checkout provind runs from)
  PROVIND_DATA_DIR       where everything is written: warehouse.duckdb, marts.duckdb, landing/,
                         state/, reports/, report/ (default: data/ in the project checkout)
  PROVIND_SOURCES        the source registry (default: sources.yml in the project checkout)
  PROVIND_DEMO_URL       base URL of the demo site that sources.yml's demo entries crawl
                         (default http://127.0.0.1:8765; `provind run` sets it)
  PROVIND_DEMO_PORT      port of the demo site `provind run` starts (default 8765)
  PROVIND_ALERT_WEBHOOK  JSON webhook a failed night is reported to (default: only logged); the
                         other targets: PROVIND_ALERT_DINGTALK, PROVIND_ALERT_DINGTALK_SECRET,
                         PROVIND_ALERT_WECOM, PROVIND_ALERT_FEISHU, PROVIND_ALERT_FEISHU_SECRET,
                         PROVIND_ALERT_EMAIL_TO, PROVIND_ALERT_EMAIL_FROM, PROVIND_ALERT_SMTP_HOST
                         (_PORT, _USER, _PASSWORD, _SECURITY), PROVIND_ALERTS_FILE (a YAML file of
                         targets); docs/operations.md. `python -m provind.alerts` sends a test alert
  PROVIND_WAREHOUSE      the DuckDB file dbt builds in (default: $PROVIND_DATA_DIR/warehouse.duckdb)
  PROVIND_RUN_ID         run id dbt records in meta.dbt_results outside Airflow (default dbt-cli)
  PROVIND_PG_HOST, PROVIND_PG_PORT, PROVIND_PG_USER, PROVIND_PG_PASSWORD, PROVIND_PG_DBNAME,
  PROVIND_PG_SCHEMA      dbt's `postgres` target (the team deployment; see .env.example)
  PROVIND_CRAWL_THREADS  hosts a crawl task asks at once, each at its own pace (default 64)
  PROVIND_CRAWL_BATCHES  crawl tasks the sources are spread over, whole hosts each (default 4)
  PROVIND_EXTRACT_WORKERS  processes a re-extraction runs on (default: every core)
  PROVIND_EXTRACT_BATCH  articles an extraction batch holds (default 2000)
  PROVIND_EXTRACT_LOG_SECONDS  seconds between the progress lines of an extraction (default 30)
  PROVIND_FULL_TESTS     true: the nightly dbt build tests every row, not only the night's (the DAG's
                         full_tests param sets it; every row is also tested weekly)
  PROVIND_PURE_PYTHON    1: run the extractor's sources even where `make venv` compiled them (to
                         compare, or to debug; provind/compiled.py)
  PROVIND_FAILPOINT      tests only: the crash tests name a point of the land step to be killed at
  sources.yml may use any other variable as ${NAME} or ${NAME:-default}.

documentation: README.md and docs/ in the project checkout."""


class _HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Keep the description's and epilog's own lines, and each command of the list on one line.

    argparse measures the command names one indent short of where it prints them, so the
    longer ones (`reprocess`, `demo-site`) would be wrapped onto a line of their own.
    """

    def __init__(self, prog: str) -> None:
        super().__init__(prog, width=min(100, shutil.get_terminal_size().columns - 2))

    def add_argument(self, action: argparse.Action) -> None:
        super().add_argument(action)
        if action.help is not argparse.SUPPRESS:
            for sub in self._iter_indented_subactions(action):
                width = len(self._format_action_invocation(sub)) + self._current_indent
                self._action_max_length = max(self._action_max_length, width)


def build_parser(argv: list[str]) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="provind", description=DESCRIPTION, epilog=EPILOG, formatter_class=_HelpFormatter
    )
    parser.add_argument("--version", action="version", version=f"provind {VERSION}", help="print the version and exit")
    sub = parser.add_subparsers(
        dest="command", metavar="COMMAND", title="commands", help="`provind COMMAND --help` shows its options"
    )
    wanted = next((a for a in argv if not a.startswith("-")), None)
    for name, (module_name, help_text) in COMMANDS.items():
        command_parser = sub.add_parser(name, help=help_text, description=help_text, formatter_class=_HelpFormatter)
        # Only the chosen sub-command's module is imported: the others stay cheap.
        if name == wanted:
            module = importlib.import_module(module_name)
            command_parser.description = getattr(module, "DESCRIPTION", help_text)
            command_parser.epilog = getattr(module, "EXAMPLES", None)
            module.add_arguments(command_parser)
            command_parser.set_defaults(_run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    if args.command is None:  # bare `provind`: say what it can do
        parser.print_help()
        return 0
    try:
        return int(args._run(args) or 0)
    except config.CheckoutNotFound as exc:  # a wheel outside the checkout: say which variable to set
        print(f"provind {args.command}: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
