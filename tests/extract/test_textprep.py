"""Decoding and cleaning, with offsets that map back to the original text."""

from __future__ import annotations

import codecs
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from provind.textprep import LOST, UndecodableTextError, clean_text, decode_bytes, prepare, split_sentences

from .helpers import mentions


def test_decode_utf8_bom_and_gb18030():
    text = "全市抽检食品4479批次,合格率99.1%。"
    assert decode_bytes(codecs.BOM_UTF8 + text.encode("utf-8")) == text
    assert decode_bytes(text.encode("gb18030")) == text
    assert decode_bytes(text.encode("gbk")) == text
    assert decode_bytes(text.encode("utf-16")) == text
    assert decode_bytes(b"") == ""


def test_garbage_bytes_raise_a_clear_error():
    garbage = bytes((i * 7919 + 13) % 256 for i in range(4000))
    with pytest.raises(UndecodableTextError):
        decode_bytes(garbage)


def test_front_matter_tags_and_entities_are_stripped():
    raw = '---\nlayout: post\ntitle: "x"\n---\n<p>抽检&nbsp;合格率<b>99.69%</b>&amp;</p>'
    assert clean_text(raw).strip() == "抽检 合格率99.69%&"


def test_pinyin_glosses_and_traditional_characters():
    raw = "中國質(zhì)量新聞網(wǎng)訊:挽回經(jīng)濟損失3125萬元"
    assert clean_text(raw) == "中国质量新闻网讯:挽回经济损失3125万元"


def test_quotes_are_substrings_of_the_original():
    raw = "<p>累計完成食品抽檢8.8萬批次,合格率99.69%;挽回經(jīng)濟損失3125萬元。</p>"
    found = mentions(raw)
    assert [m["quote"] for m in found][-1].endswith("3125萬元")
    assert [m["value"] for m in found] == [Decimal(88000), Decimal("99.69"), Decimal(31250000)]


def test_lost_characters_are_marked():
    prep = prepare("抽检??批次,合格率9?%")
    assert prep.clean.count(LOST) == 3


def test_sentences():
    clean = "第一句。第二句！“第三句。”\n第四句"
    spans = split_sentences(clean)
    assert [clean[a:b] for a, b in spans] == ["第一句。", "第二句！", "“第三句。”", "第四句"]


_PIECES = st.lists(
    st.sampled_from(["<p>", "</p>", "&amp;", "&#26131;", "質(zhì)", "檢", "抽", "<br/>", "8", "萬", "批次", "，", "a"]),
    max_size=40,
)


@given(_PIECES)
def test_every_clean_character_maps_back_to_its_source(pieces):
    raw = "".join(pieces)
    prep = prepare(raw)
    for i, char in enumerate(prep.clean):
        a, b = prep.to_original(i, i + 1)
        assert 0 <= a < b <= len(raw)
        # The original span, cleaned on its own, is that very character.
        assert prepare(raw[a:b]).clean == char


@given(_PIECES)
def test_spans_map_to_contiguous_original_spans(pieces):
    raw = "".join(pieces)
    prep = prepare(raw)
    n = len(prep.clean)
    for start in range(n):
        for end in range(start + 1, min(n, start + 5) + 1):
            a, b = prep.to_original(start, end)
            assert (a, b) == (prep.to_original(start, start + 1)[0], prep.to_original(end - 1, end)[1])


def test_extraction_on_clean_text_matches_extraction_on_raw_text():
    raw = "<p>累計完成食品抽檢8.8萬批次(cì),合格率99.69%。</p>"
    key = [(m["value"], m["unit"], m["kind"]) for m in mentions(raw)]
    assert key == [(m["value"], m["unit"], m["kind"]) for m in mentions(clean_text(raw))]
