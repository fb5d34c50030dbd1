"""The embedded bureau site: layout, encodings, conditional requests, robots.txt, the statistics API, the command."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import requests

from provind.demo_site.pages import load_articles

PROVIND = str(Path(sys.executable).with_name("provind"))
ARTICLE_002 = "news/002_c9012b9b6f9cd57c.html"


def test_list_pages_paginate_newest_first_two_per_page(demo):
    pages = [requests.get(demo.url + path) for path in ("news/", "news/index_2.html", "news/index_3.html")]
    assert [p.status_code for p in pages] == [200, 200, 200]
    order = [
        "000_75e68aafbc592f63",
        "tjgb_2023_shandong",
        "001_1a913e94a34a81a7",
        "004_ab2a4a60be775138",
        "003_a932931f13d09aac",
        "002_c9012b9b6f9cd57c",
    ]
    text = "".join(p.text for p in pages)
    positions = [text.index(f"/news/{stem}.html") for stem in order]
    assert positions == sorted(positions)
    assert "2024-08-14" in pages[0].text and "2024-03-01" in pages[0].text
    assert "下一页" in pages[0].text and "下一页" not in pages[2].text
    assert requests.get(demo.url + "news/index_4.html").status_code == 404


def test_every_article_page_is_served(demo):
    for article in load_articles():
        response = requests.get(demo.url + article.path.lstrip("/"))
        assert response.status_code == 200, article.path
        assert response.headers["Content-Type"].startswith("text/html")


def test_portal_page_is_served_in_gbk(demo):
    response = requests.get(demo.url + ARTICLE_002)
    assert response.headers["Content-Type"] == "text/html; charset=gbk"
    body = response.content
    assert "济南市长清区市场监管局".encode("gbk") in body
    try:
        body.decode("utf-8")
        raise AssertionError("the portal page must not be UTF-8")
    except UnicodeDecodeError:
        pass
    html = body.decode("gb18030")
    assert 'id="zoom"' in html and "万人拥有发明量19.31件" in html
    assert "发布日期" not in html and "发布时间" not in html  # 002 has no publication date


def test_traditional_page_keeps_pinyin_glosses(demo):
    html = requests.get(demo.url + "news/003_a932931f13d09aac.html").text
    assert "質(zhì)量" in html and 'lang="zh-Hant"' in html


def test_blog_page_is_built_from_the_jekyll_html(demo):
    html = requests.get(demo.url + "news/004_ab2a4a60be775138.html").text
    assert "layout: post" not in html and "---" not in html
    assert '<h1 class="post-title p-name">开创山东市场监管工作新局面</h1>' in html
    assert 'datetime="2022-02-18T10:01:41+08:00"' in html
    assert '<a href="//finews.withounder.com/">返回首页</a>' in html


def test_epaper_page_has_edition_and_word_count(demo):
    html = requests.get(demo.url + "news/000_75e68aafbc592f63.html").text
    assert "当前版:03版" in html and "文章字数:2,381" in html and "发布日期: 2024年08月14日" in html


def test_etag_and_last_modified_give_304(demo):
    url = demo.url + ARTICLE_002
    first = requests.get(url)
    etag, last_modified = first.headers["ETag"], first.headers["Last-Modified"]
    by_etag = requests.get(url, headers={"If-None-Match": etag})
    assert by_etag.status_code == 304 and by_etag.content == b""
    by_date = requests.get(url, headers={"If-Modified-Since": last_modified})
    assert by_date.status_code == 304
    stale = requests.get(url, headers={"If-None-Match": '"other"', "If-Modified-Since": last_modified})
    assert stale.status_code == 200  # If-None-Match wins over If-Modified-Since
    older = requests.get(url, headers={"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"})
    assert older.status_code == 200 and older.content == first.content


def test_robots_txt_disallows_admin_and_sets_crawl_delay(demo):
    robots = requests.get(demo.url + "robots.txt")
    assert robots.status_code == 200
    assert "Disallow: /admin/" in robots.text and "Crawl-delay:" in robots.text
    assert requests.get(demo.url + "admin/").status_code == 403


def test_statistics_api_is_served_from_recordings_robots_allowing(demo):
    """The NBS release platform's four calls, under its own path, answered from recordings shipped in the package."""
    from provind.crawl.robots import RobotsTxt
    from provind.demo_site.nbs_api import DATA_DIR, PREFIX

    api = demo.url.rstrip("/") + PREFIX
    robots = RobotsTxt.parse(requests.get(demo.url + "robots.txt").content)
    assert robots.allowed(api + "/stream/esData")
    assert robots.allowed(api + "/new/queryIndicatorsByCid?cid=x")

    tree = requests.get(api + "/new/queryIndexTreeAsync", params={"pid": "", "code": 3})
    assert tree.headers["Content-Type"].startswith("application/json")
    assert tree.json()["data"][0]["_id"] == "fixture-root-annual"
    listing = requests.get(api + "/new/queryIndicatorsByCid", params={"cid": "fixture-cid-gdp", "dt": "", "name": ""})
    assert [i["i_showname"] for i in listing.json()["data"]["list"]] == ["国内生产总值", "国内生产总值增长率"]
    assert requests.get(api + "/getDasByDaCatalogId", params={"daCid": "fixture-area-catalog"}).json()["success"]

    payload = {"cid": "fixture-cid-gdp", "indicatorIds": ["fixture-ind-gdp"], "daCatalogId": "",
               "das": [{"text": "全国", "value": "000000000000"}], "showType": "1",
               "dts": ["2018YY-2023YY"], "rootId": "fixture-root-annual"}  # fmt: skip
    annual = requests.post(api + "/stream/esData", json=payload)
    assert annual.status_code == 200 and annual.content == (DATA_DIR / "esdata_gdp_annual.json").read_bytes()
    assert "国家统计局" in annual.json()["_provenance"], "real figures keep their provenance"
    unknown = requests.post(api + "/stream/esData", json={**payload, "dts": ["1990YY-1991YY"]})
    assert unknown.status_code == 200 and unknown.json()["success"] is False
    assert requests.post(demo.url + "news/", json=payload).status_code == 405


