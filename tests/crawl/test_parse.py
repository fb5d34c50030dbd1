"""Parsing: each demo page, encodings, dates from labels only, list links and pagination."""

from __future__ import annotations

from datetime import date

import pytest
import requests

from provind.crawl.article_date import parse_date
from provind.crawl.parse import decode_html, detect_language, parse_article, parse_list
from provind.crawl.sources import Selectors
from provind.demo_site.pages import CORPUS_DIR

EXPECTED = {
    "000_75e68aafbc592f63": ("我市打造“山东领先、全国一流”市场监管", date(2024, 8, 14), "zh-Hans"),
    "001_1a913e94a34a81a7": ("“五项赋能”助力高质量发展", date(2023, 11, 23), "zh-Hans"),
    "002_c9012b9b6f9cd57c": ("济南市长清区市场监管局坚持服务发展是第一要务", None, "zh-Hans"),
    "003_a932931f13d09aac": ("青島市市場監(jiān)管系統(tǒng)召開工作視頻會", date(2022, 1, 28), "zh-Hant"),
    "004_ab2a4a60be775138": ("开创山东市场监管工作新局面", date(2022, 2, 18), "zh-Hans"),
}


def _fetch_parsed(demo, stem):
    url = demo.url + f"news/{stem}.html"
    response = requests.get(url)
    return parse_article(response.content, url, response.headers.get("Content-Type"))


@pytest.mark.parametrize("stem", sorted(EXPECTED))
def test_demo_article_title_date_language(demo, stem):
    article = _fetch_parsed(demo, stem)
    title, published, language = EXPECTED[stem]
    assert article.title == title
    assert article.published == published
    assert article.language == language
    assert "<" not in article.body_text and "layout: post" not in article.body_text


@pytest.mark.parametrize("stem", sorted(EXPECTED))
def test_demo_article_body_holds_every_paragraph_of_the_corpus_file(demo, stem):
    """Every body paragraph of the corpus file is one line of body_text, in the original script."""
    article = _fetch_parsed(demo, stem)
    lines = set(article.body_text.splitlines())
    source = (CORPUS_DIR / f"{stem}.txt").read_text("utf-8")
    if stem.startswith("004"):
        source = source.split("---\n", 2)[2].split("\n\n<http")[0]
        paragraphs = [p.split("</p>")[0] for p in source.split("<p>")[1:]]
        paragraphs = [p.replace('<p class="em_media">', "") for p in paragraphs]
    else:
        paragraphs = [line.strip() for line in source.splitlines()]
    skip = (
        "当前版",
        "发布日期",
        "文章字数",
        "版权所有",
        "网友最新留言",
        "我要评报",
        "署名",
        "“五项赋能”助力",
        "——",
        "“ 济南",
    )
    wanted = [p for p in paragraphs if p and not p.startswith(skip) and p != EXPECTED[stem][0]]
    if stem.startswith("000"):
        wanted = wanted[1:]  # the subtitle line is a heading of the e-paper page, not body
    assert wanted
    missing = [p for p in wanted if p not in lines]
    assert not missing, missing[:2]


def test_portal_page_decodes_from_gbk_and_ignores_related_link_dates(demo):
    article = _fetch_parsed(demo, "002_c9012b9b6f9cd57c")
    assert article.encoding == "gb18030"
    assert article.published is None  # 2024-08-14 and 2023-11-23 on the page belong to other articles
    assert "相关链接" not in article.body_text and "浏览次数" not in article.body_text


def test_news_page_body_leaves_out_comment_box(demo):
    article = _fetch_parsed(demo, "001_1a913e94a34a81a7")
    assert "网友最新留言" not in article.body_text
    source_line = (CORPUS_DIR / "001_1a913e94a34a81a7.txt").read_text("utf-8").splitlines()[3]
    assert article.body_text.splitlines()[0] == source_line.strip()


def test_list_pages_links_and_next_page(demo):
    url = demo.url + "news/"
    first = parse_list(requests.get(url).content, url, "utf-8", Selectors(list_links="ul.news-list li a"))
    assert [link.rsplit("/", 1)[1] for link in first] == [
        "000_75e68aafbc592f63.html",
        "tjgb_2023_shandong.html",
    ]
    assert first.next_page == demo.url + "news/index_2.html"
    last_url = demo.url + "news/index_3.html"
    last = parse_list(requests.get(last_url).content, last_url, None, None)  # generic, no selector
    assert list(last) == [demo.url + "news/003_a932931f13d09aac.html", demo.url + "news/002_c9012b9b6f9cd57c.html"]
    assert last.next_page is None


