"""`provind reprocess`: re-parse stored raw pages and re-extract every article, without the network."""

from __future__ import annotations

import argparse
import json
import logging
from datetime import UTC, datetime


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--run-id", default=f"reprocess__{datetime.now(UTC):%Y%m%dT%H%M%S}")


def run(args: argparse.Namespace) -> int:
    from provind import pipeline

    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    parsed = pipeline.reparse(args.run_id)
    extracted = pipeline.extract(args.run_id, reextract=True)
    print(json.dumps({"reparse": parsed, "extract": extracted}, ensure_ascii=False))
    return 0
