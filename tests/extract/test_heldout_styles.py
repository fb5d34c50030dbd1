# ruff: noqa: E501  (the fixtures are articles, one paragraph a line)
"""Articles in the styles of the held-out set, annotated by GUIDE.md conventions.

Each fixture is a short article written the way bureaus write (statistics bulletin,
press conference, county news, traditional Chinese with full-width digits, pinyin
glosses, work-report targets, several cities with 分别 and brackets, ranks, densities,
negative changes, 个百分点, 倍, 成, fractions, ranges, Chinese numerals, months and
quarters, and text that holds no mention at all). The test checks recall (every
expected mention, with its attributes) and precision (nothing beyond the expected
and the optional ones).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import pytest

from provind.extract import extract_mentions


@dataclass(frozen=True)
class E:
    value: str
    unit: str
    kind: str
    approx: str = "exact"
    target: bool = False
    region: str | None = None  # None: the article's region
    period: str | None = "?"  # "?": the article's default period; "*": left unchecked (debatable)
    optional: bool = False


@dataclass(frozen=True)
class Article:
    name: str
    text: str
    published: date | None
    region: str
    period: str | None
    expected: list[E] = field(default_factory=list)


ARTICLES = [
    Article(
        "bulletin",
        """潍坊市2023年国民经济和社会发展统计公报
潍坊市统计局
2024年3月20日
一、综合
初步核算，全年全市地区生产总值7606.1亿元，按不变价格计算，比上年增长6.2%。其中，第一产业增加值689.9亿元，增长4.1%；第二产业增加值2918.4亿元，增长7.0%；第三产业增加值3997.8亿元，增长5.9%。三次产业结构调整为9.1:38.4:52.5。
全年居民消费价格比上年上涨0.3%。年末全市户籍人口907.5万人，比上年末减少1.2万人。
二、国内贸易
全年社会消费品零售总额3150.6亿元，比上年增长8.5%。
三、人民生活
全年全市居民人均可支配收入41253元，比上年增长6.0%。其中，城镇居民人均可支配收入53185元，增长4.8%；农村居民人均可支配收入26450元，增长7.1%。""",
        date(2024, 3, 20),
        "370700",
        "2023",
        [
            E("760610000000", "元", "amount"),
            E("6.2", "%", "growth"),
            E("68990000000", "元", "amount"),
            E("4.1", "%", "growth"),
            E("291840000000", "元", "amount"),
            E("7.0", "%", "growth"),
            E("399780000000", "元", "amount"),
            E("5.9", "%", "growth"),
            E("0.3", "%", "growth"),
            E("9075000", "人", "count"),
            E("-12000", "人", "count"),
            E("315060000000", "元", "amount"),
            E("8.5", "%", "growth"),
            E("41253", "元", "amount"),
            E("6.0", "%", "growth"),
            E("53185", "元", "amount"),
            E("4.8", "%", "growth"),
            E("26450", "元", "amount"),
            E("7.1", "%", "growth"),
        ],
    ),
    Article(
        "press_conference",
        """11月14日，省政府新闻办召开新闻发布会。记者从会上获悉，截至10月底，全省实有经营主体1052.6万户，同比增长5.3%；其中企业312.4万户，增长8.1%，个体工商户726.9万户。今年1-10月，全省新设经营主体136.8万户，日均新设4500户。
今年以来，全省市场监管部门共查办各类案件2.3万件，罚没款3.6亿元，移送公安机关312件。全省食品安全监督抽检12.8万批次，总体合格率97.8%，较上年提高0.6个百分点。
目前，全省每万人口高价值发明专利拥有量达到6.1件，居全国第十位。""",
        date(2024, 11, 15),
        "410000",
        "2024",
        [
            E("10526000", "户", "count", period="2024-10"),
            E("5.3", "%", "growth", period="2024-10"),
            E("3124000", "户", "count", period="2024-10"),
            E("8.1", "%", "growth", period="2024-10"),
            E("7269000", "户", "count", period="2024-10"),
            E("1368000", "户", "count", period="2024-01..2024-10"),
            E("4500", "户", "count", period="2024-01..2024-10"),
            E("23000", "件", "count"),
            E("360000000", "元", "amount"),
            E("312", "件", "count"),
            E("128000", "批次", "count"),
            E("97.8", "%", "ratio"),
            E("0.6", "个百分点", "other"),
            E("6.1", "件/万人", "density"),
            E("10", "位", "rank"),
        ],
    ),
    Article(
        "county_news",
        """安吉县市场监管局扎实推进民生领域执法
