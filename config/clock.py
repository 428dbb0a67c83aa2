"""The service's idea of "now". Outside production a request may move it (X-With-Server-Date, docs/decisions.md 10)."""

import contextvars
import datetime as dt

from django.utils import timezone

_server_now: contextvars.ContextVar[dt.datetime | None] = contextvars.ContextVar("server_now", default=None)


def now() -> dt.datetime:
    return _server_now.get() or timezone.now()


def today() -> dt.date:
    return now().astimezone(dt.UTC).date()


def travel_to(moment: dt.datetime | None) -> contextvars.Token:
    return _server_now.set(moment)


def reset(token: contextvars.Token) -> None:
    _server_now.reset(token)
