import datetime as dt
import re

from config.errors import ValidationErrors


def squish(value) -> str | None:
    """Text values are trimmed with inner whitespace collapsed; blanks become None."""
    if value is None or isinstance(value, bool | list | dict):
        return value
    text = " ".join(str(value).split())
    return text or None


def _is_text(value) -> bool:
    """Text, or a number standing for its text (docs/register-api.md, "Types")."""
    return isinstance(value, str | int | float) and not isinstance(value, bool)


def reject_structured(values: dict, errors: "ValidationErrors", *, lists: tuple[str, ...] = ()) -> dict:
    """The one check of every Register write field's JSON type (docs/register-api.md, "Types"; docs/security.md §3).

    A field that holds one value (every field of a trainee, placement or degree, and of the actions but withdrawal
    reasons) takes text or a number; a field named in `lists` takes a list of those, or one text. Anything else (a
    boolean, a list or an object where one value belongs, a number or an object where a list belongs) is invalid,
    and is then ignored: its value becomes None."""
    for key, value in list(values.items()):
        if value is None:
            continue
        if key in lists:
            valid = isinstance(value, str) or (isinstance(value, list) and all(_is_text(item) for item in value))
        else:
            # Stored values (dates, numbers) merged under an update pass too: only JSON's other types are wrong.
            valid = not isinstance(value, bool | list | dict)
        if not valid:
            errors.add(key, "is invalid")
            values[key] = None
    return values


def parse_date(value) -> dt.date | None:
    """An ISO 8601 date, or the date part of an ISO 8601 date-time; None if it is not one."""
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or len(value) < 10 or not value.isascii():
        return None
    try:
        return dt.date.fromisoformat(value) if len(value) == 10 else dt.datetime.fromisoformat(value).date()
    except ValueError:
        return None


def years_later(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


# GOV.UK Notify's email check (docs/register-api.md, "Field rules and derived fields").
_LOCAL = re.compile(r"^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+$")
_LABEL = re.compile(r"^(xn-|[a-z0-9]+)(-[a-z0-9]+)*$", re.IGNORECASE)
_TLD = re.compile(r"^([a-z]{2,63}|xn--([a-z0-9]+-)*[a-z0-9]+)$", re.IGNORECASE)


def valid_email(value: str) -> bool:
    if len(value) > 320 or ".." in value or value.count("@") != 1:
        return False
    local, host = value.split("@")
    if not _LOCAL.match(local) or len(host) > 253:
        return False
    labels = host.split(".")
    if len(labels) < 2 or any(len(label) > 63 or not _LABEL.match(label) for label in labels):
        return False
    return bool(_TLD.match(labels[-1]))


_POSTCODE = re.compile(r"([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})")


def normalise_postcode(value: str) -> str | None:
    """A UK postcode in its standard spelling ("bn11aa" → "BN1 1AA"), or None if it is not one."""
    match = _POSTCODE.fullmatch("".join(value.upper().split()))
    return f"{match.group(1)} {match.group(2)}" if match else None
