"""Gate 1 (raw data, before dbt) and gate 2 (marts, before publication).

GX validates pandas DataFrames read from DuckDB; this module prepares them (with
the derived columns the suites read), applies the decisions and records them:

- row-level findings go to `raw.quarantine` (check, reason, run), and dbt's
  staging models leave quarantined rows out; a row that passes on a later run
  is released automatically, so a fix followed by a re-run brings it back;
- batch-level findings raise `GateFailed`, which fails the task and so stops
  publication, naming the failed checks;
- every outcome is kept in `meta.gate_results`, published with the marts.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import duckdb

from provind import config, warehouse
from provind.crawl import parse

log = logging.getLogger(__name__)

RATIO_MAY_EXCEED_100 = ("completion", "utilisation_growth")  # indicator codes containing these may pass 100%
JUMP_KINDS = ("count", "amount", "density")  # ranks, rates and growths move legitimately by a factor of ten
MIN_HISTORY = 3  # earlier articles needed before a jump against history is judged

META_DDL = """
CREATE SCHEMA IF NOT EXISTS meta;
CREATE TABLE IF NOT EXISTS raw.quarantine (
    table_name       VARCHAR NOT NULL,
    row_id           VARCHAR NOT NULL,
    check_name       VARCHAR NOT NULL,
    reason           VARCHAR NOT NULL,
    first_run_id     VARCHAR NOT NULL,
    last_run_id      VARCHAR NOT NULL,
    quarantined_at   TIMESTAMP NOT NULL,
    released_at      TIMESTAMP,
    released_run_id  VARCHAR,
    PRIMARY KEY (table_name, row_id, check_name)
);
CREATE TABLE IF NOT EXISTS meta.gate_results (
    run_id            VARCHAR NOT NULL,
    suite             VARCHAR NOT NULL,
    check_name        VARCHAR NOT NULL,
    level             VARCHAR NOT NULL,
    success           BOOLEAN NOT NULL,
    unexpected_count  BIGINT,
    reason            VARCHAR,
    expectation       VARCHAR,
    column_name       VARCHAR,
    examples          VARCHAR,
    checked_at        TIMESTAMP NOT NULL
);
"""


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


# ---------------------------------------------------------------- gate 1


def gate_raw(run_id: str) -> list[dict[str, Any]]:
    """Audit the raw mentions and this run's crawl; quarantine bad rows; raise on a batch failure."""
    from expectations.runner import GateFailed, new_context, validate

    context = new_context(str(_gx_project()))
    with warehouse.connect() as con:
        con.execute(META_DDL)
        try:
            mentions = _mentions_frame(con)
        except duckdb.Error as exc:  # a broken schema must be named by its checks, not crash the gate
            log.error("raw.mentions cannot be prepared for the row checks: %s", exc)
            mentions = con.execute("SELECT * FROM raw.mentions").df()
        articles = con.execute("SELECT * EXCLUDE (body_text) FROM raw.articles ORDER BY article_id").df()
        if "clean_text" in articles:  # body_not_boilerplate: a body that is the site's navigation, not an article
            articles["body_is_boilerplate"] = articles["clean_text"].map(parse.looks_like_boilerplate).astype(bool)
        results = [validate("raw_articles", articles, context=context)]
        checked = validate("raw_mentions", mentions, id_column="mention_id", context=context)
        quarantined = _apply_quarantine(con, run_id, "mentions", checked)
        mentions["passes_row_checks"] = ~mentions["mention_id"].isin(quarantined)
        this_run = mentions[mentions["run_id"] == run_id] if "run_id" in mentions else mentions.iloc[0:0]
        results.append(checked)
        if len(this_run):
            results.append(validate("raw_mentions_after_quarantine", this_run, context=context))
        crawl = _crawl_frame(con, run_id)
        if len(crawl):
            results.append(validate("crawl_volume", crawl, id_column="source", context=context))
        _record(con, run_id, results)
        try:
            _publishable_quarantine(con)
        except duckdb.Error as exc:  # the checks above already name what is wrong with the schema
            log.error("meta.quarantine not refreshed: %s", exc)
    return _finish(results, GateFailed)


