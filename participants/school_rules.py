"""The rules and exact messages of the school journeys that register and change ECTs and mentors
(docs/school-registration.md). Forms call these; services call them again before writing, so a rule lives once.

Every check returns the message to show, or None when the answer is fine; the `parse_*`/`normalise_*` helpers
return the cleaned value or raise django's ValidationError carrying the message.

Public functions (all keyword-only after the first argument where noted):

    normalise_trn(value) -> str                                   # raises ValidationError(TRN_*)
    trn_error(value) -> str | None
    parse_date_parts(*, day, month, year, blank_message, invalid_message) -> dt.date   # raises ValidationError
    date_of_birth_error(date_of_birth: dt.date | None, *, today=None) -> str | None
    normalise_national_insurance_number(value) -> str             # raises ValidationError(NI_*)
    national_insurance_number_error(value) -> str | None
    details_correct_error(answer: str | bool | None) -> str | None
    corrected_name_error(value) -> str | None
    email_error(value) -> str | None
    email_in_use_by_another_teacher(*, email, trn) -> bool        # the "can't use email" page
    working_pattern_error(value) -> str | None
    use_previous_choices_error(answer) -> str | None
    training_programme_error(value) -> str | None
    lead_provider_error(value) -> str | None
    appropriate_body_error(appropriate_body, *, school) -> str | None
    add_months(day: dt.date, months: int) -> dt.date
    contract_period_year(day: dt.date) -> int
    earliest_ect_start_date(*, today=None) -> dt.date
    latest_start_date_exclusive(*, today=None) -> dt.date         # the "<date>" of START_DATE_TOO_FAR
    start_date_rule(*, started_on, today, earliest, previous_start=None, previous_school_name="",
                    teacher_name="", role="ect") -> str | None    # pure; Hypothesis-tested
    ect_start_date_error(started_on, *, trn, school=None, today=None) -> str | None
    cannot_register_yet(started_on, *, today=None) -> bool        # "Cannot register ECT/mentor yet" page
    mentor_started_on_error(started_on, *, trn, school=None, today=None) -> str | None
    mentoring_at_new_school_only_error(answer) -> str | None
    mentor_choice_error(mentor_at_school_period, *, school, ect_at_school_period) -> str | None
    mentor_lead_provider_error(value) -> str | None
    leaving_date_error(leaving_on, *, started_on, latest_training_start=None, teacher_name, today=None)
        -> str | None
    name_change_error(new_name, *, current_name) -> str | None
    is_significant_name_change(new_name, *, current_name) -> bool
    email_change_error(new_email, *, current_email) -> str | None
    working_pattern_change_error(new_pattern, *, current_pattern) -> str | None
    format_date(day: dt.date) -> str                             # "1 September 2025"
"""

import calendar
import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.db.models import Q

from config import clock

# -- find ECT / mentor (§3.2 step 2, §3.4 step 1) ----------------------------------------------------------------
TRN_BLANK = "Enter the teacher reference number (TRN)"
TRN_TOO_SHORT = "Teacher reference number must include at least 5 digits"
TRN_TOO_LONG = "Teacher reference number cannot include more than 7 digits"
DOB_BLANK = "Enter a date of birth"
DOB_INVALID = "Enter the date of birth in the correct format, for example 12 03 1998"
DOB_TOO_OLD = "The teacher cannot be more than 100 years old"
DOB_TOO_YOUNG = "The teacher cannot be less than 18 years old"
NI_BLANK = "Enter a National Insurance Number"
NI_INVALID = "Enter a National Insurance Number in the correct format"
ALREADY_ACTIVE_AT_SCHOOL = "{name} is already registered as an ECT at your school"
MENTOR_ALREADY_ACTIVE_AT_SCHOOL = "{name} is already registered as a mentor at your school"
CANNOT_MENTOR_THEMSELF = "A mentee cannot mentor themself"

# -- review details (§3.2 step 3) ------------------------------------------------------------------------------
DETAILS_CORRECT_BLANK = "Select 'Yes' or 'No' to confirm whether the details are correct"
CORRECTED_NAME_BLANK = "Enter the correct full name"
CORRECTED_NAME_TOO_LONG = "Corrected name must be 70 characters or less"
NAME_MAX_LENGTH = 70

