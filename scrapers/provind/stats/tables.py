"""Statistics tables → observations: one dict per figure cell, shaped like the text extractor's mentions.

    from provind.stats.tables import observations_from_html
    rows = observations_from_html(body, published=date(2024, 3, 3), region_code="370000")

Each figure cell becomes
`{doc, quote, subject, value, unit, kind, approx, target, region, region_code,
period, indicator, start, end, sentence}` where `quote` is the cell's text,
`sentence` is "<table title> | <row label> | <column header>" and `start`/`end`
are -1 (a cell has no offset in a text). Meaning comes from the headers:

- the region from a location column's cell (土地位置: 平阴县榆山街道… → 济南市平阴县), else
  the row label (青岛市, 全省), else a column header that is a region, else the region the
  title names, else the publishing bureau's;
- the indicator from the column header, or from the row label when the rows are
  indicators (表1 主要指标 | 绝对数 | 比上年增长%), via the indicator catalog;
- the unit from the column header's brackets (亿元), else a 单位 column, else the
  row label, else the title and notes (单位：亿元), else the cell's own %;
- the period from the column header (2023年), else the row label, else the title.

A header of several rows is read a row at a time (本月 over 绝对值: the table's month, nothing of
绝对值 in the subject); a bare 增长(%) or 排名 column is of the column before it; the parts of a
其中 breakdown are counted like their whole (docs/places-periods-tables.md, "CMS table layouts").
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

from provind.crawl.content import decode
from provind.extract import kinds, units
from provind.extract.indicators import FLOW_QUALIFIER, STOCK_QUALIFIER, catalog, nature
from provind.extract.regions import Region, gazetteer
from provind.stats import cells, locations
from provind.stats.grid import Grid, grid_from_csv, grids_from_soup, grids_from_xlsx, page_title_of
from provind.stats.grid import name_changes as grid_changes
from provind.stats.scripts import script_grids
from provind.stats.text_tables import text_grids

log = logging.getLogger(__name__)

WHOLE_AREA = {"全省": "province", "全市": "prefecture", "全国": "country", "全区": None, "全县": None}
TOTAL_LABELS = frozenset({"合计", "总计", "全部", "总体", "总量"})
_LABEL_PREFIX = re.compile(r"^(?:其中[:：]?|#|＃|\d{1,3}[.、．]\s*|[（(]\d{1,2}[)）]\s*)+")
_SEQUENCE = re.compile(r"^(?:序号|编号|序)$")
# Columns of identifiers (宗地编号 2024-037, 统一社会信用代码, 证书号): never a label, never a figure.
_IDENTIFIER = re.compile(
    r"^(?:序号|序|.{0,8}(?:编号|代码|代号|证号|证书号|批准文号|文号|电话|邮编)|(?:宗地|地块|地)号)$"
)
_UNIT_HEADER = re.compile(r"^(?:计量)?单位$")
_TARGET = re.compile(r"目标|计划|预期")
# A title's opening that names the rows' regions, not the measure (各县（市、区）一般公共预算收入).
_EACH_REGION = re.compile(
    r"^(?:各|分)(?:县[（(]市、?区[)）]|县市区|县区|市县|地市|设区市|辖市区|辖区|(?:市|县|区)(?:[（(][市县区、]{1,4}[)）])?)(?:的)?"
)
_TABLE_NUMBER = re.compile(r"^\s*(?:附?表\s*[0-9一二三四五六七八九十]+|[0-9]+[.、])\s*[:：.、]?\s*")


@dataclass(frozen=True)
class _Context:
    published: date | None
    home: Region | None
    doc: str

    @property
    def year(self) -> int | None:
        return self.published.year if self.published else None


# --------------------------------------------------------------------------- entry points


def observations_from_html(
    body: bytes | str,
    *,
    published: date | None = None,
    region_code: str | None = None,
    doc: str = "",
    encoding: str | None = None,
) -> list[dict]:
    text = body if isinstance(body, str) else decode(body, encoding).text
    return observations_from_soup(BeautifulSoup(text, "lxml"), published=published, region_code=region_code, doc=doc)


def observations_from_soup(
    soup: BeautifulSoup, *, published: date | None = None, region_code: str | None = None, doc: str = ""
) -> list[dict]:
    """`observations_from_html` of a page already parsed (`provind extract` reads its title from it too).

    The page's tables and dashboard cards, then its text tables (`text_tables`) and the figures
    of its scripts (`scripts`). One layout that cannot be read costs its own figures only. A
    chart drawn from its script's data shows the same figures as the table beside it, and a
    `<pre>` may repeat a table: a figure that an earlier kind of layout already gave (same value,
    unit, region and period) is read once, from the first (tables, text tables, scripts).
    """
    out: list[dict] = []
    shown: set[tuple] = set()  # the figures of the kinds of layout read before this one
    this_kind: set[tuple] = set()
    kind = "tables"
    for source, grid in _page_grids(soup, doc):
        if source != kind:
            kind, shown, this_kind = source, shown | this_kind, set()
        try:
            rows = observations(grid, published=published, region_code=region_code, doc=doc)
        except Exception:  # (a malformed table must not cost the page's other tables)
            log.warning("%s: a table not read: %r", doc, grid.title, exc_info=True)
            continue
        rows = [r for r in rows if _shown_as(r) not in shown]
        this_kind.update(_shown_as(r) for r in rows)
        out.extend(rows)
    return out


def _shown_as(row: dict) -> tuple:
    return (row["value"], row["unit"], row["region_code"], row["period"])


def _page_grids(soup: BeautifulSoup, doc: str) -> list[tuple[str, Grid]]:
    grids: list[tuple[str, Grid]] = []
    page_title = page_title_of(soup)
    readers = {
        "tables": lambda: grids_from_soup(soup),
        "text tables": lambda: text_grids(soup, page_title),
        "scripts": lambda: script_grids(soup, page_title),
    }
    for name, read in readers.items():
        try:
            grids.extend((name, grid) for grid in read())
        except Exception:  # (one layout unread: the others' figures stay)
            log.warning("%s: %s not read", doc, name, exc_info=True)
    return grids


def observations_from_csv(
    body: bytes, *, published: date | None = None, region_code: str | None = None, doc: str = ""
) -> list[dict]:
    grid = grid_from_csv(body, _file_title(doc))
    return observations(grid, published=published, region_code=region_code, doc=doc)


def observations_from_xlsx(
    body: bytes, *, published: date | None = None, region_code: str | None = None, doc: str = ""
) -> list[dict]:
    grids = grids_from_xlsx(body, _file_title(doc))
    return [obs for grid in grids for obs in observations(grid, published=published, region_code=region_code, doc=doc)]


def _file_title(url: str) -> str:
    return PurePosixPath(unquote(urlsplit(url).path)).stem if url else ""


# --------------------------------------------------------------------------- one table


def observations(
    grid: Grid, *, published: date | None = None, region_code: str | None = None, doc: str = ""
) -> list[dict]:
    """Every figure cell of one table, as observations."""
    rows = grid.rows
    if len(rows) < 2:
        return []
    ctx = _Context(published, _home(region_code, published), doc)
    pairs = _label_value_pairs(rows) if not grid.header_rows else None
    if pairs is not None:
        rows = pairs  # 地区生产总值 | 1856.3亿元 | 增速 | 6.1%: two label/value tables side by side
    # One parcel written down the page (宗地编号 | 2024-07 / 土地位置 | 平阴县… / 起始价（万元） | 1500):
    # label | value rows from the first, placed by the location row.
    location = _record_location(rows) if pairs is None and not grid.header_rows else None
    n_header = 0 if pairs is not None or location is not None else grid.header_rows or _count_header_rows(rows)
    if n_header >= len(rows):
        return []
    # A label/value table (市场主体总量（万户） | 142.3) has no header row: every row is data.
    width = max(len(r) for r in rows)
    if n_header == 0 and (pairs is not None or width == 2):
        rows = _name_changes(rows)  # (地区生产总值 | 2,315.6亿元 / 增速： | 5.6%: the change of the figure above)
    elif n_header and _labels_over_figures(rows, n_header):
        # 地区生产总值 | 规上工业增加值增速 over 4,012.5亿元 | 8.6%: every column is a label over its figure
        rows = [["", *row] for row in rows]
        width += 1
    parts = _header_parts(rows[:n_header], width)
    headers = [" ".join(p) for p in parts]
    label_col = next((c for c, h in enumerate(headers) if not _IDENTIFIER.match(h)), 0)
    # 类别 spanning two columns over 新登记 (rowspan) | 企业: the label is both (新登记企业)
    label_end = label_col + 1
    while n_header and headers[label_col] and label_end < width and headers[label_end] == headers[label_col]:
        label_end += 1
    unit_col = next((c for c, h in enumerate(headers) if _UNIT_HEADER.match(h)), None)
    # A land notice's 土地位置/坐落 column places its row (平阴县榆山街道… → 济南市平阴县) and is no subject.
    place_col = locations.location_column(headers)
    record_place = locations.region_in(location, ctx.year, ctx.home) if location is not None else None
    by_place = place_col is not None or location is not None
    data_cols = [
        c
        for c in range(label_end, len(headers))
        if c not in (unit_col, place_col) and not _IDENTIFIER.match(headers[c])
    ]

    columns = _columns(parts, data_cols, grid.title)

    around = " ".join([grid.title, *grid.notes])
    table = _TableLevel(
        # 单位：万户 in a note or the label column's header (the corner cell: 单位：亿元 | 1-6月 | 同比增长),
        # else a unit in brackets closing the title (…市场主体数量（万户）)
        unit=_labelled_unit(around) or _labelled_unit(headers[label_col]) or _closing_unit(grid.title),
        period=cells.period_in(grid.title, published) or cells.period_in(" ".join(grid.notes), published),
        region=_region_named(grid.title, ctx),
        # rows of places (兰山区, 罗庄区…): a zone among them (临沂高新区) is a place too, not a measure
        # (its first rows tell: a table of 3,000 indicators is not looked up row by row)
        regional=place_col is None
        and any(_region_label(row[label_col], ctx) for row in rows[n_header : n_header + _ROWS_TO_TELL]),
    )
    dated = _column_periods(columns, ctx, table)
    out: list[dict] = []
    breakdown = _Breakdown()
    counted = _counted_word(grid.title) if not table.regional else ""
    for row in rows[n_header:]:
        label = "".join(dict.fromkeys(text for text in row[label_col:label_end] if text)) or row[label_col]
        # (实有经营主体 / 其中：企业 / 个体工商户: parts counted like their whole; the title's whole,
        # 新登记经营主体情况 over rows 企业 | 个体工商户: 新登记企业)
        qualifier = ""
        if not table.regional:
            qualifier = breakdown.qualifier(label) or (counted if counted and _entity_part(label) else "")
        row_unit = cells.unit_in(row[unit_col]) if unit_col is not None else None
        place = locations.region_in(row[place_col], ctx.year, ctx.home) if place_col is not None else record_place
        if place_col is not None:
            label = ""  # (a row of parcels or firms: its label names the row, not what its figures measure)
        for c in data_cols:
            observation = _cell(grid, table, ctx, row, label, row_unit, columns[c], dated[c], row[c], place, qualifier)
            if observation is None:
                continue
            # A table of parcels, or one read from text or a script: a figure without a unit is
            # an identifier, a plot ratio, a page counter, never a figure of its own.
            if observation["unit"] or not (grid.unit_required or by_place):
                out.append(observation)
    return out


@dataclass(frozen=True)
class _Column:
    header: str  # its header rows' texts, joined (本月 绝对值)
    parts: tuple[str, ...]  # one text a header row (本月, 绝对值)
    subject: tuple[str, ...]  # the header texts that name what it measures (borrowed by a bare 增长(%))
    # a change column's (同比增长（%）): the header texts of the column before it, whose time it shares
    before: tuple[str, ...] = ()


def _columns(parts: list[tuple[str, ...]], data_cols: list[int], title: str) -> dict[int, _Column]:
    """The data columns, each with the header texts its figures' subject is made of.

    A change column whose header names only the change (`新登记 | 增长(%)`, `企业 | 同比`) is the
    change of the column before it: its subject is that column's (`新登记增长`), not the table's
    title. A column of a header group (`本月` over `绝对值 | 同比增长（%）`) names its measure in its
    row label, and borrows nothing. Where the title names that column's measure (a chart
    `2024年规模以上工业增加值` of series 工业增加值 and 增速), the title says it more fully, as before.
    """
    columns: dict[int, _Column] = {}
    measured: tuple[str, ...] = ()
    previous: tuple[str, ...] = ()  # the last column that is no change
    title_measure = _title_measure(title) if title else ""
    breakdown = _Breakdown()
    for c in data_cols:
        own = parts[c]
        change = bool(own) and cells.CHANGE_ONLY.match(cells.strip_units(own[-1])) is not None
        words = _subject_words(own)
        bare = not words or all(_RANK_ONLY.match(w) for w in words)  # (增长(%), 排名: of the column before)
        subject = own
        growth = cells.GROWTH_WORDS.search("".join(words)) is not None
        if not bare and not growth and (qualifier := breakdown.qualifier(own[-1])):
            subject = (qualifier + "".join(words),)
        if _BASE_COLUMN.match(own[-1] if own else ""):
            pass  # (本期价格 | 上期价格 | 环比（%）: the change is of this period's column, not of its base)
        elif not bare:
            # (the title's measure ending on the column's: 规模以上工业增加值 over 工业增加值; not
            # 副食品价格监测 over 价格)
            named_by_title = title_measure.endswith("".join(words))
            measured = () if growth or named_by_title else subject
        elif (cells.GROWTH_WORDS.search(" ".join(own)) or words) and measured:
            subject = measured + own
        else:
            measured = ()
        columns[c] = _Column(" ".join(own), own, subject, previous if change else ())
        previous = previous if change or _BASE_COLUMN.match(own[-1] if own else "") else own
    return columns


# A column of the comparison's base named by no date of its own (上期价格, 上月): the table says
# not when that was (a week, a month before?), so its figures have no period.
_BASE_COLUMN = re.compile(r"^(?:上期|上月|上旬|上周)")


_BREAKDOWN = re.compile(r"^\s*其中")
_ROWS_TO_TELL = 8
_RANK_ONLY = re.compile(r"^(?:全省|全市|全国)?(?:排名|位次|名次|排位)$")
# The kinds of market entity a breakdown lists (企业 / 个体工商户 / 农民专业合作社 under 实有经营主体).
_ENTITY_PART = re.compile(r"企业|公司|个体|合作社|内资|外资|私营")


class _Breakdown:
    """The whole of a 其中 breakdown, down a table's rows or across its columns.

    A part is counted the way its whole is, as in the text (`subjects`): `实有经营主体` /
    `其中：企业` / `个体工商户` are existing enterprises and individual businesses (实有企业,
    实有个体工商户), not a bare 企业 nothing classifies; under `新登记经营主体` the same parts are new
    ones. A part is a text opening on 其中, or a kind of entity naming no flow or stock of its own
    right after one (the indentation that marks it is lost with the cell's spaces).
    """

    def __init__(self) -> None:
        self.whole = ""
        self.open = False

    def qualifier(self, raw: str) -> str:
        """The whole's flow or stock word for a part (`raw` as written) that names none; "" for anything else."""
        if not self.open and _BREAKDOWN.match(raw) is None:
            self.whole = raw  # (most rows: no words read, a table of 3,000 rows reads fast)
            return ""
        words = "".join(_subject_words((raw,)))
        if _BREAKDOWN.match(raw) or (words and _ENTITY_PART.search(words) and not nature(words)):
            self.open = True
            whole = "".join(_subject_words((self.whole,)))
            counted = nature(whole)
            if not words or nature(words) or not counted:
                return ""
            match = (FLOW_QUALIFIER if counted == "flow" else STOCK_QUALIFIER).search(whole)
            return match.group() if match else ""
        self.open = False
        self.whole = raw
        return ""


def _counted_word(title: str) -> str:
    """The flow or stock word of what the title counts (新登记 of …新登记经营主体情况), or ""."""
    whole = _title_measure(title) if title else ""
    counted = nature(whole)
    match = (FLOW_QUALIFIER if counted == "flow" else STOCK_QUALIFIER).search(whole) if counted else None
    return match.group() if match else ""


def _entity_part(label: str) -> bool:
    """A row of a kind of entity naming no flow or stock of its own (企业, 个体工商户)."""
    words = "".join(_subject_words((label,)))
    return bool(words) and _ENTITY_PART.search(words) is not None and not nature(words)


def _subject_words(parts: tuple[str, ...]) -> list[str]:
    """What header texts say of the measure: no units, times, measure-only words (绝对值, 同比增长), totals."""
    words = []
    for part in parts:
        part = cells.strip_units(_LABEL_PREFIX.sub("", part))
        if cells.MEASURE_ONLY.match(part):
            continue  # (before the periods go: 比上年同期增长 is no 比增长)
        part = cells.strip_periods(part)
        if part and not cells.MEASURE_ONLY.match(part) and part not in TOTAL_LABELS:
            words.append(part)
    return words


@dataclass(frozen=True)
class _TableLevel:
    unit: cells.Unit | None
    period: str | None
    region: Region | None
    regional: bool = False


def _cell(
    grid: Grid,
    table: _TableLevel,
    ctx: _Context,
    row: list[str],
    label: str,
    row_unit: cells.Unit | None,
    column: _Column,
    column_period: str | None,
    text: str,
    place: Region | None = None,
    qualifier: str = "",
) -> dict | None:
    parsed = cells.parse_figure(text) or cells.parse_change(text)  # 142.3万户, 8.2%, 同比下降1.3%
    if parsed is None:
        return None
    number, written = parsed
    if written is not None and written.text == "年" and 1900 <= number <= 2100:
        return None  # 2019年 in a cell is a year (批准时间, 成立年份), not a duration of 2019 years
    header = column.header
    # A unit written in the cell itself (8.2%, 142.3万户) wins over the headers' and the notes'.
    unit = written or (
        cells.unit_in(header)
        or _rank_unit(number, f"{header} {label}")  # (a rank column in a table of 亿元 is no sum)
        # 同比增长, 增速 over a bare number: a change in per cent, whatever the rows' 单位 or the note says
        or (_PERCENT if column.parts and cells.CHANGE_ONLY.match(cells.strip_units(column.parts[-1])) else None)
        or row_unit
        or (cells.unit_in(label) if label != cells.strip_units(label) else None)
        # a row of a change (地区生产总值增速) in a table of 亿元: per cent too, unless its 单位 cell says otherwise
        or (_PERCENT if cells.CHANGE_AT_END.search(cells.strip_units(label)) else None)
        or table.unit
        or cells.counted_unit(header)  # 抽检批次, 企业户数: a count in the header's measure word
        or cells.counted_unit(label)
    )
    base = unit.base if unit else ""
    scale = unit.scale if unit else Decimal(1)

    row_region = _region_label(label, ctx)
    # (济南市 over 绝对数 | 增长%: a region heading a group of columns)
    col_region = _region_label(header, ctx) or next(
        (r for part in column.parts[:-1] if (r := _region_label(part, ctx)) is not None), None
    )
    region = place or row_region or col_region or table.region or ctx.home
    period = (
        None
        if column_period == UNDATED
        else (
            column_period
            or cells.leading_period(label, table.period)  # (本月新登记企业 under 2024年11月…: the table's month)
            or _in_table_year(label, cells.period_in(label, ctx.published), table.period)
            or table.period
        )
    )
    kind = cells.kind_of(base, f"{header} {label}")
    # 每万人有效发明专利拥有量 | 件 | 24.6: a count per so many people is a density, as in the text
    # (read without its unit: 城镇新增就业（万人） counts people, per nobody)
    per = kinds.density_before(label or header) if kind == "count" else None
    per = per and kinds.density_before(cells.strip_units(label or header))
    if per is not None and base in units.DENSITY_UNITS:
        kind, base = "density", f"{base}/{per.group('per').lstrip('每').removesuffix('口')}"
    if row_region is None and table.regional and _is_zone(label):
        # 临沂高新技术产业开发区 among the counties: a row of a zone without a code of its own
        region = place or _zone_place(label, ctx) or table.region or ctx.home
        row_region = region
    named = qualifier + _LABEL_PREFIX.sub("", label) if qualifier else label  # (其中：企业 under 实有…: 实有企业)
    subject = _subject(
        named if row_region is None else "", column.subject if col_region is None else (), grid.title, kind
    )
    indicator = catalog().classify(subject, kind, base.split("/")[0])
    return {
        "doc": ctx.doc,
        "quote": text,
        "subject": subject,
        "value": cells.scaled(number, scale),
        "unit": base,
        "kind": kind,
        "approx": "exact",
        "target": bool(_TARGET.search(f"{header} {label}")),
        "region": region.full_name if region else None,
        "region_code": region.code if region else None,
        "period": period,
        "indicator": indicator,
        "start": -1,
        "end": -1,
        "sentence": f"{grid.title} | {label or row[0]} | {header}",
    }


_PERCENT = cells.Unit(Decimal(1), "%", "%")


def _rank_unit(number: Decimal, context: str) -> cells.Unit | None:
    """位 for a whole number under a header or label of ranks (增速全省位次 | 6)."""
    if number == number.to_integral_value() and 0 < number < 1000 and cells.RANK_WORDS.search(context):
        return cells.Unit(Decimal(1), "位", "位")
    return None


def _column_periods(columns: dict[int, _Column], ctx: _Context, table: _TableLevel) -> dict[int, str | None]:
    """Each data column's time from its header texts, or None (the row's or the table's then).

    A change column naming no time (本月 | 本年累计 | 同比增长（%）) is of the column before it, and of
    its time, unless that column is the base of the comparison (2024年1-10月 | 2023年1-10月 | 增减%:
    a time ending before the table's latest column is last year's, which the change is not).
    """
    own = {c: _column_period(column.parts, ctx, table) for c, column in columns.items()}
    own.update({c: UNDATED for c, column in columns.items() if own[c] is None and _BASE_COLUMN.match(column.header)})
    latest = max((p.split("..")[-1] for p in own.values() if p), default=None)
    dated: dict[int, str | None] = {}
    for c, column in columns.items():
        period = own[c]
        if period is None and column.before:
            before = _column_period(column.before, ctx, table)
            period = before if before is not None and before.split("..")[-1] == latest else None
        dated[c] = period
    return dated


UNDATED = ""  # a column's period that is none at all (上期价格), where None lets the row's or table's apply


def _column_period(parts: tuple[str, ...], ctx: _Context, table: _TableLevel) -> str | None:
    """The time a column's header texts name (本月, 1-本月, 2023年, 7月), or None."""
    if not parts:
        return None
    header = " ".join(parts)
    return next(filter(None, (cells.relative_period(part, table.period) for part in parts)), None) or _in_table_year(
        header, cells.period_in(header, ctx.published), table.period
    )


_RANK_OF_CHANGE = re.compile(r"^(?:增速|增长|增幅)(?:全省|全市|全国)?(?:位次|排名|名次|排位)$")


def _title_measure(title: str) -> str:
    """What a table's title says is measured: no table number, period, unit, place or closing 情况."""
    subject = cells.strip_periods(cells.strip_units(_TABLE_NUMBER.sub("", title)))
    subject = _EACH_REGION.sub("", _TIME_LEFTOVER.sub("", subject))
    subject = _TITLE_TAIL.sub("", subject)  # (…新登记经营主体情况: the figures are of the measure)
    hits = gazetteer().find(subject, None, None)
    if hits and hits[0].start == 0:
        # 山东省地区生产总值 → 地区生产总值: the region is its own field; so are the rows' places
        # the title announces after it (滨州市各县（市、区）地区生产总值)
        subject = _EACH_REGION.sub("", subject[hits[0].end :])
    return _EACH_KIND.sub("", subject)


def _subject(label: str, header: tuple[str, ...], title: str, kind: str) -> str:
    """What the figure measures: row label and column header without regions, periods, units and
    measure words (绝对数, 比上年增长); the table's title when nothing is left. A header of several
    rows is read a row at a time (`经营主体（户）` over `合计`: 经营主体; `累计` over `绝对值`: nothing)."""
    parts = _subject_words((label, *header))
    subject = "".join(dict.fromkeys(parts))
    if not subject or _RANK_OF_CHANGE.match(subject):
        # nothing left, or only the rank of a change (增速位次) in a table of places: the title's measure
        subject = _title_measure(title) + subject
    if kind == "growth" and subject and not cells.GROWTH_WORDS.search(subject):
        subject += "增长"
    share = _SHARE.search(" ".join(header)) if kind == "ratio" else None
    if share and subject and not cells.RATIO_WORDS.search(subject):
        subject += share.group()  # (企业 | 占比 30.2%: the share of enterprises, not enterprises)
    return subject


_SHARE = re.compile(r"占比|比重|构成")


# --------------------------------------------------------------------------- headers


def _label_value_pairs(rows: list[list[str]]) -> list[list[str]] | None:
    """The (label, value) rows of a key-figure table laid out as pairs across each row, or None.

    `地区生产总值 | 1856.3亿元 | 地区生产总值增速 | 6.1%`: an even width of four or more, a label
    (no figure) in every even column and a figure (or nothing) in every odd one, from the first
    row on. A table with a header row is no such table: its first row holds no figure.
    """
    width = max(len(r) for r in rows)
    if width < 4 or width % 2:
        return None
    pairs = []
    for row in rows:
        row = row + [""] * (width - len(row))
        for c in range(0, width, 2):
            label, value = row[c], row[c + 1]
            if not label and (not value or value in cells.MISSING):
                continue
            if not label or cells.parse_figure(label) is not None:
                return None
            if cells.parse_figure(value) is None:
                if value and value not in cells.MISSING:
                    return None  # text under a label: a table of several columns of text
                continue
            pairs.append([label, value])
    first = rows[0]
    if not any(cells.parse_figure(v) is not None for v in first[1::2]):
        return None
    return pairs if len(pairs) >= 2 else None


def _name_changes(rows: list[list[str]]) -> list[list[str]]:
    """Label/value rows with a bare change label (增速：, 同比增长) named after the figure before it."""
    named = grid_changes([[row[0], row[1]] for row in rows])
    return [[label, *row[1:]] for (label, _), row in zip(named, rows, strict=True)]


def _labels_over_figures(rows: list[list[str]], n_header: int) -> bool:
    """A table of labels over their figures, with no label column: the first column's cells under
    its header (a measure, not 指标 or 年份) are figures with a unit, none of them a year."""
    head = " ".join(row[0] for row in rows[:n_header])
    if len(head) < 2 or _IDENTIFIER.match(head) or head in _LABEL_HEADERS:
        return False
    # one row of bare figures under labels with their units (抽查户数（户） | 问题发现率 over 120 | 7.5%)
    header_unit = cells.unit_in(head) if len(rows) == n_header + 1 else None
    for row in rows[n_header:]:
        parsed = cells.parse_figure(row[0]) or cells.parse_change(row[0])
        unit = (parsed[1] or header_unit) if parsed is not None else None
        if unit is None or unit.text == "年":
            return False
    return True


_LABEL_HEADERS = frozenset({"指标", "指标名称", "项目", "名称", "地区", "年份", "年度", "月份", "时间", "类别"})
# What a title says after its measure: 2024年1—11月各县区新登记经营主体情况 is of 新登记经营主体.
_TITLE_TAIL = re.compile(
    r"(?:的)?(?:基本|主要|完成|发展|运行)?"
    r"(?:(?:情况|概况|构成)(?:统计表|一览表|汇总表|明细表|统计|表)?|统计表|一览表|汇总表|明细表|统计|(?<!代)表)$"
)
# What a time phrase leaves of itself once its dates are cut (截至2024年6月底 → 截至底), and a
# title's 各类 (各类经营主体构成: the kinds are the rows).
_TIME_LEFTOVER = re.compile(r"^(?:截至|截止|至)?(?:底|末|份)?")
_EACH_KIND = re.compile(r"^(?:全市|全省|全区|全县)?(?:各类|各项|分类)?")


def _record_location(rows: list[list[str]]) -> str | None:
    """The location of a two-column record table with a location row (土地位置 | 平阴县…), or None."""
    if max(len(r) for r in rows) != 2:
        return None
    return next((r[1] for r in rows if len(r) == 2 and locations.location_column([r[0]]) == 0), None)


def _count_header_rows(rows: list[list[str]]) -> int:
    """Leading rows with no figure outside the first column (a bare year is a header, not a figure).

    A two-column table whose first row already holds a figure has none.
    """
    for index, row in enumerate(rows):
        if any(cells.parse_figure(c) is not None and not re.fullmatch(r"(?:19|20)\d{2}", c) for c in row[1:]):
            if max(len(r) for r in rows) == 2 and (index == 0 or _record_rows(rows[:index])):
                return 0  # label | value rows from the first: a dashboard, a key-figure table, a record
            return max(index, 1)
    return len(rows)


def _record_rows(rows: list[list[str]]) -> bool:
    """Label | text rows of a record (行政处罚决定书文号 | 宁市监处罚〔2024〕86号 / 当事人名称 | …): three or
    more, every one with a text of its own under a label of its own (a header is one row, or two)."""
    labels = [row[0] for row in rows]
    return (
        len(rows) >= 3 and all(len(row) == 2 and row[0] and row[1] for row in rows) and len(set(labels)) == len(labels)
    )


def _header_parts(header_rows: list[list[str]], width: int) -> list[tuple[str, ...]]:
    """Each column's header texts, one a header row, a text spanning rows once (本月, 绝对值)."""
    return [tuple(dict.fromkeys(row[c] for row in header_rows if c < len(row) and row[c])) for c in range(width)]


def _closing_unit(title: str) -> cells.Unit | None:
    match = _CLOSING_BRACKETS.search(title)
    return cells.parse_unit(match.group(1)) if match else None


_CLOSING_BRACKETS = re.compile(r"[（(]\s*([^（()）]{1,8}?)\s*[)）]\s*$")


def _labelled_unit(text: str) -> cells.Unit | None:
    match = cells._UNIT_LABEL.search(text)
    return cells.parse_unit(match.group(1)) if match else None


# --------------------------------------------------------------------------- regions


def _home(region_code: str | None, published: date | None) -> Region | None:
    return gazetteer().get(region_code, published.year if published else None) if region_code else None


def _region_label(label: str, ctx: _Context) -> Region | None:
    """The region a row label (or column header) is, when it is nothing but a region name.

    A header of several rows ("城市 济南市") is a region when its last, most specific part is.
    """
    region = _region_text(label, ctx)
    if region is None and " " in label.strip():
        region = _region_text(label.split()[-1], ctx)
    return region


def _region_text(label: str, ctx: _Context) -> Region | None:
    text = cells.strip_units(_LABEL_PREFIX.sub("", label)).strip()
    if not text:
        return None
    if text in WHOLE_AREA:
        return _whole_area(WHOLE_AREA[text], ctx)
    hits = gazetteer().find(text, ctx.year, ctx.home)
    if not hits:
        return None
    covered = sum(hit.end - hit.start for hit in hits)
    rest = re.sub(r"合计|总计|全市|全省|本级|\s", "", text)
    if len(hits) == 1 and covered >= len(rest) - 1:
        return hits[0].region
    return None


# A development zone, new area or park (临沂高新技术产业开发区, 经济技术开发区, 综合保税区): most have no
# code of their own; GUIDE: such a zone takes its city's code.
_ZONE = re.compile(
    r"(?:开发区|高新区|新区|园区|保税区|示范区|试验区|实验区|度假区|旅游区|管理区|功能区|起步区|产业园|工业园|合作区)"
    r"(?:管委会)?$"
)


def _is_zone(label: str) -> bool:
    text = _LABEL_PREFIX.sub("", label).strip()
    return len(text) <= 20 and _ZONE.search(text) is not None


def _zone_place(label: str, ctx: _Context) -> Region | None:
    """The place a zone's name opens on (the city or county it lies in); None when it names none
    (高新区: the table's own place) or names one outside the publisher's province."""
    hits = gazetteer().find(_LABEL_PREFIX.sub("", label).strip(), ctx.year, ctx.home)
    region = hits[0].region if hits and hits[0].start == 0 else None
    # (北海经济开发区 in a table of 滨州's counties is 滨州's zone, not 广西's 北海市)
    if region is None or (ctx.home is not None and ctx.home.code != "100000" and region.code[:2] != ctx.home.code[:2]):
        return None
    return region


_YEAR = re.compile(r"(?:19|20)\d{2}")
_PART_OF_YEAR = re.compile(r"\d{1,2}月|[一二三四五六七八九十]{1,2}月|季度|上半年|下半年")


def _in_table_year(text: str, period: str | None, table_period: str | None) -> str | None:
    """A header's months without their year (7月, 三季度, 上半年) are of the table's year, not the
    publication's: a table of 2023's months published in January 2024 dated them 2024."""
    if period is None or not table_period or _YEAR.search(text) or not _PART_OF_YEAR.search(text):
        return period
    years = set(_YEAR.findall(table_period))
    return _YEAR.sub(years.pop(), period) if len(years) == 1 else period


def _whole_area(level: str | None, ctx: _Context) -> Region | None:
    if level == "country":
        return gazetteer().national()
    home = ctx.home
    if home is None or level is None or home.level == level:
        return home
    if level == "province" and home.province_code:
        return gazetteer().get(home.province_code, ctx.year)
    return home


def _region_named(title: str, ctx: _Context) -> Region | None:
    """The first region a table title names (2023年山东省主要经济指标 → 山东省)."""
    hits = gazetteer().find(title, ctx.year, ctx.home) if title else []
    return hits[0].region if hits else None
