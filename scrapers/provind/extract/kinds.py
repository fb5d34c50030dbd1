"""Kind and sign rules: what sort of figure a number is, whether it fell, how exact it is.

A figure's kind (`count`, `amount`, `ratio`, `growth`, `density`, `rank`, `other`) comes from
its unit and the words around it: a percentage after 增长 or 增幅为 is a growth, one without is
a ratio; a count per so many people (每万人…8.6件, 0.15人/万台) is a density. A fall (下降,
减少, 比上年少…) makes the figure negative (GUIDE: decreases are negative), and a word just
before the number (约, 超过, 不低于) makes it approximate. The words are here; `mentions._mention`
applies them to each figure in turn.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Final

from provind.extract.context import ArticleContext
from provind.extract.numbers import Quantity

# Words that make a percentage or a multiple a change (增长5%, 增幅为5%, 20%以上增长) and its sign.
GROWTH_BEFORE: Final = re.compile(
    r"(?P<word>负增长|增长|增加|提高|提升|上升|上涨|增|扩大|攀升|下降|减少|降低|压减|压降|回落|缩减|下滑|下跌|减|降|跌|缩小|收窄|放缓)"
    # (增速较上年放缓1.6个百分点: a slowdown, signed like 回落)
    # 增长约1/3, 下降近5%, 增长达12%: an approximation or a copula may stand between.
    # A sign may stand right before the figure (增长-3.2%, 增长+3.2%, 下降−2.1%, 增速为—4.1%: see MINUS_SIGN).
    r"(?:了)?(?:约|大约|近|将近|接近|超过|超|逾|达到?|为)?(?:[ \u3000]?[-−—–+])?$"
)
GROWTH_RATE_BEFORE: Final = re.compile(
    # (涨幅控制在3%以内, 增速保持在6%左右: the change a plan holds to; 增速在6%-7%之间: the band it lies in)
    # (增速放缓至5.2%, 涨幅回落到1.1%: the rate of change reached, unsigned)
    r"(?P<word>增幅|增速|增长率|增长幅度|降幅|下降幅度|涨幅|跌幅|升幅)"
    r"(?:为|达|达到|是|在|控制在|保持在|稳定在|维持在|(?:放缓|回落|回升|加快|提高|提升|下降|降|收窄|扩大)[至到])?[-−—–+]?$"
)
GROWTH_AFTER: Final = re.compile(r"(?:的)?(?P<word>增长|增幅|增速|下降|降幅|提升|提高)")
DECREASE: Final = frozenset(
    {"负增长", "下降", "减少", "降低", "压减", "压降", "回落", "缩减", "下滑", "下跌", "跌",
     "减", "降", "缩小", "收窄", "放缓", "降幅", "下降幅度", "跌幅"}
)  # fmt: skip
# A label naming a change (规上工业增加值增速, 同比增长, 比上年增长, 增幅): its percentage is a growth.
GROWTH_LABEL: Final = re.compile(r"增速|增长|增幅|同比|环比|比上年")
# 不低于/不少于 bound from below, 不超过/不高于 from above: the negated words come first.
# 约 and 近 closing another word are no approximation: 签约5.6亿元, 节约资金, 预约1200人次; 最近, 附近.
APPROX_BEFORE: Final = re.compile(
    r"(?P<word>不低于|不少于|不小于|不高于|不超过|不多于|不大于|大约|(?<![签合预节制公条契违履特邀相缔毁解守])约"
    r"|将近|接近|(?<![最附就临靠邻亲])近|超过|超|逾|突破|至少|高于|多于"
    r"|不到|不足|低于|少于)(?:为|是|有|达|了)?$"
)
APPROX_OF: Final = {
    "大约": "about", "约": "about", "将近": "about", "接近": "about", "近": "about",
    "不低于": "at_least", "不小于": "at_least", "不高于": "at_most", "不超过": "at_most", "不多于": "at_most",
    "不大于": "at_most",
    "超过": "at_least", "超": "at_least", "逾": "at_least", "突破": "at_least", "不少于": "at_least",
    "至少": "at_least", "高于": "at_least", "多于": "at_least",
    "不到": "at_most", "不足": "at_most", "低于": "at_most", "少于": "at_most",
}  # fmt: skip
# 每万人…拥有量8.6件: a count per so many people is a density.
# Also per so many machines or households (万台设备死亡人数0.12人), but not after a figure (8万台).
DENSITY_BEFORE: Final = re.compile(r"(?<![\d.])(?P<per>每?(?:十万|万|千|百)(?:人(?:口)?|台)|每(?:万|千|百)户)")
# 0.15人/万台, 6.5批次/千人: the same, written after the unit. Only per a scaled population:
# 3500家/户次 and 50辆/台 count things (家/户, 辆/台 are one unit written two ways).
DENSITY_AFTER: Final = re.compile(r"/(?P<per>(?:十万|万|千|百)(?:人口|人|台|户|辆))(?![次日天])")
# A fall of a count, a sum or a density is signed like a growth's (GUIDE: decreases negative).
# After a comparison, every fall verb (比上年末减少1.2万人, 较去年同期减少12家, 比上年少156家, 同比减12家);
# 至少, 不少于, 多少 bound or ask, they do not fall.
_APPROX_WORD: Final = r"(?:约|大约|近|将近|接近|超过|超|逾)?"
COMPARED_DECREASE: Final = re.compile(
    r"(?:同比|环比|(?:比|较)[^，,；;:：。]{1,8}?)(?:减少|下降|降低|回落|缩减|下滑|下跌|压减|压降|收窄|缩小|减|降|跌"
    r"|少(?<!至少)(?<!不少)(?<!多少))了?" + _APPROX_WORD + "$"
)
# 同比少12.5%, 比上年多0.3个百分点: less or more than a past period is a change too.
_COMPARED_MORE_LESS: Final = re.compile(
    r"(?:同比|环比|(?:比|较)[^，,；;:：。]{1,8}?)(?P<word>少(?<!至少)(?<!不少)(?<!多少)|多)了?" + _APPROX_WORD + "$"
)
# Without a comparison, a fall verb right before the figure says the thing counted fell (事故起数减少5起,
# …，同比下降15.3%，减少2100件), unless the unit is followed by what was cut (减少12个审批环节: a count of
# work done). The cutting verbs (压减12项) and one-character ones need the comparison; 减少至, 下降为 and
# 减少塑料使用120吨 have no fall verb right before the figure.
FALL_BEFORE: Final = re.compile(r"(?:减少|下降|降低|回落|下滑|下跌)了?" + _APPROX_WORD + "$")

# 前移1个位次, 排名上升3位, 提升2个名次, 前进3名: a change of a rank, not a count of 位次/位/名次. Its unit
# is the rank's (GUIDE: ranks `位`), its kind `rank`; a fall (后移, 下降, 下滑) is negative, like every fall.
# A change in 名 needs a word of ranking before it or a verb that only ranks move by (人数下降3名 counts
# people); one in 个 needs 位次/名次 after it (提升2个百分点 and 提升2个等次 are no ranks).
RANK_CHANGE_BEFORE: Final = re.compile(
    r"(?P<word>前移|后移|上移|下移|前进|后退|退后|倒退|进位|退位|上升|提升|提高|攀升|跃升|下降|下滑|回落|降低)了?$"
)
RANK_CHANGE_FALLS: Final = frozenset({"后移", "下移", "后退", "退后", "倒退", "退位", "下降", "下滑", "回落", "降低"})
RANK_CHANGE_ONLY: Final = frozenset({"前移", "后移", "上移", "下移", "前进", "后退", "退后", "倒退", "进位", "退位"})
_RANK_CHANGE_ENDS: Final = frozenset("移进退位升高降滑落了")
RANK_WORDS: Final = re.compile(r"排名|位次|名次|排位|排序|位列|位居|名列")
RANK_CHANGE_UNITS: Final = ("位次", "名次")


def rank_change(unit: str, before_tail: str, clause_before: str, after: str) -> str | None:
    """The verb when the count `unit` right after `before_tail` is a rank's change (前移1个位次), else None."""
    if before_tail[-1:] not in _RANK_CHANGE_ENDS:
        return None  # (a cheap test first: most counts follow no verb of moving)
    m = RANK_CHANGE_BEFORE.search(before_tail)
    if m is None:
        return None
    word = m.group("word")
    if unit == "个":
        return word if after.startswith(RANK_CHANGE_UNITS) else None
    if unit == "位" or (unit == "名" and (word in RANK_CHANGE_ONLY or RANK_WORDS.search(clause_before))):
        return word
    return None


