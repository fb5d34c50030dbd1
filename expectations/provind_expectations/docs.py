"""GX Data Docs that open offline, and read the same as online.

GX renders its Data Docs with stylesheets, scripts and an icon font from CDNs. Those
are not decoration: the index page's tables of validations are built in the browser
by jQuery + bootstrap-table, and each check's status is a Font Awesome icon. A report
read on an air-gapped machine (or a BI host with no internet) therefore needs them
beside the pages. The published copy carries the same assets at the versions GX's
templates pin, vendored in `expectations/provind_expectations/vendor/` (see its README), copied into
`<target>/static/vendor/`, and every CDN reference is rewritten to a relative path.

What GX loads that no page of ours needs (the vega chart libraries of profiling
pages, GX's remote logo) is dropped or pointed at GX's own local copy.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

VENDOR = Path(__file__).resolve().parent / "vendor"
PUBLISHED_VENDOR = Path("static") / "vendor"

# CDN URL (as GX's templates write it) -> the vendored file under `VENDOR`.
VENDORED: dict[str, str] = {
    "https://code.jquery.com/jquery-3.7.1.min.js": "jquery-3.7.1/dist/jquery.min.js",
    "https://cdnjs.cloudflare.com/ajax/libs/popper.js/1.12.9/umd/popper.min.js": (
        "popper.js-1.12.9/dist/umd/popper.min.js"
    ),
    "https://maxcdn.bootstrapcdn.com/bootstrap/4.3.1/css/bootstrap.min.css": (
        "bootstrap-4.3.1/dist/css/bootstrap.min.css"
    ),
    "https://stackpath.bootstrapcdn.com/bootstrap/4.3.1/js/bootstrap.min.js": (
        "bootstrap-4.3.1/dist/js/bootstrap.min.js"
    ),
    "https://unpkg.com/bootstrap-table@1.19.1/dist/bootstrap-table.min.css": (
        "bootstrap-table-1.19.1/dist/bootstrap-table.min.css"
    ),
    "https://unpkg.com/bootstrap-table@1.19.1/dist/bootstrap-table.min.js": (
        "bootstrap-table-1.19.1/dist/bootstrap-table.min.js"
    ),
    "https://unpkg.com/bootstrap-table@1.19.1/dist/extensions/filter-control/bootstrap-table-filter-control.min.js": (
        "bootstrap-table-1.19.1/dist/extensions/filter-control/bootstrap-table-filter-control.min.js"
    ),
    # GX's templates ask for the 1.19.0 filter-control stylesheet beside the 1.19.1 scripts:
    # the 1.19.1 one (the same rules) serves both.
    "https://unpkg.com/bootstrap-table@1.19.0/dist/extensions/filter-control/bootstrap-table-filter-control.css": (
        "bootstrap-table-1.19.1/dist/extensions/filter-control/bootstrap-table-filter-control.min.css"
    ),
    "https://unpkg.com/bootstrap-table@1.19.0/dist/extensions/filter-control/bootstrap-table-filter-control.min.css": (
        "bootstrap-table-1.19.1/dist/extensions/filter-control/bootstrap-table-filter-control.min.css"
    ),
    "https://cdnjs.cloudflare.com/ajax/libs/font-awesome/6.6.0/css/all.min.css": (
        "fontawesome-free-6.6.0/css/all.min.css"
    ),
    "https://cdnjs.cloudflare.com/ajax/libs/bootstrap-datepicker/1.9.0/css/bootstrap-datepicker.min.css": (
        "bootstrap-datepicker-1.9.0/dist/css/bootstrap-datepicker.min.css"
    ),
    "https://cdnjs.cloudflare.com/ajax/libs/bootstrap-datepicker/1.9.0/js/bootstrap-datepicker.min.js": (
        "bootstrap-datepicker-1.9.0/dist/js/bootstrap-datepicker.min.js"
    ),
    "https://cdn.jsdelivr.net/npm/@forevolve/bootstrap-dark@1.1.0/dist/css/bootstrap-prefers-dark.css": (
        "bootstrap-dark-1.1.0/dist/css/bootstrap-prefers-dark.min.css"
    ),
}
# GX's logo, fetched from its web-assets bucket (with a tracking query): the site ships a copy.
REMOTE_LOGO = re.compile(r"https://great-expectations-web-assets\.s3[^\"')\s]*?/([\w.-]+\.png)(?:\?[^\"')\s]*)?")
LOCAL_LOGO = Path("static") / "images" / "logo-long.png"

EXTERNAL_TAG = re.compile(
    r"<(?:link|script|img)\b[^>]*(?:href|src)=[\"']https?://[^\"']*[\"'][^>]*>(?:\s*</script>)?",
    re.IGNORECASE,
)
EXTERNAL_CSS_URL = re.compile(r"url\(\s*['\"]?https?://[^)]*\)", re.IGNORECASE)
REFERENCE = re.compile(r"(?P<attr>\b(?:href|src)=)(?P<q>[\"'])(?P<url>https?://[^\"']+)(?P=q)", re.IGNORECASE)


def publish_offline(site: Path, target: Path) -> int:
    """Copy a rendered GX Data Docs site to `target`, its CDN assets served from beside the pages.

    Returns the number of HTML pages written.
    """
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(site, target)
    shutil.copytree(VENDOR, target / PUBLISHED_VENDOR, ignore=shutil.ignore_patterns("README.md"))
    pages = 0
    for page in target.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        page.write_text(_localise(html, os.path.relpath(target, page.parent)), encoding="utf-8")
        pages += 1
    return pages


def _localise(html: str, root: str) -> str:
    """Point a page's CDN references at the vendored copies (`root`: the site root, relative to the page)."""

    def local(relative: Path | str) -> str:
        return Path(root, relative).as_posix()

    def vendored(match: re.Match) -> str:
        path = VENDORED.get(match["url"])
        if path is None:
            return match.group(0)
        return f"{match['attr']}{match['q']}{local(PUBLISHED_VENDOR / path)}{match['q']}"

    html = REFERENCE.sub(vendored, html)
    html = REMOTE_LOGO.sub(lambda m: local(LOCAL_LOGO), html)
    # What is left loads from the network and nothing on our pages needs it (vega, for profiling charts).
    html = EXTERNAL_TAG.sub("", html)
    return EXTERNAL_CSS_URL.sub("none", html)


def external_references(root: Path) -> list[str]:
    """Every remaining http(s) resource a page would load (links the reader may click are allowed)."""
    found = []
    for page in root.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        found += [m.group(0)[:120] for m in EXTERNAL_TAG.finditer(html)]
        found += [m.group(0)[:120] for m in EXTERNAL_CSS_URL.finditer(html)]
    return found


RESOURCE_TAG = re.compile(r"<(?:link|script|img)\b[^>]*>", re.IGNORECASE)
LOCAL_ADDRESS = re.compile(r"\b(?:href|src)=[\"'](?![a-z]+:|#|//)([^\"'?#]+)", re.IGNORECASE)


def missing_assets(root: Path) -> list[str]:
    """Every local stylesheet, script or image a page loads that is not in the published site."""
    missing = []
    for page in root.rglob("*.html"):
        for tag in RESOURCE_TAG.findall(page.read_text(encoding="utf-8")):
            address = LOCAL_ADDRESS.search(tag)
            if tag.lower().startswith("<link") and "stylesheet" not in tag.lower():
                continue  # a favicon or a page link: nothing the page needs to read well
            if address and not (page.parent / address.group(1)).is_file():
                missing.append(f"{page.relative_to(root)}: {address.group(1)}")
    return sorted(set(missing))
