"""The SMTP options shared by `nightly` (alerts) and `digest` (subscribers' letters)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import click

SMTP_OPTIONS = (
    click.option("--smtp-host", envvar="PRESSARCHIVE_SMTP_HOST", help="SMTP-сервер для писем."),
    click.option("--smtp-port", envvar="PRESSARCHIVE_SMTP_PORT", default=25, show_default=True, type=int),
    click.option("--smtp-user", envvar="PRESSARCHIVE_SMTP_USER"),
    click.option("--smtp-password", envvar="PRESSARCHIVE_SMTP_PASSWORD"),
    click.option("--smtp-starttls", envvar="PRESSARCHIVE_SMTP_STARTTLS", is_flag=True),
    click.option("--mail-from", envvar="PRESSARCHIVE_MAIL_FROM", help="Адрес отправителя."),
)


SMTP_PARAMS = ("smtp_host", "smtp_port", "smtp_user", "smtp_password", "smtp_starttls", "mail_from")


def smtp_options(function: Callable[..., Any]) -> Callable[..., Any]:
    """Add --smtp-host/-port/-user/-password/-starttls and --mail-from (PRESSARCHIVE_* variables).

    The command receives them as one `mail` argument, an AlertConfig with those fields set.
    """

    @functools.wraps(function)
    def command(*args: Any, **kwargs: Any) -> Any:
        from crawler.nightly.alerts import AlertConfig

        kwargs["mail"] = AlertConfig(**{name: kwargs.pop(name) for name in SMTP_PARAMS})
        return function(*args, **kwargs)

    for option in reversed(SMTP_OPTIONS):
        command = option(command)
    return command
