"""A night killed at any step (kill -9) loses no article and lands none twice.

Each step runs as its own process, as Airflow runs a task, against a real site on
loopback; the test kills it with SIGKILL at a chosen point (after N article
requests reached the site, or at a failpoint inside the step), then runs the
next night normally and checks raw.articles: every article of the site, each once.
"""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

from tests.conftest import ROOT, wait_for
from tests.crawl.newsroom import Newsroom

# runs the pipeline's steps as processes against a demo site and kills them
pytestmark = pytest.mark.integration

STEP = (
    "import sys; from provind import pipeline;"
    " from provind.crawl import step as crawl; from provind.land import step as land;"
    " step = {'crawl': crawl.crawl, 'land': land.land, 'extract': pipeline.extract}[sys.argv[1]];"
    " print(step(*sys.argv[2:]), flush=True)"
)


@pytest.fixture
def night(tmp_path, monkeypatch):
    """A data dir, a registry with one source (the newsroom site), and a way to run steps as processes."""
    site = Newsroom(articles=24, per_page=5).start()
    registry = tmp_path / "sources.yml"
    data = tmp_path / "data"
    env = {
        **os.environ,
        "PROVIND_DATA_DIR": str(data),
        "PROVIND_SOURCES": str(registry),
        "PYTHONPATH": os.pathsep.join([str(ROOT / "scrapers"), str(ROOT / "expectations"), str(ROOT)]),
    }
    monkeypatch.setenv("PROVIND_DATA_DIR", str(data))
    monkeypatch.setenv("PROVIND_SOURCES", str(registry))
    runner = Steps(site, env, data, registry)
    runner.write_registry()
    try:
        yield runner
    finally:
        runner.stop_all()
        site.stop()


