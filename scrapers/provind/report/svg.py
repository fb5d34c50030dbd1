"""Inline SVG charts, generated in Python: no JavaScript, no CDN, every point a link."""

from __future__ import annotations

import math
from html import escape

from provind.report.data import Chart, Point

WIDTH = 560
BAR_HEIGHT = 22
MARGIN_LEFT = 170
MARGIN_RIGHT = 90
PALETTE = ("#2f6db5", "#d9822b", "#3b9c5a", "#b5443b", "#7a5cb8", "#8c6d31")


def fmt(value: float) -> str:
    if value == int(value) and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _tooltip(point: Point, unit: str) -> str:
    parts = [f"{point.label}: {fmt(point.value)} {unit}".strip(), point.title, point.quote]
    return escape("\n".join(p for p in parts if p))


def _link(point: Point, inner: str, unit: str) -> str:
    return (
        f'<a href="{escape(point.url, quote=True)}" target="_blank" rel="noopener" class="point">'
        f"<title>{_tooltip(point, unit)}</title>{inner}</a>"
    )


def bar_chart(chart: Chart) -> str:
    """Horizontal bars: the latest value of one indicator for each region."""
    points = chart.points
    height = 16 + BAR_HEIGHT * len(points)
    top = max(0.0, max((p.value for p in points), default=0.0))
    bottom = min(0.0, min((p.value for p in points), default=0.0))
    span = (top - bottom) or 1.0
    plot = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    zero_x = MARGIN_LEFT + plot * (0 - bottom) / span
    items = []
    for i, point in enumerate(points):
        y = 8 + i * BAR_HEIGHT
        x_end = MARGIN_LEFT + plot * (point.value - bottom) / span
        x, w = min(zero_x, x_end), max(abs(x_end - zero_x), 1.0)
        bar = (
            f'<rect x="{x:.1f}" y="{y + 3}" width="{w:.1f}" height="{BAR_HEIGHT - 6}" fill="{PALETTE[0]}"/>'
            f'<text x="{max(x_end, zero_x) + 4:.1f}" y="{y + BAR_HEIGHT - 7}" class="val">'
            f"{escape(fmt(point.value))}</text>"
        )
        items.append(
            f'<text x="{MARGIN_LEFT - 6}" y="{y + BAR_HEIGHT - 7}" text-anchor="end" class="lbl">'
            f"{escape(point.label)}</text>" + _link(point, bar, chart.unit)
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart bar" role="img" width="{WIDTH}" '
        f'height="{height}" viewBox="0 0 {WIDTH} {height}" data-indicator="{escape(chart.indicator_code)}">'
        f"<title>{escape(chart.name)} ({escape(chart.unit)}), latest by region</title>"
        f'<line x1="{zero_x:.1f}" x2="{zero_x:.1f}" y1="4" y2="{height - 4}" stroke="#999"/>'
        + "".join(items)
        + "</svg>"
    )


def line_chart(chart: Chart, height: int = 180) -> str:
    """A time series of one indicator in one region, by period end date."""
    points = sorted(chart.points, key=lambda p: p.when or 0)
    left, right, top_pad, bottom_pad = 70, 20, 14, 34
    plot_w, plot_h = WIDTH - left - right, height - top_pad - bottom_pad
    ordinals = [p.when.toordinal() for p in points if p.when]
    x0, x1 = min(ordinals), max(ordinals)
    values = [p.value for p in points]
    lo, hi = min(values), max(values)
    if math.isclose(lo, hi):
        lo, hi = lo - (abs(lo) or 1) * 0.1, hi + (abs(hi) or 1) * 0.1

    def xy(p: Point) -> tuple[float, float]:
        x = left + plot_w * ((p.when.toordinal() - x0) / ((x1 - x0) or 1))
        y = top_pad + plot_h * (1 - (p.value - lo) / (hi - lo))
        return x, y

    coords = [xy(p) for p in points]
    path = " ".join(f"{'M' if i == 0 else 'L'}{x:.1f},{y:.1f}" for i, (x, y) in enumerate(coords))
    dots, ticks = [], []
    for p, (x, y) in zip(points, coords, strict=True):
        dots.append(_link(p, f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="{PALETTE[1]}"/>', chart.unit))
        ticks.append(f'<text x="{x:.1f}" y="{height - 12}" text-anchor="middle" class="lbl">{escape(p.label)}</text>')
    base_y = top_pad + plot_h
    axis = (
        f'<line x1="{left}" x2="{WIDTH - right}" y1="{base_y}" y2="{base_y}" stroke="#999"/>'
        f'<text x="{left - 6}" y="{top_pad + 4}" text-anchor="end" class="val">{escape(fmt(hi))}</text>'
        f'<text x="{left - 6}" y="{top_pad + plot_h}" text-anchor="end" class="val">{escape(fmt(lo))}</text>'
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart line" role="img" width="{WIDTH}" '
        f'height="{height}" viewBox="0 0 {WIDTH} {height}" data-indicator="{escape(chart.indicator_code)}">'
        f"<title>{escape(chart.name)} ({escape(chart.unit)}), {escape(chart.series_name)} over time</title>"
        + axis
        + f'<path d="{path}" fill="none" stroke="{PALETTE[1]}" stroke-width="2"/>'
        + "".join(ticks)
        + "".join(dots)
        + "</svg>"
    )
