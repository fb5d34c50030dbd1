"""Reference periods from the publication date and the wording of the sentence.

Periods are written `YYYY`, `YYYY-MM`, or `YYYY-MM..YYYY-MM`. A time phrase that
opens a sentence (`今年1月至8月，…`, `会议指出，2021年，…`) covers the whole
sentence; a bare year that opens a sentence also becomes the article's running
year (a review of 2021 published in January 2022 says so once, up front). A
time phrase in the middle of a sentence (`荣获2023年度…`) covers only its own
clause.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Final

from provind import textprep

# 二〇二四年, 二○二三年 (a circle for zero), 二零二四年, 一九九八年: a year written digit by digit in Chinese
# numerals, as official documents and county bulletins date themselves. Folded to Arabic digits one
# character for one (offsets, and so quotes, unchanged) before anything reads the text, so that every
# rule reading `2024年` reads it too. Only four numerals before 年 from 19xx or 20xx: 十/百 never stand
# in such a year, and 一二三四年 is no year.
_NUMERAL_YEAR: Final = re.compile(r"(?:二[〇○零]|一九)[〇○零一二三四五六七八九]{2}(?=年)")
_NUMERAL_DIGITS: Final = str.maketrans("〇○零一二三四五六七八九", "000123456789")


def fold_numeral_years(text: str) -> str:
    """`text` with its years in Chinese numerals written in Arabic digits (same length)."""
    if not _may_hold_numeral_year(text):
        return text
    return _NUMERAL_YEAR.sub(lambda m: m.group().translate(_NUMERAL_DIGITS), text)


# A year in numerals holds one of these right after the numeral before it (二〇, 二○, 二零, 一九).
_YEAR_SECOND_DIGITS: Final = (("〇", "二"), ("○", "二"), ("零", "二"), ("九", "一"))


def _may_hold_numeral_year(text: str) -> bool:
    """True when `text` holds 二〇, 二○, 二零 or 一九 (most texts hold none).

    Speed: a scan for one character is several times faster than for two (`"二零" in text` took 5 ns a
    character, as long as the regex) or than a regex's, and 零 (零售) and 九 are rare enough to check
    each occurrence's neighbour.
    """
    for digit, before in _YEAR_SECOND_DIGITS:
        at = text.find(digit)
        while at >= 0:
            if at > 0 and text[at - 1] == before:
                return True
            at = text.find(digit, at + 1)
    return False


_M: Final = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"
_TIME_PHRASE_RULE: Final = (
    # Two look-aheads that reject most positions cheaply (speed, not meaning).
    r"(?=[\d一二三四五六七八九十两今本当“前头第上下去过截目首全年明如新])"
    r"(?=\d|今年|本年|当年|“?十[三四五]五|[前头][两三四五六七八九十\d]|第?[一二三四1-4]季度|首季|上半年|下半年|上个?月|去年|上年|上一年"
    r"|过去|截至|截止|目前|如今|全年|本月|明年|下一年|一年来|年[末底](?!前)|[一二三四五六七八九十]{1,3}(?:月份?)?[-—–~～至到]"
    r"|[一二三四五六七八九十]{1,3}月(?:底|末|份)|年初|新的?一年)"
    # 今年以来截至8月底, 今年以来（截至8月底）, 年初至10月末, 截至9月底，今年累计…: the year to date up to
    # that month, a span (not the bare year of 今年以来, nor the point of 截至9月底). 今年到8月底 is a deadline.
    rf"(?P<ytd>(?:(?:(?:(?P<ty>\d{{4}})年|今年|本年)(?:年?初(?:以来)?|以来)|年初(?:以来)?)[，,（(]?(?:截至|截止到?|至|到)"
    rf"|(?:(?P<ty2>\d{{4}})年|今年|本年)[，,]?(?:截至|截止到?))(?P<m9>{_M})月(?:底|末|份)?(?:\d{{1,2}}日)?"
    rf"|(?:截至|截止到?)(?P<m10>{_M})月(?:底|末|份)?(?:\d{{1,2}}日)?[，,]?(?:[全我本][省市区县])?"
    r"(?:今年以来|今年|本年|年初以来)(?!全年))"
    # 4月25日0—24时: a daily bulletin. Periods have no day, so it reports its month.
    # 截至6月30日: a stock as of a day, reported for its month, like 截至6月底.
    r"|(?P<daily>(?:截至|截止到?)(?:(?P<cy>\d{4})年)?(?P<cm>\d{1,2})月\d{1,2}日"
    # 5月13日当天/当日/全天, …，全市共检查…: the figures of that one day (a daily bulletin), its month too.
    # 5月1日至5日, 11月11日至11月20日: days of one month (a holiday's or a campaign's figures), its month too.
    # (A later month, 4月1日至6月30日, is no day of one month: that span is read as the months it runs over.)
    r"|(?:(?P<dy>\d{4})年)?(?P<dm>\d{1,2})月\d{1,2}日(?:(?:0|零)时?[-—–~～至到]24时|[，,]?(?:当天|当日|全天)"
    r"|[-—–~～至到](?:(?P<rm2>\d{1,2})月)?\d{1,2}日))"
    r"|(?P<date>\d{4}年\d{1,2}月\d{1,2}日|\d{1,2}月\d{1,2}日)"
    rf"|(?P<ymr>(?P<y1>\d{{4}})年(?P<m1>{_M})(?:月份?)?[-—–~～至到](?:(?P<y2>\d{{4}})年)?(?P<m2>{_M})月)"
    rf"|(?P<mr>(?:今年|本年|当年|(?P<rlast>去年|上年))?(?P<m3>{_M})(?:月份?)?[-—–~～至到](?P<m4>{_M})月)"
    r"|(?P<yr>(?P<y6>\d{4})(?:年)?[-—–~～至到](?P<y7>\d{4})年(?:以来|期间)?)"
    r"|(?P<since>(?P<y3>\d{4})年以来)"
    # 去年以来: from last January to the publication, like 2023年以来 (not 去年, which frames last year)
    r"|(?<![比较于同])(?P<lsince>去年以来|上年以来)"
    # 2024年3月, 2024年三月份 (a title in numerals: 二〇二四年三月份, folded to 2024年三月份)
    rf"|(?P<ym>(?P<y4>\d{{4}})年(?P<m5>{_M})月(?:份|底|末)?)"
    r"|(?P<quarter>(?:(?P<qy>\d{4})年|(?P<qrel>今年|本年|当年|(?<![比较于同])去年|(?<![比较于同])上年))?(?P<q>前三季度|前两季度|前[23]季度"
    # 一至三季度, 1-3季度, 1—2季度: a range of quarters, from the first quarter's first month to the last's last
    r"|(?P<qa>[一二三1-3])[-—–~～至到](?P<qb>[二三四2-4])季度"
    # 第1季度, 3季度: a quarter in Arabic digits (not the tail of a number: 13季度 is none)
    r"|第?[一二三四]季度|第?(?<![\d.])[1-4]季度|首季度?|上半年|下半年|[前头]两个月"
    # 今年头两个月: the first months, like 前两个月; 前11月 (no 个) too
    r"|[前头](?:[两三四五六七八九十]|\d{1,2})个?月)"
    # 三季度末, 截至一季度末, 上半年末: a stock as of the quarter's end, the month it ends on (like 9月末)
    r"(?P<qend>末(?!前))?)"
    # 全年新登记…: the year of the article, or the year before for results published early in the next.
    # 一年来 and 年末 in a year's review are that year, like 全年 (上年末 is `last`, 年底前 a deadline).
    r"|(?P<fullyear>(?:(?P<fy>\d{4})年|(?P<frel>今年|本年|(?<![比较于同])去年|(?<![比较于同])上年))?(?<![明])全年"
    r"|(?<![上去前近])一年来|(?<![上去前\d年])年[末底](?!前))"
    # 3月以来, 5月份以来: from that month to the publication.
    rf"|(?P<msince>(?:今年|本年)?(?P<m7>{_M})月份?以来)"
    r"|(?P<year>(?P<y5>\d{4})年(?:度)?)"
    # 5月当月 / 5月单月 sets one month apart from the year-to-date span beside it (1-5月…；5月当月…).
    # A bare month before what happened in it is that month (其中9月新登记1.9万户), not before a day
    # (9月5日), a start (9月起) or the end of a range; 去年12月 is last year's.
    r"|(?P<mend>(?:今年|本年|(?P<mlast>去年|上年))?(?<!前)(?P<m6>\d{1,2})月"
    r"(?:底|末|份|当月|单月|(?![\d日号起至到—–~～-])"
    # 其中4月5200户, 4月1.2万户: a figure right after the month is of that month (not 5月12日, 9月30号)
    r"|(?=\d+(?:\.\d+)?[万亿千]?(?![\d.日号时])))|(?P<m8>[一二三四五六七八九十]{1,3})月(?:底|末|份))"
    # 本月: the month of the bulletin's publication.
    r"|(?P<thismonth>本月)(?!度)"
    # 上月/上个月(底): the month before the publication's (a monthly bulletin of last month's results).
    r"|(?P<lastmonth>上个?月(?:底|末|份)?)(?!以来)"
    # “十四五”规划重点项目 names a plan: it dates nothing.
    r"|(?P<fyp>“?(?P<fyp_n>十三五|十四五|十五五)”?(?:期间|时期|以来|末|期末|前(?P<fyp_k>[两三四])年)?)(?!”?(?:时期)?规划|”?[\u4e00-\u9fff]{0,4}规划)"
    # 比上年/较去年 compare with last year; they do not date the figure.
    # (较去年同期的2.8万户 writes the base out: that figure is last year's, `time_phrases` dates it alone)
    r"|(?:(?<![比较于同])|(?=(?:去年|上年)同[期月]的\d))(?P<last>去年|上年|上一年|过去一年|过去的一年)"
    # 明年，全市力争…: next year's plan.
    r"|(?P<next>明年|下一年)"
    # 新的一年，全市将…: the year just begun in a review of the first half of a year (过去一年…。新的一年…), the
    # next one in a review written at its end (a December article).
    r"|(?P<newyear>新的?一年)(?!来)"
    # 如今 (now) after a figure of long ago (一九九八年…3200户，如今已达4.6万户) is the present, like 目前
    r"|(?P<this>今年以来|今年|本年度|本年|年内|截至目前|截至当前|目前|如今)"
)
# (its optional parts written as alternations, which the engine enters for less: textprep.optional_as_alternation)
TIME_PHRASE: Final = re.compile(textprep.optional_as_alternation(_TIME_PHRASE_RULE))
# Speed. The regex engine tries a pattern that opens on look-aheads at every position, which for
# TIME_PHRASE is costly. But every time phrase holds a hint (年 月 季 目前 当前 十三五…), is at
# most 20 characters long (2023年十二月份至2024年十一月) and is written with the characters of
# PHRASE_CHARS or digits only: it starts in the run of such characters just before a hint, at
# most PHRASE_REACH before it. `phrases` tries only those positions.
# (TIME_HINT is written character class first so that the engine skips between candidates.)
TIME_HINT: Final = re.compile(r"[年月季目当十如](?:(?<=[年月季])|(?<=[目当])前|(?<=如)今|(?<=十)[三四五]五)")
PHRASE_REACH: Final = 24
# Every character TIME_PHRASE consumes, digits aside (tests/extract/test_scanning.py checks it).
PHRASE_CHARS: Final = frozenset(
    "“”-—–~～至到截止今本当单明去上下过前头第首全的一二三四五六七八九十两零年月日时份底末度内季半个以来期间目"
    "初，,（(我省市区县天如新"
)


def hints(clean: str) -> list[int]:
    """Where the TIME_HINTs of `clean` start, in order."""
    return list(map(re.Match.start, TIME_HINT.finditer(clean)))


def phrases(clean: str, start: int, end: int, hint_starts: list[int]) -> Iterator[re.Match]:
    """The matches of `TIME_PHRASE.finditer(clean, start, end)` (`hint_starts`: `hints(clean)`).

    The leftmost phrase from `pos` holds a hint, the first hint from `pos` that is in a phrase;
    it starts in the run of phrase characters before that hint. Hints in order, each one's run
    is tried position by position until a phrase matches.
    """
    k = bisect_left(hint_starts, start)
    pos = start
    while k < len(hint_starts) and (hint := hint_starts[k]) < end:
        first, floor = hint, max(pos, hint - PHRASE_REACH)
        while first > floor and ((c := clean[first - 1]) in PHRASE_CHARS or c.isdecimal()):  # \d is Nd
            first -= 1
        for at in range(first, hint + 1):
            if (m := TIME_PHRASE.match(clean, at, end)) is not None:
                yield m
                pos = m.end()
                k = bisect_left(hint_starts, pos, k)
                break
        else:
            k += 1


# What may stand before a phrase that opens its sentence: up to two short lead-in clauses
# (据介绍，/ 记者从市市场监管局获悉，/ 会议指出，) and a preposition.
# A region as the sentence's subject may stand before it too (台北市上半年…, 全省1-8月…).
LEADING: Final = re.compile(
    # 二、2024年工作打算, （三）2023年…: a heading's enumerator opens nothing itself
    r"(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[.、．](?!\d))?\s*"
    r"(?:[^，,；;。：:]{0,16}[，,：:]){0,2}\s*"
    r"(?:全[省市区县州]|我[省市区县州]|[\u4e00-\u9fff]{1,6}[省市区县州旗])?"
    # 全省计划到2025年底，…: a plan word before the deadline (到: it moves no running year) that opens
    # the sentence's plan; 力争年内 alone stays in its clause
    r"\s*(?:(?:计划|力争|预计|争取|确保|目标是?)?到|至|在|自|从|截至|截止|截止到)?\s*"
)
_QUARTERS: Final = {
    "一季度": (1, 3), "第一季度": (1, 3), "二季度": (4, 6), "第二季度": (4, 6),
    "三季度": (7, 9), "第三季度": (7, 9), "四季度": (10, 12), "第四季度": (10, 12),
    "首季": (1, 3), "首季度": (1, 3), "前三季度": (1, 9), "前两季度": (1, 6), "上半年": (1, 6), "下半年": (7, 12),
    "1季度": (1, 3), "第1季度": (1, 3), "2季度": (4, 6), "第2季度": (4, 6),
    "3季度": (7, 9), "第3季度": (7, 9), "4季度": (10, 12), "第4季度": (10, 12), "前3季度": (1, 9), "前2季度": (1, 6),
}  # fmt: skip
_QUARTER_NUMBER: Final = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_FIRST_YEARS: Final = {"两": 2, "三": 3, "四": 4}
_FIVE_YEAR_PLANS: Final = {"十三五": (2016, 2020), "十四五": (2021, 2025), "十五五": (2026, 2030)}
_CN_MONTH: Final = {
    "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
    "七": 7, "八": 8, "九": 9, "十": 10, "十一": 11, "十二": 12,
}  # fmt: skip
_YEAR_IN_TEXT: Final = re.compile(r"((?:19|20)\d{2})年")


@dataclass(slots=True, init=False, unsafe_hash=True)
class Period:
    """What one time phrase says."""

    period: str | None
    sets_year: int | None = None  # when it opens a sentence, the article's running year becomes this
    explicit: bool = False  # the running year was named (2022年, 今年), not merely continued
    # a month or quarter whose year was assumed (1-11月, 9月底, 前三季度, not 今年1-11月 or
    # a deadline such as 到6月底): see `reported`
    year_assumed: bool = False

    # (written out, not generated: mypyc compiles it, where the dataclass one is interpreted: 7x faster)
    def __init__(
        self, period: str | None, sets_year: int | None = None, explicit: bool = False, year_assumed: bool = False
    ) -> None:
        self.period = period
        self.sets_year = sets_year
        self.explicit = explicit
        self.year_assumed = year_assumed


# A title that names the year it reports on: 临沂市2023年国民经济和社会发展统计公报, 永泰县2023年经济运行
# 简况, 2023年市场监管工作综述 (a review or a bulletin, never a plan: no 计划/要点/方案 here).
_REPORT_TITLE: Final = re.compile(
    r"\s*[^\n。]{0,24}?((?:19|20)\d{2})年[^\n。]{0,40}?"
    r"(?:统计公报|公报|年报|统计数据|年度报告|年鉴|简况|综述|总结|运行情况|发展情况|工作情况|情况通报|情况|通报|快报|月报|日报"
    r"|分析|状况|概况|简报)"
)
# A report's title line (a bulletin, a review, a month's or a day's report: never a plan, which holds
# 计划/要点/方案 and none of these words at its end), alone or before a colon (…快检日报：当日快检…) or before
# the time it covers in brackets (…发展概况（2024年1-6月）).
_REPORT_WORD: Final = re.compile(
    r"(?:统计公报|公报|公告|年报|统计数据|年度报告|简况|综述|总结|情况|通报|快报|月报|日报|分析|状况|概况|简报)"
    r"(?:[\s）)]*$|[：:]|[（(][^（()）]{0,16}[）)]\s*$)"
)
_DAY: Final = re.compile(r"(?:(\d{4})年)?(\d{1,2})月\d{1,2}日")


def title_period(title: str, year: int | None, published: date | None) -> str | None:
    """The month (`YYYY-MM`) or months (`YYYY-01..YYYY-09`) a report's title says it covers, or None.

    Bureaus publish monthly bulletins (2024年3月份食品安全监督抽检情况通报), year-to-date and
    quarterly reports (2024年1-9月全市经济运行情况, 浏阳市上半年市场主体发展情况) and daily ones
    (2024年5月13日…快检日报: its month, periods have no day): their figures without a time phrase of
    their own are of that month or span, not of the year. `title`: its first line is read.
    """
    line = title[: title.find("\n")] if "\n" in title else title
    if len(line) > 80 or _REPORT_WORD.search(line) is None:
        return None
    m = TIME_PHRASE.search(line)
    if m is None:
        return None
    if m.group("date"):
        day = _DAY.match(m.group("date"))
        y = int(day.group(1)) if day and day.group(1) else year
        mo = int(day.group(2)) if day else 0
        return f"{y}-{mo:02d}" if y is not None and 1 <= mo <= 12 else None
    if not (m.group("ym") or m.group("ymr") or m.group("mr") or m.group("mend") or m.group("quarter")):
        return None  # a year (the running year already), a point in time, a five-year plan…
    said = period_of(m, year, published)
    period = reported(said.period, published) if said.year_assumed else said.period
    if period is None or len(period) == 4 or (".." in period and period[:4] != period[-7:-3]):
        return None
    return period


def title_year(clean: str) -> int | None:
    """The year a statistics bulletin or annual report says it covers, from its title line."""
    m = _REPORT_TITLE.match(clean, 0, 200)
    return int(m.group(1)) if m else None


def base_year(clean: str, published: date | None) -> int | None:
    """The article's own year: the publication date, else the latest year it names."""
    if published is not None:
        return published.year
    years = [int(y) for y in _YEAR_IN_TEXT.findall(clean) if 1990 <= int(y) <= 2100]
    return max(years) if years else None