def _mentions_frame(con):
    """Every raw mention with the derived columns the suite reads."""
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date()
    regions = config.REFERENCE_DIR / "regions.csv"
    exceed = " OR ".join(f"m.indicator LIKE '%{word}%'" for word in RATIO_MAY_EXCEED_100)
    jump_kinds = ", ".join(f"'{k}'" for k in JUMP_KINDS)
    return con.execute(
        f"""
        WITH regions AS (
            SELECT region_code::VARCHAR AS code, valid_from::DATE AS valid_from, valid_to::DATE AS valid_to
            FROM read_csv('{regions}', header = true, all_varchar = true)
        ),
        m AS (
            SELECT m.*, a.published, a.article_id IS NOT NULL AS article_known,
                   coalesce(try_cast(left(m.period, 4) AS INTEGER), year(a.published), year(current_date))
                       AS figure_year
            FROM raw.mentions m LEFT JOIN raw.articles a USING (article_id)
        ),
        history AS (
            -- the figure's own history: same indicator, region, unit, kind and period length,
            -- from earlier articles; judged only once there are enough points to call it a history
            SELECT m.mention_id, median(h.value::DOUBLE) AS typical
            FROM m JOIN m AS h
              ON h.indicator = m.indicator AND h.region_code = m.region_code AND h.unit = m.unit
             AND h.kind = m.kind AND length(h.period) = length(m.period) AND h.article_id <> m.article_id
             AND coalesce(h.published, DATE '1900-01-01') < coalesce(m.published, DATE '9999-12-31')
            WHERE m.indicator <> 'unclassified' AND m.kind IN ({jump_kinds}) AND h.value > 0
            GROUP BY m.mention_id
            HAVING count(DISTINCT h.article_id) >= {MIN_HISTORY}
        )
        SELECT
            m.mention_id, m.article_id, m.run_id, m.quote, m.value::DOUBLE AS value, m.unit, m.kind, m.approx,
            m.region_code, m.period, m.indicator, m.published,
            ({exceed}) AS ratio_may_exceed_100,
            m.region_code IS NOT NULL AS has_region_code,
            if(m.region_source = 'unresolved', concat(m.region, ' in ', m.figure_year), NULL) AS unresolved_place,
            m.region_code = '100000' OR EXISTS (
                SELECT 1 FROM regions r
                WHERE r.code = m.region_code
                  AND r.valid_from <= make_date(m.figure_year, 12, 31)
                  AND (r.valid_to IS NULL OR r.valid_to >= make_date(m.figure_year, 1, 1))
            ) AS region_known,
            coalesce(m.published > DATE '{today}', false) AS published_in_future,
            m.article_known,
            h.typical IS NOT NULL AND m.value > 0 AS has_history,
            CASE WHEN h.typical > 0 AND m.value > 0 THEN m.value::DOUBLE / h.typical END AS history_ratio
        FROM m LEFT JOIN history h USING (mention_id)
        ORDER BY m.mention_id
        """
    ).df()


def _crawl_frame(con, run_id: str):
    """One row per source crawled in this run: list pages that answered, share of article pages that failed.

    A statistics API's data queries count as its list pages: they are what the source is configured to ask.
    """
    return con.execute(
        """
        SELECT source,
               count(*) FILTER (WHERE kind IN ('list', 'query') AND outcome IN ('ok', 'not_modified'))
                   AS list_pages_reachable,
               coalesce(
                   count(*) FILTER (WHERE kind = 'article' AND outcome = 'error')::DOUBLE
                   / nullif(count(*) FILTER (WHERE kind = 'article' AND outcome IN ('ok', 'error')), 0), 0
               ) AS unparsed_share
        FROM raw.fetch_log WHERE run_id = ? GROUP BY source ORDER BY source
        """,
        [run_id],
    ).df()


def _apply_quarantine(con, run_id: str, table: str, result) -> set[str]:
    """Quarantine the rows that failed row-level checks; release those that pass now. Returns the held ids."""
    now = _now()
    failing = {
        (row_id, o.name): o.row_reasons.get(row_id, o.reason)
        for o in result.outcomes
        if o.level == "row"
        for row_id in o.failing_ids
    }
    active = {
        (row_id, check)
        for row_id, check in con.execute(
            "SELECT row_id, check_name FROM raw.quarantine WHERE table_name = ? AND released_at IS NULL",
            [table],
        ).fetchall()
    }
    for (row_id, check), reason in failing.items():
        con.execute(
            """
            INSERT INTO raw.quarantine VALUES (?, ?, ?, ?, ?, ?, ?, NULL, NULL)
            ON CONFLICT (table_name, row_id, check_name) DO UPDATE SET
                last_run_id = excluded.last_run_id, reason = excluded.reason,
                quarantined_at = CASE WHEN raw.quarantine.released_at IS NULL
                                      THEN raw.quarantine.quarantined_at ELSE excluded.quarantined_at END,
                released_at = NULL, released_run_id = NULL
            """,
            [table, row_id, check, reason, run_id, run_id, now],
        )
    for row_id, check in active - set(failing):
        con.execute(
            "UPDATE raw.quarantine SET released_at = ?, released_run_id = ?"
            " WHERE table_name = ? AND row_id = ? AND check_name = ?",
            [now, run_id, table, row_id, check],
        )
    held = {row_id for row_id, _ in failing}
    if failing or active:
        log.info("quarantine %s: %d rows held, %d released", table, len(held), len(active - set(failing)))
    return held


