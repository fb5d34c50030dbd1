"""The fast scans of the extractor find exactly what the plain regexes they replace find.

Speed work (docs/extraction-grammar.md, "Speed") rewrote regexes so that the engine can skip
between candidates, and searched some patterns only near their anchors. Each rewrite is
checked here against the original form on the demo corpus and on random text made of the
characters that matter.
"""

from __future__ import annotations

import bisect
import dataclasses
import json
import random
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from provind import textprep
from provind.extract import clauses, extract_mentions, filters, indicators, kinds, numbers, periods, targets
from provind.extract.jsonl import mention_encoder, row_encoder
from provind.extract.mentions import json_value
from provind.extract.regions import gazetteer
from provind.extract.units import MEASURE_WORDS, UNIT_PATTERN

CORPUS = Path(__file__).resolve().parents[2] / "scrapers" / "provind" / "demo_site" / "corpus"
TEXTS = [textprep.clean_text(f.read_text(encoding="utf-8")) for f in sorted(CORPUS.glob("*.txt"))]
# Characters the rewritten patterns care about, mixed with ordinary text.
TRICKY = (
    "0123456789,.-—~至到年月日季度前第上下半今本当去过截止目当十三四五两一二六七八九百千万亿"
    "？?\ufffd（）()<>&;#xX《》“”，,；：:。\n 的市区县全省位居名列首榜计划目标要拟预期完成为按超重主"
    "新创更登记净增授权申请人次家户件模于出"
)


