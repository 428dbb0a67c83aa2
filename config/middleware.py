import datetime as dt

from django.conf import settings

from config import clock


def parse_iso8601(value: str) -> dt.datetime | None:
    """Strict ISO 8601 / RFC 3339 date-time (a bare date means midnight UTC); None when it is not one."""
    text = value.strip()
    if not text:
        return None
    if text.endswith(("z", "Z")):
        text = text[:-1] + "+00:00"
    try:
        parsed = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed


class ServerDateMiddleware:
    """Sandbox time travel: `X-With-Server-Date` makes "now" that instant for one request, never in production."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        header = request.headers.get("X-With-Server-Date")
        moment = parse_iso8601(header) if header and settings.ENVIRONMENT != "production" else None
        token = clock.travel_to(moment)
        try:
            return self.get_response(request)
        finally:
            clock.reset(token)