今年以来，安吉县市场监管局聚焦民生领域突出问题，共立案查处各类违法案件86起，罚没款127.5万元，其中食品类案件32起。开展专项检查行动一千二百余次，出动执法人员3500余人次，检查经营户两万余户。受理12315投诉举报1426件，为消费者挽回经济损失近48万元，按时办结率100%。
下一步，该局将力争全年完成食品抽检3000批次以上。""",
        date(2024, 7, 10),
        "330523",
        "2024",
        [
            E("86", "起", "count"),
            E("1275000", "元", "amount"),
            E("32", "起", "count"),
            E("1200", "次", "count", "at_least"),
            E("3500", "人次", "count", "at_least"),
            E("20000", "户", "count", "at_least"),
            E("1426", "件", "count"),
            E("480000", "元", "amount", "about"),
            E("100", "%", "ratio"),
            E("3000", "批次", "count", "at_least", target=True),
        ],
    ),
    Article(
        "traditional_fullwidth",
        """廣州市市場監督管理局發佈數據顯示，２０２３年全市新登記經營主體５６．８萬戶，同比增長１２．３％。截至２０２３年12月底，全市實有經營主體３４２．１萬戶，其中企業１９４．６萬戶，居全國第三位。全年共查處各類案件８６５０宗，罰沒金額約１．２億元，食品抽檢合格率達９８．６％。""",
        date(2024, 1, 20),
        "440100",
        "2023",
        [
            E("568000", "户", "count"),
            E("12.3", "%", "growth"),
            E("3421000", "户", "count", period="2023-12"),
            E("1946000", "户", "count", period="2023-12"),
            E("3", "位", "rank", period="2023-12"),
            E("8650", "宗", "count"),
            E("120000000", "元", "amount", "about"),
            E("98.6", "%", "ratio"),
        ],
    ),
    Article(
        "pinyin_glosses",
        """淄博市市场监管局消息，上半年全市共培育“专精特新”企业（qǐ yè）85家，较去年同期增加12家；新增注册商标（shāng biāo）4820件，同比下降3.2%。全市累（lěi）计有效注册商标达到15.3万件。""",
        date(2024, 7, 18),
        "370300",
        "2024-01..2024-06",
        [
            E("85", "家", "count"),
            E("12", "家", "count"),
            E("4820", "件", "count"),
            E("-3.2", "%", "growth"),
            E("153000", "件", "count"),
        ],
    ),
    Article(
        "work_report_targets",
        """2024年主要预期目标是：全市地区生产总值增长6%左右；一般公共预算收入增长5%；城镇新增就业25万人以上；居民消费价格涨幅3%左右。