def random_texts(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        pieces = []
        for _ in range(rng.randint(1, 12)):
            if rng.random() < 0.5 and TEXTS:
                text = rng.choice(TEXTS)
                start = rng.randrange(len(text))
                pieces.append(text[start : start + rng.randint(1, 40)])
            else:
                pieces.append("".join(rng.choice(TRICKY) for _ in range(rng.randint(1, 25))))
        out.append("".join(pieces))
    return out


SAMPLES = TEXTS + random_texts(400, 7)


def spans(pattern: re.Pattern, text: str) -> list[tuple]:
    return [(m.span(), m.groupdict()) for m in pattern.finditer(text)]


@pytest.mark.parametrize(
    ("rewritten", "original"),
    [
        (clauses.CLAUSE_BREAK, r"[，；;：:！？!?。\n]|(?<!\d),|,(?!\d)"),
        (numbers.BRACKETED, r"(?<=[\u4e00-\u9fff])[(（]\s*(?P<num>\d+(?:\.\d+)?)\s*[)）]"),
        (textprep._LOST_RUN, r"[?？\ufffd]{2,}|\ufffd|(?<=\d)[?？](?=[\d%.])|(?<=[\d.])[?？](?=\d)"),
        (textprep._FULLWIDTH_THOUSANDS, r"(?<=[０-９])，(?=[０-９]{3}(?![０-９]))"),
        (
            indicators.FLOW_QUALIFIER,
            r"(?<![创更重革刷])新(?:登记|设立|注册|开办|发展|增|设|认定|培育|获|建)|净增|授权|申请",
        ),
    ],
)
def test_rewritten_regex_matches_its_original(rewritten, original):
    original = re.compile(original)
    for text in [
        *SAMPLES,
        "１，２３４，５６７万，１２，３４５６，，１２３",
        "4?79，9?%，情况如何？12家",
        "a,b 6,532户 ,1",
    ]:
        assert spans(rewritten, text) == spans(original, text), text


# QUANTITY as it was written before it opened on its first numeral (numbers.py): the reference.
# ARABIC and CHINESE as first written (numbers.py puts the grouped forms behind a look-ahead and writes
# optional parts as alternations, for speed)
_PLAIN_ARABIC = r"\d{1,4}(?:,\d{4})+(?!\d)(?:\.\d+)?|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_PLAIN_CHINESE = r"[零〇一二两三四五六七八九十百千万亿]+(?:点[零〇一二三四五六七八九]+)?"
_PLAIN_QUANTITY = re.compile(
    r"(?=[\d零〇一二两三四五六七八九十百千万亿])"
    r"(?<![\dA-Za-z.\ufffd/_第#@%])(?<!\d-)(?<!第 )"
    r"(?<!(?<![长速幅升高加为])[＋+])(?<![-－+＋][-－+＋])"
    r"(?<!\d[ \u3000\u00a0\n])(?<!\d\.[ \u3000\u00a0\n])(?<!\d[万亿千百])"
    r"(?<!\d:)(?<!\d：)"
    r"(?:(?=\d)|(?<![零〇一二两三四五六七八九十百千万亿]))"
    rf"(?:(?P<pct>百分之)(?P<pctnum>{_PLAIN_ARABIC}|{_PLAIN_CHINESE})"
    r"|(?P<fnum>\d+)/(?P<fden>\d+)(?![\d/])"
    r"|(?P<cfden>[一二三四五六七八九十]+)分之(?P<cfnum>[一二三四五六七八九十]+)"
    rf"|(?P<num>{numbers.MIXED}|{_PLAIN_ARABIC}|{_PLAIN_CHINESE})"
    rf"(?:(?P<rscale>万亿|亿|万|千)?(?P<rsep>[-—–~～至到])(?P<num2>{_PLAIN_ARABIC}|{_PLAIN_CHINESE}))?"
    r"(?:(?<=\d)(?=[ \u3000\r\n])(?:[ \u3000](?![ \u3000\r\n])|[ \u3000]*(?P<brk>\r?\n)[ \u3000]*))?"
    r"(?P<scale1>万亿|千万|百万|亿|万|千(?!瓦|克|米|分点))?"
    r"(?P<yu>余|多)?"
    r"(?P<scale2>万亿|亿|万)?"
    r"(?:(?<=[万亿千])(?=[ \u3000\r\n])[ \u3000]*(?P<brk2>\r?\n)[ \u3000]*)?"  # 1.2万\n户
    rf"(?P<unit>{UNIT_PATTERN})"
    r")"
    r"(?P<post>以上|以下|以内|左右|上下|余|多)?"
    r"(?(brk)(?![\u4e00-\u9fff]))(?(brk2)(?![\u4e00-\u9fff]))"
)


def _quantity_groups(m: re.Match) -> tuple:
    """A QUANTITY match's span and groups, with the first numeral put back as `quantities` does."""
    groups = m.groupdict()
    for name in ("pct", "fnum", "cfden", "num"):
        if groups[name] is not None:
            groups[name] = m.string[m.start()] + groups[name]
    return m.span(), groups


def test_quantity_matches_its_plain_form():
    """The numeral-first QUANTITY finds the quantities, spans and numbers its plain form found."""
    rng = random.Random(11)
    # Digits of other scripts (Arabic-Indic, Devanagari, fullwidth, and beyond the BMP: Brahmi,
    # mathematical bold), and characters beyond the BMP that are no digits.
    digits = "٣٤५६９𑁧𝟓𝟎𠀀😀"
    extra = [
        "".join(
            rng.choice(TRICKY + digits + "%余多以上左右家户个元人次分之百分之点/") for _ in range(rng.randint(1, 30))
        )
        for _ in range(3000)
    ]
    fixed = [
        "百分之三十五",
        "3/4的企业",
        "三分之一",
        "1,234.5万元",
        "12,34家",
        "5%-8%",
        "第二十八次",
        "8:30-17:30",
        "٣٤家𝟓𝟎户",
        # the grouped forms and the mixed one, with the most digits their look-aheads allow
        "123,456家",
        "1234,5678万元",
        "12,3456户",
        "5,000-12,000元",
        "3万至1234,5678元",
        "1234万5678户",
        "1234亿5千万元",
        "4百5万户",
        "百分之1,234.5",
    ]
    # Every unit's characters (QUANTITY groups the units by their first character) and every character
    # the look-behinds test before a numeral (one class stands for them: numbers._BEFORE_TESTED).
    units = "".join(sorted(set("".join(MEASURE_WORDS))))
    before = "A-z_#@%/＋+－-: ：\u3000\u00a0\ufffd.长速为第"
    extra += [
        "".join(rng.choice(units + before + "0123456789一二三万亿余多至~ \n") for _ in range(rng.randint(1, 30)))
        for _ in range(3000)
    ]
    for text in [*SAMPLES, *extra, *fixed]:
        found = [_quantity_groups(m) for m in numbers.QUANTITY.finditer(text)]
        assert found == [(m.span(), m.groupdict()) for m in _PLAIN_QUANTITY.finditer(text)], text
    assert numbers.QUANTITY.pattern[0] == "[", "QUANTITY opens on a class (the engine skips between numerals)"


def _opens_on_plain_characters(pattern: re.Pattern) -> bool:
    """True when the engine can skip between candidates: the pattern opens on a character or a class,
    or on an alternation each of whose alternatives opens on a character (re's charset prefix)."""
    from re import _constants as c
    from re import _parser

    first = _parser.parse(pattern.pattern)[0]
    if first[0] is c.SUBPATTERN:
        first = first[1][-1][0]
    if first[0] in (c.LITERAL, c.IN):
        return True
    return first[0] is c.BRANCH and all(alt and alt[0][0] is c.LITERAL for alt in first[1][1])


@pytest.mark.parametrize("pattern", [targets.TARGET_WORDS, numbers.QUANTITY, filters.BOOK_TITLE])
def test_whole_text_scans_open_on_plain_characters(pattern):
    """A pattern searched over whole texts is tried only where it may start: one alternative opening on
    a look-around or a class ([还尚仍]需) makes the engine try it at every position (5x the scan's cost)."""
    assert _opens_on_plain_characters(pattern), pattern.pattern[:80]


@pytest.mark.parametrize("pattern", [numbers.QUANTITY, numbers.RANK])
def test_optional_parts_written_as_alternations_match_the_question_mark_form(pattern):
    """`(?:X|)` (no repeat context to allocate: docs/extraction-grammar.md, "Ninth round") finds and binds
    what `(?:X)?` does."""
    assert "|)" in pattern.pattern
    original = re.compile(pattern.pattern.replace("|)", ")?"))
    for text in [*SAMPLES, "位居全国城市第八位", "分别居第一名", "3万至5万户", "1.2万\n户", "98.6 %以上"]:
        assert spans(pattern, text) == spans(original, text), text
        starts = range(0, len(text), 3)
        assert [spans_at(pattern, text, i) for i in starts] == [spans_at(original, text, i) for i in starts]


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        (r"(?P<a>ab)?c", r"(?:(?P<a>ab)|)c"),
        (r"a(?:b(?:cd)?e)?f", r"a(?:b(?:cd|)e|)f"),
        (r"(?:c)?(?:\d)?(?:[ab])?", r"(?:c)?(?:\d)?(?:[ab])?"),  # one character: repeated cheaply as it is
        (r"[)?(]x\)?(ab)??(?=ab)?(ab)?+", r"[)?(]x\)?(ab)??(?=ab)?(ab)?+"),  # classes, escapes, lazy, look-arounds
        (r"[]a)]?(x[\]?]y)?", r"[]a)]?(?:(x[\]?]y)|)"),
    ],
)
def test_optional_groups_are_rewritten_as_alternations(written, expected):
    assert textprep.optional_as_alternation(written) == expected


