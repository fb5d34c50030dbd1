"""Alerts for the people who run provind: a clear message in the log, and optionally a webhook.

Two entry points, both importable from a DAG file without I/O:

- `on_failure(context)`: an Airflow failure callback (task or DAG level). It names the
  DAG, run, task, try number, the exception and the log URL, and says what to do next.
- `deadline_missed(context=..., **kwargs)`: an async callback for a `DeadlineAlert`
  (run by the triggerer) when the nightly run is still not done by its deadline.

Set `PROVIND_ALERT_WEBHOOK` to a URL to also receive each alert as a JSON POST
(`{"text": ..., "alert": {...}}`: the `text` field is what Slack/Mattermost/Teams-style
incoming webhooks display). A webhook that fails is logged, never raised: an alert must
not turn a failed task into a crashed callback.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import urllib.request
from collections.abc import Mapping
from typing import Any

log = logging.getLogger("provind.alerts")

WEBHOOK_ENV = "PROVIND_ALERT_WEBHOOK"
WEBHOOK_TIMEOUT = 10.0


def _get(obj: Any, name: str, default: Any = None) -> Any:
    if obj is None:
        return default
    if isinstance(obj, Mapping):
        return obj.get(name, default)
    return getattr(obj, name, default)


def build_alert(context: Mapping[str, Any], kind: str = "failure") -> dict[str, Any]:
    """The facts of an alert, from an Airflow context (or a plain dict with the same keys)."""
    ti = context.get("ti") or context.get("task_instance")
    dag_run = context.get("dag_run")
    dag = context.get("dag")
    exception = context.get("exception")
    dag_id = _get(ti, "dag_id") or _get(dag_run, "dag_id") or _get(dag, "dag_id") or context.get("dag_id")
    return {
        "kind": kind,
        "dag_id": dag_id,
        "run_id": context.get("run_id") or _get(dag_run, "run_id") or _get(ti, "run_id"),
        "task_id": _get(ti, "task_id"),
        "map_index": _get(ti, "map_index"),
        "try_number": _get(ti, "try_number"),
        "logical_date": str(context.get("logical_date") or _get(dag_run, "logical_date") or ""),
        "exception": f"{type(exception).__name__}: {exception}" if exception else context.get("reason"),
        "log_url": _get(ti, "log_url"),
    }


def format_alert(alert: Mapping[str, Any]) -> str:
    """One short paragraph a person can act on."""
    what = "missed its deadline" if alert["kind"] == "deadline" else "FAILED"
    where = f"task {alert['task_id']}" if alert.get("task_id") else "the run"
    if alert.get("map_index") not in (None, -1):
        where += f" [map {alert['map_index']}]"
    lines = [f"provind: {alert.get('dag_id')} {what}: {where} in run {alert.get('run_id')}"]
    if alert.get("try_number"):
        lines.append(f"try {alert['try_number']}")
    if alert.get("exception"):
        lines.append(f"error: {alert['exception']}")
    if alert.get("log_url"):
        lines.append(f"log: {alert['log_url']}")
    lines.append(
        "yesterday's marts stay published; see docs/operations.md, 'Recovering from a failed night'"
        if alert["kind"] == "failure"
        else "the run is still going: check the scheduler, the worker and the duckdb_writer pool"
    )
    return "\n".join(lines)


def send_webhook(payload: Mapping[str, Any], url: str | None = None) -> bool:
    """POST the payload as JSON to `url` (default: `$PROVIND_ALERT_WEBHOOK`). True if delivered."""
    url = url or os.environ.get(WEBHOOK_ENV)
    if not url:
        return False
    body = json.dumps(payload, ensure_ascii=False, default=str).encode("utf-8")
    request = urllib.request.Request(
        url, data=body, method="POST", headers={"Content-Type": "application/json; charset=utf-8"}
    )
    try:
        with urllib.request.urlopen(request, timeout=WEBHOOK_TIMEOUT) as response:
            ok = 200 <= response.status < 300
    except Exception as exc:  # an alert must never raise
        log.warning("alert webhook %s failed: %s", url, exc)
        return False
    if not ok:
        log.warning("alert webhook %s answered %s", url, response.status)
    return ok


def notify(context: Mapping[str, Any], kind: str = "failure") -> dict[str, Any]:
    """Log the alert and send it to the webhook if one is configured; return what was sent."""
    alert = build_alert(context, kind)
    text = format_alert(alert)
    log.error("%s", text)
    send_webhook({"text": text, "alert": alert})
    return alert


def on_failure(context: Mapping[str, Any]) -> None:
    """Airflow `on_failure_callback`."""
    try:
        notify(context, "failure")
    except Exception:  # a callback that raises hides the original failure
        log.exception("provind alert callback failed")


async def deadline_missed(context: Mapping[str, Any] | None = None, **kwargs: Any) -> dict[str, Any]:
    """`DeadlineAlert` callback (an `AsyncCallback`, run by the triggerer)."""
    facts: dict[str, Any] = {**kwargs, **(context or {})}
    dag_run = facts.get("dag_run")
    if isinstance(dag_run, Mapping):
        facts.setdefault("run_id", dag_run.get("run_id"))
    facts.setdefault("reason", "the run was not finished by its deadline")
    return await asyncio.to_thread(notify, facts, "deadline")
