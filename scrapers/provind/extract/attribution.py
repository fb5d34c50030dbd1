"""Region attribution: which place a figure is about.

Per article, `region_hits` finds the place names that can stand before a figure (a
gazetteer place, a level word such as 全省/我市, a foreign city), and `title_place` the place
the title reports on. Per figure, `region_for` takes the nearest place named before it in its
sentence, or else the place figures that name none belong to (`ArticleContext.fallback`).

Each figure's region says where it came from (`region_source`): `text` (a place named before
it), `title` (the article's title names the place), `publisher` (the bureau's own region, when
nothing names one), `successor` (a place named that no longer existed in the figure's year,
carried on to its one successor), `unresolved` (such a place without one: no code, the name as
written) or `foreign` (a place abroad: no code). See docs/regions.md.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Final

from provind import textprep
from provind.extract import filters, foreign, units
from provind.extract.context import ArticleContext
from provind.extract.numbers import Quantity
from provind.extract.regions import Gazetteer, Hit, Region
from provind.extract.sections import section_at


@dataclass(slots=True, init=False, unsafe_hash=True)
class Placed:
    """A figure's region and where it came from (its `region_source`)."""

    region: Region | None
    source: str | None
    written: str = ""  # the name as written, for an unresolved place

    # (written out, not generated: mypyc compiles it, where the dataclass one is interpreted: 7x faster)
    def __init__(self, region: Region | None, source: str | None, written: str = "") -> None:
        self.region = region
        self.source = source
        self.written = written


# A national average or total: the country's figure (see `region_for`).
NATIONAL: Final = re.compile(r"全国(?:平均|均值|水平|总体|合计)")
# What may stand before a place that is the subject of its clause (其中济南…, 全省…, 在青岛…), also
# after a time phrase (全年欧盟市场…, 2023年青岛…, 1-6月东京…).
_SUBJECT_TIME: Final = (
    r"(?:(?:\d{4}年|今年|去年|上年|全年|当年|本年|上半年|下半年|前三季度|[一二三四]季度|\d{1,2}[-—–至~]\d{1,2}月"
    r"|前\d{1,2}个月|\d{1,2}月份?)(?:以来|底|末)?)?"
)
_SUBJECT_POSITION: Final = re.compile(
    r"\s*" + _SUBJECT_TIME + r"(?:其中|全|在|截至目前|目前|今年以来|[\u4e00-\u9fff]{2,4}[省市区县])?\s*"
)


# -- per article: the places named