def test_time_phrases_match_their_rule():
    """TIME_PHRASE (its optional parts as alternations) finds and binds what the rule as written does."""
    rule = re.compile(periods._TIME_PHRASE_RULE)
    assert periods.TIME_PHRASE.pattern != rule.pattern
    phrases = [
        "今年以来截至8月底", "2024年1-6月", "2023年十二月份至2024年十一月", "截至6月30日", "4月25日0—24时",
        "前三季度", "一至三季度", "三季度末", "“十四五”以来", "去年同期", "上个月底", "5月当月", "其中9月新登记1.9万户",
    ]  # fmt: skip
    for text in [*SAMPLES, *phrases]:
        assert spans(periods.TIME_PHRASE, text) == spans(rule, text), text
        for i in range(len(text)):
            assert spans_at(periods.TIME_PHRASE, text, i) == spans_at(rule, text, i), (text, i)


def spans_at(pattern: re.Pattern, text: str, pos: int) -> tuple | None:
    m = pattern.match(text, pos)
    return None if m is None else (m.span(), m.groupdict())


def test_plan_words_match_their_original():
    original = re.compile(
        targets.TARGET_WORDS.pattern.replace("拟(?<!模拟)", "(?<!模)拟")
        .replace("预期(?<![于出超过]预期)", "(?<![于出超过])预期")
        .replace("计划(?<!完成计划)(?<!按计划)(?<!超计划)", "(?<!完成)(?<!按)(?<!超)计划")
        .replace("目标(?<!为目标)", "(?<!为)目标")
        .replace("要(?<![重主需必只纪首想摘概提简纲]要)", "(?<![重主需必只纪首想摘概提简纲])要")
    )
    assert original.pattern != targets.TARGET_WORDS.pattern
    for text in [*SAMPLES, "模拟计划，完成计划，按计划，为目标，重要，要求，将达到，超出预期，预期增长"]:
        assert spans(targets.TARGET_WORDS, text) == spans(original, text), text


