"""The `provind` command: one sub-command per job, each defined in its own module.

Sub-command modules are imported lazily so that `provind extract` does not pay
for Airflow, dbt or Great Expectations imports.
"""

from __future__ import annotations

import argparse
import importlib
import sys

# name -> (module, help). Each module defines `add_arguments(parser)` and `run(args) -> int`.
COMMANDS: dict[str, tuple[str, str]] = {
    "extract": ("provind.extract.command", "print the indicator mentions of article files as JSON lines"),
    "crawl": ("provind.crawl.command", "crawl one site ad hoc with the pipeline's client and parser"),
    "demo-site": ("provind.demo_site.command", "serve the embedded bureau site on 127.0.0.1"),
    "pipeline": ("provind.pipeline_command", "run pipeline steps outside Airflow (for debugging)"),
    "quarantine": ("provind.quarantine_command", "list what the gates hold back; release it on purpose"),
    "reprocess": (
        "provind.reprocess_command",
        "re-parse and re-extract stored raw pages, without the network",
    ),
}


def build_parser(argv: list[str]) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="provind", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    wanted = next((a for a in argv if not a.startswith("-")), None)
    for name, (module_name, help_text) in COMMANDS.items():
        command_parser = sub.add_parser(name, help=help_text, description=help_text)
        # Only the chosen sub-command's module is imported: the others stay cheap.
        if name == wanted:
            module = importlib.import_module(module_name)
            module.add_arguments(command_parser)
            command_parser.set_defaults(_run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    try:
        return int(args._run(args) or 0)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