def _month(text: str) -> int:
    return int(text) if text.isdigit() else _CN_MONTH.get(text, 0)


def _span(y1: int, m1: int, y2: int, m2: int) -> str | None:
    if not (1 <= m1 <= 12 and 1 <= m2 <= 12) or (y2, m2) < (y1, m1):
        return None
    return f"{y1}-{m1:02d}..{y2}-{m2:02d}"


def _first_month(period: str) -> tuple[int, int]:
    """(year, month) a period (`YYYY`, `YYYY-MM` or a span of them) starts in."""
    start = period.partition("..")[0]
    return int(start[:4]), int(start[5:7]) if len(start) > 4 else 1


def _last_month(period: str) -> tuple[int, int]:
    """(year, month) a period (`YYYY`, `YYYY-MM` or a span of them) ends in."""
    end = period.rpartition("..")[2]
    return int(end[:4]), int(end[5:7]) if len(end) > 4 else 12


def since(period: str, published: date | None) -> str | None:
    """From the start of `period` to the publication's month (2024年1月以来, 自2024年1月起), else None
    (a start still ahead: 从2025年起 opens a plan)."""
    if published is None:
        return None
    y, mo = _first_month(period)
    if (y, mo) == (published.year, published.month):
        return f"{y}-{mo:02d}"
    return _span(y, mo, published.year, published.month)


