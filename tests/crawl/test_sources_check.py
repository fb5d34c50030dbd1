"""`provind sources check`, URL validation, and a bad registry entry failing only what it concerns.

The command runs as a subprocess, as a person runs it: its output must name file, entry
and field, without a traceback, in well under a second.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from provind.crawl import sources_tasks
from provind.crawl.sources import (
    _PLAIN_CSS,
    SourceError,
    check_registry,
    domain_problem,
    enabled_sources,
    get_source,
    load_sources,
    url_problem,
    valid_sources,
)

PROVIND = str(Path(sys.executable).with_name("provind"))
ROOT = Path(__file__).resolve().parents[2]

GOOD = """\
sources:
  - name: good
    kind: news_list
    publisher: 某局
    region_code: "370100"
    start_urls: [http://a.gov.cn/list/]
"""
JINAN = """\
  - name: jinan-amr
    kind: news_list
    publisher: 济南市市场监督管理局
    region_code: "370100"
    start_urls: [{url}]
    enabled: {enabled}
"""


def _registry(tmp_path: Path, *, url: str, enabled: str = "true", name: str = "sources.yml") -> Path:
    """A registry of a valid entry `good` and a second entry `jinan-amr` whose start URL is `url`."""
    path = tmp_path / name
    path.write_text(GOOD + JINAN.format(url=url, enabled=enabled), "utf-8")
    return path


# The tests that run `provind sources check` as a process, as a person runs it: slow, not unit.
runs_the_command = pytest.mark.slow


def _check(*args: str, env: dict[str, str] | None = None) -> tuple[subprocess.CompletedProcess[str], float]:
    started = time.perf_counter()
    # subprocess.run waits for the child and kills it on timeout: nothing outlives the test.
    result = subprocess.run([PROVIND, "sources", "check", *args], capture_output=True, text=True, timeout=60, env=env)
    elapsed = time.perf_counter() - started
    assert "Traceback" not in result.stdout + result.stderr
    assert elapsed < 3, f"provind sources check took {elapsed:.2f} s"  # about 0.2 s here; 3 s for a busy machine
    return result, elapsed


@runs_the_command
def test_the_shipped_registry_is_ok():
    result, _ = _check(str(ROOT / "sources.yml"))
    assert result.returncode == 0, result.stdout
    registry = check_registry(ROOT / "sources.yml")
    enabled = sum(s.enabled for s in registry.sources)
    assert result.stdout.strip() == f"{ROOT / 'sources.yml'}: OK ({registry.entries} sources, {enabled} enabled)"
    assert registry.entries >= 20 and enabled == 2


@runs_the_command
@pytest.mark.parametrize(
    ("url", "needle"),
    [
        ("http://jnamr.jinan.gov.cn:879l/col/", "port '879l' is not a number"),
        ("'http://jnamr.jinan.gov.cn/col 20577/'", "contains a space at character 30"),
        ("ftp://jnamr.jinan.gov.cn/", "not an http(s) URL: scheme 'ftp'"),
        ("http:///col/", "no host"),
        ("jnamr.jinan.gov.cn/col/", "no scheme"),
        ("http://jnamr.jinan.gov.cn:70000/", "port 70000 is out of range"),
        ("http://admin:secret@jnamr.jinan.gov.cn/", "credentials"),
        ("http://jnamr..jinan.gov.cn/", "not a valid host name"),
        ("http://300.1.1.1/", "not a valid IPv4 address"),
        ('"http://jnamr.jinan.gov.cn/\\tcol/"', "control character U+0009"),
    ],
)
def test_a_bad_url_is_reported_by_file_entry_and_field(tmp_path, url, needle):
    path = _registry(tmp_path, url=url)
    result, _ = _check(str(path))
    assert result.returncode == 1
    problem, summary = result.stdout.splitlines()
    assert problem.startswith(f"{path}: entry 2 (jinan-amr): field 'start_urls': start_urls[0] ")
    assert needle in problem
    assert summary == f"{path}: 1 error (2 sources, 2 enabled); the nightly fails the crawl of jinan-amr"
    # the pipeline's loader refuses the file with the same line ...
    with pytest.raises(SourceError) as error:
        load_sources(path)
    assert str(error.value) == problem
    # ... and the valid entry is still there for its own crawl
    assert get_source(path, "good").start_urls == ("http://a.gov.cn/list/",)


@runs_the_command
def test_a_broken_disabled_entry_is_a_warning_and_the_enabled_ones_still_load(tmp_path):
    path = _registry(tmp_path, url="http://jnamr.jinan.gov.cn:879l/col/", enabled="false")
    assert [s.name for s in enabled_sources(path)] == ["good"]
    assert [s.name for s in load_sources(path)] == ["good"]
    assert get_source(path, "good").name == "good"
    with pytest.raises(SourceError, match=r"entry 2 \(jinan-amr\).*879l"):
        get_source(path, "jinan-amr")
    assert sources_tasks.names_to_crawl(path) == ["good"]

    result, _ = _check(str(path))
    assert result.returncode == 0
    problem, summary = result.stdout.splitlines()
    assert problem.startswith(f"{path}: entry 2 (jinan-amr): field 'start_urls': ")
    assert "879l" in problem and "warning" in problem and "disabled" in problem
    assert summary == f"{path}: OK with 1 warning (2 sources, 1 enabled)"
    strict, _ = _check("--strict", str(path))
    assert strict.returncode == 1


def test_a_broken_enabled_entry_costs_only_its_own_crawl(tmp_path):
    path = _registry(tmp_path, url="http://jnamr.jinan.gov.cn:879l/col/")
    assert sources_tasks.names_to_crawl(path) == ["good", "jinan-amr"]  # one crawl task each
    assert get_source(path, "good").name == "good"
    with pytest.raises(SourceError, match="879l"):
        get_source(path, "jinan-amr")
    assert [s.name for s in valid_sources(path)] == ["good"]  # what land and reparse look sources up in


MANY = """\
  - {name: one, kind: news_list, publisher: x, region_code: "370100", start_urls: ["http://a.gov.cn/a b"]}
  - {name: two, kind: news_lst, publisher: x, region_code: "370100", start_urls: [http://b.gov.cn/], enabled: false}
  - {kind: news_list, publisher: x, region_code: "370100", start_urls: [http://c.gov.cn/]}
  - {name: good, kind: news_list, publisher: x, region_code: "370100", start_urls: [http://d.gov.cn/]}
  - {name: six, kind: news_list, publisher: x, region_code: "370100", start_urls: [http://e.gov.cn/],
     allowed_domains: ["http://e.gov.cn/"]}
"""


@runs_the_command
def test_every_entry_is_reported_in_file_order(tmp_path):
    path = tmp_path / "sources.yml"
    path.write_text(GOOD + MANY, "utf-8")
    result, _ = _check(str(path))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert [line.split(": field ")[0] for line in lines[:-1]] == [
        f"{path}: entry 2 (one)",
        f"{path}: entry 3 (two)",
        f"{path}: entry 4",
        f"{path}: entry 5 (good)",
        f"{path}: entry 6 (six)",
    ]
    assert "field 'kind'" in lines[1] and lines[1].endswith("the pipeline skips it)")
    assert "field 'name': is required" in lines[2]
    assert "field 'name': duplicate name (first at entry 1)" in lines[3]
    assert "field 'allowed_domains': allowed_domains[0] 'http://e.gov.cn/': a host name, not a URL" in lines[4]
    assert lines[-1].endswith("the nightly fails the crawl of one, entry-4, good, six")


@runs_the_command
def test_every_bad_url_of_an_entry_is_a_line(tmp_path):
    path = tmp_path / "sources.yml"
    path.write_text(
        GOOD.replace(
            "start_urls: [http://a.gov.cn/list/]",
            'start_urls: ["http://a.gov.cn:8o/", http://a.gov.cn/ok/, "ftp://a.gov.cn/"]\n'
            "    allowed_domains: [a.gov.cn, 'a.gov.cn:80']",
        ),
        "utf-8",
    )
    result, _ = _check(str(path))
    lines = result.stdout.splitlines()
    where = f"{path}: entry 1 (good): field "
    assert lines[:-1] == [
        where + "'start_urls': start_urls[0] 'http://a.gov.cn:8o/': port '8o' is not a number",
        where + "'start_urls': start_urls[2] 'ftp://a.gov.cn/': not an http(s) URL: scheme 'ftp'",
        where
        + "'allowed_domains': allowed_domains[1] 'a.gov.cn:80': a host name without a port (ports are not compared)",
    ]
    assert lines[-1] == f"{path}: 3 errors (1 source, 1 enabled); the nightly fails the crawl of good"
    with pytest.raises(SourceError) as error:
        get_source(path, "good")
    assert str(error.value).splitlines() == lines[:-1]


@runs_the_command
def test_default_file_is_provind_sources(tmp_path):
    path = _registry(tmp_path, url="ftp://jnamr.jinan.gov.cn/", name="elsewhere.yml")
    result, _ = _check(env={**os.environ, "PROVIND_SOURCES": str(path)})
    assert result.returncode == 1 and result.stdout.startswith(f"{path}: entry 2 (jinan-amr)")


@runs_the_command
@pytest.mark.parametrize(
    ("text", "needle"),
    [(None, "cannot read"), ("sources: [\n", "not valid YAML"), ("- name: x\n", "top-level 'sources:' list")],
)
def test_an_unusable_file_is_one_line(tmp_path, text, needle):
    path = tmp_path / "sources.yml"
    if text is not None:
        path.write_text(text, "utf-8")
    result, _ = _check(str(path))
    assert result.returncode == 1
    assert result.stdout.startswith(f"{path}: ") and needle in result.stdout
    with pytest.raises(Exception, match=needle) as error:  # the nightly's listing fails at once, not retried
        sources_tasks.names_to_crawl(path)
    assert type(error.value).__name__ == "AirflowFailException"


# ------------------------------------------------------------------ the validators themselves


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8765/news/",
        "https://data.stats.gov.cn/dg/website/publicrelease/web/external",
        "http://济南.gov.cn/新闻/",  # IDNA host, non-ASCII path: requests encodes both
        "HTTP://AMR.SHANDONG.GOV.CN/col/col76520/index.html?page=2#top",
        "http://[::1]:8080/",
        "http://amr.shandong.gov.cn./",
    ],
)
def test_good_urls(url):
    assert url_problem(url) is None


@pytest.mark.parametrize(
    ("url", "needle"),
    [
        ("http://a.gov.cn:/", "empty port"),
        ("http://a.gov.cn:0/", "out of range"),
        ("http://a.gov.cn:８０/", "not a number"),  # full-width digits
        ("http://a.gov.cn/\u200bx", "U+200B"),  # an invisible zero-width space pasted from a page
        ("http://a.gov.cn\u3000/", "U+3000"),  # an ideographic space
        ("http://-a.gov.cn/", "hyphen"),
        ("http://a_b.gov.cn/", "not a valid host name"),
        ("http://[::1/", "not a URL"),
        ("http://[::g]/", "IPv6"),
        ("mailto:x@a.gov.cn", "scheme 'mailto'"),
        ("http://user@a.gov.cn/", "credentials"),
    ],
)
def test_bad_urls(url, needle):
    problem = url_problem(url)
    assert problem is not None and needle in problem


def test_domains():
    assert domain_problem("amr.shandong.gov.cn") is None
    assert domain_problem("127.0.0.1") is None
    assert domain_problem("济南.gov.cn") is None
    assert "not a URL" in (domain_problem("http://amr.shandong.gov.cn") or "")
    assert "without a port" in (domain_problem("amr.shandong.gov.cn:80") or "")
    assert "space" in (domain_problem("amr shandong.gov.cn") or "")
    assert "not a valid host name" in (domain_problem("*.shandong.gov.cn") or "")


# ------------------------------------------------------------------ the nightly's crawl and list tasks


@pytest.fixture(scope="module")
def nightly():
    from airflow.dag_processing.dagbag import DagBag

    bag = DagBag(dag_folder=str(ROOT / "dags" / "provind_nightly.py"))
    assert bag.import_errors == {}
    return bag.dags["provind_nightly"]


@pytest.mark.slow  # parses the nightly DAG with Airflow's DagBag
def test_the_crawl_task_fails_a_broken_entry_at_once_without_retry(nightly, tmp_path, monkeypatch):
    from airflow.sdk.exceptions import AirflowFailException  # airflow.exceptions' is a deprecated alias
    from airflow.sdk.execution_time.context import set_current_context

    path = _registry(tmp_path, url="http://jnamr.jinan.gov.cn:879l/col/")
    monkeypatch.setenv("PROVIND_SOURCES", str(path))
    monkeypatch.setenv("PROVIND_DATA_DIR", str(tmp_path / "data"))
    assert nightly.get_task("list_sources").python_callable() == [["good", "jinan-amr"]]  # one batch, two hosts
    crawl = nightly.get_task("crawl").python_callable
    started = time.perf_counter()
    with set_current_context({"run_id": "manual__test"}), pytest.raises(AirflowFailException) as error:
        crawl(["jinan-amr"])  # a batch whose only source is the broken entry
    assert time.perf_counter() - started < 1
    message = str(error.value)
    assert f"{path}: entry 2 (jinan-amr): field 'start_urls'" in message and "port '879l'" in message
    assert error.value.__cause__ is None and error.value.__suppress_context__  # the message, not a chain

    path.write_text("sources: [\n", "utf-8")
    with pytest.raises(AirflowFailException, match="not valid YAML"):
        nightly.get_task("list_sources").python_callable()


def test_other_errors_keep_their_retries():
    with pytest.raises(OSError), sources_tasks.failing_at_once():
        raise OSError("a disk error may pass")


# ------------------------------------------------------------------ the CSS fast path


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="abcZ_-1#.* >+~,\t\x0c:", max_size=12))
def test_what_the_fast_path_takes_for_plain_css_soupsieve_compiles(selector):
    import soupsieve

    plain = bool(_PLAIN_CSS.fullmatch(selector))
    event(f"plain css: {plain}")  # --hypothesis-show-statistics: about one in ten is
    if plain:
        soupsieve.compile(selector)  # raises when the fast path lets a bad selector through


@pytest.mark.parametrize("selector", ["a >", "#1a", "ul..x", "a,,b", "a >> b", "div[[["])
def test_a_broken_selector_is_not_plain_css(selector):
    assert not _PLAIN_CSS.fullmatch(selector)
