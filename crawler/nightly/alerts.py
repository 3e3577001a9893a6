"""Alerts when a source changes state or the run fails: a command hook, a webhook, e-mail.

Each channel is optional and configured by the operator (CLI options or PRESSARCHIVE_ALERT_*
environment variables). A failing channel is logged and reported, never fatal: the other
channels still fire and the run's own exit code still tells cron what happened.
"""

from __future__ import annotations

import json
import logging
import os
import shlex
import smtplib
import subprocess
import urllib.request
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from email.message import EmailMessage

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Alert:
    """One thing worth waking someone for."""

    kind: str  # "source_state" | "run_failed"
    subject: str  # one line, Russian
    text: str  # the body, Russian
    source: str | None = None
    old_status: str | None = None
    new_status: str | None = None
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class AlertConfig:
    command: str | None = None  # run with the alert as JSON on stdin and PRESSARCHIVE_ALERT_* in env
    webhook_url: str | None = None  # POST application/json
    smtp_host: str | None = None
    smtp_port: int = 25
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = False
    mail_from: str | None = None
    mail_to: tuple[str, ...] = ()
    timeout: float = 20.0

    @property
    def channels(self) -> list[str]:
        names = []
        if self.command:
            names.append("command")
        if self.webhook_url:
            names.append("webhook")
        if self.smtp_host and self.mail_to:
            names.append("email")
        return names


@dataclass
class Delivery:
    sent: list[str] = field(default_factory=list)  # channel names that worked
    failed: dict[str, str] = field(default_factory=dict)  # channel -> error


def send_alerts(alerts: list[Alert], config: AlertConfig) -> Delivery:
    """Send every alert through every configured channel; e-mail is batched into one message."""
    delivery = Delivery()
    if not alerts:
        return delivery
    for alert in alerts:
        if config.command:
            _attempt(delivery, "command", lambda a=alert: _run_command(a, config))  # type: ignore[misc]
        if config.webhook_url:
            _attempt(delivery, "webhook", lambda a=alert: _post_webhook(a, config))  # type: ignore[misc]
    if config.smtp_host and config.mail_to:
        _attempt(delivery, "email", lambda: _send_email(alerts, config))
    return delivery


def _attempt(delivery: Delivery, channel: str, send: Callable[[], None]) -> None:
    try:
        send()
    except Exception as exc:  # a broken channel must not hide the others
        logger.error("alert channel %s failed: %s", channel, exc)
        delivery.failed[channel] = str(exc)
    else:
        delivery.sent.append(channel)


def _payload(alert: Alert) -> bytes:
    return json.dumps(asdict(alert), ensure_ascii=False).encode("utf-8")


def _run_command(alert: Alert, config: AlertConfig) -> None:
    assert config.command
    env = {
        **os.environ,
        "PRESSARCHIVE_ALERT_KIND": alert.kind,
        "PRESSARCHIVE_ALERT_SUBJECT": alert.subject,
        "PRESSARCHIVE_ALERT_SOURCE": alert.source or "",
        "PRESSARCHIVE_ALERT_STATUS": alert.new_status or "",
        "PRESSARCHIVE_ALERT_OLD_STATUS": alert.old_status or "",
    }
    subprocess.run(
        shlex.split(config.command), input=_payload(alert), env=env, check=True, timeout=config.timeout
    )


def _post_webhook(alert: Alert, config: AlertConfig) -> None:
    assert config.webhook_url
    request = urllib.request.Request(
        config.webhook_url,
        data=_payload(alert),
        headers={"Content-Type": "application/json; charset=utf-8"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=config.timeout) as response:
        if response.status >= 300:
            raise RuntimeError(f"webhook answered {response.status}")


def _send_email(alerts: list[Alert], config: AlertConfig) -> None:
    assert config.smtp_host and config.mail_to
    message = EmailMessage()
    message["From"] = config.mail_from or "pressarchive@localhost"
    message["To"] = ", ".join(config.mail_to)
    message["Subject"] = alerts[0].subject if len(alerts) == 1 else f"pressarchive: {len(alerts)} оповещений"
    message.set_content("\n\n".join(f"{a.subject}\n{a.text}" for a in alerts))
    deliver(message, config)


def deliver(message: EmailMessage, config: AlertConfig) -> None:
    """Hand one message to the configured SMTP server (the alerts' and the digest's one way out)."""
    if not config.smtp_host:
        raise smtplib.SMTPException("no SMTP server configured (--smtp-host / PRESSARCHIVE_SMTP_HOST)")
    with smtplib.SMTP(config.smtp_host, config.smtp_port, timeout=config.timeout) as smtp:
        if config.smtp_starttls:
            smtp.starttls()
        if config.smtp_user:
            smtp.login(config.smtp_user, config.smtp_password or "")
        smtp.send_message(message)
