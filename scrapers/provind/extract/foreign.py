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
from typing import Final

import ahocorasick_rs

from provind.extract.regions import cut_out_of_words, teach_segmenter

# Countries (the common short form, and the long one where it differs), groupings, and the cities
# bureaus write about (trade fairs, partner cities, investors, flights, students), each under its
# country: `日本东京`, `韩国首尔`, `美国纽约` are one place. Left out: names that are also Chinese
# places or common words in a bureau's text (黑山 a county of Liaoning, 海地 in 沿海地区, 大田 a
# county of Fujian, 泗水 a county of Shandong, 德州 for Texas, 汉堡 the burger, 马赛 in 马赛克,
# 蒙古 in 内蒙古, 中非 China–Africa, 汤加 in 鸡汤加…). 香港, 澳门 and 台湾 are Chinese regions of the
# gazetteer, never foreign. One inside a Chinese place's name (延边朝鲜族自治州) loses to that place.
_COUNTRIES: Final = """
    美国 美利坚合众国 加拿大 墨西哥 古巴 牙买加 巴哈马 多米尼加 巴拿马 哥斯达黎加 危地马拉 洪都拉斯
    萨尔瓦多 尼加拉瓜 伯利兹 巴西 阿根廷 智利 秘鲁 哥伦比亚 委内瑞拉 厄瓜多尔 玻利维亚 巴拉圭 乌拉圭
    圭亚那 苏里南
    英国 爱尔兰 法国 德国 意大利 西班牙 葡萄牙 荷兰 比利时 卢森堡 瑞士 奥地利 列支敦士登 摩纳哥 安道尔
    瑞典 挪威 芬兰 丹麦 冰岛 波兰 捷克 斯洛伐克 匈牙利 罗马尼亚 保加利亚 希腊 塞浦路斯 马耳他 斯洛文尼亚
    克罗地亚 波黑 塞尔维亚 北马其顿 阿尔巴尼亚 爱沙尼亚 拉脱维亚 立陶宛 白俄罗斯 乌克兰 摩尔多瓦 俄罗斯
    梵蒂冈 圣马力诺
    日本 韩国 朝鲜 蒙古国 越南 老挝 柬埔寨 泰国 缅甸 马来西亚 新加坡 印度尼西亚 印尼 菲律宾 文莱 东帝汶
    印度 巴基斯坦 孟加拉国 孟加拉 斯里兰卡 尼泊尔 不丹 马尔代夫 阿富汗 哈萨克斯坦 乌兹别克斯坦 吉尔吉斯斯坦
    塔吉克斯坦 土库曼斯坦 阿塞拜疆 亚美尼亚 格鲁吉亚 土耳其 伊朗 伊拉克 叙利亚 黎巴嫩 约旦 以色列 巴勒斯坦
    沙特阿拉伯 沙特 科威特 巴林 卡塔尔 阿联酋 阿拉伯联合酋长国 阿曼 也门
    埃及 利比亚 突尼斯 阿尔及利亚 摩洛哥 苏丹 南苏丹 埃塞俄比亚 厄立特里亚 吉布提 索马里 肯尼亚 乌干达
    卢旺达 布隆迪 坦桑尼亚 莫桑比克 马拉维 赞比亚 津巴布韦 博茨瓦纳 纳米比亚 南非 莱索托 安哥拉 刚果
    刚果民主共和国 刚果共和国 加蓬 喀麦隆 中非共和国 乍得 尼日利亚 尼日尔 马里 布基纳法索 塞内加尔 冈比亚
    几内亚 几内亚比绍 赤道几内亚 塞拉利昂 利比里亚 科特迪瓦 加纳 多哥 贝宁 毛里塔尼亚 毛里求斯 马达加斯加
    塞舌尔 佛得角 科摩罗
    澳大利亚 新西兰 巴布亚新几内亚 斐济 萨摩亚 所罗门群岛 瓦努阿图
    欧盟 东盟 欧洲 非洲 北美 南美 拉美 拉丁美洲 中东 东南亚 中亚 大洋洲
"""
_CITIES: Final = {
    "日本": "东京 北海道 大阪 横滨 名古屋 京都 神户 福冈 札幌 长崎 广岛 仙台 冲绳 千叶 埼玉 川崎 静冈 新潟 奈良"
    " 北九州 熊本 鹿儿岛",
    "韩国": "首尔 釜山 仁川 大邱 光州 蔚山 水原 济州 济州岛",
    "朝鲜": "平壤 新义州",
    "美国": "纽约 洛杉矶 旧金山 芝加哥 华盛顿 波士顿 西雅图 休斯敦 费城 达拉斯 亚特兰大 迈阿密 拉斯维加斯 底特律"
    " 硅谷 夏威夷 檀香山 加州 加利福尼亚 纽约州 圣迭戈",
    "加拿大": "多伦多 温哥华 蒙特利尔 渥太华 卡尔加里",
    "英国": "伦敦 曼彻斯特 伯明翰 利物浦 爱丁堡 格拉斯哥",
    "法国": "巴黎 里昂 尼斯 波尔多 图卢兹 斯特拉斯堡",
    "德国": "柏林 慕尼黑 法兰克福 杜塞尔多夫 科隆 斯图加特 汉诺威 纽伦堡 莱比锡 杜伊斯堡",
    "意大利": "罗马 米兰 都灵 威尼斯 佛罗伦萨 那不勒斯",
    "西班牙": "马德里 巴塞罗那 瓦伦西亚",
    "葡萄牙": "里斯本",
    "荷兰": "阿姆斯特丹 鹿特丹",
    "比利时": "布鲁塞尔 安特卫普",
    "瑞士": "日内瓦 苏黎世",
    "奥地利": "维也纳",
    "俄罗斯": "莫斯科 圣彼得堡 海参崴 符拉迪沃斯托克 新西伯利亚 叶卡捷琳堡 喀山 哈巴罗夫斯克",
    "波兰": "华沙",
    "捷克": "布拉格",
    "匈牙利": "布达佩斯",
    "希腊": "雅典",
    "瑞典": "斯德哥尔摩",
    "丹麦": "哥本哈根",
    "挪威": "奥斯陆",
    "芬兰": "赫尔辛基",
    "爱尔兰": "都柏林",
    "乌克兰": "基辅",
    "白俄罗斯": "明斯克",
    "塞尔维亚": "贝尔格莱德",
    "罗马尼亚": "布加勒斯特",
    "土耳其": "伊斯坦布尔 安卡拉",
    "阿联酋": "迪拜 阿布扎比",
    "卡塔尔": "多哈",
    "沙特": "利雅得",
    "伊朗": "德黑兰",
    "以色列": "特拉维夫",
    "埃及": "开罗",
    "南非": "约翰内斯堡 开普敦",
    "肯尼亚": "内罗毕",
    "尼日利亚": "拉各斯 阿布贾",
    "埃塞俄比亚": "亚的斯亚贝巴",
    "坦桑尼亚": "达累斯萨拉姆",
    "摩洛哥": "卡萨布兰卡",
    "印度": "孟买 新德里 班加罗尔 加尔各答 金奈",
    "巴基斯坦": "卡拉奇 伊斯兰堡 拉合尔",
    "孟加拉国": "达卡",
    "斯里兰卡": "科伦坡",
    "尼泊尔": "加德满都",
    "泰国": "曼谷 清迈 普吉岛",
    "越南": "河内 胡志明市 岘港",
    "马来西亚": "吉隆坡 槟城",
    "印度尼西亚": "雅加达 巴厘岛",
    "菲律宾": "马尼拉 宿务",
    "柬埔寨": "金边 西哈努克港",
    "老挝": "万象",
    "缅甸": "仰光 曼德勒",
    "澳大利亚": "悉尼 墨尔本 布里斯班 珀斯 堪培拉 阿德莱德",
    "新西兰": "奥克兰 惠灵顿",
    "巴西": "圣保罗 里约热内卢 巴西利亚",
    "阿根廷": "布宜诺斯艾利斯",
    "墨西哥": "墨西哥城",
    "智利": "圣地亚哥",
    "古巴": "哈瓦那",
    "哈萨克斯坦": "阿拉木图 阿斯塔纳",
    "乌兹别克斯坦": "塔什干",
    "吉尔吉斯斯坦": "比什凯克",
    "蒙古国": "乌兰巴托",
}
FOREIGN_PLACES: Final = frozenset(
    [*_COUNTRIES.split()]
    + [city for cities in _CITIES.values() for city in cities.split()]
    # 日本东京, 韩国首尔: a country and its city written together are one place, the city
    + [country + city for country, cities in _CITIES.items() for city in cities.split()]
)