def joined(first: str, last: str) -> str | None:
    """The span from the start of `first` to the end of `last` (“十四五”以来 + 至今年4月底), else None."""
    return _span(*_first_month(first), *_last_month(last))


def is_leading(text: str, sentence_start: int, pos: int) -> bool:
    """True when the phrase at `pos` opens its sentence (after at most a short lead-in such as 会议指出，)."""
    return LEADING.fullmatch(text, sentence_start, pos) is not None


# 在省局公布的2024年度考核结果中，… / 在2024年全省质量工作会议上，…: a clause framing the sentence (where the
# figures after it were judged or announced), without a figure of its own.
_OPENING_FRAME: Final = re.compile(r"\s*在[^，,；;。：:\d]{0,24}?\d{4}年[^，,；;。：:]{0,24}?(?:中|上|期间)[，,]")


def in_opening_frame(text: str, sentence_start: int, pos: int) -> bool:
    """True when the phrase at `pos` lies in a frame (在…中，) opening its sentence: it dates the sentence."""
    if not text.startswith("在", sentence_start) and not text[sentence_start : sentence_start + 1].isspace():
        return False  # (a cheap test first: most sentences open on no 在)
    frame = _OPENING_FRAME.match(text, sentence_start)
    return frame is not None and pos < frame.end()