def test_generic_list_links_skip_navigation_and_other_domains():
    html = """<html><body><div class="nav"><a href="/">首页</a><a href="/about.html">关于我们</a></div>
    <ul class="list">
      <li><a href="/art/2024/8/14/art_1_1.html">全市市场监管工作会议召开</a><span>2024-08-14</span></li>
      <li><a href="http://other.example/x.html">外站的一篇很长的文章标题</a></li>
      <li><a href="./art_1_2.html#top">食品安全抽检结果公告发布</a><span>2024-08-13</span></li>
    </ul>
    <script>createPageHTML(5, 0, "index", "html");</script></body></html>"""
    parsed = parse_list(html.encode(), "http://amr.example.gov.cn/col/index.html", None, None)
    assert list(parsed) == [
        "http://amr.example.gov.cn/art/2024/8/14/art_1_1.html",
        "http://amr.example.gov.cn/col/art_1_2.html",
    ]
    assert parsed.next_page == "http://amr.example.gov.cn/col/index_1.html"


def test_site_selectors_win_over_generic_rules():
    html = """<html><head><title>站点</title></head><body><h1>站点标题</h1>
    <div class="headline">真正的标题</div><span class="when">2021/3/5</span>
    <div id="zoom">容器里的正文，不是这一段。</div>
    <div class="text"><p>选择器指向的正文第一段。</p><p>第二段。</p></div></body></html>"""
    selectors = Selectors(title=".headline", date=".when", body=".text")
    article = parse_article(html.encode(), "http://x.gov.cn/a.html", "utf-8", selectors)
    assert article.title == "真正的标题"
    assert article.published == date(2021, 3, 5)
    assert article.body_text == "选择器指向的正文第一段。\n第二段。"


@pytest.mark.parametrize(
    ("snippet", "expected"),
    [
        ('<meta name="PubDate" content="2023-05-06 09:30">', date(2023, 5, 6)),
        ('<meta property="article:published_time" content="2022-02-17T20:00:00Z">', date(2022, 2, 18)),
        ('<time datetime="2020-01-02">1月2日</time>', date(2020, 1, 2)),
        ("<div>发布时间：2019年12月31日 10:00</div>", date(2019, 12, 31)),
        ("<div>發布日期: 2018/7/1</div>", date(2018, 7, 1)),
        ('<div>相关：<a href="/b.html">发布日期：2017-01-01 另一篇</a></div>', None),
        ("<div>2016年起实施的条例</div>", None),
    ],
)
def test_publication_date_sources(snippet, expected):
    html = f"<html><head>{snippet if snippet.startswith('<meta') else ''}</head><body>{snippet}"
    html += '<div id="zoom"><p>正文正文正文正文正文正文正文正文正文正文。</p></div></body></html>'
    assert parse_article(html.encode(), "http://x.gov.cn/a.html").published == expected


def test_decoding_prefers_header_then_meta_and_survives_lies():
    text = "<html><head><meta charset='gb2312'></head><body>市场监管 镕</body></html>"
    gb = text.encode("gb18030")  # 镕 is outside GB2312: reading gb2312 as gb18030 keeps it
    assert decode_html(gb, None) == (text, "gb18030")
    assert decode_html(gb, "text/html; charset=GBK")[1] == "gb18030"
    utf8 = text.replace("gb2312", "utf-8").encode("utf-8")
    decoded, codec = decode_html(utf8, "text/html; charset=gbk")  # a lying header: gbk cannot decode it
    assert codec == "utf-8" and "市场监管" in decoded
    undeclared = "<html><body><p>济南市市场监督管理局发布食品安全抽检信息，合格率百分之九十八。</p></body></html>"
    assert "济南市市场监督管理局" in decode_html(undeclared.encode("gb18030"), None)[0]


def test_language_detection():
    assert detect_language("中國質量新聞網訊") == "zh-Hant"
    assert detect_language("中国质量新闻网讯") == "zh-Hans"


def test_parse_date_rejects_impossible_dates():
    assert parse_date("2024-02-30") is None
    assert parse_date("2024年8月14日") == date(2024, 8, 14)
