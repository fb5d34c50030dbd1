"""The source registry: the shipped file, and errors that name file, entry and field."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from provind.sources import SourceError, enabled_sources, expand_vars, get_source, load_sources

REGISTRY = Path(__file__).resolve().parents[2] / "sources.yml"
CITY_CODES = {
    "370100", "370200", "370300", "370400", "370500", "370600", "370700", "370800",
    "370900", "371000", "371100", "371300", "371400", "371500", "371600", "371700",
}  # fmt: skip


def test_shipped_registry_loads(monkeypatch):
    monkeypatch.delenv("PROVIND_DEMO_URL", raising=False)
    sources = load_sources(REGISTRY)
    assert [s.name for s in enabled_sources(REGISTRY)] == ["demo"]
    demo = get_source(REGISTRY, "demo")
    assert demo.start_urls == ("http://127.0.0.1:8765/news/",)
    assert demo.allowed_domains == ("127.0.0.1",)
    assert demo.allow_private and demo.region_code == "370000"
    assert demo.publisher == "山东省市场监督管理局 (demo)"
    real = [s for s in sources if s.name != "demo"]
    assert all(not s.enabled and not s.verified and not s.allow_private for s in real)
    assert {s.region_code for s in real} >= CITY_CODES
    kinds = {s.kind for s in real if s.region_code == "370000"}
    assert {"news_list", "statistics_release"} <= kinds


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
    path = _write(tmp_path, GOOD.replace(replace, by))
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