def opens_semicolon_part(text: str, clause_start: int, pos: int) -> bool:
    """True when the phrase at `pos` opens its clause, and the clause follows a semicolon (…；2023年底，…)."""
    return (
        clause_start > 0 and text[clause_start - 1] in "；;" and LEADING.fullmatch(text, clause_start, pos) is not None
    )


# Before a month: a deadline (到6月底, 至9月) looks ahead; 截至9月底 and 截止到9月底 report.
_DEADLINE_BEFORE: Final = re.compile(r"(?<![截止])(?:到|至)$")
_DEADLINE_AFTER: Final = re.compile(r"之?前")


def _year_assumed(m: re.Match) -> bool:
    """A month range, month end or quarter written without a year of its own (and not a deadline)."""
    if m.group("mr"):
        named = m.group("mr")[:2] in ("今年", "本年", "当年", "去年", "上年")
    elif m.group("msince"):
        named = m.group("msince")[:2] in ("今年", "本年")
    elif m.group("mend"):
        named = m.group("mend")[:2] in ("今年", "本年", "去年", "上年")
    elif m.group("quarter"):
        named = bool(m.group("qy") or m.group("qrel"))
    elif m.group("fullyear"):
        named = bool(m.group("fy") or m.group("frel"))
    elif m.group("ytd"):
        named = bool(m.group("ty") or m.group("ty2")) or "今年" in m.group("ytd") or "本年" in m.group("ytd")
    elif m.group("daily"):
        named = bool(m.group("dy") or m.group("cy"))
    else:
        return False
    text = m.string
    deadline = _DEADLINE_BEFORE.search(text, max(0, m.start() - 2), m.start()) or _DEADLINE_AFTER.match(text, m.end())
    return not named and not deadline


