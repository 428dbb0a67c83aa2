"""Rate limits shared by every server process, kept in PostgreSQL (docs/security.md §4).

A sliding window: counts are kept per BUCKET_SECONDS bucket, and a request is allowed while the buckets of the last
window hold at most the limit. Unlike a fixed window aligned to the clock, a client cannot send a full allowance at
the end of one window and another at the start of the next.
"""

import datetime as dt
import math

from django.conf import settings
from django.db import connection
from django.utils import timezone
from rest_framework.throttling import BaseThrottle

from config.clients import client_address
from config.models import ApiRequestWindow

BUCKET_SECONDS = 10

_table = ApiRequestWindow._meta.db_table
_COUNT = (
    f"WITH hit AS (INSERT INTO {_table} (key, window_start, count) VALUES (%s, %s, 1) "
    f"ON CONFLICT (key, window_start) DO UPDATE SET count = {_table}.count + 1 RETURNING count) "
    f"SELECT (SELECT count FROM hit) + coalesce((SELECT sum(count) FROM {_table} "
    f"WHERE key = %s AND window_start > %s AND window_start < %s), 0), "
    f"(SELECT min(window_start) FROM {_table} WHERE key = %s AND window_start > %s), "
    f"(SELECT coalesce(sum(count), 0) FROM {_table} WHERE key = %s AND window_start > %s)"
)


def _bucket(now: dt.datetime) -> dt.datetime:
    epoch = int(now.timestamp())
    return dt.datetime.fromtimestamp(epoch - epoch % BUCKET_SECONDS, tz=dt.UTC)


def count_request(key: str, window_seconds: int, *, also: str = "") -> tuple[int, float, int]:
    """Counts one request for `key`; returns the requests in the sliding window (this one included), the seconds
    until the oldest of them leaves it, and (in the same query) the count of key `also` in the window."""
    now = timezone.now()
    bucket = _bucket(now)
    since = bucket - dt.timedelta(seconds=window_seconds)
    with connection.cursor() as cursor:
        cursor.execute(_COUNT, [key, bucket, key, since, bucket, key, since, also, since])
        total, oldest, other = cursor.fetchone()
    if total == 1:
        ApiRequestWindow.objects.filter(key=key, window_start__lte=since).delete()
    return int(total), _seconds_until_free(oldest or bucket, window_seconds, now), int(other)


def bad_token_key(request) -> str:
    return f"bad-token:{client_address(request)}"[:64]


def _seconds_until_free(oldest: dt.datetime, window_seconds: int, now: dt.datetime) -> float:
    return max(1.0, (oldest + dt.timedelta(seconds=window_seconds + BUCKET_SECONDS) - now).total_seconds())


class TokenRateThrottle(BaseThrottle):
    """API_RATE_LIMIT requests per API_RATE_LIMIT_WINDOW_SECONDS per token, on both APIs; 429 with Retry-After.
    An address that sent API_BAD_TOKEN_LIMIT unknown tokens in the window is refused too (config/api/authentication.py
    counts them)."""

    def allow_request(self, request, view):
        if request.auth is None:
            return True
        key = f"{request.auth._meta.label_lower}:{request.auth.pk}"
        window = settings.API_RATE_LIMIT_WINDOW_SECONDS
        count, self._wait, bad_tokens = count_request(key, window, also=bad_token_key(request))
        if bad_tokens >= settings.API_BAD_TOKEN_LIMIT:
            # The address has been guessing tokens: even a right guess is not served until the window passes.
            self._wait = window
            return False
        return count <= settings.API_RATE_LIMIT

    def wait(self):
        return math.ceil(getattr(self, "_wait", 1))
