"""Two crawls of one source never run at once (a backfill beside the nightly run, say):
the second waits for the first, so the site's crawl state and its rate limit hold."""

from __future__ import annotations

import fcntl
import threading

import pytest

from tests.conftest import demo_pipeline_env

# a demo site and a crawl held behind another's lock
pytestmark = pytest.mark.slow


def test_a_crawl_waits_while_another_crawl_of_its_source_holds_the_lock(tmp_path):
    with demo_pipeline_env(tmp_path, steps=()):
        from provind import config
        from provind.crawl import step as crawl_step

        lock = config.state_dir() / "demo.lock"
        lock.parent.mkdir(parents=True, exist_ok=True)
        outcome: dict = {}

        def second_crawl() -> None:
            outcome["summary"] = crawl_step.crawl("demo", "night-2")

        with lock.open("a") as held:  # the first crawl, as another process would hold it
            fcntl.flock(held, fcntl.LOCK_EX)
            crawler = threading.Thread(target=second_crawl, daemon=True)
            crawler.start()
            crawler.join(timeout=3)
            assert crawler.is_alive(), "the crawl ran while another crawl of its source held the lock"
            assert not (config.landing_dir() / "night-2" / "demo.jsonl.gz").exists()
        crawler.join(timeout=60)  # the lock is released when the file closes

        assert not crawler.is_alive()
        assert outcome["summary"]["fetches"].get("article:ok", 0) > 0
        assert (config.landing_dir() / "night-2" / "demo.jsonl.gz").exists()

        with lock.open("a") as after:  # and the finished crawl let go of it
            fcntl.flock(after, fcntl.LOCK_EX | fcntl.LOCK_NB)
