"""What a figure measures: its subject phrase, its catalog indicator and its quote.

A count written before its noun (24家企业入围…) takes the noun after it; a
figure after its noun (合格率99.69%) takes the phrase before it, cut at the last
list break (、/和); a bare rank or change (…96.95%,全省第1) borrows the clause before.
"""

from __future__ import annotations

import re
from typing import Final

from provind.extract.clauses import Clauses
from provind.extract.indicators import FLOW_QUALIFIER, STOCK_QUALIFIER, UNCLASSIFIED, catalog, nature
from provind.extract.numbers import Quantity
from provind.extract.units import MONEY

NOUN_AFTER: Final = re.compile(r"[\u4e00-\u9fffA-Za-z]{1,8}")
GROWTH_WORDS: Final = re.compile(r"同比|环比|比上年|较上年|比去年|增长|增加|提高|提升|上升|下降|减少|降低|压减|回落")
# What a change's phrase may end on already (its subject then takes no 增长 more).
_CHANGE_ENDS: Final = (
    "增长", "增速", "增幅", "涨幅", "下降", "降幅", "跌幅", "减少", "增加", "提高", "提升", "上升", "回落",
)  # fmt: skip
# Scope, time and connectives that open a phrase but say nothing of what is measured. Qualifiers
# (新登记, 新增, 累计, 总量, 有效) are kept: they tell a flow from a stock.
SUBJECT_TRIM: Final = re.compile(
    r"^(?:其中|全市|全省|全区|全县|全国|我市|本市|我省|本省|我区|本区|我县|本县|共有|共|已经|已|目前|如今|同时|另外|并|还|均|分别"
    # quarters as the period's rules read them: 第三季度(末), 本季度, 一至三季度, 1—3季度
    r"|今年以来|以来|截至目前|今年|去年|全年|当年|本年|上半年|前[一二三23]季度|第?[一二三四1-4]季度末?|本季度"
    r"|[一二三1-3][-—–~至到][二三四2-4]季度|\d{4}年(?:\d{1,2}月(?:份|底|末)?)?"
    r"|\d{1,2}(?:[-—–~至到]\d{1,2})?月(?:份|底|末)?)+"
)
_PARTIAL_TOKEN: Final = re.compile(r"[0-9A-Za-z.,%/]+[年月日号]?")
# 以 breaks a phrase (以…为…), but not in 以来, 以上, 以下, 以内.
_PHRASE_BREAK: Final = re.compile(r".*(?:[、和及与或\s“”]|以(?![来上下内]))", re.S)
# 完成年度计划82.3%，同比增长15.3%: the growth is the subject's, not the completion's.
_COMPLETION_TAIL: Final = re.compile(
    r"(?:超额)?(?:完成|实现|达到?|占)了?[^，,；;。]{0,8}?(?:计划|目标|任务|预算)(?:任务)?的?$"
)
# Verbs that end a subject phrase before its figure (零售总额达到35.6亿元): not part of the subject.
_VERB_TAIL: Final = re.compile(r"(?:达到|(?<![发送到抵下传表])达|(?<![行作认成因])为|是|完成|实现|突破|超过|的)$")
# The last characters _VERB_TAIL can end on ($ also matches before a final newline).
_VERB_TAIL_ENDS: Final = ("到", "达", "为", "是", "成", "现", "破", "过", "的", "\n")


def _strip_verb_tail(text: str) -> str:
    """`_VERB_TAIL.sub("", text)`, with a cheap test first: most phrases end on a noun; then a plan
    word left before the verb (新登记市场主体力争达到3.5万户: the subject is 新登记市场主体). An
    approximation before the figure (新增经营主体近2万户, 总金额约58亿元) is the figure's, not the subject's."""
    if text.endswith(_APPROX_TAIL_ENDS):
        text = _APPROX_TAIL.sub("", text)
    if text.endswith(_VERB_TAIL_ENDS):
        text = _VERB_TAIL.sub("", text)
        if text.endswith(_PLAN_TAIL_ENDS):
            text = _PLAN_TAIL.sub("", text)
    if text.endswith(("别", "均")):
        text = _DISTRIBUTIVE_TAIL.sub("", text)  # 新登记经营主体分别为…, 新设企业均超过…: of each place
    return text


