"""Dashboards whose figures live in a `<script>`: ECharts options and label/value records.

Two shapes are read, both only where they are plainly label → value:

- an ECharts option (`{title: {text: '…（亿元）'}, xAxis: {data: [...]}, series: [{name, data}]}`):
  one row per category (a year, a month, a city, an industry), one column per series, the
  series' name its header (with the unit of its value axis, `yAxis.name` or a `{value}%`
  label, when the name has none), the chart's title the table's title; a pie or map series of
  `{name, value}` items is a label/value table;
- records `[{name: '地区生产总值', value: 1234.5, unit: '亿元'}, …]` (two or more, in a list or
  as the values of one object): label, value and unit, a `time`/`date`/`year` field dating it.

They become `Grid`s read by the table reader (`tables.py`), a unit required for every figure.
Scripts are parsed, never run (`js_literals`, by chompjs: a function or other code in a literal
is `None`, never a figure or a label); a script of more than 2 MB, a script with no Chinese
character, and JSON-LD page metadata are not read.
"""

from __future__ import annotations

import re
from decimal import Decimal

from bs4 import BeautifulSoup

from provind.stats import js_literals
from provind.stats.cells import parse_figure, parse_unit, unit_in
from provind.stats.grid import NOT_A_MEASURE, Grid

MAX_SCRIPT_CHARS = 2_000_000
MAX_PAGE_SCRIPT_CHARS = 4_000_000
_SKIPPED_TYPES = re.compile(r"ld\+json|template|html|x-tmpl|text/x-", re.I)
_CJK = re.compile(r"[\u4e00-\u9fff]")
_NAME_KEYS = ("name", "label", "title", "indicator", "zbmc", "itemName", "item", "text", "key")
_VALUE_KEYS = ("value", "val", "num", "number", "count", "total", "amount", "data")
_UNIT_KEYS = ("unit", "dw", "danwei", "unitName")
_TIME_KEYS = ("time", "date", "year", "period", "sj", "month")
_BARE_MONTH = re.compile(r"^(?:\d{1,2}(?:[-—~至]\d{1,2})?月份?|[一二三四]季度|上半年|前三季度)$")
_YEAR = re.compile(r"((?:19|20)\d{2})年")
MAX_CATEGORIES = 400


def script_grids(soup: BeautifulSoup, page_title: str) -> list[Grid]:
    grids: list[Grid] = []
    budget = MAX_PAGE_SCRIPT_CHARS
    for script in soup.find_all("script"):
        if script.get("src") or _SKIPPED_TYPES.search(str(script.get("type") or "")):
            continue
        text = script.string or script.get_text()
        if not text or len(text) > MAX_SCRIPT_CHARS or len(text) > budget or not _CJK.search(text):
            continue
        budget -= len(text)
        for value in js_literals.literals(text):
            grids.extend(_grids_of(value, page_title, 0))
    return grids


def _grids_of(value: object, title: str, depth: int) -> list[Grid]:
    if depth > 8:
        return []
    if isinstance(value, dict):
        if "series" in value:
            return _chart(value, title)
        own_title = _text(value.get("title")) or title
        records = [v for v in value.values() if _record(v) is not None]
        grids = [g for g in [_record_grid(records, own_title)] if g is not None]
        for inner in value.values():
            if isinstance(inner, dict | list) and _record(inner) is None:
                grids.extend(_grids_of(inner, own_title, depth + 1))
        return grids
    if isinstance(value, list):
        records = [v for v in value if _record(v) is not None]
        if len(records) >= 2:
            grid = _record_grid(records, title)
            return [grid] if grid is not None else []
        return [g for inner in value if isinstance(inner, dict | list) for g in _grids_of(inner, title, depth + 1)]
    return []


# --------------------------------------------------------------------------- records


