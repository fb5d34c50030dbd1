"""An article page's own title, publication date and body, across Chinese government CMS templates.

Works on a parsed page (BeautifulSoup); `parse.parse_article` calls it. What it
knows, from the templates of TRS WCM, 大汉 Hanweb/JCMS, 政务云, table-layout
portals and Founder e-papers (docs/crawling.md has the details):

- Title: the site's selector; the `ArticleTitle` meta; the enpproperty
  comment; the headline element (h1, .title, .article-title, td.biaoti…) that
  agrees with `<title>`; `<title>` without its site and column parts; the
  short line just above the date line. Never a site name or a column name.
- Date: the site's selector; meta tags (PubDate, publishdate, createDate,
  Maketime…); the enpproperty comment; `<time>`; a labelled date in any of its
  forms (发布时间：, 日期：2024年12月20日, full-width digits); a date on the
  source line (来源：新华社 2023-12-01); a date right under the headline. Never
  from links, related-article lists, footers or the site header.
- Body: the site's selector; a known CMS container; else the block holding the
  most sentence text with the fewest links (the content cell of a table
  layout, however short), navigation and footers excluded; else readability.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from bs4.element import Declaration, Doctype, ProcessingInstruction

CST = timezone(timedelta(hours=8))
EARLIEST_YEAR = 1949  # no government page is older; "1234-5-6" in a body is no date

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
# Headline elements, most specific first (td.biaoti / td.bt: TRS table layouts; founder-title: e-papers).
TITLE_SELECTORS = (
    "founder-title", ".article-title", ".articleTitle", ".article_title", ".art-title", ".art_title",
    ".news-title", ".news_title", ".newsTitle", ".detail-title", ".detail_title", ".content-title",
    ".content_title", ".con-title", ".con_title", ".main-title", ".main_title", ".xl-title", ".xl_title",
    ".xxgk_title", "#title", ".title", ".tit", ".biaoti", "#biaoti", ".bt", "h1", "h2",
)  # fmt: skip
TITLE_META = ("ArticleTitle", "og:title", "twitter:title")
SITE_NAME_META = ("SiteName", "og:site_name", "application-name", "ColumnName", "ColumnKeywords")
DATE_META = (
    "PubDate", "publishdate", "publish_date", "publishtime", "publish-date", "pubtime", "firstpublishedtime",
    "article:published_time", "og:article:published_time", "og:release_date", "dc.date.issued", "dc.date",
    "dcterms.created", "dcterms.issued", "publication_date", "OriginalPublicationDate", "createDate",
    "createdate", "Maketime", "makedate",
)  # fmt: skip
# Labels that name the publication date; a colon may follow or not.
DATE_LABELS = (
    "发布日期", "发布时间", "發布日期", "發布時間", "发表日期", "发表时间", "發表日期", "發表時間",
    "发稿时间", "發稿時間", "公开日期", "公布日期", "发布于", "发表于", "刊发日期", "出版日期",
    "上传时间", "录入时间", "添加时间", "信息时间",
)  # fmt: skip
# Dates a document carries besides its publication (信息公开 pages list 成文日期 before 发布日期):
# taken only when no publication label is on the page.
OTHER_DATE_LABELS = ("成文日期", "印发日期", "发文日期", "生成日期", "签发日期")
# Labels so generic that they count only with a colon and at the start of a phrase (not 会议时间：).
WEAK_DATE_LABELS = ("日期", "时间", "時間", "发布", "發布", "发文", "更新时间", "更新日期")
# What sits on a page's source line beside the date: 来源：新华社 作者：张三 2023-12-01 14:43.
SOURCE_LABELS = (
    "来源", "來源", "信息来源", "文章来源", "稿件来源", "稿源", "作者", "编辑", "責任編輯", "责任编辑",
    "浏览次数", "瀏覽次數", "点击", "點擊", "访问量", "阅读", "字号", "字體", "字体",
)  # fmt: skip
# Containers whose dates and texts belong to other pages or to the site: never the article's.
OFF_ARTICLE = re.compile(
    r"foot|copyright|bottom|relat|xglj|xgxx|xgwz|recommend|hotnews|paihang|sidebar|friend|yqlj|share|comment|"
    r"pinglun|crumb|^nav|nav$|menu|^position|^location|^weizhi|^dqwz",
    re.I,
)
# Class or id tokens of the site's own header (an article's "post-header" is not one).
SITE_FURNITURE = frozenset({"top", "header", "head", "banner", "site-header", "topbar", "top-bar", "logo", "toolbar"})
OFF_ARTICLE_TAGS = frozenset({"nav", "footer", "aside"})
# Phrases of navigation bars, site headers and footers.
BOILERPLATE_MARKERS = (
    "欢迎访问", "歡迎訪問", "无障碍", "無障礙", "长者模式", "关怀版", "适老化", "设为首页", "設為首頁", "加入收藏",
    "网站地图", "網站地圖", "当前位置", "當前位置", "您现在的位置", "您的位置", "现在位置", "版权所有", "版權所有",
    "ICP备", "ICP備", "网站标识码", "主办单位", "主辦單位", "承办单位", "技术支持", "联系我们", "关闭窗口",
    "關閉窗口", "打印本页", "打印本文", "繁體版", "繁体版", "简体版", "公网安备", "网站纠错", "我要纠错",
    "扫一扫", "分享到", "【大 中 小】", "[大 中 小]", "首页",
)  # fmt: skip
# Title parts that name a site or a column, not an article (山东省统计局, 工作动态, 齐鲁网…).
SITE_LIKE = re.compile(
    r"(?:网|網|网站|門戶|门户|政府|统计局|統計局|局|厅|廳|委|委员会|办公室|办|中心|频道|栏目|首页|专题|专栏|平台|"
    r"政务公开|信息公开|新闻|要闻|动态|动态信息|数据|统计数据|数据发布|统计公报|统计分析|统计信息|政策解读|通知公告|"
    r"公告公示|图片新闻|本网原创|正文|详情|详细|内容|内容页|文章|信息|日报|晚报|电子版|数字报)$"
    r"|^.{1,5}(?:省|市|区|县|自治区)$"  # a region's name alone: 山东省, 济南市 (not 济南获评全国文明城市)
)
SENTENCE_PUNCT = "，。；！？、,;!?"
_SEPARATOR = re.compile(r"\s*(?:——|--|_{1,2}|[|｜]|::|\s[-–—]\s|(?<!—)—(?!—)|(?<![0-9A-Za-z])-|-(?![0-9A-Za-z]))\s*")
_WEAK_SEPARATOR = ("——", "—", "–")
_FOLD = str.maketrans("０１２３４５６７８９：／．－　", "0123456789:/.- ")
# One separator throughout (2024-12-20, 2024/12/20, 2024.12.20, 2024年12月20日): "2023年1-11月" is no date.
_DATE_TEXT = (
    r"(?<!\d)(?:\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}(?!\d)\s*日?"
    r"|\d{4}\s*-\s*\d{1,2}\s*-\s*\d{1,2}|\d{4}\s*/\s*\d{1,2}\s*/\s*\d{1,2}|\d{4}\.\d{1,2}\.\d{1,2})(?!\d)"
)
_DATE = re.compile(_DATE_TEXT)
_TRAILING_DATE = re.compile(rf"\s*[\[【(（]?\s*(?:{_DATE_TEXT})(?:\s*\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?\s*[\]】)）]?\s*$")
_DATE_PARTS = re.compile(r"\d+")
_SPACED = "\\s*"  # labels are sometimes spaced out: 发 布 时 间


def _label_pattern(labels: tuple[str, ...]) -> str:
    return "|".join(_SPACED.join(map(re.escape, label)) for label in sorted(labels, key=len, reverse=True))


def _labelled(strong: tuple[str, ...], weak: tuple[str, ...] = ()) -> re.Pattern[str]:
    """A date after one of the labels; a weak label needs a colon and must start a phrase."""
    weak_part = rf"|(?<![\u4e00-\u9fff])(?:{_label_pattern(weak)})\s*[:：]" if weak else ""
    return re.compile(
        rf"(?:(?:{_label_pattern(strong)})\s*[:：]?{weak_part})[ \t]*\n?[ \t]*[\[【(（]?\s*({_DATE_TEXT})"
    )


_LABELLED_DATE = _labelled(DATE_LABELS, WEAK_DATE_LABELS)
_OTHER_LABELLED_DATE = _labelled(OTHER_DATE_LABELS)
_SOURCE_LINE = re.compile(rf"(?:{_label_pattern(SOURCE_LABELS)})\s*[:：]")
_DATE_LINE = re.compile(
    rf"^\s*[\[【(（]?\s*({_DATE_TEXT})(?:\s*(?:星期|周)[一二三四五六日天])?(?:\s*\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?"
    r"\s*[\]】)）]?\s*$"
)
_DATE_NAME = re.compile(r"date|time|^rq$|riqi|fbrq|fbsj|pubtime|publish", re.I)
_URL_DATES = (
    re.compile(r"/t((?:19|20)\d{2})(\d{2})(\d{2})_\d+"),  # TRS
    re.compile(r"/art/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})/"),  # Hanweb
    re.compile(r"/((?:19|20)\d{2})-(\d{2})/(\d{2})/"),  # e-paper
    re.compile(r"/((?:19|20)\d{2})(\d{2})(\d{2})/"),  # /20231201/
)
_ENP = re.compile(r"<(date|title)>(.*?)</\1>", re.S | re.I)
_SPACES = re.compile(r"[ \t\r\n\f]+")
_NORM = re.compile(r"[\s\u3000\xa0]+")

BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "dd", "details", "div", "dl", "dt", "fieldset",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
    "li", "main", "nav", "ol", "p", "pre", "section", "table", "tbody", "thead", "tfoot", "tr", "td",
    "th", "ul", "center",
})  # fmt: skip
SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "head", "iframe", "object", "svg", "button"})
# Elements that hold a run of text of their own: the units the body scorer credits.
HOLDERS = frozenset({"p", "td", "th", "div", "section", "article", "main", "li", "dd", "blockquote", "pre", "center"})


# --------------------------------------------------------------------------- text of an element


def element_text(element: Tag, skip: frozenset[int] = frozenset()) -> str:
    """Visible text of `element`, one block (paragraph, heading, list item…) per line.

    skip: ids of descendant elements to leave out (navigation inside a content cell).
    """
    parts: list[str] = []
    _collect_text(element, parts, skip)
    lines = (_SPACES.sub(" ", line).strip() for line in "".join(parts).split("\n"))
    # str.strip() also removes the ideographic spaces (U+3000) and NBSPs that indent paragraphs.
    return "\n".join(line.strip() for line in lines if line.strip())


def _collect_text(node: Tag, parts: list[str], skip: frozenset[int]) -> None:
    for child in node.children:
        if isinstance(child, Comment | Doctype | Declaration | ProcessingInstruction):
            continue
        if isinstance(child, NavigableString):
            parts.append(_SPACES.sub(" ", str(child)))
        elif isinstance(child, Tag) and child.name not in SKIP_TAGS and id(child) not in skip:
            if child.name == "br":
                parts.append("\n")
                continue
            block = child.name in BLOCK_TAGS
            if block:
                parts.append("\n")
            _collect_text(child, parts, skip)
            if block:
                parts.append("\n")


def _clean_inline(text: str) -> str:
    return _SPACES.sub(" ", text).strip().strip("\u3000\xa0 ")


def _norm(text: str) -> str:
    """For comparing titles: no spaces, full-width folded."""
    return _NORM.sub("", text.translate(_FOLD))


def _off_article(element: Tag) -> bool:
    """Inside navigation, a footer, a related-links box or the site header?"""
    for node in (element, *element.parents):
        if not isinstance(node, Tag) or node.name in ("body", "html", "[document]"):
            break
        if node.name in OFF_ARTICLE_TAGS or _marks_off_article(node):
            return True
    return False


def _marks_off_article(element: Tag) -> bool:
    """Class or id says: navigation, footer, related links, the site header…"""
    tokens = [*element.get_attribute_list("class"), *str(element.get("id") or "").split()]
    return any(token.lower() in SITE_FURNITURE or OFF_ARTICLE.search(token) for token in tokens)


def _meta(soup: BeautifulSoup, name: str) -> str | None:
    wanted = name.lower()
    for tag in soup.find_all("meta"):
        key = str(tag.get("name") or tag.get("property") or tag.get("itemprop") or tag.get("http-equiv") or "").lower()
        if key == wanted and str(tag.get("content") or "").strip():
            return str(tag["content"]).strip()
    return None


def _enpproperty(soup: BeautifulSoup) -> dict[str, str]:
    """Founder/ENP CMSs describe the article in a comment: <!--enpproperty <date>…</date><title>…</title>-->."""
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment) and "enpproperty" in s):
        return {key.lower(): _clean_inline(value) for key, value in _ENP.findall(str(comment)) if value.strip()}
    return {}


# --------------------------------------------------------------------------- title


def extract_title(soup: BeautifulSoup, selector: str | None = None) -> str:
    """The article's own headline (see the module doc for the order)."""
    if selector:
        element = soup.select_one(selector)
        if element and element.get_text(strip=True):
            return _clean_inline(element.get_text())
    sites = _site_names(soup)
    declared = _meta(soup, "ArticleTitle") or _enpproperty(soup).get("title")
    if declared and not _site_like(declared, sites):
        return headline_of(_clean_inline(declared), sites)
    page_title = _clean_inline(soup.title.get_text()) if soup.title else ""
    page_title = page_title or _clean_inline(_meta(soup, "og:title") or _meta(soup, "twitter:title") or "")
    headline = headline_of(page_title, sites) if page_title else ""
    candidates = _headline_candidates(soup, sites)
    wanted = _norm(headline).rstrip(".…")
    if wanted:
        for text in candidates:
            norm = _norm(text)
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
    names = {_clean_inline(_meta(soup, name) or "") for name in SITE_NAME_META}
    for heading in soup.find_all(["h1", "h2"]):
        if heading.find("img") is not None or _off_article(heading) or heading.find_parent(class_=re.compile("logo")):
            names.add(_clean_inline(heading.get_text()))
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
        if element.find_parent(["a", "li", "ul", "ol"]) is not None or _off_article(element):
            continue
        if element.find(["table", "ul", "ol"]) is not None:
            continue  # a wrapper, not a headline
        text = _TRAILING_DATE.sub("", _clean_inline(element.get_text()))  # <h1>标题 <span>2024-12-20</span></h1>
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
        and not _LABELLED_DATE.search(text.translate(_FOLD))
    )


