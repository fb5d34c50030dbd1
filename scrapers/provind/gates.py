"""Gate 1 (raw data, before dbt) and gate 2 (marts, before publication).

GX validates pandas DataFrames read from DuckDB. The rules, their thresholds and
the SQL that derives what they compare live in `expectations/` (suites,
thresholds, per-indicator bounds from the catalog, derived columns); this module
runs them, applies the decisions and records them:

- row-level findings go to `raw.quarantine` (check, reason, run), and dbt's
  staging models leave quarantined rows out; a row that passes on a later run
  is released automatically, so a fix followed by a re-run brings it back;
- batch-level findings raise `GateFailed`, which fails the task and so stops
  publication, naming the failed checks; a failed share check also holds the
  rows it reviewed (a batch hold, `provind.quarantine`), so the rejected batch
  stays unpublished until it is fixed or released on purpose;
- every outcome is kept in `meta.gate_results`, published with the marts.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import duckdb

from provind import config, quarantine, warehouse
from provind.crawl import parse
from provind.schema import META_DDL

log = logging.getLogger(__name__)


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


# ---------------------------------------------------------------- gate 1


def gate_raw(run_id: str) -> list[dict[str, Any]]:
    """Audit the raw mentions and this run's crawl; quarantine bad rows; raise on a batch failure."""
    from provind_expectations.runner import GateFailed, new_context, validate

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
        quarantined = _apply_quarantine(con, run_id, "mentions", checked.by_row_reason())
        mentions["passes_row_checks"] = ~mentions["mention_id"].isin(quarantined)
        results.append(checked)
        # The share check reviews every mention this run would publish: its own new ones and those
        # still held with a batch that failed, so a rejected batch re-run unchanged fails again.
        review = _under_review(con, mentions, run_id)
        if len(review):
            share = validate("raw_mentions_after_quarantine", review, context=context)
            results.append(share)
            _apply_batch_hold(con, run_id, "mentions", review["mention_id"], share)
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
    """Every raw mention with the derived columns the suite reads (`provind_expectations.derived`)."""
    from provind_expectations import derived

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
    """Hold the rows that fail row-level checks; release those that pass now. Returns the ids held.

    A row released on purpose (`provind quarantine release`) stays released while its content
    is the content that was released; once it changes, the row is judged afresh.
    """
    now = _now()
    failing = {
        (row_id, o.name): o.row_reasons.get(row_id, o.reason)
        for o in result.outcomes
        if o.level == "row"
        for row_id in o.failing_ids
    }
    hashes = quarantine.row_hashes(con, table)
    known = {
        (row_id, check): (released_at, released_by, row_hash)
        for row_id, check, released_at, released_by, row_hash in con.execute(
            "SELECT row_id, check_name, released_at, released_by, row_hash FROM raw.quarantine"
            " WHERE table_name = ? AND level = 'row'",
            [table],
        ).fetchall()
    }
    to_hold, kept_released = [], 0
    for (row_id, check), reason in failing.items():
        released_at, released_by, released_hash = known.get((row_id, check), (None, None, None))
        if released_at is not None and released_by is not None and released_hash == hashes.get(row_id):
            kept_released += 1  # a deliberate release of this very content stands
            continue
        to_hold.append((row_id, check, reason))
    _hold(con, run_id, table, "row", to_hold, hashes, now)
    passing_now = [key for key, (released_at, _, _) in known.items() if released_at is None and key not in failing]
    rows = [(row_id, check, hashes.get(row_id)) for row_id, check in passing_now]
    with quarantine.frame(con, "passing_now", ("row_id", "check_name", "row_hash"), rows) as f:
        con.execute(
            f"""
            UPDATE raw.quarantine AS q
            SET released_at = ?, released_run_id = ?, released_by = NULL,
                release_reason = 'passes the check again', row_hash = CAST(f.row_hash AS VARCHAR)
            FROM {f} AS f
            WHERE q.table_name = ? AND q.row_id = f.row_id AND q.check_name = f.check_name
            """,
            [now, run_id, table],
        )
    held = {row_id for row_id, _, _ in to_hold}
    if to_hold or passing_now or kept_released:
        log.info(
            "quarantine %s: %d rows held, %d released, %d kept released on purpose",
            table,
            len(held),
            len(passing_now),
            kept_released,
        )
    return held


