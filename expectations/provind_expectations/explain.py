"""Reasons a person understands: one sentence per held figure, built from its row of derived columns.

`raw.quarantine.reason` (and `meta.quarantine`, published for analysts) carries
these sentences: which figure, what it was compared with, and by how much it is
off, in the units a bureau writes (万, 亿, 万亿).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

# Units a magnitude (万, 亿, 万亿) is not put in front of.
_PLAIN_UNITS = ("%", "‰", "倍", "成", "个百分点", "百分点", "位")
_MAGNITUDES = ((1e12, "万亿"), (1e8, "亿"), (1e4, "万"))
_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def get(row: Mapping[str, Any], column: str) -> Any:
    """The row's value, None for SQL NULL (pandas gives NaN, NA or NaT)."""
    value = row.get(column) if hasattr(row, "get") else row[column]
    try:
        if value is None or value != value:  # NaN
            return None
    except (TypeError, ValueError):  # pandas.NA refuses comparison
        return None
    return value


def number(x: float, significant: int = 6) -> str:
    """7606.1, 5200, 0.35: at most six significant digits, no trailing zeros, no exponent."""
    if x == 0:
        return "0"
    digits = max(0, significant - 1 - math.floor(math.log10(abs(x))))
    return f"{round(x, digits):.{digits}f}".rstrip("0").rstrip(".") if digits else f"{round(x):d}"


def amount(value: float | None, unit: str | None) -> str:
    """A value as a bureau writes it: 7.6061e15 元 -> 7606.1万亿元, 35 % -> 35%."""
    if value is None:
        return "?"
    unit = unit or ""
    if unit not in _PLAIN_UNITS:
        for size, word in _MAGNITUDES:
            if abs(value) >= size:
                return f"{number(value / size)}{word}{unit}"
    return f"{number(value)}{unit}"


def _label(row: Mapping[str, Any]) -> str:
    name = get(row, "indicator_name") or get(row, "indicator") or "this indicator"
    period = get(row, "period")
    return f"{name}, {period}" if period else name


def _region(row: Mapping[str, Any]) -> str:
    return get(row, "region_name") or get(row, "region_code") or "the region"


def _unit(row: Mapping[str, Any]) -> str:
    kind = get(row, "kind")
    return "%" if kind in ("ratio", "growth") else get(row, "unit") or ""


def bounds(row: Mapping[str, Any]) -> str:
    """`a growth of 5000% is outside -100%…500%, the kind default for growths`."""
    unit = _unit(row)
    low, high = get(row, "min_allowed"), get(row, "max_allowed")
    span = f"{amount(low, unit) if low is not None else '-∞'}…{amount(high, unit) if high is not None else '∞'}"
    source = get(row, "bound_source")
    kind = get(row, "kind")
    whose = (
        f"the indicator catalog's range for {get(row, 'indicator_name') or get(row, 'indicator')}"
        if source == "indicator catalog"
        else f"the default range for a {kind}"
    )
    return f"a {kind} of {amount(get(row, 'measure'), unit)} is outside {span}, {whose}"


def period(row: Mapping[str, Any]) -> str:
    """`a result for 2024-01..2024-06 (ends 2024-06-30) in an article published 2024-03-01`."""
    end = get(row, "period_end")
    end_text = str(end)[:10] if end is not None else "?"
    published = str(get(row, "published"))[:10]
    return (
        f"a result for {get(row, 'period')}, which ends {end_text}, in an article published {published}: "
        "the period had not ended (a typo'd year, or a target read as a result)"
    )


def part_whole(row: Mapping[str, Any]) -> str:
    """The part above its whole, or the whole below several of its parts."""
    unit = get(row, "unit")
    if get(row, "whole_suspect"):
        return (
            f"{_region(row)}'s {amount(get(row, 'measure'), unit)} ({_label(row)}) is smaller than "
            f"{get(row, 'parts_above')} of its own parts (largest: {get(row, 'largest_part_name')} "
            f"{amount(get(row, 'largest_part_value'), unit)}): the whole looks wrong"
        )
    return (
        f"a part larger than its whole: {_region(row)} reports {amount(get(row, 'measure'), unit)} "
        f"({_label(row)}), more than {get(row, 'whole_name')}'s {amount(get(row, 'whole_value'), unit)}"
    )


def _times(value: float, reference: float) -> str:
    ratio = value / reference
    return f"{number(ratio, 3)} times" if ratio >= 1 else f"1/{number(1 / ratio, 3)} of"


def peers(row: Mapping[str, Any]) -> str:
    """`济南市's 52万亿元 (地区生产总值, 2024) is 120 times the median of its 15 peers under 山东省 (4300亿元)`."""
    unit = get(row, "unit")
    value, median = get(row, "measure"), get(row, "peer_median")
    under = f" under {get(row, 'parent_name')}" if get(row, "parent_name") else ""
    return (
        f"orders of magnitude off its peers: {_region(row)}'s {amount(value, unit)} ({_label(row)}) is "
        f"{_times(value, median)} the median of its {get(row, 'peer_count')} peers{under} ({amount(median, unit)})"
    )


def history(row: Mapping[str, Any]) -> str:
    """`12 times the median of its 4 earlier figures (6300亿元); the catalog allows +200%`."""
    unit = get(row, "unit")
    value, typical = get(row, "measure"), get(row, "typical")
    return (
        f"a jump against its own history: {_region(row)}'s {amount(value, unit)} ({get(row, 'indicator_name')}) "
        f"is {_times(value, typical)} the median of its figures in {get(row, 'history_articles')} earlier "
        f"articles ({amount(typical, unit)}); at most ±{number(get(row, 'max_growth'))}% is plausible"
    )


def slip(row: Mapping[str, Any]) -> str:
    """`looks like a 万/亿 slip: 7606.1万亿元 ÷ 10⁴ = 7606.1亿元 fits 济南市's peers (median 5200亿元)`."""
    unit = get(row, "unit")
    value, power = get(row, "measure"), int(get(row, "slip_power"))
    fixed = value / 10**power
    operation = (
        f"÷ 10{str(power).translate(_SUPERSCRIPT)}" if power > 0 else f"× 10{str(-power).translate(_SUPERSCRIPT)}"
    )
    reference = amount(get(row, "slip_reference_value"), unit)
    fits = {
        "peers": f"fits {_region(row)}'s peers (median {reference})",
        "whole": f"fits within its whole, {get(row, 'whole_name')} ({reference})",
        "history": f"fits {_region(row)}'s own history (median {reference})",
    }[get(row, "slip_reference")]
    return f"looks like a 万/亿 slip: {amount(value, unit)} {operation} = {amount(fixed, unit)} {fits} ({_label(row)})"


def finding(row: Mapping[str, Any]) -> str:
    """A gate-2 aggregate row: `fct_indicator_observation: 2 (e.g. ...)`."""
    examples = get(row, "examples")
    return f"{get(row, 'subject')}: {get(row, 'violations')}" + (f" (e.g. {examples})" if examples else "")