def _line_above_date(soup: BeautifulSoup) -> str:
    """Table layouts with an empty <title>: the headline is the short line right above the date line."""
    lines = _article_lines(soup)
    for i, line in enumerate(lines):
        if _LABELLED_DATE.search(line.translate(_FOLD)):
            for previous in reversed(lines[max(0, i - 3) : i]):
                if 5 <= len(previous) <= 100 and not _SOURCE_LINE.search(previous) and ">" not in previous:
                    return previous
            return ""
    return ""


# --------------------------------------------------------------------------- publication date


def extract_published(soup: BeautifulSoup, selector: str | None = None, title: str = "", url: str = "") -> date | None:
    """The page's own publication date (see the module doc for the order), or None."""
    if selector:
        element = soup.select_one(selector)
        found = parse_date(element.get("datetime") or element.get_text()) if element else None
        if found:
            return found
    for name in DATE_META:
        found = parse_date(_meta(soup, name))
        if found:
            return found
    found = parse_date(_enpproperty(soup).get("date"))
    if found:
        return found
    for time_tag in soup.find_all("time"):
        if time_tag.find_parent("a") is None and not _off_article(time_tag):
            found = parse_date(time_tag.get("datetime") or time_tag.get_text())
            if found:
                return found
    lines = [line.translate(_FOLD) for line in _article_lines(soup)]
    return (
        _labelled_date(lines)
        or _source_line_date(lines)
        or _date_under_title(lines, title)
        or _date_element(soup)
        or url_date(url)
    )


