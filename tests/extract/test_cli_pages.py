"""`provind extract` on a saved web page reads it as the nightly reads a fetched one.

Its tables and dashboards come out cell by cell (offsets -1, as in raw.mentions), each figure
once (not also as the text's rendering of the cell), and its title dates and places the text's
figures when no --title is given. Own example pages.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # runs the command as a process

PROVIND = Path(sys.executable).parent / "provind"

DASHBOARD = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>2024年1-6月潍坊市经营主体发展情况</title></head>
<body><div class="content"><h1>2024年1-6月潍坊市经营主体发展情况</h1>
<div class="kpi"><div class="v">126.4<span>万户</span></div><div class="n">实有经营主体</div></div>
<div class="kpi"><div class="v">10.3<span>万户</span></div><div class="n">新登记经营主体</div></div>
<p>上半年，全市新登记企业2.9万户，同比增长4.7%。</p></div></body></html>"""


def _extract(tmp_path: Path, body: str, name: str, *args: str) -> list[dict]:
    page = tmp_path / name
    page.write_text(body, encoding="utf-8")
    proc = subprocess.run(
        [str(PROVIND), "extract", str(page), "--region", "370000", "--published", "2024-07-15", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    return [json.loads(line) for line in proc.stdout.splitlines()]


def test_a_saved_dashboard_gives_its_cards_once_with_their_labels(tmp_path: Path) -> None:
    rows = _extract(tmp_path, DASHBOARD, "kpi.html")
    cards = {(r["subject"], r["value"], r["unit"], r["region_code"], r["period"]) for r in rows if r["start"] == -1}
    assert cards == {
        ("实有经营主体", 1264000, "户", "370700", "2024-01..2024-06"),
        ("新登记经营主体", 103000, "户", "370700", "2024-01..2024-06"),
    }
    assert [r["value"] for r in rows].count(1264000) == 1  # not also the text's subject-less rendering
    # the prose is the text extractor's, placed and dated by the page's title
    prose = next(r for r in rows if r["value"] == 29000)
    assert (prose["region_code"], prose["period"], prose["start"] >= 0) == ("370700", "2024-01..2024-06", True)
    assert all(set(r) == set(rows[0]) for r in rows)  # one schema for cells and text mentions


def test_a_title_given_wins_over_the_pages(tmp_path: Path) -> None:
    rows = _extract(tmp_path, DASHBOARD, "kpi.html", "--title", "2024年1-6月寿光市经营主体发展情况")
    prose = next(r for r in rows if r["value"] == 29000)
    assert prose["region_code"] == "370783"


def test_a_text_file_with_markup_like_lines_has_no_cells(tmp_path: Path) -> None:
    text = "实有经营主体\n126.4万户\n新登记经营主体\n10.3万户\n"
    rows = _extract(tmp_path, text, "kpi.txt")
    assert all(r["start"] >= 0 for r in rows)
