"""The HTML report of the published marts: `build_report()` writes `$PROVIND_DATA_DIR/report/index.html`.

"Which city ranks first?" per province and indicator (from `mart_city_comparison`, the
province's own figure beside its cities), then small multiples per indicator domain: one
panel per indicator, measure and period grain with one line per series of
`mart_indicator_time_series` (so a line never joins yearly and quarterly figures), every
point and bar linking to its source article with the quote on hover; filters by province
and indicator; the last run's gate outcomes. One offline file: inline CSS, SVG and a small
filter script (docs/report.md). Run it by hand with
`provind report [--marts FILE] [--out DIR]`; the `provind_report` DAG runs it after each publish.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from provind import config
from provind.report.data import load
from provind.report.page import render

__all__ = ["build_report", "report_dir"]

log = logging.getLogger(__name__)


def report_dir() -> Path:
    return config.data_dir() / "report"


def build_report(marts: Path | None = None, out_dir: Path | None = None) -> Path:
    """Render the report from the published marts and write it atomically; return its path."""
    marts = Path(marts or config.marts_path())
    out_dir = Path(out_dir or report_dir())
    if not marts.exists():
        raise FileNotFoundError(f"no published marts at {marts}: run provind_nightly first")
    html = render(load(marts))
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / "index.html"
    tmp = target.with_suffix(".html.tmp")
    tmp.write_text(html, encoding="utf-8")
    os.replace(tmp, target)
    log.info("report written to %s (%d bytes)", target, len(html.encode()))
    return target