def _date_element(soup: BeautifulSoup) -> date | None:
    """<span id="lblDate">2024-12-20</span>: an element named for a date that holds only one.

    Not inside links, lists, table rows with links (lists of other articles) or off-article boxes.
    """
    for element in (soup.body or soup).find_all(True):
        tokens = [*element.get_attribute_list("class"), *str(element.get("id") or "").split()]
        if not any(_DATE_NAME.search(token) for token in tokens):
            continue
        if element.find_parent(["a", "li", "ul", "ol"]) is not None or _off_article(element):
            continue
        row = element.find_parent("tr")
        if row is not None and row.find("a") is not None:
            continue
        match = _DATE_LINE.match(_clean_inline(element.get_text()).translate(_FOLD))
        found = parse_date(match.group(1)) if match else None
        if found:
            return found
    return None


def url_date(url: str) -> date | None:
    """The date CMSs write into an article's address, the last resort.

    TRS WCM: .../202412/t20241220_4512.html; Hanweb: /art/2024/12/20/art_1_2.html;
    Founder e-papers: /html/2023-12/01/content_1.htm, /20231201/...; only the path is read.
    """
    path = urlsplit(url).path
    for pattern in _URL_DATES:
        match = pattern.search(path)
        if match:
            try:
                found = date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            except ValueError:
                continue
            if EARLIEST_YEAR <= found.year <= date.today().year + 1:
                return found
    return None