def test_anchored_search_finds_every_markup_and_rank():
    for text in [
        *SAMPLES,
        "<p>监管局（Shìchǎng Jiānguǎn Jú）&nbsp;<!-- x --></p>",
        "分别位居全省第一、副省级城市第3位，榜首",
    ]:
        assert [m.span() for m in textprep.anchored_finditer(textprep._MARKUP, textprep._MARKUP_ANCHOR, text)] == [
            m.span() for m in textprep._MARKUP.finditer(text)
        ]
        openers = ((filters.QUOTED, filters.QUOTE_OPENERS), (numbers.BRACKETED, "(（"))
        for pattern, anchor in (*openers, (textprep._MARKUP, textprep._MARKUP_OPENERS)):
            found = textprep.anchored_finditer(pattern, anchor, text)
            assert [m.span() for m in found] == [m.span() for m in pattern.finditer(text)]
        for anchor in (numbers.RANK_ANCHOR, numbers.RANK_ANCHOR_CHARS):
            found = textprep.anchored_finditer(numbers.RANK, anchor, text, reach=numbers.RANK_REACH)
            assert [m.span() for m in found] == [m.span() for m in numbers.RANK.finditer(text)]
            some = textprep.anchored_finditer(numbers.RANK, anchor, text, 3, len(text) - 2, reach=numbers.RANK_REACH)
            assert [m.span() for m in some] == [m.span() for m in numbers.RANK.finditer(text, 3, len(text) - 2)]


def test_time_phrases_near_hints_are_all_time_phrases():
    rng = random.Random(3)
    extra = [
        "2023年十二月份至2024年十一月",
        "截止到2024年10月31日",
        "4月25日0—24时",
        "“十四五”期间",
        "过去的一年",
        "12345年",
    ]
    for text in [*SAMPLES, *extra]:
        hints = periods.hints(text)
        for _ in range(5):
            start = rng.randrange(len(text) + 1)
            end = rng.randint(start, len(text))
            assert [m.span() for m in periods.phrases(text, start, end, hints)] == [
                m.span() for m in periods.TIME_PHRASE.finditer(text, start, end)
            ], (text, start, end)


def test_phrase_characters_cover_the_time_phrase_grammar():
    """Every character TIME_PHRASE can consume is a digit or in PHRASE_CHARS (else phrases would miss some)."""
    from re import _constants as c
    from re import _parser

    consumed: set[str] = set()

    def walk(items) -> None:
        for op, av in items:
            if op is c.LITERAL:
                consumed.add(chr(av))
            elif op is c.IN:
                for inner, arg in av:
                    if inner is c.LITERAL:
                        consumed.add(chr(arg))
                    elif inner is c.RANGE:
                        consumed.update(map(chr, range(arg[0], arg[1] + 1)))
                    else:
                        assert (inner, arg) == (c.CATEGORY, c.CATEGORY_DIGIT)
            elif op is c.SUBPATTERN:
                walk(av[3])
            elif op is c.BRANCH:
                for branch in av[1]:
                    walk(branch)
            elif op in (c.MAX_REPEAT, c.MIN_REPEAT):
                walk(av[2])
            else:
                assert op in (c.ASSERT, c.ASSERT_NOT, c.AT), op

    walk(_parser.parse(periods.TIME_PHRASE.pattern))
    assert consumed - set("0123456789") <= periods.PHRASE_CHARS


