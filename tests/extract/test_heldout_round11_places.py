"""Held-out-style sentences, round 11: places, kinds, units, values and the set of mentions.

Written for this round (not taken from the corpus, the gold or other tests), in the register of market-
supervision and statistics bureaus of provinces, cities and counties across China, in phrasings round 10's
tests do not use. Expectations follow shared/eval/GUIDE.md field by field: (value, unit, kind, approx,
region_code) per mention, in text order, and the catalog row where the sentence names one.
"""

from __future__ import annotations

import pytest

from tests.extract.helpers import mentions

Row = tuple[str, str, str, str, str | None]


def _fields(text: str, publisher: str) -> list[Row]:
    return [
        (str(m["value"]), m["unit"], m["kind"], m["approx"], m["region_code"]) for m in mentions(text, region=publisher)
    ]


def _indicators(text: str, publisher: str) -> list[str]:
    return [m["indicator"] for m in mentions(text, region=publisher)]


# ------------------------------------------------------------------ places inside the names of firms, schools, streets


@pytest.mark.parametrize(
    ("text", "publisher", "expected"),
    [
        (
            "青岛银行济南分行全年新增普惠小微贷款35.6亿元。",
            "370100",
            [("3560000000", "元", "amount", "exact", "370100")],
        ),
        ("北京银行南京分行新增制造业贷款56亿元。", "320100", [("5600000000", "元", "amount", "exact", "320100")]),
        ("南京银行苏州分行发放知识产权质押贷款8.2亿元。", "320500", [("820000000", "元", "amount", "exact", "320500")]),
        ("杭州银行宁波分行新增普惠贷款20亿元。", "330200", [("2000000000", "元", "amount", "exact", "330200")]),
        ("中国银行山东省分行发放普惠贷款260亿元。", "370100", [("26000000000", "元", "amount", "exact", "370100")]),
        (
            "重庆啤酒股份有限公司成都分公司实现销售收入12.3亿元。",
            "510100",
            [("1230000000", "元", "amount", "exact", "510100")],
        ),
        ("济南二机床集团有限公司实现营业收入68亿元。", "370100", [("6800000000", "元", "amount", "exact", "370100")]),
        ("深圳华为技术有限公司PCT国际专利申请量达6000件。", "440300", [("6000", "件", "count", "exact", "440300")]),
        ("山东港口青岛港完成集装箱吞吐量3000万标箱。", "370200", [("30000000", "标箱", "other", "exact", "370200")]),
        ("由浙江大学牵头，全市共建成新型研发机构36家。", "330200", [("36", "家", "count", "exact", "330200")]),
        ("与上海交通大学等高校合作共建实验室5个。", "370100", [("5", "个", "count", "exact", "370100")]),
        ("海南大学三亚南繁研究院新增植物新品种权12件。", "460200", [("12", "件", "count", "exact", "460200")]),
        ("香港科技大学（广州）新增专利申请56件。", "440100", [("56", "件", "count", "exact", "440100")]),
        ("澳门大学横琴校区周边新增商户120户。", "440400", [("120", "户", "count", "exact", "440400")]),
        ("兰州大学、西北师范大学等12所高校参与检测。", "620100", [("12", "所", "count", "exact", "620100")]),
        # 巴中 before 国家: the city, not 中国
        ("巴中国家农业科技园区新增入园企业26家。", "511900", [("26", "家", "count", "exact", "511900")]),
        # streets and roads named after other cities
        ("广州市北京路文化旅游区接待游客1200万人次。", "440100", [("12000000", "人次", "count", "exact", "440100")]),
        ("青岛市市北区天津路商圈新增商户56户。", "370200", [("56", "户", "count", "exact", "370203")]),
        ("人民路街道新增个体工商户320户。", "370100", [("320", "户", "count", "exact", "370100")]),
        ("上海路小学周边排查食品经营户42户。", "320300", [("42", "户", "count", "exact", "320300")]),
    ],
)
def test_a_place_inside_a_name_places_nothing(text: str, publisher: str, expected: list[Row]) -> None:
    assert _fields(text, publisher) == expected


# ------------------------------------------------------------------ districts after their city, zones, counties


@pytest.mark.parametrize(
    ("text", "publisher", "expected"),
    [
        ("青岛市崂山区新增高新技术企业186家。", "370200", [("186", "家", "count", "exact", "370212")]),
        ("苏州市昆山市地区生产总值突破5000亿元。", "320500", [("500000000000", "元", "amount", "at_least", "320583")]),
        ("潍坊市寿光市蔬菜交易量达到900万吨。", "370700", [("9000000", "吨", "other", "exact", "370783")]),
        ("重庆市渝中区新增个体工商户1.1万户。", "500000", [("11000", "户", "count", "exact", "500103")]),
        ("宁波市江北区新增企业2130家。", "330200", [("2130", "家", "count", "exact", "330205")]),
        (
            "广州市天河区新登记企业3.6万户，同比增长12.3%。",
            "440100",
            [("36000", "户", "count", "exact", "440106"), ("12.3", "%", "growth", "exact", "440106")],
        ),
        (
            "福州市鼓楼区新增个体工商户4260户，增长11.2%，增速居全市第1位。",
            "350100",
            [
                ("4260", "户", "count", "exact", "350102"),
                ("11.2", "%", "growth", "exact", "350102"),
                ("1", "位", "rank", "exact", "350102"),
            ],
        ),
        (
            "西安市雁塔区实有经营主体28.6万户，居全市第一。",
            "610100",
            [("286000", "户", "count", "exact", "610113"), ("1", "位", "rank", "exact", "610113")],
        ),
        ("天津滨海新区新设企业1.6万户。", "120000", [("16000", "户", "count", "exact", "120116")]),
        ("上海浦东新区新设外资企业1200家。", "310000", [("1200", "家", "count", "exact", "310115")]),
        # a zone without a code of its own is its city's
        ("成都高新区新登记经营主体4.3万户。", "510100", [("43000", "户", "count", "exact", "510100")]),
        ("郑州航空港经济综合实验区新设企业2600家。", "410100", [("2600", "家", "count", "exact", "410100")]),
        ("武汉东湖新技术开发区新增高新技术企业1260家。", "420100", [("1260", "家", "count", "exact", "420100")]),
        ("深圳前海深港现代服务业合作区新注册港资企业860家。", "440300", [("860", "家", "count", "exact", "440300")]),
        ("济南新旧动能转换起步区新登记经营主体5260户。", "370000", [("5260", "户", "count", "exact", "370100")]),
        ("中国（山东）自由贸易试验区济南片区新设企业3260家。", "370000", [("3260", "家", "count", "exact", "370100")]),
        (
            "在中国（浙江）自由贸易试验区杭州片区，新设企业1.2万家。",
            "330100",
            [("12000", "家", "count", "exact", "330100")],
        ),
        ("海南自由贸易港新增市场主体36.8万户。", "460000", [("368000", "户", "count", "exact", "460000")]),
        # county-level cities in a province's article
        ("义乌市实有经营主体突破100万户。", "330000", [("1000000", "户", "count", "at_least", "330782")]),
        ("晋江市新增市场主体2.1万户。", "350000", [("21000", "户", "count", "exact", "350582")]),
    ],
)
def test_districts_zones_and_counties(text: str, publisher: str, expected: list[Row]) -> None:
    assert _fields(text, publisher) == expected


