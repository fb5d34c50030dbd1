"""What the report shows, read from the published `marts.duckdb` (opened read-only).

Two marts answer the report's two questions, so the report reads them rather than
re-deriving them from the facts:

- `mart_indicator_time_series`: one line per `series_key` (indicator, region, kind,
  unit and period *grain*), so a yearly line and a quarterly line of the same
  indicator are two lines and never one zig-zag across grains;
- `mart_city_comparison`: which city of a province ranks first on an indicator,
  with the province's own figure beside the cities.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb

from provind.report.periods import period_label
from provind.warehouse import scalar

# Every point of every series, with the article it was quoted from.
SERIES_SQL = """
SELECT s.series_key, s.indicator_code, s.indicator_name_zh, s.indicator_name_en, s.indicator_domain,
       s.region_code, s.region_name, s.region_level, s.province_code, s.province_name,
       s.kind, s.unit, s.period_grain, s.period_code, s.period_start_date, s.period_end_date,
       s.value, s.quote, s.article_url, a.title
FROM cat.marts.mart_indicator_time_series s
LEFT JOIN cat.marts.dim_article a USING (article_id)
WHERE s.value IS NOT NULL
ORDER BY s.indicator_domain, s.indicator_code, s.kind, s.unit, s.period_grain, s.region_code,
         s.period_end_date, s.period_start_date
"""

# Every city of every ranking, with the province's own point (and its article) when it reported one.
RANKING_SQL = """
SELECT c.province_code, c.province_name, c.indicator_code, c.indicator_name_zh, c.indicator_domain,
       c.kind, c.unit, c.period_code, c.period_grain, c.period_start_date, c.period_end_date,
       c.ranking_basis, c.rank_in_province, c.cities_compared,
       c.city_code, c.city_name, c.value, c.quote, c.article_url, a.title,
       c.province_value, p.quote, p.article_url, pa.title
FROM cat.marts.mart_city_comparison c
LEFT JOIN cat.marts.mart_indicator_time_series cs ON cs.series_point_key = c.series_point_key
LEFT JOIN cat.marts.dim_article a ON a.article_id = cs.article_id
LEFT JOIN cat.marts.mart_indicator_time_series p
  ON p.region_code = c.province_code AND p.indicator_code = c.indicator_code
 AND coalesce(p.kind, '') = coalesce(c.kind, '') AND coalesce(p.unit, '') = coalesce(c.unit, '')
 AND p.period_code = c.period_code
LEFT JOIN cat.marts.dim_article pa ON pa.article_id = p.article_id
WHERE c.value IS NOT NULL
ORDER BY c.province_code, c.indicator_domain, c.indicator_code, c.kind, c.unit,
         c.period_end_date, c.period_code, c.rank_in_province, c.city_code
