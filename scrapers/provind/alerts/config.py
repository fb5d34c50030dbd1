"""Where alerts go: environment variables (one target of each kind, set in `.env`), and optionally
a YAML file for more (`PROVIND_ALERTS_FILE`). Read when an alert is sent, not when a DAG is parsed.

    PROVIND_ALERT_WEBHOOK          generic JSON webhook (Slack, Mattermost, Teams...); a DingTalk,
                                   WeCom or Feishu URL here is sent to as that bot
    PROVIND_ALERT_DINGTALK         钉钉 robot URL (…/robot/send?access_token=…)
    PROVIND_ALERT_DINGTALK_SECRET  its 加签 secret (SEC…), if set on the robot
    PROVIND_ALERT_WECOM            企业微信 group robot URL (…/webhook/send?key=…)
    PROVIND_ALERT_FEISHU           飞书 / Lark bot URL (…/open-apis/bot/v2/hook/…)
    PROVIND_ALERT_FEISHU_SECRET    its 签名校验 secret, if set on the bot
    PROVIND_ALERT_EMAIL_TO         comma-separated addresses, with PROVIND_ALERT_SMTP_HOST,
                                   _SMTP_PORT, _SMTP_USER, _SMTP_PASSWORD, _SMTP_SECURITY
                                   (none|starttls|ssl) and PROVIND_ALERT_EMAIL_FROM

The file has a `targets:` list; each item has a `type` (webhook, dingtalk, wecom, feishu, lark,
email) and the keyword arguments of that notifier class. `${VAR}` in a value is read from the
environment, so secrets can stay in `.env`:

    targets:
      - type: dingtalk
        url: https://oapi.dingtalk.com/robot/send?access_token=${DINGTALK_OPS_TOKEN}
        secret: ${DINGTALK_OPS_SECRET}
        at_mobiles: ["13800000000"]
      - type: wecom
        url: https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${WECOM_KEY}
        msgtype: text
"""

from __future__ import annotations

import os
import re
import urllib.parse
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from provind.alerts.bots import DingTalkNotifier, FeishuNotifier, WebhookNotifier, WeComNotifier
from provind.alerts.mail import EmailNotifier
from provind.alerts.notifier import AlertNotifier

PREFIX = "PROVIND_ALERT_"
FILE_ENV = "PROVIND_ALERTS_FILE"

NOTIFIERS: dict[str, type[AlertNotifier]] = {
    "webhook": WebhookNotifier,
    "dingtalk": DingTalkNotifier,
    "wecom": WeComNotifier,
    "feishu": FeishuNotifier,
    "lark": FeishuNotifier,
    "email": EmailNotifier,
}


class AlertConfigError(ValueError):
    """The alert configuration names a target that cannot be built."""


def configured_targets(environ: Mapping[str, str] | None = None) -> list[AlertNotifier]:
    """Every target of the environment, then every target of `$PROVIND_ALERTS_FILE`.

    Raises `AlertConfigError` naming every target that cannot be built.
    """
    targets, errors = load_targets(environ)
    if errors:
        raise AlertConfigError("; ".join(errors))
    return targets


def load_targets(environ: Mapping[str, str] | None = None) -> tuple[list[AlertNotifier], list[str]]:
    """The targets that could be built, and an error for each one that could not.

    One mistyped target must not silence the others.
    """
    env = os.environ if environ is None else environ
    targets: list[AlertNotifier] = []
    errors: list[str] = []
    for where, kind, options in [*env_specs(env), *file_specs(env)]:
        try:
            targets.append(build(kind, options, where))
        except AlertConfigError as exc:
            errors.append(str(exc))
    return targets, errors


Spec = tuple[str, str, dict[str, Any]]