# ------------------------------------------------------------------ several places in one sentence


@pytest.mark.parametrize(
    ("text", "publisher", "expected"),
    [
        (
            "县域中，昆山市地区生产总值达5140亿元，江阴市4950亿元。",
            "320000",
            [("514000000000", "元", "amount", "exact", "320583"), ("495000000000", "元", "amount", "exact", "320281")],
        ),
        (
            "全省县域经济中，寿光市、胶州市新增企业分别为3260户、2980户。",
            "370000",
            [("3260", "户", "count", "exact", "370783"), ("2980", "户", "count", "exact", "370281")],
        ),
        (
            "全省新登记经营主体126.3万户，其中济南市28.6万户、青岛市31.2万户。",
            "370000",
            [
                ("1263000", "户", "count", "exact", "370000"),
                ("286000", "户", "count", "exact", "370100"),
                ("312000", "户", "count", "exact", "370200"),
            ],
        ),
        (
            "从各市看，烟台市增长9.6%，潍坊市增长8.7%，临沂市增长7.9%。",
            "370000",
            [
                ("9.6", "%", "growth", "exact", "370600"),
                ("8.7", "%", "growth", "exact", "370700"),
                ("7.9", "%", "growth", "exact", "371300"),
            ],
        ),
        (
            "全市市场监管系统共查办各类案件3260件，罚没款1.2亿元，其中历城区查办案件568件。",
            "370100",
            [
                ("3260", "件", "count", "exact", "370100"),
                ("120000000", "元", "amount", "exact", "370100"),
                ("568", "件", "count", "exact", "370112"),
            ],
        ),
        (
            "全年全省共有9个设区市实现进出口正增长，其中南宁市增长18.6%、崇左市增长12.3%。",
            "450000",
            [
                ("9", "个", "count", "exact", "450000"),
                ("18.6", "%", "growth", "exact", "450100"),
                ("12.3", "%", "growth", "exact", "451400"),
            ],
        ),
        (
            "全市5个区县新登记经营主体均实现正增长，其中莱西市增长15.2%，增速居全市首位。",
            "370200",
            [
                ("5", "个", "count", "exact", "370200"),
                ("15.2", "%", "growth", "exact", "370285"),
                ("1", "位", "rank", "exact", "370285"),
            ],
        ),
        (
            "分区市看，黄岛区、城阳区、即墨区新登记经营主体数量位居前三，分别为3.2万户、2.1万户和1.8万户。",
            "370200",
            [
                ("32000", "户", "count", "exact", "370211"),
                ("21000", "户", "count", "exact", "370214"),
                ("18000", "户", "count", "exact", "370215"),
            ],
        ),
        (
            "济南市槐荫区、天桥区分别新增企业1230家和1156家。",
            "370000",
            [("1230", "家", "count", "exact", "370104"), ("1156", "家", "count", "exact", "370105")],
        ),
        (
            "烟台市芝罘区、莱山区、福山区分别新增“四上”企业36家、28家、21家。",
            "370600",
            [
                ("36", "家", "count", "exact", "370602"),
                ("28", "家", "count", "exact", "370613"),
                ("21", "家", "count", "exact", "370611"),
            ],
        ),
        (
            "成都市锦江区、青羊区、金牛区新增经营主体分别为2.1万户、1.9万户、2.3万户。",
            "510000",
            [
                ("21000", "户", "count", "exact", "510104"),
                ("19000", "户", "count", "exact", "510105"),
                ("23000", "户", "count", "exact", "510106"),
            ],
        ),
        (
            "全国市场监管系统共查处虚假广告案件2.6万件，我省查处1260件。",
            "370000",
            [("26000", "件", "count", "exact", "100000"), ("1260", "件", "count", "exact", "370000")],
        ),
        # the place a ranking clause ends on, first or runner-up, owns the next clause's figure
        (
            "全市各区县中，历城区新增企业最多，为6230户；其次是章丘区，为4120户。",
            "370100",
            [("6230", "户", "count", "exact", "370112"), ("4120", "户", "count", "exact", "370114")],
        ),
        (
            "各县市区中，增速最快的是平阴县，增长12.6%；次之的为商河县，增长9.8%。",
            "370100",
            [("12.6", "%", "growth", "exact", "370124"), ("9.8", "%", "growth", "exact", "370126")],
        ),
        (
            "合格率最高的为威海市，达99.5%；其次为烟台市，达99.2%。",
            "370000",
            [("99.5", "%", "ratio", "exact", "371000"), ("99.2", "%", "ratio", "exact", "370600")],
        ),
    ],
)
def test_several_places_in_one_sentence(text: str, publisher: str, expected: list[Row]) -> None:
    assert _fields(text, publisher) == expected


# ------------------------------------------------------------------ abroad: partners, visitors, places


@pytest.mark.parametrize(
    ("text", "publisher", "expected"),
    [
        (
            "全市对RCEP其他成员国进出口额达326亿元，增长8.9%。",
            "370200",
            [("32600000000", "元", "amount", "exact", "370200"), ("8.9", "%", "growth", "exact", "370200")],
        ),
        (
            "全市对共建“一带一路”国家进出口1.26万亿元，同比增长6.3%。",
            "440300",
            [("1260000000000", "元", "amount", "exact", "440300"), ("6.3", "%", "growth", "exact", "440300")],
        ),
        (
            "对日本、韩国进出口分别增长5.2%和3.1%。",
            "370200",
            [("5.2", "%", "growth", "exact", "370200"), ("3.1", "%", "growth", "exact", "370200")],
        ),
        (
            "全市对欧盟出口增长3.6%，对东盟出口增长12.1%。",
            "370200",
            [("3.6", "%", "growth", "exact", "370200"), ("12.1", "%", "growth", "exact", "370200")],
        ),
        ("德国企业在我市新设外商投资企业12家。", "320500", [("12", "家", "count", "exact", "320500")]),
        ("来自越南、泰国、马来西亚的采购商共签约项目23个。", "450100", [("23", "个", "count", "exact", "450100")]),
        (
            "在泰国曼谷举办的展会上，我市企业签约金额2.3亿美元。",
            "350200",
            [("230000000", "美元", "amount", "exact", "350200")],
        ),
        ("与德国、法国、意大利等12个国家建立合作关系。", "370100", [("12", "个", "count", "exact", "370100")]),
        (
            "在RCEP框架下，全市签发原产地证书1.2万份，货值12.3亿元。",
            "370100",
            [("12000", "份", "count", "exact", "370100"), ("1230000000", "元", "amount", "exact", "370100")],
        ),
        (
            "全市实际使用外资12.6亿美元，其中来自香港地区的外资8.3亿美元。",
            "370100",
            [("1260000000", "美元", "amount", "exact", "370100"), ("830000000", "美元", "amount", "exact", "370100")],
        ),
        # an investor from abroad acting in the publisher's own region: the figure is the region's
        ("新加坡淡马锡等境外投资机构在我市投资项目8个。", "320500", [("8", "个", "count", "exact", "320500")]),
        ("日本软银等境外投资机构在我市新设企业3家。", "370100", [("3", "家", "count", "exact", "370100")]),
        ("韩国乐天集团来我市考察，签约项目5个。", "370100", [("5", "个", "count", "exact", "370100")]),
        # a place abroad that is the subject
        ("同期，韩国出口额下降7.5%。", "370200", [("-7.5", "%", "growth", "exact", None)]),
        ("日本大阪府新增投资项目6个。", "370100", [("6", "个", "count", "exact", None)]),
        (
            "美国国内生产总值增长2.5%，欧元区增长0.4%。",
            "370100",
            [("2.5", "%", "growth", "exact", None), ("0.4", "%", "growth", "exact", None)],
        ),
    ],
)
def test_places_abroad(text: str, publisher: str, expected: list[Row]) -> None:
    assert _fields(text, publisher) == expected


