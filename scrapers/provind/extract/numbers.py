"""The numeric grammar: numerals, scales, percentages, fractions, ranges and ranks.

Values are exact `Decimal`s (9.8亿 is 980000000, never a float). Chinese
numerals are parsed by our own small parser; cn2an is not needed and is never
run over free text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Final

from provind.extract.units import MEASURE_WORDS
from provind.textprep import optional_as_alternation

CN_DIGITS: Final = {
    "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
    "壹": 1, "贰": 2, "叁": 3, "肆": 4, "伍": 5, "陆": 6, "柒": 7, "捌": 8, "玖": 9,
}  # fmt: skip
CN_SMALL_UNITS: Final = {"十": 10, "百": 100, "千": 1000, "拾": 10, "佰": 100, "仟": 1000}
CN_BIG_UNITS: Final = {"万": 10**4, "亿": 10**8}
SCALES: Final = {"万亿": Decimal(10**12), "千万": Decimal(10**7), "百万": Decimal(10**6), "亿": Decimal(10**8),
          "万": Decimal(10**4), "千": Decimal(10**3)}  # fmt: skip

# (12,3456: a comma after every four digits, as some bureaus group them, the Chinese way (万); first, since
# the three-digit grouping would take 12,345 and leave the 6). The grouped forms stand behind one look-ahead
# for a comma among the first digits: most numbers have none, and would else enter and backtrack through both.
ARABIC: Final = r"(?=\d{1,4},\d)(?:\d{1,4}(?:,\d{4})+(?!\d)(?:\.\d+)?|\d{1,3}(?:,\d{3})+(?:\.\d+)?)|\d+(?:\.\d+)?"
CHINESE: Final = r"[零〇一二两三四五六七八九十百千万亿]+(?:点[零〇一二三四五六七八九]+)?"
# 1万2千, 1亿5千万, 3万5百: Arabic digits between Chinese scales, as typed in a hurry; read whole (its tail
# alone, 2千, would be a wrong number). Digits and scales alternate, a scale last.
MIXED: Final = r"\d{1,4}(?:[万亿千百]\d{1,4})+[万亿千百]+"
_ONLY_SCALE: Final = re.compile(r"[百千万亿]+")
PERCENT_PLACES: Final = Decimal("0.000001")
_ONE: Final = Decimal(1)


def parse_arabic(text: str) -> Decimal:
    """`1,234.5` → Decimal('1234.5')."""
    return Decimal(text.replace(",", ""))


def parse_chinese(text: str) -> Decimal | None:
    """Chinese numeral → Decimal, or None when it is not a well-formed number.

    Handles 两, 零, 十二 (leading 一 omitted), 一万二千, 三亿五千万, 一万二 (a bare
    final digit scaled by the unit before it), 一百零五 and 三点五.
    """
    if not text:
        return None
    whole, _, frac = text.partition("点")
    total = 0  # committed 亿 groups
    wan = 0  # committed 万 group inside the current 亿
    section = 0  # value below 万
    digit: int | None = None
    last_unit = 0
    zero_since_unit = False
    prev_was_digit = False
    for ch in whole:
        if ch in CN_DIGITS:
            numeral = CN_DIGITS[ch]
            if prev_was_digit and digit not in (None, 0) and numeral != 0:
                return None  # two digits in a row (一二三) is a list, not a number
            if numeral == 0:
                zero_since_unit = True
            digit = numeral
            prev_was_digit = True
            continue
        prev_was_digit = False
        if ch in CN_SMALL_UNITS:
            unit = CN_SMALL_UNITS[ch]
            section += (1 if digit is None else digit) * unit
        elif ch in CN_BIG_UNITS:
            unit = CN_BIG_UNITS[ch]
            group = section + (digit or 0)
            if unit == 10**8:
                total = (total + wan + group or 1) * unit
                wan = 0
            else:
                wan = (group or 1) * unit
            section = 0
        else:
            return None
        last_unit = unit
        zero_since_unit = False
        digit = None
    if digit:
        # 一万二 means 12000; 一百零五 is 105.
        scaled = last_unit >= 100 and not zero_since_unit
        section += digit * (last_unit // 10 if scaled else 1)
    value = Decimal(total + wan + section)
    if frac:
        digits = "".join(str(CN_DIGITS[c]) for c in frac if c in CN_DIGITS)
        value += Decimal("0." + digits) if digits else 0
    return value


def parse_mixed(text: str) -> Decimal | None:
    """`1万2千` → Decimal('12000'): a MIXED numeral, its Arabic digit groups spelt in Chinese; None if malformed."""
    spelt = _DIGIT_GROUP.sub(lambda m: to_chinese(int(m.group())), text)
    return parse_chinese(spelt) if spelt != text else None


_DIGIT_GROUP: Final = re.compile(r"\d+")


def parse_number(text: str) -> Decimal | None:
    """An isolated numeral span, Arabic or Chinese."""
    if not text:
        return None
    if text[0].isdigit():
        try:
            return parse_arabic(text)
        except InvalidOperation:
            return None
    return parse_chinese(text)


def is_chinese(text: str) -> bool:
    return bool(text) and not text[0].isdigit()


def fraction_percent(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    if denominator == 0:
        return None
    return (numerator * 100 / denominator).quantize(PERCENT_PLACES)


def to_chinese(n: int) -> str:
    """Spell a non-negative integer in standard Chinese numerals (一亿零一千, 三百零五万)."""
    if n == 0:
        return "零"
    out = ""
    gap = False  # a higher group was written and a zero must be read before the next one
    for group_value, name in ((n // 10**8, "亿"), (n // 10**4 % 10**4, "万"), (n % 10**4, "")):
        if not group_value:
            gap = bool(out)
            continue
        if out and (gap or group_value < 1000):
            out += "零"
        out += (to_chinese(group_value) if group_value >= 10**4 else _below_10k(group_value)) + name
        gap = False
    return out


def _below_10k(x: int) -> str:
    out, zero = "", False
    for power, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = x // power % 10
        if d == 0:
            zero = bool(out)
            continue
        if zero:
            out += "零"
            zero = False
        out += "零一二三四五六七八九"[d] + name
    return out


# --------------------------------------------------------------- the scanner

# A quantity: number, optional range, scale, 余/多, unit. `百分之…` and fractions are
# alternatives. The look-behinds keep numbers out of codes (A1版, 5G, NW2022…),
# decimals, ordinals (第49届) and spans next to lost characters.
#
# Written for speed (tests/extract/test_scanning.py checks it against the plain form): the
# pattern opens on a character class, the numeral a quantity starts with, so that the regex
# engine skips from numeral to numeral instead of trying the whole pattern at every position
# (-37 % instructions for this scan, 4 % of the command). That first numeral is consumed
# first: the conditions on the character before it are look-behinds one character wider
# (`(?<!X.)`), each alternative checks the numeral it opens on by a look-behind, and the
# groups `fnum`, `cfden` and `num` hold their numeral without its first character
# (`quantities` puts it back).
CN_NUMERALS: Final = "零〇一二两三四五六七八九十百千万亿"
# `\d` written out: a digit of any script (`str.isdecimal`). A class with `\d` calls a category
# function for every character the engine skips; a plain class is a table lookup. Characters
# beyond the BMP are let in whole (one range test) and judged by the alternatives' look-behinds.
_BMP_DIGITS: Final = "".join(chr(c) for c in range(0x80, 0x10000) if chr(c).isdecimal())
_FIRST_NUMERAL: Final = f"[0-9{_BMP_DIGITS}{CN_NUMERALS}\U00010000-\U0010ffff]"


# (optional parts rewritten as alternations, which the engine enters for less: textprep.optional_as_alternation)
def _by_first_character(words: list[str], common: str) -> str:
    """`"|".join(words)` (escaped) with the words grouped under their first character, the groups in
    the order of `common` (the most frequent first) and then as met.

    The engine tries an alternation's alternatives in turn: a unit late among a hundred (`%`) cost a
    hundred tests. Words of different first characters cannot both match at one position, so
    grouping keeps what matches; inside a group the words keep their order (longest first).
    """
    groups: dict[str, list[str]] = {}
    for word in words:
        groups.setdefault(word[0], []).append(word)
    firsts = [c for c in common if c in groups] + [c for c in groups if c not in common]
    parts = []
    for first in firsts:
        group = groups[first]
        if len(group) == 1:
            parts.append(re.escape(group[0]))
        else:
            tails = "|".join(re.escape(word[1:]) for word in group)
            parts.append(f"{re.escape(first)}(?:{tails})")
    return "|".join(parts)


# The units, grouped by first character, the commonest first (their order in bureau text).
_UNIT_ALTERNATION: Final = _by_first_character(MEASURE_WORDS, "项件%家个元年批次人户起条台类张处")
# What may follow a number in QUANTITY: a unit's first character, a scale, 余/多, a range's sign, a space.
_FOLLOWERS: Final = re.escape("".join(sorted({w[0] for w in MEASURE_WORDS})) + "万亿千百余多-—–~～至到 \u3000\r\n")
# Every character the look-behinds below test as the one before the numeral: when the character
# before is none of them (nearly always: a Chinese character), every look-behind holds, and the one
# test of this class stands for all eleven (tests/extract/test_scanning.py checks it against them).
_BEFORE_TESTED: Final = rf"\dA-Za-z.\ufffd/_第#@%\-－+＋ \u3000\u00a0\n:：{CN_NUMERALS}"
QUANTITY: Final = re.compile(
    optional_as_alternation(
        _FIRST_NUMERAL
        # (atomic: when the character before is tested by none, the look-behinds are never tried)
        + rf"(?>(?<![{_BEFORE_TESTED}].)|"
        # (these look-behinds read the character before the numeral, and the numeral itself as `.`)
        + rf"(?<![\dA-Za-z.\ufffd/_第#@%].)(?<!\d-.)(?<!第 .)"
        # A plus sign is no number's part (5G+3, 1+1), except a change's explicit sign (增长+3.2%, 增速为+1.5%).
        # Two signs (增长+-3.2%, 下降--2.3%) leave the sign unknown: nothing rather than a guess.
        r"(?<!(?<![长速幅升高加为])[＋+].)(?<![-－+＋][-－+＋].)"
        # The tail of a broken figure is no figure: after a digit and a space or a line break (1 234家,
        # 1\n234家: the space may be a grouping or a column break, the break a pasted line's), after a
        # point and a space (12. 3%), after a digit and a scale (1万2千户: the whole would be 12000,
        # its tail alone 2000).
        r"(?<!\d[ \u3000\u00a0\n].)(?<!\d\.[ \u3000\u00a0\n].)(?<!\d[万亿千百].)"
        # 9:00起, 8:30-17:30: the minutes of a clock time count nothing.
        r"(?<!\d:.)(?<!\d：.)"
        # 第二十八次: a Chinese numeral is read from its first character only, never from inside
        # (else 十八次 would be taken out of the ordinal). An Arabic numeral has its own look-behind.
        rf"(?:(?<=\d)|(?<![{CN_NUMERALS}].)))"
        rf"(?:(?<=百)(?P<pct>分之)(?P<pctnum>{ARABIC}|{CHINESE})"
        r"|(?<=\d)(?P<fnum>\d*)/(?P<fden>\d+)(?![\d/])"
        r"|(?<=[一二三四五六七八九十])(?P<cfden>[一二三四五六七八九十]*)分之(?P<cfnum>[一二三四五六七八九十]+)"
        # ARABIC after its first digit, atomic: giving a digit back leaves a digit, a comma or a point
        # next, on which nothing after a number can start (speed, not meaning).
        # (MIXED first: its digits would else be taken as a plain number whose scale has no unit after it)
        # (MIXED and the grouped forms behind one look-ahead, a digit after a scale or a comma: most numbers
        # have none, and each of the three would else be entered and backtracked through: speed)
        r"|(?P<num>(?<=\d)(?>(?=\d{0,3}[万亿千百,]\d)(?:\d{0,3}(?:[万亿千百]\d{1,4})+[万亿千百]+|\d{0,3}(?:,\d{4})+(?!\d)(?:\.\d+)?|\d{0,2}(?:,\d{3})+(?:\.\d+)?)|\d*(?:\.\d+)?)"
        rf"|(?<=[{CN_NUMERALS}])[{CN_NUMERALS}]*(?:点[零〇一二三四五六七八九]+)?)"
        # (what may come next: a scale, 余/多, a range's sign, a space or a unit; 3月, 15日, 一体 fail here at once)
         + rf"(?=[{_FOLLOWERS}])"
        # 3万至5万户, 3亿-5亿元: the low end of a range may repeat the scale (quantities checks it is the same)
        rf"(?:(?P<rscale>万亿|亿|万|千)?(?P<rsep>[-—–~～至到])(?P<num2>(?>{ARABIC})|{CHINESE}))?"
        # 1523 家, 98.6 %: one space (a pasted or typeset page's) between a figure and its scale or unit
        # 共计 1234\n万元: a line break (pasted PDF text, a column's wrap) between a figure and its scale or unit,
        # when the unit then closes its phrase (not a word opening the next line: 12\n项目建设…). (Each opens on a
        # look-ahead for white space: most figures are followed by their unit, and fail it at once: speed.)
        r"(?:(?<=\d)(?=[ \u3000\r\n])(?:[ \u3000](?![ \u3000\r\n])|[ \u3000]*(?P<brk>\r?\n)[ \u3000]*))?"
        r"(?P<scale1>万亿|千万|百万|亿|万|千(?!瓦|克|米|分点))?"  # (0.4千分点: per mille points)
        r"(?P<yu>余|多)?"
        r"(?P<scale2>万亿|亿|万)?"
        r"(?:(?<=[万亿千])(?=[ \u3000\r\n])[ \u3000]*(?P<brk2>\r?\n)[ \u3000]*)?"  # 1.2万\n户
        rf"(?P<unit>{_UNIT_ALTERNATION})"
        r")"
        r"(?P<post>以上|以下|以内|左右|上下|有余|余|多)?"  # (1100户有余: at least)
        r"(?(brk)(?![\u4e00-\u9fff]))(?(brk2)(?![\u4e00-\u9fff]))"
    )
)

# 青岛(58.99)、济南(45.2): a figure without unit in brackets right after a name. (The bracket is
# matched before the look-behind for the name so that the engine skips from bracket to bracket.)
BRACKETED: Final = re.compile(r"[(（](?<=[\u4e00-\u9fff][(（])\s*(?P<num>\d+(?:\.\d+)?)\s*[)）]")

RANK: Final = re.compile(
    optional_as_alternation(
        r"(?=[均分并稳继位名跃上升排居列获全同副省小组国第首])"
        r"(?P<lead>(?:均|分别|并|稳|继续)?(?:位居|位列|名列|跃居|跃升至?|上升至|升至|排名|排在|排|居|列|获))?"
        r"(?P<scope>(?:全省|全国|全市|全区|全球)(?:城市|地级市|县域|县市区)?"  # 位居全国城市第八位
        r"|全自治区|全县|全州|全盟|全旗|全疆|全行业|同类城市|副省级城市|省会城市|小组|组内|省内|国内)?"
        r"(?:第(?P<n>\d{1,3}|[一二三四五六七八九十]{1,3})(?P<u>位|名)?|(?P<first>首位|榜首))"
    )
)
# Every RANK match holds 第, 首 or 榜 at most RANK_REACH characters after its start (the longest
# lead, 分别跃升至, and scope, 副省级城市; 全自治区 takes no 县域 after it, to stay within): see
# `textprep.anchored_finditer`.
RANK_ANCHOR_CHARS: Final = "第首榜"  # (as characters for str.find: `textprep.char_positions`)
RANK_ANCHOR: Final = re.compile(f"[{RANK_ANCHOR_CHARS}]")
RANK_REACH: Final = 10
# What follows 第N when it is an ordinal of something other than a ranking.
# (A digit or a scale: 第1000万户经营主体 is the ordinal of a milestone, read no further than 3 digits.)
RANK_NOT_FOLLOWED: Final = re.compile(
    # 第一等次, 第一档(次), 第一方阵, 第一梯队: a tier of an evaluation (a group of places), no rank.
    r"[届批期轮季个家项条款号章节次年阶部站类级代课任要宗职责把篇版名线档\d万亿千百]|时间|单位|方阵|梯队|书记|等次|等级"
    # 全市第一产业, 第一、二、三产业增加值: the sectors of the economy, however many are listed
    r"|(?:[、和及](?:\d|[一二三])){0,2}产业"
)
# How much of the text after 第N `RANK_NOT_FOLLOWED` may read (第一、二、三产业).
RANK_FOLLOWING: Final = 6


@dataclass(slots=True, init=False)
class Quantity:
    start: int
    end: int  # end of number + unit (+ approx suffix)
    value: Decimal
    unit: str
    approx: str  # exact / at_least / about / at_most (from the suffix only)
    chinese: bool
    fraction: bool = False
    rank: bool = False
    rank_scope: str = ""
    range_part: str = ""  # "low" / "high" for the two ends of a range
    number_start: int = 0
    bracket: bool = False  # 青岛(58.99): a bare figure after a name, unit taken from the sentence
    bare_scale: bool = False  # 百家, 万户: a count only after 近/上/过/约 (近百家, 上万户)

    # (written out, not generated: mypyc compiles it, where the dataclass one is interpreted: 7x faster)
    def __init__(
        self,
        start: int,
        end: int,
        value: Decimal,
        unit: str,
        approx: str,
        chinese: bool,
        fraction: bool = False,
        rank: bool = False,
        rank_scope: str = "",
        range_part: str = "",
        number_start: int = 0,
        bracket: bool = False,
        bare_scale: bool = False,
    ) -> None:
        self.start = start
        self.end = end
        self.value = value
        self.unit = unit
        self.approx = approx
        self.chinese = chinese
        self.fraction = fraction
        self.rank = rank
        self.rank_scope = rank_scope
        self.range_part = range_part
        self.number_start = number_start
        self.bracket = bracket
        self.bare_scale = bare_scale


# QUANTITY's groups in their order, as `m.groups()` returns them (one call, with no name lookups:
# a third of the cost of naming ten groups, for a hundred thousand figures in a big file).
QUANTITY_GROUPS: Final = (
    "pct", "pctnum", "fnum", "fden", "cfden", "cfnum", "num", "rscale", "rsep", "num2", "brk", "scale1", "yu", "scale2",
    "brk2", "unit", "post",
)  # fmt: skip


def quantities(m: re.Match) -> list[Quantity]:
    """Turn one QUANTITY match into quantities (two for a range); [] if malformed."""
    _pct, pctnum, fnum, fden, cfden, cfnum, raw, rscale, _rsep, num2, _brk, scale1, yu, scale2, _brk2, unit, post = (
        m.groups()
    )
    start, end = m.span()
    approx = _APPROX_OF_POST[post] if post else "exact"
    first = m.string[start]  # (the numeral the match opens on, left out of its group: see QUANTITY)
    if raw is None:  # 百分之…, 3/4, 三分之一: a percentage
        if fnum is not None:
            fnum = first + fnum
        elif cfden is not None:
            cfden = first + cfden
        return _percentage(start, end, approx, pctnum, fnum, fden, cfden, cfnum)
    raw = first + raw

    if unit == "年" and len(raw) == 4 and not num2:
        return []  # 2024年 is a date, not a duration (连续10年 has no four-digit count)
    # `parse_number(raw)` and `is_chinese(raw)` in one test of the first character (every figure).
    chinese = not raw[0].isdigit()
    if chinese:
        value = parse_chinese(raw)
        if value is None:
            return []
    else:
        try:
            value = parse_arabic(raw)
        except InvalidOperation:
            mixed = parse_mixed(raw)  # (1万2千: only a number with a scale inside fails as Arabic)
            if mixed is None:
                return []
            value = mixed
    # 千家万户: a scale word alone is no count, unless 余/多 or (checked later) 近/上/过 make it one.
    bare_scale = chinese and bool(_ONLY_SCALE.fullmatch(raw)) and not yu and post not in ("余", "多")
    # Decimal(1) when neither scale is written (most figures): the product is then the value itself.
    if scale1:
        scale = SCALES[scale1] * SCALES[scale2] if scale2 else SCALES[scale1]
    else:
        scale = SCALES[scale2] if scale2 else _ONE
    if yu:
        approx = "at_least"
    if unit == "成":
        # 9成 is 90 percent
        return [Quantity(start, end, value * 10, "%", approx, chinese, number_start=start)]
    if num2:
        high = parse_number(num2)
        if high is None or high <= value or (rscale and rscale != scale1):
            return []  # (3千至5万户: ends of different scales are no range read here)
        return [
            Quantity(start, end, value * scale, unit, "at_least", chinese, range_part="low", number_start=start),
            Quantity(start, end, high * scale, unit, "at_most", chinese, range_part="high", number_start=start),
        ]
    if scale is not _ONE or len(raw) >= 28:  # (a product rounds to the context's 28 digits)
        value *= scale
    # Every field by position (a third cheaper than by keyword, for every figure): start, end, value,
    # unit, approx, chinese, fraction, rank, rank_scope, range_part, number_start, bracket, bare_scale.
    return [Quantity(start, end, value, unit, approx, chinese, False, False, "", "", start, False, bare_scale)]


# The approximation a suffix states (以上, 余, 左右…).
_APPROX_OF_POST: Final = {
    "以上": "at_least", "余": "at_least", "有余": "at_least", "多": "at_least", "以下": "at_most", "以内": "at_most",
    "左右": "about", "上下": "about",
}  # fmt: skip


def _percentage(
    start: int,
    end: int,
    approx: str,
    pctnum: str | None,
    fnum: str | None,
    fden: str | None,
    cfden: str | None,
    cfnum: str | None,
) -> list[Quantity]:
    """A QUANTITY match of 百分之…, of a fraction 3/4 or of 三分之一, as a percentage; [] if malformed."""
    if pctnum:
        value = parse_number(pctnum)
        if value is None:
            return []
        return [Quantity(start, end, value, "%", approx, is_chinese(pctnum), number_start=start)]
    if fnum and fden:
        value = fraction_percent(Decimal(fnum), Decimal(fden))
        if value is None:
            return []
        return [Quantity(start, end, value, "%", approx, False, fraction=True, number_start=start)]
    num, den = parse_chinese(cfnum or ""), parse_chinese(cfden or "")
    value = fraction_percent(num, den) if num is not None and den is not None else None
    if value is None:
        return []
    return [Quantity(start, end, value, "%", approx, True, fraction=True, number_start=start)]


_NOUN_START: Final = re.compile(r"[“\"\u4e00-\u9fff]")


def rank_quantity(m: re.Match, following: str) -> Quantity | None:
    """A RANK match as a rank quantity, or None if it is a plain ordinal (第49届, 第二批)."""
    value: Decimal | None
    if m.group("first"):
        if not (m.group("lead") or m.group("scope")):
            return None
        value = Decimal(1)
    else:
        if not (m.group("lead") or m.group("scope") or m.group("u")):
            return None
        if not m.group("u") and RANK_NOT_FOLLOWED.match(following):
            return None
        if not (m.group("lead") or m.group("scope")) and following[:1] and _NOUN_START.match(following):
            return None  # 评选出第100位“诚信经营户”, 第3名选手: the Nth one of something, named after it
        if m.group("lead") == "获" and not m.group("scope"):
            return None
        if not (m.group("lead") or m.group("scope")) and not m.group("n").isdigit():
            return None  # 放在第一位 is a priority, not a ranking
        value = parse_number(m.group("n"))
        if value is None or value == 0:
            return None
    return Quantity(
        m.start(), m.end(), value, "位", "exact", False, rank=True, rank_scope=m.group("scope") or "",
        number_start=m.start("n") if m.group("n") else m.start("first"),
    )  # fmt: skip