def reported(period: str | None, published: date | None) -> str | None:
    """A reported figure's period, for a month or quarter whose year was assumed to be the article's.

    A result is reported for a period that has ended: 1-11月 in an article of January
    2024, or 截至9月底 in one of February, is last year's. Only figures that are not
    targets go through here (a plan for 9月至11月 looks ahead).
    """
    if period is None or published is None:
        return period
    if len(period) == 4:
        # 全年… in an article of January to March: last year's results, published early in this one.
        return str(int(period) - 1) if int(period) == published.year and published.month <= EARLY_MONTHS else period
    end = period.rsplit("..", 1)[-1]
    if len(end) != 7 or int(end[:4]) != published.year or int(end[5:]) <= published.month:
        return period
    return "..".join(f"{int(part[:4]) - 1}{part[4:]}" for part in period.split(".."))


def ended(period: str | None, published: date | None) -> bool:
    """True when `period` (`YYYY`, `YYYY-MM` or a span) was over before the month of `published`."""
    if period is None or published is None:
        return False
    return _last_month(period) < (published.year, published.month)


def ahead(period: str | None, published: date | None) -> bool:
    """True when `period`, a span of months of the publication's year, is not over at its month and has
    begun by then, or lies later in a year past its first quarter: what an estimate of it forecasts
    (预计二季度…, 预计下半年… in April), where 预计四季度… in January estimates last year's."""
    if period is None or published is None or len(period) == 4:
        return False
    end_year, end_month = _last_month(period)
    if end_year != published.year or end_month < published.month:
        return False
    return _first_month(period)[1] <= published.month or published.month > EARLY_MONTHS


