"""Held-out-style sentences, round 10: places, kinds, units, values and mention boundaries.

Written for this round (not taken from the corpus, the gold or other tests), in the register of market-
supervision and statistics bureaus of provinces, cities and counties across China. Expectations follow
shared/eval/GUIDE.md field by field. Each class has several forms; the grammar is fixed for the class.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.extract.helpers import mentions, one


def _read(text: str, region: str = "370100") -> list[tuple[str, str, str]]:
    return [(str(m["value"]), m["unit"], m["kind"]) for m in mentions(text, region=region)]


def _placed(text: str, region: str) -> list[tuple[str, str | None]]:
    return [(str(m["value"]), m["region_code"]) for m in mentions(text, region=region)]


# ------------------------------------------------------------------ numbers that are no figures


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # document numbers, standard codes, model numbers, law articles, phone numbers
        ("依据济市监发〔2024〕12号文件，全市开展专项检查120次。", [("120", "次", "count")]),
        (
            "按照GB 2760-2014标准，抽检食品添加剂48批次，合格率100%。",
            [("48", "批次", "count"), ("100", "%", "ratio")],
        ),
        ("执行GB/T 19001-2016标准的企业达860家。", [("860", "家", "count")]),
        ("涉案产品型号为XJ-2000A，货值金额3.6万元。", [("36000", "元", "amount")]),
        ("根据《食品安全法》第一百三十六条规定，对该企业罚款5万元。", [("50000", "元", "amount")]),
        ("市场监管局咨询电话0531-86123456，举报电话12345。", []),
        ("投诉举报电话：0531-12315，全年受理投诉2.3万件。", [("23000", "件", "count")]),
        # ordinals (第N次/届/批) and clock times
        ("第三届质量大会共签约项目26个，总金额约58亿元。", [("26", "个", "count"), ("5800000000", "元", "amount")]),
        ("第5次全国经济普查显示，全市共有法人单位32.6万个。", [("326000", "个", "count")]),
        ("会议于9:30-11:30举行，全市300余家企业参会。", [("300", "家", "count")]),
        ("每周一至周五8:30—12:00、13:00—17:00受理，全年共受理申请2.6万件。", [("26000", "件", "count")]),
    ],
)
def test_codes_ordinals_and_clock_times_are_no_figures(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert _read(text) == expected


# ------------------------------------------------------------------ the longest administrative name


@pytest.mark.parametrize(
    ("text", "publisher", "code", "subject"),
    [
        ("杭州市上城区新登记企业3560户。", "330100", "330102", "新登记企业"),
        ("上城区新登记企业3560户。", "330100", "330102", "新登记企业"),
        ("石家庄市长安区新设企业1560户。", "130100", "130102", "新设企业"),
        ("长安区新设企业1560户。", "130100", "130102", "新设企业"),
        ("西安市新城区新设经营主体3200户。", "610100", "610102", "新设经营主体"),
        ("无锡市新吴区新增高新技术企业326家。", "320200", "320214", "新增高新技术企业"),
        ("哈尔滨市南岗区新增个体工商户2360户。", "230100", "230103", "新增个体工商户"),
        ("厦门市思明区实有经营主体21.3万户。", "350200", "350203", "实有经营主体"),
        # a district or county whose name opens on 和 (a phrase break elsewhere) keeps its whole name
        ("天津市和平区新登记企业890户。", "120000", "120101", "新登记企业"),
        ("和县新登记经营主体3260户。", "340500", "340523", "新登记经营主体"),
    ],
)
def test_a_district_after_its_city_is_the_district(text: str, publisher: str, code: str, subject: str) -> None:
    m = one(text, region=publisher)
    assert (m["region_code"], m["subject"]) == (code, subject)
    assert m["start"] >= text.index(subject)  # (the quote does not open inside the place's name)


def test_a_development_zone_takes_its_citys_code() -> None:
    assert one("苏州工业园区新增上市公司6家。", region="320500")["region_code"] == "320500"


def test_a_density_of_a_district() -> None:
    m = one("成都市武侯区每万人拥有发明专利数达到45.6件。", region="510100")
    assert (str(m["value"]), m["unit"], m["kind"], m["region_code"]) == ("45.6", "件/万人", "density", "510107")


# ------------------------------------------------------------------ places inside names, venues, origins


@pytest.mark.parametrize(
    ("text", "publisher"),
    [
        # a bare place opening a brand (a list of brands, 老字号, 品牌) is no region
        ("全市共有中华老字号企业12家，其中东阿阿胶、青岛啤酒等品牌销售额超过50亿元。", "370100"),
        ("全市重点培育的青岛啤酒等知名品牌年销售额达到36亿元。", "370100"),
        ("青岛啤酒品牌价值达到2182亿元。", "370100"),
        # a firm or an institution
        ("青岛啤酒股份有限公司济南分公司年产值达到8.5亿元。", "370100"),
        ("济南大学新申请发明专利326件。", "370200"),
        # where shares are listed is a venue
        ("截至6月底，全市在香港上市企业达到15家。", "320100"),
        ("我市企业在香港主板挂牌上市3家。", "370100"),
        # an origin
        ("全市外资企业中，来自台湾地区的企业126家。", "370100"),
    ],
)
def test_a_place_inside_a_name_or_a_venue_gives_no_region(text: str, publisher: str) -> None:
    assert {m["region_code"] for m in mentions(text, region=publisher)} == {publisher}


def test_a_place_before_a_full_name_still_counts() -> None:
    # 济南市 before a 商标 word is the city (a full name is no brand)
    m = one("济南市驰名商标达到26件。", region="370200")
    assert m["region_code"] == "370100"


# ------------------------------------------------------------------ abroad, Hong Kong, Macao, Taiwan, the country


@pytest.mark.parametrize(
    ("text", "publisher", "expected"),
    [
        ("新加坡新增投资项目8个，合同外资2.3亿美元。", "370100", [("8", None), ("230000000", None)]),
        ("日本东京都新增企业数下降5.3%。", "370100", [("-5.3", None)]),
        # a trade partner is where the goods went, the figure is the city's
        ("全市对东盟进出口总额达86.3亿元，增长15.6%。", "370100", [("8630000000", "370100"), ("15.6", "370100")]),
        ("全市对美国出口额下降3.2%。", "320100", [("-3.2", "320100")]),
        ("澳门地区新设企业52家，同比增长12.5%。", "440400", [("52", "820000"), ("12.5", "820000")]),
        ("台湾地区投资企业累计达到1230家。", "350100", [("1230", "710000")]),
        ("香港新设企业1.2万家。", "440300", [("12000", "810000")]),
        ("全国新设经营主体1234.5万户，同比增长12.7%。", "370100", [("12345000", "100000"), ("12.7", "100000")]),
        (
            "全国食品抽检合格率为97.6%，我市高于全国平均1.2个百分点。",
            "370100",
            [("97.6", "100000"), ("1.2", "370100")],
        ),
    ],
)
def test_places_abroad_and_the_country(text: str, publisher: str, expected: list[tuple[str, str | None]]) -> None:
    assert _placed(text, publisher) == expected


def test_a_foreign_figure_is_named_as_written() -> None:
    found = mentions("新加坡新增投资项目8个，合同外资2.3亿美元。", region="370100")
    assert {(m["region"], m["region_source"]) for m in found} == {("新加坡", "foreign")}


# ------------------------------------------------------------------ units and kinds


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # per mille and its points: a gap between two rates in ‰ is no count of 个
        ("全市出生率为7.85‰，同比回落0.36个千分点。", [("7.85", "‰", "ratio"), ("-0.36", "个千分点", "other")]),
        ("全市人口死亡率为8.1‰，较上年上升0.3个千分点。", [("8.1", "‰", "ratio"), ("0.3", "个千分点", "other")]),
        ("全县婴儿死亡率降至3.2‰，下降0.4千分点。", [("3.2", "‰", "ratio"), ("-0.4", "千分点", "other")]),
        # a share and its change in points
        ("个体工商户占比为68.5%，较上年提高1.3个百分点。", [("68.5", "%", "ratio"), ("1.3", "个百分点", "other")]),
        (
            "全市个体工商户占经营主体总量的比重为68.2%，较上年下降0.6个百分点。",
            [("68.2", "%", "ratio"), ("-0.6", "个百分点", "other")],
        ),
        # falls are negative, whatever the verb
        ("全市工业用电量同比回落2.1%。", [("-2.1", "%", "growth")]),
        ("全市规模以上工业企业利润同比减少12.6%。", [("-12.6", "%", "growth")]),
        ("郑州市金水区新登记个体工商户1.2万户，较上年减少3.4%。", [("12000", "户", "count"), ("-3.4", "%", "growth")]),
        # prices are money in 元; visitors in 人次; scores in 分
        ("全市生猪收购价格为15200元/吨，同比下降8.6%。", [("15200", "元", "amount"), ("-8.6", "%", "growth")]),
        ("全市A级景区接待游客1256.3万人次，同比增长23.4%。", [("12563000", "人次", "count"), ("23.4", "%", "growth")]),
        ("全市消费者满意度为86.5分，较上年提高1.2分。", [("86.5", "分", "other"), ("1.2", "分", "other")]),
        # a rank beside the figure it ranks
        ("全市知识产权质押融资额达到46.3亿元，居全省第2位。", [("4630000000", "元", "amount"), ("2", "位", "rank")]),
        (
            "全市每万人口高价值发明专利拥有量12.3件，居全省第1位。",
            [("12.3", "件/万人", "density"), ("1", "位", "rank")],
        ),
    ],
)
def test_units_and_kinds(text: str, expected: list[tuple[str, str, str]], region: str = "370100") -> None:
    assert _read(text, region) == expected


# ------------------------------------------------------------------ approximations and ranges


@pytest.mark.parametrize(
    ("text", "value", "approx", "subject"),
    [
        ("全市新增经营主体近2万户。", "20000", "about", "新增经营主体"),
        ("第三届质量大会总金额约58亿元。", "5800000000", "about", "第三届质量大会总金额"),
        ("全市新登记企业逾1.5万户。", "15000", "at_least", "新登记企业"),
        ("全市实有经营主体超150万户。", "1500000", "at_least", "实有经营主体"),
        ("全县新增个体工商户将近3000户。", "3000", "about", "新增个体工商户"),
    ],
)
def test_an_approximation_is_the_figures_not_the_subjects(text: str, value: str, approx: str, subject: str) -> None:
    m = one(text, region="370100")
    assert (str(m["value"]), m["approx"], m["subject"]) == (value, approx, subject)


@pytest.mark.parametrize(
    ("text", "expected", "indicator"),
    [
        ("全市规上工业增加值增长5%-8%。", [("5", "at_least"), ("8", "at_most")], "industrial_value_added_growth"),
        ("全市社会消费品零售总额同比下降2%-3%。", [("-2", "at_least"), ("-3", "at_most")], "retail_sales_growth"),
    ],
)
def test_the_high_end_of_a_range_is_the_same_change(text: str, expected: list[tuple[str, str]], indicator: str) -> None:
    found = mentions(text, region="370100")
    assert [(str(m["value"]), m["approx"]) for m in found] == expected
    assert {m["kind"] for m in found} == {"growth"}
    assert {m["indicator"] for m in found} == {indicator}
    assert found[0]["subject"] == found[1]["subject"]


# ------------------------------------------------------------------ flows, stocks and label：value in prose


@pytest.mark.parametrize(
    ("text", "publisher", "indicator"),
    [
        ("厦门市思明区实有经营主体21.3万户。", "350200", "market_entities"),
        ("武汉市洪山区市场主体总量突破30万户。", "420100", "market_entities"),
        ("郑州市金水区新登记个体工商户1.2万户。", "410100", "new_market_entities"),
        ("澳门地区新设企业52家。", "440400", "new_market_entities"),
        ("深圳市南山区有效发明专利拥有量达到8.9万件。", "440300", "valid_invention_patents"),
        # entities leaving the register are neither the stock nor the new ones
        ("全市注销经营主体1.1万户。", "370100", "unclassified"),
    ],
)
def test_flows_and_stocks_map_to_their_own_rows(text: str, publisher: str, indicator: str) -> None:
    assert one(text, region=publisher)["indicator"] == indicator


def test_inline_labels_in_a_sentence() -> None:
    found = mentions("新登记经营主体：2.6万户；同比增长：8.2%；注销经营主体：1.1万户。", region="370100")
    assert [(str(m["value"]), m["unit"], m["kind"], m["subject"], m["indicator"]) for m in found] == [
        ("26000", "户", "count", "新登记经营主体", "new_market_entities"),
        ("8.2", "%", "growth", "新登记经营主体增长", "new_market_entities_growth"),
        ("11000", "户", "count", "注销经营主体", "unclassified"),
    ]


def test_an_inline_fall_label_is_a_negative_change_of_the_stock() -> None:
    found = mentions("实有经营主体：86.3万户，同比下降：1.2%", region="370100")
    assert [(str(m["value"]), m["kind"], m["indicator"]) for m in found] == [
        ("863000", "count", "market_entities"),
        ("-1.2", "growth", "market_entities_growth"),
    ]


def test_an_inline_share_label_stays_a_share() -> None:
    found = mentions("全市新设企业：1.2万户，占比：35.6%。", region="370100")
    assert [(m["value"], m["kind"]) for m in found] == [(Decimal(12000), "count"), (Decimal("35.6"), "ratio")]


# ------------------------------------------------------------------ autonomous divisions by their short names


@pytest.mark.parametrize(
    ("text", "publisher", "code"),
    [
        ("临夏州新设经营主体1.2万户。", "620000", "622900"),
        ("大理州新增企业3200户。", "530000", "532900"),
        ("黔东南州新增企业2600户，同比增长6.2%。", "520000", "522600"),
        ("凉山州新登记经营主体3.2万户。", "510000", "513400"),
        ("延边州新设企业2300户。", "220000", "222400"),
        ("长阳县新增个体工商户1260户。", "420500", "420528"),
    ],
)
def test_an_autonomous_division_by_its_short_name_and_level(text: str, publisher: str, code: str) -> None:
    assert {m["region_code"] for m in mentions(text, region=publisher)} == {code}


def test_a_count_of_people_is_no_count_of_things() -> None:
    m = one("会议指出，全市连续第3年实现食品安全零事故，共有126名执法人员参加。", region="370100")
    assert (str(m["value"]), m["unit"], m["indicator"]) == ("126", "名", "unclassified")


# ------------------------------------------------------------------ one measure of several places (分别)


@pytest.mark.parametrize(
    ("text", "publisher", "codes", "subject", "indicator"),
    [
        (
            "分区域看，五华区、盘龙区新登记经营主体分别为1.2万户、1.1万户。",
            "530100",
            ["530102", "530103"],
            "新登记经营主体",
            "new_market_entities",
        ),
        (
            "历城区、章丘区、莱芜区分别新增企业1260家、980家和860家。",
            "370100",
            ["370112", "370114", "370116"],
            "新增企业",
            "new_market_entities",
        ),
        (
            "济南、青岛、烟台三市实有经营主体分别达到190万户、210万户和98万户。",
            "370000",
            ["370100", "370200", "370600"],
            None,
            "market_entities",
        ),
    ],
)
def test_the_items_after_respectively_share_the_measure(
    text: str, publisher: str, codes: list[str], subject: str | None, indicator: str
) -> None:
    found = mentions(text, region=publisher)
    assert [m["region_code"] for m in found] == codes
    assert {m["indicator"] for m in found} == {indicator}
    assert len({m["subject"] for m in found}) == 1
    if subject is not None:
        assert found[0]["subject"] == subject


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("全市人均可支配收入为5.2万元。", "人均可支配收入"),  # (均 of 人均, 平均 stays)
        ("全市企业平均办理时间缩短至1.5天。", None),
        ("杭州、宁波新设企业均超过5万户。", "新设企业"),
    ],
)
def test_a_distributive_word_leaves_the_subject(text: str, subject: str | None) -> None:
    m = mentions(text, region="330000")[-1]
    assert m["subject"].endswith("均") is False or m["subject"].endswith(("人均", "平均"))
    if subject is not None:
        assert m["subject"] == subject


# ------------------------------------------------------------------ the ranking a rank is in


@pytest.mark.parametrize(
    ("text", "indicator"),
    [
        ("全市在全国营商环境评价中位列第12位。", "rank_national"),
        ("在全国城市信用监测排名中，我市位列第8位。", "rank_national"),
        ("全市在全国营商环境评价中位列全省第2位。", "rank_provincial"),  # (its own scope decides)
        ("全市知识产权质押融资额达到46.3亿元，居第2位。", "rank_provincial"),
    ],
)
def test_a_rank_without_a_scope_of_its_own_is_in_the_ranking_the_sentence_names(text: str, indicator: str) -> None:
    m = mentions(text, region="370100")[-1]
    assert (m["kind"], m["unit"], m["region_code"], m["indicator"]) == ("rank", "位", "370100", indicator)


# ------------------------------------------------------------------ statistics bureau rows


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("全市规模以上工业企业利润同比减少12.6%。", [("-12.6", "industrial_profits_growth")]),
        (
            "全市规上工业企业实现利润总额526.3亿元，同比增长8.2%。",
            [("52630000000", "industrial_profits"), ("8.2", "industrial_profits_growth")],
        ),
        ("全市工业用电量同比回落2.1%。", [("-2.1", "electricity_consumption_growth")]),
        (
            "全社会用电量达到356亿千瓦时，增长6.2%。",
            [("35600000000", "electricity_consumption"), ("6.2", "electricity_consumption_growth")],
        ),
        # (the value added keeps its own row; a firm's profit is no industry's)
        ("全市规上工业增加值增长6.5%。", [("6.5", "industrial_value_added_growth")]),
        ("该企业实现利润3.2亿元。", [("320000000", "unclassified")]),
    ],
)
def test_profits_and_electricity_have_rows_of_their_own(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(str(m["value"]), m["indicator"]) for m in mentions(text, region="370100")] == expected


# ------------------------------------------------------------------ visitors, and digits opening a name


@pytest.mark.parametrize(
    "text",
    [
        "香港特区政府代表团来访，签约项目12个，金额56亿元。",
        "日本经贸代表团来访，签约项目5个。",
        "青岛市代表团来济考察，签约项目6个。",
    ],
)
def test_a_visiting_delegation_places_nothing(text: str) -> None:
    assert {m["region_code"] for m in mentions(text, region="370100")} == {"370100"}


@pytest.mark.parametrize(
    ("text", "subjects"),
    [
        ("全市共有4A级以上景区36家，比上年增加3家。", ["4A级以上景区", "4A级以上景区"]),
        ("全市累计建成5G基站2.6万个，新增3200个。", ["累计建成5G基站", "新增5G基站"]),
    ],
)
def test_a_change_after_a_name_opening_on_digits_keeps_the_name(text: str, subjects: list[str]) -> None:
    assert [m["subject"] for m in mentions(text, region="370100")] == subjects


@pytest.mark.parametrize(
    "text",
    [
        "全市赴深圳、杭州招商签约项目18个，总投资120亿元。",  # destinations
        "我市与临沂市、青岛市签订合作协议5项。",  # partners
    ],
)
def test_every_member_of_a_list_of_destinations_or_partners_places_nothing(text: str) -> None:
    assert {m["region_code"] for m in mentions(text, region="370100")} == {"370100"}


# ------------------------------------------------------------------ panels: a change label under its figure


def test_a_change_label_under_a_labelled_figure_is_its_change() -> None:
    text = (
        "天河区、越秀区主要指标\n天河区新设企业（户）：12360\n增速（%）：8.6\n"
        "越秀区新设企业（户）：8620\n增速（%）：-3.2\n"
    )
    found = mentions(text, region="440100")
    assert [(str(m["value"]), m["kind"], m["region_code"], m["indicator"]) for m in found] == [
        ("12360", "count", "440106", "new_market_entities"),
        ("8.6", "growth", "440106", "new_market_entities_growth"),
        ("8620", "count", "440104", "new_market_entities"),
        ("-3.2", "growth", "440104", "new_market_entities_growth"),
    ]


def test_a_panel_of_a_city_reads_flows_stocks_and_changes() -> None:
    text = (
        "广州市2024年1-4月市场主体发展情况\n新登记经营主体：16.8万户\n同比增长：12.6%\n实有经营主体：336.2万户\n"
        "个体工商户：148.9万户\n注销经营主体：3.2万户\n"
    )
    found = mentions(text, region="440100")
    assert [(str(m["value"]), m["unit"], m["kind"], m["subject"], m["indicator"]) for m in found] == [
        ("168000", "户", "count", "新登记经营主体", "new_market_entities"),
        ("12.6", "%", "growth", "新登记经营主体增长", "new_market_entities_growth"),
        ("3362000", "户", "count", "实有经营主体", "market_entities"),
        ("1489000", "户", "count", "个体工商户", "individual_businesses"),
        ("32000", "户", "count", "注销经营主体", "unclassified"),
    ]
    assert {m["region_code"] for m in found} == {"440100"}


@pytest.mark.parametrize(
    ("text", "subject", "indicator"),
    [
        ("2023年全市GDP达到1.28万亿元，增长6.1%。", "GDP增长", "gdp_growth"),
        ("2024年上半年全市新设经营主体8.6万户，同比增长3.2%。", "新设经营主体增长", "new_market_entities_growth"),
    ],
)
def test_a_year_opening_the_sentence_opens_no_subject(text: str, subject: str, indicator: str) -> None:
    m = mentions(text, region="370100")[-1]
    assert (m["kind"], m["subject"], m["indicator"]) == ("growth", subject, indicator)


def test_a_bare_verb_clause_borrows_the_subject_before() -> None:
    found = mentions("2023年，全省实有经营主体突破500万户，达到512.6万户。", region="530000")
    assert [(str(m["value"]), m["approx"], m["subject"], m["indicator"]) for m in found] == [
        ("5000000", "at_least", "实有经营主体", "market_entities"),
        ("5126000", "exact", "实有经营主体", "market_entities"),
    ]


@pytest.mark.parametrize(
    ("text", "publisher", "code", "subject"),
    [
        ("澳门特区本地生产总值增长8.8%。", "370100", "820000", "本地生产总值增长"),
        ("台湾地区进出口总额下降3.5%。", "370100", "710000", "进出口总额下降"),
        ("澳门地区新设企业52家。", "440400", "820000", "新设企业"),
        ("济南市地区生产总值增长6.1%。", "370200", "370100", "地区生产总值增长"),  # (地区生产总值 is GDP)
    ],
)
def test_the_area_word_after_a_place_leaves_the_subject(text: str, publisher: str, code: str, subject: str) -> None:
    m = one(text, region=publisher)
    assert (m["region_code"], m["subject"]) == (code, subject)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("全市完成投资约3亿至5亿元。", [("500000000", "元", "at_most"), ("300000000", "元", "at_least")]),
        ("全市新增企业3万至5万户。", [("50000", "户", "at_most"), ("30000", "户", "at_least")]),
        ("全市投资3-5亿元。", [("500000000", "元", "at_most"), ("300000000", "元", "at_least")]),
        # ends of different scales: nothing rather than the high end alone, read as exact
        ("全市新增企业3千至5万户。", []),
    ],
)
def test_a_range_repeating_its_scale_gives_both_ends(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert [(str(m["value"]), m["unit"], m["approx"]) for m in mentions(text, region="370100")] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the Nth one of something, named right after it: an ordinal
        ("全市评选出第100位“诚信经营户”，累计表彰诚信经营户860户。", [("860", "户", "count")]),
        ("本届大赛第3名选手获奖金5000元。", [("5000", "元", "amount")]),
        # a rank keeps its ranking word or scope
        ("在全省考核中，我市获得第2名。", [("2", "位", "rank")]),
        ("全市营商环境评价位列第3位，较上年前进2位。", [("3", "位", "rank"), ("2", "位", "rank")]),
    ],
)
def test_an_ordinal_before_what_it_numbers_is_no_rank(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert _read(text) == expected
