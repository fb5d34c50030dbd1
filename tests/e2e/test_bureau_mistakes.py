"""The mistakes bureaus really make, served over HTTP and run through the nightly DAG: none is published.

Each bad figure of `mistakes_site.BAD` must be held in `meta.quarantine` with a reason
a person can read, absent from the fact table and from every BI mart, while at least
90 % of the good figures beside them are published. A second night brings an
unrelated later article: nothing published the first night is withdrawn for it.
"""

from __future__ import annotations

import subprocess

import duckdb
import pytest
import yaml

from tests.conftest import ROOT, pipeline_env, run_dag
from tests.e2e.mistakes_site import BAD, MistakesSite

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(1200)]

BI_MARTS = ("mart_city_comparison", "mart_latest_indicator_value", "mart_indicator_time_series")


@pytest.fixture(scope="module")
def night(tmp_path_factory) -> dict:
    base = tmp_path_factory.mktemp("mistakes")
    site = MistakesSite()
    sources = base / "sources.yml"
    sources.write_text(yaml.safe_dump(site.sources(), allow_unicode=True), encoding="utf-8")
    env = pipeline_env(base / "data", base / "airflow", site.url)
    env["PROVIND_SOURCES"] = str(sources)
    setup = subprocess.run([str(ROOT / "scripts/airflow-setup.sh")], env=env, capture_output=True, text=True)
    assert setup.returncode == 0, setup.stdout + setup.stderr
    try:
        result = run_dag(env)
        assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-5000:]
        yield {"env": env, "data": base / "data", "site": site}
    finally:
        site.stop()


def published_quotes(data) -> list[str]:
    with duckdb.connect(str(data / "marts.duckdb"), read_only=True) as con:
        return [q for (q,) in con.execute("SELECT quote FROM marts.marts.fct_indicator_observation").fetchall()]


def bad_marker(quote: str) -> str | None:
    return next((marker for marker in BAD if marker in quote), None)


def test_no_bad_figure_is_published_and_each_is_held_with_a_reason(night):
    data = night["data"]
    assert not [q for q in published_quotes(data) if bad_marker(q)], "a bad figure reached the fact table"
    with duckdb.connect(str(data / "marts.duckdb"), read_only=True) as con:
        for mart in BI_MARTS:
            columns = [c for (c,) in con.execute(f"SELECT column_name FROM (DESCRIBE marts.marts.{mart})").fetchall()]
            if "quote" in columns:
                quotes = [q for (q,) in con.execute(f"SELECT quote FROM marts.marts.{mart}").fetchall()]
                assert not [q for q in quotes if q and bad_marker(q)], f"a bad figure reached {mart}"
        # the 万/亿 slip would rank first among the cities: the first is a real city's real GDP
        top = con.execute(
            "SELECT max(value) FROM marts.marts.fct_indicator_observation f"
            " JOIN marts.marts.dim_indicator i USING (indicator_key) WHERE i.indicator_code = 'gdp'"
        ).fetchone()[0]
        assert top is not None and top <= 92068.7e8
        held = con.execute("SELECT quote, check_name, reason FROM meta.quarantine WHERE released_at IS NULL").fetchall()
    for marker, mistake in BAD.items():
        rows = [(check, reason) for quote, check, reason in held if quote and marker in quote]
        assert rows, f"{mistake} ({marker}) is not in meta.quarantine: {held}"
        assert all(reason and len(reason) > 15 for _, reason in rows), rows


def test_the_good_figures_beside_them_are_published(night):
    data = night["data"]
    with duckdb.connect(str(data / "warehouse.duckdb"), read_only=True) as con:
        extracted = [q for (q,) in con.execute("SELECT quote FROM raw.mentions").fetchall()]
    good = [q for q in extracted if not bad_marker(q)]
    published = set(published_quotes(data))
    share = sum(q in published for q in good) / len(good)
    assert len(good) >= 25, good
    assert share >= 0.9, f"{share:.0%} of good figures published; missing: {[q for q in good if q not in published]}"


def test_an_unrelated_later_article_withdraws_nothing(night):
    before = set(published_quotes(night["data"]))
    night["site"].second_night()
    result = run_dag(night["env"])
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-5000:]
    after = set(published_quotes(night["data"]))
    assert before <= after, f"withdrawn: {before - after}"
    assert any("22566.6亿元" in q for q in after), "the new article is published"
