"""Article text → clean simplified text, with a map back to the original.

Extraction works on the clean text (markup stripped, pinyin glosses removed,
traditional → simplified, full-width digits folded) but every mention must
quote the article *as stored*. `prepare()` therefore records, for each run of
clean characters, where it came from, and `Prepared.to_original()` turns a
clean span into the exact original span.

Characters lost in an earlier broken conversion (runs of `?`, `？`, U+FFFD)
are kept in the clean text as U+FFFD so that the extractor can refuse figures
touching them instead of guessing.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Final

LOST: Final = "\ufffd"


class UndecodableTextError(ValueError):
    """The bytes are not text in any encoding we can recognise."""


# ---------------------------------------------------------------- decoding

_CONTROL: Final = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def _plausible(text: str) -> bool:
    """Reject decodings that are mostly control characters or replacement marks."""
    if not text:
        return True
    sample = text[:20000]
    bad = len(_CONTROL.findall(sample)) + sample.count(LOST)
    return bad / len(sample) < 0.02


def decode_bytes(data: bytes) -> str:
    """Decode article bytes with `provind.crawl.content.decode` (BOM, declared, UTF-8, GB18030, guess).

    Raises UndecodableTextError for a binary file or bytes that no charset reads cleanly.
    """
    from provind.crawl.content import decode, sniff_binary

    binary = sniff_binary(data)
    if binary:
        raise UndecodableTextError(f"content is a {binary} file, not text")
    decoded = decode(data)
    if decoded.lossy:
        raise UndecodableTextError(f"content is not text in any recognised encoding (best: {decoded.codec})")
    if not _plausible(decoded.text):
        raise UndecodableTextError("content is not text (control characters)")
    if decoded.how not in ("bom", "utf-8") and not _mostly_cjk_or_ascii(decoded.text):
        raise UndecodableTextError(f"content is not text (looks like binary data read as {decoded.codec})")
    return decoded.text


_CJK_OR_ASCII: Final = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef\x20-\x7e\n\r\t]")


def _mostly_cjk_or_ascii(text: str) -> bool:
    sample = text[:20000]
    return len(_CJK_OR_ASCII.findall(sample)) / max(len(sample), 1) > 0.9


# ---------------------------------------------------------------- fast scanning


def anchored_finditer(
    pattern: re.Pattern, anchor: re.Pattern | str, text: str, pos: int = 0, endpos: int | None = None, reach: int = 0
) -> Iterator[re.Match]:
    """The matches of `pattern.finditer(text, pos, endpos)`, for a pattern each of whose matches
    holds a match of `anchor` (one character class, or a string of the characters themselves,
    found faster by `char_positions`) at most `reach` characters after its start.

    Python's regex engine skips quickly to the next possible start only when a pattern opens on a
    plain character or class; a pattern that opens on a look-ahead or look-behind, or on optional
    words, is tried at every position. Where anchors are rare (markup, brackets, 第), finding them
    first and matching `pattern` only just before them is many times faster. `pattern` must not
    match the empty string.
    """
    end = len(text) if endpos is None else endpos
    match = pattern.match
    anchors = (
        char_positions(text, anchor)
        if isinstance(anchor, str)
        else map(re.Match.start, anchor.finditer(text, pos, end))
    )
    for at in anchors:
        if at < pos:
            continue  # inside the last match
        if at >= end:
            break
        # The leftmost match from `pos` starts at most `reach` before the first anchor from `pos`.
        for start in range(max(pos, at - reach), at + 1):
            if (m := match(text, start, end)) is not None:
                yield m
                pos = m.end()
                break
        else:
            pos = at + 1


# ---------------------------------------------------------------- cleaning

_FRONT_MATTER: Final = re.compile(r"\A\ufeff?---[ \t]*\r?\n.*?\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)
_PINYIN_VOWELS: Final = "a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüêńňǹḿ"
_SYLLABLE: Final = rf"[{_PINYIN_VOWELS}{_PINYIN_VOWELS.upper()}][{_PINYIN_VOWELS}]{{0,6}}"
# Markup and glosses to drop, one alternation so that the text is scanned once.
_MARKUP: Final = re.compile(
    r"(?P<block>(?i:<(?:script|style)\b.*?</(?:script|style)\s*>)|<!--.*?-->)"
    r"|(?P<tag></?(?P<tagname>[a-zA-Z][a-zA-Z0-9]*)\b[^<>]*>|<https?://[^<>\s]*>)"
    r"|(?P<entity>&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});)"
    # Pinyin glosses, lower or capitalised syllables, with or without spaces (监管局（Shìchǎng Jiānguǎn Jú）).
    rf"|(?<=[\u4e00-\u9fff])(?P<pinyin>[(（]{_SYLLABLE}(?:[ '’]?{_SYLLABLE})*[)）])",
    re.S,
)
# Where a _MARKUP match can start (found by a fast scan: `anchored_finditer`): < or &, or a
# bracket before a pinyin letter.
_MARKUP_ANCHOR: Final = re.compile(rf"[<&(（](?:(?<=[<&])|(?=[{_PINYIN_VOWELS}{_PINYIN_VOWELS.upper()}]))")
_MARKUP_OPENERS: Final = "<&(（"  # the characters a _MARKUP match opens on (for str.find)
# Tags that end a line of text: replaced by a newline so sentences do not run together.
_BLOCK_TAGS: Final = frozenset(
    {
        "p", "br", "div", "li", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table",
        "section", "article", "header", "footer", "blockquote",
    }
)  # fmt: skip
# Full-width digits and signs fold to ASCII (one character for one, offsets unchanged).
# One str.replace per character present: ~40x faster than str.translate on CJK text.
_FOLD_PAIRS: Final = tuple(zip("０１２３４５６７８９％．：；（）～－／＋", "0123456789%.:;()~-/+", strict=True))
_FOLDABLE: Final = re.compile("[０-９％．：；（）～－／＋]")
# 1，023: a full-width comma between full-width digit groups. Written comma first, then looking
# back, so that the regex engine skips from comma to comma instead of trying every position.
_FULLWIDTH_THOUSANDS: Final = re.compile(r"，(?<=[０-９]，)(?=[０-９]{3}(?![０-９]))")
# Lost characters: a run of two or more, any U+FFFD, or a lone ? inside a number (4?79, 9?%).
# A lone ? elsewhere is a question mark (情况如何？12家企业…). Written as "one of ?？\ufffd, then
# what makes it lost" for the same fast skipping.
_LOST_RUN: Final = re.compile(r"[?？\ufffd](?:[?？\ufffd]+|(?<=\ufffd)|(?<=\d[?？])(?=[\d%.])|(?<=[\d.][?？])(?=\d))")


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


@dataclass
class Prepared:
    """Clean text plus the segments that map it back to the original."""

    original: str
    clean: str
    # Parallel lists, one entry per segment: a run of clean characters that is either a
    # verbatim copy of the original (same length) or one character standing for a longer
    # original span (an entity or a block tag).
    _clean_starts: list[int] = field(default_factory=list)
    _orig_starts: list[int] = field(default_factory=list)
    _orig_lens: list[int] = field(default_factory=list)
    _clean_lens: list[int] = field(default_factory=list)

    def verbatim(self) -> bool:
        """True when every clean offset is the original's: one verbatim segment from 0 (no front
        matter, markup or entity was taken out), so `to_original(start, end)` is `(start, end)`."""
        return len(self._clean_starts) == 1 and self._orig_starts[0] == 0 and self._clean_lens[0] == self._orig_lens[0]

    def _locate(self, i: int) -> int:
        return bisect_right(self._clean_starts, i) - 1

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map the clean span [start, end) to the original text."""
        if end <= start:
            s = self._orig_pos(start)
            return s, s
        starts = self._clean_starts
        k = bisect_right(starts, start) - 1
        if k < 0 or (k + 1 < len(starts) and starts[k + 1] <= end - 1):
            return self._orig_pos(start), self._orig_end(end - 1)
        # Both ends in one segment (a quote is short): one bisection for the two.
        c, o, cl = starts[k], self._orig_starts[k], self._clean_lens[k]
        if cl == self._orig_lens[k]:
            return o + min(start - c, cl), o + (end - 1 - c) + 1
        return o, o + self._orig_lens[k]

    def _orig_pos(self, i: int) -> int:
        k = self._locate(i)
        if k < 0:
            return 0
        c, o, cl = self._clean_starts[k], self._orig_starts[k], self._clean_lens[k]
        if cl == self._orig_lens[k]:
            return o + min(i - c, cl)
        return o

    def _orig_end(self, last: int) -> int:
        """Original end offset (exclusive) of the clean character at `last`."""
        k = self._locate(last)
        if k < 0:
            return 0
        c, o, cl, ol = self._clean_starts[k], self._orig_starts[k], self._clean_lens[k], self._orig_lens[k]
        if cl == ol:
            return o + (last - c) + 1
        return o + ol