# 增长-3.2%: a minus sign before the number (not the dash of a range, 5%-8%), or the true minus (−2.1%).
# A dash typed for it (增长—3.4%, 增速为–4.1%) is a sign only right after a word that states a change:
# elsewhere a dash is a pause or a range.
MINUS_SIGN: Final = re.compile(
    r"(?:^|[\u4e00-\u9fff\s,，:：(（])[-－−]$"
    r"|(?:增长|增加|提高|上升|下降|减少|降低|回落|下滑|下跌|增速|增幅|降幅|涨幅|跌幅|增长率)(?:为|是)?[—–]$"
)
# The characters MINUS_SIGN ends on (a cheap test first).
MINUS_ENDS: Final = ("-", "－", "−", "—", "–", "\n")

# 约占全省的两成, 近占全市的35%: the approximation of a share stands before 占, not before the figure.
SHARE_APPROX: Final = re.compile(
    r"(?P<word>大约|(?<![签合预节制公条契违履特邀相缔毁解守])约|将近|接近|近|超过|逾)占[^，,；;。\d]{0,12}$"
)
# The characters a text that APPROX_BEFORE finds in ends on (its words' last ones, 为 是 有 达 了, and
# a newline, before which $ matches too): a cheap test first.
APPROX_ENDS: Final = frozenset(word[-1] for word in APPROX_OF) | frozenset("为是有达了\n")
# 5%-8%, 5%至8%: the low end of a range is at least, the high end at most.
PERCENT_RANGE_LOW: Final = re.compile(r"[-—–~～至到]\d+(?:\.\d+)?%")
PERCENT_RANGE_HIGH: Final = re.compile(r"\d%[-—–~～至到]$")
# What makes 青岛(58.99) a percentage: the sentence measures a rate, a share or a change.
_PERCENT_HINT: Final = re.compile(r"率|比重|占比|%|增长|增速|增幅|下降")


