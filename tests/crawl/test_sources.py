"""The source registry: the shipped file, and errors that name file, entry and field."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from provind.crawl.sources import SourceError, enabled_sources, expand_vars, get_source, load_sources

REGISTRY = Path(__file__).resolve().parents[2] / "sources.yml"
CITY_CODES = {
    "370100", "370200", "370300", "370400", "370500", "370600", "370700", "370800",
    "370900", "371000", "371100", "371300", "371400", "371500", "371600", "371700",
}  # fmt: skip


def test_shipped_registry_loads(monkeypatch):
    monkeypatch.delenv("PROVIND_DEMO_URL", raising=False)
    sources = load_sources(REGISTRY)
    assert [s.name for s in enabled_sources(REGISTRY)] == ["demo", "demo-nbs"]
    demo = get_source(REGISTRY, "demo")
    assert demo.start_urls == ("http://127.0.0.1:8765/news/",)
    assert demo.allowed_domains == ("127.0.0.1",)
    assert demo.allow_private and demo.region_code == "370000"
    assert demo.publisher == "山东省市场监督管理局 (demo)"
    nbs = get_source(REGISTRY, "demo-nbs")
    assert nbs.kind == "statistics_api" and nbs.api_kind and nbs.allow_private and nbs.region_code == "100000"
    assert nbs.start_urls == ("http://127.0.0.1:8765/dg/website/publicrelease/web/external",)
    assert [(q.cid, q.dts, q.indicators) for q in nbs.api] == [
        ("fixture-cid-gdp", ("2018YY-2023YY",), ()),
        ("fixture-cid-gdp-q", ("202401SS-202404SS",), ("fixture-ind-q",)),
    ]
    real = [s for s in sources if not s.name.startswith("demo")]
    assert all(not s.enabled and not s.verified and not s.allow_private for s in real)
    assert {s.region_code for s in real} >= CITY_CODES
    kinds = {s.kind for s in real if s.region_code == "370000"}
    assert {"news_list", "statistics_release"} <= kinds
    assert get_source(REGISTRY, "nbs-release-platform").api == ()  # its queries wait for someone to verify them


def test_demo_url_follows_the_environment(monkeypatch):
    monkeypatch.setenv("PROVIND_DEMO_URL", "http://127.0.0.1:9999")
    demo = get_source(REGISTRY, "demo")
    assert demo.start_urls == ("http://127.0.0.1:9999/news/",)


def test_expand_vars():
    env = {"A": "x", "EMPTY": ""}
    assert expand_vars("${A}/${B:-dflt}/${EMPTY:-e}", env) == "x/dflt/e"
    with pytest.raises(KeyError):
        expand_vars("${MISSING}", env)


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "sources.yml"
    path.write_text(textwrap.dedent(body), "utf-8")
    return path


GOOD = """\
sources:
  - name: ok
    kind: news_list
    publisher: 某局
    region_code: "370100"
    start_urls: [http://a.gov.cn/list/]
"""


@pytest.mark.parametrize(
    ("replace", "by", "field", "needle"),
    [
        ('region_code: "370100"', 'region_code: "3701"', "region_code", "six digits"),
        ("kind: news_list", "kind: weekly_blog", "kind", "must be one of"),
        ("    publisher: 某局\n", "", "publisher", "is required"),
        ("start_urls: [http://a.gov.cn/list/]", "start_urls: [ftp://a.gov.cn/]", "start_urls", "not an http"),
        ("kind: news_list", "kind: news_list\n    colour: red", "colour", "unknown field"),
        ("kind: news_list", "kind: news_list\n    enabled: maybe", "enabled", "true or false"),
        ("kind: news_list", "kind: news_list\n    rate_limit: -1", "rate_limit", "seconds"),
        ("kind: news_list", "kind: news_list\n    allowed_domains: [b.gov.cn]", "start_urls", "outside"),
        ("kind: news_list", "kind: news_list\n    selectors: {body: 'div[[['}", "selectors", "invalid CSS"),
        (
            "kind: news_list",
            "kind: news_list\n    selectors: {content: '#zoom'}",
            "selectors",
            "unknown selector",
        ),
        ("[http://a.gov.cn/list/]", '["${NO_SUCH_PROVIND_VAR}/list/"]', "start_urls", "NO_SUCH_PROVIND_VAR"),
    ],
)
def test_validation_errors_name_file_entry_and_field(tmp_path, replace, by, field, needle):
    assert_error_names_the_field(_write(tmp_path, GOOD.replace(replace, by)), field, needle)


def assert_error_names_the_field(path, field: str, needle: str) -> None:
    with pytest.raises(SourceError) as error:
        load_sources(path)
    message = str(error.value)
    assert str(path) in message and "entry 1 (ok)" in message and f"field '{field}'" in message
    assert needle in message


def test_duplicate_names_and_document_shape(tmp_path):
    twice = GOOD + GOOD.split("sources:\n", 1)[1]
    with pytest.raises(SourceError, match=r"entry 2 \(ok\): field 'name': duplicate"):
        load_sources(_write(tmp_path, twice))
    with pytest.raises(SourceError, match="top-level 'sources:' list"):
        load_sources(_write(tmp_path, "- name: x\n"))
    with pytest.raises(SourceError, match="not valid YAML"):
        load_sources(_write(tmp_path, "sources: [\n"))
    with pytest.raises(SourceError, match="cannot read"):
        load_sources(tmp_path / "missing.yml")
    with pytest.raises(SourceError, match="no source named 'nope'"):
        get_source(_write(tmp_path, GOOD), "nope")


def test_defaults(tmp_path):
    (source,) = load_sources(_write(tmp_path, GOOD))
    assert source.allowed_domains == ("a.gov.cn",)
    assert source.enabled and not source.verified and not source.allow_private
    assert source.rate_limit > 0
    assert source.allows_host("www.a.gov.cn") and not source.allows_host("evil-a.gov.cn")


API = """\
sources:
  - name: ok
    kind: statistics_api
    publisher: 国家统计局
    region_code: "100000"
    start_urls: [https://data.stats.gov.cn/dg/website/publicrelease/web/external]
    api:
      queries:
        - {cid: c1, root_id: r1, dts: [2018YY-2023YY]}
"""
QUERY = "{cid: c1, root_id: r1, dts: [2018YY-2023YY]}"


def test_api_queries(tmp_path):
    more = API.replace(
        QUERY, QUERY + "\n        - {cid: c2, root_id: r2, dts: 202403MM, indicators: [i1, i2], areas: ['370000']}"
    )
    first, second = load_sources(_write(tmp_path, more))[0].api
    assert (first.cid, first.root_id, first.dts, first.indicators, first.areas) == (
        "c1", "r1", ("2018YY-2023YY",), (), ()
    )  # fmt: skip
    assert (second.dts, second.indicators, second.areas) == (("202403MM",), ("i1", "i2"), ("370000",))
    disabled = API.replace("    api:\n      queries:\n        - " + QUERY + "\n", "    enabled: false\n")
    assert load_sources(_write(tmp_path, disabled))[0].api == ()  # filled in once someone has checked the platform


@pytest.mark.parametrize(
    ("replace", "by", "field", "needle"),
    [
        ("    api:\n      queries:\n        - " + QUERY + "\n", "", "api", "required for an enabled"),
        ("dts: [2018YY-2023YY]", "dts: [2023]", "api", "queries[1].dts: '2023' is no period code"),
        ("dts: [2018YY-2023YY]", "dts: []", "api", "queries[1].dts is required"),
        ("cid: c1, ", "", "api", "queries[1].cid must be a non-empty string"),
        ("cid: c1", "cid: c1, dt: x", "api", "queries[1]: unknown key 'dt'"),
        ("cid: c1", "cid: c1, areas: ['37']", "api", "not a six-digit region code"),
        ("      queries:\n        - " + QUERY, "      queries: []", "api", "non-empty list"),
        ("      queries:", "      query: 1\n      queries:", "api", "unknown key 'query'"),
        ("external]", "external, https://data.stats.gov.cn/other]", "start_urls", "exactly one start URL"),
        ("kind: statistics_api", "kind: news_list", "api", "only a source of kind statistics_api"),
    ],
)
def test_api_validation_errors_name_the_query(tmp_path, replace, by, field, needle):
    assert replace in API
    assert_error_names_the_field(_write(tmp_path, API.replace(replace, by)), field, needle)
