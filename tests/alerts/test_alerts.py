"""provind.alerts against loopback servers that answer as the real ones do.

One fake HTTP server plays DingTalk, WeCom, Feishu and a generic webhook: it checks tokens,
signatures, message types, keywords and size limits the way the bots document them, and answers
HTTP 200 with an error code when it refuses, as they do. A tiny SMTP server takes the mail.
"""

from __future__ import annotations

import asyncio
import base64
import email
import email.policy
import hashlib
import hmac
import json
import logging
import socketserver
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from provind import alerts
from provind.alerts import (
    AlertDeliveryError,
    DingTalkNotifier,
    EmailNotifier,
    FeishuNotifier,
    ProvindNotifier,
    WebhookNotifier,
    WeComNotifier,
)

pytestmark = pytest.mark.integration

DINGTALK_TOKEN = "dt0123456789abcdef0123456789abcdef"
DINGTALK_SECRET = "SEC0123456789abcdef0123456789abcdef0123456789abcdef"
WECOM_KEY = "693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa"
FEISHU_TOKEN = "2c6d7f59-0b53-4e1d-9a8e-feishu-hook-token"
FEISHU_SECRET = "fsSecret0123456789abc"
ALL_ENV = [
    "PROVIND_ALERT_WEBHOOK",
    "PROVIND_ALERT_DINGTALK",
    "PROVIND_ALERT_DINGTALK_SECRET",
    "PROVIND_ALERT_WECOM",
    "PROVIND_ALERT_FEISHU",
    "PROVIND_ALERT_FEISHU_SECRET",
    "PROVIND_ALERT_EMAIL_TO",
    "PROVIND_ALERT_SMTP_HOST",
    "PROVIND_ALERT_SMTP_PORT",
    "PROVIND_ALERT_SMTP_USER",
    "PROVIND_ALERT_SMTP_PASSWORD",
    "PROVIND_ALERT_SMTP_SECURITY",
    "PROVIND_ALERT_EMAIL_FROM",
    "PROVIND_ALERTS_FILE",
]


# --- the fake bots -------------------------------------------------------------------------


@dataclass
class Bots:
    """What the fake bots expect, and every request they got."""

    base: str = ""
    dingtalk_secret: str | None = None
    dingtalk_keywords: tuple[str, ...] = ()
    feishu_secret: str | None = None
    feishu_keywords: tuple[str, ...] = ()
    feishu_legacy: bool = False
    webhook_status: int = 200
    # (HTTP status, JSON answer or None for an empty body, seconds to wait first), served before
    # the bot's own logic: outages, busy answers, timeouts.
    script: list[tuple[int, Any, float]] = field(default_factory=list)
    received: list[dict[str, Any]] = field(default_factory=list)

    @property
    def dingtalk_url(self) -> str:
        return f"{self.base}/robot/send?access_token={DINGTALK_TOKEN}"

    @property
    def wecom_url(self) -> str:
        return f"{self.base}/cgi-bin/webhook/send?key={WECOM_KEY}"

    @property
    def feishu_url(self) -> str:
        return f"{self.base}/open-apis/bot/v2/hook/{FEISHU_TOKEN}"

    @property
    def webhook_url(self) -> str:
        return f"{self.base}/hook"

    def bodies(self, path_start: str) -> list[dict[str, Any]]:
        return [r["body"] for r in self.received if r["path"].startswith(path_start)]


def dingtalk_answer(bots: Bots, query: dict[str, list[str]], body: dict[str, Any]) -> dict[str, Any]:
    if query.get("access_token") != [DINGTALK_TOKEN]:
        return {"errcode": 300001, "errmsg": "token is not exist"}
    if bots.dingtalk_secret:
        timestamp, sign = query.get("timestamp", [""])[0], query.get("sign", [""])[0]
        if not timestamp.isdigit() or abs(time.time() * 1000 - int(timestamp)) > 3_600_000:
            return {"errcode": 310000, "errmsg": "sign not match, more: invalid timestamp"}
        to_sign = f"{timestamp}\n{bots.dingtalk_secret}".encode()
        digest = hmac.new(bots.dingtalk_secret.encode(), to_sign, hashlib.sha256).digest()
        if sign != base64.b64encode(digest).decode():
            return {"errcode": 310000, "errmsg": "sign not match"}
    if body.get("msgtype") == "text":
        content = body["text"]["content"]
    elif body.get("msgtype") == "markdown":
        content = body["markdown"]["title"] + body["markdown"]["text"]
    else:
        return {"errcode": 40035, "errmsg": "缺少参数 json"}
    if bots.dingtalk_keywords and not any(k in content for k in bots.dingtalk_keywords):
        return {"errcode": 310000, "errmsg": "keywords not in content"}
    if len(json.dumps(body, ensure_ascii=False).encode()) > 20000:
        return {"errcode": 460101, "errmsg": "message too long"}
    return {"errcode": 0, "errmsg": "ok"}


