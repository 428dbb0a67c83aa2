"""The school pages' rules that belong to schools: who may use the pages, when registration is closed, the
induction tutor's details, and their messages (docs/school-pages.md, docs/school-sign-in.md)."""

import datetime as dt
import re

from django.core.exceptions import ValidationError

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
SIT_UNCHANGED = "Enter a different name or email address for the induction tutor"
SIT_NAME_MAX = 70
EMAIL_MAX = 254

# "Contact DfE support" (docs/school-pages.md).
SUPPORT_NAME_BLANK = "Enter your full name"
SUPPORT_EMAIL_BLANK = SIGN_IN_EMAIL_BLANK
SUPPORT_SCHOOL_BLANK = "Enter the name or URN of your school"
SUPPORT_SCHOOL_TOO_LONG = "School must be 255 characters or less"
SUPPORT_MESSAGE_BLANK = "Enter your message"
SUPPORT_MESSAGE_TOO_LONG = "Your message must be 5,000 characters or less"
SUPPORT_MESSAGE_MAX = 5000
SUPPORT_SCHOOL_MAX = 255


def contract_period_start(year: int) -> dt.date:
    """Contract periods (cohorts) run from 1 June to 31 May: the first day of the one that starts in `year`
    (docs/partnerships.md, "Schools")."""
    return dt.date(year, 6, 1)


def contract_period_days(year: int) -> tuple[dt.date, dt.date]:
    """The first and last day of the contract period that starts in `year`."""
    return contract_period_start(year), contract_period_start(year + 1) - dt.timedelta(days=1)


def contract_year(on: dt.date) -> int:
    """The contract period a date falls in: the one that started on the last 1 June."""
    return on.year if on >= contract_period_start(on.year) else on.year - 1


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


def induction_tutor_unchanged(school: School, *, name: str, email: str) -> bool:
    """The details given are the current induction tutor's (ignoring case and spacing): no change to make."""

    def words(text: str | None) -> list[str]:
        return (text or "").lower().split()

    return words(name) == words(school.induction_tutor_name) and words(email) == words(school.induction_tutor_email)


def clean_person_name(value: str, *, blank: str, too_long: str) -> str:
    name = " ".join((value or "").split())
    if not name:
        raise ValidationError(blank)
    if len(name) > SIT_NAME_MAX:
        raise ValidationError(too_long)
    return name


# GOV.UK Notify's email rules: a plain local part, a host of dot-separated labels, a real-looking top-level domain.
_EMAIL = re.compile(r"^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~\-]+@([^.@][^@\s]+)$")
_HOST_LABEL = re.compile(r"^(xn|[a-z0-9]+)(-?-[a-z0-9]+)*$", re.IGNORECASE)
_TLD = re.compile(r"^([a-z]{2,63}|xn--([a-z0-9]+-)*[a-z0-9]+)$", re.IGNORECASE)


def email_error(value, *, blank: str = SIT_EMAIL_BLANK) -> str | None:
    """The one email address check of the school pages (induction tutors, sign-in, ECTs and mentors)."""
    email = (value or "").strip()
    if not email:
        return blank
    if len(email) >= EMAIL_MAX:
        return SIT_EMAIL_TOO_LONG
    match = _EMAIL.match(email)
    if not match or ".." in email:
        return EMAIL_FORMAT
    labels = match.group(1).split(".")
    if len(labels) < 2 or not all(_HOST_LABEL.match(label) for label in labels) or not _TLD.match(labels[-1]):
        return EMAIL_FORMAT
    return None


def clean_email(value: str, *, blank: str = SIT_EMAIL_BLANK) -> str:
    message = email_error(value, blank=blank)
    if message:
        raise ValidationError(message)
    return value.strip()


def support_query_errors(*, name: str, email: str, school_name: str, message: str) -> dict[str, str]:
    """The checks of a support query, field by field (the page shows each message at its field; the service refuses
    the first): a name as an induction tutor's, an email address, a school, and a message of at most 5,000
    characters."""
    errors = {}
    try:
        clean_person_name(name, blank=SUPPORT_NAME_BLANK, too_long=SIT_NAME_TOO_LONG)
    except ValidationError as error:
        errors["name"] = error.messages[0]
    if message_ := email_error(email, blank=SUPPORT_EMAIL_BLANK):
        errors["email"] = message_
    school = " ".join((school_name or "").split())
    if not school:
        errors["school_name"] = SUPPORT_SCHOOL_BLANK
    elif len(school) > SUPPORT_SCHOOL_MAX:
        errors["school_name"] = SUPPORT_SCHOOL_TOO_LONG
    text = (message or "").strip()
    if not text:
        errors["message"] = SUPPORT_MESSAGE_BLANK
    elif len(text) > SUPPORT_MESSAGE_MAX:
        errors["message"] = SUPPORT_MESSAGE_TOO_LONG
    return errors
