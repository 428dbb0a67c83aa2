"""The rules of the school journeys that register and change ECTs and mentors (docs/school-registration.md): each
check returns the message to show, or None when the answer is fine; the `parse_*`/`normalise_*` helpers return the
cleaned value or raise django's ValidationError carrying the message. Forms call them; services call them again before
writing, so a rule lives once. The messages are `messages`' constants; the date rules are `date_rules`'."""

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.db.models import Q

from config import clock
from schools.rules import email_error as school_email_error

from .date_rules import (
    _today,
)
from .messages import (
    APPROPRIATE_BODY_BLANK,
    APPROPRIATE_BODY_INACTIVE,
    APPROPRIATE_BODY_MUST_BE_NATIONAL_OR_TSH,
    APPROPRIATE_BODY_MUST_BE_TSH,
    CANNOT_MENTOR_THEMSELF,
    CORRECTED_NAME_BLANK,
    CORRECTED_NAME_TOO_LONG,
    DETAILS_CORRECT_BLANK,
    EMAIL_UNCHANGED,
    LEAD_PROVIDER_BLANK,
    MENTOR_CHOICE_BLANK,
    MENTOR_LEAD_PROVIDER_BLANK,
    MENTOR_NOT_AT_SCHOOL,
    MENTOR_SAME_AS_CURRENT,
    MENTORING_AT_NEW_SCHOOL_ONLY_BLANK,
    NAME_MAX_LENGTH,
    NAME_UNCHANGED,
    NI_BLANK,
    NI_INVALID,
    NO_ANSWERS,
    TRAINING_PROGRAMME_BLANK,
    TRN_BLANK,
    TRN_TOO_LONG,
    TRN_TOO_SHORT,
    USE_PREVIOUS_CHOICES_BLANK,
    WORKING_PATTERN_BLANK,
    WORKING_PATTERN_CHANGE_BLANK,
    WORKING_PATTERN_UNCHANGED,
    YES_ANSWERS,
)


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _yes_no_error(answer, message: str) -> str | None:
    normalised = answer.strip().lower() if isinstance(answer, str) else answer
    return None if normalised in YES_ANSWERS or normalised in NO_ANSWERS else message


# -- TRN, date of birth, NI number -------------------------------------------------------------------------------


def trn_error(value) -> str | None:
    digits = re.sub(r"\D", "", value or "")
    if not digits:
        return TRN_BLANK
    if len(digits) < 5:
        return TRN_TOO_SHORT
    if len(digits) > 7:
        return TRN_TOO_LONG
    return None


def normalise_trn(value) -> str:
    """Non-digits are dropped; 5–7 digits are left-padded with zeros to the 7 a TRN has."""
    message = trn_error(value)
    if message:
        raise ValidationError(message, code="trn")
    return re.sub(r"\D", "", value).zfill(7)


_NI_PATTERN = re.compile(r"^(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z][0-9]{6}[A-D]$")


def national_insurance_number_error(value) -> str | None:
    if _blank(value):
        return NI_BLANK
    if not _NI_PATTERN.match(re.sub(r"\s", "", value).upper()):
        return NI_INVALID
    return None


def normalise_national_insurance_number(value) -> str:
    message = national_insurance_number_error(value)
    if message:
        raise ValidationError(message, code="national_insurance_number")
    return re.sub(r"\s", "", value).upper()


# -- details, names, email ---------------------------------------------------------------------------------------


def details_correct_error(answer) -> str | None:
    return _yes_no_error(answer, DETAILS_CORRECT_BLANK)


def corrected_name_error(value) -> str | None:
    if _blank(value):
        return CORRECTED_NAME_BLANK
    if len(value.strip()) > NAME_MAX_LENGTH:
        return CORRECTED_NAME_TOO_LONG
    return None


def _words(name: str) -> list[str]:
    return name.strip().lower().split()


def name_change_error(new_name, *, current_name: str) -> str | None:
    """A new name is given, fits, and differs from the current one (ignoring case and spacing)."""
    message = corrected_name_error(new_name)
    if message:
        return message
    if _words(new_name) == _words(current_name):
        return NAME_UNCHANGED
    return None


