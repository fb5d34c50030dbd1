"""Raw tables are keyed by content, so loading twice changes nothing."""

from __future__ import annotations

from provind import warehouse


def test_key_is_stable_and_content_based():
    assert warehouse.key("u", "h") == warehouse.key("u", "h")
    assert warehouse.key("u", "h") != warehouse.key("u", "h2")
    assert len(warehouse.key("x")) == 16


def test_insert_ignore_is_idempotent(tmp_path):
    row = {
        "fetch_id": "f1",
        "run_id": "r",
        "source": "demo",
        "url": "http://x/",
        "kind": "list",
        "fetched_at": "2024-01-01 00:00:00",
        "http_status": 200,
        "outcome": "ok",
        "error": None,
        "attempts": 1,
        "bytes": 3,
        "content_hash": "h",
    }
    with warehouse.connect(tmp_path / "w.duckdb") as con:
        assert warehouse.insert_ignore(con, "raw.fetch_log", [row]) == 1
        assert warehouse.insert_ignore(con, "raw.fetch_log", [row]) == 0
        assert warehouse.table_counts(con, "raw")["fetch_log"] == 1