# 约, 近, 逾, 超 before a figure (kinds.APPROX_BEFORE reads them as its approximation, with the same
# exceptions: 签约, 节约, 最近, 附近).
_APPROX_TAIL: Final = re.compile(
    r"(?:大约|约为|(?<![签合预节制公条契违履特邀相缔毁解守])约|将近|接近|(?<![最附就临靠邻亲])近|逾|超)$"
)
_APPROX_TAIL_ENDS: Final = ("约", "为", "近", "逾", "超")
_DISTRIBUTIVE_TAIL: Final = re.compile(r"(?:分别|(?<![平人户亩])均)$")
_PLAN_TAIL: Final = re.compile(r"(?:力争|争取|确保|预计|计划|力求|有望|将)$")
_PLAN_TAIL_ENDS: Final = ("争", "取", "保", "计", "划", "求", "望", "将")


# What a qualifier-only phrase (…，新增86家 / …，累计达到45.6万户) strips off the clause before to
# keep only the thing counted: scope, qualifiers and the verbs of growing a stock.
_QUALIFIER_OPENING: Final = re.compile(
    r"^(?:新(?:登记|设立|注册|开办|增|设|认定|培育|获|建)|净增|实有|累计|现有|存量)+"
)
_HEAD_OPENING: Final = re.compile(
    r"^(?:(?<![创更重革刷])新(?:登记|设立|注册|开办|发展|增|设|认定|培育|获|建)|净增|授权|申请|实有|累计|现有|有效|存量"
    r"|计划|预计|力争|将|共|已|培育|发展|建设|建成|打造|创建|认定|引进|登记|设立|注册)+"
)
_HEAD_CLOSING: Final = re.compile(r"(?:总量|总数|存量|拥有量|保有量)$")
_LEVELS: Final = frozenset("省市县区州旗")
_LEVEL_OPENERS: Final = frozenset("全本我该")
_FIGURE_OR_PUNCT: Final = re.compile(r"[\d.,%，、；;：:()（）]")
# Where the subject of a clause ends: at its first figure or punctuation, not at digits that open a name
# (4A级景区, 5G基站: the figure after them is what the clause counts) or close one (PM2.5浓度, PM10).
_FIGURE_CUT: Final = re.compile(r"[,%，、；;：:()（）]|(?<!\d)\.|\.(?!\d)|(?<![A-Za-z\d.])\d++(?![A-Za-z])")


def phrase_start(clean: str, c_start: int, pos: int) -> int:
    """Start of the phrase the figure closes: its clause, cut after the last 、/和 (a list item)."""
    start = c_start if c_start > pos - 40 else pos - 40  # bounded: the phrase is short, the clause may not be
    m = _PHRASE_BREAK.match(clean, start, pos)
    if m is None:
        return start
    if m.end() == pos and clean[pos - 1].isspace():
        # 个体工商户 63.2万户: a space between a label and its value is no break of the phrase
        gap = pos - 1
        while gap > start and clean[gap - 1].isspace():
            gap -= 1
        if gap > start and clean[gap - 1] not in "，,。；;：:\n":
            m = _PHRASE_BREAK.match(clean, start, gap)
            if m is None:
                return start
    if clean[m.end() - 1] in "“”" and (opening := clean.rfind("“", start, pos)) >= 0:
        # 新增“四上”企业126家, 新增“个转企”500户: a short quoted term is a word of the phrase, not a break
        closing = clean.find("”", opening, pos)
        if 1 < closing - opening <= _QUOTED_TERM and _FIGURE_OR_PUNCT.search(clean, opening, closing) is None:
            m = _PHRASE_BREAK.match(clean, start, opening)
            return m.end() if m else start
    return m.end()


_QUOTED_TERM: Final = 9  # characters from “ to ” at most: a term (“四上”, “专精特新”), not a slogan


_NOUN_END: Final = re.compile(r".[^获入认被列为在通承向进经参及和与的是已将从等中]*")
_VERB_END: Final = tuple("设立展造育建过及对向为的有达成新增到计")


def noun(text: str) -> str:
    """The noun a pre-nominal count counts: 4件商标认定为… → 商标."""
    if text[:1] in "和及与或等以":
        return ""
    m = _NOUN_END.match(text)
    return m.group() if m else text


