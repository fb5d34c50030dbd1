"""The report page: one self-contained HTML file (inline CSS and SVG, no scripts, no external URLs)."""

from __future__ import annotations

from datetime import UTC, datetime
from html import escape
from typing import Any

from expectations.runner import OUTCOME_OF_LEVEL
from provind.report.data import ReportData
from provind.report.svg import bar_chart, line_chart

CSS = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei",sans-serif;
margin:24px;color:#222}
h1{font-size:22px}h2{font-size:18px;border-bottom:1px solid #ccc;padding-bottom:4px;margin-top:32px}
h3{font-size:14px;margin:16px 0 4px}.charts{display:flex;flex-wrap:wrap;gap:8px 32px}
figure{margin:0}.lbl{font-size:11px;fill:#333}.val{font-size:10px;fill:#555}
a.point:hover rect,a.point:hover circle{opacity:.7}
table.gates{border-collapse:collapse}table.gates td,table.gates th{border:1px solid #ccc;padding:4px 8px}
.ok{color:#2a7a3b;font-weight:bold}.bad{color:#b5443b;font-weight:bold}.muted{color:#777}
"""


def render(data: ReportData, generated_at: datetime | None = None) -> str:
    generated = (generated_at or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M UTC")
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-Hans"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>provind report</title>",
        f"<style>{CSS}</style></head><body>",
        "<h1>provind: provincial indicators</h1>",
        f'<p class="muted">generated {generated}; {data.observations} published observations. '
        "Every bar and point links to the article the figure was quoted from.</p>",
        _gates(data.run),
    ]
    if not data.domains:
        parts.append("<p>No published observations yet.</p>")
    for domain in data.domains:
        parts.append(f'<section class="domain" id="domain-{escape(domain.name)}">')
        parts.append(f"<h2>{escape(domain.name)}</h2>")
        if domain.latest:
            parts.append("<h3>Latest value by region</h3><div class='charts'>")
            for chart in domain.latest:
                parts.append(_figure(f"{chart.name} ({chart.unit})", bar_chart(chart)))
            parts.append("</div>")
        if domain.series:
            parts.append("<h3>Over time</h3><div class='charts'>")
            for chart in domain.series:
                parts.append(_figure(f"{chart.name} ({chart.unit}), {chart.series_name}", line_chart(chart)))
            parts.append("</div>")
        parts.append("</section>")
    parts.append("</body></html>")
    return "\n".join(parts)


def _figure(caption: str, svg: str) -> str:
    return f"<figure>{svg}<figcaption class='lbl'>{escape(caption)}</figcaption></figure>"


def _failure_text(failure: Any) -> str:
    """One failed check as a reader wants it: what it did, its name and reason, and what it found."""
    if not isinstance(failure, dict):
        return str(failure)
    outcome = OUTCOME_OF_LEVEL.get(failure.get("level"), failure.get("level") or "failed")
    reason = failure.get("reason") or failure.get("expectation") or ""
    text = f"{outcome}: {failure.get('name', '?')}" + (f", {reason}" if reason else "")
    found = []
    if failure.get("unexpected_count"):
        found.append(f"{failure['unexpected_count']} rows")
    elif failure.get("observed") is not None:
        found.append(f"observed {failure['observed']}")
    if failure.get("examples"):
        found.append("e.g. " + ", ".join(str(e) for e in failure["examples"][:3]))
    return f"{text} ({'; '.join(found)})" if found else text


def _gates(run: dict[str, Any] | None) -> str:
    if run is None:
        return '<section id="gates"><h2>Gates</h2><p>No run recorded in meta.runs.</p></section>'
    rows = []
    for gate in run.get("gates") or []:
        ok = bool(gate.get("success"))
        failures = gate.get("failures") or []
        detail = "<br>".join(escape(_failure_text(f)) for f in failures) or "&nbsp;"
        rows.append(
            f"<tr class='gate'><td>{escape(str(gate.get('suite')))}</td>"
            f"<td class='{'ok' if ok else 'bad'}'>{'passed' if ok else 'FAILED'}</td>"
            f"<td>{escape(str(gate.get('evaluated', '')))}</td><td>{detail}</td></tr>"
        )
    table = (
        "<table class='gates'><tr><th>gate</th><th>outcome</th><th>checks</th><th>failures</th></tr>"
        + "".join(rows)
        + "</table>"
        if rows
        else "<p>The run recorded no gate outcomes.</p>"
    )
    return (
        f"<section id='gates'><h2>Gates of run {escape(str(run['run_id']))}</h2>"
        f"<p class='muted'>finished {escape(str(run['finished_at']))} UTC</p>{table}</section>"
    )