# ------------------------------------------------------------------ ordinals, times, codes, phones and dates


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # ordinals
        ("第二批省级标准化试点项目中，我市入选12个。", [("12", "个", "count", "exact", "370100")]),
        ("第十二期培训班共培训食品安全管理人员320人次。", [("320", "人次", "count", "exact", "370100")]),
        ("在第24届中国专利奖评选中，我市获奖15项。", [("15", "项", "count", "exact", "370100")]),
        ("市食安委召开第五次全体会议，通报问题线索36条。", [("36", "条", "count", "exact", "370100")]),
        ("第三季度，全市新登记经营主体2.3万户。", [("23000", "户", "count", "exact", "370100")]),
        ("第4轮巡查共发现问题126个。", [("126", "个", "count", "exact", "370100")]),
        ("全市3家企业入选第六批国家级专精特新“小巨人”企业名单。", [("3", "家", "count", "exact", "370100")]),
        ("组织开展第十三届“中国品牌日”活动，参展企业达120家。", [("120", "家", "count", "exact", "370100")]),
        ("2024年第1号公告发布后，已有320家企业完成整改。", [("320", "家", "count", "exact", "370100")]),
        # the sectors of the economy are no ranks
        (
            "全市第一、二、三产业增加值分别增长3.5%、6.8%和5.2%。",
            [
                ("3.5", "%", "growth", "exact", "370100"),
                ("6.8", "%", "growth", "exact", "370100"),
                ("5.2", "%", "growth", "exact", "370100"),
            ],
        ),
        ("全市第一产业增加值增长3.2%。", [("3.2", "%", "growth", "exact", "370100")]),
        ("全市第三产业增加值占比达到62.5%。", [("62.5", "%", "ratio", "exact", "370100")]),
        # clock times, opening hours, 24小时
        ("服务大厅工作时间为9:00—17:00，全年办理业务12.6万件。", [("126000", "件", "count", "exact", "370100")]),
        ("12315热线实行24小时值守，全年接听来电3.6万个。", [("36000", "个", "count", "exact", "370100")]),
        ("每日8时至20时开放，日均接待群众1200人次。", [("1200", "人次", "count", "exact", "370100")]),
        ("执法人员于凌晨2时30分突击检查，查扣假冒产品560件。", [("560", "件", "count", "exact", "370100")]),
        ("全市推行“7×24小时”不打烊服务，自助办件8.6万件。", [("86000", "件", "count", "exact", "370100")]),
        ("上午9点至下午5点，共接待咨询群众860余人。", [("860", "人", "count", "at_least", "370100")]),
        ("全市建成15分钟便民生活圈28个。", [("28", "个", "count", "exact", "370100")]),
        ("举报电话：12315、12345，24小时受理，全年处置举报860件。", [("860", "件", "count", "exact", "370100")]),
        (
            "服务热线0531—82345678，工作日9:00-12:00、13:30-17:30接听，上半年接听咨询1.2万个。",
            [("12000", "个", "count", "exact", "370100")],
        ),
        # standards, model numbers, certifications, platforms, phone numbers
        ("依据GB/T 1234-2020标准，抽检电线电缆产品36批次。", [("36", "批次", "count", "exact", "370100")]),
        ("抽检GB 4806.7-2016食品接触用塑料制品60批次。", [("60", "批次", "count", "exact", "370100")]),
        ("执行Q/SH 0123-2021企业标准的产品抽检合格率为96.5%。", [("96.5", "%", "ratio", "exact", "370100")]),
        ("全市累计建成5G基站2.8万个。", [("28000", "个", "count", "exact", "370100")]),
        ("全市建成4K/8K超高清视频产业园2个。", [("2", "个", "count", "exact", "370100")]),
        ("检查3C认证产品经营单位126家。", [("126", "家", "count", "exact", "370100")]),
        ("全市ISO 9001认证企业达2360家。", [("2360", "家", "count", "exact", "370100")]),
        ("查获型号为ABC-1200的电动自行车16辆。", [("16", "辆", "count", "exact", "370100")]),
        (
            "通过12315平台受理投诉举报4.3万件，办结率99.2%。",
            [("43000", "件", "count", "exact", "370100"), ("99.2", "%", "ratio", "exact", "370100")],
        ),
        ("拨打96333电梯应急处置平台，全年处置电梯困人故障1260起。", [("1260", "起", "count", "exact", "370100")]),
        ("咨询热线400-800-1234，已服务企业320家。", [("320", "家", "count", "exact", "370100")]),
        ("手机号138 0531 2345的商户被列入经营异常名录，涉及商户36户。", [("36", "户", "count", "exact", "370100")]),
        # dates written in figures
        ("2024年3月15日，全市共受理消费投诉1260件。", [("1260", "件", "count", "exact", "370100")]),
        ("截至2024-06-30，全市实有经营主体98.6万户。", [("986000", "户", "count", "exact", "370100")]),
        ("截至2024/06/30，全市登记在册经营主体186.2万户。", [("1862000", "户", "count", "exact", "370100")]),
        ("2024.1.1起施行的新规涉及企业360家。", [("360", "家", "count", "exact", "370100")]),
        ("自2024年1月1日至6月30日，共检查餐饮单位2360家。", [("2360", "家", "count", "exact", "370100")]),
        ("“3·15”期间，全市开展宣传活动126场次。", [("126", "场次", "count", "exact", "370100")]),
        ("“十四五”以来，全市累计新增经营主体52.6万户。", [("526000", "户", "count", "exact", "370100")]),
    ],
)
def test_ordinals_times_codes_and_dates_are_no_figures(text: str, expected: list[Row]) -> None:
    assert _fields(text, "370100") == expected


