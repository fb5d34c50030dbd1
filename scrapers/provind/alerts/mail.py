"""E-mail alerts through an SMTP server (smtplib): plain UTF-8 text, the headline as the subject.

Delivered means the server accepted the message for every recipient. A refusal (5xx, bad
login, a recipient refused) is final; a connection that failed or timed out, or a temporary
4xx answer, is tried once more.
"""

from __future__ import annotations

import logging
import smtplib
import socket
import ssl
import time
from collections.abc import Mapping, Sequence
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any

from provind.alerts.delivery import HTTP_TIMEOUT, RETRY_DELAY, Delivery, Verdict
from provind.alerts.message import format_alert, headline
from provind.alerts.notifier import AlertNotifier

log = logging.getLogger("provind.alerts")

SECURITY = ("none", "starttls", "ssl")


class EmailNotifier(AlertNotifier):
    """Mail the alert to `to` through `host:port`; `security` is none, starttls or ssl (port 465)."""

    channel = "email"

    def __init__(
        self,
        to: str | Sequence[str],
        *,
        host: str | None = None,
        port: int | None = None,
        user: str | None = None,
        password: str | None = None,
        security: str = "none",
        sender: str | None = None,
        timeout: float = HTTP_TIMEOUT,
        retry_delay: float = RETRY_DELAY,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        recipients = [a.strip() for a in (to.split(",") if isinstance(to, str) else to) if a and a.strip()]
        if not recipients:
            raise ValueError("email: no recipient (to, or PROVIND_ALERT_EMAIL_TO)")
        if not host:
            raise ValueError("email: no SMTP host (host, or PROVIND_ALERT_SMTP_HOST)")
        if security not in SECURITY:
            raise ValueError(f"email: security must be one of {', '.join(SECURITY)}, got {security!r}")
        self.to, self.host, self.security = recipients, host, security
        self.port = int(port) if port else (465 if security == "ssl" else 587 if security == "starttls" else 25)
        self.user, self.password = user, password
        self.sender = sender or user or f"provind@{socket.getfqdn()}"
        self.timeout, self.retry_delay = timeout, retry_delay

    @property
    def target(self) -> str:
        return f"email {','.join(self.to)} via {self.host}:{self.port}"

    def scrub(self, text: str) -> str:
        return text.replace(self.password, "***") if self.password else text

    def message(self, alert: Mapping[str, Any]) -> EmailMessage:
        message = EmailMessage()
        message["Subject"] = headline(alert)
        message["From"] = self.sender
        message["To"] = ", ".join(self.to)
        message["Date"] = formatdate(localtime=True)
        message["Message-ID"] = make_msgid(domain="provind")
        message.set_content(format_alert(alert), charset="utf-8")
        return message

    def deliver(self, alert: Mapping[str, Any]) -> Delivery:
        message = self.message(alert)
        verdict = Verdict(False, "not sent")
        for attempt in (1, 2):
            verdict = self._attempt(message)
            if verdict.ok or not verdict.transient or attempt == 2:
                return Delivery(self.target, verdict.ok, self.scrub(verdict.detail), attempt)
            log.warning("alert to %s failed (%s); trying once more", self.target, self.scrub(verdict.detail))
            time.sleep(self.retry_delay)
        raise AssertionError("unreachable")  # pragma: no cover

    def _attempt(self, message: EmailMessage) -> Verdict:
        try:
            with self._connect() as smtp:
                if self.security == "starttls":
                    smtp.starttls(context=ssl.create_default_context())
                if self.user:
                    smtp.login(self.user, self.password or "")
                refused = smtp.send_message(message)
        except smtplib.SMTPRecipientsRefused as exc:
            return Verdict(False, f"every recipient refused: {_refusals(exc.recipients)}")
        except smtplib.SMTPResponseException as exc:
            text = exc.smtp_error.decode("utf-8", "replace") if isinstance(exc.smtp_error, bytes) else exc.smtp_error
            return Verdict(False, f"SMTP {exc.smtp_code}: {text}", transient=400 <= exc.smtp_code < 500)
        except (smtplib.SMTPServerDisconnected, OSError) as exc:  # refused, reset, timed out, TLS failed
            return Verdict(False, f"could not reach {self.host}:{self.port}: {type(exc).__name__}: {exc}", True)
        except smtplib.SMTPException as exc:
            return Verdict(False, f"{type(exc).__name__}: {exc}")
        if refused:
            return Verdict(False, f"refused for {_refusals(refused)}, accepted for the others")
        return Verdict(True, f"accepted by {self.host}:{self.port}")

    def _connect(self) -> smtplib.SMTP:
        if self.security == "ssl":
            return smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=ssl.create_default_context())
        return smtplib.SMTP(self.host, self.port, timeout=self.timeout)


def _refusals(recipients: Mapping[str, tuple[int, bytes]]) -> str:
    return "; ".join(
        f"{address} ({code} {reply.decode('utf-8', 'replace')})" for address, (code, reply) in recipients.items()
    )
