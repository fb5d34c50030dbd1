"""Gate 1 (raw mentions, before dbt) and gate 2 (marts, before publication), on DataFrames read from DuckDB."""

from __future__ import annotations

import logging
from typing import Any

from provind import config, warehouse

log = logging.getLogger(__name__)


def gate_raw_mentions() -> dict[str, Any]:
    """Audit every raw mention; raises `GateFailed` naming the failed checks."""
    with warehouse.connect(read_only=False) as con:
        frame = con.execute("SELECT * FROM raw.mentions").df()
    return _audit("raw_mentions", frame)


def gate_marts() -> dict[str, Any]:
    """Audit the fact table as dbt built it, joined to its article URL, before anything is published."""
    with warehouse.connect(read_only=False) as con:
        frame = con.execute(
            """
            SELECT f.*, a.url AS article_url
            FROM marts.fct_indicator_observation f
            LEFT JOIN marts.dim_article a USING (article_id)
            """
        ).df()
    return _audit("fct_indicator_observation", frame)


def _audit(suite: str, frame: Any) -> dict[str, Any]:
    """Validate, write the outcome under `data/reports/`, and stop the run if the batch failed."""
    from expectations.runner import GateFailed, validate

    result = validate(suite, frame)
    report_dir = config.data_dir() / "reports"
    report_dir.mkdir(parents=True, exist_ok=True)
    (report_dir / f"gate_{suite}.txt").write_text(result.describe() + "\n", encoding="utf-8")
    log.info(result.describe())
    if not result.success:
        raise GateFailed(result)
    return result.as_dict()
