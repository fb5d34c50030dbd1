"""The extract step at scale: articles streamed in batches, extracted on every core, resumable.

One code path serves the nightly's extract (the articles this extractor version has not yet
extracted: after a change of the extractor's fingerprint, all of them) and a re-extraction
asked for (`provind reprocess`, the DAG's `reextract` param: every article):

- `fingerprint.py`: the extractor's fingerprint (`extractor_version`), a digest of its code
  and reference data;
- `step.py`: the step (`extract_articles`); articles are read in batches of
  `PROVIND_EXTRACT_BATCH` (2,000) by keyset pagination on `article_id`, so no more than a
  few batches of texts and page bodies are ever in memory;
- `pool.py`: a process pool of `PROVIND_EXTRACT_WORKERS` (default: the machine's cores)
  extracts the batches (`batch.py`: a batch's `raw.mentions` rows), while this process,
  the warehouse's one writer (DuckDB allows one), reads the next batches and writes the
  results in key order: the rows are those of a single-process run;
- `jobs.py`: each batch is written in one transaction with the job's cursor in
  `meta.reextract_progress`, so a run killed at any point continues after the last
  committed batch when run again;
- `progress.py`: a progress line goes to the log every `PROVIND_EXTRACT_LOG_SECONDS` (30):
  articles done of the total, articles/s, characters/s, and the time left.

`reparse.py` (the parser's half of a reprocess) streams the stored pages in batches as well.
"""

from provind.reextract.batch import ARTICLE_COLUMNS, MENTION_COLUMNS, BatchResult, extract_batch, mention_row
from provind.reextract.fingerprint import extractor_version
from provind.reextract.jobs import ALL, PENDING, Job
from provind.reextract.progress import Progress
from provind.reextract.reparse import reparse
from provind.reextract.step import extract_articles

__all__ = [
    "ALL",
    "ARTICLE_COLUMNS",
    "MENTION_COLUMNS",
    "PENDING",
    "BatchResult",
    "Job",
    "Progress",
    "extract_articles",
    "extract_batch",
    "extractor_version",
    "mention_row",
    "reparse",
]
