"""What a run did: its figures for `meta.runs`, why it failed, and the run summary people read."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable
from typing import Any

from provind import config

log = logging.getLogger(__name__)


# The chain of the nightly DAG, in order: the first of them that failed is the step a failed run names.
# (A crawl of one source may fail without stopping the night: `land` runs whatever happened.)
CHAIN_STEPS = ("list_sources", "land", "extract", "gate_raw", "dbt_build", "gate_marts", "publish")


GATE_STEP_OF_SUITE = {"raw_articles": "gate_raw", "raw_mentions": "gate_raw", "crawl_volume": "gate_raw"}


def run_metadata(con, run_id: str, progress: dict[str, Any]) -> dict[str, Any]:
    """The facts of one run, as published in `meta.runs`: what was crawled, landed, held back, built."""

    def one(sql: str, params: list | None = None) -> Any:
        return con.execute(sql, params or []).fetchone()[0]

    fetches = dict(
        con.execute(
            "SELECT outcome, count(*) FROM raw.fetch_log WHERE run_id = ? GROUP BY outcome", [run_id]
        ).fetchall()
    )
    has_quarantine = one(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'raw' AND table_name = 'quarantine'"
    )
    by_reason = (
        dict(
            con.execute(
                "SELECT check_name, count(*) FROM raw.quarantine WHERE released_at IS NULL GROUP BY 1 ORDER BY 1"
            ).fetchall()
        )
        if has_quarantine
        else {}
    )
    has_dbt = has_table(con, "meta", "dbt_results")
    dbt = (
        con.execute(
            # the run's last dbt build (a cleared and re-run `dbt_build` adds another invocation);
            # exposures come back from `dbt build` as 'no-op': documentation, not nodes that ran;
            # a skipped node is one an earlier failure kept from building
            "SELECT count(*) FILTER (WHERE status <> 'no-op'),"
            " count(*) FILTER (WHERE status IN ('error', 'fail', 'runtime error', 'skipped'))"
            " FROM meta.dbt_results WHERE run_id = ? AND invocation_id = ("
            "   SELECT invocation_id FROM meta.dbt_results WHERE run_id = ?"
            "   ORDER BY finished_at DESC LIMIT 1)",
            [run_id, run_id],
        ).fetchone()
        if has_dbt
        else (0, 0)
    )
    return {
        "sources_crawled": one("SELECT count(DISTINCT source) FROM raw.fetch_log WHERE run_id = ?", [run_id]),
        "pages_fetched": fetches.get("ok", 0),
        "pages_not_modified": fetches.get("not_modified", 0),
        "pages_failed": fetches.get("error", 0),
        "articles_new": one("SELECT count(*) FROM raw.articles WHERE run_id = ?", [run_id]),
        "articles_total": one("SELECT count(*) FROM raw.articles"),
        "mentions_total": one("SELECT count(*) FROM raw.mentions"),
        "quarantined_rows": sum(by_reason.values()),
        "quarantined_by_reason": by_reason,
        "gates_passed": all(g.get("success") for g in progress.get("gates", [])),
        "gate_outcomes": progress.get("gates", []),
        "dbt_nodes": dbt[0],
        "dbt_failures": dbt[1],
    }


def has_table(con, schema: str, table: str) -> bool:
    return bool(
        con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_catalog = current_database()"
            " AND table_schema = ? AND table_name = ?",
            [schema, table],
        ).fetchone()[0]
    )


def gate_outcomes(con, run_id: str) -> list[dict[str, Any]]:
    """The run's gate suites as `meta.gate_results` kept them, in the shape the gates return."""
    if not has_table(con, "meta", "gate_results"):
        return []
    suites: dict[str, dict[str, Any]] = {}
    rows = con.execute(
        "SELECT suite, check_name, level, success, unexpected_count, reason FROM meta.gate_results"
        " WHERE run_id = ? ORDER BY checked_at, suite, check_name",
        [run_id],
    ).fetchall()
    for suite, check, level, success, unexpected, reason in rows:
        gate = suites.setdefault(suite, {"suite": suite, "success": True, "evaluated": 0, "failures": []})
        gate["evaluated"] += 1
        if not success:
            gate["failures"].append({"name": check, "level": level, "reason": reason, "unexpected_count": unexpected})
            gate["success"] = gate["success"] and level != "batch"
    return list(suites.values())


def failure_of(con, run_id: str, failed_tasks: Iterable[str], gates: list[dict[str, Any]]) -> dict[str, Any]:
    """Why a run did not publish: the step that failed, the failed checks, and the reasons in words."""
    failed = {"crawl" if re.fullmatch(r"crawl_\d+", t) else t for t in failed_tasks}  # mapped: crawl_<index>
    checks, reasons = [], []
    for gate in gates:
        for f in gate["failures"]:
            if f["level"] == "batch":
                checks.append(f"{gate['suite']}.{f['name']}")
                reasons.append(f"{gate['suite']}.{f['name']}: {f['reason']} ({f['unexpected_count']} rows)")
    reasons += _dbt_failures(con, run_id)
    step = next((s for s in CHAIN_STEPS if s in failed), None)
    if step is None and checks:
        step = GATE_STEP_OF_SUITE.get(checks[0].split(".")[0], "gate_marts")
    if step is None and any(r.startswith("dbt ") for r in reasons):
        step = "dbt_build"
    if not reasons:
        reasons.append(f"task {step} failed: see its log" if step else "the run failed: see the task logs")
    if "crawl" in failed:
        reasons.append("a source's crawl failed as well (its crawl task names it)")
    return {"step": step, "checks": checks, "reasons": reasons, "failed_tasks": sorted(failed_tasks)}