def wecom_answer(query: dict[str, list[str]], body: dict[str, Any]) -> dict[str, Any]:
    if query.get("key") != [WECOM_KEY]:
        return {"errcode": 93000, "errmsg": "invalid webhook url, hint: [1733300000_1_x], from ip: 127.0.0.1"}
    msgtype = body.get("msgtype")
    if msgtype not in ("text", "markdown", "markdown_v2"):
        return {"errcode": 40008, "errmsg": "invalid message type"}
    content = body[msgtype]["content"]
    limit = 2048 if msgtype == "text" else 4096
    if len(content.encode("utf-8")) > limit:
        return {"errcode": 40058, "errmsg": f"{msgtype}.content exceed max length {limit}"}
    return {"errcode": 0, "errmsg": "ok"}


def feishu_answer(bots: Bots, path: str, body: dict[str, Any], size: int) -> dict[str, Any]:
    if path.rsplit("/", 1)[-1] != FEISHU_TOKEN:
        return {"code": 19001, "msg": "param invalid: incoming webhook access token invalid", "data": {}}
    if bots.feishu_secret:
        timestamp, sign = str(body.get("timestamp", "")), body.get("sign")
        to_sign = f"{timestamp}\n{bots.feishu_secret}".encode()
        expected = base64.b64encode(hmac.new(to_sign, b"", hashlib.sha256).digest()).decode()
        if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > 3600 or sign != expected:
            return {
                "code": 19021,
                "msg": "sign match fail or timestamp is not within one hour from current time",
                "data": {},
            }
    if body.get("msg_type") == "text":
        content = body["content"]["text"]
    elif body.get("msg_type") == "post":
        post = body["content"]["post"]["zh_cn"]
        content = post["title"] + json.dumps(post["content"], ensure_ascii=False)
    else:
        return {"code": 19002, "msg": "params error, msg_type need"}
    if bots.feishu_keywords and not any(k in content for k in bots.feishu_keywords):
        return {"code": 19024, "msg": "Key Words Not Found"}
    if size > 20 * 1024:
        return {"code": 9499, "msg": "request body exceeds 20KB"}
    if bots.feishu_legacy:
        return {"Extra": None, "StatusCode": 0, "StatusMessage": "success"}
    return {"code": 0, "msg": "success", "data": {}}


@pytest.fixture
def bots() -> Iterator[Bots]:
    state = Bots()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            parts = urlsplit(self.path)
            raw = self.rfile.read(int(self.headers["Content-Length"]))
            body = json.loads(raw.decode("utf-8"))
            query = parse_qs(parts.query)
            state.received.append(
                {"path": parts.path, "query": query, "body": body, "content_type": self.headers["Content-Type"]}
            )
            if state.script:
                status, answer, delay = state.script.pop(0)
                time.sleep(delay)
                return self.answer(status, answer)
            if parts.path == "/robot/send":
                return self.answer(200, dingtalk_answer(state, query, body))
            if parts.path == "/cgi-bin/webhook/send":
                return self.answer(200, wecom_answer(query, body))
            if parts.path.startswith("/open-apis/bot/v2/hook/"):
                return self.answer(200, feishu_answer(state, parts.path, body, len(raw)))
            return self.answer(state.webhook_status, None)

        def answer(self, status: int, answer: Any) -> None:
            data = b"" if answer is None else json.dumps(answer, ensure_ascii=False).encode("utf-8")
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except OSError:
                pass  # the client gave up (timeout tests)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


# --- the fake SMTP server ------------------------------------------------------------------


@dataclass
class Mailbox:
    host: str = "127.0.0.1"
    port: int = 0
    user: str | None = None
    password: str | None = None
    refuse: set[str] = field(default_factory=set)
    busy_connections: int = 0  # the next N connections are greeted with 421
    messages: list[dict[str, Any]] = field(default_factory=list)
    connections: int = 0