def _build(text: str) -> Prepared:
    pieces: list[str] = []
    prep = Prepared(original=text, clean="")
    # The segment lists' appends, bound once (a big file has a segment per tag, entity and gloss).
    add_piece, add_clean_start = pieces.append, prep._clean_starts.append
    add_orig_start, add_orig_len, add_clean_len = (
        prep._orig_starts.append,
        prep._orig_lens.append,
        prep._clean_lens.append,
    )
    clean_len = 0

    pos = 0
    front = _FRONT_MATTER.match(text)
    if front:
        pos = front.end()
    has_markup = "<" in text or "&" in text or "(" in text or "（" in text
    if has_markup:
        # `anchored_finditer(_MARKUP, _MARKUP_OPENERS, text, pos)`, written out: every match starts on
        # one of < & ( （ (found by str.find), and this loop runs once for each tag, entity and gloss.
        match = _MARKUP.match
        scan = pos
        for at in char_positions(text, _MARKUP_OPENERS):
            if at < scan:
                continue  # before the text or inside the last match
            m = match(text, at)
            if m is None:
                continue
            scan = m.end()
            if at > pos:  # the text before the markup, kept verbatim
                add_piece(text[pos:at])
                add_clean_start(clean_len)
                add_orig_start(pos)
                add_orig_len(at - pos)
                add_clean_len(at - pos)
                clean_len += at - pos
            tag, entity = m.group("tag", "entity")
            char = None  # what the markup stands for in the clean text (None: nothing)
            if tag is not None:
                if (m.group("tagname") or "").lower() in _BLOCK_TAGS:
                    char = "\n"
            elif entity is not None:
                char = html.unescape(entity)
                if len(char) == 1:
                    char = " " if char == "\xa0" else char
                else:  # unknown entity: keep it verbatim
                    add_piece(text[at:scan])
                    add_clean_start(clean_len)
                    add_orig_start(at)
                    add_orig_len(scan - at)
                    add_clean_len(scan - at)
                    clean_len += scan - at
                    char = None
            if char is not None:
                add_piece(char)
                add_clean_start(clean_len)
                add_orig_start(at)
                add_orig_len(scan - at)
                add_clean_len(1)
                clean_len += 1
            pos = scan
    if len(text) > pos:
        add_piece(text[pos:])
        add_clean_start(clean_len)
        add_orig_start(pos)
        add_orig_len(len(text) - pos)
        add_clean_len(len(text) - pos)
    clean = "".join(pieces)
    if _FOLDABLE.search(clean):
        # １，０２３億: a full-width comma between full-width digit groups separates thousands.
        clean = _FULLWIDTH_THOUSANDS.sub(",", clean)
        for wide, narrow in _FOLD_PAIRS:
            if wide in clean:
                clean = clean.replace(wide, narrow)
    prep.clean = clean
    return prep


