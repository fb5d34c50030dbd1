"""Fixtures shared by every test folder: the project's paths and a real demo site process."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

# Hypothesis' default 200 ms deadline per example is a timed assertion: the first example pays
# for loading the gazetteer, and a busy 2-core machine stretches any of them. Speed is measured
# in benchmarks/, not asserted in tests.
settings.register_profile("provind", deadline=None)
settings.load_profile("provind")

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent


@pytest.fixture(scope="session")
def project_root() -> Path:
    return ROOT


# `make test` runs two pytest-xdist workers. Each test file is one unit of work, so a file's
# tests run in order on one worker with their module fixtures built once. The files that share
# one costly fixture are one unit: the Airflow deployments (the Celery cluster, then the
# LocalExecutor deployment that test_scheduler and test_scheduler_backfill share) run one after
# another on one worker, never beside each other, since both lean on heartbeat timeouts; the
# published demo marts are built once for the BI and report tests. The deployments' unit goes
# first, so the other worker works through everything else beside it.
SHARED_GROUPS = {
    "tests/integration/test_celery_cluster.py": "airflow-deployments",
    "tests/integration/test_scheduler.py": "airflow-deployments",
    "tests/integration/test_scheduler_backfill.py": "airflow-deployments",
    "tests/integration/test_bi.py": "published-marts",
    "tests/integration/test_report.py": "published-marts",
}
FIRST_GROUP = "airflow-deployments"


def test_group(nodeid: str) -> str:
    """The unit of work a test belongs to: its file, or the group its file shares a fixture with."""
    path = nodeid.split("::", 1)[0]
    return SHARED_GROUPS.get(path, path)


# Units of minutes (whole Airflow nights, dbt builds) are handed out before the quick ones, so
# that neither worker is left with a long unit at the end while the other waits.
SLOW_FOLDERS = ("tests/e2e/", "tests/integration/", "tests/dbt/", "tests/publish/", "tests/gates/")


def work_order(nodeid: str) -> int:
    group = test_group(nodeid)
    if group == FIRST_GROUP:
        return 0
    return 1 if group.startswith(SLOW_FOLDERS) or group in SHARED_GROUPS.values() else 2


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    items.sort(key=lambda item: work_order(item.nodeid))  # stable: the order within each rank is kept


def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> object | None:
    """xdist's loadfile scheduling with `test_group` as the unit of work.

    xdist's own `xdist_group` marks do not work with pytest 9 (xdist 3.8 renames a node id
    that pytest 9 no longer reads), hence a scheduler of our own through xdist's hook.
    """
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class GroupScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return test_group(nodeid)

    return GroupScheduling(config, log)


# Headless Chromium as the browser tests start it: no background traffic (this machine has no
# network beyond loopback), a fresh profile given by each test, stopped by its PID.
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (make test does)")


def start_demo_site(port: int = 0) -> tuple[subprocess.Popen, str]:
    """Start `provind demo-site` as a real process and return it with its base URL."""
    proc = subprocess.Popen(
        [str(VENV_BIN / "provind"), "demo-site", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    line = proc.stdout.readline().strip()
    if not line.startswith("serving on "):
        stop_process(proc)
        raise RuntimeError(f"demo site did not start: {line!r}")
    return proc, line.removeprefix("serving on ").rstrip("/")


def stop_process(proc: subprocess.Popen) -> None:
    """Stop a process we started, by its PID, and reap it."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="session")
def demo_site_process() -> Iterator[str]:
    proc, url = start_demo_site()
    try:
        yield url
    finally:
        stop_process(proc)


def wait_for(predicate, timeout: float = 10.0, interval: float = 0.1) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False


def run_dag(env: dict[str, str], timeout: float = 1500) -> subprocess.CompletedProcess:
    """`airflow dags test provind_nightly` in `env` (see `pipeline_env`), as `make run` does."""
    return subprocess.run(
        ["airflow", "dags", "test", "provind_nightly"],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=timeout,
    )


def night_with_registry(tmp_path: Path, registry: dict) -> subprocess.CompletedProcess:
    """One `airflow dags test` night against a demo site process, with `registry` as sources.yml.

    The registry may name the demo site as `${PROVIND_DEMO_URL}`; everything (data dir,
    Airflow home, the sources file) lives under `tmp_path`, and the site is stopped after.
    """
    import yaml

    sources = tmp_path / "sources.yml"
    sources.write_text(yaml.safe_dump(registry, allow_unicode=True), encoding="utf-8")
    proc, url = start_demo_site()
    try:
        env = pipeline_env(tmp_path / "data", tmp_path / "airflow", url)
        env["PROVIND_SOURCES"] = str(sources)
        setup = subprocess.run([str(ROOT / "scripts/airflow-setup.sh")], env=env, capture_output=True, text=True)
        assert setup.returncode == 0, setup.stdout + setup.stderr
        return run_dag(env)
    finally:
        stop_process(proc)


def pipeline_env(data_dir: Path, airflow_home: Path, demo_url: str) -> dict[str, str]:
    """The environment `make run` gives the DAG, pointed at a private data dir and Airflow home."""
    env = dict(os.environ)
    env.update(
        {
            "PROVIND_DATA_DIR": str(data_dir),
            "PROVIND_DEMO_URL": demo_url,
            "AIRFLOW_HOME": str(airflow_home),
            "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{airflow_home}/airflow.db",
            "PATH": f"{VENV_BIN}:{env.get('PATH', '')}",
        }
    )
    return env


@contextlib.contextmanager
def demo_pipeline_env(data_dir: Path, run_id: str = "night-1", steps: tuple[str, ...] = ("crawl", "land", "extract")):
    """Run the pipeline's first steps against an in-process demo site into `data_dir`.

    Crawls every enabled source of the shipped registry, as the DAG does: the demo
    bureau site and the statistics API it serves. Points PROVIND_DATA_DIR and
    PROVIND_DEMO_URL at them for the duration and restores the environment (and
    stops the site) afterwards.
    """
    import threading

    from provind import config
    from provind.crawl import sources
    from provind.demo_site.server import make_server

    server = make_server(port=0, crawl_delay=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with pytest.MonkeyPatch.context() as env:  # the environment is restored on the way out
            env.setenv("PROVIND_DATA_DIR", str(data_dir))
            env.setenv("PROVIND_DEMO_URL", f"http://127.0.0.1:{server.server_address[1]}")
            from provind import pipeline
            from provind.crawl import step as crawl_step
            from provind.land import step as land_step

            if "crawl" in steps:
                for source in sources.enabled_sources(config.sources_file()):
                    crawl_step.crawl(source.name, run_id)
            if "land" in steps:
                land_step.land(run_id)
            if "extract" in steps:
                pipeline.extract(run_id)
            yield server
    finally:
        server.shutdown()
        server.server_close()


def demo_article_count() -> int:
    """How many articles the enabled demo sources land.

    The article pages the demo site lists (the corpus, plus its statistics releases),
    and one article per query of `demo-nbs`, the statistics API the site serves.
    """
    from provind.demo_site.pages import load_articles, load_statistics

    return len(load_articles()) + len(load_statistics()[0]) + len(demo_nbs_source().api)


def demo_nbs_source():
    """The shipped `demo-nbs` source: the NBS release platform as the demo site serves it."""
    from provind.crawl.sources import get_source

    return get_source(ROOT / "sources.yml", "demo-nbs")


# The figures of `demo-nbs` (scrapers/provind/demo_site/nbs/): 6 years of GDP and its growth, 3 quarters' growth.
DEMO_NBS_FIGURES = 15
