"""Fixtures for the fault-injection tests: the fault site (stopped by the test) and a fast polite client."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from provind.crawl.client import ClientConfig
from provind.crawl.sources import Selectors, Source
from tests.faults.server import FaultSite

RATE_LIMIT = 0.02  # seconds between two requests to the site
READ_TIMEOUT = 0.3
MAX_BYTES = 1024 * 1024


def fault_config(**overrides: object) -> ClientConfig:
    config = ClientConfig(
        connect_timeout=1.0,
        read_timeout=READ_TIMEOUT,
        total_timeout=3.0,
        max_retries=2,
        backoff_base=0.01,
        backoff_max=0.05,
        jitter=0.1,
        retry_after_cap=2.0,
        max_bytes=MAX_BYTES,
        default_delay=0.0,
    )
    for key, value in overrides.items():
        setattr(config, key, value)
    return config


def fault_source(site: FaultSite, **overrides: object) -> Source:
    fields: dict = dict(
        name="faults",
        kind="news_list",
        publisher="故障注入站点",
        region_code="370000",
        start_urls=(site.url + "news/",),
        allowed_domains=("127.0.0.1",),
        selectors=Selectors(list_links="ul.news-list li a"),
        rate_limit=RATE_LIMIT,
        allow_private=True,
    )
    fields.update(overrides)
    return Source(**fields)


@pytest.fixture(scope="module", autouse=True)
def private_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The clients' pacing lock files (under the data directory) go to a temporary one, not to data/."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PROVIND_DATA_DIR", str(tmp_path_factory.mktemp("data")))
        yield


@pytest.fixture
def fault_site() -> Iterator[FaultSite]:
    site = FaultSite(hang_seconds=READ_TIMEOUT * 3).start()
    try:
        yield site
    finally:
        site.stop()


@pytest.fixture
def clean_site() -> Iterator[FaultSite]:
    site = FaultSite(mode="clean").start()
    try:
        yield site
    finally:
        site.stop()