def find_growth_word(before_tail: str, after: str) -> str | None:
    """The word that makes a percentage or a multiple a change (增长, 降幅, 同比少…), or None."""
    m = GROWTH_BEFORE.search(before_tail) or GROWTH_RATE_BEFORE.search(before_tail)
    if m:
        return m.group("word")
    if ("少" in before_tail or "多" in before_tail) and (m := _COMPARED_MORE_LESS.search(before_tail)):
        return "减" if m.group("word") == "少" else "增"  # 同比少12.5%, 比上年多3.1个百分点
    m = GROWTH_AFTER.match(after)
    return m.group("word") if m else None


# A clause of a copula alone before its figure (…，达12.6%; …，为8.1%).
BARE_COPULA: Final = re.compile(r"\s*(?:达到|达|为|是|仅为?|约为?)?\s*")
# A clause ranking a change (增长最快, 增速最高的是日照, 降幅最大), or ending on one (实现两位数增长, 持续下降):
# the figure in the next clause is that change. (Not 提高/提升: 合格率稳步提高，达99.5% is the level reached.)
_RANKED_CHANGE: Final = re.compile(
    r"(?P<word>增长|增速|增幅|涨幅|降幅|下降|跌幅)[^，,；;。]{0,3}(?:最快|最高|最大|最多|居首|领先)[^，,；;。]{0,12}$"
    r"|(?P<ending>增长|下降|转正)$"  # (增速由负转正，达到2.3%)
)


def ranked_change_before(clean: str, start: int, end: int) -> str | None:
    """The change word of a clause ranking a change that ends at `end` (its break), or None."""
    m = _RANKED_CHANGE.search(clean, start, end)
    return (m.group("word") or m.group("ending")) if m else None


def may_fall(before_tail: str) -> bool:
    """True when `before_tail` holds a character of every FALL_BEFORE verb (a cheap test first)."""
    return (
        "少" in before_tail or "降" in before_tail or "落" in before_tail or "滑" in before_tail or "跌" in before_tail
    )


def density_before(clause_before: str) -> re.Match | None:
    """DENSITY_BEFORE in the clause before a figure (every match holds 万, 千 or 百: a cheap test first)."""
    if "万" in clause_before or "千" in clause_before or "百" in clause_before:
        return DENSITY_BEFORE.search(clause_before)
    return None


def bracket_unit(ctx: ArticleContext, q: Quantity, s_start: int) -> str:
    """Unit of 青岛(58.99): only after a region name, read from what the sentence measures."""
    k = bisect_right(ctx.hit_starts, q.start) - 1
    if k < 0 or ctx.hits[k].end != q.start:
        return ""
    # 每万人…拥有量达到11.9件。16市中，青岛(34.52)…: the measure may be named a sentence earlier.
    lead = ctx.clean[max(0, s_start - 80) : q.start]
    if dm := DENSITY_BEFORE.search(lead):
        per = dm.group("per").lstrip("每").removesuffix("口")
        return f"件/{per}"
    if _PERCENT_HINT.search(lead):
        return "%"
    return ""


# How far back a per-capita figure still names the measure of a 分别 list (one sentence or two).
_DENSITY_REACH: Final = 160


# A clause stating a gap from another level or a change (高于全省平均2.1件, 比上年增加1.2件, 提高0.8件): after a
# density in its sentence, its figure in the same measure word is the density's gap or change.
DENSITY_GAP: Final = re.compile(
    r"(?:高于|低于|超过|超出|多于|少于)[^，,；;。\d]{0,8}$|(?:增加|减少|提高|提升|下降|降低|净增|多|少)了?$"
)


def share_density(mention: dict, last_density: tuple[int, dict] | None, pos: int) -> None:
    """全省…拥有量15.6件。济南、青岛分别为34.5件、32.1件: the cities' figures are the same density."""
    if last_density is None or mention["kind"] != "count" or pos - last_density[0] > _DENSITY_REACH:
        return
    density = last_density[1]
    if density["unit"].split("/")[0] == mention["unit"]:
        mention["unit"], mention["kind"] = density["unit"], "density"
        if mention["indicator"] == "unclassified":
            mention["indicator"] = density["indicator"]