def region_hits(
    clean: str,
    gaz: Gazetteer,
    year: int | None,
    home: Region | None,
    masked: list[tuple[int, int]],
    sentences: list[tuple[int, int]],
    by_sentence: dict[int, list[Quantity]],
) -> list[Hit]:
    """Region names outside titles and quotations, in text order.

    Regions matter only before figures, so only those stretches are scanned (speed);
    without a publisher region the whole text is scanned to find the article's own.
    """
    if home is None:
        stretches = [(0, len(clean))]
    else:
        stretches = [(sentences[k][0], qs[-1].start) for k, qs in sorted(by_sentence.items())]
    hits: list[Hit] = []
    levels = _scope_levels(gaz, home, year) if home is not None else {}
    for a, b in stretches:
        # Stale names too (莱芜市 in 2023): a figure after one is that place's, found or not.
        taken: list[tuple[int, int]] = []
        origin_end = -1  # the end of the last place named as an origin
        stretch = clean[a:b]
        found = foreign.find(stretch)
        abroad = [(a + start, a + end, name) for start, end, name in found] if found else []
        abroad_starts = [start for start, _, _ in abroad]
        for h in gaz.find(stretch, year, home, stale=True, offset=a):
            if abroad and _inside_longer(abroad, abroad_starts, h.start, h.end):
                continue  # 北海道, 吉隆坡, 乌兰巴托: a foreign name holding a shorter Chinese one is abroad
            taken.append((h.start, h.end))
            if filters.inside(masked, h.start, h.end):
                continue
            if foreign.names_organisation(clean, h.end):
                continue  # 青岛啤酒股份有限公司, 烟台银行: the place names a firm, not the figure's region
            if (
                clean.startswith(_ORIGIN, max(0, h.start - 2))
                or clean.startswith("籍", h.end)  # 江西籍客商, 温州籍企业家: a native place, an origin too
                or (origin_end >= 0 and h.start == origin_end + 1 and clean[origin_end] in "、和与及")
            ):
                origin_end = h.end  # 来自北京、上海的企业: every member of the list is an origin
                continue  # 来自香港的企业126家: where they come from, not where they are counted
            if (
                home is not None  # (without a publisher, the places named tell the article's own: venues too)
                and h.start > 0
                and clean[h.start - 1] in _VENUE_BEFORE_CHARS
                and _VENUE_AFTER_NAME.match(clean, h.end)
            ):
                continue  # 我市在济南举办的招商会上签约项目26个: a venue, not whose figure it is
            if (
                home is not None
                and h.start > 2
                and clean[h.start - 1] in _PARTNER_BEFORE_CHARS
                and _PARTNER_BEFORE.search(clean, max(0, h.start - 6), h.start) is not None
            ):
                origin_end = h.end  # (赴深圳、杭州招商: every member of the list is a destination, like origins)
                continue  # 我市与临沂市签订协议3项, 赴临沂市考察: a partner or a destination, not whose figure it is
            if (
                home is not None
                and h.start > 0
                and clean[h.start - 1] in "经过"
                and clean.startswith(_ROUTE_AFTER_NAME, h.end)
                and _opens_on_scope(clean, a, h.start)
            ):
                continue  # 全州经瑞丽口岸对缅甸出口…: the port the goods went through; the figure is the scope's
            if h.start > 1 and clean[h.start - 1] in "含括" and _ASIDE_BEFORE.search(clean, h.start - 4, h.start):
                continue  # 长清区（含济南经济开发区）: an aside on what the place before covers, not another place
            if home is not None and h.start > 1 and _is_base(clean, h.start, h.end):
                continue  # 昆山…126家，占苏州全市的21%; 比济南多12家: the whole or the yardstick, not the figure's
            hits.append(h)
        if abroad:  # (most stretches name no place abroad)
            placed_abroad = _foreign_hits(clean, a, abroad, taken, masked)
            hits.extend(placed_abroad)
            if levels and placed_abroad:
                hits.extend(_ours_after_abroad(clean, placed_abroad, levels, home))
        if levels:
            for m in _SCOPE.finditer(clean, a, b):
                region = levels.get(m.group(1)[1])
                opening = _clause_start(clean, a, m.start())
                if region is not None and (
                    _SCOPE_SUBJECT.fullmatch(clean, opening, m.start())
                    or (
                        m.start() > a
                        and m.group(1)[0] in "我本"
                        and home is not None
                        and region.code == home.code
                        and clean[m.start() - 1] in _HERE_BEFORE_CHARS
                    )
                ):
                    hits.append(Hit(m.start(), m.end(), region, scope=True))
    hits.sort(key=lambda h: h.start)
    return hits


# 经瑞丽口岸, 通过满洲里口岸: a port a trade went through (a route, the figure's only under no other subject).
_ROUTE_AFTER_NAME: Final = ("口岸", "港", "海关", "机场", "站")


def _opens_on_scope(clean: str, floor: int, pos: int) -> bool:
    """True when the clause holding `pos` opens on a level word (全州, 我市…), after a connective or a time."""
    opening = _SCOPE_SUBJECT.match(clean, _clause_start(clean, floor, pos))
    return opening is not None and _SCOPE.match(clean, opening.end()) is not None


# 长清区（含济南经济开发区）, 历下区(不含高新区): a bracket saying what the place before it covers.
_ASIDE_BEFORE: Final = re.compile(r"[(（](?:不?含|不?包括)$")

