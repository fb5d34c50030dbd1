"""Page bytes → list links or an article (title, publication date, body text).

Parsing only: no network. Templates change without notice, so every step has a
chain of fallbacks: the source's own selector first, then what Chinese CMSs
commonly use, then a generic method.

- Decoding: BOM → charset of the Content-Type header → `<meta charset>` →
  charset-normalizer. A declared charset that cannot decode the bytes is
  skipped (sites lie). gb2312/gbk are read as gb18030, their superset.
- Publication date: only from the page's own metadata and labels (meta tags,
  `<time>`, "发布日期：…"), never from dates in links to other articles.
- Body text: in the original script (no conversion), tags stripped, one
  paragraph per line.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from urllib.parse import urldefrag, urljoin, urlsplit

import charset_normalizer
from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from bs4.element import Declaration, Doctype, ProcessingInstruction

from provind.crawl.sources import Selectors, host_allowed

CST = timezone(timedelta(hours=8))

# Article body containers of common Chinese government/news CMSs, most specific first.
BODY_CONTAINERS = (
    "#zoom",
    ".TRS_Editor",
    "#UCAP-CONTENT",
    ".pages_content",
    "#ozoom",  # Founder e-paper
    ".post-content",
    ".entry-content",
    ".article-content",
    "article",
)
TITLE_META = ("ArticleTitle", "og:title", "twitter:title")
DATE_META = (
    "PubDate",
    "publishdate",
    "publish_date",
    "article:published_time",
    "og:article:published_time",
    "og:release_date",
    "dc.date.issued",
    "dc.date",
    "dcterms.created",
    "firstpublishedtime",
    "publication_date",
)
DATE_LABELS = (
    "发布日期", "发布时间", "發布日期", "發布時間", "发表日期", "发表时间", "發表日期", "發表時間",
    "发稿时间", "發稿時間", "发文日期", "成文日期", "印发日期", "公开日期",
)  # fmt: skip
NEXT_TEXTS = frozenset({"下一页", "下页", "下一頁", "下頁", "后页", "後頁", "next", "next »", "›", "»", ">"})
GB_FAMILY = frozenset({"gb2312", "gbk", "gb_2312", "gb_2312-80", "x-gbk", "cp936", "ms936", "windows-936", "euc-cn"})

_DATE = re.compile(r"(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})")
_LABELLED_DATE = re.compile(
    rf"(?:{'|'.join(DATE_LABELS)})\s*[:：]?\s*(\d{{4}}\s*[-年/.]\s*\d{{1,2}}\s*[-月/.]\s*\d{{1,2}})"
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_CREATE_PAGE = re.compile(
    r"createPageHTML\(\s*['\"]?(\d+)['\"]?\s*,\s*['\"]?(\d+)['\"]?\s*,\s*['\"]([^'\"]+)['\"]\s*,\s*['\"]([^'\"]+)['\"]"
)
_SPACES = re.compile(r"[ \t\r\n\f]+")

BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "dd", "details", "div", "dl", "dt", "fieldset",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
    "li", "main", "nav", "ol", "p", "pre", "section", "table", "tbody", "thead", "tfoot", "tr", "td",
    "th", "ul",
})  # fmt: skip
SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "head", "iframe", "object", "svg", "button"})


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
    if not name:
        return None
    name = name.strip().strip("'\"").lower()
    if name in GB_FAMILY:
        return "gb18030"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _header_charset(encoding_hint: str | None) -> str | None:
    """The hint may be a bare charset ("gbk") or a whole Content-Type ("text/html; charset=gbk")."""
    if not encoding_hint:
        return None
    if "=" in encoding_hint or ";" in encoding_hint or "/" in encoding_hint:
        match = re.search(r"charset\s*=\s*[\"']?([^;\"'\s]+)", encoding_hint, re.I)
        return match.group(1) if match else None
    return encoding_hint


def decode_html(body: bytes, encoding_hint: str | None = None) -> tuple[str, str]:
    """(text, codec): the first declared charset that decodes cleanly, else the detected one."""
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if body.startswith(bom):
            return body.decode(codec, errors="replace").lstrip("\ufeff"), codec
    meta = _META_CHARSET.search(body[:4096])
    declared = [_header_charset(encoding_hint), meta.group(1).decode("ascii", "ignore") if meta else None]
    for candidate in dict.fromkeys(normalize_encoding(name) for name in declared):
        if candidate:
            try:
                return body.decode(candidate), candidate
            except (UnicodeDecodeError, LookupError):
                continue  # declared wrongly: try the next declaration, then detection
    best = charset_normalizer.from_bytes(body).best()
    codec = normalize_encoding(best.encoding) if best else None
    codec = codec or "utf-8"
    return body.decode(codec, errors="replace"), codec


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
        if "next" in tag.get("rel", []):
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
    body_text = extract_body(soup, html, selectors.body)
    return ParsedArticle(
        url=url,
        title=extract_title(soup, selectors.title),
        published=extract_published(soup, selectors.date),
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


def extract_title(soup: BeautifulSoup, selector: str | None = None) -> str:
    if selector:
        element = soup.select_one(selector)
        if element and element.get_text(strip=True):
            return _clean_inline(element.get_text())
    for name in TITLE_META:
        content = _meta(soup, name)
        if content:
            return _clean_inline(content)
    h1 = next((h for h in soup.find_all("h1") if h.get_text(strip=True)), None)
    if h1 is not None:
        return _clean_inline(h1.get_text())
    if soup.title and soup.title.get_text(strip=True):
        # "标题 - 站点名" / "标题_站点名": the first part is the article's title.
        return re.split(r"\s+[-|–—]\s+|_", _clean_inline(soup.title.get_text()))[0]
    return ""


def extract_published(soup: BeautifulSoup, selector: str | None = None) -> date | None:
    """The page's own publication date: selector → meta → <time> → a 发布日期/发布时间 label."""
    if selector:
        element = soup.select_one(selector)
        found = parse_date(element.get("datetime") or element.get_text()) if element else None
        if found:
            return found
    for name in DATE_META:
        found = parse_date(_meta(soup, name))
        if found:
            return found
    for time_tag in soup.find_all("time"):
        if time_tag.find_parent("a") is None:
            found = parse_date(time_tag.get("datetime") or time_tag.get_text())
            if found:
                return found
    match = _LABELLED_DATE.search(_text_outside_links(soup))
    return parse_date(match.group(1)) if match else None


