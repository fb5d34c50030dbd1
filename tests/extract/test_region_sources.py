"""Where a figure's region comes from: the text, the title, the publisher, a successor, or nowhere.

A place named in the text that no longer existed in the figure's year is carried on to its
one successor, or left unresolved (no code); it never silently becomes the publisher's region.
"""

from __future__ import annotations

from datetime import date

from provind.extract.regions import gazetteer
from tests.extract.helpers import mentions, one

PUBLISHED = date(2024, 3, 1)


def placed(m: dict) -> tuple[str | None, str | None, str]:
    return m["region"], m["region_code"], m["region_source"]


# ------------------------------------------------------------------ text, publisher


def test_an_existing_city_named_in_the_sentence_is_text():
    m = one("2023年，青岛市实现地区生产总值15760亿元。", published=PUBLISHED, region="370000")
    assert placed(m) == ("青岛市", "370200", "text")


def test_the_publishers_own_city_named_in_the_sentence_is_text():
    m = one("2023年，青岛市新增企业1200家。", published=PUBLISHED, region="370200")
    assert placed(m) == ("青岛市", "370200", "text")
    m = one("2023年，济南市长清区新增企业1200家。", published=PUBLISHED, region="370113")
    assert placed(m) == ("济南市长清区", "370113", "text")
    # a region above the publisher's leaves the figure the publisher's own (济南 in a 长清区 article)
    m = one("2023年，济南新增企业1200家。", published=PUBLISHED, region="370113")
    assert placed(m) == ("济南市长清区", "370113", "publisher")


def test_a_province_named_in_full_as_subject_is_the_provinces_in_a_city_article():
    # (a short name there stays the publisher's, above; so does a firm named after the province)
    ms = mentions("2023年，山东省实有经营主体1412.6万户，个体工商户1038.7万户。", published=PUBLISHED, region="370100")
    assert [placed(m) for m in ms] == [("山东省", "370000", "text")] * 2
    m = one("为山东凯恩等6家企业开通快速预审通道。", published=PUBLISHED, region="370100")
    assert placed(m) == ("济南市", "370100", "publisher")


def test_a_level_word_opening_the_sentence_places_its_later_clauses():
    text = "截至2024年6月底，全省实有经营主体1412.6万户，其中企业358.2万户，个体工商户1038.7万户。"
    assert [m["region_code"] for m in mentions(text, published=PUBLISHED, region="370100")] == ["370000"] * 3
    # a later clause naming its own place is that place's
    ms = mentions("全省共抽检食品1.2万批次，我市抽检3000批次。", published=PUBLISHED, region="370100")
    assert [m["region_code"] for m in ms] == ["370000", "370100"]


def test_a_figure_naming_no_place_is_the_publishers():
    m = one("2023年，全省新增经营主体120万户。", published=PUBLISHED, region="370000")
    assert placed(m) == ("山东省", "370000", "publisher")
    m = one("该局累计受理投诉8373件。", published=PUBLISHED, region="370113")
    assert placed(m) == ("济南市长清区", "370113", "publisher")


def test_without_publisher_or_place_there_is_no_source():
    m = one("累计受理投诉8373件。", published=PUBLISHED, region=None)
    assert placed(m) == (None, None, None)


# ------------------------------------------------------------------ former places


def test_abolished_city_split_in_two_is_unresolved_not_the_publishers():
    """莱芜市 (371200) was split in 2019 between 济南市莱芜区 and 钢城区: no single heir, no code guessed."""
    m = one("2023年，莱芜市实现地区生产总值1200亿元。", published=PUBLISHED, region="370000")
    assert placed(m) == ("莱芜市", None, "unresolved")


def test_a_county_level_city_that_became_a_district_goes_to_it():
    """章丘市 became 济南市章丘区 (2016) with the same territory: an unambiguous successor."""
    m = one("2023年，章丘市新增企业1200家。", published=PUBLISHED, region="370000")
    assert (m["region_code"], m["region_source"]) == ("370114", "successor")


def test_abolished_city_in_its_own_time_is_itself():
    m = one("2018年，莱芜市实现地区生产总值1005亿元。", published=PUBLISHED, region="370000")
    assert placed(m) == ("莱芜市", "371200", "text")


def test_the_figures_year_decides_not_the_articles():
    text = "2018年，莱芜市实现地区生产总值1005亿元。2023年，莱芜市实现地区生产总值1200亿元。"
    found = mentions(text, published=PUBLISHED, region="370000")
    assert [(m["region_code"], m["region_source"], m["period"]) for m in found] == [
        ("371200", "text", "2018"),
        (None, "unresolved", "2023"),
    ]
    # an article of 2018 naming the city for a later year: unresolved too
    m = one("2019年，莱芜市计划新增企业1200家。", published=date(2018, 12, 1), region="370000")
    assert (m["region_code"], m["region_source"]) == (None, "unresolved")


def test_a_curated_successor_of_another_name_carries_the_figure():
    """胶南市 went into a new 黄岛区 (2012): no stem links the names; the curated row does."""
    m = one("2023年，胶南市新登记企业3200户。", published=PUBLISHED, region="370200")
    assert (m["region_code"], m["region_source"]) == ("370211", "successor")


def test_a_merged_district_without_successor_is_unresolved_not_the_publishers():
    """崇文区 was merged into 东城区 in 2010: its name does not go on, so no code is guessed."""
    m = one("2023年，崇文区新增企业1200家。", published=PUBLISHED, region="110000")
    assert placed(m) == ("崇文区", None, "unresolved")