def _publishable_quarantine(con) -> None:
    """`meta.quarantine`: what is held back and why, with the figure itself, for analysts."""
    con.execute(
        """
        CREATE OR REPLACE TABLE meta.quarantine AS
        SELECT q.table_name, q.row_id, q.check_name, q.reason, q.first_run_id, q.last_run_id,
               q.quarantined_at, q.released_at, q.released_run_id,
               m.article_id, a.url AS article_url, m.quote, m.value, m.unit, m.kind, m.region_code, m.period
        FROM raw.quarantine q
        LEFT JOIN raw.mentions m ON q.table_name = 'mentions' AND m.mention_id = q.row_id
        LEFT JOIN raw.articles a ON a.article_id = m.article_id
        """
    )


# ---------------------------------------------------------------- gate 2


def gate_marts(run_id: str) -> list[dict[str, Any]]:
    """Audit the marts as dbt built them, before anything is published."""
    from expectations.runner import GateFailed, new_context, validate

    context = new_context(str(_gx_project()))
    exceed = " OR ".join(f"i.indicator_code LIKE '%{word}%'" for word in RATIO_MAY_EXCEED_100)
    with warehouse.connect() as con:
        con.execute(META_DDL)
        facts = con.execute(
            f"""
            SELECT f.*, f.value::DOUBLE AS value, a.url AS article_url,
                   r.region_key IS NOT NULL AS region_found,
                   i.indicator_key IS NOT NULL AS indicator_found,
                   p.period_key IS NOT NULL AS period_found,
                   coalesce({exceed}, false) AS ratio_may_exceed_100
            FROM marts.fct_indicator_observation f
            LEFT JOIN marts.dim_article a USING (article_id)
            LEFT JOIN marts.dim_region r USING (region_key)
            LEFT JOIN marts.dim_indicator i USING (indicator_key)
            LEFT JOIN marts.dim_period p USING (period_key)
            """
        ).df()
        results = [validate("fct_indicator_observation", facts, context=context)]
        for dim in ("dim_article", "dim_region", "dim_indicator", "dim_period", "dim_date"):
            results.append(validate(dim, con.execute(f"SELECT * FROM marts.{dim}").df(), context=context))
        _record(con, run_id, results)
    return _finish(results, GateFailed)


# ---------------------------------------------------------------- shared


def _record(con, run_id: str, results: list) -> None:
    """Keep every check's outcome in `meta.gate_results` and a readable report under `data/reports/`."""
    now = _now()
    for result in results:
        con.execute("DELETE FROM meta.gate_results WHERE run_id = ? AND suite = ?", [run_id, result.suite])
        con.executemany(
            "INSERT INTO meta.gate_results VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                [
                    run_id,
                    result.suite,
                    o.name,
                    o.level,
                    o.success,
                    o.unexpected_count,
                    o.reason,
                    o.expectation,
                    o.column,
                    "; ".join(o.examples),
                    now,
                ]
                for o in result.outcomes
            ],
        )
    report_dir = config.data_dir() / "reports"
    report_dir.mkdir(parents=True, exist_ok=True)
    for result in results:
        (report_dir / f"gate_{result.suite}.txt").write_text(result.describe() + "\n", encoding="utf-8")


def _gx_project():
    """The GX file project: expectation suites, validation results, Data Docs sources."""
    path = config.data_dir() / "gx"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _publish_data_docs() -> None:
    from expectations.docs import publish_offline

    site = _gx_project() / "gx" / "uncommitted" / "data_docs" / "local_site"
    if site.exists():
        publish_offline(site, config.data_dir() / "docs" / "gx")


def _finish(results: list, failure: type[Exception]) -> list[dict[str, Any]]:
    _publish_data_docs()
    for result in results:
        log.info("%s", result.describe())
    if not all(r.success for r in results):
        raise failure([r for r in results if not r.success])
    return [r.as_dict() for r in results]
