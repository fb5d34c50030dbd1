"""A small real warehouse of figures for the plausibility checks: articles and mentions written by hand.

Rows have the pipeline's columns (`provind.schema.RAW_DDL`); values are
normalised as the extractor writes them (7606.1万亿元 is 7.6061e15 with unit 元).
"""

from __future__ import annotations

import itertools
from datetime import date, datetime
from pathlib import Path

import duckdb

from provind import warehouse

LANDED = datetime(2024, 9, 1, 8, 0)
_seq = itertools.count(1)


class Figures:
    def __init__(self, path: Path, run_id: str = "night-1"):
        self.path = path
        self.run_id = run_id
        with warehouse.connect(path):
            pass  # creates the raw schema

    def article(self, article_id: str, published: date | None, landed: datetime = LANDED) -> str:
        with duckdb.connect(str(self.path)) as con:
            con.execute(
                """
                INSERT INTO raw.articles VALUES (?, ?, 'test', '测试局', '370000', ?, ?, 'zh-Hans', ?, ?, ?, ?, ?, ?)
                """,
                [
                    article_id,
                    f"http://bureau.test/{article_id}.html",
                    f"标题{article_id}",
                    published,
                    f"hash-{article_id}",
                    "正文" * 20,
                    "正文" * 20,
                    landed,
                    landed,
                    self.run_id,
                ],
            )
        return article_id

    def mention(
        self,
        mention_id: str,
        article_id: str,
        value: float,
        unit: str,
        kind: str,
        indicator: str,
        region_code: str,
        period: str | None,
        is_target: bool = False,
        quote: str | None = None,
    ) -> str:
        seq = next(_seq)
        with duckdb.connect(str(self.path)) as con:
            con.execute(
                """
                INSERT INTO raw.mentions VALUES (?, ?, ?, 0, 10, ?, ?, ?, ?, ?, ?, 'exact', ?, NULL, ?, ?, ?,
                                                 'test', ?, ?, NULL)
                """,
                [
                    mention_id,
                    article_id,
                    seq,
                    quote or f"{value}{unit}",
                    f"句子{mention_id}",
                    indicator,
                    value,
                    unit,
                    kind,
                    is_target,
                    region_code,
                    period,
                    indicator,
                    LANDED,
                    self.run_id,
                ],
            )
        return mention_id


def held(path: Path) -> dict[str, dict[str, str]]:
    """mention id -> {check: reason} of every figure held in quarantine now."""
    with duckdb.connect(str(path), read_only=True) as con:
        rows = con.execute(
            "SELECT row_id, check_name, reason FROM raw.quarantine WHERE released_at IS NULL ORDER BY ALL"
        ).fetchall()
    out: dict[str, dict[str, str]] = {}
    for row_id, check, reason in rows:
        out.setdefault(row_id, {})[check] = reason
    return out
