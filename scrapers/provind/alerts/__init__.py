"""Alerts for the people who run provind: a clear message in the log, and the same message
wherever the team reads it: a DingTalk, WeCom or Feishu/Lark group bot, e-mail, or a webhook.

Every target is an Airflow notifier (`airflow.sdk.bases.notifier.BaseNotifier`), so it fits
any `on_failure_callback` or `DeadlineAlert`. The DAGs use `ProvindNotifier`, which sends to
every target configured in the environment (see `provind.alerts.config` and
docs/operations.md, "Alerts"). A bot that answers HTTP 200 with an error code has refused the
message: that is a failed delivery, logged at ERROR with the bot's own words.

Entry points, importable from a DAG file without I/O:

- `ProvindNotifier()`: a failure callback (task or DAG level);
- `on_failure(context)`: the same as a plain function;
- `deadline_missed(context=..., **kwargs)`: an async callback for a `DeadlineAlert`
  (run by the triggerer) when the nightly run is still not done by its deadline.

`python -m provind.alerts` sends a test alert to every configured target and reports each.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Mapping
from typing import Any

from provind.alerts.bots import DingTalkNotifier, FeishuNotifier, WebhookNotifier, WeComNotifier
from provind.alerts.config import AlertConfigError, configured_targets, load_targets
from provind.alerts.delivery import AlertDeliveryError, Delivery
from provind.alerts.mail import EmailNotifier
from provind.alerts.message import build_alert, format_alert, format_markdown
from provind.alerts.notifier import AlertNotifier, ProvindNotifier, log_delivery

__all__ = [
    "WEBHOOK_ENV",
    "AlertConfigError",
    "AlertDeliveryError",
    "AlertNotifier",
    "Delivery",
    "DingTalkNotifier",
    "EmailNotifier",
    "FeishuNotifier",
    "ProvindNotifier",
    "WeComNotifier",
    "WebhookNotifier",
    "build_alert",
    "configured_targets",
    "deadline_missed",
    "format_alert",
    "format_markdown",
    "load_targets",
    "notify",
    "on_failure",
    "send_webhook",
]

log = logging.getLogger("provind.alerts")

WEBHOOK_ENV = "PROVIND_ALERT_WEBHOOK"


def on_failure(context: Mapping[str, Any]) -> None:
    """Airflow `on_failure_callback` as a function (`ProvindNotifier()` is the same as a notifier)."""
    ProvindNotifier(kind="failure")(context)


def notify(context: Mapping[str, Any], kind: str = "failure") -> dict[str, Any]:
    """Log the alert and send it to every configured target; return its facts."""
    alert = build_alert(context, kind)
    ProvindNotifier(kind=kind).announce(alert)
    return alert


def send_webhook(payload: Mapping[str, Any], url: str | None = None) -> bool:
    """POST `payload` as JSON to `url` (default: `$PROVIND_ALERT_WEBHOOK`); True if it answered 2xx."""
    url = url or os.environ.get(WEBHOOK_ENV)
    if not url:
        return False
    delivery = WebhookNotifier(url).post(dict(payload))
    log_delivery(delivery)
    return delivery.ok


async def deadline_missed(context: Mapping[str, Any] | None = None, **kwargs: Any) -> dict[str, Any]:
    """`DeadlineAlert` callback (an `AsyncCallback`, run by the triggerer); returns what was sent."""
    facts: dict[str, Any] = {**kwargs, **(context or {})}
    dag_run = facts.get("dag_run")
    if isinstance(dag_run, Mapping):
        facts.setdefault("run_id", dag_run.get("run_id"))
    facts.setdefault("reason", "the run was not finished by its deadline")
    alert = build_alert(facts, "deadline")
    deliveries = await asyncio.to_thread(ProvindNotifier(kind="deadline").announce, alert)
    return {**alert, "deliveries": [str(d) for d in deliveries]}
