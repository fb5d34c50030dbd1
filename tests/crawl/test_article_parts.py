"""Titles and dates in the forms Chinese government sites write them (parsing only, no network)."""

from __future__ import annotations

from datetime import date

import pytest

from provind.crawl.article_title import headline_of
from provind.crawl.parse import parse_article

BODY = "<div><p>全省地区生产总值增长5.8%，比上半年加快0.2个百分点。第一产业增长3.8%。</p></div>"


@pytest.mark.parametrize(
    ("page_title", "expected"),
    [
        ("全省经济运行情况-山东省统计局", "全省经济运行情况"),
        ("全省经济运行情况_统计分析_山东省统计局", "全省经济运行情况"),
        ("全省经济运行情况--潍坊市统计局", "全省经济运行情况"),
        ("全省经济运行情况 | www.shandong.gov.cn", "全省经济运行情况"),
        ("全省经济运行情况——山东省人民政府", "全省经济运行情况"),
        ("全省经济运行情况—山东省人民政府", "全省经济运行情况"),
        ("山东省人民政府 - 全省经济运行情况", "全省经济运行情况"),
        ("2024年1-11月全省经济运行-山东省统计局", "2024年1-11月全省经济运行"),  # 1-11: no separator
        ("坚持创新——访省统计局局长_山东省统计局", "坚持创新——访省统计局局长"),  # —— inside the headline
        ("青岛市11月份经济运行情况_政务要闻_青岛市人民政府", "青岛市11月份经济运行情况"),
        ("全省经济运行情况", "全省经济运行情况"),
    ],
)
def test_title_without_site_and_column(page_title, expected):
    assert headline_of(page_title) == expected


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ("<title>山东省统计局</title></head><body><h1>山东省统计局</h1><h2>全省经济运行情况</h2>", "全省经济运行情况"),
        (
            "<title>关于印发2024年度统计执法检查计划...</title></head><body>"
            '<td class="title">关于印发2024年度统计执法检查计划的通知</td>',
            "关于印发2024年度统计执法检查计划的通知",  # <title> cut short: the element's full text
        ),
        (
            '<meta property="og:title" content="山东省统计局">'
            "<title>全省经济运行情况_山东省统计局</title></head><body>",
            "全省经济运行情况",
        ),
        (
            '<meta name="ArticleTitle" content="全省经济运行情况"><title>山东省统计局</title></head><body>',
            "全省经济运行情况",
        ),
    ],
)
def test_title_is_the_headline_not_the_site(markup, expected):
    html = f"<html><head>{markup}{BODY}</body></html>"
    assert parse_article(html.encode(), "http://x.gov.cn/a.html", "utf-8").title == expected


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ("<div>发布时间：2024年12月20日 10:30</div>", date(2024, 12, 20)),
        ("<div>发布日期:2024/12/20</div>", date(2024, 12, 20)),
        ("<div>日期：2024年12月20日</div>", date(2024, 12, 20)),
        ("<div>时间：2024-12-22</div>", date(2024, 12, 22)),
        ("<div>发布时间： ２０２４－１２－２０　１０：３０</div>", date(2024, 12, 20)),  # full-width digits and colon
        ("<div>发 布 时 间：2024.12.20</div>", date(2024, 12, 20)),
        ("<table><tr><td>发布日期：</td><td>2024-12-20</td></tr></table>", date(2024, 12, 20)),
        ("<div>来源：新华社 作者： 2023-12-01 14:43</div>", date(2023, 12, 1)),
        ("<div>成文日期：2024-12-18</div><div>发布日期：2024-12-20</div>", date(2024, 12, 20)),
        ("<div>成文日期：2024-12-18</div>", date(2024, 12, 18)),
        ("<!--enpproperty <date>2023-12-01 00:00:00.0</date><title>x</title>/enpproperty-->", date(2023, 12, 1)),
        ("<h1>全省经济运行情况</h1><div>[2024-12-20]</div>", date(2024, 12, 20)),
        ("<h1>全省经济运行情况</h1><p>2024年12月20日 星期五</p>", date(2024, 12, 20)),
        ("<h1>全省经济运行情况 <span>2024-12-20 10:30</span></h1>", date(2024, 12, 20)),
        ("<div>2024年12月20日</div><h1>全省经济运行情况</h1>", date(2024, 12, 20)),  # e-paper: above it
        ('<span id="lblDate">2024-12-20</span>', date(2024, 12, 20)),  # old ASP.NET pages
        ('<div class="time">2024年12月20日 10:30</div>', date(2024, 12, 20)),
        ('<table><tr><td><a href="/x">另一篇</a></td><td class="date">2024-08-14</td></tr></table>', None),
        ('<ul><li><a href="/x">另一篇</a><span class="date">2024-08-14</span></li></ul>', None),
        # never from another article, the site header, a footer, or a date inside the body's text
        ('<ul class="list"><li><a href="/b.html">另一篇文章</a> 2024-08-14</li></ul>', None),
        (
            "<table><tr><td>标题</td><td>发布时间</td></tr>"
            "<tr><td><a href='/x'>另一篇</a></td><td>2024-08-14</td></tr></table>",
            None,
        ),
        ('<div class="welcome">今天是2024年12月20日 星期五</div><div class="footer">Copyright 2024</div>', None),
        ("<div><p>会议时间：2024年12月25日，地点：济南。</p></div>", None),
        ("<div><p>数据来源：国家统计局，2023年1-11月。</p></div>", None),  # a month range is no date
        ('<div class="footer">发布时间：2024-01-01 版权所有</div>', None),
    ],
)
def test_date_forms(markup, expected):
    html = f"<html><head><title>全省经济运行情况</title></head><body>{markup}{BODY}</body></html>"
    assert parse_article(html.encode(), "http://x.gov.cn/a.html", "utf-8").published == expected


