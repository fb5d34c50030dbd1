"""Render the bundled corpus as the pages of a small bureau website.

Each article is rendered in a form true to where it came from, so that the
crawler and parser meet the same variety a real crawl meets: an e-paper page,
a plain news page, a GBK government portal page with its body in `div#zoom`,
a traditional-Chinese page that keeps its pinyin glosses, and a Jekyll blog
post. Everything here is pure (text in, text out); `server.py` serves it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from html import escape
from pathlib import Path

CORPUS_DIR = Path(__file__).resolve().parent / "corpus"
STATISTICS_DIR = Path(__file__).resolve().parent / "statistics"
SITE_NAME = "山东省市场监督管理局 (demo)"
ARTICLES_PER_PAGE = 2


@dataclass(frozen=True)
class Article:
    """One corpus article as the site publishes it."""

    doc: str  # corpus file name, e.g. "000_75e68aafbc592f63.txt"
    title: str
    published: date | None
    publisher: str | None
    html: str  # the full article page
    encoding: str  # how the page is encoded on the wire

    @property
    def path(self) -> str:
        return f"/news/{Path(self.doc).stem}.html"


# --------------------------------------------------------------------------- helpers


def _lines(text: str) -> list[str]:
    return text.splitlines()


def _paragraphs(lines: list[str]) -> str:
    """Non-empty lines as <p> elements, keeping their leading indentation as text."""
    return "\n".join(f"<p>{escape(line.rstrip())}</p>" for line in lines if line.strip())


def _cn_date(d: date) -> str:
    return f"{d.year}年{d.month:02d}月{d.day:02d}日"


def _shell(title: str, body: str, *, lang: str = "zh-CN", head_extra: str = "", charset: str = "utf-8") -> str:
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{lang}">\n<head>\n'
        f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">\n'
        f"<title>{escape(title)}</title>\n{head_extra}</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def _site_header() -> str:
    return (
        '<div class="header"><a href="/">首页</a> | <a href="/news/">新闻动态</a>'
        f' | <span class="site">{escape(SITE_NAME)}</span></div>'
    )


# --------------------------------------------------------------------------- the five forms


def _epaper(doc: str, text: str, meta: dict) -> Article:
    """000: a Founder-style e-paper page: 版次, 发布日期, 引题/主题/副题, 字数, body in #ozoom."""
    lines = _lines(text)
    edition, date_line, title, subtitle, word_count = (line.strip() for line in lines[:5])
    body_lines = [line for line in lines[5:] if not line.startswith("版权所有")]
    footer = next((line for line in lines if line.startswith("版权所有")), "")
    published = date.fromisoformat(meta["published"])
    nav = f'<div class="epaper-nav"><a href="/">滨州日报数字报</a> &gt; <span>{escape(edition)}</span></div>'
    body = f"""{nav}
<div class="article-box">
<div class="bc">{escape(edition)}</div>
<div class="rq">{escape(date_line)}</div>
<h1 class="zt">{escape(title)}</h1>
<h2 class="ft">{escape(subtitle)}</h2>
<div class="zs">{escape(word_count)}</div>
<div id="ozoom">
{_paragraphs(body_lines)}
</div>
</div>
<div class="footer">{escape(footer)}</div>"""
    return Article(doc, title, published, meta.get("publisher"), _shell(title, body), "utf-8")


def _news(doc: str, text: str, meta: dict) -> Article:
    """001: a plain news page: headline, subtitle, source line, 发布时间, body in .TRS_Editor."""
    lines = _lines(text)
    title, subtitle, source_line = lines[0].strip(), lines[2].strip(), lines[3].strip()
    rest = lines[4:]
    comments_at = next((i for i, line in enumerate(rest) if line.strip() == "网友最新留言"), len(rest))
    body_lines, comment_lines = rest[:comments_at], rest[comments_at:]
    published = date.fromisoformat(meta["published"])
    body = f"""{_site_header()}
<div class="main">
<h1>{escape(title)}</h1>
<h3 class="subtitle">{escape(subtitle)}</h3>
<div class="info"><span>发布时间：{published.isoformat()}</span>
<span>来源：{escape(meta.get("publisher") or "")}</span></div>
<div class="TRS_Editor">
<p class="source">{escape(source_line)}</p>
{_paragraphs(body_lines)}
</div>
<div class="comments">{_paragraphs(comment_lines)}</div>
</div>"""
    return Article(doc, title, published, meta.get("publisher"), _shell(title, body), "utf-8")


