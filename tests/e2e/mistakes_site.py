"""A bureau site whose articles carry the mistakes real bureau pages carry, among good figures.

Three bureaus of Shandong publish on one host, each under its own column (its own
source in `sources.yml`): the provincial statistics bureau, 日照 and 济南. Every
article mixes correct figures with at most one or two bad ones; `BAD` names the
quote of each bad figure and the check that must hold it back. The figures that
are right are real (Shandong's 2023 statistics communiqués) or plausible beside them.

Served by `MistakesSite` on 127.0.0.1 for the end-to-end tests; `second_night()`
adds an unrelated later article, to show that nothing published is withdrawn for it.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass(frozen=True)
class Page:
    bureau: str  # the column (source) that lists it
    number: int
    title: str
    published: date
    paragraphs: tuple[str, ...]

    @property
    def path(self) -> str:
        return f"/{self.bureau}/art_{self.number}.html"


# source name -> (column path, publisher, region code)
BUREAUS = {
    "sd-stats": ("sd", "山东省统计局", "370000"),
    "rizhao-amr": ("rz", "日照市市场监督管理局", "371100"),
    "jinan-amr": ("jn", "济南市市场监督管理局", "370100"),
}

PAGES = [
    Page(
        "sd",
        1,
        "2023年山东省国民经济和社会发展统计公报",
        date(2024, 3, 1),
        (
            "初步核算，2023年全省地区生产总值92068.7亿元，比上年增长6.0%。",
            "分市看，济南市地区生产总值12757.4亿元，青岛市地区生产总值15760.3亿元，烟台市地区生产总值10162.5亿元，"
            "潍坊市地区生产总值7606.1亿元，临沂市地区生产总值6105.2亿元，淄博市地区生产总值4561.8亿元，"
            "济宁市地区生产总值5516.2亿元。",
            "全年全省新登记市场主体150.2万户，比上年增长8.3%。",
        ),
    ),
    Page(
        "rz",
        1,
        "日照市2023年经济运行情况",
        date(2024, 1, 25),
        (
            # 万亿元 for 亿元: ten thousand times the real 2,400 亿元, above the whole province
            "2023年，日照市地区生产总值7606.1万亿元，比上年增长6.3%。",
            "全市社会消费品零售总额902.6亿元，增长7.2%；一般公共预算收入171.3亿元，增长5.1%。",
        ),
    ),
    Page(
        "rz",
        2,
        "日照市2023年市场监管工作综述",
        date(2024, 2, 2),
        (
            "2023年，全市新登记市场主体4.6万户，同比增长10.2%。",
            "全市网络交易额同比增长5000%。",
            "全年完成食品安全抽检8652批次，抽检合格率97.6%。",
        ),
    ),
    Page(
        "rz",
        3,
        "日照市食品安全监督抽检情况通报",
        date(2024, 5, 10),
        (
            "2024年1-4月，全市完成食品安全监督抽检3250批次，合格率97.8%。",
            # a half-year that had not happened by 10 May
            "2024年上半年，全市食品安全监督抽检合格率98.5%。",
        ),
    ),
    Page(
        "jn",
        1,
        "济南市2023年市场主体发展情况",
        date(2024, 2, 5),
        (
            "2023年，济南市新登记市场主体18.6万户，同比增长9.8%。",
            # 莱芜市 was abolished in 2019 and split between two districts of 济南: no single successor
            "2023年，莱芜市新登记市场主体2.3万户，同比增长12.5%。",
            "全市市场主体总量达到142.3万户，同比增长6.6%。",
        ),
    ),
    Page(
        "jn",
        2,
        "济南市2023年知识产权工作情况",
        date(2024, 2, 20),
        (
            # a part larger than its whole: 济南's new registrations above the province's 150.2万户
            "2023年，济南市新登记市场主体1860万户。",
            "全市发明专利授权量1.3万件，增长21.4%；每万人口高价值发明专利拥有量25.6件。",
        ),
    ),
]

# quote (a substring of the figure's quote) -> the kind of mistake; every other figure is good
BAD = {
    "7606.1万亿元": "scale slip: 万亿 for 亿",
    "增长5000%": "impossible growth",
    "合格率98.5%": "a result for a period after the publication date",
    "主体2.3万户": "a city abolished years before the figure",
    "1860万户": "a part larger than its whole",
}

SECOND_NIGHT = Page(
    "sd",
    2,
    "2024年一季度山东经济运行情况",
    date(2024, 4, 20),
    ("一季度，全省地区生产总值22566.6亿元，同比增长6.1%。",),
)


def render_article(page: Page) -> str:
    body = "".join(f"<p>{escape(p)}</p>" for p in page.paragraphs)
    publisher = next(p for column, p, _ in BUREAUS.values() if column == page.bureau)
    return f"""<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">
<title>{escape(page.title)}_{escape(publisher)}</title></head><body>
<div class="nav"><a href="/">首页</a> | <a href="/{page.bureau}/">工作动态</a></div>
<h1>{escape(page.title)}</h1>
<div class="info"><span>发布时间：{page.published.isoformat()}</span><span>来源：{escape(publisher)}</span></div>
<div class="TRS_Editor">{body}</div>
</body></html>"""


def render_list(column: str, pages: list[Page]) -> str:
    items = "".join(
        f'<li><a href="{p.path}">{escape(p.title)}</a><span>{p.published.isoformat()}</span></li>'
        for p in sorted(pages, key=lambda p: p.published, reverse=True)
        if p.bureau == column
    )
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>工作动态</title></head>
<body><ul class="news-list">{items}</ul></body></html>"""


class MistakesSite:
    """The site on 127.0.0.1 in a thread of the test process; `stop()` shuts it down."""

    def __init__(self) -> None:
        self.pages = list(PAGES)
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                path = self.path.split("?")[0]
                if path == "/robots.txt":
                    return self._send("User-agent: *\nAllow: /\n", "text/plain")
                for column, _, _ in BUREAUS.values():
                    if path == f"/{column}/":
                        return self._send(render_list(column, site.pages))
                page = next((p for p in site.pages if p.path == path), None)
                if page is None:
                    self.send_error(404)
                    return None
                return self._send(render_article(page))

            def _send(self, text: str, content_type: str = "text/html") -> None:
                body = text.encode("utf-8")
                self.send_response(200)
                self.send_header("Content-Type", f"{content_type}; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def second_night(self) -> None:
        self.pages.append(SECOND_NIGHT)

    def sources(self) -> dict:
        """The `sources.yml` registry of the three bureaus."""
        return {
            "sources": [
                {
                    "name": name,
                    "kind": "news_list",
                    "publisher": publisher,
                    "region_code": code,
                    "start_urls": [f"{self.url}/{column}/"],
                    "selectors": {"list_links": "ul.news-list li a"},
                    "rate_limit": 0,
                    "allow_private": True,
                    "enabled": True,
                    "verified": True,
                }
                for name, (column, publisher, code) in BUREAUS.items()
            ]
        }

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
