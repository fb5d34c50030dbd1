"""The HTML report, rendered from marts published by a real pipeline run and loaded in headless Chromium.

What an analyst relies on, each asserted from the published marts:
- a line never joins figures of different period grains (each line is one `series_key`
  of `mart_indicator_time_series`), with readable period labels (`2024Q1`, `2023-01..08`);
- "which city ranks first?" per province and indicator, as `mart_city_comparison` ranks
  them, the province's own figure beside them;
- every point and bar links to the article its figure was quoted from, the quote on hover;
- one offline file; Chinese renders as glyphs, not boxes.

Debian's `chromium` and `fonts-noto-cjk` (installed by `make test`) render the page; the
screenshot is kept in the test's dir, as `reports/report.png` in the run's data dir, and as
`data/reports/report.png` in the project (not committed; it outlives pytest's temporary dirs).
"""

from __future__ import annotations

import html as htmllib
import itertools
import os
import re
import shutil
import signal
import subprocess
import tempfile
from collections import defaultdict
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import duckdb
import pytest

from provind.report import build_report
from provind.report.data import Point, load
from provind.report.periods import period_label
from tests.conftest import CHROMIUM, ROOT, needs_chromium
from tests.conftest import CHROMIUM_FLAGS as BROWSER_FLAGS

pytestmark = [pytest.mark.integration, pytest.mark.timeout(1200)]

CHROMIUM_FLAGS = [*BROWSER_FLAGS, "--disable-quic", "--disable-dev-shm-usage"]
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def report(published_marts: Path) -> Path:
    out = published_marts.parent / "report"
    page = build_report(published_marts, out)
    assert page == out / "index.html"
    return page


def query(marts: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(marts), read_only=True) as con:
        return con.execute(sql).fetchall()


def article_urls(marts: Path) -> set[str]:
    return {r[0] for r in query(marts, "SELECT url FROM marts.marts.dim_article")}


# ---------- reading the page back


VOID = {"meta", "br", "input", "img", "hr", "link"}  # HTML elements without an end tag