@lru_cache(maxsize=1)
def _convertible() -> re.Pattern[str]:
    """One of the characters OpenCC's t2s may change (reference/opencc_t2s_changes.txt, written by
    scripts/opencc_changes.py from OpenCC's own dictionaries)."""
    from provind.config import REFERENCE_DIR

    listed = (REFERENCE_DIR / "opencc_t2s_changes.txt").read_text(encoding="utf-8").splitlines()
    chars = "".join(line.strip() for line in listed if not line.startswith("#"))
    # The listed characters of the BMP, and any character beyond it: the engine tests a BMP class
    # with one table lookup, but tries listed characters beyond the BMP one by one (900 of them,
    # for every character of the text: 100x slower). Beyond the BMP a line is rare; it converts.
    bmp = "".join(c for c in chars if c <= "\uffff")
    return re.compile("[" + re.escape(bmp) + r"\U00010000-\U0010ffff]")


def _to_simplified(clean: str) -> str:
    """OpenCC t2s, keeping the length (and so the offsets) of every line.

    OpenCC replaces the longest dictionary key at each position, and no key holds a line break,
    so a line converts the same alone as in the whole text; and a line holding none of the
    characters a key would change comes out unchanged. Only the lines holding one go through
    OpenCC: simplified text, nearly all that bureaus publish, is scanned once by a character
    class instead of walked through OpenCC's dictionaries (docs/decisions.md).
    """
    find = _convertible().search
    m = find(clean)
    if m is None:
        return clean
    cc = _t2s()
    pieces: list[str] = []
    copied = 0  # clean[:copied] is in pieces
    while m is not None:
        start = clean.rfind("\n", copied, m.start()) + 1 or copied
        end = _line_end(clean, m.end())
        # The lines right after it that need OpenCC too go with it (a traditional article: one call).
        m = find(clean, end)
        while m is not None and clean.find("\n", end + 1, m.start()) < 0:
            end = _line_end(clean, m.end())
            m = find(clean, end)
        pieces += (clean[copied:start], _convert_lines(cc, clean[start:end]))
        copied = end
    pieces.append(clean[copied:])
    return "".join(pieces)


