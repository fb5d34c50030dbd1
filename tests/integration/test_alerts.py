"""provind.alerts: a clear message in the log, and the webhook, tested against a loopback HTTP server."""

from __future__ import annotations

import asyncio
import json
import logging
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace

import pytest

from provind import alerts

pytestmark = pytest.mark.integration


class Hook:
    def __init__(self) -> None:
        self.received: list[dict] = []
        self.status = 200


@pytest.fixture
def webhook(monkeypatch) -> Iterator[tuple[str, Hook]]:
    hook = Hook()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            hook.received.append(
                {"content_type": self.headers["Content-Type"], "body": json.loads(body.decode("utf-8"))}
            )
            self.send_response(hook.status)
            self.end_headers()

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    monkeypatch.setenv(alerts.WEBHOOK_ENV, url)
    try:
        yield url, hook
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def failure_context() -> dict:
    ti = SimpleNamespace(
        dag_id="provind_nightly",
        task_id="gate_marts",
        map_index=-1,
        try_number=1,
        run_id="scheduled__2026-11-23T18:00:00+00:00",
        log_url="http://airflow.example/dags/provind_nightly/runs/x/tasks/gate_marts",
    )
    return {
        "ti": ti,
        "run_id": ti.run_id,
        "logical_date": "2026-11-23T18:00:00+00:00",
        "exception": RuntimeError("gate fct_indicator_observation failed: expect_column_values_to_be_between"),
    }


def test_failure_alert_is_logged_and_posted(webhook, caplog):
    _, hook = webhook
    with caplog.at_level(logging.ERROR, logger="provind.alerts"):
        alerts.on_failure(failure_context())
    message = caplog.text
    assert "provind_nightly FAILED: task gate_marts" in message
    assert "RuntimeError: gate fct_indicator_observation failed" in message
    assert "docs/operations.md" in message
    assert len(hook.received) == 1
    sent = hook.received[0]
    assert sent["content_type"].startswith("application/json")
    assert sent["body"]["alert"]["task_id"] == "gate_marts"
    assert sent["body"]["alert"]["dag_id"] == "provind_nightly"
    assert "FAILED" in sent["body"]["text"]


def test_unreachable_or_failing_webhook_never_raises(webhook, monkeypatch, caplog):
    _, hook = webhook
    hook.status = 500
    with caplog.at_level(logging.WARNING, logger="provind.alerts"):
        alerts.on_failure(failure_context())
    assert "webhook" in caplog.text
    monkeypatch.setenv(alerts.WEBHOOK_ENV, "http://127.0.0.1:9/nothing-listens-here")
    alerts.on_failure(failure_context())  # does not raise


def test_no_webhook_configured_only_logs(monkeypatch, caplog):
    monkeypatch.delenv(alerts.WEBHOOK_ENV, raising=False)
    with caplog.at_level(logging.ERROR, logger="provind.alerts"):
        alerts.on_failure({"dag_id": "provind_nightly", "reason": "task_failure"})
    assert "provind_nightly FAILED: the run" in caplog.text
    assert alerts.send_webhook({"text": "x"}) is False


def test_deadline_callback_posts_a_deadline_alert(webhook):
    _, hook = webhook
    context = {"dag_run": {"dag_id": "provind_nightly", "run_id": "scheduled__2026-11-23"}, "dag_id": "provind_nightly"}
    alert = asyncio.run(alerts.deadline_missed(context=context))
    assert alert["kind"] == "deadline"
    assert hook.received and "missed its deadline" in hook.received[0]["body"]["text"]
    assert "scheduled__2026-11-23" in hook.received[0]["body"]["text"]


def test_nightly_dag_is_wired_to_the_alerts():
    from airflow.dag_processing.dagbag import DagBag

    from tests.conftest import ROOT

    bag = DagBag(dag_folder=str(ROOT / "dags"))
    assert not bag.import_errors, bag.import_errors
    for dag_id in ("provind_nightly", "provind_report"):
        dag = bag.dags[dag_id]
        callbacks = [t.on_failure_callback for t in dag.tasks]
        assert all(callbacks), f"every task of {dag_id} alerts on failure"
    report = bag.dags["provind_report"]
    names = {asset.name for asset in report.timetable.asset_condition.objects}
    assert names == {"provind_published_marts"}
    nightly = bag.dags["provind_nightly"]
    assert nightly.on_failure_callback, "a run that fails or times out (dagrun_timeout) alerts too"
    assert nightly.dagrun_timeout is not None