@pytest.mark.parametrize(
    "meta",
    [
        '<meta name="PubDate" content="2024-12-20 16:05">',
        '<meta name="publishdate" content="2024-12-20">',
        '<meta name="firstpublishedtime" content="2024-12-20-10:12:00">',
        '<meta name="createDate" content="2024-12-20 10:00:00">',
        '<meta name="Maketime" content="2024-12-20 10:00:00">',
        '<meta property="article:published_time" content="2024-12-20T08:00:00+08:00">',
    ],
)
def test_date_meta_tags(meta):
    html = f"<html><head>{meta}<title>全省经济运行情况</title></head><body>{BODY}</body></html>"
    assert parse_article(html.encode(), "http://x.gov.cn/a.html", "utf-8").published == date(2024, 12, 20)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://tjj.shandong.gov.cn/art/2024/12/20/art_6196_10312345.html", date(2024, 12, 20)),  # Hanweb
        ("http://www.stats.gov.cn/sj/zxfb/202412/t20241216_1957744.html", date(2024, 12, 16)),  # TRS
        ("http://paper.dzwww.com/dzrb/content/20231201/Articel01002MT.htm", date(2023, 12, 1)),
        ("http://epaper.example.cn/html/2023-12/01/content_123.htm", date(2023, 12, 1)),
        ("http://x.gov.cn/news/002_c9012b9b6f9cd57c.html", None),
    ],
)
def test_the_address_dates_a_page_that_says_nothing_else(url, expected):
    html = f"<html><head><title>全省经济运行情况</title></head><body>{BODY}</body></html>"
    assert parse_article(html.encode(), url, "utf-8").published == expected


def test_a_date_on_the_page_wins_over_the_address():
    html = f"<html><head><title>x</title></head><body><div>发布日期：2024-12-21</div>{BODY}</body></html>"
    url = "http://www.stats.gov.cn/sj/zxfb/202412/t20241216_1957744.html"
    assert parse_article(html.encode(), url, "utf-8").published == date(2024, 12, 21)
