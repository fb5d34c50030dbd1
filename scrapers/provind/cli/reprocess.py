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
the marts from the new mentions (or run `provind pipeline dbt` and the later steps).

Articles are extracted in batches by a pool of worker processes, with a progress line
in the log; a re-extraction killed midway carries on where it stopped when run again
(docs/operations.md, "Re-extracting history")."""

EXAMPLES = """\
examples:
  provind reprocess
  provind reprocess --run-id reparse-after-fix-42
  provind reprocess --workers 1              one process (a busy machine)

The nightly does the same when triggered with {"reextract": true} (`provind run --reextract`)."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--run-id",
        metavar="ID",
        default=f"reprocess__{datetime.now(UTC):%Y%m%dT%H%M%S}",
        help="the run the re-extracted rows are recorded under (default: reprocess__ and the current UTC time)",
    )
    parser.add_argument(
        "--workers",
        type=int,
        metavar="N",
        help="extracting processes (default: $PROVIND_EXTRACT_WORKERS, else the number of cores)",
    )
    parser.add_argument(
        "--batch-size",
        type=int,
        metavar="N",
        help="articles per batch (default: $PROVIND_EXTRACT_BATCH, else 2000)",
    )


def run(args: argparse.Namespace) -> int:
    from provind import reextract

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    parsed = reextract.reparse(args.run_id, batch_size=args.batch_size)
    extracted = reextract.extract_articles(
        args.run_id, everything=True, workers=args.workers, batch_size=args.batch_size
    )
    print(json.dumps({"reparse": parsed, "extract": extracted}, ensure_ascii=False))
    return 0