def test_statistics_api_recordings_are_the_adapter_test_answers():
    from provind.demo_site.nbs_api import DATA_DIR, ES_DATA_ANSWERS, GET_ANSWERS

    fixtures = Path(__file__).resolve().parent / "fixtures" / "nbs"
    served = {*ES_DATA_ANSWERS.values(), *(name for _, files in GET_ANSWERS.values() for name in files.values())}
    assert served == {p.name for p in DATA_DIR.glob("*.json")}
    for name in served:
        assert (DATA_DIR / name).read_bytes() == (fixtures / name).read_bytes(), name


def test_head_and_unknown_paths(demo):
    head = requests.head(demo.url + "news/")
    assert head.status_code == 200 and head.content == b"" and int(head.headers["Content-Length"]) > 0
    assert requests.get(demo.url + "nothing-here").status_code == 404


def test_command_prints_url_and_stops_cleanly_on_sigterm():
    process = subprocess.Popen(
        [PROVIND, "demo-site", "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        first_line = process.stdout.readline()
        assert first_line.startswith("serving on http://127.0.0.1:") and first_line.endswith("/\n")
        url = first_line.split()[-1]
        assert requests.get(url + "news/", timeout=5).status_code == 200
        os.kill(process.pid, signal.SIGTERM)
        assert process.wait(timeout=10) == 0
    finally:
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
            process.wait()
        process.stdout.close()
        process.stderr.close()


def test_command_refuses_non_loopback_host():
    result = subprocess.run(
        [PROVIND, "demo-site", "--host", "0.0.0.0", "--port", "0"], capture_output=True, text=True, timeout=30
    )
    assert result.returncode == 2
    assert "--public" in result.stderr
