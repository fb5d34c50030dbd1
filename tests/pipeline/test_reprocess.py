"""`provind reprocess` re-parses stored pages and re-extracts, with the site gone."""

from __future__ import annotations

import duckdb
import pytest

from tests.conftest import demo_article_count, demo_pipeline_env

# crawls, lands and extracts the whole demo night in process
pytestmark = pytest.mark.slow


def test_reparse_and_reextract_from_raw_pages_without_the_network(tmp_path, monkeypatch):
    from provind import pipeline

    data = tmp_path / "data"
    with demo_pipeline_env(data):
        pass  # the demo site is stopped here: what follows cannot use the network
    warehouse = data / "warehouse.duckdb"
    with duckdb.connect(str(warehouse)) as con:
        before = con.execute("SELECT count(*) FROM raw.mentions").fetchone()[0]
        texts = dict(con.execute("SELECT article_id, body_text FROM raw.articles").fetchall())
        # what an older, worse parser might have stored
        con.execute("UPDATE raw.articles SET body_text = 'x', clean_text = 'x' WHERE url LIKE '%000_%'")
    monkeypatch.setenv("PROVIND_DATA_DIR", str(data))
    reparsed = pipeline.reparse("reprocess-1")
    extracted = pipeline.extract("reprocess-1", reextract=True)
    assert reparsed == {"pages": demo_article_count(), "changed": 1, "unparsable": 0}
    assert extracted["articles"] == demo_article_count()
    with duckdb.connect(str(warehouse), read_only=True) as con:
        # every article as its page first gave it: parsed HTML, or the rendering of a statistics API's answer
        assert dict(con.execute("SELECT article_id, body_text FROM raw.articles").fetchall()) == texts
        assert con.execute("SELECT count(*) FROM raw.mentions").fetchone()[0] == before
        assert con.execute("SELECT count(DISTINCT run_id) FROM raw.mentions").fetchone()[0] == 1
        # the re-extraction is recorded as a finished job: nothing for a later run to carry on
        jobs = con.execute(
            "SELECT scope, status, articles_done FROM meta.reextract_progress WHERE run_id = 'reprocess-1'"
        ).fetchall()
        assert jobs == [("all", "done", demo_article_count())]