def _labelled_date(lines: list[str]) -> date | None:
    for pattern in (_LABELLED_DATE, _OTHER_LABELLED_DATE):
        for i, line in enumerate(lines):
            # A label at the end of a line may have its date on the next (<td>发布时间：</td><td>2024-12-20</td>).
            after = lines[i + 1] if i + 1 < len(lines) and line.rstrip().endswith((":", "：")) else ""
            for match in pattern.finditer(f"{line}\n{after}" if after else line):
                found = parse_date(match.group(1))
                if found:
                    return found
    return None


def _source_line_date(lines: list[str]) -> date | None:
    """来源：新华社 作者： 2023-12-01 14:43 — a date on the page's source line.

    Only the first two lines naming a source, and only short ones that are no sentence:
    "数据来源：国家统计局，2023年12月1日发布。" further down is the body's text.
    """
    source_lines = [line for line in lines if _SOURCE_LINE.search(line)][:2]
    for line in source_lines:
        if len(line) <= 100 and not line.rstrip().endswith(("。", "；")):
            match = _DATE.search(line)
            found = parse_date(match.group()) if match else None
            if found:
                return found
    return None


def _date_under_title(lines: list[str], title: str) -> date | None:
    """A date beside the headline: on its line after it, alone on one of the three lines under it,
    or alone on the line right above it (e-papers put the date over the headline)."""
    wanted = _norm(title)
    if not wanted:
        return None
    for i, line in enumerate(lines):
        norm = _norm(line)
        if norm == wanted or (len(wanted) >= 8 and wanted in norm and len(line) <= len(title) + 30):
            rest = line.replace(title, "", 1) if title in line else norm.replace(wanted, "", 1)
            beside = [rest] if rest.strip() else []
            for text in [*beside, *lines[i + 1 : i + 4], *lines[max(0, i - 1) : i]]:
                match = _DATE_LINE.match(text)
                if match:
                    return parse_date(match.group(1))
            return None
    return None


