"""The demo site's NBS release platform: recorded answers (`nbs/`) to the platform's four calls.

Served under the platform's own path, so the `demo-nbs` source exercises the
same client and adapter as the real platform would:

    GET  <PREFIX>/new/queryIndexTreeAsync?pid=…&code=…   the catalog tree
    GET  <PREFIX>/new/queryIndicatorsByCid?cid=…         the indicators of a leaf
    GET  <PREFIX>/getDasByDaCatalogId?daCid=…            the areas of an area catalog
    POST <PREFIX>/stream/esData {"cid", "dts", …}        the figures

A request the recordings do not cover gets `{"success": false, …}`, as an
answer without data; a path that is no endpoint gets None (the server's 404).
Pure: bytes in, bytes out; `server.py` does the HTTP.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

PREFIX = "/dg/website/publicrelease/web/external"
DATA_DIR = Path(__file__).resolve().parent / "nbs"
CONTENT_TYPE = "application/json;charset=UTF-8"
NO_DATA = b'{"success":false,"message":"no data for this request (provind demo site)"}'

# GET endpoint → (the parameter that selects the answer, {its value: recorded answer})
GET_ANSWERS = {
    "/new/queryIndexTreeAsync": ("pid", {"": "tree_roots.json", "fixture-root-annual": "tree_children.json"}),
    "/new/queryIndicatorsByCid": ("cid", {"fixture-cid-gdp": "indicators_gdp.json"}),
    "/getDasByDaCatalogId": ("daCid", {"fixture-area-catalog": "das.json"}),
}
# esData: (cid, dts) → recorded answer (the recordings hold every indicator of their leaf)
ES_DATA_ANSWERS = {
    ("fixture-cid-gdp", ("2018YY-2023YY",)): "esdata_gdp_annual.json",
    ("fixture-cid-gdp-q", ("202401SS-202404SS",)): "esdata_gdp_quarterly.json",
}


class Platform:
    """The recorded answers, read once."""

    def __init__(self, data_dir: Path = DATA_DIR) -> None:
        self.answers = {path.name: path.read_bytes() for path in data_dir.glob("*.json")}

    def get(self, path: str, query: dict[str, str]) -> bytes | None:
        endpoint = GET_ANSWERS.get(path.removeprefix(PREFIX))
        if not path.startswith(PREFIX) or endpoint is None:
            return None
        parameter, files = endpoint
        name = files.get(query.get(parameter, ""))
        return self.answers[name] if name else NO_DATA

    def post(self, path: str, payload: Any) -> bytes | None:
        if path != f"{PREFIX}/stream/esData":
            return None
        if not isinstance(payload, dict):
            return NO_DATA
        dts = payload.get("dts")
        key = (str(payload.get("cid", "")), tuple(dts) if isinstance(dts, list) else ())
        name = ES_DATA_ANSWERS.get(key)
        return self.answers[name] if name else NO_DATA
