"""The National Bureau of Statistics' data release platform (国家数据), as akshare queries it.

    base = https://data.stats.gov.cn/dg/website/publicrelease/web/external
    GET  new/queryIndexTreeAsync?pid=<node id>&code=<database>   the catalog tree (pid "" = roots)
    GET  new/queryIndicatorsByCid?cid=<leaf id>&dt=&name=        the indicators of a leaf
    GET  getDasByDaCatalogId?daCid=<area catalog id>             the areas (全国, provinces…)
    POST stream/esData {"cid", "indicatorIds", "daCatalogId", "das", "showType", "dts", "rootId"}
         → {"success": true, "data": [{"code": "2023YY", "name": "2023年",
                                       "values": [{"i_showname", "du_name", "da_name", "value"}]}]}

Values come as strings, "" when missing. Period codes end in YY (a year,
`2023YY`), SS (a quarter, `202401SS`) or MM (a month, `202403MM`).

Downloading goes through `PoliteClient` (robots.txt, pacing, retries); the
conversion to observations (`observations_from_es_data`) is pure, so recorded
responses can be re-read without the network. Observations have the shape of
the text extractor's mentions, with the platform's cell as provenance: the
quote is the cell rendered as a line of text (`render_cell`), and the article
text the pipeline stores for an answer is those lines (`answer_text`), so every
quote is found in its article.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from provind import defaults
from provind.crawl.client import FetchPolicy, FetchResult, PoliteClient
from provind.extract.indicators import catalog
from provind.extract.regions import NATIONAL_CODE, Region, gazetteer
from provind.stats import cells

BASE_URL = "https://data.stats.gov.cn/dg/website/publicrelease/web/external"
PLATFORM = "国家统计局 国家数据"
NATIONAL_AREA = {"text": "全国", "value": "000000000000"}
# Catalog databases (the `code` of queryIndexTreeAsync).
MONTHLY, QUARTERLY, ANNUAL = 1, 2, 3
_PERIOD_CODE = re.compile(r"^(\d{4})(\d{2})?(YY|SS|MM)$")


class NbsError(RuntimeError):
    """The platform could not be reached or answered something this adapter cannot read."""


@dataclass(frozen=True)
class Node:
    id: str
    name: str
    is_leaf: bool
    parent_id: str = ""


@dataclass(frozen=True)
class Indicator:
    id: str
    name: str
    unit: str


@dataclass(frozen=True)
class Area:
    text: str  # 全国, 山东省
    value: str  # twelve digits: the six-digit GB/T 2260 code, then zeros

    def as_payload(self) -> dict[str, str]:
        return {"text": self.text, "value": self.value}


# --------------------------------------------------------------------------- periods


def period_of_code(code: str, name: str = "") -> str | None:
    """`2023YY` → "2023", `202401SS` → "2024-01..2024-03", `202403MM` → "2024-03" (the extractor's form)."""
    match = _PERIOD_CODE.match(code.strip())
    if not match:
        return cells.period_in(name, None) if name else None
    year, part, unit = int(match.group(1)), match.group(2), match.group(3)
    if unit == "YY":
        return str(year)
    number = int(part or 0)
    if unit == "MM" and 1 <= number <= 12:
        return f"{year}-{number:02d}"
    if unit == "SS" and 1 <= number <= 4:
        return f"{year}-{3 * number - 2:02d}..{year}-{3 * number:02d}"
    return None


def period_range(start: str, end: str) -> str:
    """The `dts` token for a range: period_range("2018YY", "2023YY") → "2018YY-2023YY"."""
    return f"{start}-{end}"


# --------------------------------------------------------------------------- downloading


class NbsClient:
    """The four calls, each one polite request; answers are checked for `success`."""

    def __init__(
        self,
        client: PoliteClient,
        base_url: str = BASE_URL,
        policy: FetchPolicy | None = None,
    ) -> None:
        self.client = client
        self.base_url = base_url.rstrip("/")
        self.policy = policy or FetchPolicy(rate_limit=defaults.NBS_RATE_LIMIT)
        self.responses: list[FetchResult] = []  # every answer, kept for the fetch log and raw storage

    def index_tree(self, pid: str = "", code: int = ANNUAL) -> list[Node]:
        data = self._get("new/queryIndexTreeAsync", {"pid": pid, "code": code})
        return [
            Node(str(n.get("_id", "")), str(n.get("name", "")), bool(n.get("isLeaf")), str(n.get("treeinfo_pid", "")))
            for n in _as_list(data)
        ]

    def indicators(self, cid: str, dt: str = "", name: str = "") -> list[Indicator]:
        data = self._get("new/queryIndicatorsByCid", {"cid": cid, "dt": dt, "name": name})
        items = data.get("list", []) if isinstance(data, dict) else data
        return [
            Indicator(str(i.get("_id", "")), str(i.get("i_showname", "")).strip(), str(i.get("du_name", "")))
            for i in _as_list(items)
        ]

    def areas(self, da_catalog_id: str) -> list[Area]:
        data = self._get("getDasByDaCatalogId", {"daCid": da_catalog_id})
        return [Area(str(a.get("show_name", "")), str(a.get("name_value", ""))) for a in _as_list(data)]

    def es_data(
        self,
        cid: str,
        indicator_ids: list[str],
        *,
        dts: list[str],
        root_id: str,
        das: list[Area] | None = None,
        da_catalog_id: str = "",
        show_type: str = "1",
    ) -> dict[str, Any]:
        """The raw esData answer (keep it: `observations_from_es_data` reads it again at any time)."""
        payload = {
            "cid": cid,
            "indicatorIds": indicator_ids,
            "daCatalogId": da_catalog_id,
            "das": [a.as_payload() for a in das] if das else [NATIONAL_AREA],
            "showType": show_type,
            "dts": dts,
            "rootId": root_id,
        }
        result = self.client.post_json(f"{self.base_url}/stream/esData", payload, self.policy)
        return self._answer(result)

    def _get(self, path: str, params: dict[str, Any]) -> Any:
        result = self.client.fetch(f"{self.base_url}/{path}?{urlencode(params)}", self.policy)
        return self._answer(result).get("data")

    def _answer(self, result: FetchResult) -> dict[str, Any]:
        self.responses.append(result)
        if result.outcome != "ok" or result.body is None:
            raise NbsError(f"{result.url}: {result.outcome} ({result.error or result.status})")
        try:
            answer = json.loads(result.body.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise NbsError(f"{result.url}: not JSON: {exc}") from exc
        if not isinstance(answer, dict) or answer.get("success") is False:
            message = answer.get("message") if isinstance(answer, dict) else None
            raise NbsError(f"{result.url}: the platform answered no success ({message or 'no message'})")
        return answer


def _as_list(data: Any) -> list[dict]:
    return [item for item in data if isinstance(item, dict)] if isinstance(data, list) else []


# --------------------------------------------------------------------------- answers as text


@dataclass(frozen=True)
class Cell:
    """One value of an esData answer, with the labels it needs to be read on its own."""

    period_code: str  # 2023YY
    period_name: str  # 2023年
    area: str  # 全国
    name: str  # 国内生产总值
    unit: str  # 亿元
    value: str  # "1260582", "" when not published


def is_es_data(answer: Any) -> bool:
    """True for an esData answer: a dict whose `data` is a list of periods with `values`."""
    rows = answer.get("data") if isinstance(answer, dict) else None
    return isinstance(rows, list) and all(isinstance(r, dict) and "values" in r for r in rows)


def answer_cells(answer: dict[str, Any]) -> Iterator[Cell]:
    """Every value of an answer, in the platform's order (empty ones too)."""
    for row in _as_list(answer.get("data")):
        code, period_name = str(row.get("code", "")).strip(), str(row.get("name", "")).strip()
        for item in _as_list(row.get("values")):
            value = item.get("value")
            yield Cell(
                code,
                period_name,
                str(item.get("da_name", "")).strip(),
                str(item.get("i_showname", "")).strip(),
                str(item.get("du_name", "")).strip(),
                "" if value is None else str(value).strip(),
            )


def render_cell(cell: Cell) -> str:
    """A cell as a line a person reads: "2023年 全国 国内生产总值 1260582 亿元", "2023年 全国 … 5.2%"."""
    figure = cell.value + (cell.unit if cell.unit in ("%", "‰") else f" {cell.unit}" if cell.unit else "")
    return " ".join(part for part in (cell.period_name or cell.period_code, cell.area, cell.name, figure) if part)


def answer_text(answer: dict[str, Any]) -> str:
    """The article text of an answer: one line per published value (empty values are no figure)."""
    return "\n".join(render_cell(c) for c in answer_cells(answer) if c.value)


def answer_title(answer: dict[str, Any], max_names: int = 3) -> str:
    """A title read off the answer itself: "国内生产总值、国内生产总值增长率（2018年至2023年）"."""
    all_cells = list(answer_cells(answer))
    names = list(dict.fromkeys(c.name for c in all_cells if c.name))
    shown = "、".join(names[:max_names]) + (f"等{len(names)}项指标" if len(names) > max_names else "")
    periods = sorted({(c.period_code, c.period_name or c.period_code) for c in all_cells})
    if not periods:
        return PLATFORM
    first, last = periods[0][1], periods[-1][1]
    span = first if first == last else f"{first}至{last}"
    return f"{shown or PLATFORM}（{span}）"


# --------------------------------------------------------------------------- observations


def observations_from_es_data(
    answer: dict[str, Any],
    *,
    title: str = PLATFORM,
    doc: str = "",
    published: date | None = None,
) -> list[dict]:
    """One observation per non-empty value of an esData answer, shaped like the extractor's mentions.

    `quote` is the cell rendered as a line of text ("2023年 全国 国内生产总值 1260582 亿元"),
    `sentence` is "<title> | <area> | <indicator> <period name>", `start`/`end` are -1.
    """
    out = []
    for cell in answer_cells(answer):
        observation = _observation(cell, title, doc, published)
        if observation is not None:
            out.append(observation)
    return out


def _observation(cell: Cell, title: str, doc: str, published: date | None) -> dict | None:
    parsed = cells.parse_value(cell.value)
    if parsed is None:
        return None  # "" (not published) or a note
    number, suffix = parsed
    unit = cells.parse_unit(suffix or cell.unit) if (suffix or cell.unit) else None
    base = unit.base if unit else cell.unit
    kind = cells.kind_of(base, cell.name)
    subject = cells.strip_units(cell.name)
    if kind == "growth" and not cells.GROWTH_WORDS.search(subject):
        subject += "增长"
    region = _region(cell.area, published)
    return {
        "doc": doc,
        "quote": render_cell(cell),
        "subject": subject,
        "value": cells.scaled(number, unit.scale if unit else Decimal(1)),
        "unit": base,
        "kind": kind,
        "approx": "exact",
        "target": False,
        "region": region.full_name if region else (cell.area or None),
        "region_code": region.code if region else None,
        "period": period_of_code(cell.period_code, cell.period_name),
        "indicator": catalog().classify(subject, kind, base.split("/")[0]),
        "start": -1,
        "end": -1,
        "sentence": f"{title} | {cell.area} | {cell.name} {cell.period_name}".strip(),
    }


def _region(area: str, published: date | None) -> Region | None:
    if area in ("", "全国", "中国", "全国合计"):
        return gazetteer().get(NATIONAL_CODE)
    year = published.year if published else None
    hits = gazetteer().find(area, year, None)
    return hits[0].region if len(hits) == 1 else None


def fetch_observations(
    nbs: NbsClient,
    cid: str,
    indicator_ids: list[str],
    *,
    dts: list[str],
    root_id: str,
    das: list[Area] | None = None,
    title: str = PLATFORM,
    published: date | None = None,
) -> list[dict]:
    """esData for some indicators of one leaf, as observations (doc: the esData URL)."""
    answer = nbs.es_data(cid, indicator_ids, dts=dts, root_id=root_id, das=das)
    return observations_from_es_data(answer, title=title, doc=f"{nbs.base_url}/stream/esData", published=published)
