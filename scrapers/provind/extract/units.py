"""Measure words and units: what may follow a number, and what it says about the kind."""

from __future__ import annotations

import re
from typing import Final


def _words(text: str) -> list[str]:
    return text.split()


# Longest first so that 批次 wins over 批 and 个百分点 over 个. (台件: metrology counts instruments so,
# 检定计量器具12万台件: one measure word, not 台 followed by 件; 头只 counts livestock, 牲畜存栏1200万头只.)
MEASURE_WORDS: Final = sorted(
    _words(
        """
        微克/立方米 个百分点 百分点 个千分点 千分点 个工作日 工作日 个月
        平方公里 平方千米 平方米 立方米 千瓦时 标准箱 标箱 岁 头只
        千瓦 兆瓦 千克 公斤 公里 千米 公顷 亩 吨 斤 批次 人次 户次 家次 台次 台套
        车次 架次 场次 件次 辆次 艘次 班次 台件 批 列
        元 港元 港币 澳门元 新台币 人民币 美元 欧元 件 家 户 个 项 台 次 起 处 人
        名 条 类 所 座 部 场 份 种 辆 只 套 张 枚 间 栋 宗 笔 例 位
        篇 本 册 款 支 对 头 棵 株 艘 盏 块 根 倍 % ‰ 成 年 天
        小时 分钟 周 分
        """
    ),
    key=len,
    reverse=True,
)
UNIT_PATTERN: Final = "|".join(re.escape(u) for u in MEASURE_WORDS)

MONEY: Final = frozenset({"元", "港元", "港币", "澳门元", "新台币", "人民币", "美元", "欧元"})
# Currencies counted in 元 (亿港元, 1234亿新台币): written down as 元.
YUAN: Final = frozenset({"港元", "港币", "澳门元", "新台币", "人民币"})
SCORES: Final = frozenset({"分"})  # 得分95.6分: a score, kind other
PHYSICAL: Final = frozenset(
    # (微克/立方米: PM2.5 and PM10 concentrations, a physical level, not a density per person)
    _words(
        """
        平方公里 平方千米 平方米 立方米 千瓦时 千瓦 兆瓦 千克 公斤 公里 千米 公顷 亩 吨 斤 标准箱 标箱 岁 微克/立方米
        """
    )
)
DURATIONS: Final = frozenset({"年", "天", "小时", "分钟", "周", "个月", "个工作日", "工作日"})
# 回落0.36个千分点: a gap between two rates in ‰, like 个百分点 between rates in %.
POINTS: Final = frozenset({"个百分点", "百分点", "个千分点", "千分点"})
# Counts that can be read "per 10 000 people" (densities).
DENSITY_UNITS: Final = frozenset({"件", "个", "家", "户", "名", "人", "张", "台", "辆", "所", "座", "项", "次", "批次"})

# A measure word followed by these characters is the start of another word
# (起重机械, 处理, 名单, 人民, 个体…), so the number is not counting with it.
NOT_AFTER_UNIT: Final = {
    "起": "重草诉步点航始飞",
    "处": "理罚置长室级分",
    "名": "单称义牌录额誉次优列",
    "人": "民员口才大社工均事力次",
    "个": "体性案人别",
    "部": "门署分长委级",
    "场": "所景地馆",
    "所": "有属在以得谓长",
    "次": "数日",
    "类": "别似型",
    "种": "植类子养",
    "条": "例件款线",
    "间": "隔断",
    "家": "庭长族具电属乡",
    "户": "籍外口型",
    "位": "于置居列数",  # (两位数增长: the number of digits, no count)
    "台": "账风阶湾",
    "座": "谈",
    "张": "贴",
    "份": "额",
    "笔": "者",
    "本": "地级市届次",
    "对": "接象照于标",
    "支": "持付出撑",
    "头": "部等",
    "块": "钱",
    "批": "准复示",
    "列": "入出为车表举明支席队",  # (开行中欧班列1200列: trains; 3家企业列入… is no count of 列)
    "成": "功立为交本果熟员绩效型品都长就了全",
    "年": "度底初末来内以的",
    "款": "项",
    "周": "年边期",
    "天": "然津下",
    "分": "钟之别类局公所级批期成配布散管担工享析解类子会支",
}