class SMTPHandler(socketserver.StreamRequestHandler):
    """Enough of RFC 5321 for smtplib: EHLO, AUTH PLAIN, MAIL, RCPT, DATA, RSET, NOOP, QUIT."""

    def say(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self) -> None:
        box: Mailbox = self.server.box  # type: ignore[attr-defined]
        box.connections += 1
        if box.busy_connections:
            box.busy_connections -= 1
            self.say("421 4.3.2 service not available, try again later")
            return
        self.say("220 fake.smtp ESMTP")
        sender, recipients = None, []
        while line := self.rfile.readline():
            command = line.decode("utf-8").rstrip("\r\n")
            verb = command.split(" ", 1)[0].upper()
            if verb == "EHLO":
                self.say("250-fake.smtp")
                self.say("250-8BITMIME")
                self.say("250 AUTH PLAIN")
            elif verb == "HELO" or verb == "NOOP":
                self.say("250 ok")
            elif verb == "AUTH":
                _, user, password = (base64.b64decode(command.split()[2]).decode() + "\0\0").split("\0")[:3]
                ok = (user, password) == (box.user, box.password)
                self.say("235 2.7.0 authenticated" if ok else "535 5.7.8 authentication credentials invalid")
            elif verb == "MAIL":
                sender, recipients = command.split(":", 1)[1].split()[0].strip("<>"), []
                self.say("250 ok")
            elif verb == "RCPT":
                address = command.split(":", 1)[1].strip().strip("<>")
                if address in box.refuse:
                    self.say(f"550 5.1.1 <{address}>: mailbox unavailable")
                else:
                    recipients.append(address)
                    self.say("250 ok")
            elif verb == "DATA":
                self.say("354 end data with <CR><LF>.<CR><LF>")
                data = b""
                while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                    data += chunk[1:] if chunk.startswith(b".") else chunk
                box.messages.append({"from": sender, "to": recipients, "data": data})
                self.say("250 ok queued")
            elif verb == "RSET":
                self.say("250 ok")
            elif verb == "QUIT":
                self.say("221 bye")
                return
            else:
                self.say("502 command not implemented")


@pytest.fixture
def mailbox() -> Iterator[Mailbox]:
    box = Mailbox()
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), SMTPHandler)
    server.daemon_threads = True
    server.box = box  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    box.port = server.server_address[1]
    try:
        yield box
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


# --- helpers -------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def no_configured_targets(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ALL_ENV:
        monkeypatch.delenv(name, raising=False)


def failure_context(error: str = "gate fct_indicator_observation failed: expect_column_values_to_be_between") -> dict:
    ti = SimpleNamespace(
        dag_id="provind_nightly",
        task_id="gate_marts",
        map_index=-1,
        try_number=2,
        run_id="scheduled__2026-11-23T18:00:00+00:00",
        log_url="http://airflow.example/dags/provind_nightly/runs/x/tasks/gate_marts",
    )
    return {
        "ti": ti,
        "run_id": ti.run_id,
        "logical_date": "2026-11-23T18:00:00+00:00",
        "exception": RuntimeError(error),
    }


def alert() -> dict[str, Any]:
    return alerts.build_alert(failure_context())


# --- DingTalk ------------------------------------------------------------------------------


def test_dingtalk_markdown_signed_with_the_secret_is_delivered(bots: Bots) -> None:
    bots.dingtalk_secret = DINGTALK_SECRET
    bots.dingtalk_keywords = ("provind",)
    delivery = DingTalkNotifier(bots.dingtalk_url, secret=DINGTALK_SECRET).send(alert())
    assert delivery.ok, delivery
    assert "errcode 0" in delivery.detail
    (request,) = [r for r in bots.received if r["path"] == "/robot/send"]
    assert request["content_type"].startswith("application/json")
    assert set(request["query"]) == {"access_token", "timestamp", "sign"}
    body = request["body"]
    assert body["msgtype"] == "markdown"
    assert body["markdown"]["title"].startswith("provind: provind_nightly FAILED: task gate_marts")
    assert "gate fct_indicator_observation failed" in body["markdown"]["text"]
    assert "[log](http://airflow.example/" in body["markdown"]["text"]


