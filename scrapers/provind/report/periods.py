"""Readable period labels: `2024`, `2024H1`, `2024Q1`, `2024-03`, `2024-01..08` (January to August).

The marts name a period by its code (`2024-01..2024-03`) and its grain (`quarter`); a
chart axis wants the short form an analyst writes. Anything not recognised keeps its
code, so a label is never wrong, at worst long.
"""

from __future__ import annotations

from datetime import date, timedelta

GRAIN_NAMES = {
    "year": "yearly",
    "half": "half-yearly",
    "quarter": "quarterly",
    "month": "monthly",
    "year_to_date": "year to date",
    "day": "daily",
    "range": "multi-period",
}


def grain_name(grain: str) -> str:
    return GRAIN_NAMES.get(grain, grain.replace("_", " "))


def period_label(code: str, grain: str, start: date | None, end: date | None) -> str:
    """The short label of a period, from its grain and its first and last day."""
    if start is None or end is None:
        return code
    if grain == "year":
        return f"{start.year}"
    if grain == "half":
        return f"{start.year}H{1 if start.month <= 6 else 2}"
    if grain == "quarter":
        return f"{start.year}Q{(start.month - 1) // 3 + 1}"
    if grain == "month":
        return f"{start.year}-{start.month:02d}"
    if grain == "day":
        return end.isoformat()
    if grain == "year_to_date":
        return f"{start.year}-{start.month:02d}..{end.month:02d}"
    if grain == "range":
        if start.day != 1 or (end + timedelta(days=1)).day != 1:
            return code  # not whole months: the code says it exactly
        if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
            return f"{start.year}..{end.year}"
        if start.year == end.year:
            return f"{start.year}-{start.month:02d}..{end.month:02d}"
        return f"{start.year}-{start.month:02d}..{end.year}-{end.month:02d}"
    return code