def parse_date(value: object) -> date | None:
    """A date from ISO timestamps (converted to China time), 2024-08-14, 2024/8/14, 2024年08月14日…"""
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    try:
        stamp = datetime.fromisoformat(value.replace("Z", "+00:00"))
        return stamp.astimezone(CST).date() if stamp.tzinfo else stamp.date()
    except ValueError:
        pass
    match = _DATE.search(value)
    if not match:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def extract_body(soup: BeautifulSoup, html: str, selector: str | None = None) -> str:
    """Body text: site selector → common CMS containers → readability → the whole page."""
    if selector:
        element = soup.select_one(selector)
        text = element_text(element) if element is not None else ""
        if text:
            return text  # the site's own selector is trusted even for a short body
    for candidate in BODY_CONTAINERS:
        element = soup.select_one(candidate)
        if element is not None:
            text = element_text(element)
            if len(text) >= 20:  # an empty or stub container is a template left-over: keep looking
                return text
    text = _readability_text(html)
    if text:
        return text
    return element_text(soup.body or soup)


def _readability_text(html: str) -> str:
    from readability import Document  # imported late: only pages without a known container need it

    try:
        summary = Document(html).summary(html_partial=True)
    except Exception:  # readability raises bare Exceptions on odd markup; the caller falls back
        return ""
    return element_text(BeautifulSoup(summary, "lxml"))


def element_text(element: Tag) -> str:
    """Visible text of `element`, one block (paragraph, heading, list item…) per line."""
    parts: list[str] = []
    _collect_text(element, parts)
    lines = (_SPACES.sub(" ", line).strip() for line in "".join(parts).split("\n"))
    # str.strip() also removes the ideographic spaces (U+3000) and NBSPs that indent paragraphs.
    return "\n".join(line.strip() for line in lines if line.strip())


def _collect_text(node: Tag, parts: list[str]) -> None:
    for child in node.children:
        if isinstance(child, Comment | Doctype | Declaration | ProcessingInstruction):
            continue
        if isinstance(child, NavigableString):
            parts.append(_SPACES.sub(" ", str(child)))
        elif isinstance(child, Tag) and child.name not in SKIP_TAGS:
            if child.name == "br":
                parts.append("\n")
                continue
            block = child.name in BLOCK_TAGS
            if block:
                parts.append("\n")
            _collect_text(child, parts)
            if block:
                parts.append("\n")


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


# --------------------------------------------------------------------------- small helpers


def _meta(soup: BeautifulSoup, name: str) -> str | None:
    wanted = name.lower()
    for tag in soup.find_all("meta"):
        key = (tag.get("name") or tag.get("property") or tag.get("itemprop") or "").lower()
        if key == wanted and tag.get("content"):
            return str(tag["content"]).strip()
    return None


def _clean_inline(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _text_outside_links(soup: BeautifulSoup) -> str:
    """Page text without link texts, so a date in "related articles" is never taken for ours."""
    parts: list[str] = []
    for string in soup.find_all(string=True):
        if isinstance(string, Comment) or string.find_parent(["a", "script", "style"]) is not None:
            continue
        parts.append(str(string))
    return " ".join(parts)