def test_dingtalk_text_with_mentions(bots: Bots) -> None:
    notifier = DingTalkNotifier(bots.dingtalk_url, msgtype="text", at_mobiles=["13800000000"])
    assert notifier.send(alert()).ok
    body = bots.bodies("/robot/send")[0]
    assert body["msgtype"] == "text"
    assert body["at"] == {"atMobiles": ["13800000000"], "isAtAll": False}
    assert body["text"]["content"].startswith("provind: provind_nightly FAILED")
    assert "@13800000000" in body["text"]["content"]  # DingTalk only notifies those named in the text


def test_dingtalk_refusals_are_failures_logged_with_the_bots_words(bots: Bots, caplog) -> None:
    bots.dingtalk_secret = DINGTALK_SECRET
    wrong = ProvindNotifier([DingTalkNotifier(bots.dingtalk_url, secret="SECwrong", retry_delay=0)])
    with caplog.at_level(logging.INFO, logger="provind.alerts"):
        (delivery,) = wrong.announce(alert())
    assert not delivery.ok
    assert delivery.attempts == 1, "a bad signature fails again: not retried"
    assert len(bots.received) == 1
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert any("NOT delivered to dingtalk" in m and "errcode 310000: sign not match" in m for m in errors), errors

    bots.dingtalk_secret, bots.dingtalk_keywords = None, ("告警",)
    (delivery,) = ProvindNotifier([DingTalkNotifier(bots.dingtalk_url)]).announce(alert())
    assert not delivery.ok
    assert delivery.detail == "errcode 310000: keywords not in content"


def test_dingtalk_unsigned_call_to_a_signing_bot_fails(bots: Bots) -> None:
    bots.dingtalk_secret = DINGTALK_SECRET
    delivery = DingTalkNotifier(bots.dingtalk_url).send(alert())
    assert not delivery.ok and "310000" in delivery.detail


# --- WeCom ---------------------------------------------------------------------------------


def test_wecom_markdown_and_text(bots: Bots) -> None:
    assert WeComNotifier(bots.wecom_url).send(alert()).ok
    assert WeComNotifier(bots.wecom_url, msgtype="text", at_mobiles=["13800000000"], at_all=True).send(alert()).ok
    markdown, text = bots.bodies("/cgi-bin/webhook/send")
    assert markdown["msgtype"] == "markdown"
    assert markdown["markdown"]["content"].startswith("### provind: provind_nightly FAILED")
    assert text["msgtype"] == "text"
    assert text["text"]["mentioned_mobile_list"] == ["13800000000", "@all"]
    assert "error: RuntimeError: gate fct_indicator_observation failed" in text["text"]["content"]


def test_wecom_invalid_key_is_a_failure(bots: Bots, caplog) -> None:
    url = bots.wecom_url.replace(WECOM_KEY, "00000000-dead-beef-0000-000000000000")
    with caplog.at_level(logging.ERROR, logger="provind.alerts"):
        (delivery,) = ProvindNotifier([WeComNotifier(url, retry_delay=0)]).announce(alert())
    assert not delivery.ok and delivery.attempts == 1
    assert "errcode 93000: invalid webhook url" in delivery.detail
    assert "errcode 93000" in caplog.text
    assert "00000000-dead-beef" not in caplog.text, "the webhook key is a credential: never logged"


LONG_ERROR = "第一行：" + "国内生产总值同比增长百分之五点二，" * 2000  # 100 KB of UTF-8


@pytest.mark.parametrize(
    ("cls", "msgtype", "path", "content_of"),
    [
        (WeComNotifier, "markdown", "/cgi-bin/webhook/send", lambda b: b["markdown"]["content"]),
        (WeComNotifier, "text", "/cgi-bin/webhook/send", lambda b: b["text"]["content"]),
        (DingTalkNotifier, "markdown", "/robot/send", lambda b: b["markdown"]["text"]),
        (DingTalkNotifier, "text", "/robot/send", lambda b: b["text"]["content"]),
        (FeishuNotifier, "text", "/open-apis/", lambda b: b["content"]["text"]),
        (FeishuNotifier, "post", "/open-apis/", lambda b: json.dumps(b["content"], ensure_ascii=False)),
    ],
)
def test_a_long_chinese_error_is_shortened_to_the_bots_byte_limit(bots: Bots, cls, msgtype, path, content_of) -> None:
    url = {"/cgi-bin/webhook/send": bots.wecom_url, "/robot/send": bots.dingtalk_url}.get(path, bots.feishu_url)
    delivery = cls(url, msgtype=msgtype).send(alerts.build_alert(failure_context(LONG_ERROR)))
    # the fakes refuse what the bots refuse: WeCom above 4096 (markdown) / 2048 (text) bytes,
    # DingTalk above 20000 bytes, Feishu a body above 20 KB
    assert delivery.ok, delivery
    content = content_of(bots.bodies(path)[0])
    assert "…(truncated)" in content
    assert "docs/operations.md" in content, "what to do next survives the cut"
    assert "\ufffd" not in content, "never cut inside a character"


