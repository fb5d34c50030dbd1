"""The report page: one self-contained HTML file (inline CSS, SVG and a small filter script; no external URL).

Layout, top to bottom: the filters (province, indicator), "which city ranks first?" (one
ranking per province and indicator, the province's own figure beside the cities), the
small multiples of each indicator domain (one panel per indicator, measure and period
grain, a line per region), and the last run's gate outcomes. Without JavaScript everything
is shown and only the filters are missing.
"""

from __future__ import annotations

from datetime import UTC, datetime
from html import escape
from typing import Any

from provind.report.data import Domain, Panel, Ranking, ReportData
from provind.report.periods import grain_name
from provind.report.svg import PALETTE, compact, figure_tile, fmt, line_panel, ranking_chart, single_figures
from provind_expectations.runner import OUTCOME_OF_LEVEL

DOMAIN_NAMES = {
    "statistics": "统计 Statistics",
    "market_entities": "经营主体 Market entities",
    "quality": "质量 Quality",
    "standards": "标准化 Standards",
    "intellectual_property": "知识产权 Intellectual property",
    "enforcement": "执法 Enforcement",
    "food_safety": "食品安全 Food safety",
    "drugs": "药品 Drugs",
    "special_equipment": "特种设备 Special equipment",
    "consumer_protection": "消费者权益 Consumer protection",
    "other": "其他 Other",
}

LEVEL_NAMES = {"country": "national", "province": "provincial", "prefecture": "city level"}

RANKING_BASIS = {
    "higher_is_better": "highest first (higher is better)",
    "lower_is_better": "lowest first (lower is better)",
    "larger_value_first": "largest first",
}

