"""GX Data Docs that open offline.

GX renders its Data Docs with stylesheets, scripts and images from CDNs. A report
read on an air-gapped machine (or a BI host with no internet) must not depend on
them, so the published copy drops every external reference and carries a small
inline stylesheet instead; the tables of results read the same.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

EXTERNAL_TAG = re.compile(
    r"<(?:link|script|img)\b[^>]*(?:href|src)=[\"']https?://[^\"']*[\"'][^>]*>(?:\s*</script>)?",
    re.IGNORECASE,
)
EXTERNAL_CSS_URL = re.compile(r"url\(\s*['\"]?https?://[^)]*\)", re.IGNORECASE)
OFFLINE_STYLE = """<style>
body{font-family:system-ui,sans-serif;margin:1.5rem;color:#222}
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ccc;padding:.25rem .5rem;vertical-align:top}
.text-danger,.fa-times{color:#b00}.text-success,.fa-check{color:#070}nav,footer,.ge-footer{display:none}
</style>"""


def publish_offline(site: Path, target: Path) -> int:
    """Copy a rendered GX Data Docs site to `target` with every external reference removed.

    Returns the number of HTML pages written.
    """
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(site, target)
    pages = 0
    for page in target.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        html = EXTERNAL_TAG.sub("", html)
        html = EXTERNAL_CSS_URL.sub("none", html)
        html = html.replace("</head>", OFFLINE_STYLE + "</head>", 1)
        page.write_text(html, encoding="utf-8")
        pages += 1
    return pages


def external_references(root: Path) -> list[str]:
    """Every remaining http(s) resource a page would load (links the reader may click are allowed)."""
    found = []
    for page in root.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        found += [m.group(0)[:120] for m in EXTERNAL_TAG.finditer(html)]
        found += [m.group(0)[:120] for m in EXTERNAL_CSS_URL.finditer(html)]
    return found