# Year-end results come out in the first quarter of the next year.
EARLY_MONTHS: Final = 3


def relative(m: re.Match) -> bool:
    """True when the phrase counts back from a year (去年, 上年同期, 去年12月, 上年1-6月, 去年一季度)."""
    return bool(
        m.group("last")
        or m.group("rlast")
        or m.group("mlast")
        or m.group("qrel") in _LAST_YEAR
        or m.group("frel") in _LAST_YEAR
    )


_LAST_YEAR: Final = ("去年", "上年")
_YEAR_GROUPS: Final = ("y1", "y3", "y4", "y5", "y6", "fy", "qy", "ty", "ty2", "dy", "cy")


def named_year(m: re.Match) -> int | None:
    """The year the phrase writes out (2022年, 2023年1-6月, 2021年全年), or None."""
    for name in _YEAR_GROUPS:
        if (y := m.group(name)) is not None:
            return int(y)
    return None


def month_before(period: str) -> str | None:
    """The month before `period` when it is one month (2024-05 → 2024-04: the base of 上月 beside it)."""
    if len(period) != 7:
        return None
    y, mo = int(period[:4]), int(period[5:])
    return f"{y}-{mo - 1:02d}" if mo > 1 else f"{y - 1}-12"


def a_year_before(period: str) -> str:
    """`period` a year earlier (2023-01..2023-06 → 2022-01..2022-06): the base of 去年同期."""
    return _FOUR_DIGITS.sub(lambda y: str(int(y.group()) - 1), period)