# The lower end of a range before its upper end (增长5%-8%, 3万至5万户): the upper end's phrase is the
# words before both.
_RANGE_LOWER: Final = re.compile(r"\d+(?:\.\d+)?(?:%|‰|万|亿)?[-—–~～至到]$")
_RANGE_JOINS: Final = frozenset("-—–~～至到")


def _phrase_end(clean: str, phrase_start: int, pos: int) -> int:
    """Where the figure's own phrase ends: at `pos`, or before the lower end of a range the figure closes."""
    if pos - phrase_start < 2 or clean[pos - 1] not in _RANGE_JOINS:
        return pos
    m = _RANGE_LOWER.search(clean, max(phrase_start, pos - 12), pos)
    return m.start() if m else pos


def subject(
    clean: str, clauses: Clauses, q: Quantity, s_start: int, c_start: int, phrase_start: int, noun: str, kind: str
) -> str:
    subject = SUBJECT_TRIM.sub("", clean[phrase_start : _phrase_end(clean, phrase_start, q.start)].strip())
    if noun and (len(subject) <= 3 or subject.endswith(_VERB_END)):
        # 新增5家专精特新企业: the qualifier stays with the noun (新增专精特新企业).
        qualifier = FLOW_QUALIFIER.search(subject) or STOCK_QUALIFIER.search(subject)
        if qualifier:
            return subject[qualifier.start() :] + noun
        return noun + ("数" if kind == "count" else "")
    own = GROWTH_WORDS.sub("", subject)
    if (
        len(own) < 2
        or (own.endswith(_VERB_TAIL_ENDS) and not _strip_verb_tail(own))
        # …5.8万户，去年同期为5.2万户: the same period a year before names no thing, the clause before does
        or (own.startswith(_SAME_PERIOD_OPENERS) and _SAME_PERIOD_ONLY.match(own) is not None)
    ) and c_start > s_start:
        # (…突破500万户，达到512.6万户: a bare verb names nothing either)
        # 企业年报率96.95%,全省第1: a bare rank or change refers to the clause before.
        subject = _previous_subject(clean, clauses, s_start, c_start)
        if kind == "growth" and clean[c_start - 1] in "：:" and len(GROWTH_WORDS.sub("", subject)) < 2:
            # 新登记经营主体：2.6万户；同比增长：8.2%: the label names only the change; what changed is before it
            label_start = clauses.start(s_start, c_start - 1)
            if label_start > s_start:
                subject = _previous_subject(clean, clauses, s_start, label_start)
        if kind == "rank" and not subject.endswith("排名"):
            subject += "排名"
        elif kind == "growth" and not subject.endswith(_CHANGE_ENDS):
            # (…实现两位数增长，达15.2%: the clause before names the change already, 增长 is not said twice)
            subject += "增长"
        return subject[-16:]
    subject = _strip_verb_tail(subject) or subject
    qualifier = _QUALIFIER_OPENING.match(subject)
    if qualifier and len(subject) - qualifier.end() < 2 and c_start > s_start:
        # 累计培育专精特新企业320家，新增86家: the qualifier counts the thing named before.
        head = _HEAD_CLOSING.sub("", _HEAD_OPENING.sub("", _previous_subject(clean, clauses, s_start, c_start)))
        if len(head) >= 2:
            subject = qualifier.group() + head
    if kind == "rank" and subject:
        subject += "排名"
    return subject[-16:]


# 同期为, 上年同期, 去年同月: a comparison's base, named by its time alone (去年 is trimmed already).
_SAME_PERIOD_ONLY: Final = re.compile(r"(?:上年|上一年|去年)?同[期月](?:相比|水平)?(?:为|是|达到?)?$")
_SAME_PERIOD_OPENERS: Final = ("上", "去", "同")  # (a test that copies nothing: it runs for every subject)


# 营商环境评价较上年前移排名 → 营商环境评价排名变化: the comparison and the verb of a rank's change.
_RANK_CHANGE_TAIL: Final = re.compile(
    r"(?:[比较](?:上年|去年|上一年|上期|上次)(?:同期)?)?(?:排名|位次|名次)?[\u4e00-\u9fff]{2}了?排名$"
)