# -- email (§3.2 step 5, §3.5) ---------------------------------------------------------------------------------
EMAIL_BLANK = "Enter the email address"
EMAIL_INVALID = "Enter an email address in the correct format, like name@example.com"
EMAIL_TOO_LONG = "Enter an email address that is less than 254 characters long"
EMAIL_UNCHANGED = "The email address must be different from the current email address"
EMAIL_MAX_LENGTH = 253

# -- start date (§3.2 step 6; docs/school-registration.md "Dates") ------------------------------------------------
START_DATE_BLANK = "Enter the date the ECT started or will start teaching at your school"
START_DATE_INVALID = "Enter the start date using the correct format, for example, 17 09 1999"
START_DATE_TOO_EARLY = "Start date cannot be this far in the past. Enter a date later than {date}."
START_DATE_OTHER_SCHOOL = (
    "Our records show that {name} started teaching at {school} on {date}. Enter a start date after {next_day}."
)
START_DATE_TOO_FAR = "Start date must be before {date}. You cannot register the ECT this far in advance."

# -- working pattern, previous choices, AB, programme, lead provider (§3.2 steps 7–11) ----------------------------
WORKING_PATTERN_BLANK = "Select if the ECT's working pattern is full or part time"
WORKING_PATTERN_CHANGE_BLANK = "Select a working pattern"
WORKING_PATTERN_UNCHANGED = "The working pattern must be different from the current working pattern"
USE_PREVIOUS_CHOICES_BLANK = (
    "Select 'Yes' or 'No' to confirm whether to use the programme choices used by your school previously"
)
APPROPRIATE_BODY_BLANK = "Select the appropriate body which will be supporting the ECT's induction"
APPROPRIATE_BODY_INACTIVE = "Must be active"
APPROPRIATE_BODY_MUST_BE_TSH = "Must be teaching school hub"
APPROPRIATE_BODY_MUST_BE_NATIONAL_OR_TSH = "Must be national or teaching school hub"
APPROPRIATE_BODY_UNCHANGED = "The appropriate body must be different from the current appropriate body"
TRAINING_PROGRAMME_BLANK = "Select either 'Provider-led' or 'School-led' training"
TRAINING_PROGRAMME_UNCHANGED = "The training programme must be different from the current training programme"
LEAD_PROVIDER_BLANK = "Select which lead provider will be training the ECT"
LEAD_PROVIDER_UNCHANGED = "The lead provider must be different from the current lead provider"
LEAD_PROVIDER_NOT_AVAILABLE = "This lead provider is not available for the ECT's contract period"

# -- mentors (§3.3, §3.4) --------------------------------------------------------------------------------------
MENTOR_CHOICE_BLANK = "Select a mentor from the list provided or choose to register a new mentor"
MENTOR_NOT_AT_SCHOOL = "This mentor is not registered at this school"
MENTOR_SAME_AS_CURRENT = "It needs to be a different mentor for this ECT"
MENTOR_LEAD_PROVIDER_BLANK = "Select a lead provider to contact your school"
MENTORING_AT_NEW_SCHOOL_ONLY_BLANK = (
    "Select 'Yes' or 'No' to confirm whether they will be mentoring at your school only"
)
MENTOR_STARTED_ON_BLANK = "Enter the date they started or will start ECT mentoring at your school"
MENTOR_STARTED_ON_INVALID = "Enter the start date using the correct format, for example, 17 09 1999"
MENTOR_STARTED_ON_OTHER_SCHOOL = (
    "Our records show that {name} started mentoring at {school} on {date}. Enter a start date after {next_day}."
)
MENTOR_STARTED_ON_TOO_FAR = "Start date must be before {date}. You cannot register the mentor this far in advance."

# -- changes and leaving (§3.5, §3.6) --------------------------------------------------------------------------
NAME_UNCHANGED = "The name must be different from the current name"
LEAVING_DATE_BLANK = "Enter the date the teacher left or will be leaving your school"
LEAVING_DATE_INVALID = "Enter the date in the correct format, for example 30 06 2001"
LEAVING_DATE_TOO_FAR = "Enter a date no further than 4 months from today"
LEAVING_DATE_BEFORE_START = (
    "Our records show that {name} started teaching at your school on {date}. Enter a later date."
)

# -- journey-level -----------------------------------------------------------------------------------------------
CHANGES_NOT_SAVED = "Your changes were not saved. Please close any other tabs with this service open and try again."

YES_ANSWERS = ("yes", "true", "1", True)
NO_ANSWERS = ("no", "false", "0", False)

# How far ahead a registration or a leaving date may be (docs/school-registration.md).
MONTHS_AHEAD = 4


