"""Inline SVG charts, written out by hand: every mark an `<a>` to its article with the quote in its `<title>`.

Why by hand and not a charting library: the report must be one offline file, and the
charts need exactly three shapes (lines, horizontal bars, a figure tile) whose every mark
is a link with a tooltip. See docs/report.md.

Every series is wrapped in `<g class="series">` carrying its `series_key`, grain and
province, and every mark in `<a class="point">` carrying its period code: the page's
filters use them, and the tests check from them that no line mixes grains.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from html import escape

from provind.report.data import ADDITIVE_KINDS, Panel, Point, Ranking, Series

PALETTE = ("#2f6db5", "#d9822b", "#3b9c5a", "#b5443b", "#7a5cb8", "#8c6d31", "#1b9aaa", "#c2549d")
PANEL_WIDTH = 300
PANEL_HEIGHT = 170
TICK_FONT = 10  # px, the .tick class in page.CSS
LABEL_FONT = 12  # px, the .lbl class


# ---------- numbers and text


def fmt(value: float) -> str:
    """The exact figure, as the article gave it (thousands separated)."""
    if value == int(value) and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:,.6f}".rstrip("0").rstrip(".")


def compact(value: float) -> str:
    """A short figure for axes and bar ends, in the Chinese large units (万, 亿, 万亿)."""
    for size, suffix in ((1e12, "万亿"), (1e8, "亿"), (1e4, "万")):
        if abs(value) >= size:
            return _short(value / size) + suffix
    return _short(value)


def _short(value: float) -> str:
    if value == 0:
        return "0"
    digits = max(0, 2 - math.floor(math.log10(abs(value))))
    text = f"{value:.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def text_width(text: str, size: float) -> float:
    """An estimate of the rendered width: CJK glyphs are square, Latin digits about 0.6 em."""
    return sum(size if ord(ch) >= 0x2E80 else size * 0.62 for ch in text)


def _tooltip(point: Point, unit: str, who: str) -> str:
    head = f"{who} {point.label}: {fmt(point.value)} {unit}".strip()
    parts = [head, point.title, f"“{point.quote}”" if point.quote else ""]
    return escape("\n".join(p for p in parts if p))


def link(point: Point, inner: str, unit: str, who: str, grain: str) -> str:
    """A mark linking to its article, the figure and its quote shown on hover."""
    return (
        f'<a href="{escape(point.url, quote=True)}" target="_blank" rel="noopener" class="point" '
        f'data-period="{escape(point.period_code, quote=True)}" data-grain="{escape(grain, quote=True)}">'
        f"<title>{_tooltip(point, unit, who)}</title>{inner}</a>"
    )


def _series_group(series: Series, indicator: str, inner: str) -> str:
    return (
        f'<g class="series" data-series-key="{escape(series.key, quote=True)}" '
        f'data-grain="{escape(series.grain, quote=True)}" data-province="{escape(series.province_code, quote=True)}" '
        f'data-indicator="{escape(indicator, quote=True)}" data-region="{escape(series.region_code, quote=True)}">'
        f"{inner}</g>"
    )


def _svg(kind: str, width: float, height: float, title: str, body: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {kind}" role="img" width="{width:.0f}" '
        f'height="{height:.0f}" viewBox="0 0 {width:.0f} {height:.0f}"><title>{escape(title)}</title>{body}</svg>'
    )


# ---------- scales


def nice_ticks(lo: float, hi: float, count: int = 4) -> list[float]:
    """Round tick values covering [lo, hi] (steps of 1, 2 or 5 times a power of ten)."""
    if math.isclose(lo, hi):
        pad = abs(lo) * 0.1 or 1.0
        lo, hi = lo - pad, hi + pad
    raw = (hi - lo) / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    first = math.floor(lo / step) * step
    ticks = [first]
    while ticks[-1] < hi - step * 1e-9 or len(ticks) < 2:
        ticks.append(round(first + step * len(ticks), 10))
    return ticks


def thin_labels(positions: Sequence[tuple[float, str]], size: float = TICK_FONT) -> list[tuple[float, str]]:
    """The x labels that fit without overlapping, the first and the last always among them."""
    if not positions:
        return []
    gap = size * 0.8

    def clash(a: tuple[float, str], b: tuple[float, str]) -> bool:
        return abs(b[0] - a[0]) < (text_width(a[1], size) + text_width(b[1], size)) / 2 + gap

    kept = [positions[0]]
    for pos in positions[1:]:
        if not clash(kept[-1], pos):
            kept.append(pos)
    last = positions[-1]
    if kept[-1] != last:
        while len(kept) > 1 and clash(kept[-1], last):
            kept.pop()
        if not clash(kept[-1], last):
            kept.append(last)
    return kept


# ---------- the three chart shapes


def _dated(points: Sequence[Point]) -> list[tuple[date, Point]]:
    """The points a time axis can place, by their period's end (a point without one has no place on it)."""
    return sorted(((p.end, p) for p in points if p.end is not None), key=lambda dated: dated[0])


