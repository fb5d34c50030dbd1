"""One article, one URL: the canonical form of an article link.

Sites link one article under several URLs: a pinned item on the home page with
`?from=index`, a share link with `utm_source=…&spm=…`, a cache-buster
`?t=1718000000`, a `#top` fragment. The crawler fetches and keys articles by
the canonical form: fragment dropped, tracking and timestamp parameters
dropped, every other parameter kept in its order (a site's `?id=123` is the
article). A page's own `<link rel="canonical">` (on an allowed host) wins over
both: see `site.py`.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Parameters that say where a reader came from, or bust a cache: never which article it is.
TRACKING_PARAMS = frozenset({
    "from", "spm", "source", "src", "share", "share_from", "sharefrom", "share_token", "shareid",
    "scene", "isappinstalled", "clicktime", "enterid", "wfr", "wxfrom", "fbclid", "gclid",
    "msclkid", "yclid", "ref", "referer", "referrer",
})  # fmt: skip
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_")
# Cache-busters and timestamps: dropped when their value is a time stamp or a random number
# (`?t=1718000000`, `?_=1718000000123`); a short value may be a real choice (`?t=2`).
STAMP_PARAMS = frozenset({"timestamp", "ts", "t", "_t", "_", "time", "rnd", "rand", "random", "nocache", "cb", "v"})
_STAMP = re.compile(r"^\d{8,}(?:\.\d+)?$|^0\.\d{6,}$")
_DEFAULT_PORTS = {"http": 80, "https": 443}


def is_tracking(name: str, value: str = "") -> bool:
    """A parameter that does not say which article: a referrer tag, a campaign tag, a time stamp."""
    name = name.lower()
    if name in STAMP_PARAMS:
        return bool(_STAMP.match(value))
    return name in TRACKING_PARAMS or name.startswith(TRACKING_PREFIXES)


def canonical_url(url: str) -> str:
    """`url` without fragment, tracking parameters and default port; host in lower case; else unchanged."""
    parts = urlsplit(url.strip())
    params = parse_qsl(parts.query, keep_blank_values=True)
    kept = [(k, v) for k, v in params if not is_tracking(k, v)]
    query = parts.query if kept == params else urlencode(kept)  # untouched unless something was dropped
    host = (parts.hostname or "").lower()
    if parts.port and parts.port != _DEFAULT_PORTS.get(parts.scheme.lower()):
        host = f"{host}:{parts.port}"
    if parts.username:
        host = f"{parts.username}{':' + parts.password if parts.password else ''}@{host}"
    return urlunsplit((parts.scheme.lower(), host, parts.path or "/", query, ""))
