"""Gate 1 (raw data, before dbt) and gate 2 (marts, before publication).

GX validates pandas DataFrames read from DuckDB. The rules, their thresholds and
the SQL that derives what they compare live in `expectations/` (suites,
thresholds, per-indicator bounds from the catalog, derived columns); this module
runs them, applies the decisions and records them:

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

log = logging.getLogger(__name__)

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
        results = [validate("raw_articles", articles, context=context)]
        checked = validate("raw_mentions", mentions, id_column="mention_id", context=context)
        quarantined = _apply_quarantine(con, run_id, "mentions", checked.by_row_reason())
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
    """Every raw mention with the derived columns the suite reads (`expectations.derived`)."""
    from expectations import derived

    return derived.mentions_frame(con, datetime.now(ZoneInfo("Asia/Shanghai")).date())


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
    failing = {(row_id, o.name): o.reason for o in result.outcomes if o.level == "row" for row_id in o.failing_ids}
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
    """Audit the marts as dbt built them, before anything is published.

    dbt's tests and contracts (run by `dbt build`) already hold keys, relationships, accepted values
    and quotes; this gate adds what they cannot see (`expectations.derived.marts_findings`): an empty
    mart, a quarantined figure that reached the facts, a figure gate 1 never validated. DuckDB
    aggregates; GX validates the few resulting rows.
    """
    from expectations import derived
    from expectations.runner import GateFailed, new_context, validate

    context = new_context(str(_gx_project()))
    with warehouse.connect() as con:
        con.execute(META_DDL)
        findings = derived.marts_findings(con)
        results = [validate("marts", findings, id_column="finding_id", context=context)]
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