def rank_change_subject(subject: str) -> str:
    """The subject of a rank's change (前移1个位次): what is ranked, then 排名变化."""
    return _RANK_CHANGE_TAIL.sub("", subject) + "排名变化"


def _previous_subject(clean: str, clauses: Clauses, s_start: int, c_start: int) -> str:
    """The subject phrase opening the clause before `c_start`, up to its first figure."""
    opening = clauses.start(s_start, c_start - 1)
    previous = clean[max(opening, c_start - 80) : c_start - 1]
    if previous[:1].isdigit():
        previous = SUBJECT_TRIM.sub("", previous)  # 2023年全市GDP达到…，增长6.1%: the year opens no subject
    cut = _FIGURE_CUT.search(previous)
    text = SUBJECT_TRIM.sub("", previous[: cut.start()] if cut else previous)
    if not text and opening > s_start and clean[opening - 1] in "：:":
        # 全市实有经营主体：86.3万户，同比增长6.2%: the clause before is a value, its label before the colon
        return _previous_subject(clean, clauses, s_start, opening)
    return _strip_verb_tail(_COMPLETION_TAIL.sub("", text))


# How far back a 其中 may open the breakdown a figure is a part of (其中企业18.6万户，个体工商户43.9万户，…).
_BREAKDOWN_REACH: Final = 48
_PARENT_REACH: Final = 40


def _breakdown_part(clean: str, s_start: int, phrase_start: int, own: str) -> str | None:
    """What a count that is one part of a 其中 breakdown measures, or None when it is no such part.

    全市实有经营主体63.2万户，其中企业18.6万户，个体工商户43.9万户，农民专业合作社0.7万户: each part is
    its own thing (企业 are `enterprises`, not the whole's `market_entities`; 农民专业合作社 is not the
    个体工商户 before it, which the wider window would lend it), counted the way the whole is: a part
    naming no flow or stock qualifier takes the whole's (新登记经营主体3.2万户，其中个体工商户2.3万户 are
    new ones). Only a part whose own phrase names a thing; a bare 其中10月份新登记1260户 is left to the
    usual reading.
    """
    # (found by its first character: a scan for one character is several times faster than for two,
    # and this runs for every count)
    floor = max(s_start, phrase_start - _BREAKDOWN_REACH)
    opening = clean.rfind("其", floor, phrase_start + 1)
    while opening >= 0 and clean[opening + 1 : opening + 2] != "中":
        opening = clean.rfind("其", floor, opening)
    if opening < 0 or "；" in clean[opening:phrase_start] or ";" in clean[opening:phrase_start]:
        return None  # (a semicolon closes the breakdown)
    named = SUBJECT_TRIM.sub("", own.strip())
    if len(_HEAD_OPENING.sub("", named)) < 2 or GROWTH_WORDS.search(named) or "率" in named:
        return None
    if FLOW_QUALIFIER.search(named) or STOCK_QUALIFIER.search(named):
        return named
    whole = clean[max(s_start, opening - _PARENT_REACH) : opening]
    counted = nature(whole)
    qualifier = (FLOW_QUALIFIER if counted == "flow" else STOCK_QUALIFIER).search(whole) if counted else None
    return qualifier.group() + named if qualifier else named


# A completion ratio's phrase ends on the plan done (的 before the figure) or on 完成率.
_COMPLETION: Final = re.compile(
    r"完成(?:([^，,。；;]{0,10}?(?:计划|目标|任务|预算)(?:任务)?的?)|率)\s*(?:为|达到?|是)?$"
)