# Words before a place that make it the whole of a share (占苏州全市的21%) or the yardstick of a
# comparison (比济南多12家, 高于全国平均): the figure is still the subject's.
_BASE_BEFORE_ONE: Final = frozenset("占比较")
_BASE_BEFORE_TWO: Final = frozenset(("高于", "低于", "多于", "少于", "超过", "占到"))


def _is_base(clean: str, start: int, end: int) -> bool:
    return (
        clean[start - 1] in _BASE_BEFORE_ONE
        or clean[start - 2 : start] in _BASE_BEFORE_TWO
        or (clean[start - 1] in "是于" and _MULTIPLE_OF_AFTER.match(clean, end) is not None)
    )


# 全市新增企业数是潍坊市的1.2倍, 相当于青岛的80%: the place whose figure the multiple or share is of.
_MULTIPLE_OF_AFTER: Final = re.compile(r"的(?:\d+(?:\.\d+)?|[一二两三四五六七八九十半]+)(?:倍|%|成)")


# Words before a place that make it an origin (来自香港的企业…), never the figure's region.
_ORIGIN: Final = ("来自", "源自")
# 我市与临沂市…, 全省同…: a place after the article's own region and 与/同/和/跟 is its partner; one after 赴 (a
# trip) its destination. (济南与青岛共新增…, two subjects, opens on a name, not on a level word.)
_PARTNER_BEFORE_CHARS: Final = frozenset("与同和跟赴")
_PARTNER_BEFORE: Final = re.compile(r"(?:[我本全][省市区县州旗](?:企业)?[与同和跟]|赴)$")
# A place where an event was held (在济南举办的招商会上, 于青岛召开): the venue, never the figure's region.
_VENUE_BEFORE_CHARS: Final = frozenset("在于赴")
# (在香港上市, 在香港主板挂牌: where shares are listed is a venue too.)
_VENUE_AFTER_NAME: Final = re.compile(r"[^，,。；;：:\d]{0,4}?(?:举办|召开|举行|开幕|闭幕|主办|承办|上市|挂牌)")


def _inside_longer(abroad: list[tuple[int, int, str]], starts: list[int], start: int, end: int) -> bool:
    """True when clean[start:end] lies inside a longer foreign name of `abroad` (`starts`: their starts).

    The names found never overlap and come in text order, so only the last one that starts at or
    before `start` can hold it: one bisection, not a pass over every name abroad in a long stretch.
    """
    i = bisect_right(starts, start) - 1
    if i < 0:
        return False
    s, e, _ = abroad[i]
    return end <= e and e - s > end - start


_LIST_JOINS: Final = "、和与及等"
# The publisher's own level word later in a foreign place's clause (…保持我市第一大贸易伙伴, …成为我省…市场).
_OURS_AFTER: Final = re.compile(r"[^，,；;。：:！？!?\n]{0,12}?[我本][省市区县]")


def _ours_after_abroad(
    clean: str, placed_abroad: list[Hit], levels: dict[str, Region], home: Region | None
) -> list[Hit]:
    """The publisher's own level word after a place abroad in its clause, as a place of its own.

    东盟继续保持我市第一大贸易伙伴地位，进出口额达568亿元; 俄罗斯成为我市增长最快的出口市场，增长56.3%: the
    place abroad is our partner or market, and a figure after 我市 is ours. One before it stays the place
    abroad's (巴西圣保罗的8家企业与我市签约).
    """
    out: list[Hit] = []
    for h in placed_abroad:
        m = _OURS_AFTER.match(clean, h.end)
        if m is None or (out and out[-1].end == m.end()):
            continue
        if _is_base(clean, m.end() - 2, m.end()) or clean[m.end() - 3] in "是于":
            continue  # 东京新设企业数是我市的3倍, 比我市多: our figure is the yardstick, not the figure's place
        region = levels.get(clean[m.end() - 1])
        if region is not None and home is not None and region.code == home.code:
            out.append(Hit(m.end() - 2, m.end(), region, scope=True))
    return out