def _under_review(con, mentions, run_id: str):
    """The mentions the batch checks judge: this run's new ones and every one still held with a failed batch.

    A batch released on purpose is left out while its rows are unchanged: someone accepted it.
    """
    batch = con.execute(
        "SELECT row_id, released_at IS NULL, released_by IS NOT NULL, row_hash FROM raw.quarantine"
        " WHERE table_name = 'mentions' AND level = 'batch'"
    ).fetchall()
    hashes = quarantine.row_hashes(con)
    held = {row_id for row_id, is_held, _, _ in batch if is_held}
    accepted = {row_id for row_id, is_held, on_purpose, h in batch if on_purpose and h == hashes.get(row_id)} - held
    if "mention_id" not in mentions:
        return mentions.iloc[0:0]
    new = mentions["run_id"] == run_id if "run_id" in mentions else False
    return mentions[(new | mentions["mention_id"].isin(held)) & ~mentions["mention_id"].isin(accepted)]


def _apply_batch_hold(con, run_id: str, table: str, reviewed, result) -> None:
    """Hold every reviewed row when a batch check failed; release the batch holds of a check that passes.

    The rows already held by row checks are held with their batch too: re-run unchanged, the
    batch is judged on the same rows and fails again, instead of publishing its good half.
    """
    now = _now()
    hashes = quarantine.row_hashes(con, table)
    failed = result.failed_batch_checks
    to_hold = []
    for o in failed:
        share = f"; {1 - float(o.observed):.0%} failed their row checks" if o.observed is not None else ""
        reason = f"held with a batch that failed {o.name}: {o.reason} ({len(reviewed)} rows reviewed{share})"
        to_hold += [(row_id, o.name, reason) for row_id in reviewed]
    _hold(con, run_id, table, "batch", to_hold, hashes, now)
    passed = [o.name for o in result.outcomes if o.success]
    released = 0
    for check in passed:
        released += len(
            con.execute(
                "UPDATE raw.quarantine SET released_at = ?, released_run_id = ?, released_by = NULL,"
                " release_reason = 'its batch passed on review' WHERE table_name = ? AND check_name = ?"
                " AND level = 'batch' AND released_at IS NULL RETURNING row_id",
                [now, run_id, table, check],
            ).fetchall()
        )
    if to_hold or released:
        log.info("batch hold %s: %d rows held, %d released", table, len({r for r, _, _ in to_hold}), released)


def _hold(con, run_id: str, table: str, level: str, rows: list[tuple[str, str, str]], hashes, now) -> None:
    """Insert or renew holds (row id, check, reason). A renewed hold keeps its start; a new one starts now."""
    if not rows:
        return
    holds = [(row_id, check, reason, hashes.get(row_id)) for row_id, check, reason in rows]
    with quarantine.frame(con, "new_holds", ("row_id", "check_name", "reason", "row_hash"), holds) as f:
        con.execute(
            f"""
            INSERT INTO raw.quarantine (table_name, row_id, check_name, reason, first_run_id, last_run_id,
                                        quarantined_at, level, row_hash)
            SELECT ?, CAST(row_id AS VARCHAR), CAST(check_name AS VARCHAR), CAST(reason AS VARCHAR), ?, ?, ?, ?,
                   CAST(row_hash AS VARCHAR)
            FROM {f}
            ON CONFLICT (table_name, row_id, check_name) DO UPDATE SET
                last_run_id = excluded.last_run_id, reason = excluded.reason, level = excluded.level,
                row_hash = excluded.row_hash,
                first_run_id = CASE WHEN raw.quarantine.released_at IS NULL
                                    THEN raw.quarantine.first_run_id ELSE excluded.first_run_id END,
                quarantined_at = CASE WHEN raw.quarantine.released_at IS NULL
                                      THEN raw.quarantine.quarantined_at ELSE excluded.quarantined_at END,
                released_at = NULL, released_run_id = NULL, released_by = NULL, release_reason = NULL
            """,
            [table, run_id, run_id, now, level],
        )


def _publishable_quarantine(con) -> None:
    """`meta.quarantine`: what is held back and why, with the figure itself and any release, for analysts."""
    quarantine.refresh_published_view(con)


# ---------------------------------------------------------------- gate 2


def gate_marts(run_id: str) -> list[dict[str, Any]]:
    """Audit the marts as dbt built them, before anything is published.

    dbt's tests and contracts (run by `dbt build`) already hold keys, relationships, accepted values
    and quotes; this gate adds what they cannot see (`provind_expectations.derived.marts_findings`): an empty
    mart, a quarantined figure that reached the facts, a figure gate 1 never validated. DuckDB
    aggregates; GX validates the few resulting rows.
    """
    from provind_expectations import derived
    from provind_expectations.runner import GateFailed, new_context, validate

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
    from provind_expectations.docs import publish_offline

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