def _record(value: object) -> list[str] | None:
    """[label, figure] of a `{name, value, unit?, time?}` record, or None."""
    if not isinstance(value, dict):
        return None
    name = next((_text(value[k]) for k in _NAME_KEYS if k in value and _text(value[k])), "")
    raw = next((value[k] for k in _VALUE_KEYS if k in value), None)
    figure = _figure_text(raw)
    if not name or figure is None or not _label_ok(name):
        return None
    unit = next((_text(value[k]) for k in _UNIT_KEYS if k in value and _text(value[k])), "")
    if unit and parse_figure(figure + unit) is not None:
        figure += unit
    return [_time(next((value[k] for k in _TIME_KEYS if k in value), None)) + name, figure]


def _time(value: object) -> str:
    """A record's time field as a time phrase opening its label (the table reader dates it from
    there): 2024 → 2024年, 2024-06 → 2024年6月, 2024年1-8月 as written. A day (an update's date)
    or anything else dates nothing."""
    text = format(value, "f") if isinstance(value, Decimal) else _text(value)
    if re.fullmatch(r"(?:19|20)\d{2}", text):
        return text + "年"
    month = re.fullmatch(r"((?:19|20)\d{2})[-/.](\d{1,2})", text)
    if month:
        return f"{month.group(1)}年{int(month.group(2))}月"
    return text if re.search(r"[年月季]", text) and not re.search(r"\d日|\d号", text) else ""


def _record_grid(records: list[object], title: str) -> Grid | None:
    rows = [row for row in (_record(r) for r in records) if row is not None]
    return Grid(title, rows, [], 0, unit_required=True) if len(rows) >= 2 else None


# --------------------------------------------------------------------------- ECharts


def _chart(option: dict, page_title: str) -> list[Grid]:
    title, notes = _chart_title(option.get("title"))
    title = title or page_title
    x_axes, y_axes = _axes(option.get("xAxis")), _axes(option.get("yAxis"))
    categories, value_axes = _categories(x_axes), y_axes
    if categories is None:
        categories, value_axes = _categories(y_axes), x_axes
    source = _dataset_source(option.get("dataset"))
    if source is not None:  # dataset: {source: [['指标', '2023年', …], ['地区生产总值', 1, …]]}
        headers = ["", *(_with_unit(h, value_axes, {}) for h in source[0][1:])]
        return [Grid(title, [headers, *(_dated(row, title) for row in source[1:])], notes, 1, unit_required=True)]
    series = option.get("series")
    series_list = series if isinstance(series, list) else [series]
    grids: list[Grid] = []
    columns: list[tuple[str, list[str]]] = []
    for s in series_list:
        if not isinstance(s, dict) or not isinstance(s.get("data"), list):
            continue
        name = _text(s.get("name"))
        header = _with_unit(name or title, value_axes, s, option.get("tooltip"))
        records = [_record(item) for item in s["data"]]
        if s["data"] and all(records):
            rows = [r for r in records if r is not None]
            if len(rows) >= 2:
                grids.append(Grid(title, [["", header], *rows], notes, 1, unit_required=True))
            continue
        if categories is None or len(s["data"]) != len(categories) or not _label_ok(header):
            continue
        values = [_figure_text(_item_value(item)) or "" for item in s["data"]]
        if any(values):
            columns.append((header, values))
    if categories and columns:
        header_row = ["", *(h for h, _ in columns)]
        rows = [_dated([label, *(values[i] for _, values in columns)], title) for i, label in enumerate(categories)]
        grids.append(Grid(title, [header_row, *rows], notes, 1, unit_required=True))
    return grids


def _dated(row: list[str], title: str) -> list[str]:
    """A row whose category is a bare month (8月, 1-8月) given the year the chart's title names."""
    year = _YEAR.findall(title)
    return [f"{year[-1]}年{row[0]}", *row[1:]] if year and _BARE_MONTH.match(row[0]) else row