def indicator(
    clean: str, clauses: Clauses, q: Quantity, s_start: int, phrase_start: int, noun: str, kind: str, unit: str
) -> str:
    # The figure's own phrase first (药品228批次 after 抽检食品4479批次、), then a wider window.
    base_unit = unit.partition("/")[0]
    own = clean[phrase_start : _phrase_end(clean, phrase_start, q.start)] + noun
    if not own and q.start > s_start and clean[q.start - 1] in "：:":
        # 新登记经营主体：2.6万户；同比增长：8.2%: an inline label is the figure's own phrase (its flow or
        # stock qualifier included), not only a wider window
        label = _INLINE_LABEL.search(clean, max(s_start, q.start - 21), q.start - 1)
        own = label.group() if label else own
    cat = catalog()
    if kind == "count" and (part := _breakdown_part(clean, s_start, phrase_start, own)) is not None:
        code = cat.classify_phrase(part, kind, base_unit)
        if code != UNCLASSIFIED or not noun or SUBJECT_TRIM.sub("", clean[phrase_start : q.start].strip()):
            return code
        # 其中3项获批省级标准化试点项目: a count written before its noun, which the noun's reach cut short
        # (获批省级标准化试): read as any figure is, with the words before it (申报标准化试点项目13项，其中).
    if kind == "count" and _leaves(own):
        # 注销经营主体1.1万户, 注销1.1万户 after 新登记个体工商户3.2万户: entities leaving the register are
        # neither the stock nor the new ones (no row counts them), whatever keyword the phrase or the
        # words before it hold
        return UNCLASSIFIED
    code = cat.classify_phrase(own, kind, base_unit)
    if (
        code == UNCLASSIFIED
        and kind == "count"
        and (counted := _qualified_head(clean, clauses, s_start, phrase_start, own))
    ):
        # 企业总数达38.2万户，其中新增4.6万户: a qualifier-only phrase counts, with its own qualifier, the
        # thing the clause before named (新增企业), not whatever the window's keyword is a stock of
        code = cat.classify_phrase(counted, kind, base_unit)
    if code == UNCLASSIFIED:
        # 青岛(34.52) takes its measure from the sentence before; 累计达到45.6万户 from the clause
        # before, but as a stock, whatever that clause counted (新增市场主体2.1万户).
        reach = 100 if q.bracket else 24
        wide = max(s_start - 76 if q.bracket else s_start, q.start - reach)
        # A window inside the figure's own phrase holds none of the keywords the phrase lacked, and
        # the count's nature is the phrase's either way: it is unclassified too (many figures).
        if wide < phrase_start:
            code = cat.classify(clean[wide : q.start] + noun, kind, base_unit, qualified=own)
    if (
        kind == "ratio"
        and _BARE_RATE.fullmatch(own)
        and (c_start := clauses.start(s_start, phrase_start)) > s_start
        and (lead := _previous_subject(clean, clauses, s_start, c_start))
    ):
        # 完成产品质量监督抽查1260批次，合格率96.8%: a bare 合格率 is the rate of what the clause before
        # checked (产品质量监督抽查 + 合格率 is the product checks' keyword, not the food checks' 合格率).
        code = cat.classify(lead + own, kind, base_unit)
    if (
        kind == "ratio"
        and "合格率" in own
        and (code in _PASS_RATES or code == UNCLASSIFIED)
        and (product := _product_checked(clean, s_start, q.start)) is not None
    ):
        # 抽检药品320批次，合格率99.2%: the pass rate is of the product the sentence checked, whatever
        # keyword the rate's words alone found (合格率 is also the food checks' keyword)
        code = product
    if kind == "ratio" and "完成" in own and (m := _COMPLETION.search(own)) and (m.group(1) or code == UNCLASSIFIED):
        # 完成年度抽检计划的91.6%, 完成全年目标任务的102.3%: the share of a plan done, whatever the plan is
        # of (the catalog's keywords are literal: 完成年度计划 misses 完成年度抽检计划). A bare 完成率42%
        # only when nothing else matched (季度督导完成率 is the supervision's own rate).
        return "plan_completion_rate"
    if kind == "rank" and (code == "unclassified" or code.startswith("rank_")):
        if q.rank_scope:
            return "rank_national" if q.rank_scope.startswith(("全国", "国内")) else "rank_provincial"
        # 在全国营商环境评价中位列第12位: without a scope of its own, the ranking the sentence names last
        national = clean.rfind("全国", s_start, q.start)
        return "rank_national" if national > clean.rfind("全省", s_start, q.start) else "rank_provincial"
    return code


