"""An article page's own title, across Chinese government CMS templates.

Works on a parsed page (BeautifulSoup); `parse.parse_article` calls it. What it
knows, from the templates of TRS WCM, 大汉 Hanweb/JCMS, 政务云, table-layout
portals and Founder e-papers (docs/crawling.md has the details): the site's
selector; the `ArticleTitle` meta; the enpproperty comment; the headline element
(h1, .title, .article-title, td.biaoti…) that agrees with `<title>`; `<title>`
without its site and column parts; the short line just above the date line.
Never a site name or a column name.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Tag

from provind.crawl.article_date import DATE_TEXT, LABELLED_DATE, SOURCE_LINE
from provind.crawl.page_text import (
    FOLD,
    article_lines,
    clean_inline,
    enpproperty,
    meta_content,
    norm_text,
    off_article,
)

# Headline elements, most specific first (td.biaoti / td.bt: TRS table layouts; founder-title: e-papers).
TITLE_SELECTORS = (
    "founder-title", ".article-title", ".articleTitle", ".article_title", ".art-title", ".art_title",
    ".news-title", ".news_title", ".newsTitle", ".detail-title", ".detail_title", ".content-title",
    ".content_title", ".con-title", ".con_title", ".main-title", ".main_title", ".xl-title", ".xl_title",
    ".xxgk_title", "#title", ".title", ".tit", ".biaoti", "#biaoti", ".bt", "h1", "h2",
)  # fmt: skip
TITLE_META = ("ArticleTitle", "og:title", "twitter:title")
SITE_NAME_META = ("SiteName", "og:site_name", "application-name", "ColumnName", "ColumnKeywords")
# Title parts that name a site or a column, not an article (山东省统计局, 工作动态, 齐鲁网…).
SITE_LIKE = re.compile(
    r"(?:网|網|网站|門戶|门户|政府|统计局|統計局|局|厅|廳|委|委员会|办公室|办|中心|频道|栏目|首页|专题|专栏|平台|"
    r"政务公开|信息公开|新闻|要闻|动态|动态信息|数据|统计数据|数据发布|统计公报|统计分析|统计信息|政策解读|通知公告|"
    r"公告公示|图片新闻|本网原创|正文|详情|详细|内容|内容页|文章|信息|日报|晚报|电子版|数字报)$"
    r"|^.{1,5}(?:省|市|区|县|自治区)$"  # a region's name alone: 山东省, 济南市 (not 济南获评全国文明城市)
)
_SEPARATOR = re.compile(r"\s*(?:——|--|_{1,2}|[|｜]|::|\s[-–—]\s|(?<!—)—(?!—)|(?<![0-9A-Za-z])-|-(?![0-9A-Za-z]))\s*")
_WEAK_SEPARATOR = ("——", "—", "–")
_TRAILING_DATE = re.compile(rf"\s*[\[【(（]?\s*(?:{DATE_TEXT})(?:\s*\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?\s*[\]】)）]?\s*$")


def extract_title(soup: BeautifulSoup, selector: str | None = None) -> str:
    """The article's own headline (see the module doc for the order)."""
    if selector:
        element = soup.select_one(selector)
        if element and element.get_text(strip=True):
            return clean_inline(element.get_text())
    sites = _site_names(soup)
    declared = meta_content(soup, "ArticleTitle") or enpproperty(soup).get("title")
    if declared and not _site_like(declared, sites):
        return headline_of(clean_inline(declared), sites)
    page_title = clean_inline(soup.title.get_text()) if soup.title else ""
    page_title = page_title or clean_inline(meta_content(soup, "og:title") or meta_content(soup, "twitter:title") or "")
    headline = headline_of(page_title, sites) if page_title else ""
    candidates = _headline_candidates(soup, sites)
    wanted = norm_text(headline).rstrip(".…")
    if wanted:
        for text in candidates:
            norm = norm_text(text)
            # The element, not <title>: <title> may be cut short. A column's name inside the headline
            # (经济运行 in 全省经济运行情况) is too short to be the headline.
            if wanted in norm or (norm in wanted and len(norm) >= 0.6 * len(wanted)):
                return text
        if not _site_like(headline, sites):
            return headline
    above = _line_above_date(soup)  # with no <title> to agree with, the headline sits above the date line
    if candidates:
        return above if above in candidates else candidates[0]
    return above or headline or page_title


