"""Small checks of values clients send, shared by the APIs."""

import uuid


def is_ascii_number(text: str) -> bool:
    """Only 0–9: `str.isdigit()` also accepts characters such as "²" that `int()` refuses."""
    return text.isascii() and text.isdigit()


def is_blank(value) -> bool:
    """Absent, or text with nothing but white space."""
    return value is None or (isinstance(value, str) and not value.strip())


def as_uuid(value) -> uuid.UUID | None:
    """The UUID a client sent, or None when it is not one."""
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError):
        return None
