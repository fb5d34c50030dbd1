"""What the report shows, read from the published `marts.duckdb` (opened read-only)."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

# The latest non-target figure per indicator, unit and region (one per bar).
LATEST_SQL = """
SELECT i.domain, i.indicator_code, i.name_zh, f.unit, r.region_code, r.name AS region, r.level,
       p.period_code, f.value, a.url, a.title, f.quote
FROM cat.marts.fct_indicator_observation f
JOIN cat.marts.dim_indicator i USING (indicator_key)
JOIN cat.marts.dim_region r USING (region_key)
JOIN cat.marts.dim_period p USING (period_key)
JOIN cat.marts.dim_article a USING (article_id)
WHERE NOT f.is_target AND f.value IS NOT NULL AND i.indicator_code <> 'unclassified'
QUALIFY row_number() OVER (
    PARTITION BY i.indicator_code, f.unit, r.region_code
    ORDER BY p.end_date DESC NULLS LAST, a.published DESC NULLS LAST, f.observation_key
) = 1
ORDER BY i.domain, i.indicator_code, f.unit, f.value DESC
"""

# Every dated non-target figure (the points of the time series).
SERIES_SQL = """
SELECT i.domain, i.indicator_code, i.name_zh, f.unit, r.name AS region,
       p.period_code, p.end_date, f.value, a.url, a.title, f.quote
FROM cat.marts.fct_indicator_observation f
JOIN cat.marts.dim_indicator i USING (indicator_key)
JOIN cat.marts.dim_region r USING (region_key)
JOIN cat.marts.dim_period p USING (period_key)
JOIN cat.marts.dim_article a USING (article_id)
WHERE NOT f.is_target AND f.value IS NOT NULL AND p.end_date IS NOT NULL
  AND i.indicator_code <> 'unclassified'
QUALIFY row_number() OVER (
    PARTITION BY i.indicator_code, f.unit, r.region_code, p.end_date
    ORDER BY a.published DESC NULLS LAST, f.observation_key
) = 1
ORDER BY i.domain, i.indicator_code, f.unit, r.name, p.end_date
"""


@dataclass(frozen=True)
class Point:
    label: str
    value: float
    url: str
    title: str
    quote: str
    when: date | None = None


@dataclass
class Chart:
    indicator_code: str
    name: str
    unit: str
    points: list[Point] = field(default_factory=list)
    series_name: str = ""  # the region of a time series


@dataclass
class Domain:
    name: str
    latest: list[Chart] = field(default_factory=list)
    series: list[Chart] = field(default_factory=list)


@dataclass
class ReportData:
    domains: list[Domain]
    run: dict[str, Any] | None
    observations: int


def load(marts: Path, max_charts_per_domain: int = 6) -> ReportData:
    con = duckdb.connect()
    try:
        con.execute(f"ATTACH '{marts}' AS cat (READ_ONLY)")
        latest = con.execute(LATEST_SQL).fetchall()
        series = con.execute(SERIES_SQL).fetchall()
        observations = con.execute("SELECT count(*) FROM cat.marts.fct_indicator_observation").fetchone()[0]
        run = _latest_run(con)
    finally:
        con.close()
    domains: dict[str, Domain] = {}
    for key, rows in _group(latest, lambda r: (r[0], r[1], r[2], r[3] or "")).items():
        domain = domains.setdefault(key[0], Domain(key[0]))
        chart = Chart(key[1], key[2], key[3])
        chart.points = [Point(f"{r[5]} {r[7]}", float(r[8]), r[9], r[10] or "", r[11] or "") for r in rows]
        domain.latest.append(chart)
    for key, rows in _group(series, lambda r: (r[0], r[1], r[2], r[3] or "", r[4])).items():
        if len({r[6] for r in rows}) < 2:
            continue
        domain = domains.setdefault(key[0], Domain(key[0]))
        chart = Chart(key[1], key[2], key[3], series_name=key[4])
        chart.points = [Point(r[5], float(r[7]), r[8], r[9] or "", r[10] or "", r[6]) for r in rows]
        domain.series.append(chart)
    for domain in domains.values():
        domain.latest.sort(key=lambda c: (-len(c.points), c.indicator_code))
        domain.series.sort(key=lambda c: (-len(c.points), c.indicator_code))
        del domain.latest[max_charts_per_domain:]
        del domain.series[max_charts_per_domain:]
    ordered = sorted(domains.values(), key=lambda d: (d.name == "other", d.name))
    return ReportData(ordered, run, observations)


def _group(rows: list[tuple], key) -> dict[tuple, list[tuple]]:
    groups: dict[tuple, list[tuple]] = defaultdict(list)
    for row in rows:
        groups[key(row)].append(row)
    return groups


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