def test_a_phone_number_in_another_city() -> None:
    assert _fields("热线电话（0532）85912315，年受理诉求3.2万件。", "370200") == [
        ("32000", "件", "count", "exact", "370200")
    ]


# ------------------------------------------------------------------ units


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("全社会用电量达到586.3亿千瓦时。", [("58630000000", "千瓦时", "other", "exact")]),
        (
            "全市光伏发电量12.6万千瓦时，节约标准煤38吨。",
            [("126000", "千瓦时", "other", "exact"), ("38", "吨", "other", "exact")],
        ),
        (
            "全市发电装机容量达到1260万千瓦，其中可再生能源装机520万千瓦。",
            [("12600000", "千瓦", "other", "exact"), ("5200000", "千瓦", "other", "exact")],
        ),
        ("全市光伏装机容量达到560兆瓦。", [("560", "兆瓦", "other", "exact")]),
        ("全市天然气消费量18.6亿立方米。", [("1860000000", "立方米", "other", "exact")]),
        (
            "全市天然气供应量5.6亿立方米，用水量3.2亿吨。",
            [("560000000", "立方米", "other", "exact"), ("320000000", "吨", "other", "exact")],
        ),
        (
            "港口集装箱吞吐量完成2830万标箱，增长6.2%。",
            [("28300000", "标箱", "other", "exact"), ("6.2", "%", "growth", "exact")],
        ),
        ("港口集装箱吞吐量完成2830万标准箱。", [("28300000", "标准箱", "other", "exact")]),
        (
            "粮食总产量达到75.3亿斤，增长1.2%。",
            [("7530000000", "斤", "other", "exact"), ("1.2", "%", "growth", "exact")],
        ),
        ("全市建成区面积达到860平方公里。", [("860", "平方公里", "other", "exact")]),
        (
            "中欧班列（济南）全年开行1200列，通达欧亚25个国家50余个城市。",
            [("1200", "列", "count", "exact"), ("25", "个", "count", "exact"), ("50", "个", "count", "at_least")],
        ),
        ("全年检查各类经营主体3.2万户次。", [("32000", "户次", "count", "exact")]),
        (
            "全市检查重点场所1.6万家次，出动执法人员3.2万人次。",
            [("16000", "家次", "count", "exact"), ("32000", "人次", "count", "exact")],
        ),
        (
            "检查营运车辆1.2万辆次，船舶260艘次。",
            [("12000", "辆次", "count", "exact"), ("260", "艘次", "count", "exact")],
        ),
        (
            "开展“双随机、一公开”抽查126次，检查市场主体3260户次。",
            [("126", "次", "count", "exact"), ("3260", "户次", "count", "exact")],
        ),
        (
            "约谈电商平台12家次，下架违规商品3600余件。",
            [("12", "家次", "count", "exact"), ("3600", "件", "count", "at_least")],
        ),
        ("完成计量器具强制检定12.6万台件。", [("126000", "台件", "count", "exact")]),
        ("全市旅客发送量达1.2亿人次。", [("120000000", "人次", "count", "exact")]),
        (
            "全市抽检网售食品1860批次，发现不合格23批次，不合格率1.24%。",
            [("1860", "批次", "count", "exact"), ("23", "批次", "count", "exact"), ("1.24", "%", "ratio", "exact")],
        ),
        # multiples: a change, or a comparison
        ("全市跨境电商交易额增长2.4倍。", [("2.4", "倍", "growth", "exact")]),
        (
            "全市进出口总额增长1.5倍，出口增长近2倍。",
            [("1.5", "倍", "growth", "exact"), ("2", "倍", "growth", "about")],
        ),
        ("人均专利拥有量为全省平均水平的1.8倍。", [("1.8", "倍", "other", "exact")]),
        ("全市人均GDP是全国平均水平的1.4倍。", [("1.4", "倍", "other", "exact")]),
        ("全市高新技术企业数量是2020年的2.1倍。", [("2.1", "倍", "other", "exact")]),
        # points between rates
        (
            "城镇调查失业率为5.1%，比上年下降0.3个百分点。",
            [("5.1", "%", "ratio", "exact"), ("-0.3", "个百分点", "other", "exact")],
        ),
        (
            "上半年，全市规上工业增加值同比增长8.3%，增速比一季度加快1.2个百分点。",
            [("8.3", "%", "growth", "exact"), ("1.2", "个百分点", "other", "exact")],
        ),
        (
            "全市出生率为6.1‰，死亡率为7.3‰，自然增长率下降1.2个千分点。",
            [("6.1", "‰", "ratio", "exact"), ("7.3", "‰", "ratio", "exact"), ("-1.2", "个千分点", "other", "exact")],
        ),
        ("出生人口4.5万人，出生率5.6‰。", [("45000", "人", "count", "exact"), ("5.6", "‰", "ratio", "exact")]),
        # densities and durations
        ("全市每千人拥有企业数达到41.2户。", [("41.2", "户/千人", "density", "exact")]),
        ("全市企业开办时间压缩至0.5个工作日。", [("0.5", "个工作日", "other", "exact")]),
        (
            "投诉举报按时办结率达100%，平均处理时长缩短至3.2天。",
            [("100", "%", "ratio", "exact"), ("3.2", "天", "other", "exact")],
        ),
    ],
)
def test_units_and_kinds(text: str, expected: list[tuple[str, str, str, str]]) -> None:
    assert [row[:4] for row in _fields(text, "370100")] == expected


def test_a_train_joining_a_list_is_no_count_of_trains() -> None:
    assert _fields("3家企业列入经营异常名录。", "370100") == [("3", "家", "count", "exact", "370100")]