def leftmost_longest(text: str, keys: set[str], longest: int) -> list[tuple[int, int]]:
    out, i = [], 0
    while i < len(text):
        for n in range(min(longest, len(text) - i), 0, -1):
            if text[i : i + n] in keys:
                out.append((i, i + n))
                i += n
                break
        else:
            i += 1
    return out


def test_cheap_tests_before_end_anchored_regexes_never_skip_a_match():
    """The last-character tests run before METADATA_BEFORE and APPROX_BEFORE only skip texts they cannot match."""
    ends = [*TRICKY, *"览击读问数量于过约近超逾破少到足为是有达了", "\u3000", "\r", " "]
    texts = [*SAMPLES, *(prefix + end for prefix in ("浏览次数：", "点击量", "约", "不低于", "超过") for end in ends)]
    for text in texts:
        for end in range(len(text) + 1):
            tail = text[max(0, end - 12) : end]
            if filters.METADATA_BEFORE.search(tail):
                assert filters.may_be_metadata(tail), tail
            if kinds.APPROX_BEFORE.search(text, max(0, end - 4), end):
                assert end > 0 and text[end - 1] in kinds.APPROX_ENDS, text[:end]


def test_sentences_are_the_original_spans_without_blank_ones():
    original = re.compile(r"[^。！？!?\n]+(?:[。！？!?]+[”’」』)）]*)?|[。！？!?]+")
    for text in [*SAMPLES, "  \n\t。\u3000\n a \n \r\n”。 ", " ", "\u3000\u3000", "a。 \t"]:
        expected = [(m.start(), m.end()) for m in original.finditer(text) if m.group().strip()]
        assert textprep.split_sentences(text) == expected, text


def test_lost_characters_are_marked_as_by_one_substitution():
    texts = [*SAMPLES, "4?79，9?%，情况如何？12家", "??？？a?b", "1?", "?1", "无问号", "\ufffd?？1?2"]
    for text in texts + [t.replace("\ufffd", "?") for t in texts]:
        expected = textprep._LOST_RUN.sub(lambda m: textprep.LOST * len(m.group()), text)
        assert textprep._mark_lost(text) == expected, text


def test_gazetteer_automaton_is_leftmost_longest():
    gaz = gazetteer()
    keys = set(gaz._keys)
    longest = max(map(len, keys))
    rng = random.Random(5)
    names = sorted(keys)
    texts = [*TEXTS, *("".join(rng.choice(names)[rng.randrange(3) :] for _ in range(20)) for _ in range(200))]
    for text in texts:
        found = [(s, e) for _, s, e in gaz._automaton.find_matches_as_indexes(text)]
        assert found == leftmost_longest(text, keys, longest)


def test_row_encoder_is_json_dumps():
    encode = row_encoder()
    rows = [
        {"doc": "a.txt", "quote": '增长44.2%"\\\n', "value": 44.2, "target": False, "region": None, "start": 3},
        {"value": 980000000, "unit": "元", "x": [1, 2.5e-07, float("1e16")], "kind": "amount"},
    ]
    for row in rows:
        assert encode(row) == json.dumps(row, ensure_ascii=False)


def printed(row: dict, offset: int) -> str:
    """The line `provind extract` printed for a mention before `mention_encoder` (the plain path)."""
    row = dict(row)
    del row["sentence"]
    row["value"] = json_value(row["value"])
    if offset:
        row["start"] += offset
        row["end"] += offset
    return json.dumps(row, ensure_ascii=False)