_SORTED_NAMES: Final = sorted(FOREIGN_PLACES)
# The two-character names are words of the segmenter's dictionary too (加纳 in 增加纳税 is none).
teach_segmenter(name for name in _SORTED_NAMES if len(name) == 2)


# A DFA: a third faster to search than the library's default for these few hundred names (every
# sentence with a figure is searched), at a few milliseconds to build, on import. (The gazetteer's 14,000
# names would cost 40 MB and 90 ms more at start for a sixth less search: it keeps the default.)
# (A constant, not an lru_cache'd function: a call through the cache cost more than a short search.)
_AUTOMATON: Final = ahocorasick_rs.AhoCorasick(
    _SORTED_NAMES,
    matchkind=ahocorasick_rs.MatchKind.LeftmostLongest,
    implementation=ahocorasick_rs.Implementation.DFA,
)


def find(text: str) -> list[tuple[int, int, str]]:
    """(start, end, name) of the foreign places in `text`, leftmost-longest.

    A two-character name cut out of the words around it is none (依法国有: 法国; 增加纳税: 加纳),
    nor is a country before 有/际/家… (中美国际: 美国).
    """
    found = _AUTOMATON.find_matches_as_indexes(text)
    if not found:
        return []  # (most texts name no place abroad: no comprehension run for them)
    return [
        (start, end, name)
        for i, start, end in found
        # (after 、 a list member: 美国、德国企业 is 德国 + 企业, not 国企)
        if not (
            (name := _SORTED_NAMES[i]).endswith("国")
            and text[end : end + 1] in _AFTER_GUO
            and text[start - 1 : start] != "、"
        )
        and not (end - start == 2 and cut_out_of_words(text, start, end))
    ]