今年要重点抓好以下工作：一是力争新增经营主体30万户以上，确保企业年报率不低于95%；二是全年培育国家级专精特新“小巨人”企业20家，高新技术企业总数达到1.3万家；三是实施“十四五”规划重点项目100个。""",
        date(2024, 2, 5),
        "510100",
        "2024",
        [
            E("6", "%", "growth", "about", target=True),
            E("5", "%", "growth", target=True),
            E("250000", "人", "count", "at_least", target=True),
            E("3", "%", "growth", "about", target=True),
            E("300000", "户", "count", "at_least", target=True),
            E("95", "%", "ratio", "at_least", target=True),
            E("20", "家", "count", target=True),
            E("13000", "家", "count", target=True),
            E("100", "个", "count", target=True),
        ],
    ),
    Article(
        "several_cities",
        """2023年，全省每万人口高价值发明专利拥有量达到15.6件。分市看，济南、青岛、烟台分别为34.5件、32.1件和19.8件。16市中，高于全省平均水平的有4个城市：济南(34.5)、青岛(32.1)、烟台(19.8)、威海(17.2)。潍坊、淄博发明专利授权量分别增长12.3%和8.7%。""",
        date(2024, 5, 10),
        "370000",
        "2023",
        [
            E("15.6", "件/万人", "density"),
            E("34.5", "件/万人", "density", region="370100"),
            E("32.1", "件/万人", "density", region="370200"),
            E("19.8", "件/万人", "density", region="370600"),
            E("4", "个", "count"),
            E("34.5", "件/万人", "density", region="370100"),
            E("32.1", "件/万人", "density", region="370200"),
            E("19.8", "件/万人", "density", region="370600"),
            E("17.2", "件/万人", "density", region="371000"),
            E("12.3", "%", "growth", region="370700"),
            E("8.7", "%", "growth", region="370300"),
            E("16", "市", "count", optional=True),
        ],
    ),
    Article(
        "ranks_and_multiples",
        """苏州市知识产权工作成效显著。截至11月底，全市有效发明专利拥有量达10.2万件，每万人口高价值发明专利拥有量达到52.6件，为全省平均的1.7倍，居全省第一。全市新增地理标志商标5件，商标有效注册量同比增长2.4倍，知识产权质押融资额位居全国首位。""",
        date(2023, 12, 28),
        "320500",
        "2023",
        [
            E("102000", "件", "count", period="2023-11"),
            E("52.6", "件/万人", "density", period="2023-11"),
            E("1.7", "倍", "other", period="2023-11"),
            E("1", "位", "rank", period="2023-11"),
            E("5", "件", "count"),
            E("2.4", "倍", "growth"),
            E("1", "位", "rank", optional=True),
        ],
    ),
    Article(
        "changes_and_fractions",
        """前三季度，全区规模以上工业增加值同比下降3.2%，降幅比上半年收窄1.5个百分点。全区注销企业较去年同期减少12家。抽样调查显示，近9成受访企业对营商环境表示满意，约三分之一的企业计划扩大投资，另有1/4的企业持观望态度。下一步，力争每个街道培育3至5家示范店。""",
        date(2024, 10, 25),
        "440106",
        "2024-01..2024-09",
        [
            E("-3.2", "%", "growth"),
            E("-1.5", "个百分点", "other"),  # 收窄: a signed change
            E("-12", "家", "count"),
            # A survey reported beside the quarter's figures: its period is debatable.
            E("90", "%", "ratio", "about", period="*"),
            E("33.333333", "%", "ratio", "about", period="*"),
            E("25", "%", "ratio", period="*"),
            # 下一步，力争…: a plan for the year, not for the first three quarters.
            E("3", "家", "count", "at_least", target=True, period="2024"),
            E("5", "家", "count", "at_most", target=True, period="2024"),
        ],
    ),
    Article(
        "months_and_quarters",
        """据统计，一季度全市新登记经营主体1.2万户；1-9月累计查处商标侵权案件56件；上半年共抽检食品8650批次；前三季度全市检验特种设备1.86万台。去年全市共查处价格违法案件45起。""",
        date(2024, 10, 20),
        "330200",
        "2024",
        [
            E("12000", "户", "count", period="2024-01..2024-03"),
            E("56", "件", "count", period="2024-01..2024-09"),
            E("8650", "批次", "count", period="2024-01..2024-06"),
            E("18600", "台", "count", period="2024-01..2024-09"),
            E("45", "起", "count", period="2023"),
        ],
    ),
    Article(
        "not_mentions",
        """2024年3月15日上午9时，市市场监管局在人民广场举办“3·15”国际消费者权益日主题活动。消费者可拨打12315热线或96333电梯应急处置电话反映问题。第十四届中国国际消费电子博览会期间，全市5G网络实现全覆盖。“十四五”以来，我局坚持“三个到位”“四个最严”，一是强化监管，二是优化服务，三是守牢底线。当天活动现场共接受群众咨询320人次。""",
        date(2024, 3, 16),
        "370200",
        "2024",
        [
            E("320", "人次", "count"),
        ],
    ),
    Article(
        "cities_listing_counts",
        """记者从省市场监管局获悉，今年1至8月，全省新增国家级质量标杆企业23家，其中西安8家、宝鸡5家、咸阳4家。全省特种设备安全状况总体平稳，万台设备死亡人数为0.12人。延安市新增注册商标2680件，同比增长15.6%，增速居全省第2位。""",
        date(2024, 9, 12),
        "610000",
        "2024-01..2024-08",
        [
            E("23", "家", "count"),
            E("8", "家", "count", region="610100"),
            E("5", "家", "count", region="610300"),
            E("4", "家", "count", region="610400"),
            E("0.12", "人/万台", "density", optional=True),
            E("2680", "件", "count", region="610600"),
            E("15.6", "%", "growth", region="610600"),
            E("2", "位", "rank", region="610600"),
        ],
    ),
]


ARTICLES += [
    Article(
        "county_with_city_and_province_totals",
        """今年以来，全市市场监管系统共查处各类案件1200件，其中我县查处320件，居全市第一。截至6月底，全省实有经营主体1000万户，全县实有经营主体8.6万户，同比增长6.5%。""",
        date(2024, 7, 5),
        "330523",
        "2024",
        [
            E("1200", "件", "count", region="330500"),
            E("320", "件", "count"),
            E("1", "位", "rank"),
            E("10000000", "户", "count", region="330000", period="2024-06"),
            E("86000", "户", "count", period="2024-06"),
            E("6.5", "%", "growth", period="2024-06"),
        ],
    ),
    Article(
        "mixed_forms",
        """上午9时30分，全市质量发展大会召开。会议通报，2021-2023年，全市累计培育省级以上品牌企业156家，检验检测机构数量约为1100家。全市网络交易额同比增长约1/3，市场主体数量是2012年的3.5倍。全市消费者满意度测评得分为85.6分。""",
        date(2024, 3, 1),
        "320100",
        "2024",
        [
            E("156", "家", "count", period="2021-01..2023-12"),
            E("1100", "家", "count", "about", period="2021-01..2023-12"),
            E("33.333333", "%", "growth", "about"),
            E("3.5", "倍", "other"),
            E("85.6", "分", "other"),
        ],
    ),
]

ARTICLES += [
    Article(
        "city_rank_lists",
        """今年上半年，全省新增经营主体85.2万户，同比增长7.3%。济南、青岛、烟台新增数量分别居全省第1位、第2位和第3位。济南、青岛发明专利授权量分别位居全省第一、第二。""",
        date(2024, 7, 25),
        "370000",
        "2024-01..2024-06",
        [
            E("852000", "户", "count"),
            E("7.3", "%", "growth"),
            E("1", "位", "rank", region="370100"),
            E("2", "位", "rank", region="370200"),
            E("3", "位", "rank", region="370600"),
            E("1", "位", "rank", region="370100"),
            E("2", "位", "rank", region="370200"),
        ],
    ),
    Article(
        "hong_kong_traditional",
        """政府統計處今日公佈，今年首季本港零售業總銷貨價值臨時估計為１，０２３億港元，按年下跌７．０％。去年第一季度零售業總銷貨價值為１，１００億港元。""",
        date(2024, 5, 2),
        "810000",
        "2024-01..2024-03",
        [
            E("102300000000", "元", "amount"),
            E("-7.0", "%", "growth"),
            E("110000000000", "元", "amount", period="2023-01..2023-03"),
        ],
    ),
]

ARTICLES += [
    Article(
        "plan_ranges_and_household_densities",
        """2024年全市经济社会发展主要预期目标：地区生产总值增长5.5%-6%，城乡居民人均可支配收入增长与经济增长同步，单位地区生产总值能耗下降3%左右。