def _article_lines(soup: BeautifulSoup) -> list[str]:
    """The page's text lines, without link texts and without navigation, footers and related lists."""
    skip = frozenset(
        id(element)
        for element in (soup.body or soup).find_all(True)
        if element.name == "a" or (element.name in OFF_ARTICLE_TAGS) or _marks_off_article(element)
    )
    return element_text(soup.body or soup, skip).splitlines()


def parse_date(value: object) -> date | None:
    """A date from ISO timestamps (converted to China time), 2024-08-14, 2024/8/14, 2024年08月14日, ２０２４.８.１４…"""
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip().translate(_FOLD)
    try:
        stamp = datetime.fromisoformat(value.replace("Z", "+00:00"))
        found = stamp.astimezone(CST).date() if stamp.tzinfo else stamp.date()
    except ValueError:
        match = _DATE.search(value)
        if not match:
            return None
        year, month, day = (int(part) for part in _DATE_PARTS.findall(match.group()))
        try:
            found = date(year, month, day)
        except ValueError:
            return None
    return found if EARLIEST_YEAR <= found.year <= date.today().year + 1 else None


# --------------------------------------------------------------------------- body


def extract_body(soup: BeautifulSoup, html: str, selector: str | None = None, title: str = "") -> str:
    """Body text: site selector → common CMS containers → the densest content block → readability → page."""
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
    block = content_block(soup)
    if block is not None:
        text = _drop_heading_lines(element_text(block, _boilerplate_inside(block)), title)
        if text and not looks_like_boilerplate(text):
            return text
    text = _readability_text(html)
    if text and not looks_like_boilerplate(text):
        return text
    return element_text(soup.body or soup)