# ------------------------------------------------------------------ approximations, ranges, scales written alone


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("全市新增企业1.2万余户。", [("12000", "户", "at_least")]),
        ("检查农贸市场300多个。", [("300", "个", "at_least")]),
        ("为消费者挽回经济损失300万元左右。", [("3000000", "元", "about")]),
        ("群众满意度达95%以上。", [("95", "%", "at_least")]),
        ("超六成企业实现数字化转型。", [("60", "%", "at_least")]),
        ("近五成个体工商户集中在批发零售业。", [("50", "%", "about")]),
        ("逾千家企业参与质量提升行动。", [("1000", "家", "at_least")]),
        ("涉案金额约1.2亿元。", [("120000000", "元", "about")]),
        ("全市旅游总收入约1200亿元左右。", [("120000000000", "元", "about")]),
        ("不到1%的企业存在违规问题。", [("1", "%", "at_most")]),
        ("全市新增就业超12万人。", [("120000", "人", "at_least")]),
        ("全市民营经济主体占比达97.3%，贡献了60%以上的税收。", [("97.3", "%", "exact"), ("60", "%", "at_least")]),
        # a scale written alone after 突破 (破千亿, 突破百万户): a count, at least
        ("全市农产品批发市场年交易额突破千亿元。", [("100000000000", "元", "at_least")]),
        ("全市网络零售额首次破千亿元。", [("100000000000", "元", "at_least")]),
        # ranges repeating their scale, with a wave dash or a dash
        ("全市新登记经营主体1.5万~2万户。", [("20000", "户", "at_most"), ("15000", "户", "at_least")]),
        ("全市新设经营主体2万—3万户。", [("30000", "户", "at_most"), ("20000", "户", "at_least")]),
    ],
)
def test_approximations(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert [(str(m["value"]), m["unit"], m["approx"]) for m in mentions(text, region="370100")] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "全年共受理投诉举报\n2.6万件，办结率99.6%。",
            [("26000", "件", "count", "exact", "370100"), ("99.6", "%", "ratio", "exact", "370100")],
        ),
        (
            "全市实有经营主体\n156.3万户，同比增长5.2%。",
            [("1563000", "户", "count", "exact", "370100"), ("5.2", "%", "growth", "exact", "370100")],
        ),
    ],
)
def test_a_line_wrapped_before_the_figure(text: str, expected: list[Row]) -> None:
    assert _fields(text, "370100") == expected


# ------------------------------------------------------------------ flows, stocks and the catalog row


@pytest.mark.parametrize(
    ("text", "publisher", "expected"),
    [
        ("济南市历下区实有经营主体18.6万户。", "370100", ["market_entities"]),
        ("杭州市余杭区有效发明专利拥有量达到3.2万件。", "330100", ["valid_invention_patents"]),
        ("苏州市昆山市地区生产总值突破5000亿元。", "320500", ["gdp"]),
        ("成都高新区新登记经营主体4.3万户。", "510100", ["new_market_entities"]),
        ("义乌市实有经营主体突破100万户。", "330000", ["market_entities"]),
        ("截至2024-06-30，全市实有经营主体98.6万户。", "370100", ["market_entities"]),
        ("全市存量经营主体达86.5万户。", "370100", ["market_entities"]),
        ("1—5月，全市累计新登记经营主体8.6万户。", "370100", ["new_market_entities"]),
        ("第一季度，全省规模以上工业增加值同比增长6.8%。", "370000", ["industrial_value_added_growth"]),
        (
            "截至年底，全市实有经营主体156.3万户，其中企业52.1万户、个体工商户102.6万户。",
            "370100",
            ["market_entities", "enterprises", "individual_businesses"],
        ),
        ("全年新登记企业3.2万户，同比增长6.5%。", "370100", ["new_market_entities", "new_market_entities_growth"]),
        (
            "市场主体总量达到120.6万户，较上年末增长7.8%。",
            "370100",
            ["market_entities", "market_entities_growth"],
        ),
        (
            "有效注册商标总量达28.6万件，新增注册商标1.9万件。",
            "370100",
            ["trademarks_registered", "new_trademarks_registered"],
        ),
        (
            "全年发明专利授权量3620件，有效发明专利拥有量2.36万件。",
            "370100",
            ["invention_patents_granted", "valid_invention_patents"],
        ),
        ("截至6月底，全市有效发明专利增长15.3%。", "370100", ["valid_invention_patents_growth"]),
        ("全市在用特种设备总量达12.6万台。", "370100", ["special_equipment_units"]),
        ("全市完成食品安全抽检2.6万批次。", "370100", ["food_sampling_batches"]),
        ("完成计量器具强制检定12.6万台件。", "370100", ["metrology_instruments_verified"]),
        ("为消费者挽回经济损失300万元左右。", "370100", ["consumer_losses_recovered"]),
        ("全市每万人发明专利拥有量近30件。", "370100", ["invention_patents_per_10k"]),
        ("全市城镇新增就业13.6万人，完成年度目标的113.3%。", "370100", ["new_urban_jobs", "plan_completion_rate"]),
        ("全市居民消费价格同比上涨0.3%。", "370100", ["cpi"]),
        ("全市新增就业超12万人。", "370100", ["new_urban_jobs"]),
        ("城镇调查失业率为5.1%。", "370100", ["urban_unemployment_rate"]),
        (
            "全区实现社会消费品零售总额286.3亿元，同比增长6.5%。",
            "370102",
            ["retail_sales", "retail_sales_growth"],
        ),
        (
            "全市外贸进出口总值4026.5亿元，同比增长5.6%。",
            "370200",
            ["foreign_trade", "foreign_trade_growth"],
        ),
        (
            "全市一般公共预算收入完成1068.5亿元，增长4.6%。",
            "370100",
            ["fiscal_revenue", "fiscal_revenue_growth"],
        ),
        (
            "全市实有个体工商户突破百万户大关，达到102.3万户。",
            "370100",
            ["individual_businesses", "individual_businesses"],
        ),
        ("全市检验检测机构达到286家。", "370100", ["inspection_agencies"]),
        (
            "全市共办理动产抵押登记1260件。",
            "370100",
            ["collateral_registrations"],
        ),
        # a qualifier-only phrase counts, with its own qualifier, what the clause before named
        ("全市企业总数达38.2万户，其中新增4.6万户。", "370100", ["enterprises", "new_market_entities"]),
        ("全市经营主体总量达到96.2万户，今年以来新登记8.3万户。", "370100", ["market_entities", "new_market_entities"]),
    ],
)
def test_flows_and_stocks_map_to_their_rows(text: str, publisher: str, expected: list[str]) -> None:
    assert _indicators(text, publisher) == expected


def test_a_qualifier_only_phrase_keeps_the_thing_counted() -> None:
    found = mentions("全市企业总数达38.2万户，其中新增4.6万户。", region="370100")
    assert [m["subject"] for m in found] == ["企业总数", "新增企业"]


# ------------------------------------------------------------------ paragraphs mixing places, counts and changes