2023年末，全市每百户居民家用汽车拥有量45.2辆，比上年末增加2.1辆。港口集装箱吞吐量达3000万标箱，比上年下降1.2%。""",
        date(2024, 1, 28),
        "370200",
        "2024",
        [
            E("5.5", "%", "growth", "at_least", target=True),
            E("6", "%", "growth", "at_most", target=True),
            E("-3", "%", "growth", "about", target=True),
            E("45.2", "辆/百户", "density", period="2023"),
            E("2.1", "辆/百户", "density", period="2023"),
            E("30000000", "标箱", "other", period="2023"),
            E("-1.2", "%", "growth", period="2023"),
        ],
    ),
]

ARTICLES += [
    Article(
        "five_year_plan_goals",
        """到“十四五”末，全市每万人口高价值发明专利拥有量达到20件。到2025年，全市经营主体总量突破150万户。2024年1-5月，全市新增企业1.2万家，比去年同期增长8%。""",
        date(2024, 6, 12),
        "370200",
        "2025",
        [
            E("20", "件/万人", "density", target=True),
            E("1500000", "户", "count", "at_least", target=True),
            E("12000", "家", "count", period="2024-01..2024-05"),
            E("8", "%", "growth", period="2024-01..2024-05"),
        ],
    ),
]


def _run(article: Article) -> list[dict]:
    found = extract_mentions(article.text, doc="t.txt", published=article.published, region_code=article.region)
    for m in found:
        assert article.text[m["start"] : m["end"]] == m["quote"]
    return found


def _matches(article: Article, e: E, m: dict) -> bool:
    return m["value"] == Decimal(e.value) and m["unit"] == e.unit


def score(article: Article) -> tuple[int, int, list[str]]:
    """(expected matched with all attributes right, expected non-optional, problems)."""
    found = _run(article)
    used: set[int] = set()
    problems: list[str] = []
    ok = total = 0
    for e in article.expected:
        total += not e.optional
        k = next((i for i, m in enumerate(found) if i not in used and _matches(article, e, m)), None)
        if k is None:
            if not e.optional:
                problems.append(f"missed {e.value} {e.unit}")
            continue
        used.add(k)
        m = found[k]
        want = {
            "kind": e.kind,
            "approx": e.approx,
            "target": e.target,
            "region_code": e.region or article.region,
            "period": article.period if e.period == "?" else e.period,
        }
        if e.period == "*":
            del want["period"]
        wrong = {f: (m[f], v) for f, v in want.items() if m[f] != v}
        if wrong:
            problems.append(f"{m['quote']}: {wrong}")
        elif not e.optional:
            ok += 1
    for i, m in enumerate(found):
        if i not in used:
            problems.append(f"unexpected {m['quote']} {m['value']} {m['unit']}")
    return ok, total, problems


@pytest.mark.parametrize("article", ARTICLES, ids=[a.name for a in ARTICLES])
def test_heldout_style(article: Article) -> None:
    ok, total, problems = score(article)
    assert not problems, problems
    assert ok == total