class Marks(HTMLParser):
    """The page's series groups, linked marks and drawn shapes, with what encloses each."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict[str, str]]] = []
        self.series: list[dict] = []  # {key, grain, points: [(period, grain)]}
        self.links: list[dict] = []  # {href, period, grain, title}
        self.shapes: list[tuple[str, dict | None]] = []  # (tag, enclosing link or None)
        self.bar_charts: list[int] = []  # number of bars of each bar chart
        self._title: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = {k: v or "" for k, v in attrs}
        classes = a.get("class", "").split()
        if tag == "svg" and "bar" in classes:
            self.bar_charts.append(0)
        if tag == "g" and "series" in classes:
            self.series.append({"key": a["data-series-key"], "grain": a["data-grain"], "points": []})
        if tag == "a" and "point" in classes:
            link = {"href": a.get("href"), "period": a.get("data-period"), "grain": a.get("data-grain"), "title": ""}
            self.links.append(link)
            if any(t == "g" for t, _ in self.stack):
                self.series[-1]["points"].append((link["period"], link["grain"]))
        if tag in ("circle", "rect"):
            self.shapes.append((tag, self._enclosing_link()))
            if tag == "rect" and self.bar_charts and "tile" not in classes:
                self.bar_charts[-1] += 1
        if tag == "title" and self.stack and self.stack[-1][0] == "a":
            self._title = []
        if tag not in VOID:
            self.stack.append((tag, a | {"_link": len(self.links) - 1} if tag == "a" else a))

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()  # `<circle .../>`: opened and closed at once

    def handle_data(self, data: str) -> None:
        if self._title is not None:
            self._title.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self._title is not None:
            self.links[-1]["title"] = "".join(self._title)
            self._title = None
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def _enclosing_link(self) -> dict | None:
        for tag, attrs in reversed(self.stack):
            if tag == "a" and "point" in attrs.get("class", ""):
                return self.links[attrs["_link"]]
        return None


def marks_of(html: str) -> Marks:
    parser = Marks()
    parser.feed(html)
    return parser


# ---------- the report's content


def test_report_is_one_offline_file(report: Path, published_marts: Path):
    html = report.read_text(encoding="utf-8")
    assert [p.name for p in report.parent.iterdir()] == ["index.html"], "one file, nothing beside it"
    assert not re.search(r"<script[^>]*\bsrc=", html, re.I), "no external script"
    assert "<link" not in html and "@import" not in html and "url(" not in html
    links = set(re.findall(r'(?:src|href)="([^"]+)"', html))
    external = {htmllib.unescape(u) for u in links if not u.startswith("#")} - article_urls(published_marts)
    assert not external, f"links that are neither in the page nor article URLs: {sorted(external)[:5]}"
    scripts = "".join(re.findall(r"<script>(.*?)</script>", html, re.S))
    assert not re.search(r"https?:|fetch\(|XMLHttpRequest|import\(", scripts), "the filter script loads nothing"


def test_each_line_is_one_series_of_one_grain(report: Path, published_marts: Path):
    html = report.read_text(encoding="utf-8")
    page = marks_of(html)
    mart: dict[str, tuple[str, set[str]]] = {}
    for key, grain, code in query(
        published_marts, "SELECT series_key, period_grain, period_code FROM marts.marts.mart_indicator_time_series"
    ):
        mart.setdefault(key, (grain, set()))[1].add(code)
    assert page.series, "the report plots series"
    for line in page.series:
        grain, periods = mart[line["key"]]
        assert line["grain"] == grain, line
        assert line["points"], line
        assert {g for _, g in line["points"]} == {grain}, f"a line mixes grains: {line}"
        assert {p for p, _ in line["points"]} <= periods, f"a line plots points of another series: {line}"
    assert len({s["key"] for s in page.series}) == len(page.series), "each series is drawn once"

    # the case the marts hold: one indicator and region reported yearly and quarterly (GDP growth)
    mixed = query(
        published_marts,
        "SELECT indicator_code, region_code, list(DISTINCT series_key) FROM marts.marts.mart_indicator_time_series"
        " GROUP BY ALL HAVING count(DISTINCT period_grain) > 1",
    )
    assert mixed, "the demo marts report an indicator at two grains"
    drawn = {s["key"] for s in page.series}
    for _, _, keys in mixed:
        assert set(keys) <= drawn, "every grain of it is drawn, as a line of its own"

    # and from the report's own data: every plotted line has one grain
    for domain in load(published_marts).domains:
        for panel in domain.panels:
            for series in panel.series:
                assert series.grain == panel.grain
                assert len({p.period_code for p in series.points}) == len(series.points), "one point per period"


def test_period_labels_read_as_an_analyst_writes_them(published_marts: Path):
    patterns = {
        "year": r"\d{4}",
        "half": r"\d{4}H[12]",
        "quarter": r"\d{4}Q[1-4]",
        "month": r"\d{4}-\d{2}",
        "year_to_date": r"\d{4}-01\.\.\d{2}",
    }
    seen = set()
    for domain in load(published_marts).domains:
        for panel in domain.panels:
            for point in (p for s in panel.series for p in s.points):
                if panel.grain in patterns:
                    assert re.fullmatch(patterns[panel.grain], point.label), (panel.grain, point)
                    seen.add(panel.grain)
    assert {"year", "quarter", "year_to_date"} <= seen, seen


def test_period_label_forms():
    d = date
    assert period_label("2024-01..2024-03", "quarter", d(2024, 1, 1), d(2024, 3, 31)) == "2024Q1"
    assert period_label("2024-10..2024-12", "quarter", d(2024, 10, 1), d(2024, 12, 31)) == "2024Q4"
    assert period_label("2023-01..2023-08", "year_to_date", d(2023, 1, 1), d(2023, 8, 31)) == "2023-01..08"
    assert period_label("2024-07..2024-12", "half", d(2024, 7, 1), d(2024, 12, 31)) == "2024H2"
    assert period_label("2024-03", "month", d(2024, 3, 1), d(2024, 3, 31)) == "2024-03"
    assert period_label("2024", "year", d(2024, 1, 1), d(2024, 12, 31)) == "2024"
    assert period_label("2019-01..2020-12", "range", d(2019, 1, 1), d(2020, 12, 31)) == "2019..2020"
    assert period_label("2019-03..2020-06", "range", d(2019, 3, 1), d(2020, 6, 30)) == "2019-03..2020-06"
    assert period_label("2024-03-05..2024-04-20", "range", d(2024, 3, 5), d(2024, 4, 20)) == "2024-03-05..2024-04-20"
    assert period_label("sometime", "unparsed", None, None) == "sometime"


def test_rankings_answer_which_city_ranks_first(report: Path, published_marts: Path):
    html = report.read_text(encoding="utf-8")
    assert 'id="rankings"' in html and "Which city ranks first?" in html
    rows = query(
        published_marts,
        "SELECT province_code, indicator_code, kind, unit, period_code, period_end_date, rank_in_province,"
        " city_name, value, province_value FROM marts.marts.mart_city_comparison",
    )
    latest: dict[tuple, tuple] = {}
    for r in rows:
        measure = r[:4]
        if measure not in latest or (r[5], r[4]) > (latest[measure][5], latest[measure][4]):
            latest[measure] = r
    rankings = {(k.province_code, k.indicator_code, k.kind, k.unit): k for k in load(published_marts).rankings}
    assert set(rankings) == set(latest), "one ranking per province, indicator and measure"
    compared_with_province = 0
    for measure, ranking in rankings.items():
        period = latest[measure][4]
        expected = sorted((r[6], r[7], float(r[8])) for r in rows if r[:4] == measure and r[4] == period)
        got = [(c.rank, c.city_name, c.point.value) for c in ranking.cities]
        assert got == sorted(got), "cities in rank order"
        assert sorted(got) == expected, measure
        province_value = latest[measure][9]
        if province_value is not None:
            assert ranking.province_figure is not None and ranking.province_figure.value == float(province_value)
            compared_with_province += len(ranking.cities) > 1
        marker = f'data-provinces="{measure[0]}" data-indicator="{measure[1]}"'
        assert marker in html, f"ranking {measure} is on the page"
    assert compared_with_province, "the demo marts rank several cities of a province that reported its own figure"
    # the first city of a chart is drawn first, ahead of the others
    for ranking in (k for k in rankings.values() if len(k.cities) > 1):
        marker = f'data-provinces="{ranking.province_code}" data-indicator="{ranking.indicator_code}"'
        chart = html[html.index(marker) :]
        names = [c.city_name for c in ranking.cities]
        assert chart.index(f"1. {names[0]}") < chart.index(f"{ranking.cities[1].rank}. {names[1]}")


def test_every_mark_links_to_its_article_with_its_quote(report: Path, published_marts: Path):
    page = marks_of(report.read_text(encoding="utf-8"))
    urls = article_urls(published_marts)
    quotes: dict[str, set[str]] = defaultdict(set)
    for url, quote in query(published_marts, "SELECT article_url, quote FROM marts.marts.mart_indicator_time_series"):
        quotes[url].add(quote)
    assert page.shapes and page.links
    for tag, link in page.shapes:
        assert link is not None, f"a <{tag}> that links nowhere"
    svg_links = [link for link in page.links if link["title"]]
    assert {link["href"] for link in svg_links} <= urls
    for link in svg_links:
        line = link["title"].splitlines()[-1]
        # the tooltip wraps the quote in one pair of “”; a quote may open on its own “ (“三小”标杆874家)
        quote = line[1:-1] if line.startswith("“") and line.endswith("”") else line
        assert quote in quotes[link["href"]], f"the tooltip quotes its article: {link}"
    assert len({link["href"] for link in page.links}) >= min(3, len(urls))


def test_small_multiples_per_domain_and_no_one_bar_chart(report: Path, published_marts: Path):
    html = report.read_text(encoding="utf-8")
    page = marks_of(html)
    domains = {
        r[0]
        for r in query(published_marts, "SELECT DISTINCT indicator_domain FROM marts.marts.mart_indicator_time_series")
    }
    for domain in domains:
        assert f'id="domain-{domain}"' in html, domain
    assert page.bar_charts and min(page.bar_charts) >= 2, f"bars per bar chart: {page.bar_charts}"
    assert 'class="chart line"' in html and 'class="chart tile"' in html
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


def test_marts_without_the_report_marts_get_a_clear_error(tmp_path: Path):
    marts = tmp_path / "marts.duckdb"
    with duckdb.connect(str(marts)) as con:
        con.execute("CREATE SCHEMA marts.marts; CREATE TABLE marts.marts.fct_indicator_observation (x INTEGER)")
    with pytest.raises(ValueError, match="mart_indicator_time_series"):
        build_report(marts, tmp_path / "out")
    assert not (tmp_path / "out" / "index.html").exists()


# ---------- in a browser


def chromium(url: str, profile_root: Path, *args: str, size: str = "1280,2400") -> subprocess.CompletedProcess:
    """Run headless Chromium once, in a fresh profile; stop it (and its children) by its PID if it hangs."""
    profile = tempfile.mkdtemp(prefix="chromium-profile-", dir=profile_root)
    cmd = [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--window-size={size}", *args, url]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # the session Chromium leads: its renderer and GPU children too
        out, err = proc.communicate()
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def screenshot(url: str, shot: Path, profile_root: Path, size: str = "1280,2400") -> bytes:
    taken = chromium(url, profile_root, f"--screenshot={shot}", size=size)
    assert taken.returncode == 0 and shot.exists(), taken.stderr[-3000:]
    data = shot.read_bytes()
    assert data[:8] == PNG
    return data


@needs_chromium
def test_report_renders_in_headless_chromium(report: Path, published_marts: Path, tmp_path: Path):
    dom = chromium(report.as_uri(), tmp_path, "--dump-dom")
    assert dom.returncode == 0, dom.stderr[-3000:]
    rendered = dom.stdout
    assert len(re.findall(r"<svg\b", rendered)) >= 4, "the charts are in the rendered DOM"
    assert re.search(r"<rect\b", rendered) and re.search(r"<circle\b", rendered)
    assert 'id="filters"' in rendered and 'id="filters" hidden' not in rendered, "the filter script ran"
    assert re.search(r'id="f-count"[^>]*>\d+ charts shown<', rendered)

    taken = tmp_path / "report.png"
    data = screenshot(report.as_uri(), taken, tmp_path)
    assert len(data) > 50_000, "the screenshot is not blank"
    # kept beside the run's reports, and in the project's data dir, which outlives pytest's temporary dirs
    kept = [report.parent.parent / "reports" / "report.png", ROOT / "data" / "reports" / "report.png"]
    for shot in kept:
        shot.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(taken, shot)
    print(f"\nreport screenshot kept at {kept[1]} (and {taken}, {kept[0]})")


@needs_chromium
def test_filters_show_one_province_and_one_indicator(report: Path, published_marts: Path, tmp_path: Path):
    provinces = {
        r[0] or "national"
        for r in query(published_marts, "SELECT DISTINCT province_code FROM marts.marts.mart_indicator_time_series")
    }
    assert "national" in provinces and len(provinces) >= 2
    dom = chromium(f"{report.as_uri()}#province=national", tmp_path, "--dump-dom").stdout
    figures = re.findall(r'<figure class="(?:panel|ranking) filterable"([^>]*)>', dom)
    assert figures
    for attrs in figures:
        provs = re.search(r'data-provinces="([^"]*)"', attrs)[1].split()
        assert ("hidden" in attrs) != ("national" in provs), attrs
    assert re.search(r'<g class="series"[^>]*data-province="(?!national)[^"]*"[^>]*style="display: none;"', dom)

    dom = chromium(f"{report.as_uri()}#indicator=gdp_growth", tmp_path, "--dump-dom").stdout
    shown = re.findall(r'<figure class="(?:panel|ranking) filterable"(?![^>]*hidden)([^>]*)>', dom)
    assert shown and all('data-indicator="gdp_growth"' in f for f in shown)
    assert len(shown) >= 3, "the yearly and quarterly panels and the ranking of GDP growth"


@needs_chromium
def test_chinese_renders_as_glyphs_not_boxes(tmp_path: Path):
    fonts = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, timeout=60)
    assert fonts.returncode == 0 and fonts.stdout.strip(), "a CJK font is installed (fonts-noto-cjk)"

    def shot(name: str, text: str) -> bytes:
        page = tmp_path / f"{name}.html"
        page.write_text(
            '<!DOCTYPE html><html lang="zh-Hans"><head><meta charset="utf-8"><style>'
            'body{margin:0;font:64px "Noto Sans CJK SC",sans-serif}</style></head>'
            f"<body>{text}</body></html>",
            encoding="utf-8",
        )
        return screenshot(page.as_uri(), tmp_path / f"{name}.png", tmp_path, size="600,120")

    # Without a CJK font every glyph is the same "tofu" box, so two strings of the same length
    # render to identical pixels; with one they differ.
    gdp, complaints, blank = shot("gdp", "地区生产总值"), shot("complaints", "投诉举报处理"), shot("blank", "")
    assert gdp != complaints, "two different Chinese strings render identically: boxes, not glyphs"
    assert gdp != blank and complaints != blank


def test_x_labels_neither_overlap_nor_leave_the_chart():
    from provind.report.data import Panel, Series
    from provind.report.svg import PANEL_HEIGHT, PANEL_WIDTH, TICK_FONT, line_panel, text_width

    def point(grain: str, start: date, end: date) -> Point:
        return Point("code", period_label("code", grain, start, end), start.month * 1.5, "u", "", "", end)

    def month_end(year: int, month: int) -> date:
        return date.fromordinal(date(year + month // 12, month % 12 + 1, 1).toordinal() - 1)

    def label_spans(grain: str, points: list[Point]) -> list[tuple[float, float]]:
        series = Series("k", "370000", "山东省", "province", "370000", grain, points)
        svg = line_panel(Panel("x", "指标", "", "growth", "%", grain, series=[series]))
        found = re.findall(
            rf'<text x="([\d.]+)" y="{PANEL_HEIGHT - 6}" text-anchor="middle" class="tick">([^<]+)<', svg
        )
        return [(float(x), text_width(label, TICK_FONT)) for x, label in found]

    quarters = [point("quarter", date(y, m, 1), month_end(y, m + 2)) for y in range(2018, 2025) for m in (1, 4, 7, 10)]
    year_to_date = [point("year_to_date", date(y, 1, 1), month_end(y, 8)) for y in range(2010, 2025)]
    for spans in (label_spans("quarter", quarters), label_spans("year_to_date", year_to_date)):
        assert len(spans) >= 2, "the first and last periods are labelled"
        first, last = spans[0], spans[-1]
        assert first[0] - first[1] / 2 >= 0 and last[0] + last[1] / 2 <= PANEL_WIDTH, "a label is clipped"
        for (x1, w1), (x2, w2) in itertools.pairwise(spans):
            assert x2 - x1 >= (w1 + w2) / 2, f"labels overlap: {spans}"
