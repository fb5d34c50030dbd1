"""What is not a mention, beyond what the grammar already refuses.

The grammar only accepts numbers followed by a measure word, and refuses
numbers inside codes (5G, A1版), ordinals (第49届) and next to lost characters.
Here: figures inside book titles (《…2020年…计划》), Chinese-numeral slogans and
enumerations (“三大战略”, 四项重点工作, 两本台账, 一是), durations without a
duration verb (三年行动计划), and frequencies.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from decimal import Decimal
from typing import Final

# Paired brackets whose content is a name, not a statement.
BOOK_TITLE: Final = re.compile(r"《[^《》\n]{0,80}》")
QUOTED: Final = re.compile(r"“[^“”\n]{0,24}”|‘[^‘’\n]{0,24}’|「[^「」\n]{0,24}」")
QUOTE_OPENERS: Final = "“‘「"  # what a QUOTED match opens on (see `textprep.anchored_finditer`)

# Abstract heads after a small Chinese numeral: the phrase names a programme, not a count.
ABSTRACT_HEADS: Final = re.compile(
    r"(?:重点)?(?:工作|机制|制度|清单|原则|要求|任务|措施|行动|环境|着力|职能|战略|安全|领域|体系|责任|理念|底线|高线"
    r"|支撑|统领|台账|最严|赋能|服务|品质|目标|方面|主线|抓手|关系|意识|能力|举措|工程|板块|导向|融合|方向|模式"
    r"|结合|聚焦|建设|提升|队伍|作风|定位|思路|问题|短板|优势|作用|维度|路径|平台|攻坚|一体|合一|联动|协同|到位"
    r"|事(?!项|件|故)|重要|关键|难题|大事|实事|自信|全面|规定|务必|走在|确立|维护|代表|表率|改革|攻坚战|硬仗)"
)
# Units a Chinese numeral may count with (一次/一批/一个样 and the like are idioms).
# (一起 is "together", 一条龙 an idiom, 一部分 "a part": those measure words are left out.)
CHINESE_ONE_UNITS: Final = frozenset({"项", "家", "处", "座", "所", "名", "件", "台", "宗"})
DURATION_VERBS: Final = re.compile(
    # (时限压减至5个工作日: 压减至/压降至 end on 减至/降至)
    r"(?:连续|连年|不到|不足|不超过|缩至|降至|减至|降到|减到|压缩至|压缩到|缩短至|缩短到|减少至|控制在|提速至|仅需|平均|用时"
    r"|只需|最快|历时"
    # 平均到达现场时间12分钟, 办理时长为3天, 办结时限为5天: a time taken, measured (营业时间24小时 is opening hours)
    r"|(?<!营业|工作|开放|服务|值守|办公)(?:时间|时长|时限)(?:为|是|约|仅为?)?)$"
)


# 8时30分, 9点15分: minutes of a clock time.
CLOCK_BEFORE: Final = re.compile(r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})[时点]$")

# 第二、三批, 第1至3届: the later numerals of a list or range of ordinals are ordinals too.
ORDINAL_LIST_BEFORE: Final = re.compile(
    r"第\s?(?:\d{1,3}|[一二三四五六七八九十百]{1,4})(?:[、至到~～—–-](?:\d{1,3}|[一二三四五六七八九十百]{1,4}))*[、至到~～—–-]$"
)

# 处货值金额2倍罚款, 并处违法所得3倍以下罚款: the multiple of a penalty as the law sets it, no measure
# of the region (the fine itself, 罚款2.4万元, is).
PENALTY_BASE_BEFORE: Final = re.compile(r"(?:货值金额|货值|违法所得|违法经营额|销售额|销售金额)的?$")
PENALTY_AFTER: Final = re.compile(r"(?:以上|以下)?的?罚款")

# 占比居前两位, 位列全省前三名: the top places as a group (like 十强), no count and no rank.
TOP_PLACES_BEFORE: Final = "前"
TOP_PLACES_UNITS: Final = frozenset({"位", "名"})
TOP_PLACES_AFTER: Final = frozenset("，,。；;、)）之")

# Page furniture: 浏览次数：123次, 字数: 2381.
METADATA_BEFORE: Final = re.compile(r"(?:浏览|点击|阅读|访问|字数|版次|评论|点赞|转发)(?:次数|量|数)?\s*[:：]?\s*$")
# The characters other than white space (\s) a text that METADATA_BEFORE finds in ends on.
METADATA_ENDS: Final = frozenset("览击读问数次论赞发量:：")


def may_be_metadata(before: str) -> bool:
    """False when METADATA_BEFORE cannot match `before` (a cheap test of its last character first)."""
    last = before[-1:]
    return last in METADATA_ENDS or last.isspace()


_AFTER_ANY_END: Final = float("inf")


def inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """True when [start, end) lies inside one of the sorted `spans`."""
    k = bisect_right(spans, (start, _AFTER_ANY_END)) - 1
    return k >= 0 and spans[k][0] <= start and end <= spans[k][1]


def overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """True when [start, end) overlaps one of the sorted, non-overlapping `spans`."""
    k = bisect_right(spans, (start, _AFTER_ANY_END)) - 1
    if k >= 0 and spans[k][1] > start:
        return True
    return k + 1 < len(spans) and spans[k + 1][0] < end


def chinese_slogan(value: Decimal | float, unit: str, before: str, after: str) -> bool:
    """A small Chinese-numeral count that names a programme or an idiom, not a quantity."""
    if before.endswith(
        ("“", "「", "‘", "、", "每", "这", "那", "第", "同", "进", "干", "唯", "统", "某", "逐", "数", "几")
    ):
        return True
    if value == 1 and unit not in CHINESE_ONE_UNITS:
        return True
    if value <= 10 and ABSTRACT_HEADS.match(after):
        return True
    if value <= 10 and unit == "次" and "\u4e00" <= after[:1] <= "\u9fff":
        return True  # 三次产业, 两次会议精神: an ordinal adjective, not a count
    return bool(after[:1] in ("”", "」", "’"))
