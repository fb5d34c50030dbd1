"""A table's location column (土地位置, 坐落): each row's own region, as land notices give it.

A land-transfer or auction notice (自然资源局: 宗地编号 | 土地位置 | 面积（平方米） | 用途 |
出让年限 | 起始价（万元） | 竞买保证金（万元）) lists parcels across a city: the location cell
(`平阴县榆山街道…`) places that row's figures, in its most specific division the gazetteer
knows. A name outside the publisher's province is a road's or a project's (`青岛路`), not
the parcel's place. A notice of a market regulator lists firms the same way (当事人 | 住所 |
罚没金额（万元）). The row's label (a parcel, a firm) is no part of a figure's subject: the
column header is.
"""

from __future__ import annotations

import re

from provind.extract.regions import Region, gazetteer

_LOCATION_HEADER = re.compile(
    r"^(?:(?:土地|宗地|地块|项目|房屋|不动产)?(?:位置|坐落|座落|坐落位置|座落位置|地点|所在地|所在位置|地址|位置描述)"
    r"|住所|(?:经营|注册|企业)(?:场所|地址)|经营场所)(?:\s*[（(][^（()）]*[)）])?$"
)
_LEVELS = {"county": 0, "prefecture": 1, "province": 2}


def location_column(headers: list[str]) -> int | None:
    """The index of the column whose header names a location, or None."""
    return next((c for c, h in enumerate(headers) if _LOCATION_HEADER.match(h.replace(" ", ""))), None)


def region_in(text: str, year: int | None, home: Region | None) -> Region | None:
    """The most specific region a location text names (a county over its city), or None."""
    if not text:
        return None
    hits = [hit.region for hit in gazetteer().find(text[:200], year, home) if hit.region is not None]
    if home is not None and home.province_code:
        hits = [r for r in hits if r.province_code == home.province_code]
    hits = [r for r in hits if r.level in _LEVELS]
    return min(hits, key=lambda r: _LEVELS[r.level]) if hits else None