def _list_of_nationalities(clean: str, abroad: list[tuple[int, int, str]], start: int, end: int) -> bool:
    """True when the foreign name clean[start:end] opens a list of names abroad (joined by 、/和/等) whose
    last member qualifies a noun (`foreign.NOT_PLACE_AFTER`: 客商, 企业, 国家…), like a single name would."""
    last = end
    for other_start, other_end, _ in abroad:
        if other_start <= start:
            continue
        if other_start != last + 1 or clean[last] not in _LIST_JOINS:
            break
        last = other_end
    return last > end and foreign.NOT_PLACE_AFTER.match(clean, last) is not None


def _foreign_hits(
    clean: str, a: int, abroad: list[tuple[int, int, str]], taken: list[tuple[int, int]], masked: list[tuple[int, int]]
) -> list[Hit]:
    """Foreign places in clean[a:b] that can be a figure's subject (东京新增企业…, not 对美国出口…).

    A name overlapping a Chinese place (延边朝鲜族自治州) is that place's; one after a preposition
    or a trade verb is where the work went, and one inside its clause is no subject: neither
    places anything.
    """
    out = []
    skipped_end = -1  # the end of the last name that places nothing
    for start, end, name in abroad:
        if taken and filters.overlaps(taken, start, end):
            continue
        if skipped_end >= 0 and start == skipped_end + 1 and clean[skipped_end] in "、和与及":
            skipped_end = end
            continue  # 来自美国、德国的客商: a later member of a list that places nothing places nothing
        if filters.inside(masked, start, end) or foreign.NOT_SUBJECT_BEFORE.search(clean, max(0, start - 4), start):
            skipped_end = end
            continue
        if foreign.names_organisation(clean, end) or foreign.NOT_PLACE_AFTER.match(clean, end):
            continue  # 马德里商标国际注册, 东京银行: a system or a firm named after the place
        if clean[end : end + 1] in _LIST_JOINS and _list_of_nationalities(clean, abroad, start, end):
            continue  # 泰国、越南等东盟国家客商, 美国、德国企业: every member of the list is a nationality
        opening = _clause_start(clean, a, start)
        if not (_SUBJECT_POSITION.fullmatch(clean, opening, start) or clean[start - 1 : start] == "、"):
            continue  # only a place that opens its clause is what the figure is about
        out.append(Hit(start, end, None, key=name, foreign=True))
    return out


# 全省实有经营主体…, 我市新增…: a level word as the subject names the publisher's own region or
# the one above it (全省 in a city article is the province, 全国 the country).
# Not 全省会议/全国榜/全省前列/全国性…: a level word qualifying an event or a standing, not a subject.
# (全州/我盟/全旗/全自治区/全疆: the level words of autonomous prefectures, leagues, banners and regions; the
# second character, 自 for 自治区, is the key of `_scope_levels`. Every alternative opens on a plain character,
# so that the engine skips from one 全/我/本 to the next: a class there is tried at every position.)
_SCOPE: Final = re.compile(
    r"(全(?:国|省|市|县|区|州|盟|旗|自治区|疆)|我(?:国|省|市|县|区|州|盟|旗)|本(?:省|市|县|区|州|盟|旗))"
    r"(?![第首前各]|会议|大会|范围|前列|一流|领先|榜|同类|性|上下|统一|一盘棋|通报|推广|表彰|示范)"
)
# 新加坡淡马锡等机构在我市投资项目8个, 外地客商来我市签约: whoever acts, the figure is counted where it happens,
# the publisher's own region (a place named before it in the clause is the actor's origin).
# (Not 于 or 到: 高于我市平均, 达到我市的 name a yardstick.)
_HERE_BEFORE_CHARS: Final = frozenset("在来落赴")
# What may stand before a subject at the start of its clause: a connective or a time phrase.
_SCOPE_SUBJECT: Final = re.compile(
    r"\s*(?:其中|同时|此外|另外|而|截至目前|目前|当前|今年以来|今年|去年|[^，,；;。：:]{0,12}?(?:年|月|季度|以来|底|末|期间))?\s*"
)
_CLAUSE_OPEN: Final = frozenset("，,；;：:。！？!?\n")


