"""An article page's body text, and the test that a text is site boilerplate.

Works on a parsed page (BeautifulSoup); `parse.parse_article` calls it. The body:
the site's selector; a known CMS container (TRS WCM, 大汉 Hanweb/JCMS, 政务云,
Founder e-papers: docs/crawling.md has the details); else the block holding the
most sentence text with the fewest links (the content cell of a table layout,
however short), navigation and footers excluded; else readability.
`looks_like_boilerplate` tells a body that is navigation, a site header or a
footer rather than an article (the gates use it too).
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Comment, Tag
from bs4.element import Declaration, Doctype, ProcessingInstruction

from provind.crawl.article_date import LABELLED_DATE, SOURCE_LINE
from provind.crawl.page_text import (
    ALL_SPACE,
    FOLD,
    OFF_ARTICLE_TAGS,
    SKIP_TAGS,
    clean_inline,
    element_text,
    marks_off_article,
    norm_text,
    off_article,
)

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
# Phrases of navigation bars, site headers and footers.
BOILERPLATE_MARKERS = (
    "欢迎访问", "歡迎訪問", "无障碍", "無障礙", "长者模式", "关怀版", "适老化", "设为首页", "設為首頁", "加入收藏",
    "网站地图", "網站地圖", "当前位置", "當前位置", "您现在的位置", "您的位置", "现在位置", "版权所有", "版權所有",
    "ICP备", "ICP備", "网站标识码", "主办单位", "主辦單位", "承办单位", "技术支持", "联系我们", "关闭窗口",
    "關閉窗口", "打印本页", "打印本文", "繁體版", "繁体版", "简体版", "公网安备", "网站纠错", "我要纠错",
    "扫一扫", "分享到", "【大 中 小】", "[大 中 小]", "首页",
)  # fmt: skip
SENTENCE_PUNCT = "，。；！？、,;!?"
# Elements that hold a run of text of their own: the units the body scorer credits.
HOLDERS = frozenset({"p", "td", "th", "div", "section", "article", "main", "li", "dd", "blockquote", "pre", "center"})


# --------------------------------------------------------------------------- body text


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
        text = clean_inline(str(string))
        if len(text) < 2:
            continue
        parent = string.parent
        if parent is None or parent.name in SKIP_TAGS or string.find_parent("a") is not None:
            continue
        holder = parent if parent.name in HOLDERS else parent.find_parent(HOLDERS)
        if holder is None or off_article(holder):
            continue
        yield holder, text


def _run_value(text: str) -> float:
    """What a run of text is worth as article text: sentences count, boilerplate does not."""
    if any(marker in text for marker in BOILERPLATE_MARKERS) or LABELLED_DATE.search(text.translate(FOLD)):
        return 0.0
    if SOURCE_LINE.search(text) and len(text) < 80:
        return 0.0
    punctuation = sum(text.count(mark) for mark in SENTENCE_PUNCT)
    hanzi = sum("\u4e00" <= ch <= "\u9fff" for ch in text)
    if punctuation == 0 and hanzi < 15:
        return 0.0  # a label, a menu item, a caption
    return 1 + 3 * punctuation + min(len(text) / 30, 10)


def _link_density(element: Tag) -> float:
    text = len(ALL_SPACE.sub("", element.get_text()))
    if not text:
        return 1.0
    links = sum(len(ALL_SPACE.sub("", a.get_text())) for a in element.find_all("a"))
    return min(links / text, 1.0)


def _boilerplate_inside(block: Tag) -> frozenset[int]:
    """Descendants of the content block that are navigation, share bars or related lists."""
    skip = set()
    for element in block.find_all(True):
        if element.name in OFF_ARTICLE_TAGS or marks_off_article(element):
            skip.add(id(element))
        elif element.name in ("table", "div", "ul", "p", "td") and _link_density(element) > 0.6:
            skip.update([id(element)] if not any(mark in element.get_text() for mark in "。；") else [])
    return frozenset(skip)


def _drop_heading_lines(text: str, title: str) -> str:
    """A content cell often starts with the headline and the date/source line: those are not body."""
    lines = text.splitlines()
    wanted = norm_text(title)
    while lines:
        line = lines[0]
        folded = line.translate(FOLD)
        heading = bool(wanted) and norm_text(line) == wanted
        meta_line = len(line) <= 120 and bool(LABELLED_DATE.search(folded) or SOURCE_LINE.search(folded))
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