def _portal(doc: str, text: str, meta: dict) -> Article:
    """002: a government portal page in GBK, body in div#zoom, and no publication date at all.

    The related-links box carries dates of *other* articles: a parser that guesses
    the date from any date on the page gets this one wrong.
    """
    lines = _lines(text)
    lead = lines[0].strip()
    title = "济南市长清区市场监管局坚持服务发展是第一要务"
    body = f"""<div class="top"><a href="/">{escape(SITE_NAME)}</a> &gt; <a href="/news/">工作动态</a></div>
<div class="detail">
<div class="title">{escape(title)}</div>
<div class="summary">{escape(lead)}</div>
<div class="property"><span>信息来源：长清区市场监管局</span> <span>浏览次数：<b>1024</b></span></div>
<div id="zoom">
{_paragraphs(lines[1:])}
</div>
<div class="related"><h4>相关链接</h4><ul>
<li><a href="/news/000_75e68aafbc592f63.html">我市打造“山东领先、全国一流”市场监管</a> 2024-08-14</li>
<li><a href="/news/001_1a913e94a34a81a7.html">“五项赋能”助力高质量发展</a> 2023-11-23</li>
</ul></div>
</div>"""
    page = _shell(title, body, charset="gb2312")
    return Article(doc, title, None, meta.get("publisher"), page, "gbk")


def _traditional(doc: str, text: str, meta: dict) -> Article:
    """003: a traditional-Chinese page (as the converter left it) keeping the pinyin glosses."""
    title = "青島市市場監(jiān)管系統(tǒng)召開工作視頻會"
    published = date.fromisoformat(meta["published"])
    body = f"""<div class="nav"><a href="/">首頁</a> &gt; <a href="/news/">新聞</a></div>
<div class="content-wrap">
<h1 class="art-title">{escape(title)}</h1>
<div class="art-info">發布時間：{published.isoformat()}　來源：{escape(meta.get("publisher") or "")}</div>
<div class="art-text">
{_paragraphs(_lines(text))}
</div>
</div>
<div class="copyright">中國質量新聞網 版權所有</div>"""
    page = _shell(title, body, lang="zh-Hant")
    return Article(doc, title, published, meta.get("publisher"), page, "utf-8")


_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)
_MD_AUTOLINK = re.compile(r"<(https?://[^>\s]+)>")
_MD_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    fields = {}
    for line in match.group(1).splitlines():
        key, _, value = line.partition(":")
        fields[key.strip()] = value.strip().strip('"')
    return fields, text[match.end() :]


def _markdown_line(line: str) -> str:
    """The two markdown link forms the Jekyll file ends with, rendered as Jekyll would."""
    html = _MD_AUTOLINK.sub(lambda m: f'<a href="{m.group(1)}">{m.group(1)}</a>', line.strip())
    return _MD_LINK.sub(lambda m: f'<a href="{m.group(2)}">{escape(m.group(1))}</a>', html)


def _blog(doc: str, text: str, meta: dict) -> Article:
    """004: a Jekyll post: the file's HTML body inside <article>, title/date from the front matter."""
    fields, rest = _front_matter(text)
    title = fields["title"]
    stamp = fields["date"]  # "2022-02-18 10:01:41 +0800"
    published = date.fromisoformat(stamp[:10])
    iso = f"{stamp[:10]}T{stamp[11:19]}{stamp[20:23]}:{stamp[23:25]}"
    html_part, _, markdown_part = rest.partition("\n\n")
    links = "\n".join(f"<p>{_markdown_line(line)}</p>" for line in markdown_part.splitlines() if line.strip())
    head = (
        f'<meta property="og:title" content="{escape(title)}">\n'
        f'<meta property="article:published_time" content="{iso}">\n'
    )
    body = f"""<header class="site-header"><a class="site-title" href="/">finews</a></header>
<main class="page-content">
<article class="post h-entry">
<header class="post-header">
<h1 class="post-title p-name">{escape(title)}</h1>
<p class="post-meta"><time class="dt-published" datetime="{iso}">{published.strftime("%b %d, %Y")}</time>
 · {escape(fields.get("tags", ""))}</p>
</header>
<div class="post-content e-content">
{html_part.strip()}
</div>
<footer class="post-footer">
{links}
</footer>
</article>
</main>"""
    page = _shell(title, body, head_extra=head)
    return Article(doc, title, published, meta.get("publisher"), page, "utf-8")


# Which form each corpus file takes, by its number.
FORMS: dict[str, Callable[[str, str, dict], Article]] = {
    "000": _epaper,
    "001": _news,
    "002": _portal,
    "003": _traditional,
    "004": _blog,
}


