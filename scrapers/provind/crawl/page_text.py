"""The text of a parsed page, as the article parsers read it.

Shared by `article_title`, `article_date` and `article_body`: an element's visible
text one block per line (`element_text`), the page's lines outside navigation,
footers and related lists (`article_lines`), whether an element sits in such a box
(`off_article`), the page's `<meta>` tags and Founder/ENP `enpproperty` comment,
and the folding that makes full-width digits and spaces comparable.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from bs4.element import Declaration, Doctype, ProcessingInstruction

# Containers whose dates and texts belong to other pages or to the site: never the article's.
OFF_ARTICLE = re.compile(
    r"foot|copyright|bottom|relat|xglj|xgxx|xgwz|recommend|hotnews|paihang|sidebar|friend|yqlj|share|comment|"
    r"pinglun|crumb|^nav|nav$|menu|^position|^location|^weizhi|^dqwz",
    re.I,
)
# Class or id tokens of the site's own header (an article's "post-header" is not one).
SITE_FURNITURE = frozenset({"top", "header", "head", "banner", "site-header", "topbar", "top-bar", "logo", "toolbar"})
OFF_ARTICLE_TAGS = frozenset({"nav", "footer", "aside"})
# Full-width digits, colons, slashes, dots, hyphens and spaces as ASCII: dates and titles compare folded.
FOLD = str.maketrans("０１２３４５６７８９：／．－　", "0123456789:/.- ")
_ENP = re.compile(r"<(date|title)>(.*?)</\1>", re.S | re.I)
_SPACES = re.compile(r"[ \t\r\n\f]+")
# Every space, ideographic and no-break ones included: left out when texts are compared or measured.
ALL_SPACE = re.compile(r"[\s\u3000\xa0]+")

BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "dd", "details", "div", "dl", "dt", "fieldset",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
    "li", "main", "nav", "ol", "p", "pre", "section", "table", "tbody", "thead", "tfoot", "tr", "td",
    "th", "ul", "center",
})  # fmt: skip
SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "head", "iframe", "object", "svg", "button"})


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


def clean_inline(text: str) -> str:
    return _SPACES.sub(" ", text).strip().strip("\u3000\xa0 ")


def norm_text(text: str) -> str:
    """For comparing titles: no spaces, full-width folded."""
    return ALL_SPACE.sub("", text.translate(FOLD))


def off_article(element: Tag) -> bool:
    """Inside navigation, a footer, a related-links box or the site header?"""
    for node in (element, *element.parents):
        if not isinstance(node, Tag) or node.name in ("body", "html", "[document]"):
            break
        if node.name in OFF_ARTICLE_TAGS or marks_off_article(node):
            return True
    return False


def marks_off_article(element: Tag) -> bool:
    """Class or id says: navigation, footer, related links, the site header…"""
    tokens = [*element.get_attribute_list("class"), *str(element.get("id") or "").split()]
    return any(token.lower() in SITE_FURNITURE or OFF_ARTICLE.search(token) for token in tokens)


def meta_content(soup: BeautifulSoup, name: str) -> str | None:
    wanted = name.lower()
    for tag in soup.find_all("meta"):
        key = str(tag.get("name") or tag.get("property") or tag.get("itemprop") or tag.get("http-equiv") or "").lower()
        if key == wanted and str(tag.get("content") or "").strip():
            return str(tag["content"]).strip()
    return None


def enpproperty(soup: BeautifulSoup) -> dict[str, str]:
    """Founder/ENP CMSs describe the article in a comment: <!--enpproperty <date>…</date><title>…</title>-->."""
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment) and "enpproperty" in s):
        return {key.lower(): clean_inline(value) for key, value in _ENP.findall(str(comment)) if value.strip()}
    return {}


def article_lines(soup: BeautifulSoup) -> list[str]:
    """The page's text lines, without link texts and without navigation, footers and related lists."""
    skip = frozenset(
        id(element)
        for element in (soup.body or soup).find_all(True)
        if element.name == "a" or (element.name in OFF_ARTICLE_TAGS) or marks_off_article(element)
    )
    return element_text(soup.body or soup, skip).splitlines()