_AFTER_GUO: Final = frozenset("有际家内企资务")


# Before a place that is where work went, not what is measured: 对美国出口, 在东京举办, 赴日本.
NOT_SUBJECT_BEFORE: Final = re.compile(
    r"(?:对|向|从|自|赴|在|于|与|和|同|往|至|到|来自|出口|进口|销往|发往|面向|覆盖)$"
)

# After a foreign name that names a system, an event or a standard, not a place: 马德里商标, 巴黎公约.
# After a country that qualifies a noun (日本企业在我市投资…, 韩国客商): a nationality, not the place.
# (Also after 国家/地区/成员国 and 的: 东盟国家企业, 欧盟成员国的客商 are nationalities too.)
NOT_PLACE_AFTER: Final = re.compile(
    r"(?:(?:等?国家|地区|成员国|等国)的?|的)?"
    r"(?:商标|体系|协定|议定书|公约|标准|认证|模式|展|博览会|论坛|峰会|会议|奥运|大奖|奖"
    r"|企业|客商|商人|投资者|外商|游客|籍|资本|资金|独资|合资|公司|品牌|产品|商品|族|红)"
)

# What follows a Chinese place that names an organisation (青岛啤酒股份有限公司, 烟台银行, 济南大学, 青岛海关,
# whose district covers more than its city): a short run of name characters, then a company or institution
# word. A verb or conjunction in the run means the place is the subject of a clause instead (青岛新增上市公司).
ORGANISATION_AFTER: Final = re.compile(
    r"(?P<run>[\u4e00-\u9fff]{0,10}?)"
    r"(?:股份有限公司|有限责任公司|有限公司|公司|银行|农商行|集团|证券|保险|大学|学院|医院|研究院|研究所|商会|协会|海关"
    r"|代表团|考察团|经贸团|商务团)"  # (香港特区政府代表团来访，签约项目12个: visitors, not where the figure is)
)
_RUN_BREAK: Final = re.compile(
    r"新增|新登记|新设|实现|完成|共有|累计|全市|全省|全区|全县|[和与及、等的在对向为是共有达]"
)


# A bare place that opens a brand (青岛啤酒等品牌, 东阿阿胶、青岛啤酒等老字号, 青岛啤酒品牌价值): a product word,
# maybe more brands of a list, then 品牌/老字号. (济南市驰名商标 is the city's: a full name is no brand, and
# 商标 alone names the register, not a brand.)
BRAND_AFTER: Final = re.compile(
    r"(?P<run>[\u4e00-\u9fff]{1,6}?)(?:、[\u4e00-\u9fff]{2,8}?){0,5}等?(?:知名|驰名|著名|中华)?(?:品牌|老字号)"
)
_FULL_NAME_END: Final = frozenset("省市县区州旗")


# 北京、上海等地商会36家, 广东、福建等地客商: a list of places named as where a group comes from (every member).
_GROUP_FROM_AFTER: Final = re.compile(
    r"(?:[、和及][\u4e00-\u9fff]{2,6}?){0,6}等(?:地|地区|省市|城市)的?"
    r"(?:商会|协会|客商|商户|企业|游客|投资者|外商|商人|代表团|考察团)"
)


def names_organisation(text: str, end: int) -> bool:
    """True when the place ending at `end` opens an organisation's or a brand's name."""
    if text[end : end + 1] in "等、和及" and _GROUP_FROM_AFTER.match(text, end, end + 60) is not None:
        return True
    m = ORGANISATION_AFTER.match(text, end, end + 16)
    if m is None:
        window = text[end : end + 40]
        if text[end - 1 : end] in _FULL_NAME_END or ("牌" not in window and "字号" not in window):
            return False  # (a cheap test first: few places open a brand)
        m = BRAND_AFTER.match(text, end, end + 40)
        if m is None:
            return False
    run = m.group("run")
    # 有 is part of 有限公司 only; elsewhere in the run it is a verb (青岛有上市公司12家).
    return not _RUN_BREAK.search(run)