def _clause_start(clean: str, floor: int, pos: int) -> int:
    """Start of the clause holding `pos` (no earlier than `floor`), by a short look back."""
    i = pos - 1
    while i >= floor and pos - i <= 16 and clean[i] not in _CLAUSE_OPEN:
        i -= 1
    return i + 1


def _scope_levels(gaz: Gazetteer, home: Region, year: int | None) -> dict[str, Region]:
    """What 国/省/市/县/区 (the second character of 全省, 我市…) mean for a bureau at `home`."""
    levels: dict[str, Region] = {}
    national = gaz.national()
    if national is not None:
        levels["国"] = national
    province = gaz.get(home.province_code, year)
    if province is not None and not province.name.endswith("市"):
        levels["省"] = province
    parent = gaz.get(home.parent_code, year) if home.level == "county" else None
    if home.name.endswith("市"):
        levels["市"] = home  # a prefecture, a municipality or a county-level city
    elif parent is not None and parent.name.endswith("市"):
        levels["市"] = parent
    if home.level == "county" and home.name.endswith(("县", "旗")):
        levels["县"] = home
    if home.name.endswith("区"):
        levels["区"] = home  # a district, or a province-level autonomous region
    if province is not None and province.name.endswith("自治区"):
        levels["自"] = province  # 全自治区
        if province.name.startswith("新疆"):
            levels["疆"] = province  # 全疆
    for level in ("州", "盟", "旗"):  # 全州 in an autonomous prefecture's article or one of its counties'
        if home.name.endswith(level) and home.level != "province":
            levels[level] = home
        elif parent is not None and parent.name.endswith(level):
            levels[level] = parent
    return levels


def most_named(hits: list[Hit]) -> Region | None:
    """The place the text names most (first named on a tie); former places do not count."""
    named = [h.region for h in hits if h.region is not None and not h.stale]
    if not named:
        return None
    counts: dict[str, int] = {}
    for region in named:
        counts[region.code] = counts.get(region.code, 0) + 1
    best = max(counts, key=lambda c: (counts[c], -next(i for i, r in enumerate(named) if r.code == c)))
    return next(r for r in named if r.code == best)


# A place a title names as a venue (…工作会议在青岛召开) is not what the article reports on.
_VENUE_BEFORE: Final = ("在", "于", "赴", "到", "走进")
_VENUE_AFTER: Final = ("召开", "举办", "举行", "开幕", "闭幕")


def title_place(gaz: Gazetteer, title: str, year: int | None, home: Region | None) -> Hit | None:
    """The one place a title reports on (2023年平阴县…统计公报), or None.

    A title naming several places (not one inside another) names none; one naming a region
    that holds the publisher's (济南 for the 长清区 bureau) leaves the publisher's own.
    """
    clean = textprep.clean_text(title)
    hits = [
        h
        for h in gaz.find(clean, year, home, stale=True)
        if not clean[: h.start].endswith(_VENUE_BEFORE) and not clean.startswith(_VENUE_AFTER, h.end)
    ]
    places = {h.region.code if h.region else h.key: h for h in hits}
    inner = [
        h
        for h in places.values()
        if h.region is None
        or not any(o is not h and o.region is not None and gaz.is_ancestor(h.region, o.region) for o in places.values())
    ]
    if len(inner) != 1:
        return None
    hit = inner[0]
    region = hit.region
    if region is not None and home is not None and region.code != home.code and gaz.is_ancestor(region, home):
        return None
    return hit


# -- per figure: the place it is about


