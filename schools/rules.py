"""The school pages' rules that belong to schools: who may use the pages, when registration is closed, the
induction tutor's details, and their messages (docs/school-pages.md, docs/school-sign-in.md)."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from .models import GiasStatus, RegistrationClosure, School

# GIAS establishment types of independent schools.
INDEPENDENT_ESTABLISHMENT_TYPES = frozenset({10, 11})

SIGN_IN_EMAIL_BLANK = "Enter your email address"
EMAIL_FORMAT = "Enter an email address in the correct format, like name@example.com"
SIGN_IN_CODE_BLANK = "Enter the code from your email"
SIGN_IN_CODE_FORMAT = "The code must be 6 digits"
SIGN_IN_CODE_INCORRECT = "The code is incorrect or has expired. Check your email or request a new code."
SIGN_IN_LOCKED = "Your account is locked, please contact support"

SIT_CONFIRM_BLANK = "Select 'Yes' or 'No, someone else will be the induction tutor'"
SIT_NAME_BLANK = "Enter the correct full name"
SIT_NAME_TOO_LONG = "Full name must be 70 letters or less"
SIT_EMAIL_BLANK = "Enter the email address"
SIT_EMAIL_TOO_LONG = "Enter an email address that is less than 254 characters long"
SIT_NAME_MAX = 70
EMAIL_MAX = 254


def contract_year(on: dt.date) -> int:
    """The contract period a date falls in: each runs from 1 June to 31 May."""
    return on.year if on >= dt.date(on.year, 6, 1) else on.year - 1


def is_independent(school: School) -> bool:
    return school.establishment_type_code in INDEPENDENT_ESTABLISHMENT_TYPES


def access_blocked(school: School, *, today: dt.date) -> bool:
    """Closed schools, and independent schools that are not section 41 approved and have no unfinished training,
    cannot use the school pages."""
    if school.gias_status == GiasStatus.CLOSED:
        return True
    if is_independent(school) and not school.section_41_approved:
        unfinished = school.training_periods.exclude(finished_on__lt=today).exists()
        return not unfinished
    return False


def needs_induction_tutor_confirmation(school: School, *, today: dt.date) -> bool:
    """A school that never named its induction tutor, or last confirmed them in an earlier contract period."""
    if not school.induction_tutor_name or not school.induction_tutor_email:
        return True
    last = school.induction_tutor_last_nominated_in
    return last is None or last < contract_year(today)


def registration_closed(*, today: dt.date) -> bool:
    """Registration closes on the days DfE sets in the admin (while the next contract period is set up)."""
    return RegistrationClosure.objects.filter(starts_on__lte=today, finishes_on__gte=today).exists()


def clean_person_name(value: str, *, blank: str, too_long: str) -> str:
    name = " ".join((value or "").split())
    if not name:
        raise ValidationError(blank)
    if len(name) > SIT_NAME_MAX:
        raise ValidationError(too_long)
    return name


def clean_email(value: str, *, blank: str = SIT_EMAIL_BLANK) -> str:
    email = (value or "").strip()
    if not email:
        raise ValidationError(blank)
    if len(email) >= EMAIL_MAX:
        raise ValidationError(SIT_EMAIL_TOO_LONG)
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(EMAIL_FORMAT) from None
    local, _, domain = email.rpartition("@")
    if ".." in email or "." not in domain or domain.startswith(".") or domain.endswith("."):
        raise ValidationError(EMAIL_FORMAT)
    return email