def headline_of(page_title: str, site_names: frozenset[str] = frozenset()) -> str:
    """`<title>` without the site and column parts: "标题 - 栏目 - 山东省统计局" → "标题".

    Parts are split at -, _, --, |, —— (a hyphen between digits or letters is no separator:
    1-10月, COVID-19). Site-like parts go from either end; across a strong separator
    (_ - | --) short parts without digits beside a longer one go too. Across —— only
    site-like parts go: "坚持创新——访局长" is one headline.
    """
    pieces: list[tuple[int, int, str]] = []  # (start, end, separator after)
    position = 0
    for match in _SEPARATOR.finditer(page_title):
        if match.start() > position:
            pieces.append((position, match.start(), match.group().strip()))
        position = match.end()
    if position < len(page_title):
        pieces.append((position, len(page_title), ""))
    if len(pieces) <= 1:
        return page_title.strip()
    texts = [page_title[a:b].strip() for a, b, _ in pieces]
    site = [_site_like(text, site_names) for text in texts]
    headline_parts = [i for i in range(len(texts)) if not site[i]] or list(range(len(texts)))
    longest = max(headline_parts, key=lambda i: len(texts[i]))
    first, last = 0, len(pieces) - 1
    while first < longest and site[first]:
        first += 1  # "山东省人民政府 - 标题"
    while last > longest and (site[last] or _column_like(texts[last], pieces[last - 1][2])):
        last -= 1  # "标题_栏目_站点"
    return page_title[pieces[first][0] : pieces[last][1]].strip()


def _column_like(text: str, separator: str) -> bool:
    """A short part without figures after the headline, across a strong separator: a column's name."""
    return separator not in _WEAK_SEPARATOR and len(text) <= 15 and not re.search(r"\d", text)


def _site_like(text: str, site_names: frozenset[str] = frozenset()) -> bool:
    """A site's or column's name rather than a headline: 山东省统计局, 工作动态, www.stats.gov.cn."""
    text = text.strip()
    if not text or text in site_names:
        return True
    if text.isascii() and not re.search(r"\d{4}", text):
        return len(text) <= 40
    return len(text) <= 20 and not re.search(r"\d", text) and bool(SITE_LIKE.search(text))


def _site_names(soup: BeautifulSoup) -> frozenset[str]:
    """Names the page gives its site and column (meta tags, the logo heading)."""
    names = {clean_inline(meta_content(soup, name) or "") for name in SITE_NAME_META}
    for heading in soup.find_all(["h1", "h2"]):
        if heading.find("img") is not None or off_article(heading) or heading.find_parent(class_=re.compile("logo")):
            names.add(clean_inline(heading.get_text()))
    return frozenset(name for name in names if name)


def _headline_candidates(soup: BeautifulSoup, sites: frozenset[str]) -> list[str]:
    """Texts of headline-like elements, most specific selector first, each once.

    One walk over the page matching TITLE_SELECTORS by tag, class and id (thirty CSS
    selects would walk it thirty times).
    """
    ranked: list[tuple[int, int, Tag]] = []
    for order, element in enumerate((soup.body or soup).find_all(True)):
        rank = _title_rank(element)
        if rank is not None:
            ranked.append((rank, order, element))
    found: list[str] = []
    for _, _, element in sorted(ranked, key=lambda item: item[:2]):
        if element.find_parent(["a", "li", "ul", "ol"]) is not None or off_article(element):
            continue
        if element.find(["table", "ul", "ol"]) is not None:
            continue  # a wrapper, not a headline
        text = _TRAILING_DATE.sub("", clean_inline(element.get_text()))  # <h1>标题 <span>2024-12-20</span></h1>
        if _headline_like(text) and text not in found and not _site_like(text, sites):
            found.append(text)
    return found


def _title_rank(element: Tag) -> int | None:
    """The position in TITLE_SELECTORS of the first selector `element` matches, or None."""
    keys = {element.name, *(f".{c}" for c in element.get_attribute_list("class")), f"#{element.get('id')}"}
    return next((rank for rank, selector in enumerate(TITLE_SELECTORS) if selector in keys), None)


def _headline_like(text: str) -> bool:
    """Length of a headline, and not a breadcrumb or a date line."""
    return (
        4 <= len(text) <= 150
        and not text.startswith(("当前位置", "您的位置", "您现在的位置"))
        and not LABELLED_DATE.search(text.translate(FOLD))
    )


def _line_above_date(soup: BeautifulSoup) -> str:
    """Table layouts with an empty <title>: the headline is the short line right above the date line."""
    lines = article_lines(soup)
    for i, line in enumerate(lines):
        if LABELLED_DATE.search(line.translate(FOLD)):
            for previous in reversed(lines[max(0, i - 3) : i]):
                if 5 <= len(previous) <= 100 and not SOURCE_LINE.search(previous) and ">" not in previous:
                    return previous
            return ""
    return ""