@pytest.mark.parametrize(
    ("text", "publisher", "expected"),
    [
        (
            "分县区看，寿光、青州、诸城新登记经营主体分别为1.2万户、0.9万户和0.8万户。",
            "370700",
            [
                ("12000", "户", "count", "exact", "370783"),
                ("9000", "户", "count", "exact", "370781"),
                ("8000", "户", "count", "exact", "370782"),
            ],
        ),
        (
            "全市共有国家级高新技术企业6200家，比上年增加860家，增长16.1%。",
            "370100",
            [
                ("6200", "家", "count", "exact", "370100"),
                ("860", "家", "count", "exact", "370100"),
                ("16.1", "%", "growth", "exact", "370100"),
            ],
        ),
        (
            "在6月18日至20日举办的第二十届中国国际中小企业博览会上，我市签约项目12个。",
            "440100",
            [("12", "个", "count", "exact", "440100")],
        ),
        (
            "全市在用电梯8.6万部，2023年以来新增电梯4200部。",
            "370100",
            [("86000", "部", "count", "exact", "370100"), ("4200", "部", "count", "exact", "370100")],
        ),
        (
            "青岛海关数据显示，1—9月全市对RCEP成员国进出口2306.5亿元，增长6.8%，占全市外贸总值的30.2%。",
            "370200",
            [
                ("230650000000", "元", "amount", "exact", "370200"),
                ("6.8", "%", "growth", "exact", "370200"),
                ("30.2", "%", "ratio", "exact", "370200"),
            ],
        ),
        ("我市企业赴越南、柬埔寨投资设立企业15家。", "370100", [("15", "家", "count", "exact", "370100")]),
        (
            "泰国正大集团在我市投资建设的项目总投资达30亿元。",
            "370100",
            [("3000000000", "元", "amount", "exact", "370100")],
        ),
        (
            "济南市、青岛市分别位列全省第一、第二。",
            "370000",
            [("1", "位", "rank", "exact", "370100"), ("2", "位", "rank", "exact", "370200")],
        ),
        (
            "全县规上工业增加值增长7.1%，高于全市平均1.5个百分点，居全市第3位。",
            "370124",
            [
                ("7.1", "%", "growth", "exact", "370124"),
                ("1.5", "个百分点", "other", "exact", "370124"),
                ("3", "位", "rank", "exact", "370124"),
            ],
        ),
        (
            "平阴县规上工业增加值增长7.1%，居全市第3位。",
            "370100",
            [("7.1", "%", "growth", "exact", "370124"), ("3", "位", "rank", "exact", "370124")],
        ),
        (
            "全年开展食品安全抽检4.5万批次，每千人抽检量达4.8批次。",
            "370100",
            [("45000", "批次", "count", "exact", "370100"), ("4.8", "批次/千人", "density", "exact", "370100")],
        ),
        ("全市每万人口市场主体数量达到1860户。", "370100", [("1860", "户/万人", "density", "exact", "370100")]),
        (
            "全市2.3万余户个体工商户享受减税降费政策，减免金额3.6亿元。",
            "370100",
            [("23000", "户", "count", "at_least", "370100"), ("360000000", "元", "amount", "exact", "370100")],
        ),
        ("全市2000余家餐饮单位实现“明厨亮灶”。", "370100", [("2000", "家", "count", "at_least", "370100")]),
        ("全市上万家企业参与“诚信经营”承诺。", "370100", [("10000", "家", "count", "at_least", "370100")]),
        ("全市新登记经营主体同比增长两成以上。", "370100", [("20", "%", "growth", "at_least", "370100")]),
        ("全市经营主体中企业占比三成左右。", "370100", [("30", "%", "ratio", "about", "370100")]),
        # a time taken, measured, is a figure; opening hours are not
        (
            "全年共处置电梯困人故障1260起，平均到达现场时间12分钟。",
            "370100",
            [("1260", "起", "count", "exact", "370100"), ("12", "分钟", "other", "exact", "370100")],
        ),
        ("全市企业开办时长为1天。", "370100", [("1", "天", "other", "exact", "370100")]),
        ("大厅营业时间24小时，全年办件5.6万件。", "370100", [("56000", "件", "count", "exact", "370100")]),
    ],
)
def test_paragraphs(text: str, publisher: str, expected: list[Row]) -> None:
    assert _fields(text, publisher) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("全年共处置电梯困人故障1260起。", ["unclassified"]),  # (incidents, not lifts in 台)
        ("全市发生特种设备事故2起。", ["special_equipment_accidents"]),
        ("全市在用电梯8.6万部。", ["special_equipment_units"]),
        ("全市特种设备定期检验率达99.8%，同比提高0.3个百分点。", ["special_equipment_inspection_rate", "unclassified"]),
        ("截至目前，全市实有经营主体总量约为120万户。", ["market_entities"]),
        (
            "全市规上工业企业营业收入增长5.6%，利润总额增长8.9%。",
            ["industrial_revenue_growth", "industrial_profits_growth"],
        ),
        ("全市规上工业企业实现营业收入1.26万亿元。", ["industrial_revenue"]),
        ("全市规上服务业企业营业收入增长9.2%。", ["unclassified"]),
    ],
)
def test_incidents_machines_and_rates_map_to_their_rows(text: str, expected: list[str]) -> None:
    assert _indicators(text, "370100") == expected


# ------------------------------------------------------------------ places in a province's ranking, and yardsticks


