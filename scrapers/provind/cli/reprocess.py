"""`provind reprocess`: re-parse stored raw pages and re-extract every article, without the network."""

from __future__ import annotations

import argparse
import json
import logging
from datetime import UTC, datetime

DESCRIPTION = """\
Re-parse every stored raw page with the current parser and re-extract every article
with the current extractor, without touching the network: after an improvement of the
parser or the extractor, so that history benefits from it. Works on the warehouse in
$PROVIND_DATA_DIR; prints the counts as JSON. The next nightly builds and publishes
the marts from the new mentions (or run `provind pipeline dbt` and the later steps)."""

EXAMPLES = """\
examples:
  provind reprocess
  provind reprocess --run-id reparse-after-fix-42

The nightly does the same when triggered with {"reextract": true} (`provind run --reextract`)."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--run-id",
        metavar="ID",
        default=f"reprocess__{datetime.now(UTC):%Y%m%dT%H%M%S}",
        help="the run the re-extracted rows are recorded under (default: reprocess__ and the current UTC time)",
    )


def run(args: argparse.Namespace) -> int:
    from provind import pipeline

    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    parsed = pipeline.reparse(args.run_id)
    extracted = pipeline.extract(args.run_id, reextract=True)
    print(json.dumps({"reparse": parsed, "extract": extracted}, ensure_ascii=False))
    return 0
