"""Government CMS templates crawled over real HTTP: what lands is what the bureau published.

Each fixture under fixtures/templates/ is a page modelled on a real CMS
template (TRS WCM table layouts, 大汉 Hanweb, 政务云, Founder e-papers). The
fixtures are stored as UTF-8 and encoded on the wire as the case says, with
the Content-Type header the case says (which may lie). The pages are crawled
with `crawl_source` from a list page, exactly as a nightly crawl lands them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from provind.crawl.article_body import looks_like_boilerplate
from provind.crawl.client import PoliteClient
from provind.crawl.site import crawl_source
from provind.crawl.sources import Source

from .conftest import fast_config, send

FIXTURES = Path(__file__).parent / "fixtures" / "templates"
NAV_BAR = ("欢迎访问", "无障碍", "长者模式", "设为首页", "版权所有", "Copyright", "ICP备")


@dataclass(frozen=True)
class Case:
    fixture: str
    encoding: str  # how the page's bytes are encoded on the wire
    content_type: str  # the header the server sends
    title: str
    published: date
    sentence: str  # a sentence of the article: the body must hold it
    not_in_body: tuple[str, ...] = ()

    @property
    def path(self) -> str:
        return f"/art/{self.fixture}-{self.encoding}-{abs(hash(self.content_type)) % 1000}.html"


CASES = [
    Case(
        "trs_table_empty_title", "gbk", "text/html",
        "全省农业生产形势稳中向好", date(2024, 12, 20), "粮食总产量达到1125.6亿斤，比上年增加8.2亿斤",
        ("打印本页", "当前位置", "11月份全省工业生产"),
    ),
    Case(
        "gbk_no_charset", "gbk", "text/html",  # no charset in the header, no <meta>: GBK bytes
        "1-10月份全省规模以上工业增加值增长5.2%", date(2024, 11, 22),
        "1-10月份，全省规模以上工业增加值同比增长5.2%，增速比1-9月份加快0.1个百分点。",
        ("信息来源",),
    ),
    Case(
        "gbk_sparse_no_charset", "gbk", "text/html",  # little Chinese in much CSS: charset-normalizer says cp949
        "图解：1-10月德清县经济", date(2024, 11, 20), "全县工业增长5.1%。",
    ),
    Case(
        "header_lies", "gbk", "text/html; charset=utf-8",  # GBK bytes the header calls UTF-8
        "2024年前三季度全省居民收入和消费支出情况", date(2024, 10, 25), "全市居民人均可支配收入42357元",
        ("您现在的位置",),
    ),
    Case(
        "header_lies", "gbk", "text/html; charset=ISO-8859-1",  # a server default over GBK bytes
        "2024年前三季度全省居民收入和消费支出情况", date(2024, 10, 25), "全市居民人均可支配收入42357元",
    ),
    Case(
        "hanweb_meta_date", "utf-8", "text/html;charset=UTF-8",  # the date is only in <meta name="PubDate">
        "青岛市11月份经济运行情况", date(2024, 12, 18), "社会消费品零售总额增长4.1%",
        ("相关信息", "10月份经济运行情况", "字号"),
    ),
    Case(
        "source_line_date", "utf-8", "text/html",  # 来源：新华社 作者： 2023-12-01 14:43
        "国家统计局：11月份国民经济运行稳中有进", date(2023, 12, 1), "全国规模以上工业增加值同比增长6.6%",
        ("相关新闻", "前三季度国民经济回升向好", "政务服务"),
    ),
    Case(
        "epaper_enpproperty", "utf-8", "text/html",  # the date is only in the enpproperty comment
        "全省规上工业增加值增长7.3%", date(2023, 12, 1), "全省规模以上工业增加值同比增长7.3%，高于全国2.7个百分点",
        ("第02版",),
    ),
    Case(
        "title_site_suffix", "utf-8", "text/html",  # <title>…--潍坊市统计局</title>, 日期：２０２４年１０月２１日
        "2024年前三季度全省经济运行情况", date(2024, 10, 21), "全市地区生产总值5762亿元",
    ),
    Case(
        "short_table_nav", "gbk", "text/html",  # one sentence in a <td>, below a navigation bar
        "关于2024年统计执法检查的通报", date(2024, 12, 20), "立案查处统计违法案件8起，已全部依法结案。",
        ("网站地图", "统计执法</", "首页", "主办单位"),
    ),
    Case(
        "zwy_date_under_title", "utf-8", "text/html",  # a bare 2024.12.12 right under the headline
        "临沂市2024年11月份居民消费价格同比上涨0.3%", date(2024, 12, 12), "全市居民消费价格同比上涨0.3%，环比下降0.4%",
        ("推荐阅读", "微博", "您的位置", "10月份居民消费价格"),
    ),
]  # fmt: skip


def _page(case: Case) -> bytes:
    return (FIXTURES / f"{case.fixture}.html").read_text("utf-8").encode(case.encoding)


@pytest.fixture(scope="module")
def landed(scripted_module, tmp_path_factory):
    """Every case crawled (once for the module) from one list page of a loopback site: {path: FetchRecord}."""
    links = "".join(f'<li><a href="{c.path}">{c.fixture} {c.encoding} 文章标题</a></li>' for c in CASES)
    routes = {"/list/": lambda h: send(h, 200, f"<html><body><ul>{links}</ul></body></html>".encode())}
    for case in CASES:
        routes[case.path] = lambda h, c=case: send(h, 200, _page(c), **{"Content-Type": c.content_type})
    site = scripted_module(routes)
    source = Source(
        name="templates", kind="news_list", publisher="模板 (test)", region_code="370000",
        start_urls=(site.url + "list/",), allowed_domains=("127.0.0.1",), rate_limit=0.0, allow_private=True,
    )  # fmt: skip
    with PoliteClient(fast_config()) as client:
        records = list(crawl_source(source, tmp_path_factory.mktemp("templates"), client))
    return {r.url.removeprefix(site.url.rstrip("/")): r for r in records if r.kind == "article"}


def _ids(case: Case) -> str:
    return f"{case.fixture}[{case.content_type}]"


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_title_date_and_body_of_each_template(landed, case):
    record = landed[case.path]
    assert record.outcome == "ok", record.error
    article = record.article
    assert article.title == case.title
    assert article.published == case.published
    assert case.sentence in article.body_text
    for unwanted in (*NAV_BAR, *case.not_in_body):
        assert unwanted not in article.body_text, (unwanted, article.body_text)
    assert not looks_like_boilerplate(article.body_text)


def test_gbk_pages_are_read_as_gb18030_whatever_the_header_says(landed):
    for case in CASES:
        if case.encoding == "gbk":
            assert landed[case.path].article.encoding == "gb18030", case


def test_a_short_article_in_a_table_layout_is_its_sentence_not_the_navigation(landed):
    case = next(c for c in CASES if c.fixture == "short_table_nav")
    assert (
        landed[case.path].article.body_text
        == "2024年全市共检查统计调查对象126家，立案查处统计违法案件8起，已全部依法结案。"
    )
