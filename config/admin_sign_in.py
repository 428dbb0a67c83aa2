"""Limits on signing in to the admin (docs/security.md §1, "Sign-in"), kept by django-axes in PostgreSQL.

Two limits, both counted from failures where a password was actually checked (an attempt refused by a limit never
counts, so hammering a lock does not lengthen it):

- per username and client address (django-axes itself): AXES_FAILURE_LIMIT failures lock that pair out for the
  cool-off;
- per username, from every address (this module): beyond ADMIN_USERNAME_FREE_FAILURES failures in
  ADMIN_USERNAME_WINDOW_SECONDS, each attempt must wait after the latest failure, 1 second and doubling with every
  further failure, never more than ADMIN_USERNAME_MAX_DELAY_SECONDS. The delay never applies at an address the user
  signed in from in the last ADMIN_KNOWN_ADDRESS_DAYS, so guessing from many addresses slows the guesser down
  without locking the real user out.
"""

import datetime as dt
import math

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.db.models import Count, Max
from django.utils import timezone

from config.problem_pages import problem_page


def username_wait_seconds(username: str | None, address: str | None, now: dt.datetime) -> float:
    """How long an attempt for `username` from `address` must still wait under the per-username limit (0: none)."""
    if not username:
        return 0.0
    since = now - dt.timedelta(seconds=settings.ADMIN_USERNAME_WINDOW_SECONDS)
    failures = AccessFailureLog.objects.filter(username=username, attempt_time__gte=since).aggregate(
        count=Count("id"), latest=Max("attempt_time")
    )
    beyond = failures["count"] - settings.ADMIN_USERNAME_FREE_FAILURES
    if beyond < 0:
        return 0.0
    known_since = now - dt.timedelta(days=settings.ADMIN_KNOWN_ADDRESS_DAYS)
    if AccessLog.objects.filter(username=username, ip_address=address, attempt_time__gte=known_since).exists():
        return 0.0
    delay = min(2 ** min(beyond, 30), settings.ADMIN_USERNAME_MAX_DELAY_SECONDS)
    return max(0.0, (failures["latest"] + dt.timedelta(seconds=delay) - now).total_seconds())


def _pair_wait_seconds(username: str | None, address: str | None, now: dt.datetime) -> float:
    """How long the (username, address) lockout still lasts: django-axes counts failures up to and including the
    cool-off's last second, so it lifts one second after."""
    latest = AccessAttempt.objects.filter(username=username, ip_address=address).aggregate(latest=Max("attempt_time"))
    if latest["latest"] is None:
        return 0.0
    return max(0.0, (latest["latest"] + get_cool_off() - now).total_seconds() + 1)


class AdminSignInHandler(AxesDatabaseHandler):
    """django-axes's database handler with the per-username limit added to its lockout."""

    def is_locked(self, request, credentials=None) -> bool:
        if super().is_locked(request, credentials):
            return True
        username = get_client_username(request, credentials)
        return username_wait_seconds(username, request.axes_ip_address, request.axes_attempt_time) > 0


def lockout_response(request, original_response=None, credentials=None):
    """The answer to a refused sign-in (AXES_LOCKOUT_CALLABLE): 429 with Retry-After, the longer of the two waits."""
    username = get_client_username(request, credentials)
    address = getattr(request, "axes_ip_address", None)
    now = timezone.now()
    wait = max(username_wait_seconds(username, address, now), _pair_wait_seconds(username, address, now), 1.0)
    seconds = math.ceil(wait)
    when = f"{math.ceil(seconds / 60)} minutes" if seconds > 90 else f"{seconds} seconds"
    return problem_page(
        request,
        status=429,
        title="Too many failed sign-ins",
        paragraphs=[
            f"Sign-in for this account is paused. Wait {when}, then try again.",
            "If you did not make these attempts, tell the service's security contact.",
        ],
        headers={"Retry-After": str(seconds)},
    )