def _qualified_head(clean: str, clauses: Clauses, s_start: int, phrase_start: int, own: str) -> str:
    """新增企业 for the phrase 其中新增 after 企业总数达38.2万户: the qualifier and the thing the clause
    before counts, or "" when the phrase names more than a qualifier (or no clause comes before)."""
    named = SUBJECT_TRIM.sub("", own.strip())
    qualifier = _QUALIFIER_OPENING.match(named)
    if qualifier is None or len(named) - qualifier.end() >= 2:
        return ""
    c_start = clauses.start(s_start, phrase_start)
    if c_start <= s_start:
        return ""
    head = _HEAD_CLOSING.sub("", _HEAD_OPENING.sub("", _previous_subject(clean, clauses, s_start, c_start)))
    return qualifier.group() + head if len(head) >= 2 else ""


_INLINE_LABEL: Final = re.compile(r"[^，,；;。！？：:\s]{1,20}$")


# Entities leaving the register: no catalog row counts them (the flows in are new_*, the stocks 实有).
_EXIT: Final = re.compile(r"注销|吊销|撤销|迁出|歇业")


def _leaves(own: str) -> bool:
    """True when the phrase counts entities leaving the register (a cheap test of its characters first)."""
    return ("销" in own or "迁" in own or "歇" in own) and _EXIT.search(own) is not None


# A rate named by itself (合格率为98.5%): what it is the rate of is in the clause before.
_BARE_RATE: Final = re.compile(r"\s*(?:总体|平均|抽检|抽查)?(?:不?合格率|问题发现率)(?:为|达到?|是)?\s*")


# The pass rates of the checks of one product, and the products bureaus check (the catalog has no
# row for cosmetics' or medical devices' pass rate: their rate is unclassified rather than food's).
_PASS_RATES: Final = frozenset({"food_sampling_pass_rate", "drug_sampling_pass_rate", "product_quality_pass_rate"})
_PRODUCT: Final = re.compile(r"化妆品|医疗器械|药品|工业产品|产品质量|产品(?=监督抽查|抽查|抽检|合格)|食用农产品|食品")
_PASS_RATE_OF: Final = {
    "化妆品": UNCLASSIFIED,
    "医疗器械": UNCLASSIFIED,
    "药品": "drug_sampling_pass_rate",
    "工业产品": "product_quality_pass_rate",
    "产品质量": "product_quality_pass_rate",
    "产品": "product_quality_pass_rate",
    "食用农产品": "food_sampling_pass_rate",
    "食品": "food_sampling_pass_rate",
}
_PRODUCT_REACH: Final = 60


def _product_checked(clean: str, s_start: int, pos: int) -> str | None:
    """The pass rate of the product named last before `pos` in its sentence (抽检化妆品…，合格率98.7%), or
    None when none is named. 食品药品 (a bureau's old name, a joint campaign) names no one product."""
    last = None
    for m in _PRODUCT.finditer(clean, max(s_start, pos - _PRODUCT_REACH), pos):
        last = m
    if last is None or clean.startswith("食品药品", last.start()) or clean.startswith("食品药品", last.start() - 2):
        return None
    return _PASS_RATE_OF[last.group()]


def quote_span(clean: str, q: Quantity, phrase_start: int, noun: str) -> tuple[int, int]:
    """The shortest span with the figure and a subject word: 合格率99.69%, 24家企业入围."""
    start = phrase_start if phrase_start > q.start - 6 else q.start - 6
    if start > phrase_start and clean[start - 1].isascii() and clean[start - 1].isalnum():
        # Do not begin inside a number or code (…10月 → 月全市新增12家, not 0月…).
        m = _PARTIAL_TOKEN.match(clean, start, q.start)
        start = m.end() if m else start
    if start > phrase_start and q.unit not in MONEY and q.unit != "%":
        # 新登记市场主体31.2万户, not 登记市场主体…: a flow or stock qualifier cut by the window stays whole.
        window = max(phrase_start, q.start - 12)
        for qualifier in (FLOW_QUALIFIER, STOCK_QUALIFIER):
            m = qualifier.search(clean, window, start + 4)
            if m and m.start() < start < m.end():
                start = m.start()
    if start > phrase_start and clean[start] in _LEVELS and clean[start - 1] in _LEVEL_OPENERS:
        start += 1  # 全县新登记企业1520户 quoted from 新登记…, not from the 县 of 全县
    while start < q.start and not clean[start].strip():
        start += 1
    end = q.end
    if noun and q.start - start < 3:
        end = q.end + min(len(noun), 6)
    return start, end