def _dataset_source(dataset: object) -> list[list[str]] | None:
    """The rows of an ECharts `dataset.source` written as rows (header first), as cell texts."""
    if isinstance(dataset, list):
        dataset = dataset[0] if dataset else None
    source = dataset.get("source") if isinstance(dataset, dict) else None
    if not isinstance(source, list) or len(source) < 2 or not all(isinstance(r, list) for r in source):
        return None
    width = len(source[0])
    if width < 2 or any(len(r) != width for r in source) or len(source) > MAX_CATEGORIES:
        return None
    rows = [[_text(c) or _figure_text(c) or "" for c in r] for r in source]
    header = rows[0]
    header[0] = header[0] if _CJK.search(header[0]) else ""  # (ECharts' examples name it 'product')
    return rows


def _chart_title(value: object) -> tuple[str, list[str]]:
    titles = value if isinstance(value, list) else [value]
    for t in titles:
        if isinstance(t, dict) and _text(t.get("text")):
            sub = _text(t.get("subtext"))
            return _text(t.get("text")), [sub] if sub else []
        if isinstance(t, str) and t.strip():
            return t.strip(), []
    return "", []


def _axes(value: object) -> list[dict]:
    return [a for a in (value if isinstance(value, list) else [value]) if isinstance(a, dict)]


def _categories(axes: list[dict]) -> list[str] | None:
    for axis in axes:
        data = axis.get("data")
        if axis.get("type") in (None, "category") and isinstance(data, list) and 0 < len(data) <= MAX_CATEGORIES:
            labels = [_category(d.get("value") if isinstance(d, dict) else d) for d in data]
            if all(labels):
                return labels
    return None


def _category(value: object) -> str:
    """A category as a row label: its text, or a year written as a number (`data: [2021, 2022]`)."""
    if isinstance(value, Decimal) and value == value.to_integral_value() and 1900 <= value <= 2100:
        return f"{int(value)}年"
    return _text(value)


def _with_unit(header: str, value_axes: list[dict], series: dict, tooltip: object = None) -> str:
    """The series' header with the unit its value axis names, when its name has none: the axis's
    name (`亿元`, `单位：亿元`), its label (`{value}%`), else a formatter writing the value with its
    unit (the series' label or tooltip, the chart's tooltip: `{b}：{c}亿元`)."""
    if unit_in(header) is not None:
        return header
    axis: dict = {}
    if value_axes:
        index = series.get("yAxisIndex", series.get("xAxisIndex", 0))
        axis = value_axes[int(index) if isinstance(index, Decimal | int) and 0 <= index < len(value_axes) else 0]
    name = _text(axis.get("name"))
    unit = unit_in(name) if name else None
    written = [_formatter_unit(axis.get("axisLabel"), "value")]
    written += [_formatter_unit(series.get(key), "c") for key in ("label", "tooltip")]
    written.append(_formatter_unit(tooltip, "c"))
    text = unit.text if unit is not None else next((w for w in written if w), None)
    return f"{header}（{text}）" if text else header


def _formatter_unit(holder: object, slot: str) -> str | None:
    """The unit a formatter string writes after the value's slot (`{value}%`, `{c}亿元`)."""
    formatter = holder.get("formatter") if isinstance(holder, dict) else None
    if not isinstance(formatter, str):
        return None
    match = re.search(r"\{" + slot + r"\}\s*([^\s<{}，,;；)）]{1,6})", formatter)
    unit = parse_unit(match.group(1)) if match else None
    return unit.text if unit is not None else None


# --------------------------------------------------------------------------- values


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _item_value(item: object) -> object:
    return item.get("value") if isinstance(item, dict) else item


def _figure_text(value: object) -> str | None:
    """A value as a cell's text (1234.5, "8.2%"), or None for anything that is no one figure."""
    if isinstance(value, bool):
        return None
    if isinstance(value, Decimal | int):
        number = Decimal(value)
        if not number.is_finite() or not -12 <= number.adjusted() <= 15:
            return None  # (1e999999999 written out would be a billion digits: no figure anyway)
        text = format(number, "f")
    elif isinstance(value, str) and value.strip():
        text = value.strip()
    else:
        return None
    return text if parse_figure(text) is not None else None


def _label_ok(label: str) -> bool:
    return len(label) <= 40 and len(_CJK.findall(label)) >= 2 and not NOT_A_MEASURE.search(label)
