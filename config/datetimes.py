"""The one place a client's date-time becomes an instant, with range checks (docs/security.md §3).

Python accepts offsets up to ±23:59 and years up to 9999, so "9999-12-31T23:00:00-23:59" parses but cannot be
moved to UTC, and PostgreSQL would hand back a year Python cannot hold. Every instant a client sends is therefore
checked to lie in SUPPORTED_YEARS once in UTC; anything else is "not a valid date-time".
"""

import datetime as dt

SUPPORTED_YEARS = range(1900, 3000)
MAX_OFFSET = dt.timedelta(hours=18)  # the widest offset PostgreSQL and RFC 3339 practice allow


def within_range(moment: dt.datetime | None) -> dt.datetime | None:
    """The instant in UTC (a naive value means UTC), or None when it falls outside what the service stores."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    offset = moment.utcoffset()
    if offset is None or abs(offset) > MAX_OFFSET:
        return None
    try:
        in_utc = moment.astimezone(dt.UTC)
    except (OverflowError, ValueError):
        return None
    return in_utc if in_utc.year in SUPPORTED_YEARS else None


def fixed_offset(sign: int, hours: int, minutes: int) -> dt.tzinfo | None:
    """A ±hh:mm zone, or None when the offset is not a real one (e.g. +99:99)."""
    if minutes > 59:
        return None
    offset = sign * dt.timedelta(hours=hours, minutes=minutes)
    return dt.timezone(offset) if abs(offset) <= MAX_OFFSET else None


def parse_iso8601(value: str) -> dt.datetime | None:
    """Strict ISO 8601 / RFC 3339 date-time (a bare date means midnight UTC), in UTC; None when it is not one."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text or not text.isascii():
        return None
    if text.endswith(("z", "Z")):
        text = text[:-1] + "+00:00"
    try:
        parsed = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return within_range(parsed)
