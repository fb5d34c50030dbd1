"""The HTML report, rendered from marts published by a real pipeline run and loaded in headless Chromium.

Debian's `chromium` (installed by `make test`) dumps the DOM after rendering and takes a
screenshot, kept next to the report as `screenshot.png` (a test artifact). The page must
be self-contained: inline SVG and CSS, no script, no external resource but the article links.
"""

from __future__ import annotations

import html as htmllib
import re
import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest

from provind.report import build_report

pytestmark = [pytest.mark.integration, pytest.mark.timeout(1200)]

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1280,2400",
]


@pytest.fixture(scope="module")
def report(published_marts: Path) -> Path:
    out = published_marts.parent / "report"
    page = build_report(published_marts, out)
    assert page == out / "index.html"
    return page


def chromium(page: Path, tmp: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={tmp / 'chromium-profile'}", *args, page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
    )


def article_urls(marts: Path) -> set[str]:
    with duckdb.connect(str(marts), read_only=True) as con:
        return {r[0] for r in con.execute("SELECT url FROM marts.marts.dim_article").fetchall()}


def test_report_is_self_contained(report: Path, published_marts: Path):
    html = report.read_text(encoding="utf-8")
    assert "<script" not in html.lower()
    links = {htmllib.unescape(link) for link in re.findall(r'(?:src|href)="([^"]+)"', html)}
    external = links - article_urls(published_marts)
    assert not external, f"links that are not article URLs: {sorted(external)[:5]}"
    assert "<link" not in html and "@import" not in html and "url(" not in html


def test_report_has_charts_per_domain_and_the_gates(report: Path, published_marts: Path):
    html = report.read_text(encoding="utf-8")
    with duckdb.connect(str(published_marts), read_only=True) as con:
        domains = {
            r[0]
            for r in con.execute(
                "SELECT DISTINCT i.domain FROM marts.marts.fct_indicator_observation f"
                " JOIN marts.marts.dim_indicator i USING (indicator_key)"
                " WHERE i.indicator_code <> 'unclassified' AND NOT f.is_target"
            ).fetchall()
        }
    for domain in domains:
        assert f'id="domain-{domain}"' in html, domain
    assert 'class="chart bar"' in html and 'class="chart line"' in html
    assert "id='gates'" in html and "class='gate'" in html and "passed" in html


def test_a_check_with_findings_reads_as_its_outcome_name_reason_and_findings():
    from provind.report.page import _gates

    failure = {
        "name": "fct_indicator_observation.rate_in_range",
        "level": "row",
        "reason": "a rate outside 0-100 %",
        "expectation": "ExpectColumnValuesToBeBetween",
        "column": "value",
        "success": False,
        "unexpected_count": 2,
        "examples": ["150", "9999", "120", "130"],
        "observed": None,
        "failing_rows": 2,
    }
    # the realistic case: a published run's gate passed, and a row-level check held rows back
    gate = {"suite": "fct_indicator_observation", "success": True, "failures": [failure]}
    html = _gates({"run_id": "night-1", "finished_at": "2026-11-24 02:10", "gates": [gate]})
    found = "fct_indicator_observation.rate_in_range, a rate outside 0-100 % (2 rows; e.g. 150, 9999, 120)"
    assert f"quarantined: {found}" in html
    assert "{" not in html and "passed" in html


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (make test installs it)")
def test_charts_render_in_headless_chromium(report: Path, published_marts: Path, tmp_path: Path):
    dom = chromium(report, tmp_path, "--dump-dom")
    assert dom.returncode == 0, dom.stderr[-3000:]
    rendered = dom.stdout
    svgs = re.findall(r"<svg\b", rendered)
    assert len(svgs) >= 4, "bar and line charts are in the rendered DOM"
    assert re.search(r"<rect\b", rendered) and re.search(r"<circle\b", rendered)
    linked = {htmllib.unescape(link) for link in re.findall(r'<a href="([^"]+)"[^>]*class="point"', rendered)}
    urls = article_urls(published_marts)
    assert linked and linked <= urls, "every chart point links to its source article"
    assert len(linked) >= min(3, len(urls))

    shot = report.parent / "screenshot.png"
    taken = chromium(report, tmp_path, f"--screenshot={shot}")
    assert taken.returncode == 0, taken.stderr[-3000:]
    assert shot.exists() and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 10_000, "the screenshot is not blank"
    kept = tmp_path / "report-screenshot.png"
    shutil.copy(shot, kept)
    print(f"\nreport screenshot kept at {shot} (and {kept})")