# --- Feishu / Lark -------------------------------------------------------------------------


def test_feishu_post_signed_with_the_secret_is_delivered(bots: Bots) -> None:
    bots.feishu_secret = FEISHU_SECRET
    bots.feishu_keywords = ("provind",)
    delivery = FeishuNotifier(bots.feishu_url, secret=FEISHU_SECRET, at_all=True).send(alert())
    assert delivery.ok, delivery
    body = bots.bodies("/open-apis/")[0]
    assert body["msg_type"] == "post"
    assert body["timestamp"].isdigit() and body["sign"]
    post = body["content"]["post"]["zh_cn"]
    assert post["title"].startswith("provind: provind_nightly FAILED: task gate_marts")
    flat = [element for line in post["content"] for element in line]
    assert {"tag": "a", "text": failure_context()["ti"].log_url, "href": failure_context()["ti"].log_url} in flat
    assert {"tag": "at", "user_id": "all"} in flat


def test_feishu_bad_signature_is_a_failure(bots: Bots, caplog) -> None:
    bots.feishu_secret = FEISHU_SECRET
    with caplog.at_level(logging.ERROR, logger="provind.alerts"):
        (delivery,) = ProvindNotifier([FeishuNotifier(bots.feishu_url, secret="other", retry_delay=0)]).announce(
            alert()
        )
    assert not delivery.ok and delivery.attempts == 1
    assert delivery.detail.startswith("code 19021: sign match fail")
    assert "NOT delivered to feishu" in caplog.text and "19021" in caplog.text
    assert "other" not in delivery.detail


def test_feishu_text_and_the_older_statuscode_answer(bots: Bots) -> None:
    bots.feishu_legacy = True
    delivery = FeishuNotifier(bots.feishu_url, msgtype="text").send(alert())
    assert delivery.ok and "code 0" in delivery.detail
    body = bots.bodies("/open-apis/")[0]
    assert body == {"msg_type": "text", "content": {"text": alerts.format_alert(alert())}}
    bots.feishu_keywords = ("告警",)
    delivery = FeishuNotifier(bots.feishu_url, msgtype="text").send(alert())
    assert not delivery.ok and delivery.detail == "code 19024: Key Words Not Found"


# --- transient failures: one retry ---------------------------------------------------------


def test_5xx_and_busy_answers_are_retried_once(bots: Bots) -> None:
    bots.script = [(503, None, 0)]
    delivery = DingTalkNotifier(bots.dingtalk_url, retry_delay=0).send(alert())
    assert delivery.ok and delivery.attempts == 2

    bots.script = [(200, {"errcode": -1, "errmsg": "系统繁忙"}, 0), (200, {"errcode": -1, "errmsg": "系统繁忙"}, 0)]
    delivery = WeComNotifier(bots.wecom_url, retry_delay=0).send(alert())
    assert not delivery.ok and delivery.attempts == 2
    assert delivery.detail == "errcode -1: 系统繁忙"

    bots.script = [(400, {"code": 9499, "msg": "Bad Request"}, 0)]
    delivery = FeishuNotifier(bots.feishu_url, retry_delay=0).send(alert())
    assert not delivery.ok and delivery.attempts == 1 and "HTTP 400" in delivery.detail


def test_a_timeout_is_retried_once_then_a_failure(bots: Bots) -> None:
    bots.script = [(200, {"errcode": 0, "errmsg": "ok"}, 1.0)] * 2
    started = time.monotonic()
    delivery = DingTalkNotifier(bots.dingtalk_url, timeout=0.3, retry_delay=0).send(alert())
    assert not delivery.ok and delivery.attempts == 2
    assert "timed out" in delivery.detail
    assert DINGTALK_TOKEN not in delivery.detail, "requests puts the URL in its errors: redacted"
    assert time.monotonic() - started < 3


def test_a_200_that_is_not_the_bots_json_is_a_failure(bots: Bots) -> None:
    bots.script = [(200, None, 0)]
    delivery = WeComNotifier(bots.wecom_url).send(alert())
    assert not delivery.ok and "without an errcode" in delivery.detail


