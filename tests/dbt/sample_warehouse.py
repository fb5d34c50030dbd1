"""A small, realistic scratch warehouse for the dbt tests: the `raw` tables of
`provind.schema` (the pipeline's own DDL) with a handful of articles and mentions that exercise the
models' tricky paths (a 2018 figure for 莱芜市, a corrected re-publication, a
figure re-posted by a second bureau, unknown indicators, periods of every form).

Also usable by hand::

    .venv/bin/python -m tests.dbt.sample_warehouse /tmp/dbt_scratch/warehouse.duckdb
"""

from __future__ import annotations

import hashlib
import re
import sys
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import duckdb

from provind import schema

# The pipeline's own raw DDL (provind.schema), so the dbt tests build on the tables the
# pipeline lands, never on a copy that drifts from them. BYTEA, an alias DuckDB knows for
# BLOB, lets the same DDL run on PostgreSQL (tests/dbt/test_postgres_target.py).
RAW_DDL = re.sub(r"\bBLOB\b", "BYTEA", schema.RAW_DDL)


def _key(*parts: object) -> str:
    return hashlib.sha256("|".join(str(p) for p in parts).encode()).hexdigest()[:16]


def article(
    url,
    text,
    *,
    published,
    source="shandong-amr",
    publisher="山东省市场监督管理局",
    region="370000",
    title="",
    language="zh-Hans",
    fetched_at,
    run_id="run-1",
):
    content_hash = hashlib.sha256(text.encode()).hexdigest()
    return {
        "article_id": _key(url, content_hash),
        "url": url,
        "source": source,
        "publisher": publisher,
        "source_region_code": region,
        "title": title,
        "published": published,
        "language": language,
        "content_hash": content_hash,
        "body_text": text,
        "clean_text": text,
        "fetched_at": fetched_at,
        "loaded_at": fetched_at,
        "run_id": run_id,
    }


def mentions_for(art, specs, extracted_at):
    """specs: (quote, subject, value, unit, kind, approx, target, region, code, period, indicator)."""
    text = art["clean_text"]
    rows, cursor = [], 0
    for seq, (
        quote,
        subject,
        value,
        unit,
        kind,
        approx,
        target,
        region,
        code,
        period,
        indicator,
    ) in enumerate(specs):
        start = text.index(quote, cursor)
        end = start + len(quote)
        cursor = end
        sentence_start = max(text.rfind("。", 0, start) + 1, 0)
        sentence_end = text.find("。", end)
        sentence = text[sentence_start : sentence_end + 1 if sentence_end >= 0 else len(text)]
        rows.append(
            {
                "mention_id": _key(art["article_id"], start, end, seq),
                "article_id": art["article_id"],
                "seq": seq,
                "start_offset": start,
                "end_offset": end,
                "quote": quote,
                "sentence": sentence,
                "subject": subject,
                "value": Decimal(value),
                "unit": unit,
                "kind": kind,
                "approx": approx,
                "is_target": target,
                "region": region,
                "region_code": code,
                "period": period,
                "indicator": indicator,
                "extractor_version": "0.1.0",
                "extracted_at": extracted_at,
            }
        )
    return rows


T1 = datetime(2024, 8, 15, 2, 0, 0)
T2 = datetime(2024, 8, 16, 2, 0, 0)

LAIWU_TEXT = "2018年，莱芜市食品抽检合格率98.5%，全年查处案件1200余件。全省市场主体总量超过1200万户。"
BINZHOU_V1 = "滨州市上半年受理投诉举报2.3万件，同比增长12.5%。7月份抽检食品1500批次。力争2025年专利授权量达到5000件。"
BINZHOU_V2 = "滨州市上半年受理投诉举报2.4万件，同比增长12.5%。7月份抽检食品1500批次。力争2025年专利授权量达到5000件。"
REPOST_TEXT = "转自省局：2018年，莱芜市食品抽检合格率98.5%。长清区一季度新增市场主体约3000户。"
UNDATED_TEXT = "全国平均每万人发明专利拥有量为11.8件，某项未知指标达到42项，另有数据无法归期7家。"
HANT_TEXT = "濟南市1至7月特種設備檢驗1.2萬台次。"