def is_significant_name_change(new_name: str, *, current_name: str) -> bool:
    """Both the first and the last word change: the journey asks the school to confirm it is the same person."""
    new, current = _words(new_name), _words(current_name)
    if not new or not current:
        return True
    return new[0] != current[0] and new[-1] != current[-1]


def email_error(value) -> str | None:
    return school_email_error(value)


def email_change_error(new_email, *, current_email: str) -> str | None:
    message = email_error(new_email)
    if message:
        return message
    if new_email.strip().lower() == (current_email or "").strip().lower():
        return EMAIL_UNCHANGED
    return None


def email_in_use_by_another_teacher(*, email: str, trn: str, today: dt.date | None = None) -> bool:
    """The "can't use email" page: an ongoing ECT or mentor period of a different TRN uses this address."""
    from ..models import ECTAtSchoolPeriod, MentorAtSchoolPeriod

    today = _today(today)
    ongoing = Q(email__iexact=email.strip()) & (Q(finished_on__isnull=True) | Q(finished_on__gte=today))
    return any(
        model.objects.filter(ongoing).exclude(teacher__trn=trn).exists()
        for model in (ECTAtSchoolPeriod, MentorAtSchoolPeriod)
    )


# -- choices -----------------------------------------------------------------------------------------------------


def working_pattern_error(value) -> str | None:
    return None if value in ("full_time", "part_time") else WORKING_PATTERN_BLANK


def working_pattern_change_error(new_pattern, *, current_pattern: str) -> str | None:
    if new_pattern not in ("full_time", "part_time"):
        return WORKING_PATTERN_CHANGE_BLANK
    return WORKING_PATTERN_UNCHANGED if new_pattern == current_pattern else None


def use_previous_choices_error(answer) -> str | None:
    return _yes_no_error(answer, USE_PREVIOUS_CHOICES_BLANK)


def training_programme_error(value) -> str | None:
    return None if value in ("provider_led", "school_led") else TRAINING_PROGRAMME_BLANK


def lead_provider_error(value) -> str | None:
    return LEAD_PROVIDER_BLANK if _blank(value) else None


def mentor_lead_provider_error(value) -> str | None:
    return MENTOR_LEAD_PROVIDER_BLANK if _blank(value) else None


def mentoring_at_new_school_only_error(answer) -> str | None:
    return _yes_no_error(answer, MENTORING_AT_NEW_SCHOOL_ONLY_BLANK)


def school_is_independent(school) -> bool:
    """Independent schools (GIAS types 10 and 11) may choose the national body as well as a teaching school hub."""
    return school.establishment_type_code in (10, 11)


def appropriate_body_error(appropriate_body, *, school) -> str | None:
    """Active, and a teaching school hub (state schools) or a national body or hub (independent schools); local
    authorities take no new inductions."""
    if appropriate_body is None:
        return APPROPRIATE_BODY_BLANK
    if not appropriate_body.active:
        return APPROPRIATE_BODY_INACTIVE
    if school_is_independent(school):
        if appropriate_body.body_type not in ("national", "teaching_school_hub"):
            return APPROPRIATE_BODY_MUST_BE_NATIONAL_OR_TSH
    elif appropriate_body.body_type != "teaching_school_hub":
        return APPROPRIATE_BODY_MUST_BE_TSH
    return None


def mentor_choice_error(mentor_at_school_period, *, school, ect_at_school_period) -> str | None:
    """An assigned mentor is one of the school's current mentors, is not the ECT, and is not the current mentor."""
    if mentor_at_school_period is None:
        return MENTOR_CHOICE_BLANK
    today = clock.today()
    if mentor_at_school_period.school_id != school.pk or (
        mentor_at_school_period.finished_on is not None and mentor_at_school_period.finished_on < today
    ):
        return MENTOR_NOT_AT_SCHOOL
    if mentor_at_school_period.teacher_id == ect_at_school_period.teacher_id:
        return CANNOT_MENTOR_THEMSELF
    current = (
        ect_at_school_period.mentorship_periods.filter(Q(finished_on__isnull=True) | Q(finished_on__gte=today))
        .order_by("-started_on")
        .first()
    )
    if current is not None and current.mentor_id == mentor_at_school_period.pk:
        return MENTOR_SAME_AS_CURRENT
    return None
