"""One broken source fails its own crawl task and is reported; the other sources land and are published."""

from __future__ import annotations

import socket

import duckdb
import pytest
import yaml

from tests.conftest import ROOT, demo_article_count, night_with_registry

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(900)]


def closed_port() -> int:
    """A loopback port nothing listens on: connections are refused at once."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_broken_source_does_not_cost_the_others_their_night(tmp_path):
    registry = yaml.safe_load((ROOT / "sources.yml").read_text(encoding="utf-8"))
    demo = next(s for s in registry["sources"] if s["name"] == "demo")
    demo_nbs = next(s for s in registry["sources"] if s["name"] == "demo-nbs")
    broken = {
        **demo,
        "name": "broken",
        "publisher": "a bureau whose site is down",
        "start_urls": [f"http://127.0.0.1:{closed_port()}/news/"],
    }
    result = night_with_registry(tmp_path, {"sources": [demo, demo_nbs, broken]})

    output = result.stdout + result.stderr
    assert result.returncode != 0, "the run reports the broken source by failing"
    assert "SourceUnreachable" in output and "source broken" in output
    with duckdb.connect(str(tmp_path / "data" / "marts.duckdb"), read_only=True) as con:
        articles = con.execute("SELECT count(*) FROM marts.marts.dim_article").fetchone()[0]
        warned = con.execute(
            "SELECT count(*) FROM meta.gate_results WHERE check_name = 'source_list_reachable' AND NOT success"
        ).fetchone()[0]
    assert articles == demo_article_count(), "the healthy sources were landed and published"
    assert warned == 1
    with duckdb.connect(str(tmp_path / "data" / "warehouse.duckdb"), read_only=True) as con:
        errors = con.execute(
            "SELECT count(*) FROM raw.fetch_log WHERE source = 'broken' AND outcome = 'error'"
        ).fetchone()[0]
    assert errors >= 1, "the failed fetches are in the fetch log with their reason"
