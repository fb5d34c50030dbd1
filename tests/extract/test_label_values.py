"""`label：value` lines and dashboards written as text (own examples)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from tests.extract.helpers import mentions, one

PANEL = "2024年1-6月主要指标\n新登记企业（户）：\n31200\n市场主体总量：\n142.3万户\n办结面积(M2)：1200\n"


def test_a_dashboard_gives_each_value_its_label_unit_and_caption_period() -> None:
    found = mentions(PANEL, published=date(2024, 7, 10), region="370200")
    got = [(m["subject"], m["value"], m["unit"], m["kind"], m["period"]) for m in found]
    assert got == [
        ("新登记企业", Decimal(31200), "户", "count", "2024-01..2024-06"),
        ("市场主体总量", Decimal(1423000), "户", "count", "2024-01..2024-06"),
        ("办结面积", Decimal(1200), "平方米", "other", "2024-01..2024-06"),
    ]
    assert found[0]["quote"] == "新登记企业（户）：\n31200"  # the unit is the label's: quoted with it


def test_a_bare_number_takes_the_unit_of_the_notes_before_it() -> None:
    m = one("单位：万元\n注册资本：3200\n", published=date(2024, 7, 10))
    assert (m["value"], m["unit"], m["kind"], m["subject"]) == (Decimal(32000000), "元", "amount", "注册资本")


def test_a_bare_number_without_any_unit_or_under_metadata_is_no_figure() -> None:
    assert mentions("浏览次数：3200\n发布时间：2024\n企业数：3200\n") == []


def test_a_sentence_with_a_colon_is_read_as_prose() -> None:
    m = one("会议指出：全市新登记市场主体31.2万户。")
    assert m["subject"] == "新登记市场主体"


def test_a_panel_takes_the_place_its_caption_names() -> None:
    text = "2024年1-6月烟台市主要指标\n新登记企业（户）：\n31200\n市场主体总量：\n142.3万户\n"
    found = mentions(text, published=date(2024, 7, 10), region="370000")
    assert [(m["region_code"], m["period"]) for m in found] == [("370600", "2024-01..2024-06")] * 2
    # a caption naming the publisher's province is no narrower place; prose above is no caption
    assert one("2024年山东省主要指标\n企业（户）：31200\n", region="370200")["region_code"] == "370200"
    assert one("烟台市召开会议。\n企业（户）：31200\n", region="370000")["region_code"] == "370000"
