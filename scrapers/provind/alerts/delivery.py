"""Sending one alert to one target, and saying truthfully whether it arrived.

A chat bot answers HTTP 200 to a message it refused (wrong keyword, bad signature, too long)
and puts the refusal in its JSON answer, so every target judges the answer itself (`Verdict`).
Only what can pass on a second try is tried again, once: a timeout, a refused connection,
HTTP 5xx or 429, or a bot's "system busy". A refusal would be refused again.

Webhook URLs carry their credential (`access_token=`, `key=`, the last path segment), so every
URL and error text that reaches a log goes through `Redactor` first.
"""

from __future__ import annotations

import json
import logging
import time
import urllib.parse
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

log = logging.getLogger("provind.alerts")

HTTP_TIMEOUT = 10.0
JSON_HEADERS = {"Content-Type": "application/json; charset=utf-8"}
RETRY_DELAY = 2.0


@dataclass(frozen=True)
class Verdict:
    """How a target judged one attempt: delivered, or not and whether a retry could help."""

    ok: bool
    detail: str
    transient: bool = False


@dataclass(frozen=True)
class Delivery:
    """The outcome of sending one alert to one target (after any retry)."""

    target: str
    ok: bool
    detail: str
    attempts: int = 1

    def __str__(self) -> str:
        state = "delivered" if self.ok else "NOT delivered"
        tries = f" after {self.attempts} attempts" if self.attempts > 1 else ""
        return f"alert {state} to {self.target}{tries}: {self.detail}"


class AlertDeliveryError(RuntimeError):
    """Raised by a single target's notifier when its alert did not arrive."""

    def __init__(self, delivery: Delivery) -> None:
        super().__init__(str(delivery))
        self.delivery = delivery


class Redactor:
    """Hides a webhook's credentials: query values and long path segments (Feishu's hook token)."""

    def __init__(self, url: str, extra: Iterable[str | None] = ()) -> None:
        parts = urllib.parse.urlsplit(url)
        query = urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
        secrets = [value for _, value in query if len(value) >= 4]
        secrets += [seg for seg in parts.path.split("/") if len(seg) >= 16]
        secrets += [s for s in extra if s]
        # Longest first, and each also as it appears percent-encoded in a logged URL.
        both = {s for secret in secrets for s in (secret, urllib.parse.quote(secret, safe=""))}
        self.secrets = sorted(both, key=len, reverse=True)
        self.display = self(f"{parts.scheme}://{parts.netloc}{parts.path}" + (f"?{parts.query}" if query else ""))

    def __call__(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, secret[:4] + "…")
        return text


def http_post(
    url: str,
    build: Callable[[], tuple[Mapping[str, Any], Mapping[str, str] | None]],
    judge: Callable[[Any], Verdict],
    *,
    target: str,
    redact: Callable[[str], str],
    timeout: float = HTTP_TIMEOUT,
    retry_delay: float = RETRY_DELAY,
) -> Delivery:
    """POST `build()`'s JSON (and query params) to `url`; a transient failure is retried once.

    `build` is called for each attempt so that a signature carries a fresh timestamp.
    """
    import requests  # here, not at module level: DAG files import this package while parsing

    verdict = Verdict(False, "not sent")
    for attempt in (1, 2):
        payload, params = build()
        try:
            # UTF-8, not \u escapes: a bot's size limit counts the bytes of the request body.
            body = json.dumps(payload, ensure_ascii=False, default=str).encode("utf-8")
            response = requests.post(
                url, data=body, params=params, headers=JSON_HEADERS, timeout=timeout, allow_redirects=False
            )
        except requests.Timeout as exc:
            verdict = Verdict(False, f"timed out after {timeout:g}s ({exc})", transient=True)
        except requests.RequestException as exc:
            verdict = Verdict(False, f"could not connect: {exc}", transient=True)
        else:
            if response.status_code >= 500 or response.status_code == 429:
                verdict = Verdict(False, f"HTTP {response.status_code}: {_body(response)}", transient=True)
            elif not 200 <= response.status_code < 300:
                verdict = Verdict(False, f"HTTP {response.status_code}: {_body(response)}")
            else:
                verdict = judge(response)
        if verdict.ok or not verdict.transient or attempt == 2:
            return Delivery(target, verdict.ok, redact(verdict.detail), attempt)
        log.warning("alert to %s failed (%s); trying once more", target, redact(verdict.detail))
        time.sleep(retry_delay)
    raise AssertionError("unreachable")  # pragma: no cover


def _body(response: Any, limit: int = 300) -> str:
    text = (response.text or "").strip()
    return (text[:limit] + "…") if len(text) > limit else (text or "(empty body)")


def json_answer(response: Any) -> dict[str, Any] | None:
    """The response's JSON object, or None when the body is not one."""
    try:
        data = response.json()
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def judge_errcode(response: Any, busy: frozenset[int] = frozenset({-1})) -> Verdict:
    """DingTalk and WeCom answer `{"errcode": 0, "errmsg": "ok"}`; anything else is a refusal."""
    data = json_answer(response)
    if data is None or "errcode" not in data:
        return Verdict(False, f"HTTP {response.status_code} without an errcode: {_body(response)}")
    code, message = data.get("errcode"), data.get("errmsg")
    if code == 0:
        return Verdict(True, f"errcode 0 ({message})")
    return Verdict(False, f"errcode {code}: {message}", transient=code in busy)