class Steps:
    def __init__(self, site: Newsroom, env: dict[str, str], data: Path, registry: Path) -> None:
        self.site, self.env, self.data, self.registry = site, env, data, registry
        self.procs: list[subprocess.Popen] = []

    def write_registry(self, revisit: str | None = None) -> None:
        self.registry.write_text(
            textwrap.dedent(f"""\
            sources:
              - name: newsroom
                kind: news_list
                publisher: 测试局
                region_code: "370000"
                start_urls: ["{self.site.url}/news/"]
                selectors: {{list_links: "ul.news-list li a"}}
                rate_limit: 0
                allow_private: true
            """)
            + (f"    revisit: {revisit}\n" if revisit else ""),
            "utf-8",
        )

    def query(self, sql: str) -> list[tuple]:
        with duckdb.connect(str(self.data / "warehouse.duckdb"), read_only=True) as con:
            return con.execute(sql).fetchall()

    def start(self, step: str, *args: str, failpoint: str | None = None) -> subprocess.Popen:
        env = dict(self.env)
        if failpoint:
            env["PROVIND_FAILPOINT"] = failpoint
        proc = subprocess.Popen(
            [sys.executable, "-c", STEP, step, *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        self.procs.append(proc)
        return proc

    def run(self, step: str, *args: str, failpoint: str | None = None) -> subprocess.CompletedProcess:
        proc = self.start(step, *args, failpoint=failpoint)
        out, err = proc.communicate(timeout=240)
        return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)

    def full_night(self, run_id: str) -> None:
        for step in ("crawl", "land", "extract"):
            args = ("newsroom", run_id) if step == "crawl" else (run_id,)
            result = self.run(step, *args)
            assert result.returncode == 0, result.stderr.decode()[-3000:]

    def stop_all(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()

    def article_hits(self, status: int = 200) -> int:
        return len([h for h in self.site.hits(prefix="/news/a-") if h.status == status])

    def assert_every_article_once(self) -> None:
        with duckdb.connect(str(self.data / "warehouse.duckdb"), read_only=True) as con:
            urls = [u for (u,) in con.execute("SELECT url FROM raw.articles ORDER BY url").fetchall()]
        expected = sorted(self.site.url + path for path in self.site.article_paths())
        assert sorted(set(urls)) == expected, "an article is missing"
        assert len(urls) == len(expected), "an article landed twice"


def kill(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGKILL)  # by its PID
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL, "the step ended before it could be killed"


@pytest.mark.parametrize("after", [1, 8, 23])
def test_a_crawl_killed_after_n_articles_loses_nothing(night, after):
    night.site.article_delay = 0.05
    crawl = night.start("crawl", "newsroom", "night-1")
    assert wait_for(lambda: night.article_hits() >= after, timeout=60)
    kill(crawl)
    journal = night.data / "landing" / "night-1" / "newsroom.jsonl.gz.part"
    assert journal.exists()  # the killed crawl's journal, with every record it finished
    fetched_before = night.article_hits()

    night.site.article_delay = 0
    night.full_night("night-2")
    night.assert_every_article_once()
    # What the killed crawl had journalled and taken into its state is not fetched again:
    # at most the one article in flight is asked twice.
    assert night.article_hits() <= 24 + 1, (fetched_before, night.article_hits())
    assert not list((night.data / "landing").glob("*/*.part"))
    landed = sorted(p.name for p in (night.data / "landing").glob("*/*.landed"))
    assert landed == ["newsroom.jsonl.gz.landed", "newsroom.jsonl.gz.landed"]  # night-1's journal and night-2


@pytest.mark.parametrize("failpoint", ["land:before-commit", "land:after-commit"])
def test_a_land_killed_mid_way_loses_nothing_and_lands_nothing_twice(night, failpoint):
    assert night.run("crawl", "newsroom", "night-1").returncode == 0
    killed = night.run("land", "night-1", failpoint=failpoint)
    assert killed.returncode == -signal.SIGKILL
    night.full_night("night-2")
    night.assert_every_article_once()
    assert night.article_hits() == 24  # the second night fetched no article again


def test_an_extract_killed_mid_way_then_a_normal_night(night):
    assert night.run("crawl", "newsroom", "night-1").returncode == 0
    assert night.run("land", "night-1").returncode == 0
    extract = night.start("extract", "night-1")
    assert wait_for(lambda: (night.data / "warehouse.duckdb.wal").exists(), timeout=60, interval=0.01)
    kill(extract)  # while it writes mentions
    night.full_night("night-2")
    night.assert_every_article_once()
    with duckdb.connect(str(night.data / "warehouse.duckdb"), read_only=True) as con:
        unextracted = con.execute(
            "SELECT count(*) FROM raw.articles WHERE article_id NOT IN (SELECT article_id FROM raw.mentions)"
        ).fetchone()[0]
    assert unextracted == 0  # every article carries a figure: each was extracted in the end


def test_a_journal_held_by_a_live_crawl_is_left_to_it(night):
    from provind import config
    from provind.land import step as land_step

    assert night.run("crawl", "newsroom", "night-1").returncode == 0
    landing = config.landing_dir() / "night-1"
    os.replace(landing / "newsroom.jsonl.gz", landing / "newsroom.jsonl.gz.part")  # as if still crawling
    lock = config.state_dir() / "newsroom.lock"
    with lock.open("a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        assert land_step.land("night-1")["files"] == 0  # a live crawl's journal is not landed under it
        assert (landing / "newsroom.jsonl.gz.part").exists()
    assert land_step.land("night-1")["articles"] == 24  # the crawl is gone: its journal lands
    assert land_step.land("night-1")["files"] == 0  # once
    night.assert_every_article_once()


def test_a_torn_last_record_is_left_out_and_the_rest_lands(night, tmp_path):
    from provind.crawl import journal

    path = tmp_path / "x.jsonl.gz"
    with journal.LandingJournal(path) as out:
        for n in range(3):
            out.write({"n": n})
    whole = path.read_bytes()
    path.write_bytes(whole + whole[:12])  # a crash in the middle of the next write: a header and 2 bytes
    assert [r["n"] for r in journal.read_landing(path)] == [0, 1, 2]
    import gzip

    with gzip.open(tmp_path / "old.jsonl.gz", "wt") as old:  # a landing file of the former format
        old.write('{"n": 7}\n{"n": 8}\n')
    assert [r["n"] for r in journal.read_landing(tmp_path / "old.jsonl.gz")] == [7, 8]


def test_the_leftover_of_a_crawl_from_before_the_journal_is_landed_too(night, tmp_path):
    """Crawls before the journal wrote one gzip stream to `<source>.jsonl.tmp`, and `land` ignored it."""
    import gzip
    import hashlib

    from provind.crawl import journal
    from provind.land import step as land_step

    lines = [{"n": n, "pad": hashlib.sha256(str(n).encode()).hexdigest() * 20} for n in range(200)]
    stream = gzip.compress("".join(f'{{"n": {r["n"]}, "pad": "{r["pad"]}"}}\n' for r in lines).encode())
    torn = tmp_path / "newsroom.jsonl.tmp"
    torn.write_bytes(stream[: len(stream) * 2 // 3])
    kept = [r["n"] for r in journal.read_landing(torn)]
    assert kept == list(range(len(kept))) and 50 < len(kept) < 200  # every whole line before the cut

    # A real leftover of the old format beside a crawl's landing: land seals and lands it.
    assert night.run("crawl", "newsroom", "night-1").returncode == 0
    landing = night.data / "landing" / "night-1"
    os.replace(landing / "newsroom.jsonl.gz", landing / "newsroom.jsonl.tmp")
    assert land_step.land("night-1")["articles"] == 24
    assert (landing / "newsroom.jsonl.gz.landed").exists() and not (landing / "newsroom.jsonl.tmp").exists()
