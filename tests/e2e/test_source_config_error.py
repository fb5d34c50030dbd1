"""A typo in sources.yml fails its own entry's crawl at once, without retries; the others are published."""

from __future__ import annotations

import sqlite3

import duckdb
import pytest
import yaml

from tests.conftest import ROOT, demo_article_count, night_with_registry

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(900)]


def test_a_typo_costs_its_own_crawl_task_once(tmp_path):
    registry = yaml.safe_load((ROOT / "sources.yml").read_text(encoding="utf-8"))
    demo = next(s for s in registry["sources"] if s["name"] == "demo")
    demo_nbs = next(s for s in registry["sources"] if s["name"] == "demo-nbs")
    typo = {**demo, "name": "typo", "start_urls": ["http://127.0.0.1:879l/news/"]}
    disabled = {**demo, "name": "later", "kind": "news_lst", "enabled": False}
    result = night_with_registry(tmp_path, {"sources": [demo, demo_nbs, typo, disabled]})
    sources = tmp_path / "sources.yml"

    output = result.stdout + result.stderr
    assert result.returncode != 0, "the run reports the broken entry by failing"
    assert f"{sources}: entry 3 (typo): field 'start_urls': start_urls[0]" in output
    assert "port '879l' is not a number" in output and "AirflowFailException" in output
    assert "skipping a disabled entry" in output and "entry 4 (later)" in output  # a warning, nothing more

    with sqlite3.connect(tmp_path / "airflow" / "airflow.db") as con:
        crawls = con.execute(
            "SELECT map_index, state, try_number FROM task_instance WHERE task_id = 'crawl'"
        ).fetchall()
    # One crawl task for the batch of all three (two hosts): it fails for the typo, after crawling
    # the others, and at once: one try only.
    assert sorted(crawls) == [(0, "failed", 1)]
    with duckdb.connect(str(tmp_path / "data" / "marts.duckdb"), read_only=True) as con:
        articles = con.execute("SELECT count(*) FROM marts.marts.dim_article").fetchone()[0]
    assert articles == demo_article_count(), "the valid sources were landed and published"
