"""An article page's own publication date, across Chinese government CMS templates.

Works on a parsed page (BeautifulSoup); `parse.parse_article` calls it. What it
knows, from the templates of TRS WCM, 大汉 Hanweb/JCMS, 政务云, table-layout
portals and Founder e-papers (docs/crawling.md has the details): the site's
selector; meta tags (PubDate, publishdate, createDate, Maketime…); the
enpproperty comment; `<time>`; a labelled date in any of its forms (发布时间：,
日期：2024年12月20日, full-width digits); a date on the source line (来源：新华社
2023-12-01); a date right under the headline; an element named for a date; the
date in the address. Never from links, related-article lists, footers or the
site header.

The date line's patterns (`LABELLED_DATE`, `SOURCE_LINE`) are also how the title
and body parsers recognise the line they skip.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from urllib.parse import urlsplit

from bs4 import BeautifulSoup

from provind.crawl.page_text import FOLD, article_lines, clean_inline, enpproperty, meta_content, norm_text, off_article

CST = timezone(timedelta(hours=8))
EARLIEST_YEAR = 1949  # no government page is older; "1234-5-6" in a body is no date
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
# One separator throughout (2024-12-20, 2024/12/20, 2024.12.20, 2024年12月20日): "2023年1-11月" is no date.
DATE_TEXT = (
    r"(?<!\d)(?:\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}(?!\d)\s*日?"
    r"|\d{4}\s*-\s*\d{1,2}\s*-\s*\d{1,2}|\d{4}\s*/\s*\d{1,2}\s*/\s*\d{1,2}|\d{4}\.\d{1,2}\.\d{1,2})(?!\d)"
)
_DATE = re.compile(DATE_TEXT)
_DATE_PARTS = re.compile(r"\d+")
_SPACED = "\\s*"  # labels are sometimes spaced out: 发 布 时 间


def _label_pattern(labels: tuple[str, ...]) -> str:
    return "|".join(_SPACED.join(map(re.escape, label)) for label in sorted(labels, key=len, reverse=True))


def _labelled(strong: tuple[str, ...], weak: tuple[str, ...] = ()) -> re.Pattern[str]:
    """A date after one of the labels; a weak label needs a colon and must start a phrase."""
    weak_part = rf"|(?<![\u4e00-\u9fff])(?:{_label_pattern(weak)})\s*[:：]" if weak else ""
    return re.compile(rf"(?:(?:{_label_pattern(strong)})\s*[:：]?{weak_part})[ \t]*\n?[ \t]*[\[【(（]?\s*({DATE_TEXT})")


LABELLED_DATE = _labelled(DATE_LABELS, WEAK_DATE_LABELS)
_OTHER_LABELLED_DATE = _labelled(OTHER_DATE_LABELS)
SOURCE_LINE = re.compile(rf"(?:{_label_pattern(SOURCE_LABELS)})\s*[:：]")
_DATE_LINE = re.compile(
    rf"^\s*[\[【(（]?\s*({DATE_TEXT})(?:\s*(?:星期|周)[一二三四五六日天])?(?:\s*\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?"
    r"\s*[\]】)）]?\s*$"
)
_DATE_NAME = re.compile(r"date|time|^rq$|riqi|fbrq|fbsj|pubtime|publish", re.I)
_URL_DATES = (
    re.compile(r"/t((?:19|20)\d{2})(\d{2})(\d{2})_\d+"),  # TRS
    re.compile(r"/art/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})/"),  # Hanweb
    re.compile(r"/((?:19|20)\d{2})-(\d{2})/(\d{2})/"),  # e-paper
    re.compile(r"/((?:19|20)\d{2})(\d{2})(\d{2})/"),  # /20231201/
)


def extract_published(soup: BeautifulSoup, selector: str | None = None, title: str = "", url: str = "") -> date | None:
    """The page's own publication date (see the module doc for the order), or None."""
    if selector:
        element = soup.select_one(selector)
        found = parse_date(element.get("datetime") or element.get_text()) if element else None
        if found:
            return found
    for name in DATE_META:
        found = parse_date(meta_content(soup, name))
        if found:
            return found
    found = parse_date(enpproperty(soup).get("date"))
    if found:
        return found
    for time_tag in soup.find_all("time"):
        if time_tag.find_parent("a") is None and not off_article(time_tag):
            found = parse_date(time_tag.get("datetime") or time_tag.get_text())
            if found:
                return found
    lines = [line.translate(FOLD) for line in article_lines(soup)]
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
        if element.find_parent(["a", "li", "ul", "ol"]) is not None or off_article(element):
            continue
        row = element.find_parent("tr")
        if row is not None and row.find("a") is not None:
            continue
        match = _DATE_LINE.match(clean_inline(element.get_text()).translate(FOLD))
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
    for pattern in (LABELLED_DATE, _OTHER_LABELLED_DATE):
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
    source_lines = [line for line in lines if SOURCE_LINE.search(line)][:2]
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
    wanted = norm_text(title)
    if not wanted:
        return None
    for i, line in enumerate(lines):
        norm = norm_text(line)
        if norm == wanted or (len(wanted) >= 8 and wanted in norm and len(line) <= len(title) + 30):
            rest = line.replace(title, "", 1) if title in line else norm.replace(wanted, "", 1)
            beside = [rest] if rest.strip() else []
            for text in [*beside, *lines[i + 1 : i + 4], *lines[max(0, i - 1) : i]]:
                match = _DATE_LINE.match(text)
                if match:
                    return parse_date(match.group(1))
            return None
    return None


def parse_date(value: object) -> date | None:
    """A date from ISO timestamps (converted to China time), 2024-08-14, 2024/8/14, 2024年08月14日, ２０２４.８.１４…"""
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip().translate(FOLD)
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