def line_panel(panel: Panel) -> str:
    """A small multiple: one line per series (region) of one indicator, measure and grain."""
    label_at: dict[date, str] = {}
    for s in panel.series:
        for end, p in _dated(s.points):
            label_at.setdefault(end, p.label)
    ends = sorted(label_at)
    values = [p.value for s in panel.series for p in s.points]
    ticks = nice_ticks(min(values), max(values))
    lo, hi = ticks[0], ticks[-1]
    left = 8 + max(text_width(compact(t), TICK_FONT) for t in ticks)
    right = max(10.0, text_width(label_at[ends[-1]], TICK_FONT) / 2 + 4)
    first_half = text_width(label_at[ends[0]], TICK_FONT) / 2 + 2
    left = max(left, first_half)
    top, bottom = 10, 22
    plot_w, plot_h = PANEL_WIDTH - left - right, PANEL_HEIGHT - top - bottom
    x0, x1 = ends[0].toordinal(), ends[-1].toordinal()

    def x_of(end: date) -> float:
        return left + plot_w * ((end.toordinal() - x0) / ((x1 - x0) or 1))

    def y_of(value: float) -> float:
        return top + plot_h * (1 - (value - lo) / ((hi - lo) or 1))

    grid = []
    for t in ticks:
        y = y_of(t)
        grid.append(
            f'<line x1="{left:.1f}" x2="{PANEL_WIDTH - right:.1f}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>'
            f'<text x="{left - 4:.1f}" y="{y + 3:.1f}" text-anchor="end" class="tick">{escape(compact(t))}</text>'
        )
    for x, label in thin_labels([(x_of(e), label_at[e]) for e in ends]):
        grid.append(
            f'<text x="{x:.1f}" y="{PANEL_HEIGHT - 6}" text-anchor="middle" class="tick">{escape(label)}</text>'
        )
    lines = []
    for i, series in enumerate(panel.series):
        color = PALETTE[i % len(PALETTE)]
        points = _dated(series.points)
        coords = [(x_of(end), y_of(p.value)) for end, p in points]
        path = " ".join(f"{'M' if j == 0 else 'L'}{x:.1f},{y:.1f}" for j, (x, y) in enumerate(coords))
        inner = f'<path d="{path}" fill="none" stroke="{color}" stroke-width="2"/>' if len(coords) > 1 else ""
        for (_, p), (x, y) in zip(points, coords, strict=True):
            dot = f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{color}"/>'
            inner += link(p, dot, panel.unit, series.region_name, series.grain)
        lines.append(_series_group(series, panel.indicator_code, inner))
    title = f"{panel.name} ({panel.unit}), {panel.grain}"
    return _svg("line", PANEL_WIDTH, PANEL_HEIGHT, title, "".join(grid) + "".join(lines))


def figure_tile(panel: Panel) -> str:
    """One region's single figure: the number, large, linked to its article."""
    series = panel.series[0]
    point = series.points[0]
    height = 64
    number = f'<text x="8" y="34" class="big">{escape(compact(point.value))}</text>'
    unit_x = 8 + text_width(compact(point.value), 26) + 4
    body = (
        f'<rect x="0" y="0" width="{PANEL_WIDTH}" height="{height}" rx="4" class="tile"/>'
        + number
        + f'<text x="{unit_x:.1f}" y="34" class="lbl">{escape(panel.unit)}</text>'
        + f'<text x="8" y="54" class="tick">{escape(series.region_name)} · {escape(point.label)}</text>'
    )
    inner = link(point, body, panel.unit, series.region_name, series.grain)
    marks = _series_group(series, panel.indicator_code, inner)
    return _svg("tile", PANEL_WIDTH, height, f"{panel.name} ({panel.unit})", marks)


