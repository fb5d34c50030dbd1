"""The Airflow Assets the DAGs share: what provind_nightly updates and provind_report waits for.

Defined once, here, so the producer and the consumer cannot drift apart (an Asset is
matched by its name and URI).
"""

from __future__ import annotations

from airflow.sdk import Asset

RAW_ARTICLES = Asset(name="provind_raw_articles", uri="file:///provind/warehouse/raw/articles")
RAW_MENTIONS = Asset(name="provind_raw_mentions", uri="file:///provind/warehouse/raw/mentions")
PUBLISHED_MARTS = Asset(name="provind_published_marts", uri="file:///provind/marts")