@pytest.mark.parametrize(
    ("text", "publisher", "expected"),
    [
        ("历下区泉城路街道新增个体工商户320户。", "370100", [("320", "户", "count", "exact", "370102")]),
        ("平阴县孔村镇新增市场主体126户。", "370100", [("126", "户", "count", "exact", "370124")]),
        (
            "章丘新增企业2360家，莱芜新增1860家。",
            "370100",
            [("2360", "家", "count", "exact", "370114"), ("1860", "家", "count", "exact", "370116")],
        ),
        (
            "市区新增企业8600户，县域新增3200户。",
            "370100",
            [("8600", "户", "count", "exact", "370100"), ("3200", "户", "count", "exact", "370100")],
        ),
        (
            "淄博市新增企业3260户，而东营市新增1820户。",
            "370000",
            [("3260", "户", "count", "exact", "370300"), ("1820", "户", "count", "exact", "370500")],
        ),
        (
            "临沂市以12.6万户居全省首位。",
            "370000",
            [("126000", "户", "count", "exact", "371300"), ("1", "位", "rank", "exact", "371300")],
        ),
        (
            "滨州市有效发明专利1.2万件，增长15.3%，增速居全省第一。",
            "370000",
            [
                ("12000", "件", "count", "exact", "371600"),
                ("15.3", "%", "growth", "exact", "371600"),
                ("1", "位", "rank", "exact", "371600"),
            ],
        ),
        (
            "烟台市食品抽检合格率为98.9%，比全省平均水平高0.6个百分点。",
            "370000",
            [("98.9", "%", "ratio", "exact", "370600"), ("0.6", "个百分点", "other", "exact", "370600")],
        ),
        (
            "潍坊市、临沂市、济宁市分别以2.8万户、2.6万户、2.1万户位列前三。",
            "370000",
            [
                ("28000", "户", "count", "exact", "370700"),
                ("26000", "户", "count", "exact", "371300"),
                ("21000", "户", "count", "exact", "370800"),
            ],
        ),
        # a clause ranking a change: the bare 达/为 clause after it is that change
        ("全省各市中，日照市增长最快，达12.6%。", "370000", [("12.6", "%", "growth", "exact", "371100")]),
        ("各市中，增速最高的是德州市，为9.3%。", "370000", [("9.3", "%", "growth", "exact", "371400")]),
        ("降幅最大的是东营市，为5.2%。", "370000", [("-5.2", "%", "growth", "exact", "370500")]),
        ("合格率最高的为威海市，达99.5%。", "370000", [("99.5", "%", "ratio", "exact", "371000")]),
        # the yardstick of a comparison, a multiple or a share is not whose figure it is
        ("与临沂市相比，我市新增企业多1260户。", "370800", [("1260", "户", "count", "exact", "370800")]),
        ("我市新增企业比青岛市多1260户。", "370100", [("1260", "户", "count", "exact", "370100")]),
        ("全市新增企业数是潍坊市的1.2倍。", "370100", [("1.2", "倍", "other", "exact", "370100")]),
        ("全市网络零售额相当于青岛市的80%。", "370100", [("80", "%", "ratio", "exact", "370100")]),
        ("全市新增企业数占全省的15.6%。", "370100", [("15.6", "%", "ratio", "exact", "370100")]),
    ],
)
def test_places_in_rankings_and_yardsticks(text: str, publisher: str, expected: list[Row]) -> None:
    assert _fields(text, publisher) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("全市实有经营主体同比增长6.2%。", ["market_entities_growth"]),
        ("全市经营主体总量增长5.6%。", ["market_entities_growth"]),
        ("全市新登记企业同比下降3.1%。", ["new_market_entities_growth"]),
        ("全市新设个体工商户6.3万户。", ["new_market_entities"]),
        ("全市新发展经营主体12.6万户。", ["new_market_entities"]),
        ("全市新开办企业2.3万户。", ["new_market_entities"]),
        ("全市个体工商户总数达到102.6万户。", ["individual_businesses"]),
        ("全市现有个体工商户102.6万户。", ["individual_businesses"]),
        ("全市登记在册个体工商户102.6万户。", ["individual_businesses"]),
        # the stock of enterprises by its other names
        ("全市企业存量达到52.3万户。", ["enterprises"]),
        ("全市现有企业52.3万户。", ["enterprises"]),
        ("全市在营企业52.3万户，新增企业3.2万户。", ["enterprises", "new_market_entities"]),
        ("全市有效商标注册量达到28.6万件。", ["trademarks_registered"]),
        ("全市专利授权总量达到5.6万件。", ["patents_granted"]),
        ("全市累计拥有有效发明专利4.6万件。", ["valid_invention_patents"]),
        ("全市新增发明专利授权2360件。", ["invention_patents_granted"]),
        ("全市在册特种设备12.6万台，其中电梯8.2万台。", ["special_equipment_units", "special_equipment_units"]),
        ("全市食品生产经营主体总数达15.6万户。", ["food_entities"]),
        ("全市新增检验检测机构26家，总数达到312家。", ["inspection_agencies", "inspection_agencies"]),
        ("全市新增地理标志商标6件，累计达到58件。", ["geographical_indications", "geographical_indications"]),
        ("全市新增马德里商标国际注册126件。", ["madrid_trademarks"]),
        ("全市新增就业12.6万人，城镇调查失业率5.1%。", ["new_urban_jobs", "urban_unemployment_rate"]),
    ],
)
def test_flow_and_stock_names(text: str, expected: list[str]) -> None:
    assert _indicators(text, "370100") == expected


@pytest.mark.parametrize(
    ("text", "publisher", "expected"),
    [
        # a place abroad named as our partner or market (我市 later in its clause): the figure is ours
        (
            "东盟继续保持我市第一大贸易伙伴地位，进出口额达568亿元。",
            "370200",
            [("56800000000", "元", "amount", "exact", "370200")],
        ),
        (
            "俄罗斯、哈萨克斯坦成为我市增长最快的出口市场，分别增长56.3%和42.1%。",
            "370100",
            [("56.3", "%", "growth", "exact", "370100"), ("42.1", "%", "growth", "exact", "370100")],
        ),
        (
            "从国别看，对美国出口下降3.2%，对欧盟出口增长5.1%。",
            "370200",
            [("-3.2", "%", "growth", "exact", "370200"), ("5.1", "%", "growth", "exact", "370200")],
        ),
        (
            "其中，对韩国进出口286亿元，增长4.5%。",
            "370200",
            [("28600000000", "元", "amount", "exact", "370200"), ("4.5", "%", "growth", "exact", "370200")],
        ),
        (
            "全市累计开行中欧班列至莫斯科、明斯克等12个城市。",
            "370100",
            [("12", "个", "count", "exact", "370100")],
        ),
        ("在德国汉诺威工业博览会上，我市15家企业参展。", "370100", [("15", "家", "count", "exact", "370100")]),
        (
            "赴日本、韩国开展经贸洽谈活动8场次，签约项目16个。",
            "370200",
            [("8", "场次", "count", "exact", "370200"), ("16", "个", "count", "exact", "370200")],
        ),
        ("在越南胡志明市设立海外仓3个。", "370200", [("3", "个", "count", "exact", "370200")]),
        ("全市企业在RCEP成员国设立境外投资企业46家。", "370200", [("46", "家", "count", "exact", "370200")]),
        ("全市来自日本的游客增长1.5倍。", "370200", [("1.5", "倍", "growth", "exact", "370200")]),
        # a place abroad as the subject keeps no code
        (
            "新加坡GDP增长1.1%，马来西亚增长3.7%。",
            "370100",
            [("1.1", "%", "growth", "exact", None), ("3.7", "%", "growth", "exact", None)],
        ),
        ("日本东京都共有企业62万家。", "370100", [("620000", "家", "count", "exact", None)]),
        (
            "东京都新增企业数下降4.1%，大阪府下降2.3%。",
            "370100",
            [("-4.1", "%", "growth", "exact", None), ("-2.3", "%", "growth", "exact", None)],
        ),
    ],
)
def test_partners_markets_and_places_abroad(text: str, publisher: str, expected: list[Row]) -> None:
    assert _fields(text, publisher) == expected


def test_a_figure_before_our_level_word_stays_abroad() -> None:
    # (the eight firms are São Paulo's; only a figure after 我市 is ours)
    found = mentions("据统计，巴西圣保罗的8家企业与我市签约。", region="330200")
    assert [(m["region_code"], m["region_source"]) for m in found] == [(None, "foreign")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # digits inside a name (PM2.5, AAA级, C919, G20, H7N9, 1+N, 3.15) are no figures and end no subject
        (
            "全市PM2.5平均浓度为32微克/立方米，同比下降5.9%。",
            [("32", "微克/立方米", "other", "PM2.5平均浓度"), ("-5.9", "%", "growth", "PM2.5平均浓度增长")],
        ),
        ("全市PM10浓度68微克/立方米。", [("68", "微克/立方米", "other", "PM10浓度")]),
        ("全市新增AAA级信用企业126家。", [("126", "家", "count", "新增AAA级信用企业")]),
        ("C919大飞机配套企业达到16家。", [("16", "家", "count", "C919大飞机配套企业")]),
        ("落实“1+N”政策体系，出台配套措施26条。", [("26", "条", "count", "出台配套措施")]),
        ("H7N9防控期间，检查活禽市场126个。", [("126", "个", "count", "检查活禽市场")]),
        ("全市开通12345、12315“双号并行”，全年转办工单6.8万件。", [("68000", "件", "count", "转办工单")]),
        ("每晚20时至次日6时实行错峰检查，检查夜市摊点860个。", [("860", "个", "count", "检查夜市摊点")]),
        ("建设“15分钟”便民服务圈。", []),
    ],
)
def test_digits_inside_names(text: str, expected: list[tuple[str, str, str, str]]) -> None:
    found = mentions(text, region="370100")
    assert [(str(m["value"]), m["unit"], m["kind"], m["subject"]) for m in found] == expected


