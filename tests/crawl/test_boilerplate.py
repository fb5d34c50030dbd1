"""A landed body that is the site's navigation, header or footer is flagged (raw_articles.body_not_boilerplate)."""

from __future__ import annotations

import pytest

from provind.crawl.article_body import looks_like_boilerplate
from provind.textprep import clean_text
from provind_expectations.runner import validate

BOILERPLATE = [
    "欢迎访问德州市统计局网站 | 无障碍浏览 | 长者模式 | 繁體版 | 网站地图\n"
    "首页 | 政务公开 | 统计数据 | 统计执法 | 互动交流",
    "主办单位：德州市统计局 地址：德州市德城区三八中路 电话：0534-2688000 鲁ICP备12345678号 网站标识码：3714000012",
    "首页\n机构概况\n政务公开\n统计数据\n统计分析\n互动交流",  # a bare menu: no furniture phrase, no sentence
    "当前位置：首页 > 统计数据 > 月度数据\n【打印本页】【关闭窗口】",
]
ARTICLES = [
    "2024年全市共检查统计调查对象126家，立案查处统计违法案件8起，已全部依法结案。",  # one short sentence
    "1-10月，全县规上工业增加值增长5.1%。",
    # an article that carries a share bar and a footer is still an article
    "前三季度，全市地区生产总值5762亿元，同比增长5.8%。\n【打印本页】【关闭窗口】\n版权所有：潍坊市统计局",
    # a statistics table's text: short cells, no sentence, but figures
    "指标\n单位\n绝对数\n比上年增长\n地区生产总值\n亿元\n5762.1\n5.8\n第一产业\n亿元\n512.3\n3.8",
    "",
]


@pytest.mark.parametrize("text", BOILERPLATE)
def test_navigation_headers_and_footers_are_boilerplate(text):
    assert looks_like_boilerplate(text)
    assert looks_like_boilerplate(clean_text(text))  # the gate reads clean_text


@pytest.mark.parametrize("text", ARTICLES)
def test_articles_are_not_boilerplate_however_short(text):
    assert not looks_like_boilerplate(text)


@pytest.mark.slow  # runs the raw_articles suite through Great Expectations
def test_raw_articles_suite_warns_on_a_navigation_body():
    import pandas as pd  # here, not at the top: the unit tests above need none of it

    texts = [ARTICLES[0], BOILERPLATE[0]]
    articles = pd.DataFrame(
        {
            "article_id": ["a1", "a2"],
            "url": ["http://x/1.html", "http://x/2.html"],
            "title": ["关于2024年统计执法检查的通报", "关于2024年统计执法检查的通报"],
            "published": [pd.Timestamp("2024-12-20")] * 2,
            "content_hash": ["h1", "h2"],
            "clean_text": [clean_text(t) for t in texts],
            "source": ["dezhou", "dezhou"],
        }
    )
    articles["body_is_boilerplate"] = articles["clean_text"].map(looks_like_boilerplate).astype(bool)
    result = validate("raw_articles", articles)
    outcome = next(o for o in result.outcomes if o.name == "body_not_boilerplate")
    assert outcome.level == "warn" and not outcome.success and outcome.unexpected_count == 1
    assert all(o.success for o in result.outcomes if o.name != "body_not_boilerplate")