def sample_rows(batch: int = 1):
    """Raw rows of batch 1 (the first night) or batch 2 (the next night: a
    corrected re-publication and one new article)."""
    laiwu = article(
        "https://amr.shandong.gov.cn/art/2019/1/10/art_76_1.html",
        LAIWU_TEXT,
        published=date(2019, 1, 10),
        title="2018年莱芜市市场监管工作综述",
        fetched_at=T1,
    )
    binzhou = article(
        "https://amr.binzhou.gov.cn/art/2024/8/14/art_1.html",
        BINZHOU_V1,
        published=date(2024, 8, 14),
        publisher="滨州市市场监督管理局",
        region="371600",
        source="binzhou-amr",
        title="滨州市上半年投诉举报情况",
        fetched_at=T1,
    )
    repost = article(
        "https://www.jinan.gov.cn/art/2019/1/12/art_2.html",
        REPOST_TEXT,
        published=date(2019, 1, 12),
        publisher="济南市市场监督管理局",
        region="370100",
        source="jinan-amr",
        title="转载：莱芜市食品抽检",
        fetched_at=T1,
    )
    undated = article(
        "https://example.gov.cn/news/3.html",
        UNDATED_TEXT,
        published=None,
        title="知识产权简报",
        fetched_at=T1,
    )
    hant = article(
        "https://example.gov.cn/news/4.html",
        HANT_TEXT,
        published=date(2024, 8, 1),
        language="zh-Hant",
        title="特種設備檢驗",
        fetched_at=T1,
    )
    articles = [laiwu, binzhou, repost, undated, hant]
    mentions = []
    mentions += mentions_for(
        laiwu,
        [
            (
                "合格率98.5%",
                "食品抽检合格率",
                "98.5",
                "%",
                "ratio",
                "exact",
                False,
                "莱芜市",
                "371200",
                "2018",
                "food_sampling_pass_rate",
            ),
            (
                "1200余件",
                "查处案件数",
                "1200",
                "件",
                "count",
                "at_least",
                False,
                "莱芜市",
                "371200",
                "2018",
                "cases_investigated",
            ),
            (
                "超过1200万户",
                "市场主体总量",
                "12000000",
                "户",
                "count",
                "at_least",
                False,
                "山东省",
                "370000",
                "2018",
                "market_entities",
            ),
        ],
        T1,
    )
    mentions += mentions_for(
        binzhou,
        [
            (
                "2.3万件",
                "投诉举报受理量",
                "23000",
                "件",
                "count",
                "exact",
                False,
                "滨州市",
                "371600",
                "2024-01..2024-06",
                "complaints_received",
            ),
            (
                "增长12.5%",
                "投诉举报受理量增速",
                "12.5",
                "%",
                "growth",
                "exact",
                False,
                "滨州市",
                "371600",
                "2024-01..2024-06",
                "complaints_received",
            ),
            (
                "1500批次",
                "食品抽检批次",
                "1500",
                "批次",
                "count",
                "exact",
                False,
                "滨州市",
                "371600",
                "2024-07",
                "food_sampling_batches",
            ),
            (
                "5000件",
                "专利授权量",
                "5000",
                "件",
                "count",
                "exact",
                True,
                "滨州市",
                "371600",
                "2025",
                "patents_granted",
            ),
        ],
        T1,
    )
    mentions += mentions_for(
        repost,
        [
            # the same figure as the provincial article: kept once
            (
                "合格率98.5%",
                "食品抽检合格率",
                "98.5",
                "%",
                "ratio",
                "exact",
                False,
                "莱芜市",
                "371200",
                "2018",
                "food_sampling_pass_rate",
            ),
            (
                "约3000户",
                "新增市场主体",
                "3000",
                "户",
                "count",
                "about",
                False,
                "济南市长清区",
                "370113",
                "2019-01..2019-03",
                "new_market_entities",
            ),
        ],
        T1,
    )
    mentions += mentions_for(
        undated,
        [
            (
                "11.8件",
                "每万人发明专利拥有量",
                "11.8",
                "件/万人",
                "density",
                "exact",
                False,
                "全国",
                "100000",
                None,
                "invention_patents_per_10k",
            ),
            (
                "42项",
                "某项未知指标",
                "42",
                "项",
                "count",
                "exact",
                False,
                None,
                None,
                "2023-13",
                "no_such_indicator",
            ),
            ("7家", "无法归期数据", "7", "家", "count", "exact", False, "全国", "100000", "bogus", None),
        ],
        T1,
    )
    mentions += mentions_for(
        hant,
        [
            (
                "1.2萬台次",
                "特种设备检验台次",
                "12000",
                "台次",
                "count",
                "exact",
                False,
                "济南市",
                "370100",
                "2024-01..2024-07",
                None,
            ),
        ],
        T1,
    )
    if batch < 2:
        return articles, mentions
    # night 2: Binzhou corrects its article (2.3万 -> 2.4万) under the same URL,
    # and a new article arrives.
    binzhou_v2 = article(
        binzhou["url"],
        BINZHOU_V2,
        published=date(2024, 8, 14),
        publisher="滨州市市场监督管理局",
        region="371600",
        source="binzhou-amr",
        title="滨州市上半年投诉举报情况（更正）",
        fetched_at=T2,
        run_id="run-2",
    )
    new = article(
        "https://amr.shandong.gov.cn/art/2024/8/16/art_9.html",
        "2023年第四季度，全省产品质量合格率93.2%。",
        published=date(2024, 8, 16),
        fetched_at=T2,
        run_id="run-2",
    )
    articles2 = [binzhou_v2, new]
    mentions2 = mentions_for(
        binzhou_v2,
        [
            (
                "2.4万件",
                "投诉举报受理量",
                "24000",
                "件",
                "count",
                "exact",
                False,
                "滨州市",
                "371600",
                "2024-01..2024-06",
                "complaints_received",
            ),
            (
                "增长12.5%",
                "投诉举报受理量增速",
                "12.5",
                "%",
                "growth",
                "exact",
                False,
                "滨州市",
                "371600",
                "2024-01..2024-06",
                "complaints_received",
            ),
            (
                "1500批次",
                "食品抽检批次",
                "1500",
                "批次",
                "count",
                "exact",
                False,
                "滨州市",
                "371600",
                "2024-07",
                "food_sampling_batches",
            ),
            (
                "5000件",
                "专利授权量",
                "5000",
                "件",
                "count",
                "exact",
                True,
                "滨州市",
                "371600",
                "2025",
                "patents_granted",
            ),
        ],
        T2,
    )
    mentions2 += mentions_for(
        new,
        [
            (
                "合格率93.2%",
                "产品质量合格率",
                "93.2",
                "%",
                "ratio",
                "exact",
                False,
                "山东省",
                "370000",
                "2023-10..2023-12",
                "product_quality_pass_rate",
            ),
        ],
        T2,
    )
    return articles + articles2, mentions + mentions2


def insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict]) -> None:
    if not rows:
        return
    cols = list(rows[0])
    con.executemany(
        f"INSERT OR IGNORE INTO raw.{table} ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})",
        [[r[c] for c in cols] for r in rows],
    )


def create_warehouse(path: Path, batch: int = 1) -> None:
    """Create (or top up, idempotently) the raw tables with the sample rows up to `batch`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    articles, mentions = sample_rows(batch)
    con = duckdb.connect(str(path))
    try:
        con.execute(RAW_DDL)
        insert(con, "articles", articles)
        insert(con, "mentions", mentions)
    finally:
        con.close()


SAMPLE_INDICATORS = """indicator_code,name_zh,name_en,domain,unit,kind,higher_is_better,keywords
food_sampling_pass_rate,食品抽检合格率,Food sampling pass rate,food safety,%,ratio,true,食品抽检|合格率
food_sampling_batches,食品抽检批次,Food sampling batches,food safety,批次,count,,食品抽检|批次
cases_investigated,查处案件数,Cases investigated,enforcement,件,count,,查处|案件
market_entities,市场主体总量,Market entities,market entities,户,count,true,市场主体
new_market_entities,新增市场主体,New market entities,market entities,户,count,true,新增市场主体
complaints_received,投诉举报受理量,Complaints received,consumer protection,件,count,,投诉|举报
patents_granted,专利授权量,Patents granted,intellectual property,件,count,true,专利授权
invention_patents_per_10k,每万人发明专利拥有量,Patents per 10k,intellectual property,件/万人,density,true,
product_quality_pass_rate,产品质量合格率,Product quality pass rate,quality,%,ratio,true,产品质量合格率
"""


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/dbt_scratch/warehouse.duckdb")
    create_warehouse(target, batch=int(sys.argv[2]) if len(sys.argv) > 2 else 1)
    print(target)