_FOUR_DIGITS: Final = re.compile(r"\d{4}")


def in_year(period: str, year: int) -> str:
    """`period`, a span inside one year or a month, moved to `year` (the base of 2023年同期)."""
    return _FOUR_DIGITS.sub(str(year), period)


def period_of(m: re.Match, year: int | None, published: date | None) -> Period:
    """The period named by a TIME_PHRASE match; `year` is the article's own year."""
    period, sets_year = _period_of(m, year, published)
    if _year_assumed(m):
        return Period(period, sets_year, False, year_assumed=True)
    if year is not None and m.group("last"):
        if m.string.startswith(("同期", "同月"), m.end()):
            # 上年同期，全市新登记企业为1.98万户: a comparison's base; the article stays in its year
            return Period(period, None, False)
        return Period(period, year - 1, True)  # 去年，… / 过去一年，… frames what follows
    if year is not None and m.group("next"):
        return Period(period, year + 1, True)  # 明年，… frames next year's plans
    if m.group("newyear"):
        return Period(period, int(period), True) if period is not None else Period(None)
    if year is not None and m.group("this"):
        # 今年，… names the current year (a plan early in the year); 今年以来/截至目前 report results.
        return Period(period, year, m.group("this") in ("今年", "本年", "本年度"))
    if m.group("ym"):
        return Period(period, sets_year, False)  # 2024年1月，… reports a month, it plans nothing
    return Period(period, sets_year, sets_year is not None)