CSS = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei","Microsoft YaHei",sans-serif;
margin:24px;color:#222;max-width:1400px}
h1{font-size:22px;margin-bottom:4px}h2{font-size:18px;border-bottom:1px solid #ccc;padding-bottom:4px;margin-top:36px}
h3{font-size:14px;margin:18px 0 6px}.muted{color:#777}.small{font-size:12px}
nav.toc a{margin-right:12px;font-size:13px}
#filters{position:sticky;top:0;background:#fff;padding:8px 0;border-bottom:1px solid #eee;z-index:1;font-size:13px}
#filters label{margin-right:16px}#filters select{font:inherit;max-width:360px}
.charts{display:flex;flex-wrap:wrap;gap:18px 28px;align-items:flex-start}
figure{margin:0}figure.panel,figure.ranking{width:300px}figure.ranking{width:420px}
figcaption{font-size:13px;margin-bottom:4px;line-height:1.35}
.grain{display:inline-block;font-size:11px;padding:0 5px;border-radius:3px;background:#eef2f8;color:#2f4f7f}
.code{color:#888;font-size:11px}
.lbl{font-size:12px;fill:#333}.tick{font-size:10px;fill:#555}.big{font-size:26px;font-weight:bold;fill:#2f6db5}
.grid{stroke:#e6e6e6}.ref{stroke:#b5443b;stroke-width:2;stroke-dasharray:4 3}.tile{fill:#f6f8fb}
a.point:hover circle{r:6}a.point:hover rect:not(.tile){opacity:.7}a.point:hover .tile{fill:#e8eef8}
ul.legend{list-style:none;padding:0;margin:4px 0 0;font-size:12px;display:flex;flex-wrap:wrap;gap:2px 12px}
ul.legend i{display:inline-block;width:10px;height:10px;margin-right:4px;vertical-align:-1px}
table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ddd;padding:3px 8px;text-align:left}
td.num{text-align:right}.ok{color:#2a7a3b;font-weight:bold}.bad{color:#b5443b;font-weight:bold}
[hidden]{display:none!important}
"""

# Filters by province and indicator. Elements carry `data-provinces` / `data-province` and
# `data-indicator`; the choice is kept in the URL fragment so a filtered view can be shared.
SCRIPT = """
(function () {
  var P = document.getElementById('f-province'), I = document.getElementById('f-indicator');
  var N = document.getElementById('f-count'), R = document.getElementById('f-reset');
  document.getElementById('filters').hidden = false;
  function has(el, attr, v) { return !v || (' ' + (el.getAttribute(attr) || '') + ' ').indexOf(' ' + v + ' ') >= 0; }
  function apply() {
    var p = P.value, i = I.value, shown = 0;
    document.querySelectorAll('[data-province]').forEach(function (el) {
      el.style.display = has(el, 'data-province', p) ? '' : 'none';
    });
    document.querySelectorAll('.filterable').forEach(function (el) {
      var ok = has(el, 'data-indicator', i) && has(el, 'data-provinces', p);
      el.hidden = !ok; if (ok && el.tagName === 'FIGURE') shown++;
    });
    document.querySelectorAll('.filtered').forEach(function (s) {
      s.hidden = (p || i) ? !s.querySelector('.filterable:not([hidden])') : false;
    });
    N.textContent = shown + ' charts shown';
    var q = new URLSearchParams(); if (p) q.set('province', p); if (i) q.set('indicator', i);
    try { history.replaceState(null, '', '#' + q.toString()); } catch (e) {}
  }
  var q = new URLSearchParams(location.hash.slice(1));
  if (q.get('province')) P.value = q.get('province');
  if (q.get('indicator')) I.value = q.get('indicator');
  P.onchange = I.onchange = apply;
  R.onclick = function () { P.value = ''; I.value = ''; apply(); };
  apply();
})();
"""


def domain_name(domain: str) -> str:
    return DOMAIN_NAMES.get(domain, domain.replace("_", " ").capitalize())


def render(data: ReportData, generated_at: datetime | None = None) -> str:
    generated = (generated_at or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M UTC")
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-Hans"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>provind report</title>",
        f"<style>{CSS}</style></head><body>",
        "<h1>provind: provincial indicators</h1>",
        f'<p class="muted small">generated {generated}; {data.observations} published observations; '
        f"{_gate_summary(data.run)}. Every point and bar links to the article the figure was quoted from; "
        "hover over it for the quote.</p>",
        _toc(data),
        _filters(data),
        _rankings(data.rankings),
    ]
    if not data.domains:
        parts.append("<p>No indicator series published yet (mart_indicator_time_series is empty).</p>")
    parts.extend(_domain(domain) for domain in data.domains)
    parts.append(_gates(data.run))
    parts.append(f"<script>{SCRIPT}</script></body></html>")
    return "\n".join(parts)


# ---------- navigation and filters


def _toc(data: ReportData) -> str:
    links = ['<a href="#rankings">Which city ranks first?</a>']
    links += [f'<a href="#domain-{escape(d.name)}">{escape(domain_name(d.name))}</a>' for d in data.domains]
    links.append('<a href="#gates">Gates</a>')
    return f'<nav class="toc">{"".join(links)}</nav>'


def _filters(data: ReportData) -> str:
    provinces = "".join(
        f'<option value="{escape(code, quote=True)}">{escape(name)}</option>'
        for code, name in sorted(data.provinces.items(), key=lambda kv: (kv[0] != "national", kv[0]))
    )
    by_domain: dict[str, list[tuple[str, str]]] = {}
    for code, (name, domain) in sorted(data.indicators.items(), key=lambda kv: (kv[1][1], kv[1][0])):
        by_domain.setdefault(domain, []).append((code, name))
    groups = "".join(
        f'<optgroup label="{escape(domain_name(domain), quote=True)}">'
        + "".join(f'<option value="{escape(c, quote=True)}">{escape(n)} ({escape(c)})</option>' for c, n in items)
        + "</optgroup>"
        for domain, items in sorted(by_domain.items(), key=lambda kv: (kv[0] == "other", kv[0]))
    )
    return (
        '<nav id="filters" hidden>'
        f'<label>Province <select id="f-province"><option value="">all</option>{provinces}</select></label>'
        f'<label>Indicator <select id="f-indicator"><option value="">all</option>{groups}</select></label>'
        '<button id="f-reset" type="button">show all</button> <span id="f-count" class="muted"></span></nav>'
    )


# ---------- rankings


def _rankings(rankings: list[Ranking]) -> str:
    compared = [r for r in rankings if len(r.cities) > 1]
    alone = [r for r in rankings if len(r.cities) == 1]
    parts = [
        '<section id="rankings" class="filtered"><h2>Which city ranks first?</h2>',
        '<p class="muted small">The prefecture-level cities of each province that reported an indicator, '
        "ranked for the latest period they were compared in (mart_city_comparison); the province's own "
        "figure beside them (a dashed line where it is comparable, e.g. a rate).</p>",
    ]
    if not rankings:
        parts.append("<p>No city reported an indicator yet.</p>")
    if compared:
        parts.append("<div class='charts'>" + "".join(_ranking_figure(r) for r in compared) + "</div>")
    if alone:
        parts.append(f"<div class='filtered'><h3>Reported by one city only</h3>{_single_city_table(alone)}</div>")
    parts.append("</section>")
    return "".join(parts)


def _ranking_figure(ranking: Ranking) -> str:
    basis = RANKING_BASIS.get(ranking.basis, ranking.basis)
    first = "、".join(c.city_name for c in ranking.cities if c.rank == 1)
    caption = (
        f"<b>{escape(ranking.province_name)}</b>: {escape(ranking.name)} ({escape(ranking.unit)}) "
        f'<span class="grain">{escape(ranking.period)}</span><br>first: <b>{escape(first)}</b><br>'
        f'<span class="muted small">{len(ranking.cities)} cities, {escape(basis)}; '
        f"{_province_figure_text(ranking)}</span>"
    )
    earlier = (
        f'<p class="muted small">also ranked: {escape(", ".join(ranking.other_periods))}</p>'
        if ranking.other_periods
        else ""
    )
    return (
        f'<figure class="ranking filterable" data-provinces="{escape(ranking.province_code, quote=True)}" '
        f'data-indicator="{escape(ranking.indicator_code, quote=True)}">'
        f"<figcaption>{caption}</figcaption>{ranking_chart(ranking)}{earlier}</figure>"
    )


def _province_figure_text(ranking: Ranking) -> str:
    figure = ranking.province_figure
    if figure is None:
        return "no provincial figure for this period"
    return (
        f'province: <a href="{escape(figure.url, quote=True)}" class="point" '
        f'title="{escape(figure.quote, quote=True)}">'
        f"{escape(compact(figure.value))} {escape(ranking.unit)}</a>"
    )


def _single_city_table(rankings: list[Ranking]) -> str:
    rows = []
    for r in rankings:
        city = r.cities[0]
        rows.append(
            f'<tr class="filterable" data-provinces="{escape(r.province_code, quote=True)}" '
            f'data-indicator="{escape(r.indicator_code, quote=True)}">'
            f"<td>{escape(r.province_name)}</td><td>{escape(r.name)}</td><td>{escape(r.period)}</td>"
            f"<td>{escape(city.city_name)}</td>"
            f'<td class="num"><a href="{escape(city.point.url, quote=True)}" class="point" '
            f'title="{escape(city.point.quote, quote=True)}">{escape(fmt(city.point.value))}</a> {escape(r.unit)}</td>'
            f"<td>{_province_figure_text(r)}</td></tr>"
        )
    return (
        "<table><tr><th>province</th><th>indicator</th><th>period</th><th>city</th><th>value</th>"
        "<th>province figure</th></tr>" + "".join(rows) + "</table>"
    )


# ---------- small multiples per domain


def _domain(domain: Domain) -> str:
    histories = [p for p in domain.panels if not p.is_single_figure]
    singles = [p for p in domain.panels if p.is_single_figure]
    parts = [
        f'<section class="domain filtered" id="domain-{escape(domain.name)}">',
        f"<h2>{escape(domain_name(domain.name))}</h2>",
    ]
    if histories:
        parts.append(_group("Over time", histories))
    if singles:
        parts.append(_group("Single figures", singles))
    parts.append("</section>")
    return "".join(parts)


def _group(heading: str, panels: list[Panel]) -> str:
    charts = "".join(_panel(p) for p in panels)
    return f"<div class='filtered'><h3>{heading}</h3><div class='charts'>{charts}</div></div>"


def _panel(panel: Panel) -> str:
    if not panel.is_single_figure:
        chart = line_panel(panel)
    elif len(panel.series) == 1:
        chart = figure_tile(panel)
    else:
        chart = single_figures(panel)
    measure = f"{panel.unit}, {panel.kind}" if panel.kind else panel.unit
    level = f" · {LEVEL_NAMES.get(panel.level, panel.level)}" if panel.level else ""
    caption = (
        f"<b>{escape(panel.name)}</b> ({escape(measure)}){escape(level)} "
        f'<span class="grain">{escape(grain_name(panel.grain))}</span> '
        f'<span class="code">{escape(panel.indicator_code)}</span>'
    )
    legend = _legend(panel) if len(panel.series) > 1 and not panel.is_single_figure else ""
    more = f'<p class="muted small">{panel.left_out} more regions: see the rankings</p>' if panel.left_out else ""
    return (
        f'<figure class="panel filterable" data-indicator="{escape(panel.indicator_code, quote=True)}" '
        f'data-provinces="{escape(" ".join(panel.provinces), quote=True)}" data-grain="{escape(panel.grain)}">'
        f"<figcaption>{caption}</figcaption>{chart}{legend}{more}</figure>"
    )


def _legend(panel: Panel) -> str:
    items = "".join(
        f'<li data-province="{escape(s.province_code, quote=True)}">'
        f'<i style="background:{PALETTE[i % len(PALETTE)]}"></i>{escape(s.region_name)}</li>'
        for i, s in enumerate(panel.series)
    )
    return f'<ul class="legend">{items}</ul>'


# ---------- gates


def _gate_summary(run: dict[str, Any] | None) -> str:
    if run is None:
        return "no run recorded"
    gates = run.get("gates") or []
    failed = [g for g in gates if not g.get("success")]
    if not gates:
        return f"run {escape(str(run['run_id']))}"
    state = "all gates passed" if not failed else f"{len(failed)} of {len(gates)} gates failed"
    return f'run {escape(str(run["run_id"]))}: <a href="#gates">{state}</a>'


def _failure_text(failure: Any) -> str:
    """One failed check as a reader wants it: what it did, its name and reason, and what it found."""
    if not isinstance(failure, dict):
        return str(failure)
    level = str(failure.get("level") or "failed")
    outcome = OUTCOME_OF_LEVEL.get(level, level)
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
