"""Places abroad (东京, 纽约, 新加坡…) and organisations named after a place (青岛啤酒股份有限公司).

A figure about a foreign city is not the publishing bureau's: it gets no region code
(`region_source` `foreign`, `region` the name as written). A foreign place after a
preposition or verb (对美国出口, 在东京举办) is where the work went, not what is measured:
it is no subject and places nothing (see `attribution.region_hits`).

A Chinese place that opens an organisation's name (青岛啤酒股份有限公司, 烟台银行) names the
organisation, not the figure's region.
"""

from __future__ import annotations

import re
from functools import lru_cache

import ahocorasick_rs

# Countries and the foreign cities bureaus write about most (trade fairs, partner cities, investors).
# Kept to names that are unambiguous in a Chinese bureau's text; one inside a Chinese place's name
# (延边朝鲜族自治州) loses to that place.
_NAMES = """
    美国 日本 韩国 朝鲜 俄罗斯 德国 法国 英国 意大利 西班牙 葡萄牙 荷兰 比利时 瑞士 瑞典 挪威 芬兰 丹麦 波兰
    奥地利 希腊 土耳其 以色列 伊朗 沙特 沙特阿拉伯 阿联酋 卡塔尔 埃及 南非 尼日利亚 肯尼亚 埃塞俄比亚 印度
    巴基斯坦 孟加拉国 越南 老挝 柬埔寨 泰国 缅甸 马来西亚 新加坡 印度尼西亚 印尼 菲律宾 蒙古国 哈萨克斯坦
    乌兹别克斯坦 澳大利亚 新西兰 加拿大 墨西哥 巴西 阿根廷 智利 秘鲁 哥伦比亚 乌克兰 白俄罗斯 匈牙利 捷克
    塞尔维亚 罗马尼亚 爱尔兰 欧盟 东盟
    东京 北海道 大阪 横滨 名古屋 京都 神户 福冈 札幌 长崎 首尔 釜山 仁川 平壤 纽约 洛杉矶 旧金山 芝加哥 华盛顿
    波士顿 西雅图 休斯敦 伦敦 巴黎 柏林 慕尼黑 法兰克福 杜塞尔多夫 米兰 马德里 巴塞罗那 阿姆斯特丹
    鹿特丹 布鲁塞尔 日内瓦 苏黎世 维也纳 莫斯科 圣彼得堡 迪拜 多哈 伊斯坦布尔 开罗 约翰内斯堡 孟买 新德里
    曼谷 河内 胡志明市 吉隆坡 雅加达 马尼拉 金边 万象 仰光 悉尼 墨尔本 奥克兰 多伦多 温哥华 蒙特利尔
    圣保罗 里约热内卢 布宜诺斯艾利斯 阿拉木图 塔什干 乌兰巴托 海参崴 符拉迪沃斯托克
"""
FOREIGN_PLACES = frozenset(_NAMES.split())


_SORTED_NAMES = sorted(FOREIGN_PLACES)


@lru_cache(maxsize=1)
def _automaton() -> ahocorasick_rs.AhoCorasick:
    return ahocorasick_rs.AhoCorasick(_SORTED_NAMES, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)


def find(text: str) -> list[tuple[int, int, str]]:
    """(start, end, name) of the foreign places in `text`, leftmost-longest."""
    found = _automaton().find_matches_as_indexes(text)
    if not found:
        return []  # (most texts name no place abroad: no comprehension run for them)
    return [
        (start, end, name)
        for i, start, end in found
        if not ((name := _SORTED_NAMES[i]).endswith("国") and text[end : end + 1] in _AFTER_GUO)  # 依法国有, 中美国际
    ]


_AFTER_GUO = frozenset("有际家内企资务")


# Before a place that is where work went, not what is measured: 对美国出口, 在东京举办, 赴日本.
NOT_SUBJECT_BEFORE = re.compile(r"(?:对|向|从|自|赴|在|于|与|和|同|往|至|到|来自|出口|进口|销往|发往|面向|覆盖)$")

# After a foreign name that names a system, an event or a standard, not a place: 马德里商标, 巴黎公约.
# After a country that qualifies a noun (日本企业在我市投资…, 韩国客商): a nationality, not the place.
NOT_PLACE_AFTER = re.compile(
    r"商标|体系|协定|议定书|公约|标准|认证|模式|展|博览会|论坛|峰会|会议|奥运|大奖|奖"
    r"|企业|客商|商人|投资者|外商|游客|籍|资本|资金|独资|合资|公司|品牌|产品|商品"
)

# What follows a Chinese place that names an organisation (青岛啤酒股份有限公司, 烟台银行, 济南大学):
# a short run of name characters, then a company or institution word. A verb or conjunction in
# the run means the place is the subject of a clause instead (青岛新增上市公司).
ORGANISATION_AFTER = re.compile(
    r"(?P<run>[\u4e00-\u9fff]{0,10}?)"
    r"(?:股份有限公司|有限责任公司|有限公司|公司|银行|农商行|集团|证券|保险|大学|学院|医院|研究院|商会|协会)"
)
_RUN_BREAK = re.compile(r"新增|新登记|新设|实现|完成|共有|累计|全市|全省|全区|全县|[和与及、等的在对向为是共有达]")


def names_organisation(text: str, end: int) -> bool:
    """True when the place ending at `end` opens an organisation's name."""
    m = ORGANISATION_AFTER.match(text, end, end + 16)
    if m is None:
        return False
    run = m.group("run")
    # 有 is part of 有限公司 only; elsewhere in the run it is a verb (青岛有上市公司12家).
    return not _RUN_BREAK.search(run)
