"""Traditional → simplified: OpenCC only on the lines it would change, with the same result.

`provind.textprep` converts only the lines holding one of the characters listed in
`reference/opencc_t2s_changes.txt` (scripts/opencc_changes.py reads them out of OpenCC's own
dictionaries). These tests hold the list to the installed OpenCC and the result to OpenCC's
conversion of the whole text.
"""

from __future__ import annotations

from importlib.metadata import version

import opencc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from provind.config import REFERENCE_DIR
from provind.textprep import clean_text, prepare

LIST = REFERENCE_DIR / "opencc_t2s_changes.txt"
# The blocks that hold Han characters, their radicals, compatibility forms and full-width signs.
BLOCKS = ((0x2E80, 0x2FDF), (0x3000, 0x9FFF), (0xF900, 0xFAFF), (0xFE30, 0xFE4F), (0xFF00, 0xFFEF),
          (0x20000, 0x323AF))  # fmt: skip

cc = opencc.OpenCC("t2s")


def listed() -> set[str]:
    lines = LIST.read_text(encoding="utf-8").splitlines()
    return set("".join(line for line in lines if not line.startswith("#")))


def test_the_list_was_made_from_the_installed_opencc():
    header = LIST.read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith(f"# opencc {version('opencc')} t2s"), (
        f"{LIST.name} was written for another OpenCC: run scripts/opencc_changes.py again"
    )


def test_every_character_left_off_the_list_is_unchanged_alone():
    chars = listed()
    assert len(chars) > 5000 and set("沈覆藉瞭") <= chars  # (unchanged alone, changed in phrases: 反覆 → 反复)
    rest = [chr(c) for lo, hi in BLOCKS for c in range(lo, hi + 1) if chr(c) not in chars]
    text = "\n".join(rest)  # (one per line: no phrase forms across them)
    assert cc.convert(text) == text


def test_every_listed_character_changes_alone_or_in_a_phrase():
    alone = {c for c in listed() if cc.convert(c) != c}
    # (characters of phrases that change them: 海哩, 土坏, 沈澱, 反覆, 甚么 …)
    assert listed() - alone == set("么俱哩坏彷沈甦瞭藉衹覆")


def test_a_simplified_text_is_left_as_it_is():
    text = "今年1月至8月，全市发明专利授权936件，同比增长44.2%。\n网络覆盖率达到98%，沈阳市新增3家。"
    assert clean_text(text) == cc.convert(text) == text


@pytest.mark.parametrize(
    "text",
    [
        "全省規模以上工業增加值同比增長5.2%。\n今年1月至8月，全市发明专利授权936件。",  # traditional, then simplified
        "市場監管局反覆抽檢，合格率99.1%。",  # a phrase: 反覆 → 反复 (覆 alone stays)
        "网络覆盖率达到98%。\n反覆核查\n\n意志消沈，沈阳市\n",  # simplified lines around phrases
        "第一行\n第二行為繁體\n",
        "為",
        "",
    ],
)
def test_the_same_as_opencc_on_the_whole_text(text):
    assert clean_text(text) == cc.convert(text)
    assert len(clean_text(text)) == len(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["為", "反覆", "覆盖", "沈阳", "統計", "局", "1", "，", "\n", "。", "海哩", "的"])))
def test_the_same_as_opencc_on_any_mix(parts):
    text = "".join(parts)
    assert clean_text(text) == cc.convert(text)


def test_offsets_still_map_to_the_original():
    text = "<p>全省規模以上工業增加值同比增長5.2%。</p>\n<p>网络覆盖率达到98%。</p>"
    prep = prepare(text)
    at = prep.clean.index("增长5.2%")
    start, end = prep.to_original(at, at + len("增长5.2%"))
    assert text[start:end] == "增長5.2%"
