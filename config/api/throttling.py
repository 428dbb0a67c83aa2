import datetime as dt

from django.conf import settings
from django.db import connection
from django.utils import timezone
from rest_framework.throttling import BaseThrottle

from config.models import ApiRequestWindow

_table = ApiRequestWindow._meta.db_table
_UPSERT = (
    f"INSERT INTO {_table} (key, window_start, count) VALUES (%s, %s, 1) "
    f"ON CONFLICT (key, window_start) DO UPDATE SET count = {_table}.count + 1 RETURNING count"
)


class TokenRateThrottle(BaseThrottle):
    """API_RATE_LIMIT requests per API_RATE_LIMIT_WINDOW_SECONDS per token, shared by every server process."""

    def allow_request(self, request, view):
        if request.auth is None:
            return True
        window = settings.API_RATE_LIMIT_WINDOW_SECONDS
        epoch = int(timezone.now().timestamp())
        window_start = dt.datetime.fromtimestamp(epoch - epoch % window, tz=dt.UTC)
        key = f"{request.auth._meta.label_lower}:{request.auth.pk}"
        with connection.cursor() as cursor:
            cursor.execute(_UPSERT, [key, window_start])
            (count,) = cursor.fetchone()
        if count == 1:
            ApiRequestWindow.objects.filter(key=key, window_start__lt=window_start).delete()
        return count <= settings.API_RATE_LIMIT
