"""The Airflow side: every alert target is a `BaseNotifier`, so it fits wherever Airflow takes one.

A target's notifier used alone raises `AlertDeliveryError` when its alert did not arrive (Airflow
logs it under the callback). `ProvindNotifier` is what the DAGs use: it logs the alert, sends it
to every configured target, logs each target's outcome, and never raises, so that one broken bot
neither hides the others nor turns a failed task into a crashed callback.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from airflow.sdk import Context
from airflow.sdk.bases.notifier import BaseNotifier

from provind.alerts.delivery import AlertDeliveryError, Delivery
from provind.alerts.message import build_alert, format_alert

log = logging.getLogger("provind.alerts")


class _Untemplated(BaseNotifier):
    """A notifier with nothing to render.

    `BaseNotifier.__call__` renders template fields with the DAG's Jinja environment even when
    there are none, and a DAG-level callback under `airflow dags test` gets a `SerializedDAG`
    that has no such environment (AttributeError: no `get_template_env`): the alert was lost.
    """

    def render_template_fields(self, context: Any, jinja_env: Any = None) -> None:
        if self.template_fields:
            super().render_template_fields(context, jinja_env)


class AlertNotifier(_Untemplated):
    """One alert target. Subclasses say where it goes (`target`) and how (`deliver`)."""

    channel = "target"

    def __init__(self, *, kind: str = "failure", context: Context | None = None) -> None:
        super().__init__(context=context)
        self.kind = kind

    @property
    def target(self) -> str:
        """Where the alert goes, safe to log (no credentials)."""
        return self.channel

    def deliver(self, alert: Mapping[str, Any]) -> Delivery:
        raise NotImplementedError

    def scrub(self, text: str) -> str:
        """`text` without this target's credentials."""
        return text

    def send(self, alert: Mapping[str, Any]) -> Delivery:
        """`deliver`, with any unexpected error turned into a failed delivery: never raises."""
        try:
            return self.deliver(alert)
        except Exception as exc:
            return Delivery(self.target, False, self.scrub(f"{type(exc).__name__}: {exc}"))

    def notify(self, context: Mapping[str, Any]) -> None:
        delivery = self.send(build_alert(context, self.kind))
        log_delivery(delivery)
        if not delivery.ok:
            raise AlertDeliveryError(delivery)

    async def async_notify(self, context: Mapping[str, Any]) -> None:
        await asyncio.to_thread(self.notify, context)


def log_delivery(delivery: Delivery) -> None:
    if delivery.ok:
        log.info("%s", delivery)
    else:
        log.error("%s", delivery)


class ProvindNotifier(_Untemplated):
    """Log the alert at ERROR, then send it to every target (default: those configured, see `config`).

    `kind` is "failure" (task and DAG failure callbacks) or "deadline" (a `DeadlineAlert`).
    """

    def __init__(
        self,
        targets: Sequence[AlertNotifier] | None = None,
        *,
        kind: str = "failure",
        context: Context | None = None,
    ) -> None:
        super().__init__(context=context)
        self.targets = targets
        self.kind = kind

    def notify(self, context: Mapping[str, Any]) -> None:
        try:
            self.announce(build_alert(context, self.kind))
        except Exception:  # a callback that raises hides the original failure
            log.exception("provind alert callback failed")

    async def async_notify(self, context: Mapping[str, Any]) -> None:
        await asyncio.to_thread(self.notify, context)

    def announce(self, alert: Mapping[str, Any]) -> list[Delivery]:
        """Log the alert, send it; return one `Delivery` per target."""
        log.error("%s", format_alert(alert))
        return self.send(alert)

    def send(self, alert: Mapping[str, Any]) -> list[Delivery]:
        from provind.alerts.config import load_targets

        errors: list[str] = []
        if self.targets is not None:
            targets = list(self.targets)
        else:
            targets, errors = load_targets()
        # A target that cannot be built is a failed delivery: it is logged, the others still go.
        deliveries = [Delivery("configuration", False, error) for error in errors]
        if targets:  # side by side: a target that times out must not hold back the others
            with ThreadPoolExecutor(max_workers=len(targets), thread_name_prefix="provind-alert") as pool:
                deliveries += pool.map(lambda target: target.send(alert), targets)
        for delivery in deliveries:
            log_delivery(delivery)
        if deliveries and not any(d.ok for d in deliveries):
            log.error("alert reached none of its %d targets", len(deliveries))
        return deliveries