def content_block(soup: BeautifulSoup) -> Tag | None:
    """The element holding the article's text: most sentence text, fewest links, not navigation.

    Readability's idea, tuned to Chinese pages and table layouts: every run of
    text credits the block that holds it (a <p>, a <td>…) with its length and,
    above all, its sentence punctuation (，。；), and half of that to the
    block's parent. Link text, navigation, footers and boilerplate phrases earn
    nothing, and a block's score is cut by its share of link text. A one-line
    article in a <td> beats a navigation bar of ten links and no commas.
    """
    scores: dict[int, float] = {}
    elements: dict[int, Tag] = {}
    for holder, text in _text_runs(soup.body or soup):
        value = _run_value(text)
        if value <= 0:
            continue
        for node, share in ((holder, 1.0), (holder.parent, 0.5)):
            if isinstance(node, Tag) and node.name not in ("body", "html", "[document]"):
                scores[id(node)] = scores.get(id(node), 0.0) + value * share
                elements[id(node)] = node
    best, best_score = None, 0.0
    for key, score in scores.items():
        element = elements[key]
        score *= 1 - _link_density(element)
        if score > best_score:
            best, best_score = element, score
    if best is not None and best.name == "p" and isinstance(best.parent, Tag):
        best = best.parent  # a paragraph won: the article is its container with the other paragraphs
    return best if best_score >= 3 else None


def _text_runs(root: Tag):
    """(holding block, text) for every text run outside links, scripts, navigation and footers."""
    for string in root.find_all(string=True):
        if isinstance(string, Comment | Doctype | Declaration | ProcessingInstruction):
            continue
        text = _clean_inline(str(string))
        if len(text) < 2:
            continue
        parent = string.parent
        if parent is None or parent.name in SKIP_TAGS or string.find_parent("a") is not None:
            continue
        holder = parent if parent.name in HOLDERS else parent.find_parent(HOLDERS)
        if holder is None or _off_article(holder):
            continue
        yield holder, text


