"""`provind sources check [FILE]`: every problem of a source registry, one line each.

    $ provind sources check sources.yml
    sources.yml: entry 6 (jinan-amr): field 'start_urls': start_urls[0] 'http://jnamr.gov.cn:879l/': port ...
    sources.yml: 1 error (21 sources, 3 enabled); the nightly fails the crawl of jinan-amr

Errors are problems of enabled entries (or of the file): exit status 1. A problem
in a disabled entry is a warning (the pipeline skips that entry): exit status 0,
unless `--strict`. Nothing is fetched: this reads the file only.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from provind import config
from provind.crawl.sources import Registry, SourceError, check_registry

WARNING = " (warning: the entry is disabled; the pipeline skips it)"


DESCRIPTION = """\
Work with the source registry (sources.yml): the bureau sites the nightly crawls, with
their start URLs, allowed domains, region codes and pacing. README.md ("Add a source")
describes its fields."""

EXAMPLES = """\
examples:
  provind sources check                        the registry in use ($PROVIND_SOURCES, else sources.yml)
  provind sources check my-sources.yml --strict
  provind sources check --help                 what the check reports and its exit status"""

CHECK_DESCRIPTION = """\
Validate a source registry without fetching anything: one line per problem, naming
file, entry and field, then a summary line. Exit status 1 when the file or an enabled
entry is invalid (the nightly would fail that entry's crawl); problems of disabled
entries are warnings (exit status 0 unless --strict)."""

CHECK_EXAMPLES = """\
examples:
  $ provind sources check sources.yml
  sources.yml: entry 6 (jinan-amr): field 'start_urls': start_urls[0] 'http://jnamr.gov.cn:879l/': port ...
  sources.yml: 1 error (21 sources, 3 enabled); the nightly fails the crawl of jinan-amr

  provind sources check --strict && echo ok    fail on warnings too (e.g. in CI)"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(
        dest="action", required=True, metavar="ACTION", title="actions", help="what to do with the registry"
    )
    check = actions.add_parser(
        "check",
        help="validate a source registry and print every problem by file, entry and field",
        description=CHECK_DESCRIPTION,
        epilog=CHECK_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check.add_argument(
        "file",
        nargs="?",
        type=Path,
        metavar="FILE",
        help="the registry (default: $PROVIND_SOURCES, else the project's sources.yml)",
    )
    check.add_argument("--strict", action="store_true", help="problems of disabled entries fail the check too")


def run(args: argparse.Namespace) -> int:
    path = args.file or config.sources_file()
    try:
        registry = check_registry(path)
    except SourceError as exc:  # the file itself: missing, not YAML, no `sources:` list
        print(exc)
        return 1
    for problem in registry.problems:  # in file order
        print(problem.message + (WARNING if problem.disabled else ""))
    print(summary(registry))
    failed = registry.errors or (args.strict and registry.warnings)
    return 1 if failed else 0


def summary(registry: Registry) -> str:
    counts = f"{_plural(registry.entries, 'source')}, {len(registry.to_crawl)} enabled"  # valid or not
    if registry.errors:
        names = ", ".join(dict.fromkeys(p.key for p in registry.errors))
        errors = _plural(len(registry.errors), "error")
        return f"{registry.path}: {errors} ({counts}); the nightly fails the crawl of {names}"
    if registry.warnings:
        return f"{registry.path}: OK with {_plural(len(registry.warnings), 'warning')} ({counts})"
    return f"{registry.path}: OK ({counts})"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")