# --- generic webhook -----------------------------------------------------------------------


def test_generic_webhook_posts_text_and_facts(bots: Bots) -> None:
    delivery = WebhookNotifier(bots.webhook_url).send(alert())
    assert delivery.ok and delivery.detail == "HTTP 200"
    body = bots.bodies("/hook")[0]
    assert body["text"] == alerts.format_alert(alert())
    assert body["alert"]["task_id"] == "gate_marts" and body["alert"]["dag_id"] == "provind_nightly"

    bots.webhook_status = 204
    assert WebhookNotifier(bots.webhook_url).send(alert()).ok
    bots.webhook_status = 404
    delivery = WebhookNotifier(bots.webhook_url, retry_delay=0).send(alert())
    assert not delivery.ok and delivery.attempts == 1 and "HTTP 404" in delivery.detail
    bots.webhook_status = 502
    delivery = WebhookNotifier(bots.webhook_url, retry_delay=0).send(alert())
    assert not delivery.ok and delivery.attempts == 2


def test_a_bot_url_given_as_the_plain_webhook_is_sent_to_as_that_bot(
    bots: Bots, monkeypatch: pytest.MonkeyPatch, caplog
) -> None:
    # The issue: a Slack-shaped {"text": ...} to a DingTalk robot, answered 200 + errcode, counted as sent.
    bots.dingtalk_keywords = ("告警",)
    monkeypatch.setenv("PROVIND_ALERT_WEBHOOK", bots.dingtalk_url)
    with caplog.at_level(logging.ERROR, logger="provind.alerts"):
        alerts.on_failure(failure_context())
    assert bots.bodies("/robot/send")[0]["msgtype"] == "markdown"
    assert "NOT delivered to dingtalk" in caplog.text and "keywords not in content" in caplog.text
    for url, kind in [(bots.wecom_url, "wecom"), (bots.feishu_url, "feishu"), (bots.webhook_url, "webhook")]:
        (target,) = alerts.configured_targets({"PROVIND_ALERT_WEBHOOK": url})
        assert target.channel == kind
    host_only = "https://oapi.dingtalk.com/robot/send?access_token=x"
    assert alerts.configured_targets({"PROVIND_ALERT_WEBHOOK": host_only})[0].channel == "dingtalk"


def test_send_webhook_keeps_its_contract(bots: Bots, monkeypatch: pytest.MonkeyPatch) -> None:
    assert alerts.send_webhook({"text": "x"}) is False  # nothing configured
    monkeypatch.setenv(alerts.WEBHOOK_ENV, bots.webhook_url)
    assert alerts.send_webhook({"text": "x"}) is True
    assert bots.bodies("/hook") == [{"text": "x"}]
    bots.webhook_status = 404
    assert alerts.send_webhook({"text": "x"}) is False


def test_unreachable_webhook_is_a_failure_and_never_raises(caplog) -> None:
    notifier = ProvindNotifier([WebhookNotifier("http://127.0.0.1:9/hook", retry_delay=0)])
    with caplog.at_level(logging.ERROR, logger="provind.alerts"):
        notifier(failure_context())  # the Airflow callback call: does not raise
    assert "NOT delivered to webhook http://127.0.0.1:9/hook" in caplog.text
    assert "could not connect" in caplog.text


# --- e-mail --------------------------------------------------------------------------------


def test_email_reaches_the_smtp_server(mailbox: Mailbox) -> None:
    mailbox.user, mailbox.password = "alerts@example.cn", "s3cret"
    notifier = EmailNotifier(
        "ops@example.cn, oncall@example.cn",
        host=mailbox.host,
        port=mailbox.port,
        user="alerts@example.cn",
        password="s3cret",
    )
    context = failure_context("统计公报解析失败：表头缺失")
    delivery = notifier.send(alerts.build_alert(context))
    assert delivery.ok, delivery
    (message,) = mailbox.messages
    assert message["from"] == "alerts@example.cn"
    assert message["to"] == ["ops@example.cn", "oncall@example.cn"]
    parsed = email.message_from_bytes(message["data"], policy=email.policy.default)
    assert (
        parsed["Subject"]
        == "provind: provind_nightly FAILED: task gate_marts in run scheduled__2026-11-23T18:00:00+00:00"
    )
    assert "error: RuntimeError: 统计公报解析失败：表头缺失" in parsed.get_content()