def test_a_former_place_from_another_province_is_not_the_publishers():
    m = one("2023年，莱芜市实现地区生产总值1200亿元。", published=PUBLISHED, region="320000")
    assert (m["region_code"], m["region_source"]) == (None, "unresolved")
    m = one("2023年，崇文区新增企业1200家。", published=PUBLISHED, region="370000")
    assert placed(m) == ("崇文区", None, "unresolved")


def test_curated_no_successor_wins_over_a_same_stem_district():
    """荆州地区 merged with 沙市市 (1994); 荆州区 is one district of the merged city, not its heir.

    Written in 2023, 荆州地区 is "the Jingzhou area": the city 荆州市 (`Gazetteer.area`), never 荆州区.
    """
    gaz = gazetteer()
    assert gaz.successor(gaz.get("422400", 1990), 2023) is None
    m = one("2023年，荆州地区新增企业1200家。", published=PUBLISHED, region="420000")
    assert placed(m) == ("荆州市", "421000", "text")


def test_a_renamed_city_keeps_its_code():
    m = one("2015年，襄樊市新增企业1200家。", published=date(2016, 3, 1), region="420000")
    assert placed(m) == ("襄阳市", "420600", "successor")


def test_a_short_name_is_a_former_place_only_with_an_heir():
    # 松花江 is a river as much as the former 松花江地区 (no heir): not read as a place
    m = one("2023年，松花江流域新增企业1200家。", published=PUBLISHED, region="230000")
    assert placed(m) == ("黑龙江省", "230000", "publisher")


def test_listed_places_are_resolved_for_the_figures_year():
    found = mentions("2023年，青岛、莱芜市、崇文区分别增长5.2%、4.8%和3.9%。", published=PUBLISHED, region="370000")
    assert [(m["region_code"], m["region_source"]) for m in found] == [
        ("370200", "text"),
        (None, "unresolved"),
        (None, "unresolved"),
    ]


def test_successors_are_derived_conservatively():
    gaz = gazetteer()
    assert gaz.successor(gaz.get("371200", 2018), 2023) is None  # 莱芜市: split in two (curated)
    assert gaz.successor(gaz.get("370181", 2010), 2023).code == "370114"  # 章丘市 → 章丘区
    assert gaz.successor(gaz.get("420600", 2005), 2015).code == "420600"  # 襄樊市 → 襄阳市 (same code)
    assert gaz.successor(gaz.get("110103", 2005), 2023) is None  # 崇文区: merged, name gone
    assert gaz.successor(gaz.get("412400", 1980), 2000) is None  # 开封地区: 开封县 is a re-coding, not an heir
    assert gaz.successor(gaz.get("370200", 2023), 2023) is None  # a living city has none


def test_stale_names_are_found_only_when_asked():
    gaz = gazetteer()
    shandong = gaz.get("370000")
    assert gaz.find("莱芜市", 2021, shandong) == []
    [hit] = gaz.find("莱芜市", 2021, shandong, stale=True)
    assert hit.stale and hit.region.code == "371200" and hit.key == "莱芜市"


# ------------------------------------------------------------------ titles


def test_a_county_named_in_the_title_owns_its_quanxian_figures():
    title = "2023年平阴县国民经济和社会发展统计公报"
    text = "2023年，全县实现地区生产总值300亿元，增长5.1%。"
    found = mentions(text, published=PUBLISHED, region="370000", title=title)
    assert [placed(m) for m in found] == [("济南市平阴县", "370124", "title")] * 2
    # without the title, the same text is the provincial bureau's
    assert {m["region_source"] for m in mentions(text, published=PUBLISHED, region="370000")} == {"publisher"}


def test_a_place_named_in_the_sentence_beats_the_title():
    m = one("2023年，青岛市新增企业1200家。", published=PUBLISHED, region="370000", title="2023年平阴县统计公报")
    assert placed(m) == ("青岛市", "370200", "text")


def test_scope_words_are_read_relative_to_the_titles_place():
    m = one("2023年，全省新增企业1200家。", published=PUBLISHED, region="370000", title="平阴县2023年统计公报")
    assert placed(m) == ("山东省", "370000", "text")


def test_titles_that_name_no_single_subject_are_ignored():
    text = "2023年，全省新增企业1200家。"
    for title in ("全省市场监管工作会议在青岛召开", "青岛市与烟台市签署合作协议", "开创市场监管工作新局面"):
        m = one(text, published=PUBLISHED, region="370000", title=title)
        assert placed(m) == ("山东省", "370000", "publisher"), title


def test_a_title_naming_the_publishers_own_region_or_one_above_it():
    m = one("累计受理投诉8373件。", published=PUBLISHED, region="370113", title="济南市长清区市场监管局工作综述")
    assert placed(m) == ("济南市长清区", "370113", "title")
    m = one("累计受理投诉8373件。", published=PUBLISHED, region="370113", title="济南市市场监管工作综述")
    assert placed(m) == ("济南市长清区", "370113", "publisher")


def test_a_title_naming_a_former_city_is_resolved_like_the_text():
    m = one("2023年，全市新增企业1200家。", published=PUBLISHED, region="370000", title="莱芜市2023年统计公报")
    assert placed(m) == ("莱芜市", None, "unresolved")
    m = one("2015年，全市新增企业1200家。", published=date(2016, 3, 1), region="420000", title="襄樊市2015年统计公报")
    assert (m["region_code"], m["region_source"]) == ("420600", "successor")
    m = one("2023年，全区新增企业1200家。", published=PUBLISHED, region="110000", title="崇文区2023年统计公报")
    assert placed(m) == ("崇文区", None, "unresolved")


def test_a_traditional_title_is_read_too():
    m = one("累计受理投诉8373件。", published=PUBLISHED, region="370000", title="青島市市場監管系統召開工作會")
    assert placed(m) == ("青岛市", "370200", "title")