def env_specs(env: Mapping[str, str]) -> list[Spec]:
    def get(name: str) -> str | None:
        return (env.get(PREFIX + name) or "").strip() or None

    specs: list[Spec] = []
    if url := get("WEBHOOK"):
        # A bot's URL given as the plain webhook (the only variable there once was) still gets
        # the bot's message format and the bot's answer checked.
        kind = bot_kind(url)
        secret = get(f"{kind.upper()}_SECRET") if kind in ("dingtalk", "feishu") else None
        specs.append((PREFIX + "WEBHOOK", kind, {"url": url, "secret": secret}))
    if url := get("DINGTALK"):
        specs.append((PREFIX + "DINGTALK", "dingtalk", {"url": url, "secret": get("DINGTALK_SECRET")}))
    if url := get("WECOM"):
        specs.append((PREFIX + "WECOM", "wecom", {"url": url}))
    if url := get("FEISHU"):
        specs.append((PREFIX + "FEISHU", "feishu", {"url": url, "secret": get("FEISHU_SECRET")}))
    if to := get("EMAIL_TO"):
        smtp = {
            "host": get("SMTP_HOST"),
            "port": get("SMTP_PORT"),
            "user": get("SMTP_USER"),
            "password": get("SMTP_PASSWORD"),
            "security": get("SMTP_SECURITY") or "none",
            "sender": get("EMAIL_FROM"),
        }
        specs.append((PREFIX + "EMAIL_TO", "email", {"to": to, **smtp}))
    return specs


# (kind, host, path prefix): a URL on the host, or with the path (a proxy, a test server), is that bot's.
BOT_URLS = (
    ("dingtalk", "oapi.dingtalk.com", "/robot/send"),
    ("wecom", "qyapi.weixin.qq.com", "/cgi-bin/webhook/send"),
    ("feishu", "open.feishu.cn", "/open-apis/bot/v2/hook/"),
    ("feishu", "open.larksuite.com", "/open-apis/bot/v2/hook/"),
)


def bot_kind(url: str) -> str:
    """`dingtalk`, `wecom` or `feishu` for a bot's webhook URL, else `webhook`."""
    parts = urllib.parse.urlsplit(url)
    for kind, host, path in BOT_URLS:
        if parts.hostname == host or parts.path.startswith(path):
            return kind
    return "webhook"


def file_specs(env: Mapping[str, str]) -> list[Spec]:
    """The targets of `$PROVIND_ALERTS_FILE`; a file that cannot be read is one bad target."""
    import yaml

    if not env.get(FILE_ENV):
        return []
    path = Path(env[FILE_ENV])
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        return [(str(path), "unreadable", {"error": f"cannot read the alert targets: {exc}"})]
    items = document.get("targets") if isinstance(document, dict) else None
    if not isinstance(items, list):
        return [(str(path), "unreadable", {"error": "expected a `targets:` list"})]
    specs: list[Spec] = []
    for number, item in enumerate(items, 1):
        where = f"{path}: target {number}"
        if not isinstance(item, dict) or "type" not in item:
            specs.append((where, "unreadable", {"error": "needs a `type`"}))
            continue
        options = dict(item)
        kind = str(options.pop("type"))
        try:  # `${VAR}`s expanded here, so that an unset one fails this target only
            specs.append((where, kind, {key: _expand(value, env, where) for key, value in options.items()}))
        except AlertConfigError as exc:
            specs.append((where, "unreadable", {"error": str(exc).removeprefix(f"{where}: ")}))
    return specs


def build(kind: str, options: Mapping[str, Any], where: str = "environment") -> AlertNotifier:
    """The notifier of type `kind`, with a clear error for an unknown type or option."""
    if kind == "unreadable":
        raise AlertConfigError(f"{where}: {options['error']}")
    cls = NOTIFIERS.get(kind)
    if cls is None:
        raise AlertConfigError(f"{where}: unknown alert target type {kind!r} (known: {', '.join(NOTIFIERS)})")
    options = {key: value for key, value in options.items() if value is not None}
    try:
        notifier = cls(**options)
    except TypeError as exc:  # an unknown or missing option
        raise AlertConfigError(f"{where}: {kind}: {exc}") from exc
    except ValueError as exc:  # a bad value: the notifier's message names its kind
        raise AlertConfigError(f"{where}: {exc}") from exc
    if kind == "lark":
        notifier.channel = "lark"
    return notifier


_VAR = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


def _expand(value: Any, env: Mapping[str, str], where: str) -> Any:
    if isinstance(value, list):
        return [_expand(v, env, where) for v in value]
    if not isinstance(value, str):
        return value

    def lookup(match: re.Match[str]) -> str:
        if match.group(1) not in env:
            raise AlertConfigError(f"{where}: ${{{match.group(1)}}} is not set in the environment")
        return env[match.group(1)]

    return _VAR.sub(lookup, value)