def load_articles(corpus_dir: Path = CORPUS_DIR) -> list[Article]:
    """All corpus articles rendered, newest first (undated ones last)."""
    index = {entry["doc"]: entry for entry in json.loads((corpus_dir / "index.json").read_text("utf-8"))}
    articles = []
    for path in sorted(corpus_dir.glob("*.txt")):
        render = FORMS.get(path.name[:3])
        if render is not None:
            articles.append(render(path.name, path.read_text("utf-8"), index.get(path.name, {})))
    return sorted(articles, key=lambda a: (a.published is not None, a.published or date.min), reverse=True)


# --------------------------------------------------------------------------- statistics releases


def _table_html(table: dict) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in table["header"])
    rows = "\n".join("<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>" for row in table["rows"])
    notes = "".join(f'<p class="note">{escape(note)}</p>' for note in table.get("notes", []))
    sources = "；".join(table.get("sources", []))
    attachment = (
        f'<p class="attachment">附件：<a href="{escape(table["csv"])}">{escape(table["title"])}（CSV）</a></p>'
        if table.get("csv")
        else ""
    )
    return f"""<p class="table-title">{escape(table["title"])}</p>
<table class="stats" border="1">
<thead><tr>{head}</tr></thead>
<tbody>
{rows}
</tbody>
</table>
{notes}<p class="source">资料来源：{escape(sources)}</p>
{attachment}"""


def _statistics(doc: str, release: dict) -> Article:
    """A statistics release as bureaus publish it: a lead paragraph, then numbered tables in #zoom."""
    published = date.fromisoformat(release["published"])
    title = release["title"]
    tables = "\n".join(_table_html(table) for table in release["tables"])
    body = f"""{_site_header()}
<div class="main">
<h1>{escape(title)}</h1>
<div class="info"><span>发布日期：{published.isoformat()}</span>
<span>来源：{escape(release["publisher"])}</span></div>
<div id="zoom">
<p>{escape(release["lead"])}</p>
{tables}
</div>
</div>"""
    return Article(doc, title, published, release["publisher"], _shell(title, body), "utf-8")


def _table_csv(table: dict) -> str:
    """The CSV attachment of a table: title line, header, rows, notes (as bureaus export them)."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([table["title"]])
    writer.writerow(table["header"])
    writer.writerows(table["rows"])
    for note in [*table.get("notes", []), "资料来源：" + "；".join(table.get("sources", []))]:
        writer.writerow([note])
    return out.getvalue()


def load_statistics(statistics_dir: Path = STATISTICS_DIR) -> tuple[list[Article], dict[str, str]]:
    """The statistics release pages, and their CSV attachments by path."""
    articles, attachments = [], {}
    for path in sorted(statistics_dir.glob("*.json")):
        release = json.loads(path.read_text("utf-8"))
        articles.append(_statistics(release.get("doc", path.name), release))
        for table in release["tables"]:
            if table.get("csv"):
                attachments[table["csv"]] = _table_csv(table)
    return articles, attachments


# --------------------------------------------------------------------------- list and home pages


def list_page_path(number: int) -> str:
    return "/news/" if number == 1 else f"/news/index_{number}.html"


def render_list_page(articles: list[Article], number: int, total: int) -> str:
    items = "\n".join(
        f'<li><a href="{a.path}" target="_blank">{escape(a.title)}</a>'
        f'<span class="date">{a.published.isoformat() if a.published else ""}</span></li>'
        for a in articles
    )
    pager = [f'<a href="{list_page_path(1)}">首页</a>']
    if number > 1:
        pager.append(f'<a href="{list_page_path(number - 1)}">上一页</a>')
    if number < total:
        pager.append(f'<a href="{list_page_path(number + 1)}">下一页</a>')
    pager.append(f'<a href="{list_page_path(total)}">尾页</a>')
    pager.append(f"<span>第{number}页 共{total}页</span>")
    body = f"""{_site_header()}
<div class="main">
<h2 class="column-title">新闻动态</h2>
<ul class="news-list">
{items}
</ul>
<div class="pager">{" ".join(pager)}</div>
</div>"""
    return _shell(f"新闻动态 - {SITE_NAME}", body)


def render_home() -> str:
    body = f"""{_site_header()}
<div class="main"><p>欢迎访问{escape(SITE_NAME)}。本站为 provind 的内置演示站点。</p>
<ul><li><a href="/news/">新闻动态</a></li></ul></div>"""
    return _shell(SITE_NAME, body)


def render_robots(crawl_delay: float) -> str:
    delay = f"{crawl_delay:g}"
    return f"User-agent: *\nDisallow: /admin/\nCrawl-delay: {delay}\n"