def _line_end(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    return len(text) if end < 0 else end


def _convert_lines(cc: Any, text: str) -> str:
    """OpenCC t2s of whole lines, each keeping its length."""
    new = cc.convert(text)
    if len(new) == len(text):
        return new
    # A phrase conversion changed the length: such a line character by character instead.
    lines = []
    for line in text.split("\n"):
        new = cc.convert(line)
        if len(new) != len(line):
            new = "".join(ch if len(c := cc.convert(ch)) != 1 else c for ch in line)
        lines.append(new)
    return "\n".join(lines)


def _mark_lost(clean: str) -> str:
    if "?" not in clean and "？" not in clean and LOST not in clean:
        return clean
    if LOST in clean:
        return _LOST_RUN.sub(lambda m: LOST * len(m.group()), clean)
    # `_LOST_RUN.sub(…)` without a scan of every character: a match opens on ? or ？, and a text
    # holds few (a question mark or two), which str.find reaches at memory speed.
    pieces: list[str] = []
    last = 0
    for at in char_positions(clean, "?？"):
        if at >= last and (m := _LOST_RUN.match(clean, at)) is not None:
            pieces += (clean[last:at], LOST * (m.end() - at))
            last = m.end()
    if not pieces:
        return clean
    pieces.append(clean[last:])
    return "".join(pieces)


def char_positions(text: str, chars: str) -> list[int]:
    """Where any of `chars` stands in `text`, in order: for characters a text holds few of.

    `str.find` skips at memory speed; a regex class (`[：:]`) tests every character in turn,
    several times slower (and more so for a class mixing ASCII and CJK).
    """
    found = []
    for char in chars:
        at = text.find(char)
        while at >= 0:
            found.append(at)
            at = text.find(char, at + 1)
    if len(chars) > 1:
        found.sort()
    return found


def prepare(text: str) -> Prepared:
    """Clean `text` (see module doc) keeping the offset map."""
    prep = _build(text)
    prep.clean = _mark_lost(_to_simplified(prep.clean))
    return prep


def clean_text(text: str) -> str:
    """The clean simplified text the pipeline stores (and extracts from)."""
    return prepare(text).clean


# ---------------------------------------------------------------- sentences

# A sentence ends at 。！？!? (with any closing quotes after it) or at a line break; blank stretches
# (white space up to a line break or the end) are none. `split_sentences` finds the spans of
# `_SENTENCE`, the plain statement of the rule, from the positions of its stops.
_SENTENCE: Final = re.compile(r"(?![^\S\n]+(?:\n|\Z))[^。！？!?\n]+(?:[。！？!?]+[”’」』)）]*)?|[。！？!?]+")
_ENDS: Final = "。！？!?"
_CLOSERS: Final = "”’」』)）"


def split_sentences(clean: str) -> list[tuple[int, int]]:
    """Spans (start, end) of the sentences of `clean`, blank stretches left out.

    (The matches of `_SENTENCE`, found from the positions of the stops by `str.find`: the regex
    tests every character of the text against its class, several times slower.)
    """
    stops = char_positions(clean, "。！？!?\n")
    n, n_stops = len(clean), len(stops)
    out: list[tuple[int, int]] = []
    pos = k = 0
    while pos < n:
        while k < n_stops and stops[k] < pos:
            k += 1
        stop = stops[k] if k < n_stops else n
        if stop == pos:
            if clean[pos] == "\n":
                pos += 1
                continue
            end = pos + 1  # a run of sentence ends standing alone
            while end < n and clean[end] in _ENDS:
                end += 1
            out.append((pos, end))
            pos = end
            continue
        line_ends = stop == n or clean[stop] == "\n"
        if line_ends and clean[pos].isspace() and clean[pos:stop].isspace():
            pos = stop  # a blank stretch
            continue
        end = stop
        if not line_ends:
            end = stop + 1
            while end < n and clean[end] in _ENDS:
                end += 1
            while end < n and clean[end] in _CLOSERS:
                end += 1
        out.append((pos, end))
        pos = end
    return out


# ---------------------------------------------------------------- patterns

_LOOKAROUND_OPENERS: Final = ("(?=", "(?!", "(?<=", "(?<!", "(?(")


def _one_character(group: str) -> bool:
    """True for `(?:c)`, `(?:\\d)`, `(?:[…])`: an optional character the engine repeats cheaply as it is."""
    inner = group[3:] if group.startswith("(?:") else ""
    return (
        len(inner) == 1
        or (len(inner) == 2 and inner[0] == "\\")
        or (inner[:1] == "[" and inner.find("]", 1) == len(inner) - 1)
    )


def optional_as_alternation(pattern: str) -> str:
    """`pattern` with each greedy optional group `(X)?` written `(?:(X)|)`, and `(?:X)?` written `(?:X|)`.

    The two forms try the same things in the same order and bind the same groups (a group in an
    alternative not taken is None, as when the optional part is skipped). But CPython 3.11's engine
    allocates a repeat context each time it enters an optional group longer than one character,
    and enters an alternation for nothing: several times the cost, in patterns tried at every
    candidate of a text (docs/extraction-grammar.md, "Ninth round"). Written for the extractor's
    patterns: groups, classes and escapes are read; a group quantified by `?` that opens on a
    look-around, or is lazy (`)??`), is left as it is.
    """
    out: list[str] = []
    opens: list[int] = []  # for each open group, its index in `out`
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\":
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if c == "[":
            end = i + 1
            if end < n and pattern[end] == "^":
                end += 1
            if end < n and pattern[end] == "]":
                end += 1  # (a ] first in a class is itself)
            while end < n and pattern[end] != "]":
                end += 2 if pattern[end] == "\\" else 1
            out.append(pattern[i : end + 1])
            i = end + 1
            continue
        if c == "(":
            opens.append(len(out))
            out.append(c)
            i += 1
            continue
        if c == ")" and opens:
            start = opens.pop()
            group = "".join(out[start:])
            optional = i + 1 < n and pattern[i + 1] == "?" and (i + 2 >= n or pattern[i + 2] not in "?+")
            if optional and not group.startswith(_LOOKAROUND_OPENERS) and not _one_character(group):
                del out[start:]
                if group.startswith("(?:"):
                    out.append(group + "|)")
                else:
                    out.append("(?:" + group + ")|)")
                i += 2
                continue
            out.append(c)
            i += 1
            continue
        out.append(c)
        i += 1
    return "".join(out)