def format_date(day: dt.date) -> str:
    """GOV.UK style: 1 September 2025."""
    return f"{day.day} {day.strftime('%B %Y')}"


def _today(today: dt.date | None) -> dt.date:
    return today or clock.today()


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


def parse_date_parts(*, day, month, year, blank_message: str, invalid_message: str) -> dt.date:
    """The three-field GOV.UK date input as a date: all blank → `blank_message`, not a real date (or a year that is
    not four digits) → `invalid_message`."""
    parts = [str(part).strip() if part is not None else "" for part in (day, month, year)]
    if not any(parts):
        raise ValidationError(blank_message, code="blank")
    if not all(part.isascii() and part.isdigit() for part in parts) or len(parts[2]) != 4:
        raise ValidationError(invalid_message, code="invalid")
    try:
        return dt.date(int(parts[2]), int(parts[1]), int(parts[0]))
    except ValueError:
        raise ValidationError(invalid_message, code="invalid") from None


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def date_of_birth_error(date_of_birth: dt.date | None, *, today: dt.date | None = None) -> str | None:
    """A teacher is at least 18 and at most 100 years old today."""
    if date_of_birth is None:
        return DOB_BLANK
    today = _today(today)
    if date_of_birth < _years_before(today, 100):
        return DOB_TOO_OLD
    if date_of_birth > _years_before(today, 18):
        return DOB_TOO_YOUNG
    return None


# Two letters, six digits, A–D. Neither letter may be D, F, I, Q, U or V; the second may not be O; and a few
# pairs are never issued (GOV.UK's National Insurance number rules).
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


# Notify's email rules: a plain local part, a host of dot-separated labels, a real-looking top-level domain.
_EMAIL_LOCAL = re.compile(r"^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~\-]+@([^.@][^@\s]+)$")
_HOST_LABEL = re.compile(r"^(xn|[a-z0-9]+)(-?-[a-z0-9]+)*$", re.IGNORECASE)
_TLD = re.compile(r"^([a-z]{2,63}|xn--([a-z0-9]+-)*[a-z0-9]+)$", re.IGNORECASE)


def email_error(value) -> str | None:
    if _blank(value):
        return EMAIL_BLANK
    email = value.strip()
    if len(email) > EMAIL_MAX_LENGTH:
        return EMAIL_TOO_LONG
    match = _EMAIL_LOCAL.match(email)
    if not match or ".." in email:
        return EMAIL_INVALID
    labels = match.group(1).split(".")
    if len(labels) < 2 or not all(_HOST_LABEL.match(label) for label in labels) or not _TLD.match(labels[-1]):
        return EMAIL_INVALID
    return None


def email_change_error(new_email, *, current_email: str) -> str | None:
    message = email_error(new_email)
    if message:
        return message
    if new_email.strip().lower() == (current_email or "").strip().lower():
        return EMAIL_UNCHANGED
    return None


def email_in_use_by_another_teacher(*, email: str, trn: str, today: dt.date | None = None) -> bool:
    """The "can't use email" page: an ongoing ECT or mentor period of a different TRN uses this address."""
    from .models import ECTAtSchoolPeriod, MentorAtSchoolPeriod

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


# -- dates -------------------------------------------------------------------------------------------------------


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the month's last day when it has no such day (31 October + 4 → 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def contract_period_year(day: dt.date) -> int:
    """Contract periods run from 1 June to 31 May; a day belongs to the one that started on the last 1 June."""
    return day.year if day.month >= 6 else day.year - 1


def earliest_ect_start_date(*, today: dt.date | None = None) -> dt.date:
    """The first day of the contract period two before the current one."""
    return dt.date(contract_period_year(_today(today)) - 2, 6, 1)


def latest_start_date_exclusive(*, today: dt.date | None = None) -> dt.date:
    """A start date must be before this day: no more than 4 months ahead."""
    return add_months(_today(today), MONTHS_AHEAD) + dt.timedelta(days=1)


