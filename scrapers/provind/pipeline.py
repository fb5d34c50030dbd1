"""The extract step of the night, and re-processing of stored pages.

extract: raw mentions of the articles this extractor version has not yet processed
(`raw.mentions`); reparse: every stored page parsed again, without the network. The
batch engine (streamed, on every core, resumable, with progress) is `provind.reextract`.
The other steps live in their packages: `provind.crawl.step`, `provind.land.step`,
`provind.gates`, `provind.build`, `provind.publish.step`.
"""

from __future__ import annotations

from provind import reextract as reextract_engine
from provind.reextract import extractor_version, mention_row  # noqa: F401  (their home before the step moved)


def extract(run_id: str, reextract: bool = False) -> dict[str, int]:
    """Extract figures from articles that this extractor version has not yet processed.

    With `reextract`, every article again. Batches are extracted by a process pool and
    written by this process; a run killed midway carries on where it stopped when run
    again (`provind.reextract.extract_articles`). An article's rows are replaced as a
    whole, so re-extraction after an extractor upgrade never leaves a mix of old and new rows.
    """
    totals = reextract_engine.extract_articles(run_id, everything=reextract)
    return {k: totals[k] for k in ("articles", "mentions", "table_cells")}  # the step's figures, as before


def reparse(run_id: str) -> dict[str, int]:
    """Parse every stored article page again, from `raw.pages`, without the network (`provind.reextract.reparse`)."""
    return reextract_engine.reparse(run_id)