@pytest.mark.parametrize(
    ("text", "publisher", "expected"),
    [
        # a list of places named as where a group comes from (等地商会, 等地客商)
        ("全市共有北京、上海等地商会36家。", "370100", [("36", "家", "count", "exact", "370100")]),
        ("广东、福建等地客商签约项目26个。", "370100", [("26", "个", "count", "exact", "370100")]),
        ("浙江商会会员企业达到860家。", "370100", [("860", "家", "count", "exact", "370100")]),
        # (a list of places as the subject still places the figure)
        ("济南、青岛等地新增企业3.2万户。", "370100", [("32000", "户", "count", "exact", "370200")]),
        # firms, banks, hospitals and schools; a port is its city's
        ("南山集团实现营业收入1200亿元。", "370600", [("120000000000", "元", "amount", "exact", "370600")]),
        ("日照银行新增贷款120亿元。", "370000", [("12000000000", "元", "amount", "exact", "370000")]),
        ("广州酒家集团新增门店28家。", "440100", [("28", "家", "count", "exact", "440100")]),
        ("山东大学第二医院新增专利36件。", "370100", [("36", "件", "count", "exact", "370100")]),
        ("天津路小学新增学位360个。", "370200", [("360", "个", "count", "exact", "370200")]),
        ("烟台港完成货物吞吐量4.8亿吨。", "370000", [("480000000", "吨", "other", "exact", "370600")]),
        # districts and zones sharing a name with others
        ("南京江北新区新增企业1.2万户。", "320000", [("12000", "户", "count", "exact", "320100")]),
        ("重庆江北区新增企业1.2万户。", "500000", [("12000", "户", "count", "exact", "500105")]),
        ("深圳市南山区新增商事主体5.6万户。", "440300", [("56000", "户", "count", "exact", "440305")]),
        ("青岛市黄岛区（西海岸新区）新增企业2.6万户。", "370000", [("26000", "户", "count", "exact", "370211")]),
        (
            "济南高新区、济南新旧动能转换起步区新增企业分别为6200户、1800户。",
            "370000",
            [("6200", "户", "count", "exact", "370100"), ("1800", "户", "count", "exact", "370100")],
        ),
    ],
)
def test_groups_from_places_firms_and_namesakes(text: str, publisher: str, expected: list[Row]) -> None:
    assert _fields(text, publisher) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # our own region as a yardstick after a place abroad or a district: the figure stays theirs
        ("日本东京新设企业数是我市的3倍。", [("3", "倍", "other", "exact", None)]),
        ("东京新设企业数比我市多1200家。", [("1200", "家", "count", "exact", None)]),
        (
            "历城区新增企业增长12%，高于我市平均3个百分点。",
            [("12", "%", "growth", "exact", "370112"), ("3", "个百分点", "other", "exact", "370112")],
        ),
    ],
)
def test_our_region_as_a_yardstick(text: str, expected: list[Row]) -> None:
    assert _fields(text, "370100") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("全市近3成企业实现线上销售。", [("30", "%", "ratio", "about")]),
        ("超9成消费纠纷在线解决。", [("90", "%", "ratio", "at_least")]),
        ("全市投诉调解成功率达到九成以上。", [("90", "%", "ratio", "at_least")]),
        ("全市新增企业中，小微企业占比超过九成。", [("90", "%", "ratio", "at_least")]),
        ("全市新增企业增长两成多。", [("20", "%", "growth", "at_least")]),
        ("全市新增企业1万多户。", [("10000", "户", "count", "at_least")]),
        ("全市新增企业1.2万户左右。", [("12000", "户", "count", "about")]),
        ("全市百余家企业参加。", [("100", "家", "count", "at_least")]),
        ("全市上千家企业参加。", [("1000", "家", "count", "at_least")]),
        ("培训千余人次。", [("1000", "人次", "count", "at_least")]),
        ("建成服务站20余个。", [("20", "个", "count", "at_least")]),
        ("全市不合格率不足1%。", [("1", "%", "ratio", "at_most")]),
        ("全年新增经营主体将近10万户。", [("100000", "户", "count", "about")]),
        ("新增经营主体接近10万户。", [("100000", "户", "count", "about")]),
        ("新增经营主体大约10万户。", [("100000", "户", "count", "about")]),
        ("新增经营主体至少10万户。", [("100000", "户", "count", "at_least")]),
        # the approximation of a share stands before 占
        ("全市办件量约占全省的两成。", [("20", "%", "ratio", "about")]),
        ("全市网络零售额约占社会消费品零售总额的35.6%。", [("35.6", "%", "ratio", "about")]),
        ("全市签约占比为35%。", [("35", "%", "ratio", "exact")]),
        # a change a plan holds to is a change
        ("全市居民消费价格涨幅控制在3%以内。", [("3", "%", "growth", "at_most")]),
        ("全市规上工业增加值增速保持在6%左右。", [("6", "%", "growth", "about")]),
    ],
)
def test_approximation_markers(text: str, expected: list[tuple[str, str, str, str]]) -> None:
    assert [row[:4] for row in _fields(text, "370100")] == expected


@pytest.mark.parametrize(
    ("text", "publisher", "code"),
    [
        # an autonomous division by its short name whose code changed: today's version, not the first one listed
        ("新疆伊犁州新增企业2300户。", "650000", "654000"),
        ("伊犁州新增企业2300户。", "650000", "654000"),
        ("海南州新设经营主体3200户。", "630000", "632500"),
        ("连山县新增个体工商户860户。", "441800", "441825"),
        ("连南县新增个体工商户860户。", "440000", "441826"),
        ("杜尔伯特县新增企业320户。", "230000", "230624"),
        # place names running into the next word (山东营商, 河北京津冀, 陕西安康, 湖北京山)
        ("山东营商环境持续优化，全省新增经营主体126万户。", "370000", "370000"),
        ("河北京津冀协同发展项目签约56个。", "130000", "130000"),
        ("陕西安康市新增企业3200户。", "610000", "610900"),
        ("湖北京山市新增企业1200户。", "420000", "420882"),
        ("江西安福县新增企业860户。", "360000", "360829"),
        ("安徽和县新增企业860户。", "340000", "340523"),
    ],
)
def test_a_division_by_its_short_name_in_its_year(text: str, publisher: str, code: str) -> None:
    assert [m["region_code"] for m in mentions(text, region=publisher)] == [code]
