"""Page bytes → list links or an article (title, publication date, body text).

Parsing only: no network. Templates change without notice, so every step has a
chain of fallbacks: the source's own selector first, then what Chinese
government CMSs commonly use (TRS WCM, 大汉 Hanweb/JCMS, 政务云, table layouts,
Founder e-papers), then a generic method. docs/crawling.md explains the choices.

- Decoding: `provind.crawl.content.decode` (BOM → header → `<meta>` → the bytes).
- Title (`article_title`): the article's own headline, never the site's or the
  column's name: `ArticleTitle` meta, the headline element that agrees with
  `<title>`, or `<title>` without its site suffix.
- Publication date (`article_date`): only from the page's own metadata and labels
  (meta tags, `<time>`, enpproperty comments, "发布日期：…", the source line, a
  date under the headline), never from links, related-article lists or footers.
- Body text (`article_body`): the site selector, a known CMS container, else the
  block with the most sentence text and fewest links (table layouts), else
  readability; in the original script, tags stripped, one paragraph per line
  (`page_text`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import urldefrag, urljoin, urlsplit

from bs4 import BeautifulSoup, Tag

from provind.crawl import content

# looks_like_boilerplate and element_text are re-exported: gates.py and stats/grid.py read them here.
from provind.crawl.article_body import extract_body
from provind.crawl.article_body import looks_like_boilerplate as looks_like_boilerplate
from provind.crawl.article_date import extract_published
from provind.crawl.article_title import extract_title
from provind.crawl.page_text import element_text as element_text
from provind.crawl.sources import Selectors, host_allowed

NEXT_TEXTS = frozenset({"下一页", "下页", "下一頁", "下頁", "后页", "後頁", "next", "next »", "›", "»", ">"})

_CREATE_PAGE = re.compile(
    r"createPageHTML\(\s*['\"]?(\d+)['\"]?\s*,\s*['\"]?(\d+)['\"]?\s*,\s*['\"]([^'\"]+)['\"]\s*,\s*['\"]([^'\"]+)['\"]"
)
_SPACES = re.compile(r"[ \t\r\n\f]+")


@dataclass
class ParsedArticle:
    url: str
    title: str
    published: date | None
    body_text: str  # original script, tags stripped, one paragraph per line
    language: str  # "zh-Hans" | "zh-Hant"
    encoding: str | None = None  # the codec the page was decoded with
    canonical_url: str | None = None  # the page's <link rel="canonical">, absolute (any host: the crawler checks)


class ParsedList(list[str]):
    """Article links of a list page (absolute, allowed domains, in page order), plus the next page."""

    def __init__(self, links: list[str], next_page: str | None = None) -> None:
        super().__init__(links)
        self.next_page = next_page


# --------------------------------------------------------------------------- decoding


def normalize_encoding(name: str | None) -> str | None:
    """A Python codec name for a declared charset; the GB family becomes gb18030; unknown → None."""
    return content.normalize_charset(name)


def decode_html(body: bytes, encoding_hint: str | None = None) -> tuple[str, str]:
    """(text, codec) of a page; `encoding_hint` is its Content-Type or a bare charset (see `content.decode`)."""
    decoded = content.decode(body, encoding_hint)
    return decoded.text, decoded.codec


def _soup(body: bytes, encoding_hint: str | None) -> tuple[BeautifulSoup, str, str]:
    text, codec = decode_html(body, encoding_hint)
    return BeautifulSoup(text, "lxml"), text, codec


# --------------------------------------------------------------------------- list pages


def parse_list(
    body: bytes,
    url: str,
    encoding_hint: str | None = None,
    selectors: Selectors | None = None,
    *,
    allowed_domains: tuple[str, ...] | list[str] | None = None,
) -> ParsedList:
    """Article links of a list page and its next page (`.next_page`, or None on the last page)."""
    soup, _, _ = _soup(body, encoding_hint)
    domains = tuple(allowed_domains or ((urlsplit(url).hostname or ""),))
    next_page = _next_page(soup, url, domains)
    if selectors and selectors.list_links:
        anchors = _anchors_matching(soup, selectors.list_links)
    else:
        anchors = _likely_article_anchors(soup, url, domains)
    links: list[str] = []
    for anchor in anchors:
        link = _absolute(url, anchor.get("href"), domains)
        if link and link not in links and link not in (url, next_page):
            links.append(link)
    return ParsedList(links, next_page)


def _absolute(base: str, href: object, domains: tuple[str, ...]) -> str | None:
    if not isinstance(href, str) or not href.strip() or href.strip().lower().startswith(("javascript:", "mailto:")):
        return None
    link = urldefrag(urljoin(base, href.strip())).url
    parts = urlsplit(link)
    if parts.scheme not in ("http", "https") or not host_allowed(parts.hostname, domains):
        return None
    return link


def _anchors_matching(soup: BeautifulSoup, selector: str) -> list[Tag]:
    anchors: list[Tag] = []
    for element in soup.select(selector):
        anchors.extend([element] if element.name == "a" else element.find_all("a", href=True))
    return anchors


def _likely_article_anchors(soup: BeautifulSoup, url: str, domains: tuple[str, ...]) -> list[Tag]:
    """Without a selector: the container holding the most title-like links is the list."""
    groups: dict[int, list[Tag]] = {}
    for anchor in soup.find_all("a", href=True):
        text = _SPACES.sub(" ", anchor.get_text()).strip()
        if len(text) < 5 or text.lower() in NEXT_TEXTS or not _absolute(url, anchor["href"], domains):
            continue
        if anchor.find_parent(["nav", "header", "footer"]):
            continue
        container = anchor.find_parent(["ul", "ol", "table", "tbody", "div", "section"]) or soup
        groups.setdefault(id(container), []).append(anchor)
    return max(groups.values(), key=len, default=[])


def _next_page(soup: BeautifulSoup, url: str, domains: tuple[str, ...]) -> str | None:
    for tag in soup.find_all(["link", "a"], rel=True):
        if "next" in tag.get_attribute_list("rel"):
            link = _absolute(url, tag.get("href"), domains)
            if link:
                return link
    for anchor in soup.find_all("a", href=True):
        if _SPACES.sub("", anchor.get_text()).lower() in NEXT_TEXTS:
            link = _absolute(url, anchor["href"], domains)
            if link and link != url:
                return link
    return _trs_next_page(soup, url, domains)


def _trs_next_page(soup: BeautifulSoup, url: str, domains: tuple[str, ...]) -> str | None:
    """TRS WCM list pages paginate in JavaScript: createPageHTML(total, current, "index", "html")."""
    for script in soup.find_all("script"):
        match = _CREATE_PAGE.search(script.get_text())
        if match:
            total, current, stem, ext = (
                int(match.group(1)),
                int(match.group(2)),
                match.group(3),
                match.group(4),
            )
            if current + 1 < total:
                return _absolute(url, f"{stem}_{current + 1}.{ext}", domains)
    return None


# --------------------------------------------------------------------------- articles


def parse_article(
    body: bytes, url: str, encoding_hint: str | None = None, selectors: Selectors | None = None
) -> ParsedArticle:
    """Title, publication date, body text (original script) and script variant of an article page."""
    soup, html, codec = _soup(body, encoding_hint)
    selectors = selectors or Selectors()
    title = extract_title(soup, selectors.title)
    body_text = extract_body(soup, html, selectors.body, title)
    return ParsedArticle(
        url=url,
        title=title,
        published=extract_published(soup, selectors.date, title, url),
        body_text=body_text,
        language=detect_language(body_text),
        encoding=codec,
        canonical_url=extract_canonical(soup, url),
    )


def extract_canonical(soup: BeautifulSoup, url: str) -> str | None:
    """The absolute URL of the page's `<link rel="canonical" href>`, if it declares an http(s) one."""
    for link in soup.find_all("link", rel=True, href=True):
        rels = link["rel"] if isinstance(link["rel"], list) else str(link["rel"]).split()
        if "canonical" in (r.lower() for r in rels):
            absolute = urldefrag(urljoin(url, str(link["href"]).strip()))[0]
            return absolute if urlsplit(absolute).scheme in ("http", "https") else None
    return None


def detect_language(text: str) -> str:
    """zh-Hant when characters only traditional Chinese uses outnumber those only simplified uses.

    A character encodable in Big5 but not in GB2312 is traditional-only (質, 與),
    one encodable in GB2312 but not Big5 simplified-only (质, 与).
    """
    traditional = simplified = 0
    for char in set(text):
        if char < "\u4e00":
            continue
        in_gb, in_big5 = _encodable(char, "gb2312"), _encodable(char, "big5")
        traditional += in_big5 and not in_gb
        simplified += in_gb and not in_big5
    return "zh-Hant" if traditional > simplified else "zh-Hans"


def _encodable(char: str, codec: str) -> bool:
    try:
        char.encode(codec)
        return True
    except UnicodeEncodeError:
        return False