def region_for(
    ctx: ArticleContext, q: Quantity, s_start: int, c_start: int, clause_before: str, year: int | None
) -> Placed:
    """The region of figure `q` in its `year`: the place named before it in its sentence, else the fallback.

    `c_start` is the start of the figure's clause, `clause_before` its text up to the figure.
    """
    # 全国平均水平97.6% is the country's; 高于全国平均水平0.4个百分点 is a gap of the article's region.
    if "全国" in clause_before and q.unit not in units.POINTS and q.unit != "倍" and NATIONAL.search(clause_before):
        national = ctx.gaz.national()
        return Placed(national, "text") if national is not None else fallback(ctx, year, q.start)
    home = ctx.home
    k = bisect_right(ctx.hit_starts, q.start) - 1
    while k >= 0 and ctx.hits[k].end > q.start:
        k -= 1
    if k < 0 or ctx.hits[k].start < s_start:
        return fallback(ctx, year, q.start)
    hit = ctx.hits[k]
    if (
        hit.start < c_start
        and not _SUBJECT_POSITION.fullmatch(ctx.clean, ctx.clauses.start(s_start, hit.start), hit.start)
        and not _named_as_subject_of_next_clause(ctx.clean, hit.start, hit.end, c_start)
    ):
        # A place named mid-clause earlier in the sentence (…在济南举办，全市12家企业获奖)
        # is not the subject of a later clause; a place opening a clause is.
        return fallback(ctx, year, q.start)
    if hit.foreign:
        return Placed(None, "foreign", hit.key)  # 东京新增企业120家: abroad, no code of ours
    found = hit.region
    if hit.scope:
        if found is not None and home is not None and found.code == home.code:
            return fallback(ctx, year, q.start)  # 全县 in a county's article: the county the title or bureau names
        return placed_in_year(ctx, found, "", year, "text")
    if (
        found is not None
        and home is not None
        and found.code != home.code
        and ctx.gaz.is_ancestor(found, home)
        and not _named_in_full_as_subject(ctx, hit, s_start)
    ):
        return fallback(ctx, year, q.start)  # 济南 in a 长清区 article: the figure is the district's own
    return placed_in_year(ctx, found, hit.key, year, "text")


def _named_in_full_as_subject(ctx: ArticleContext, hit: Hit, s_start: int) -> bool:
    """True when the place opens its clause under its full name: 山东省实有经营主体1412.6万户 in a
    济南 article is the province's figure. A short name there (山东凯恩等6家企业, 济南新增…) more
    often names a firm or the city a district article is written from: the figure stays the
    publisher's."""
    return hit.key.endswith(_LEVEL_SUFFIXES) and (
        _SUBJECT_POSITION.fullmatch(ctx.clean, ctx.clauses.start(s_start, hit.start), hit.start) is not None
    )


_LEVEL_SUFFIXES: Final = ("省", "市", "自治区", "区", "县", "自治州", "州", "盟", "旗")


# 增速最快的是日照，增长8.1% / 合格率最高的为威海，达99.5%: the place a ranking clause ends on,
# after 是 or 为, is what the next clause's figure is about; so is the runner-up's (其次是章丘区，为4120户;
# 居第二的是潍坊，增长7.9%).
_RANKED_BEFORE: Final = re.compile(
    r"(?:最|第[一二三四五六七八九十\d]|首位|居首|其次|次之|再次)[^，,；;。]{0,8}?(?:是|为)$"
)


def _named_as_subject_of_next_clause(clean: str, hit_start: int, hit_end: int, c_start: int) -> bool:
    """True when a ranking clause ends on the place and the figure's clause comes right after it."""
    return c_start - hit_end == 1 and _RANKED_BEFORE.search(clean, max(0, hit_start - 12), hit_start) is not None


def fallback(ctx: ArticleContext, year: int | None, at: int = -1) -> Placed:
    """The region of a figure (at `at`) whose sentence names no place: its section heading's
    (一、历城区, see `sections`), the title's, the publisher's, the text's."""
    if ctx.sections and (section := section_at(ctx.sections, ctx.section_starts, at)) is not None:
        return placed_in_year(ctx, section.region, section.key, year, "text")
    fb = ctx.fallback
    if fb.source == "title":
        return placed_in_year(ctx, fb.region, fb.key, year, "title")
    return ctx.fallback_placed or Placed(fb.region, fb.source)  # always set by the context's builder


