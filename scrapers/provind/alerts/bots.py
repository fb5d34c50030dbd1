"""Chat targets over HTTP: a generic JSON webhook, and the group bots Chinese teams use.

- `WebhookNotifier`: `{"text": ..., "alert": {...}}` (Slack, Mattermost, Teams); any 2xx is delivered.
- `DingTalkNotifier` (钉钉自定义机器人): `msgtype` markdown or text; optional secret signs with
  `timestamp` (ms) and `sign` query parameters; delivered when `errcode` is 0.
- `WeComNotifier` (企业微信群机器人): `msgtype` markdown, markdown_v2 or text; the `key` in the URL
  is the credential; delivered when `errcode` is 0.
- `FeishuNotifier` (飞书 / Lark 自定义机器人): `msg_type` post or text; optional secret signs with
  `timestamp` (s) and `sign` in the body; delivered when `code` (older bots: `StatusCode`) is 0.

The bots' own size limits are bytes of UTF-8; the error is shortened to fit them (`message.fit`).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
import urllib.parse
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from provind.alerts.delivery import (
    HTTP_TIMEOUT,
    RETRY_DELAY,
    Delivery,
    Redactor,
    Verdict,
    http_post,
    json_answer,
    judge_errcode,
)
from provind.alerts.message import fit, format_alert, format_markdown, headline
from provind.alerts.notifier import AlertNotifier

Payload = dict[str, Any]


class WebhookNotifier(AlertNotifier):
    """POST `{"text": ..., "alert": {...}}` as JSON; any 2xx answer counts as delivered."""

    channel = "webhook"
    msgtypes: tuple[str, ...] = ("json",)

    def __init__(
        self,
        url: str,
        *,
        msgtype: str | None = None,
        secret: str | None = None,
        timeout: float = HTTP_TIMEOUT,
        retry_delay: float = RETRY_DELAY,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if urllib.parse.urlsplit(url or "").scheme not in ("http", "https"):
            # The value is not repeated: a webhook URL holds its token.
            raise ValueError(f"{self.channel}: the webhook URL must start with http:// or https://")
        msgtype = msgtype or self.msgtypes[0]
        if msgtype not in self.msgtypes:
            raise ValueError(f"{self.channel}: msgtype must be one of {', '.join(self.msgtypes)}, got {msgtype!r}")
        self.url, self.msgtype, self.secret = url, msgtype, secret
        self.timeout, self.retry_delay = timeout, retry_delay
        self.redact = Redactor(url, extra=[secret])

    @property
    def target(self) -> str:
        return f"{self.channel} {self.redact.display}"

    def scrub(self, text: str) -> str:
        return self.redact(text)

    def payload(self, alert: Mapping[str, Any]) -> Payload:
        return {"text": format_alert(alert), "alert": dict(alert)}

    def signed(self, payload: Payload) -> tuple[Payload, dict[str, str] | None]:
        """The body and query parameters of one attempt."""
        return payload, None

    def judge(self, response: Any) -> Verdict:
        return Verdict(True, f"HTTP {response.status_code}")

    def deliver(self, alert: Mapping[str, Any]) -> Delivery:
        return self.post(self.payload(alert))

    def post(self, payload: Payload) -> Delivery:
        """Send a ready payload (signed per attempt) and judge the answer."""
        return http_post(
            self.url,
            lambda: self.signed(payload),
            self.judge,
            target=self.target,
            redact=self.redact,
            timeout=self.timeout,
            retry_delay=self.retry_delay,
        )


def hmac_sign(timestamp: str, secret: str, *, key_is_string_to_sign: bool = False) -> str:
    """base64(HMAC-SHA256) of "<timestamp>\\n<secret>", as DingTalk and Feishu sign webhook calls.

    DingTalk keys the HMAC with the secret and signs that string; Feishu keys it with that
    string and signs nothing.
    """
    string_to_sign = f"{timestamp}\n{secret}".encode()
    if key_is_string_to_sign:
        digest = hmac.new(string_to_sign, b"", hashlib.sha256).digest()
    else:
        digest = hmac.new(secret.encode("utf-8"), string_to_sign, hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


class DingTalkNotifier(WebhookNotifier):
    """钉钉自定义机器人: `https://oapi.dingtalk.com/robot/send?access_token=...`.

    With `secret` (加签, "SEC..."), each call carries `timestamp` (ms) and `sign`. A bot guarded by
    keywords (自定义关键词) accepts the alerts if one keyword is `provind`: every message has it.
    """

    channel = "dingtalk"
    msgtypes = ("markdown", "text")
    max_bytes = 18000  # 钉钉: 20000 bytes a message

    def __init__(self, url: str, *, at_mobiles: Sequence[str] = (), at_all: bool = False, **kwargs: Any) -> None:
        super().__init__(url, **kwargs)
        self.at_mobiles, self.at_all = [str(m) for m in at_mobiles], bool(at_all)

    def payload(self, alert: Mapping[str, Any]) -> Payload:
        at = {"atMobiles": self.at_mobiles, "isAtAll": self.at_all}
        # DingTalk only notifies the people @-ed by mobile if the text also names them.
        mention = " ".join(f"@{m}" for m in self.at_mobiles)
        if self.msgtype == "text":
            text = fit(alert, format_alert, self.max_bytes - len(mention) - 1)
            return {"msgtype": "text", "text": {"content": f"{text}\n{mention}".rstrip()}, "at": at}
        text = fit(alert, format_markdown, self.max_bytes - len(mention) - 2)
        body = f"{text}\n\n{mention}".rstrip()
        return {"msgtype": "markdown", "markdown": {"title": headline(alert), "text": body}, "at": at}

    def signed(self, payload: Payload) -> tuple[Payload, dict[str, str] | None]:
        if not self.secret:
            return payload, None
        timestamp = str(int(time.time() * 1000))
        return payload, {"timestamp": timestamp, "sign": hmac_sign(timestamp, self.secret)}

    def judge(self, response: Any) -> Verdict:
        return judge_errcode(response)


class WeComNotifier(WebhookNotifier):
    """企业微信群机器人: `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=...`.

    `text` can @ members by mobile (`mentioned_mobile_list`, "@all" for everyone); markdown cannot.
    """

    channel = "wecom"
    msgtypes = ("markdown", "markdown_v2", "text")
    limits: ClassVar[dict[str, int]] = {"markdown": 4096, "markdown_v2": 4096, "text": 2048}  # bytes of UTF-8

    def __init__(self, url: str, *, at_mobiles: Sequence[str] = (), at_all: bool = False, **kwargs: Any) -> None:
        super().__init__(url, **kwargs)
        self.mentioned = [str(m) for m in at_mobiles] + (["@all"] if at_all else [])

    def payload(self, alert: Mapping[str, Any]) -> Payload:
        limit = self.limits[self.msgtype]
        if self.msgtype == "text":
            text: Payload = {"content": fit(alert, format_alert, limit)}
            if self.mentioned:
                text["mentioned_mobile_list"] = self.mentioned
            return {"msgtype": "text", "text": text}
        return {"msgtype": self.msgtype, self.msgtype: {"content": fit(alert, format_markdown, limit)}}

    def judge(self, response: Any) -> Verdict:
        return judge_errcode(response)


class FeishuNotifier(WebhookNotifier):
    """飞书 / Lark 自定义机器人: `https://open.feishu.cn/open-apis/bot/v2/hook/...`
    (Lark: `https://open.larksuite.com/open-apis/bot/v2/hook/...`).

    With `secret` (签名校验), the body carries `timestamp` (s) and `sign`; a keyword check
    (自定义关键词) passes with the keyword `provind`.
    """

    channel = "feishu"
    msgtypes = ("post", "text")
    max_bytes = 18000  # 飞书: a request body of at most 20 KB

    def __init__(self, url: str, *, at_all: bool = False, **kwargs: Any) -> None:
        super().__init__(url, **kwargs)
        self.at_all = bool(at_all)

    def payload(self, alert: Mapping[str, Any]) -> Payload:
        if self.msgtype == "text":
            text = fit(alert, format_alert, self.max_bytes)
            if self.at_all:
                text += '\n<at user_id="all">所有人</at>'
            return {"msg_type": "text", "content": {"text": text}}
        lines = fit(alert, format_alert, self.max_bytes).split("\n")[1:]  # the first line is the title
        content: list[list[dict[str, str]]] = []
        for line in lines:
            if line.startswith("log: "):
                url = line.removeprefix("log: ")
                content.append([{"tag": "text", "text": "log: "}, {"tag": "a", "text": url, "href": url}])
            else:
                content.append([{"tag": "text", "text": line}])
        if self.at_all:
            content.append([{"tag": "at", "user_id": "all"}])
        post = {"zh_cn": {"title": headline(alert), "content": content}}
        return {"msg_type": "post", "content": {"post": post}}

    def signed(self, payload: Payload) -> tuple[Payload, dict[str, str] | None]:
        if not self.secret:
            return payload, None
        timestamp = str(int(time.time()))
        return {
            **payload,
            "timestamp": timestamp,
            "sign": hmac_sign(timestamp, self.secret, key_is_string_to_sign=True),
        }, None

    def judge(self, response: Any) -> Verdict:
        """`{"code": 0, "msg": "success"}`; older bots answer `{"StatusCode": 0, "StatusMessage": ...}`."""
        data = json_answer(response)
        code = None if data is None else data.get("code", data.get("StatusCode"))
        if data is None or code is None:
            return Verdict(False, f"HTTP {response.status_code} without a code: {response.text[:300]}")
        message = data.get("msg") or data.get("StatusMessage")
        if code == 0:
            return Verdict(True, f"code 0 ({message})")
        return Verdict(False, f"code {code}: {message}")