def _period_of(m: re.Match, year: int | None, published: date | None) -> tuple[str | None, int | None]:
    if m.group("ytd"):
        y_text = m.group("ty") or m.group("ty2")
        y, mo = (int(y_text) if y_text else year), _month(m.group("m9") or m.group("m10"))
        if y is None:
            return None, None
        return (f"{y}-01" if mo == 1 else _span(y, 1, y, mo)), None  # 今年以来截至1月底: January
    if m.group("daily"):
        y_text, mo = m.group("dy") or m.group("cy"), int(m.group("dm") or m.group("cm"))
        y = int(y_text) if y_text else year
        if y is not None and m.group("rm2") and int(m.group("rm2")) != mo:
            return _span(y, mo, y, int(m.group("rm2"))), None
        return (f"{y}-{mo:02d}" if y is not None and 1 <= mo <= 12 else None), None
    if m.group("thismonth"):
        return (f"{published.year}-{published.month:02d}" if published is not None else None), None
    if m.group("lastmonth"):
        if published is None:
            return None, None
        y, mo = (published.year, published.month - 1) if published.month > 1 else (published.year - 1, 12)
        return f"{y}-{mo:02d}", None
    if m.group("fullyear"):
        # 全年 alone is the running year (a bulletin's title year, 2023年，… before it): left to the caller
        if m.group("fy"):
            return m.group("fy"), int(m.group("fy"))
        if m.group("frel") and year is not None:
            return str(year - 1 if m.group("frel") in ("去年", "上年") else year), None
        return None, None
    if m.group("ymr"):
        y1 = int(m.group("y1"))
        y2 = int(m.group("y2") or y1)
        return _span(y1, _month(m.group("m1")), y2, _month(m.group("m2"))), None
    if m.group("mr"):
        if year is None:
            return None, None
        y = year - 1 if m.group("rlast") else year
        return _span(y, _month(m.group("m3")), y, _month(m.group("m4"))), (y if m.group("rlast") else None)
    if m.group("yr"):
        a, b = int(m.group("y6")), int(m.group("y7"))
        return (f"{a}-01..{b}-12" if a < b else None), None
    if m.group("since"):
        start = int(m.group("y3"))
        if year is None or year < start:
            return str(start), None
        end_month = published.month if published is not None and published.year == year else 12
        return f"{start}-01..{year}-{end_month:02d}", None
    if m.group("lsince"):
        if year is None:
            return None, None
        end_month = published.month if published is not None and published.year == year else 12
        return f"{year - 1}-01..{year}-{end_month:02d}", None
    if m.group("ym"):
        y, mo = int(m.group("y4")), _month(m.group("m5"))
        return (f"{y}-{mo:02d}" if 1 <= mo <= 12 else str(y)), y
    if m.group("year"):
        y = int(m.group("y5"))
        return str(y), y
    if m.group("msince"):
        mo = _month(m.group("m7"))
        if year is None or not 1 <= mo <= 12:
            return None, None
        if published is None or published.year != year or published.month <= mo:
            return f"{year}-{mo:02d}", None
        return _span(year, mo, year, published.month), None
    if m.group("mend"):
        mo = _month(m.group("m6") or m.group("m8"))
        y = year - 1 if year is not None and m.group("mlast") else year
        # 去年12月，… frames last year like 去年，… (the running year moves back)
        return (f"{y}-{mo:02d}" if y is not None and 1 <= mo <= 12 else None), (y if m.group("mlast") else None)
    if m.group("fyp"):
        a, b = _FIVE_YEAR_PLANS[m.group("fyp_n")]
        if m.group("fyp").endswith("以来") and year is not None:
            # “十四五”以来 runs to the publication, like 2021年以来 (not to the end of a year still running)
            if published is not None and published.year == year:
                return f"{a}-01..{year}-{published.month:02d}", None
            b = year
        if m.group("fyp_k"):
            # “十四五”前三年: the plan's first years
            return f"{a}-01..{a + _FIRST_YEARS[m.group('fyp_k')] - 1}-12", None
        if m.group("fyp").endswith("末"):
            return str(b), None  # 到“十四五”末: the plan's last year
        return f"{a}-01..{b}-12", None
    quarter_year = int(m.group("qy")) if m.group("qy") else year
    if m.group("quarter") and quarter_year is not None:
        q = m.group("q")
        year = quarter_year
        if m.group("qrel") in ("去年", "上年"):
            year -= 1
        if m.group("qa"):
            a, b = _QUARTER_NUMBER[m.group("qa")] * 3 - 2, _QUARTER_NUMBER[m.group("qb")] * 3
        elif q in _QUARTERS:
            a, b = _QUARTERS[q]
        else:  # 前两个月, 前N个月, 前8个月
            n = q[1:-2] if q.endswith("个月") else q[1:-1]
            a, b = 1, int(n) if n.isdigit() else _CN_MONTH.get(n, 0)
        # 截至第三季度 (no 末): as of the quarter's end, like 截至三季度末
        as_of = m.start() >= 2 and m.string.startswith(("截至", "截止"), m.start() - 2) and "月" not in q
        if (m.group("qend") or as_of) and 1 <= b <= 12:
            return f"{year}-{b:02d}", None
        return _span(year, a, year, b), None
    if year is None:
        return None, None
    if m.group("last"):
        return str(year - 1), None
    if m.group("next"):
        return str(year + 1), None
    if m.group("newyear"):
        return str(year + 1 if published is not None and published.month > 6 else year), None
    return str(year), None