def _run_value(text: str) -> float:
    """What a run of text is worth as article text: sentences count, boilerplate does not."""
    if any(marker in text for marker in BOILERPLATE_MARKERS) or _LABELLED_DATE.search(text.translate(_FOLD)):
        return 0.0
    if _SOURCE_LINE.search(text) and len(text) < 80:
        return 0.0
    punctuation = sum(text.count(mark) for mark in SENTENCE_PUNCT)
    hanzi = sum("\u4e00" <= ch <= "\u9fff" for ch in text)
    if punctuation == 0 and hanzi < 15:
        return 0.0  # a label, a menu item, a caption
    return 1 + 3 * punctuation + min(len(text) / 30, 10)


def _link_density(element: Tag) -> float:
    text = len(_NORM.sub("", element.get_text()))
    if not text:
        return 1.0
    links = sum(len(_NORM.sub("", a.get_text())) for a in element.find_all("a"))
    return min(links / text, 1.0)


def _boilerplate_inside(block: Tag) -> frozenset[int]:
    """Descendants of the content block that are navigation, share bars or related lists."""
    skip = set()
    for element in block.find_all(True):
        if element.name in OFF_ARTICLE_TAGS or _marks_off_article(element):
            skip.add(id(element))
        elif element.name in ("table", "div", "ul", "p", "td") and _link_density(element) > 0.6:
            skip.update([id(element)] if not any(mark in element.get_text() for mark in "。；") else [])
    return frozenset(skip)


def _drop_heading_lines(text: str, title: str) -> str:
    """A content cell often starts with the headline and the date/source line: those are not body."""
    lines = text.splitlines()
    wanted = _norm(title)
    while lines:
        line = lines[0]
        folded = line.translate(_FOLD)
        heading = bool(wanted) and _norm(line) == wanted
        meta_line = len(line) <= 120 and bool(_LABELLED_DATE.search(folded) or _SOURCE_LINE.search(folded))
        if not (heading or meta_line or looks_like_boilerplate(line)):
            break
        lines.pop(0)
    return "\n".join(lines)


def _readability_text(html: str) -> str:
    from readability import Document  # imported late: only pages without a known container need it

    try:
        summary = Document(html).summary(html_partial=True)
    except Exception:  # readability raises bare Exceptions on odd markup; the caller falls back
        return ""
    return element_text(BeautifulSoup(summary, "lxml"))


# --------------------------------------------------------------------------- boilerplate


_SEGMENTS = re.compile(r"[|｜\n\t>»·]+|\s{2,}|[。！？!?]")


def looks_like_boilerplate(text: str | None) -> bool:
    """True when a body is navigation, a site header or a footer rather than an article.

    Such a body names the site's furniture (欢迎访问, 无障碍, 设为首页, 版权所有…)
    and has no substantive sentence: no stretch of twelve or more hanzi free of
    those phrases. A bare menu (首页 | 机构概况 | 政务公开…) without any such
    phrase counts too when it has no sentence punctuation and few digits (a
    statistics table is short cells too, but full of figures).
    """
    if not text or not text.strip():
        return False
    markers = sum(marker in text for marker in BOILERPLATE_MARKERS)
    segments = [segment for segment in _SEGMENTS.split(text) if segment.strip()]
    substantive = [
        segment
        for segment in segments
        if sum("\u4e00" <= ch <= "\u9fff" for ch in segment) >= 12
        and not any(marker in segment for marker in BOILERPLATE_MARKERS)
    ]
    if substantive:
        return False
    if markers:
        return True
    digits = sum(ch.isdigit() for ch in text)
    punctuation = sum(text.count(mark) for mark in "，。；！？")
    return len(segments) >= 5 and punctuation == 0 and digits < 0.05 * len(text)
