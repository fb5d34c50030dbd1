"""Targets: plans, goals and requirements as opposed to reported results.

A figure is a target when a planning word stands before it in its sentence
(力争, 确保, 计划, 将, 要, 每年确定…) and governs it (`target_word_before`), when the
sentence is a numbered directive (一要…, 二要…), or when the article's running year lies
ahead of the publication date (a work plan for 2022 published in February 2022).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from datetime import date
from typing import Final

from provind.extract.clauses import CLAUSE_BREAK
from provind.extract.context import ArticleContext

TARGET_WORDS: Final = re.compile(
    # Every alternative opens on a plain character, any look-behind comes after the word (拟 not
    # after 模 is 拟(?<!模拟)): the regex engine then skips fast to the next candidate (speed).
    # (有望 forecasts like 预计: 全年有望突破6万户; not 有望于…的 in a description)
    r"(?:力争|确保|预计|有望|力促|拟(?<![模虚草比]拟)|务必"
    # 争取实现, 争取新增 plan; 争取上级资金3.2亿元, 争取中央项目12个 report funds or projects secured.
    # 争取到…资金3.6亿元 reports what was obtained (争取到2025年… still plans).
    r"|争取(?!上级|中央|省[级市里]|国家|国债|资金|项目|专项|政策|债券|试点|到位|各类|各级|部[级委]|到(?!\d{4}年|年底|年末|“?十))"
    # 必须/应当 state a duty, but not inside a description (必须检验的特种设备1.2万台全部检验).
    r"|必须(?![^，,；;。的]{0,8}的)|应当(?![^，,；;。的]{0,8}的)"
    # 下半年还需完成2.7万户: what is still to be done (not 尚需整改的问题12个, a description)
    # (three alternatives, not a class [还尚仍]: every alternative opens on a plain character)
    r"|还需要?(?![^，,；;。的]{0,8}的)|尚需要?(?![^，,；;。的]{0,8}的)|仍需要?(?![^，,；;。的]{0,8}的)"
    # 预期增长5%-6% is a goal; 好于预期, 超出预期 compare with one; 预期寿命 is life expectancy.
    r"|预期(?<![于出超过]预期)(?!的|值|寿命)"
    # 计划 plans, but not in 完成年度计划的120% / 按计划 / 计划单列市 / 计划免疫 (vaccination), 计划生育.
    r"|计划(?<!完成计划)(?<!按计划)(?<!超计划)(?!的|单列|免疫|生育)"
    # 目标 states a goal, but 以…为目标 / 目标任务 only frame the work (unless declared: 年度目标任务是新增…),
    # and 目标企业/目标市场/目标客户… name who or what is aimed at (培育目标企业126家 reports a count).
    r"|目标(?<!为目标)(?!任务(?![是为:：])|导向|责任|考核|企业|市场|客户|群体|人群|对象|产品|区域)"
    # 将 as the future auxiliary (将有, 将达到), not the preposition (将23家企业纳入…).
    # (an adverb may stand between: 将再抽检, 将陆续发放, 将分批建成)
    r"|将(?=(?:再(?!生)|另行?|陆续|逐步|分批|集中|全力|着力|统一)?(?:有|达|建|实现|新增|培育|完成|突破|超过|开展|推进|实施|启动|投入|打造|组织|举办|于|在|继续|进一步"
    r"|力争|确保|全面|重点|持续|加快|加大|推动|新建|提升|提高|累计|形成|覆盖|惠及|带动"
    r"|抽检|检查|检测|发放|帮扶|改造|扶持|安排|引进|招引|兑现|建成|整治|创建|遴选|认定|拨付|投资|培训))"
    # 要求各区县…不少于4批次/千人: a requirement with its threshold (not 符合要求, 按照要求).
    r"|要求(?=[^，,；;。]{0,16}?(?:不少于|不低于|不超过|不高于|控制在|达到))"
    # 会议要求，全年新增…: a requirement leading into what it requires (not 按照要求，/符合要求，…).
    r"|要求(?<!符合要求)(?<!按照要求)(?<!按要求)(?<!根据要求)(?<!达到要求)(?<!满足要求)(?<!照要求)(?=[，,：:])"
    # 报告提出，全市地区生产总值增长6%左右: a report or meeting setting out what it asks for (like 要求，)
    r"|提出(?=[，,：:])"
    # 年度抽检任务5000批次, 省局下达我市抽检任务为4800批次, 抽检任务量1.8万批次: a quota handed down (完成…任务
    # is framed below)
    r"|任务(?<=(?:抽检|抽查|检查|检验|检测|检定|校准|核查|巡查|排查|抽样|监测|年度|全年|下达)任务)"
    r"(?=[数量]?[为是：:]?[\d一二三四五六七八九十两])"
    # 全年任务指标：新增…6万户: a declared list of the quotas (主要指标：… alone may report results)
    r"|任务(?=指标[是为]?[:：])"
    r"|要(?<![重主需必只纪首想摘概提简纲]要)(?![求素点闻件害案务职])"
    # 2024年工作要点：全年新增…: a work plan's points declared after a colon (要点 alone names no plan)
    r"|要点(?=[:：])"
    # 今后五年, 未来三年…年均增长6%左右: the years ahead
    r"|今后(?=[一二三四五两几\d]{1,2}年)|未来(?=[一二三四五两几\d]{1,2}年)"
    # (到2025年 is a deadline; 增加到2024年的138.2万户 is where a change reached, not a goal)
    r"|每[年市县区局]\S{0,2}(?:确定|安排|新增|培育|建设|遴选|打造|排查|创建)|到(?<![加长升高大展]到)(?:\d{4}年|年底|年末|“?十[四五六]五”?末)|年底前|年内)"
)
DIRECTIVE: Final = re.compile(r"\s*[一二三四五六七八九十]+要")

# Plan words that state no plan: the object of a completion (完成年度计划82.3%, 完成全年目标的105%,
# 实现年度目标任务), the yardstick of a comparison (比全年目标高0.6个百分点, 超出年度计划) or the frame
# of reported work (按照年度计划, 围绕全年目标, 为确保…).
_FRAMED_PLAN_NOUN: Final = re.compile(
    r"(?:完成|实现|(?<![下送传])达到?|占|为|比|较|超过?|超出|高于|低于|按照?|根据|依照|依据|对照|对标|围绕|紧扣|紧盯|锚定|落实|聚焦|瞄准|朝着|向着|着眼|立足|坚持)"
    r"了?[^，,；;。：:\n]{0,8}$"
)
_FRAMED_PLAN_VERB: Final = re.compile(r"为了?$")
_PLAN_NOUN_MEASURED: Final = re.compile(r"(?:完成|执行)(?:率|进度|情况)")
_PLAN_NOUNS: Final = frozenset({"计划", "目标", "预期", "任务"})

# What marks a reported result: a stretch of time already elapsed (截至, 今年以来, 上半年, 1-6月),
# something done (已, 实际完成, 完成率). A plan word in an earlier clause stops governing the figures
# after such a marker. Before a plan noun, a comparison with a past period (同比, 比上年) marks one too
# (今年以来，…同比增长8%，…围绕年度目标…: the noun frames results); after a plan word it does not: the
# change is planned with the level (力争全年新增经营主体2万户，同比增长10%以上).
_ELAPSED_OR_DONE: Final = (
    # (较上年实际增长7.1%: last year's actual is the base of a planned change, not a result)
    r"实际(?<![比较][上去]年实际)|完成率|已|截至|截止|目前|以来|过去|去年(?<![比较]去年)|上年(?<![比较]上年)"
    # …；2023年底，…为1050万户: a part after a semicolon opening on its own (past) year reports.
    r"|[；;]\s*(?:\d{4}年(?:底|末)?|去年|上年|去年底|上年末)[，,]"
    r"|上半年|前[一二三]季度|[一二三四1-4]季度|(?:\d{1,2}|[一二三四五六七八九十]{1,2})[-—–~～至到](?:\d{1,2}|[一二三四五六七八九十]{1,3})月"
)
RESULT_MARKER: Final = re.compile(r"同比|环比|(?:比|较)(?:上年|去年|上一年|同期|上年同期|去年同期)|" + _ELAPSED_OR_DONE)
# In the clauses after a plan word's own, also a clause that opens on a bare 全年 of its own (全年计划抽检
# 3000批次，全年完成抽检3215批次 / 今年计划新增10万户，全市全年新增12.3万户): the year's result, reported
# beside the plan; so does 当年 (a plan word inside that clause still governs it: it is the nearest).
# A later clause that opens on the stock as it stands (…确保合格率98%以上，全市实有经营主体86.3万户) reports
# it too, unless it is to reach a level (全市实有经营主体达到90万户 is the goal's).
# After 实有/现有/共有: a stock as it stands, unless its clause says it is to reach a level (实有…达到).
_NOT_TO_REACH: Final = r"(?![^，,；;。]*?(?:达到?|突破|超过|增至|提高到|提升到))"
LATER_RESULT_MARKER: Final = re.compile(
    _ELAPSED_OR_DONE + r"|[，,；;]\s*(?:[全我本][省市县区])?(?:\d{4}年)?(?:全年|当年)(?!目标|计划|任务|预期)"
    r"|[，,；;]\s*(?:[全我本][省市县区])?(?:实有|现有)" + _NOT_TO_REACH
)
# 目标6万户，完成3.3万户: a quantity completed right after the clause opens is the progress made (完成食品
# 抽检5000批次 names planned work). Searched up to the figure: it ends where the figure starts.
_BARE_COMPLETION: Final = re.compile(r"[，,；;]\s*(?:已|共|累计|实际)?完成$")
# The same markers inside the plan word's own clause (力争同比增长6% is still a plan): only these.
OWN_CLAUSE_RESULT: Final = re.compile(r"已|截至|截止|目前|以来")
# Where a declared list of goals ends (今年目标：增长6%左右；去年实际增长5.9%): these, what was actually
# done, and a part after a semicolon opening on last year.
_DECLARED_END: Final = re.compile(r"已|截至|截止|目前|以来|实际|完成率|[；;]\s*(?:去年|上年|过去)")
# 全年目标：新增10万户，同比增长8%: a declared list of goals, where 同比 describes a goal too.
_DECLARED: Final = re.compile(r"(?:指标)?(?:是|为|如下)?\s*[:：]")


def has_target_word(text_before: str) -> bool:
    """True when `text_before` (the sentence up to the figure) states a plan."""
    return TARGET_WORDS.search(text_before) is not None


# 下达了新增经营主体6万户的目标任务, 以新增6万户为目标, 增长6%左右的预期目标: the figure names the goal. So it
# does when the goal is reached (提前完成全年300户的目标: 300户 is the goal's size, the result is reported apart).
_GOAL_AFTER: Final = re.compile(
    r"(?:以上|左右)?(?:的|为)(?:年度|全年|工作|发展|奋斗|预期|总体)?(?:目标|任务)(?!完成|值|责任|考核|导向)"
    # 完成全年6万户目标的55%: a goal named without 的, before the share of it completed
    r"|(?:目标|任务)(?=(?:任务)?的[\d一二三四五六七八九十])"
    # 超额完成省下达的1000户目标任务。: a goal named without 的, closing its clause
    r"|(?:年度|全年)?目标(?:任务)?(?=[，,；;。）)])"
)


# 确定了全年食品抽检3.2万批次、新增注册商标1.5万件的目标: every figure of a list before 的目标 names a goal,
# not only the last one.
_GOAL_AFTER_LIST: Final = re.compile(
    r"[、和及][^，,；;。：:]{0,30}?(?:以上|左右)?的(?:年度|全年|工作|发展|奋斗|预期|总体)?(?:目标|任务)(?!完成|值|责任|考核|导向)"
)


def names_goal_after(after: str, clean: str = "", end: int = 0) -> bool:
    """True when the words right after a figure (`after`, from `end` in `clean`) make it the number of a
    goal or quota, also as a member of a list ending on the goal."""
    if after[:1] in "、和及" and clean and _GOAL_AFTER_LIST.match(clean, end, end + 40) is not None:
        return True
    if "目标" not in after and "任务" not in after:
        return False  # (a cheap test first: most figures have neither after them)
    return _GOAL_AFTER.match(after) is not None


# 超额完成年度计划任务1.5万批次: the figure after a plan noun that was exceeded is the plan's size (what was done
# is more, and reported apart); so is one in brackets right after a plan noun (超额完成省定目标（5000批次）,
# 完成年度计划（2.6万批次）的105%). Searched in the 16 characters before the figure, in its clause.
_GOAL_BEFORE: Final = re.compile(
    r"超额完成[^，,；;。]{0,10}?(?:计划|目标|任务)数?[为是：:]?$|(?:计划|目标|任务)数?[（(]$"
)
_GOAL_NOUN_ENDS: Final = frozenset("划标务数为是：:（(")


def names_goal_before(clean: str, c_start: int, pos: int) -> bool:
    """True when the words right before a figure (from its clause start `c_start` to `pos`) make it the
    size of a goal (exceeded, or named in brackets)."""
    if pos <= c_start or clean[pos - 1] not in _GOAL_NOUN_ENDS:
        return False  # (a cheap test first: most figures follow no plan noun)
    return _GOAL_BEFORE.search(clean, max(c_start, pos - 16), pos) is not None


# 为确保全年新增规上企业100家，…已新增28家: the purpose frames the work reported after it (see `_framed`),
# but a figure inside the purpose's own clause is the goal's.
_PURPOSE: Final = re.compile(r"\s*为了?(?:确保|力争|争取|实现|完成|达到)")


def names_goal_in_purpose(clean: str, c_start: int, pos: int) -> bool:
    """True when the figure at `pos` stands in a clause (from `c_start`) that opens on a purpose (为确保…).
    (Callers test first that 为 stands in the clause's first two characters: most clauses open otherwise.)"""
    return _PURPOSE.match(clean, c_start, pos) is not None


def target_marks(clean: str, book_spans: list[tuple[int, int]]) -> list[int]:
    """Positions of the planning words of a whole text, outside book titles, found in one pass."""
    from provind.extract.filters import inside

    return [
        m.start()
        for m in TARGET_WORDS.finditer(clean)
        if not (book_spans and inside(book_spans, *m.span())) and not _framed(clean, m.start(), m.group())
    ]


def _framed(clean: str, start: int, word: str) -> bool:
    """True when the plan word at `start` frames or completes, and plans nothing."""
    window = clean[max(0, start - 12) : start]
    if word in _PLAN_NOUNS:
        return (
            _FRAMED_PLAN_NOUN.search(window) is not None
            or _PLAN_NOUN_MEASURED.match(clean, start + len(word)) is not None
        )
    return word in ("确保", "力争", "争取", "务必") and _FRAMED_PLAN_VERB.search(window) is not None


def governs_own_clause(clean: str, mark: int, pos: int) -> bool:
    """A plan word governs a figure of its own clause, unless a result is reported between them
    (计划新建的500个充电桩已建成320个)."""
    return OWN_CLAUSE_RESULT.search(clean, mark, pos) is None


def governs_later_clause(clean: str, s_start: int, mark: int, pos: int) -> bool:
    """A plan word governs the clauses after its own (预期目标是：…增长6%；…增长5%) until a result
    is reported (计划新建500个，目前已建成320个；…，同比增长15.3%). A plan noun in a sentence that
    opens on elapsed time (今年以来，…聚焦年度目标，…新登记3.2万户) frames the results that follow."""
    word = clean[mark : mark + 2]
    if word in _PLAN_NOUNS:
        if _DECLARED.match(clean, mark + 2):
            return _DECLARED_END.search(clean, mark, pos) is None
        if RESULT_MARKER.search(clean, s_start, mark) is not None:
            return False
    # Markers count from the end of the plan word's clause: 力争一季度实现开门红，新增…500家 plans.
    end = CLAUSE_BREAK.search(clean, mark, pos)
    start = end.start() if end else mark
    if end is not None and (word_match := TARGET_WORDS.match(clean, mark)) is not None and word_match.end() == start:
        # 会议要求，全年新增经营主体2万户: a plan word closing its clause leads into the next one, which
        # is what it plans (its opening 全年 is the plan's year, not a result reported beside it)
        start = end.end()
    return LATER_RESULT_MARKER.search(clean, start, pos) is None and _BARE_COMPLETION.search(clean, start, pos) is None


def target_word_before(ctx: ArticleContext, figure_starts: list[int], s_start: int, c_start: int, pos: int) -> bool:
    """True when a planning word before `pos` in its sentence governs the figure.

    A planning word in the figure's own clause does; one in an earlier clause does
    unless a figure stands before it in that clause (约三分之一的企业计划扩大投资，另有1/4的
    企业…: 计划 is what those firms do, not a goal for the later figure).
    """
    marks = ctx.target_marks
    k = bisect_left(marks, pos) - 1
    floor = max(s_start, pos - _TARGET_REACH)
    while k >= 0 and marks[k] >= floor:
        mark = marks[k]
        k -= 1
        if mark >= c_start:
            return governs_own_clause(ctx.clean, mark, pos)
        mark_clause = ctx.clauses.start(s_start, mark)
        if not governs_later_clause(ctx.clean, s_start, mark, pos):
            return False
        f = bisect_left(figure_starts, mark) - 1
        if f < 0 or figure_starts[f] < mark_clause:
            return True
    return False


def estimated(ctx: ArticleContext, s_start: int, pos: int) -> bool:
    """True when the planning word nearest before `pos` in its sentence is 预计 or 有望 (an estimate, not a plan)."""
    marks = ctx.target_marks
    k = bisect_left(marks, pos) - 1
    return k >= 0 and marks[k] >= s_start and ctx.clean.startswith(("预计", "有望"), marks[k])


# How far back a planning word may govern a figure of its sentence (bounded: linear on huge texts).
_TARGET_REACH: Final = 600


def is_directive(clean: str, start: int) -> bool:
    """True when the sentence starting at `start` is a numbered directive (一要…, 二要…)."""
    first = clean[start : start + 1]  # (a cheap test first: most sentences open on no numeral)
    return (first in _NUMERALS or first.isspace()) and DIRECTIVE.match(clean, start, start + 8) is not None


_NUMERALS: Final = frozenset("一二三四五六七八九十")  # what DIRECTIVE opens on, after any white space


def plan_year(
    running_year: int | None, explicit: bool, published: date | None, clean: str = "", s_start: int = 0, s_end: int = 0
) -> bool:
    """True when figures for `running_year` can only be plans at the publication date."""
    if running_year is None or published is None:
        return False
    if running_year > published.year:
        return True
    # The year just begun, named explicitly in the first quarter: a work plan, unless the sentence
    # reports what has already happened in it (2024年元旦春节期间…受理1862件，同比增长6.1% / 2024年，…截至2月底
    # 实有… / 2024年，…截至2月底已抽检6200批次, published in March).
    return (
        explicit
        and running_year == published.year
        and published.month <= 3
        and _REPORTED_SO_FAR.search(clean, s_start, s_end) is None
    )


# What the first weeks of a year can already report: a comparison, elapsed time, something done, a
# holiday or a day (the markers of RESULT_MARKER, and 期间/当天/当日).
# A stock as it stands (全市共有农贸市场126个) too, unless it is to reach a level.
_REPORTED_SO_FAR: Final = re.compile(
    RESULT_MARKER.pattern + r"|期间|当天|当日"
    r"|(?:共有|现有|实有)" + _NOT_TO_REACH
)