def start_date_rule(
    *,
    started_on: dt.date,
    today: dt.date,
    earliest: dt.date | None,
    previous_start: dt.date | None = None,
    previous_school_name: str = "",
    teacher_name: str = "",
    role: str = "ect",
) -> str | None:
    """The date rules without the database: not before `earliest`, after the start at the school they are still
    at (`previous_start`, the later of that period's and its training's start), and under 4 months ahead."""
    if earliest is not None and started_on < earliest:
        return START_DATE_TOO_EARLY.format(date=format_date(earliest))
    if previous_start is not None and started_on <= previous_start:
        template = START_DATE_OTHER_SCHOOL if role == "ect" else MENTOR_STARTED_ON_OTHER_SCHOOL
        return template.format(
            name=teacher_name,
            school=previous_school_name,
            date=format_date(previous_start),
            next_day=format_date(previous_start + dt.timedelta(days=1)),
        )
    latest = latest_start_date_exclusive(today=today)
    if started_on >= latest:
        template = START_DATE_TOO_FAR if role == "ect" else MENTOR_STARTED_ON_TOO_FAR
        return template.format(date=format_date(latest))
    return None


def _open_period_elsewhere(model, *, trn: str, school, today: dt.date):
    periods = model.objects.filter(teacher__trn=trn).filter(Q(finished_on__isnull=True) | Q(finished_on__gte=today))
    if school is not None:
        periods = periods.exclude(school=school)
    return periods.select_related("teacher", "school").order_by("-started_on").first()


def _latest_started_training(at_school_period, today: dt.date) -> dt.date | None:
    return (
        at_school_period.training_periods.filter(started_on__lte=today)
        .order_by("-started_on")
        .values_list("started_on", flat=True)
        .first()
    )


def ect_start_date_error(
    started_on: dt.date | None, *, trn: str, school=None, today: dt.date | None = None
) -> str | None:
    """§3.2 step 6: blank; too far in the past; not after the start at a school the ECT is still at (or its latest
    started training); 4 months + 1 day or more ahead."""
    from .models import ECTAtSchoolPeriod

    if started_on is None:
        return START_DATE_BLANK
    today = _today(today)
    previous = _open_period_elsewhere(ECTAtSchoolPeriod, trn=trn, school=school, today=today)
    previous_start = None
    if previous is not None:
        training_start = _latest_started_training(previous, today)
        previous_start = max(filter(None, [previous.started_on, training_start]))
    return start_date_rule(
        started_on=started_on,
        today=today,
        earliest=earliest_ect_start_date(today=today),
        previous_start=previous_start,
        previous_school_name=previous.school.name if previous else "",
        teacher_name=previous.teacher.full_name if previous else "",
    )


def mentor_started_on_error(
    started_on: dt.date | None, *, trn: str, school=None, today: dt.date | None = None
) -> str | None:
    """§3.4: after the start of their previous (still open) mentor period elsewhere, and under 4 months ahead."""
    from .models import MentorAtSchoolPeriod

    if started_on is None:
        return MENTOR_STARTED_ON_BLANK
    today = _today(today)
    previous = _open_period_elsewhere(MentorAtSchoolPeriod, trn=trn, school=school, today=today)
    if previous is None:  # previously a mentor, not currently: after that period's start
        previous = (
            MentorAtSchoolPeriod.objects.filter(teacher__trn=trn)
            .select_related("teacher", "school")
            .order_by("-started_on")
            .first()
        )
    return start_date_rule(
        started_on=started_on,
        today=today,
        earliest=None,
        previous_start=previous.started_on if previous else None,
        previous_school_name=previous.school.name if previous else "",
        teacher_name=previous.teacher.full_name if previous else "",
        role="mentor",
    )


def cannot_register_yet(started_on: dt.date, *, today: dt.date | None = None) -> bool:
    """A start date after today whose contract period does not exist yet or is not enabled: the school comes back
    later ("Cannot register ECT yet")."""
    from partnerships.models import Cohort

    if started_on <= _today(today):
        return False
    cohort = Cohort.objects.filter(start_year=contract_period_year(started_on)).first()
    return cohort is None or not cohort.enabled


def leaving_date_error(
    leaving_on: dt.date | None,
    *,
    started_on: dt.date,
    latest_training_start: dt.date | None = None,
    teacher_name: str,
    today: dt.date | None = None,
) -> str | None:
    """§3.5: given; no further than 4 months from today; after the start at the school and the latest started
    training period."""
    if leaving_on is None:
        return LEAVING_DATE_BLANK
    if leaving_on > add_months(_today(today), MONTHS_AHEAD):
        return LEAVING_DATE_TOO_FAR
    bound = max(filter(None, [started_on, latest_training_start]))
    if leaving_on <= bound:
        return LEAVING_DATE_BEFORE_START.format(name=teacher_name, date=format_date(bound))
    return None