"""

REQUIRED_TABLES = ("mart_indicator_time_series", "mart_city_comparison", "dim_article", "fct_indicator_observation")

NATIONAL = "national"  # the filter key of figures for the whole country (no province)

# Totals: a country's dwarfs its provinces', a province's its cities'. Their panels and
# rankings keep each level of region apart, where rates and growth share one panel.
ADDITIVE_KINDS = {"amount", "count"}
LEVEL_ORDER = {"country": 0, "province": 1, "prefecture": 2}


@dataclass(frozen=True)
class Point:
    """One plotted figure: where it sits, what it says, and the article it came from."""

    period_code: str
    label: str
    value: float
    url: str
    title: str
    quote: str
    end: date | None = None


@dataclass
class Series:
    """One line: one indicator, region, kind, unit and period grain (`series_key`)."""

    key: str
    region_code: str
    region_name: str
    region_level: str
    province_code: str  # NATIONAL for country-level figures
    grain: str
    points: list[Point] = field(default_factory=list)


@dataclass
class Panel:
    """One small multiple: one indicator, measure (kind and unit) and grain, a line per region."""

    indicator_code: str
    name: str
    name_en: str
    kind: str
    unit: str
    grain: str
    level: str = ""  # the one region level of a panel of totals (ADDITIVE_KINDS), else ""
    series: list[Series] = field(default_factory=list)
    left_out: int = 0  # series not drawn to keep the panel readable

    @property
    def provinces(self) -> list[str]:
        return sorted({s.province_code for s in self.series})

    @property
    def is_single_figure(self) -> bool:
        return all(len(s.points) == 1 for s in self.series)


@dataclass
class Domain:
    name: str
    panels: list[Panel] = field(default_factory=list)


@dataclass(frozen=True)
class CityFigure:
    rank: int
    city_code: str
    city_name: str
    point: Point


@dataclass
class Ranking:
    """The cities of one province on one indicator and measure, for its latest compared period."""

    province_code: str
    province_name: str
    indicator_code: str
    name: str
    domain: str
    kind: str
    unit: str
    period_code: str
    period: str  # readable label of the period
    grain: str
    basis: str  # mart_city_comparison.ranking_basis
    cities: list[CityFigure] = field(default_factory=list)
    province_figure: Point | None = None  # the province's own figure for the same period
    other_periods: list[str] = field(default_factory=list)  # earlier periods also ranked


@dataclass
class ReportData:
    domains: list[Domain]
    rankings: list[Ranking]
    run: dict[str, Any] | None
    observations: int
    provinces: dict[str, str] = field(default_factory=dict)  # filter key -> name
    indicators: dict[str, tuple[str, str]] = field(default_factory=dict)  # code -> (name, domain)


def load(marts: Path, max_lines_per_panel: int = 8) -> ReportData:
    """Read the series, rankings and last run from the published marts."""
    con = duckdb.connect()
    try:
        quoted = str(marts).replace("'", "''")
        con.execute(f"ATTACH '{quoted}' AS cat (READ_ONLY)")
        _require_tables(con, marts)
        series_rows = con.execute(SERIES_SQL).fetchall()
        ranking_rows = con.execute(RANKING_SQL).fetchall()
        observations = scalar(con, "SELECT count(*) FROM cat.marts.fct_indicator_observation")
        run = _latest_run(con)
    finally:
        con.close()
    domains, provinces, indicators = _domains(series_rows, max_lines_per_panel)
    rankings = _rankings(ranking_rows)
    for ranking in rankings:
        provinces.setdefault(ranking.province_code, ranking.province_name)
        indicators.setdefault(ranking.indicator_code, (ranking.name, ranking.domain))
    return ReportData(domains, rankings, run, observations, provinces, indicators)


def _require_tables(con: duckdb.DuckDBPyConnection, marts: Path) -> None:
    present = {
        r[0]
        for r in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = 'cat' AND schema_name = 'marts'"
        ).fetchall()
    }
    missing = [t for t in REQUIRED_TABLES if t not in present]
    if missing:
        raise ValueError(f"{marts} lacks the marts the report reads: {', '.join(missing)} (rebuild and publish them)")


def _point(code: str, grain: str, start: Any, end: Any, value: Any, quote: Any, url: Any, title: Any) -> Point:
    end_day = _day(end)
    return Point(
        code,
        period_label(code, grain, _day(start), end_day),
        float(value),
        url or "",
        title or "",
        quote or "",
        end_day,
    )


def _domains(rows: list[tuple], max_lines: int) -> tuple[list[Domain], dict[str, str], dict[str, tuple[str, str]]]:
    provinces: dict[str, str] = {}
    indicators: dict[str, tuple[str, str]] = {}
    series: dict[str, Series] = {}
    panels: dict[tuple, Panel] = {}
    for r in rows:
        (key, code, name_zh, name_en, domain, region_code, region_name, level, province_code, province_name) = r[:10]
        kind, unit, grain, period_code, start, end, value, quote, url, title = r[10:]
        province = province_code or NATIONAL
        provinces.setdefault(province, province_name or "全国")
        indicators.setdefault(code, (name_zh or code, domain or "other"))
        level_apart = (level or "") if kind in ADDITIVE_KINDS else ""
        panel_key = (domain or "other", code, kind or "", unit or "", grain, level_apart)
        panel = panels.get(panel_key)
        if panel is None:
            panel = Panel(code, name_zh or code, name_en or "", kind or "", unit or "", grain, level_apart)
            panels[panel_key] = panel
        line = series.get(key)
        if line is None:
            line = series[key] = Series(key, region_code, region_name or region_code, level or "", province, grain)
            panel.series.append(line)
        line.points.append(_point(period_code, grain, start, end, value, quote, url, title))
    domains: dict[str, Domain] = {}
    for panel_key, panel in panels.items():
        _keep_readable(panel, max_lines)
        name = panel_key[0]
        domains.setdefault(name, Domain(name)).panels.append(panel)
    for domain in domains.values():
        # charts with a history first, the longest first; single figures after them
        domain.panels.sort(
            key=lambda p: (
                p.is_single_figure,
                -max(len(s.points) for s in p.series),
                p.indicator_code,
                LEVEL_ORDER.get(p.level, 3),
            )
        )
    ordered = sorted(domains.values(), key=lambda d: (d.name == "other", d.name))
    return ordered, provinces, indicators


def _keep_readable(panel: Panel, max_lines: int) -> None:
    """Order a panel's lines (country, provinces, then cities by history length) and cap their number.

    Cities left out here are still in the rankings, which compare every city.
    """
    panel.series.sort(key=lambda s: (LEVEL_ORDER.get(s.region_level, 3), -len(s.points), s.region_code))
    panel.left_out = max(0, len(panel.series) - max_lines)
    del panel.series[max_lines:]


def _rankings(rows: list[tuple]) -> list[Ranking]:
    """One ranking per province, indicator and measure: its latest period, the earlier ones named."""
    by_measure: dict[tuple, dict[str, list[tuple]]] = defaultdict(lambda: defaultdict(list))
    for r in rows:
        by_measure[(r[0], r[2], r[5] or "", r[6] or "")][r[7]].append(r)
    rankings = []
    for periods in by_measure.values():
        # rows arrive ordered by period end, so the last period is the latest
        ordered = list(periods.values())
        latest = ordered[-1]
        first = latest[0]
        grain = first[8]
        ranking = Ranking(
            province_code=first[0],
            province_name=first[1] or first[0],
            indicator_code=first[2],
            name=first[3] or first[2],
            domain=first[4] or "other",
            kind=first[5] or "",
            unit=first[6] or "",
            period_code=first[7],
            period=period_label(first[7], grain, _day(first[9]), _day(first[10])),
            grain=grain,
            basis=first[11] or "",
        )
        for r in latest:
            point = _point(r[7], grain, r[9], r[10], r[16], r[17], r[18], r[19])
            ranking.cities.append(CityFigure(int(r[12]), r[14], r[15] or r[14], point))
        if first[20] is not None and first[22]:
            ranking.province_figure = _point(
                first[7], grain, first[9], first[10], first[20], first[21], first[22], first[23]
            )
        ranking.other_periods = [
            period_label(rows_[0][7], rows_[0][8], _day(rows_[0][9]), _day(rows_[0][10])) for rows_ in ordered[:-1]
        ]
        rankings.append(ranking)
    # the widest comparisons first: they are the ones that answer "which city ranks first?"
    rankings.sort(key=lambda k: (-len(k.cities), k.province_code, k.domain, k.indicator_code, k.kind, k.unit))
    return rankings


def _day(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else None


def _latest_run(con: duckdb.DuckDBPyConnection) -> dict[str, Any] | None:
    """The newest row of `meta.runs`, whichever of its known layouts the marts carry."""
    columns = {
        r[0]
        for r in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE database_name = 'cat' AND schema_name = 'meta'"
            " AND table_name = 'runs'"
        ).fetchall()
    }
    if "run_id" not in columns:
        return None
    when = next((c for c in ("published_at", "finished_at") if c in columns), None)
    fields = ["run_id", when or "NULL", *(c if c in columns else "NULL" for c in ("summary", "gate_outcomes"))]
    order = f"ORDER BY {when} DESC NULLS LAST" if when else ""
    row = con.execute(f"SELECT {', '.join(fields)} FROM cat.meta.runs {order} LIMIT 1").fetchone()
    if row is None:
        return None
    summary = _json(row[2]) or {}
    gates = summary.get("gates") or _json(row[3]) or []
    return {"run_id": row[0], "finished_at": row[1], "summary": summary, "gates": gates}


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value