@dataclass(frozen=True)
class Bar:
    label: str
    point: Point
    who: str
    grain: str
    series: Series | None = None  # set when the bar is a series of a panel (for the filters)


def hbars(
    bars: Sequence[Bar],
    unit: str,
    title: str,
    indicator: str,
    width: float = PANEL_WIDTH,
    reference: tuple[str, Point, str] | None = None,
) -> str:
    """Horizontal bars, one per region, in the order given; an optional dashed reference line."""
    row = 20
    ref_space = 16 if reference else 0
    height = 6 + row * len(bars) + ref_space
    left = 8 + max(text_width(b.label, LABEL_FONT) for b in bars)
    right = 8 + max(text_width(compact(b.point.value), TICK_FONT) for b in bars)
    values = [b.point.value for b in bars] + ([reference[1].value] if reference else [])
    top_v, bottom_v = max(0.0, *values), min(0.0, *values)
    span = (top_v - bottom_v) or 1.0
    plot = width - left - right

    def x_of(value: float) -> float:
        return left + plot * (value - bottom_v) / span

    zero = x_of(0.0)
    body = [f'<line x1="{zero:.1f}" x2="{zero:.1f}" y1="{ref_space + 2}" y2="{height - 2}" stroke="#999"/>']
    for i, bar in enumerate(bars):
        y = ref_space + 4 + i * row
        end = x_of(bar.point.value)
        x, w = min(zero, end), max(abs(end - zero), 1.5)
        mark = (
            f'<rect x="{x:.1f}" y="{y + 2}" width="{w:.1f}" height="{row - 6}" fill="{PALETTE[0]}"/>'
            f'<text x="{max(end, zero) + 4:.1f}" y="{y + row - 7}" class="tick">'
            f"{escape(compact(bar.point.value))}</text>"
        )
        linked = link(bar.point, mark, unit, bar.who, bar.grain)
        label = f'<text x="{left - 6:.1f}" y="{y + row - 7}" text-anchor="end" class="lbl">{escape(bar.label)}</text>'
        body.append(_series_group(bar.series, indicator, label + linked) if bar.series else label + linked)
    if reference:
        who, point, grain = reference
        x = x_of(point.value)
        line = (
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{ref_space - 2}" y2="{height - 2}" class="ref"/>'
            f'<text x="{x:.1f}" y="{ref_space - 5}" text-anchor="middle" class="tick">'
            f"{escape(who)} {escape(compact(point.value))}</text>"
        )
        body.append(link(point, line, unit, who, grain))
    return _svg("bar", width, height, title, "".join(body))


def single_figures(panel: Panel) -> str:
    """Several regions' single figures of one measure: bars, largest first, each labelled with its period."""
    ordered = sorted(panel.series, key=lambda s: -s.points[0].value)
    periods = {s.points[0].label for s in ordered}
    bars = [
        Bar(
            s.region_name if len(periods) == 1 else f"{s.region_name} {s.points[0].label}",
            s.points[0],
            s.region_name,
            s.grain,
            s,
        )
        for s in ordered
    ]
    return hbars(bars, panel.unit, f"{panel.name} ({panel.unit})", panel.indicator_code)


def ranking_chart(ranking: Ranking, width: float = 420) -> str:
    """The cities of a province in rank order; the province's own figure as a dashed line when comparable."""
    grain = ranking.grain
    bars = [Bar(f"{c.rank}. {c.city_name}", c.point, c.city_name, grain) for c in ranking.cities]
    figure = ranking.province_figure
    reference: tuple[str, Point, str] | None = None
    if figure is not None and ranking.kind not in ADDITIVE_KINDS:
        reference = (ranking.province_name, figure, grain)
    title = f"{ranking.province_name}: {ranking.name} ({ranking.unit}), {ranking.period}"
    return hbars(bars, ranking.unit, title, ranking.indicator_code, width=width, reference=reference)