def test_mention_encoder_prints_what_json_dumps_prints():
    """The command's line for a mention: the same text as json.dumps, for real mentions and odd rows."""
    encode = mention_encoder()
    rows = [
        row
        for i, text in enumerate(TEXTS)
        for row in extract_mentions(text, doc=f"{i}.txt", published=date(2024, 1, 1), region_code="370000")
    ]
    assert len({(r["unit"], r["kind"], r["region_source"], r["period"]) for r in rows}) > 10
    first = rows[0]
    odd = [
        {**first, "quote": 'a "quoted"\\ \n\t\x01 quote', "subject": "\u2028"},
        {**first, "value": Decimal("1" * 400 + ".5")},  # a float too big: Infinity
        {**first, "value": Decimal("-0.000001")},
        {**first, "value": 12},  # not a Decimal
        {**first, "target": int(first["target"])},  # equal to the bool, printed as a number
        {**first, "region": None, "region_code": None, "period": None, "region_source": None},
        {**first, "region": 1},
        {**first, "doc": None},
        {**first, "region": ["a list"]},
        {k: v for k, v in first.items() if k != "approx"},
        {"extra": 1, **first},
    ]
    for row in rows + odd:
        for offset in (0, 1_234_567):
            assert encode(row, offset) == printed(row, offset)


def test_remembered_phrase_codes_are_the_catalogs_own():
    """`Catalog.classify_phrase` answers what `classify` answers, for short and long phrases,
    asked once or again (the memo is keyed by the phrase, kind and unit only)."""
    cat = indicators.catalog()
    texts = [s for t in TEXTS for s in re.split(r"[，。；\n]", t) if s][:400]
    phrases = [t[-n:] for t in texts for n in (0, 2, 4, 8, 9, 20)]
    for kind, unit in (("count", "家"), ("growth", "%"), ("amount", "元"), ("ratio", "%"), ("rank", "位")):
        for _ in range(2):
            for phrase in phrases:
                assert cat.classify_phrase(phrase, kind, unit) == cat.classify(phrase, kind, unit), (phrase, kind)


def test_verbatim_texts_keep_every_offset():
    """`Prepared.verbatim()` holds exactly when `to_original` maps every span to itself."""
    raw = [f.read_text(encoding="utf-8") for f in sorted(CORPUS.glob("*.txt"))]
    for text in [*raw, "<p>a</p>b", "&amp;x", "---\ntitle: x\n---\nbody", "a（pīn）b", "plain 1,234"]:
        prep = textprep.prepare(text)
        same = all(
            prep.to_original(start, end) == (start, end)
            for start in range(0, len(prep.clean), 7)
            for end in (start + 1, min(len(prep.clean), start + 13))
            if end > start
        )
        assert prep.verbatim() == (same and len(prep.clean) == len(text)), text[:40]


def test_quantity_groups_are_named_in_their_order():
    """`numbers.quantities` unpacks `m.groups()` by `QUANTITY_GROUPS`: the pattern's groups, in order."""
    assert tuple(numbers.QUANTITY.groupindex) == numbers.QUANTITY_GROUPS
    assert [f.name for f in dataclasses.fields(numbers.Quantity)][10:] == ["number_start", "bracket", "bare_scale"]


def test_clause_starts_read_lazily_are_those_of_all_breaks():
    """`Clauses` reads a sentence's breaks as far as it is asked; the starts are those found by
    bisection over every break of the text (the eager form it replaced)."""
    rng = random.Random(3)
    for text in [*SAMPLES, "6,532户，增长1,2,3。\n共1.2万\n户，同比,4%"]:
        breaks = [m.start() for m in clauses.CLAUSE_BREAK.finditer(text)]
        inside = [(i, i + 3) for i in range(0, len(text), 17)] if rng.random() < 0.3 else None
        if inside:
            breaks = [b for b in breaks if not any(s <= b < e for s, e in inside)]
        lazy = clauses.Clauses(text, inside)
        sentences = textprep.split_sentences(text) or [(0, len(text))]
        asked = [(s, pos) for s, e in sentences for pos in sorted(rng.sample(range(s, e + 1), min(4, e + 1 - s)))]
        asked += rng.sample(asked, min(5, len(asked)))  # (a sentence asked again, after others)
        for s_start, pos in asked:
            k = bisect.bisect_left(breaks, pos)
            eager = max(breaks[k - 1] + 1, s_start) if k else s_start
            assert lazy.start(s_start, pos) == eager, (text, s_start, pos)