def test_email_refusals_are_failures_and_busy_servers_are_retried(mailbox: Mailbox) -> None:
    def notifier(**kwargs: Any) -> EmailNotifier:
        return EmailNotifier("ops@example.cn", host=mailbox.host, port=mailbox.port, retry_delay=0, **kwargs)

    mailbox.user, mailbox.password = "alerts", "right"
    delivery = notifier(user="alerts", password="wrong").send(alert())
    assert not delivery.ok and delivery.attempts == 1 and "SMTP 535" in delivery.detail

    mailbox.user = None
    mailbox.refuse = {"ops@example.cn"}
    delivery = notifier().send(alert())
    assert not delivery.ok and delivery.attempts == 1 and "550" in delivery.detail

    mailbox.refuse = set()
    mailbox.busy_connections = 1
    delivery = notifier().send(alert())
    assert delivery.ok and delivery.attempts == 2
    assert len(mailbox.messages) == 1


# --- configuration, the DAG callbacks, the notifier interface ------------------------------


def test_environment_configures_every_kind_and_one_refusal_spares_the_others(
    bots: Bots, mailbox: Mailbox, monkeypatch: pytest.MonkeyPatch, caplog
) -> None:
    bots.dingtalk_secret, bots.feishu_secret = DINGTALK_SECRET, FEISHU_SECRET
    env = {
        "PROVIND_ALERT_WEBHOOK": bots.webhook_url,
        "PROVIND_ALERT_DINGTALK": bots.dingtalk_url,
        "PROVIND_ALERT_DINGTALK_SECRET": DINGTALK_SECRET,
        "PROVIND_ALERT_WECOM": bots.wecom_url.replace(WECOM_KEY, "revoked-key-000000000000"),
        "PROVIND_ALERT_FEISHU": bots.feishu_url,
        "PROVIND_ALERT_FEISHU_SECRET": FEISHU_SECRET,
        "PROVIND_ALERT_EMAIL_TO": "ops@example.cn",
        "PROVIND_ALERT_SMTP_HOST": mailbox.host,
        "PROVIND_ALERT_SMTP_PORT": str(mailbox.port),
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with caplog.at_level(logging.INFO, logger="provind.alerts"):
        alerts.on_failure(failure_context())
    assert "provind_nightly FAILED: task gate_marts" in caplog.text
    assert "docs/operations.md" in caplog.text
    assert len(bots.bodies("/hook")) == len(bots.bodies("/robot/send")) == len(bots.bodies("/open-apis/")) == 1
    assert len(mailbox.messages) == 1
    delivered = [r.getMessage() for r in caplog.records if r.getMessage().startswith("alert delivered")]
    failed = [r.getMessage() for r in caplog.records if r.getMessage().startswith("alert NOT delivered")]
    assert len(delivered) == 4
    assert len(failed) == 1 and "wecom" in failed[0] and "errcode 93000" in failed[0]
    assert DINGTALK_SECRET not in caplog.text and "revoked-key-000000000000" not in caplog.text


def test_config_file_targets_with_secrets_from_the_environment(
    bots: Bots, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bots.dingtalk_secret = DINGTALK_SECRET
    config = tmp_path / "alerts.yml"
    config.write_text(
        f"""
targets:
  - type: dingtalk
    url: {bots.base}/robot/send?access_token=${{OPS_TOKEN}}
    secret: ${{OPS_SECRET}}
    msgtype: text
  - type: lark
    url: {bots.feishu_url}
  - type: wecom
    url: {bots.wecom_url}
    msgtype: html
  - type: pager
    url: {bots.webhook_url}
  - type: webhook
    url: ${{NOT_SET_ANYWHERE}}
""",
        encoding="utf-8",
    )
    env = {"PROVIND_ALERTS_FILE": str(config), "OPS_TOKEN": DINGTALK_TOKEN, "OPS_SECRET": DINGTALK_SECRET}
    targets, errors = alerts.load_targets(env)
    assert [t.channel for t in targets] == ["dingtalk", "lark"]
    assert len(errors) == 3
    assert "target 3: wecom: msgtype must be one of markdown, markdown_v2, text" in errors[0]
    assert "target 4: unknown alert target type 'pager'" in errors[1]
    assert "target 5: ${NOT_SET_ANYWHERE} is not set" in errors[2]
    with pytest.raises(alerts.AlertConfigError):
        alerts.configured_targets(env)

    for name, value in env.items():
        monkeypatch.setenv(name, value)
    deliveries = ProvindNotifier().announce(alert())
    assert [d.ok for d in deliveries] == [False, False, False, True, True]  # config errors first
    assert bots.bodies("/robot/send")[0]["msgtype"] == "text"


def test_config_file_errors_name_the_target_and_the_problem(tmp_path: Path) -> None:
    config = tmp_path / "alerts.yml"
    config.write_text("targets:\n  - type: email\n    to: ops@example.cn\n    hots: smtp.example.cn\n")
    targets, errors = alerts.load_targets({"PROVIND_ALERTS_FILE": str(config)})
    assert targets == [] and len(errors) == 1
    assert "target 1: email:" in errors[0] and "'hots'" in errors[0]
    config.write_text("targets: [")
    assert "cannot read the alert targets" in alerts.load_targets({"PROVIND_ALERTS_FILE": str(config)})[1][0]
    missing = str(tmp_path / "absent.yml")
    assert "cannot read the alert targets" in alerts.load_targets({"PROVIND_ALERTS_FILE": missing})[1][0]


def test_notifiers_speak_airflows_notifier_interface(bots: Bots) -> None:
    from airflow.sdk.bases.notifier import BaseNotifier

    notifier = FeishuNotifier(bots.feishu_url)
    assert isinstance(notifier, BaseNotifier) and isinstance(ProvindNotifier(), BaseNotifier)
    notifier(failure_context())  # sync, as an on_failure_callback
    # A DAG-level callback under `airflow dags test` gets a SerializedDAG, which cannot render templates.
    ProvindNotifier([notifier])({"dag": SimpleNamespace(dag_id="provind_nightly"), "reason": "task_failure"})
    assert bots.bodies("/open-apis/")[-1]["content"]["post"]["zh_cn"]["title"].startswith("provind: provind_nightly")
    bots.feishu_secret = FEISHU_SECRET
    with pytest.raises(AlertDeliveryError, match="code 19021"):
        notifier(failure_context())  # used alone, a target says loudly that its alert did not arrive

    async def as_the_triggerer_does() -> None:
        # DeadlineAlert(callback=AsyncCallback(FeishuNotifier, kwargs={...})): built with context, awaited.
        await FeishuNotifier(
            bots.feishu_url, secret=FEISHU_SECRET, kind="deadline", context={"dag_id": "provind_nightly"}
        )

    asyncio.run(as_the_triggerer_does())
    assert "missed its deadline" in bots.bodies("/open-apis/")[-1]["content"]["post"]["zh_cn"]["title"]


def test_no_target_configured_only_logs(caplog) -> None:
    with caplog.at_level(logging.ERROR, logger="provind.alerts"):
        alerts.on_failure({"dag_id": "provind_nightly", "reason": "task_failure"})
    assert "provind_nightly FAILED: the run" in caplog.text
    assert ProvindNotifier().announce(alert()) == []


def test_deadline_callback_posts_a_deadline_alert(bots: Bots, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROVIND_ALERT_WEBHOOK", bots.webhook_url)
    context = {"dag_run": {"dag_id": "provind_nightly", "run_id": "scheduled__2026-11-23"}, "dag_id": "provind_nightly"}
    sent = asyncio.run(alerts.deadline_missed(context=context))
    assert sent["kind"] == "deadline"
    assert sent["deliveries"] and sent["deliveries"][0].startswith("alert delivered to webhook")
    text = bots.bodies("/hook")[0]["text"]
    assert "missed its deadline" in text and "scheduled__2026-11-23" in text


def test_test_command_reports_each_target(bots: Bots, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    from provind.alerts.__main__ import main

    assert main() == 1  # nothing configured
    monkeypatch.setenv("PROVIND_ALERT_DINGTALK", bots.dingtalk_url)
    assert main() == 0
    monkeypatch.setenv("PROVIND_ALERT_WECOM", bots.wecom_url + "x")
    assert main() == 1
    out = capsys.readouterr().out
    assert "alert delivered to dingtalk" in out and "alert NOT delivered to wecom" in out


def test_nightly_dag_is_wired_to_the_alerts() -> None:
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
    assert isinstance(nightly.on_failure_callback, ProvindNotifier), "a run that fails or times out alerts too"
    assert nightly.dagrun_timeout is not None
