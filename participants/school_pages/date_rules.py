"""The date rules of the school journeys (docs/school-registration.md "Dates"); participants.school_pages.rules
re-exports them, so forms import one module."""

import calendar
import datetime as dt

from django.core.exceptions import ValidationError
from django.db.models import Q

from config import clock
from schools.rules import contract_period_start, contract_year

from .messages import (
    DOB_BLANK,
    DOB_TOO_OLD,
    DOB_TOO_YOUNG,
    LEAVING_DATE_BEFORE_MENTORING_START,
    LEAVING_DATE_BEFORE_START,
    LEAVING_DATE_BEFORE_TRAINING_START,
    LEAVING_DATE_BLANK,
    LEAVING_DATE_TOO_FAR,
    MENTOR_STARTED_ON_BLANK,
    MENTOR_STARTED_ON_OTHER_SCHOOL,
    MENTOR_STARTED_ON_TOO_FAR,
    MONTHS_AHEAD,
    START_DATE_BLANK,
    START_DATE_OTHER_SCHOOL,
    START_DATE_OTHER_SCHOOL_TRAINING,
    START_DATE_TOO_EARLY,
    START_DATE_TOO_FAR,
)


def format_date(day: dt.date) -> str:
    """GOV.UK style: 1 September 2025."""
    return f"{day.day} {day.strftime('%B %Y')}"


def _today(today: dt.date | None) -> dt.date:
    return today or clock.today()


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
def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the month's last day when it has no such day (31 October + 4 → 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def earliest_ect_start_date(*, today: dt.date | None = None) -> dt.date:
    """The first day of the contract period two before the current one."""
    return contract_period_start(contract_year(_today(today)) - 2)


def latest_start_date_exclusive(*, today: dt.date | None = None) -> dt.date:
    """A start date must be before this day: no more than 4 months ahead."""
    return add_months(_today(today), MONTHS_AHEAD) + dt.timedelta(days=1)


def start_date_rule(
    *,
    started_on: dt.date,
    today: dt.date,
    earliest: dt.date | None,
    previous_start: dt.date | None = None,
    previous_training_start: dt.date | None = None,
    previous_school_name: str = "",
    teacher_name: str = "",
    role: str = "ect",
) -> str | None:
    """The date rules without the database: not before `earliest`, after the start at the school they are still
    at (`previous_start`) and after their latest training there that has started (`previous_training_start`), and
    under 4 months ahead. The message names the later of the two for what it is."""
    if earliest is not None and started_on < earliest:
        return START_DATE_TOO_EARLY.format(date=format_date(earliest))
    bound = max(filter(None, [previous_start, previous_training_start]), default=None)
    if bound is not None and started_on <= bound:
        if role != "ect":
            template = MENTOR_STARTED_ON_OTHER_SCHOOL
        elif previous_start is not None and bound == previous_start:
            template = START_DATE_OTHER_SCHOOL
        else:
            template = START_DATE_OTHER_SCHOOL_TRAINING
        return template.format(name=teacher_name, school=previous_school_name, date=format_date(bound))
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
    """docs/school-registration.md, "Dates": blank; too far in the past; not after the start at a school the ECT is
    still at (or its latest started training); 4 months + 1 day or more ahead."""
    from ..models import ECTAtSchoolPeriod

    if started_on is None:
        return START_DATE_BLANK
    today = _today(today)
    previous = _open_period_elsewhere(ECTAtSchoolPeriod, trn=trn, school=school, today=today)
    return start_date_rule(
        started_on=started_on,
        today=today,
        earliest=earliest_ect_start_date(today=today),
        previous_start=previous.started_on if previous else None,
        previous_training_start=_latest_started_training(previous, today) if previous else None,
        previous_school_name=previous.school.name if previous else "",
        teacher_name=previous.teacher.full_name if previous else "",
    )


def mentor_started_on_error(
    started_on: dt.date | None, *, trn: str, school=None, today: dt.date | None = None
) -> str | None:
    """docs/school-registration.md, "Dates": after the start of their previous (still open) mentor period elsewhere, and
    under 4 months ahead."""
    from ..models import MentorAtSchoolPeriod

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
    cohort = Cohort.objects.filter(start_year=contract_year(started_on)).first()
    return cohort is None or not cohort.enabled


def leaving_date_error(
    leaving_on: dt.date | None,
    *,
    started_on: dt.date,
    latest_training_start: dt.date | None = None,
    teacher_name: str,
    role: str = "ect",
    today: dt.date | None = None,
) -> str | None:
    """docs/school-registration.md, "Dates": given; no further than 4 months from today; after the start at the school
    (teaching for an ECT, mentoring for a mentor) and after the latest started training period, the message naming
    whichever of the two is later for what it is."""
    if leaving_on is None:
        return LEAVING_DATE_BLANK
    if leaving_on > add_months(_today(today), MONTHS_AHEAD):
        return LEAVING_DATE_TOO_FAR
    if latest_training_start is not None and latest_training_start > started_on:
        bound, template = latest_training_start, LEAVING_DATE_BEFORE_TRAINING_START
    elif role == "ect":
        bound, template = started_on, LEAVING_DATE_BEFORE_START
    else:
        bound, template = started_on, LEAVING_DATE_BEFORE_MENTORING_START
    if leaving_on <= bound:
        return template.format(name=teacher_name, date=format_date(bound))
    return None
