"""Per-indicator bounds: the catalog's columns, with the kind defaults of `provind_expectations.thresholds`.

The indicator catalog (`scrapers/provind/reference/indicators.csv`, also dbt's
seed `indicators` and so `dim_indicator`) carries, per indicator:

- `min_value`, `max_value`: the plausible range of one figure, in the normalised
  unit of its kind (`%` for ratios and growths, `元` for amounts, the measure
  word for counts, per 10 000 people for densities);
- `max_growth`: the largest change, in percent, a region's figure may show
  against its own history (900: ten times); empty where history is not judged;
- `additive`: `true` when a region's figure is a part of its parent region's
  (counts of firms, amounts of money), so a part cannot exceed its whole.

An empty cell takes the default of the row's kind. The gates join these to
each figure by indicator code and kind; a mention that is unclassified, or
whose kind is not its indicator's, gets the defaults of its own kind.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

from provind_expectations.thresholds import KIND_BOUNDS, KindBounds

COLUMNS = (
    "indicator_code",
    "indicator_name",
    "kind",
    "min_value",
    "max_value",
    "max_growth",
    "additive",
    "bound_source",
)

# A figure's value in the unit its kind's bounds are written in. The extractor normalises
# magnitudes (万 ×10⁴, 亿 ×10⁸) but keeps the unit a growth or ratio was written in:
# 增长3.5倍 is +350%, 三成 is 30%, 5‰ is 0.5%.
MEASURE_SQL = """
    CASE
        WHEN {kind} IN ('growth', 'ratio') AND {unit} = '倍' THEN {value} * 100
        WHEN {kind} IN ('growth', 'ratio') AND {unit} = '成' THEN {value} * 10
        WHEN {kind} IN ('growth', 'ratio') AND {unit} = '‰' THEN {value} / 10
        ELSE {value}
    END
"""


class CatalogError(ValueError):
    """A bound in the indicator catalog that cannot be read: named by row and column."""


def catalog_path() -> Path:
    from provind import config

    return config.REFERENCE_DIR / "indicators.csv"


def load(path: Path | None = None) -> list[tuple]:
    """One row per catalog indicator and one per kind (indicator_code NULL: the defaults), as `COLUMNS`."""
    rows: list[tuple] = []
    with open(path or catalog_path(), encoding="utf-8", newline="") as fh:
        for line, row in enumerate(csv.DictReader(fh), start=2):
            kind = (row.get("kind") or "").strip() or "other"
            if kind not in KIND_BOUNDS:
                raise CatalogError(f"indicators.csv line {line}: unknown kind {kind!r}")
            rows.append((row["indicator_code"], row.get("name_zh"), kind, *_merged(row, KIND_BOUNDS[kind], line)))
    for kind, default in KIND_BOUNDS.items():
        rows.append(
            (
                None,
                None,
                kind,
                default.min_value,
                default.max_value,
                default.max_growth,
                default.additive,
                "kind default",
            )
        )
    return rows


def _merged(row: dict[str, str], default: KindBounds, line: int) -> tuple:
    own = {c: _number(row, c, line) for c in ("min_value", "max_value", "max_growth")}
    additive = _boolean(row, "additive", line)
    merged = (
        default.min_value if own["min_value"] is None else own["min_value"],
        default.max_value if own["max_value"] is None else own["max_value"],
        default.max_growth if own["max_growth"] is None else own["max_growth"],
        default.additive if additive is None else additive,
    )
    if merged[0] is not None and merged[1] is not None and merged[0] > merged[1]:
        raise CatalogError(f"indicators.csv line {line}: min_value {merged[0]} above max_value {merged[1]}")
    source = "indicator catalog" if any(v is not None for v in own.values()) or additive is not None else "kind default"
    return (*merged, source)


def _number(row: dict[str, str], column: str, line: int) -> float | None:
    text = (row.get(column) or "").strip()
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise CatalogError(f"indicators.csv line {line}: {column} {text!r} is not a number") from None
    if math.isnan(value):
        raise CatalogError(f"indicators.csv line {line}: {column} is NaN")
    return value


def _boolean(row: dict[str, str], column: str, line: int) -> bool | None:
    text = (row.get(column) or "").strip().lower()
    if not text:
        return None
    if text in ("true", "false"):
        return text == "true"
    raise CatalogError(f"indicators.csv line {line}: {column} {text!r} is neither true nor false")


def register(con, name: str = "gate_bounds", path: Path | None = None) -> str:
    """Make the bounds a temporary table `name` on a DuckDB connection; return its name."""
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE {name} (
            indicator_code VARCHAR, indicator_name VARCHAR, kind VARCHAR, min_value DOUBLE, max_value DOUBLE,
            max_growth DOUBLE, additive BOOLEAN, bound_source VARCHAR
        )
        """
    )
    con.executemany(f"INSERT INTO {name} VALUES (?, ?, ?, ?, ?, ?, ?, ?)", load(path))
    return name