def _dbt_failures(con, run_id: str, limit: int = 5) -> list[str]:
    """The nodes that failed in the run's last dbt build, as reasons."""
    if not has_table(con, "meta", "dbt_results"):
        return []
    rows = con.execute(
        "SELECT unique_id, status, message FROM meta.dbt_results WHERE run_id = ?"
        " AND status IN ('error', 'fail', 'runtime error') AND invocation_id = ("
        "   SELECT invocation_id FROM meta.dbt_results WHERE run_id = ? ORDER BY finished_at DESC LIMIT 1)"
        " ORDER BY unique_id",
        [run_id, run_id],
    ).fetchall()
    reasons = [f"dbt {uid} {status}: {(message or '').strip()[:200]}" for uid, status, message in rows[:limit]]
    if len(rows) > limit:
        reasons.append(f"dbt: {len(rows) - limit} more failed nodes (meta.dbt_results)")
    return reasons


def format_summary(summary: dict[str, Any]) -> str:
    """The few lines a person reads at the end of `make run`: what this run did, and whether it published."""
    meta = summary.get("meta", {})
    failed = summary.get("status") == "failed"
    title = "provind run summary: FAILED" if failed else "provind run summary"
    lines = ["", title, "=" * len(title)]
    lines.append(f"run id             {summary.get('run_id')}")
    if failed:
        failure = summary.get("failure") or {}
        previous = summary.get("previous")
        kept = (
            f"the marts of run {previous['run_id']} (published {previous['published_at']}) stay published"
            if previous
            else "no marts had been published before"
        )
        lines.append(f"status             FAILED at {failure.get('step') or 'an unknown step'}: nothing published")
        lines.append(f"                   {kept}")
        lines.append("reasons:")
        lines += [f"  - {reason}" for reason in failure.get("reasons") or ["unknown: see the task logs"]]
    elif summary.get("published_at"):
        lines.append(f"status             published at {summary['published_at']}")
    for crawl_summary in summary.get("crawl", []):
        fetches = ", ".join(f"{k} {v}" for k, v in sorted(crawl_summary.get("fetches", {}).items()))
        failed = " FAILED: " + crawl_summary["error"].splitlines()[0] if crawl_summary.get("error") else ""
        lines.append(f"crawled {crawl_summary['source']:<11} {fetches} in {crawl_summary.get('seconds')} s{failed}")
    if not summary.get("crawl") and meta.get("sources_crawled"):  # a failed run: from the fetch log
        lines.append(
            f"crawled            {meta['sources_crawled']} sources: {meta.get('pages_fetched', 0)} fetched, "
            f"{meta.get('pages_not_modified', 0)} not modified, {meta.get('pages_failed', 0)} failed"
        )
    lines.append(
        f"landed             {meta.get('articles_new', 0)} new articles "
        f"({meta.get('articles_total', 0)} in all), {meta.get('mentions_total', 0)} mentions"
    )
    held = meta.get("quarantined_rows", 0)
    reasons = ", ".join(f"{k} {v}" for k, v in meta.get("quarantined_by_reason", {}).items())
    lines.append(f"quarantined        {held} rows{' (' + reasons + ')' if reasons else ''}")
    for gate in summary.get("gates", []):
        findings = len(gate.get("failures", []))
        state = "passed" if gate["success"] else "FAILED"
        lines.append(
            f"gate {gate['suite']:<30} {state}, {gate['evaluated']} checks"
            f"{f', {findings} with findings' if findings else ''}"
        )
    lines.append(f"dbt                {meta.get('dbt_nodes', 0)} nodes, {meta.get('dbt_failures', 0)} failures")
    lines.extend(summary.get("freshness", {}).get("lines", []))  # provind.build.freshness: stale sources named
    if failed:
        lines.append("published marts:   none from this run (its failure is recorded in meta.runs)")
    else:
        lines.append("published marts:")
        for table, count in sorted(summary.get("published", {}).items()):
            lines.append(f"  {table:<34} {count:>6} rows")
    lines.append(f"marts database     {config.marts_path()}")
    lines.append(f"warehouse          {config.warehouse_path()}")
    lines.append(f"reports            {config.data_dir() / 'reports'}")
    return "\n".join(lines)


def write_summary(summary: dict[str, Any]) -> str:
    text = format_summary(summary)
    report_dir = config.data_dir() / "reports"
    report_dir.mkdir(parents=True, exist_ok=True)
    (report_dir / "run_summary.txt").write_text(text + "\n", encoding="utf-8")
    (report_dir / "run_summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2, default=str))
    log.info("%s", text)
    return text
