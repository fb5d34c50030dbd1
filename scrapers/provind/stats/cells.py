"""What one header or cell text says: a number, a unit and its scale, a period, a growth word.

Pure functions over short strings; the conventions are the text extractor's, so
table cells and sentences land as the same kind of fact: values scaled to the
base unit (92068.7 亿元 → 9206870000000 元), periods as `YYYY`, `YYYY-MM` or
`YYYY-MM..YYYY-MM`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from provind.extract import periods, units

SCALES = {"万亿": Decimal(10**12), "亿": Decimal(10**8), "千万": Decimal(10**7), "百万": Decimal(10**6),
          "万": Decimal(10**4), "千": Decimal(10**3), "百": Decimal(100)}  # fmt: skip
EXTRA_UNITS = ("元/人", "人/平方公里", "元/吨", "元/公斤", "户", "人")  # composite units bulletins use
MISSING = frozenset({"", "-", "—", "——", "–", "…", "...", "……", "/", "x", "X", "×", "NA", "N/A", "null"})
GROWTH_WORDS = re.compile(r"增长|增速|增幅|增减|比上年|比去年|同比|较上年|较去年|比上期|环比|下降")
# A header naming only a change (同比增长, 增速, 比上年增长): its bare numbers are per cent. 增减 and 增量 are
# left out: they may count the change itself (增减（户）).
# A column of the table's month or year to date may name its own change (累计同比, 本月增长, 1-本月同比增长).
_OWN_TIME = r"(?:本月|当月|本期|累计|本年累计|1\s*[-—–~～至到]\s*本月(?:累计)?)?"
CHANGE_ONLY = re.compile(
    rf"^(?=.){_OWN_TIME}(?:同比|环比|(?:比|较)(?:上年|去年|上期|上月|年初)(?:同期)?)?(?:增长|增速|增幅|增长率)?(?<!累计)(?<!本月)(?<!当月)(?<!本期)$"
)
# A label ending on such a word (地区生产总值增速, 规上工业增加值同比增长). Not a bare 增长: 各项贷款比年初增长
# may be a sum in the table's 亿元.
CHANGE_AT_END = re.compile(r"(?:增速|增幅|增长率|同比增长|同比)$")
RATIO_WORDS = re.compile(r"比重|占比|比例|构成|率")
MEASURE_ONLY = re.compile(
    r"^(?:绝对数|绝对值|数值|数量|总量|总额|合计|金额|本期|本月|累计|本年累计|全年|年末|实绩|值|"
    rf"{_OWN_TIME}(?:(?:比|较)(?:上年末|上年|去年|上期|年初)(?:同期)?|同比|环比)?(?:增长|增减|增幅|增速|增长率|增减率|±)|"
    rf"{_OWN_TIME}(?:同比|环比)|"
    r"比重|占比|构成|同比|环比|比上年)?$"
)

_NUMBER = re.compile(
    r"^(?P<sign>[+\-−–＋－﹣])?\s*(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?(?:[eE][+\-]?\d{1,3})?)\s*"
    r"(?P<suffix>%|％|‰)?\s*(?:[*#△▲]|[①-⑩]|\([a-z]\))?$"
)
_BRACKETED = re.compile(r"[（(\[【]\s*([^（()）\]】]{1,12}?)\s*[)）\]】]")
# 单位：万元 (单位：万元、%: the table's unit, then the per cent of its rates), and in a note's sentence
# 单位为万户, 单位均为亿元 (注：表中经营主体数量单位为万户。)
_UNIT_LABEL = re.compile(r"(?:计量)?单位\s*(?:[:：]|均为|为|是)\s*([^\s，,、；;。）)]{1,10})")
_LATIN_UNITS = {"M2": "平方米", "m2": "平方米", "㎡": "平方米", "m²": "平方米", "KM": "公里", "km": "公里",
                "T": "吨", "t": "吨", "KG": "千克", "kg": "千克"}  # fmt: skip
_YEAR_ONLY = re.compile(r"^((?:19|20)\d{2})$")


@dataclass(frozen=True)
class Unit:
    scale: Decimal
    base: str  # "元", "人", "%"…: the extractor's unit
    text: str  # as written: "亿元"


def parse_value(text: str) -> tuple[Decimal, str | None] | None:
    """(number, "%" or None) for a cell that holds one figure; None for text, blanks and '…'."""
    text = text.strip().replace("\u3000", "")
    if text in MISSING:
        return None
    match = _NUMBER.match(text)
    if not match:
        return None
    try:
        value = Decimal(match.group("num").replace(",", ""))
        value = Decimal(format(value, "f"))  # 1.2E-2 (spreadsheet exports) → 0.012: no exponent downstream
    except InvalidOperation:
        return None
    if match.group("sign") and match.group("sign") not in "+＋":  # (－5.2: Word's full-width minus)
        value = -value
    suffix = match.group("suffix")
    return value, ("‰" if suffix == "‰" else "%" if suffix else None)


# A figure written with its unit in one cell: 142.3万户, 6290.1亿元, 2136批次 (the unit parse_unit reads).
_NUMBER_WITH_UNIT = re.compile(
    r"^(?P<number>[+\-−–＋－﹣]?\s*(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)\s*(?P<unit>[^\d\s.,]{1,8})$"
)


def parse_figure(text: str) -> tuple[Decimal, Unit | None] | None:
    """(number, the unit written with it) for a cell that holds one figure, unit or not.

    `parse_value`'s cells (1856.3, 8.2%) and a number followed by a unit (142.3万户 is
    142.3 in 万户: the scale stays in the unit, as in a header). None for anything else:
    text, blanks, dates (2024-06-01), ranges (1-8月).
    """
    parsed = parse_value(text)
    if parsed is not None:
        number, suffix = parsed
        return number, (Unit(Decimal(1), suffix, suffix) if suffix else None)
    match = _NUMBER_WITH_UNIT.match(text.strip().replace("\u3000", ""))
    if match is None or (unit := parse_unit(match.group("unit"))) is None:
        return None
    value = parse_value(match.group("number"))
    return (value[0], unit) if value is not None else None


# A change written with its word or arrow: 同比增长5.2%, 比上年下降1.3%, 同比+5.2%, ↓1.3%.
_CHANGE = re.compile(
    r"^(?:同比|环比|比上年(?:同期)?|较上年(?:同期)?|比去年|较去年)?\s*"
    r"(?:(?P<up>增长|增加|提高|上升|上涨|\+|↑)|(?P<down>下降|减少|降低|回落|下跌|-|−|↓))\s*"
    r"(?P<number>\d+(?:\.\d+)?)\s*[%％]$"
)


# 同比5.2%: a dashboard's change whose direction is an icon (<i class="up">), the text naming none. A
# decrease is written with its minus or word (同比-1.3%, 同比下降1.3%), so the bare number is a rise.
_BARE_COMPARED = re.compile(r"^(?:同比|环比|比上年(?:同期)?|较上年(?:同期)?)\s*(?P<number>\d+(?:\.\d+)?)\s*[%％]$")


def parse_change(text: str) -> tuple[Decimal, Unit] | None:
    """(signed per cent, %) for a cell that states a change in words: 同比下降1.3% → -1.3."""
    match = _CHANGE.match(text.strip())
    if match is None:
        bare = _BARE_COMPARED.match(text.strip())
        return (Decimal(bare.group("number")), Unit(Decimal(1), "%", "%")) if bare else None
    number = Decimal(match.group("number"))
    return (-number if match.group("down") else number), Unit(Decimal(1), "%", "%")


def parse_unit(text: str) -> Unit | None:
    """A unit as written in a header: 亿元, 万人, %, 元/人, 万千瓦时… (None when it is no unit)."""
    text = text.strip().replace("％", "%")
    text = _UNIT_LABEL.sub(r"\1", text).strip()
    text = _LATIN_UNITS.get(text, text)  # 面积(M2): the unit written the Latin way
    if text in ("%", "‰"):
        return Unit(Decimal(1), text, text)
    if text in ("百分点", "个百分点"):
        return Unit(Decimal(1), "个百分点", text)
    for prefix, scale in (("", Decimal(1)), *SCALES.items()):
        if not text.startswith(prefix):
            continue
        base = text[len(prefix) :]
        if _PRICE.match(base):
            return Unit(scale, base.partition("/")[0], text)  # (a price, as the text reads 15200元/吨: 元)
        if base in units.MEASURE_WORDS or base in EXTRA_UNITS or _composite(base):
            return Unit(scale, base, text)
    return None


# A price per quantity of goods (元/500克, 元/公斤, 元/吨, 元/平方米): a sum of money, 元, as the text's
# 生猪收购价格为15200元/吨 is; 元/人 (per head) stays a unit of its own.
_PRICE = re.compile(
    r"^(?:元|美元)/\d*(?:克|千克|公斤|斤|两|吨|升|毫升|立方米|平方米|㎡|亩|公里|千瓦时|度|个|只|盒|袋|瓶|台|张|辆|头)$"
)


def _composite(base: str) -> bool:
    head, slash, tail = base.partition("/")
    return bool(slash) and head in units.MEASURE_WORDS and bool(tail)


def unit_in(text: str) -> Unit | None:
    """The unit a header names: in brackets (地区生产总值（亿元）), after 单位：, or a closing %
    (同比±%, 比上年增长%: a change in per cent, whatever the row's 单位 says)."""
    if _PERCENT_AFTER.search(text):
        return Unit(Decimal(1), "%", "%")
    for match in _UNIT_LABEL.finditer(text):
        unit = parse_unit(match.group(1))
        if unit:
            return unit
    for match in _BRACKETED.finditer(text):
        unit = parse_unit(match.group(1))
        if unit:
            return unit
    return parse_unit(text)  # a whole header that is a unit (the 单位 column's cells)


# A header naming a count by its measure word (抽检批次, 不合格批次, 企业户数, 案件数): that word
# is the unit when nothing else gives one.
_COUNTED = re.compile(r"(?:批次|(?P<word>户|件|家|人|个|次|项|台|套|宗)数)$")


def counted_unit(header: str) -> Unit | None:
    """The unit a count's header names by its measure word: 抽检批次 → 批次, 企业户数 → 户."""
    match = _COUNTED.search(strip_units(header))
    if match is None:
        return None
    word = match.group("word") or "批次"
    return Unit(Decimal(1), word, word)


def strip_units(text: str) -> str:
    """A header without its bracketed unit, 单位： label and closing per cent (同比±% → 同比)."""
    text = _BRACKETED.sub(lambda m: "" if parse_unit(m.group(1)) else m.group(0), text)
    text = _PERCENT_MARK.sub("", text) if _PERCENT_AFTER.search(text) else text
    return _UNIT_LABEL.sub("", text).strip(" ：:，,")


_PERCENT_MARK = re.compile(r"(?:±|[+]/-)?\s*[%％‰]\s*$|±")


def period_in(text: str, published: date | None) -> str | None:
    """The period a header or title names (2023年, 2024年1-6月, 一季度…), as the extractor writes it."""
    if not text:
        return None
    bare = _YEAR_ONLY.match(text.strip())
    if bare:
        return bare.group(1)
    year = published.year if published else None
    years = re.findall(r"((?:19|20)\d{2})年", text)
    if years:
        year = int(years[-1])
    for match in periods.TIME_PHRASE.finditer(text):
        period = periods.period_of(match, year, published).period
        if period:
            # a day's table (价格监测表（2024年11月11日）): the guide's periods have no day, so its month
            day = _DAY.search(text) if len(period) == 4 else None
            return f"{day.group(1)}-{int(day.group(2)):02d}" if day and day.group(1) == period else period
    return None


_DAY = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*\d{1,2}\s*[日号]")


# Columns named after the table's own month (relative_period): no part of a subject either.
_RELATIVE_COLUMN = (
    r"(?:1\s*[-—–~～至到]\s*本月(?:累计)?|年初至本月(?:累计)?|本年累计|本月止累计|上年同期|本月|当月|本期|上期)"
)
_RELATIVE = re.compile(
    r"^(?:(?P<month>本月|当月)|(?P<ytd>1\s*[-—–~～至到]\s*本月(?:累计)?|年初至本月(?:累计)?|本年累计|本月止累计|累计)"
    r"|(?P<last>上年同期))"
    # its change (累计同比±%, 本月增长（%）): of its time too
    r"(?P<change>(?:同比|环比)?(?:增长|增速|增幅|增长率|增减)?\s*±?\s*[%％]?)"
    r"(?:\s*[（(][^（()）]{1,8}[)）])?$"
)


def strip_periods(text: str) -> str:
    """A header without the time phrases it holds (2023年地区生产总值, 2019-2023年地区生产总值 → 地区生产总值)."""
    text = re.sub(
        r"(?:(?:19|20)\d{2}\s*[-—–~～至到]\s*)?(?:19|20)\d{2}年(?:度|末|底|初)?(?:\d{1,2}[-—–~～至到]\d{1,2}月|\d{1,2}月|[一二三四]季度|上半年|前三季度)?",
        "",
        text,
    )
    # A column of the months without their year (1-8月, 8月份, 一季度: the title holds the year).
    text = _PART_YEAR.sub("", text)
    return _YEAR_ONLY.sub("", text.strip()).strip()


_PART_YEAR = re.compile(
    r"(?<![\d.])(?:\d{1,2}[-—–~～至到]\d{1,2}月份?|\d{1,2}月(?:份|末|底)?|[一二三四]季度|上半年|下半年|前三季度)"
    r"(?![\d日号])|" + _RELATIVE_COLUMN
)
_PERCENT_AFTER = re.compile(r"(?:增长|增速|增幅|增减|比重|占比|±|[+]/-|率)\s*[%％‰]\s*$")


def relative_period(header: str, table_period: str | None) -> str | None:
    """The period of a column named after the table's month: 本月, 1-本月, 本年累计, 上年同期.

    A monthly table (`2024年8月主要经济指标` | 本月 | 1-本月 | 同比±%) dates its columns by its
    own month, not by the day it was published: 本月 is 2024-08, 1-本月 2024-01..2024-08, and
    上年同期 the same span a year before. None for any other header, or a table with no month.
    """
    match = _RELATIVE.match(header.strip())
    end = re.search(r"(\d{4})-(\d{2})$", table_period or "")
    if match is None or end is None or (match.group("last") and match.group("change")):
        return None
    year, month = int(end.group(1)), end.group(2)
    if match.group("month"):
        return f"{year}-{month}"
    if match.group("ytd"):
        return f"{year}-01..{year}-{month}" if month != "01" else f"{year}-01"
    return re.sub(r"\d{4}", lambda y: str(int(y.group()) - 1), table_period or "")


# A card's or row's label opening on the table's own time (本月新登记企业, 本年累计新登记企业).
_LEADING_RELATIVE = re.compile(
    r"^(?:本月|当月|本年累计|年初至本月(?:累计)?|1\s*[-—–~～至到]\s*本月(?:累计)?|本月止累计)(?=[\u4e00-\u9fff])"
)


def leading_period(label: str, table_period: str | None) -> str | None:
    """The period of a label that opens on the table's month or year to date (本月新登记企业), or None."""
    match = _LEADING_RELATIVE.match(label.strip())
    return relative_period(match.group(), table_period) if match else None


# A column or row of ranks (增速全省位次, 全省排名): its whole numbers are places, unit 位.
RANK_WORDS = re.compile(r"位次|排名|排位|名次|位序")


def kind_of(unit: str, context: str) -> str:
    """The extractor's kind for a figure in `unit` whose headers read `context`."""
    if unit == "位" and RANK_WORDS.search(context):
        return "rank"
    if unit in units.MONEY:
        return "amount"
    if unit in ("%", "‰"):
        return "growth" if GROWTH_WORDS.search(context) else "ratio"
    if unit in units.POINTS:
        return "other"
    if unit == "倍":
        return "growth" if GROWTH_WORDS.search(context) else "other"
    if unit in units.PHYSICAL or unit in units.DURATIONS:
        return "other"
    if "/" in unit:
        return "density"
    return "count"


def scaled(value: Decimal, scale: Decimal) -> Decimal:
    """value × scale, integral values without a fractional part (as the extractor writes them)."""
    result = value * scale
    if result == result.to_integral_value():
        return result.quantize(Decimal(1))
    return result