def placed_in_year(ctx: ArticleContext, region: Region | None, key: str, year: int | None, source: str) -> Placed:
    """The division a named place is in the figure's `year`; never silently another one.

    `region` is what the name `key` meant in the article's year (None: several former divisions).
    A place that no longer existed in `year` goes to its one successor, else stays unresolved.
    """
    if region is not None and (year is None or region.valid_in(year)):
        return Placed(region, source)
    if year is None:
        return Placed(None, "unresolved", key)
    memo = (region.code if region is not None else "", key, year)
    if memo not in ctx.placed:
        ctx.placed[memo] = _in_year(ctx, region, key, year)
    found, succeeded = ctx.placed[memo]
    if found is not None:
        return Placed(found, "successor" if succeeded else source)
    return Placed(None, "unresolved", key or (region.name if region is not None else ""))


def _in_year(ctx: ArticleContext, region: Region | None, key: str, year: int) -> tuple[Region | None, bool]:
    """What a place not valid in `year` is then: (division, whether a successor); (None, _) if none."""
    if key and (now := ctx.gaz.resolve(key, year, ctx.home)) is not None:
        return now, False  # the name meant another division then (莱芜市 in 1990)
    former: Region | None
    if region is not None and region.valid_to < year:
        former = region
    else:
        former = ctx.gaz.former(key, year, ctx.home) if key else None
    if former is None:
        # Named before it existed (2017年莱芜区…, back-cast to today's divisions): as read;
        # the gate's region_code_exists judges it.
        return region, False
    heir = ctx.gaz.successor(former, year)
    if heir is None and key and (city := ctx.gaz.area(key, year, ctx.home)) is not None:
        return city, False  # 苏州地区, 荆州地区 in 2023: "the X area", the city X市
    return heir, True


# How far above a label：value line its panel's caption may stand.
_CAPTION_REACH: Final = 400
_VALUE_LINE: Final = re.compile(r"\s*(?:[-+]?\d[\d.,]*\s*[^\d\s]{0,6}|[^\n]{0,40}[：:][^\n]{0,24})\s*")


def caption_place(ctx: ArticleContext, label_start: int) -> Hit | None:
    """The one place the caption over a panel of label：value lines names (烟台市主要指标), or None.

    The caption is the nearest line above that is neither a label nor a value. A place holding
    the publisher's (山东省 for a city bureau) is no narrower reading and is ignored.
    """
    end = label_start
    floor = max(0, label_start - _CAPTION_REACH)
    below_value = False  # the line below the current one holds only a value
    while end > floor:
        start = ctx.clean.rfind("\n", floor, end - 1) + 1
        line = ctx.clean[start : end - 1] if ctx.clean[end - 1 : end] == "\n" else ctx.clean[start:end]
        value = _VALUE_LINE.fullmatch(line) is not None
        if below_value and not value and any(lab.label_start == start for lab in ctx.labelled.values()):
            # 地区生产总值 / 1632.5亿元: a label line without a colon over its value is no caption either
            value = True
        if "\t" in line:
            value = True  # a table's row (指标<TAB>数值, a header), not its caption
        below_value = value and bool(line.strip())
        if line.strip() and not value:
            if "。" in line or "，" in line:
                return None  # a sentence of prose, not a caption
            named = [(h, h.region) for h in ctx.gaz.find(line, ctx.year, ctx.home) if h.region is not None]
            if len({region.code for _, region in named}) != 1:
                return None
            hit, region = named[0]
            home = ctx.home
            if home is not None and region.code != home.code and ctx.gaz.is_ancestor(region, home):
                return None
            return hit
        if start <= floor:
            return None
        end = start
    return None


def set_region_fields(mention: dict, placed: Placed) -> None:
    """Set a mention's region fields (the same three keys `mentions._mention` writes) from `placed`."""
    region = placed.region
    mention["region"] = region.full_name if region is not None else (placed.written or None)
    mention["region_code"] = region.code if region is not None else None
    mention["region_source"] = placed.source
