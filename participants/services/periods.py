"""Starting and finishing the periods that say where teachers are, who mentors them and who trains them.

History is kept: a change finishes the current period (the day before the new one starts) and starts another.
"""

import datetime as dt

from django.db import transaction

from config.db import check_deferred_constraints
from config.errors import DomainValidationError
from config.events import record_event
from config.models import AuthorType
from config.text import is_blank
from participants.models import (
    ECTAtSchoolPeriod,
    MentorAtSchoolPeriod,
    MentorshipPeriod,
    Teacher,
    TrainingPeriod,
    TrainingProgramme,
    TrainingRole,
)
from participants.notifications import school_named_provider, transfers_appeared
from participants.rules import EMAIL_REQUIRED
from partnerships.models import LeadProviderContract, Partnership, Schedule
from schools.models import School


@transaction.atomic
def teacher_find_or_create(*, trn: str, first_name: str, last_name: str) -> Teacher:
    """One teacher per TRN; an existing record keeps its participant id."""
    teacher, _ = Teacher.objects.get_or_create(
        trn=trn, defaults={"trs_first_name": first_name, "trs_last_name": last_name}
    )
    return teacher


def _at_school_start(model, role: str, *, teacher, school, started_on, email, author_type):
    # Every registration carries the teacher's email (docs/participants.md, "Emails").
    if is_blank(email):
        raise DomainValidationError("email", EMAIL_REQUIRED)
    email = email.strip()
    period = model.objects.create(teacher=teacher, school=school, started_on=started_on, email=email)
    record_event(
        event_type=f"teacher_starts_as_{role}_at_school",
        heading=f"{teacher.full_name} started as {'an ECT' if role == 'ect' else 'a mentor'} at {school}",
        subject=period,
        author_type=author_type,
        teacher_id=teacher.api_id,
    )
    return period


@transaction.atomic
def ect_at_school_start(
    *, teacher: Teacher, school: School, started_on: dt.date, email: str, author_type: str = AuthorType.SYSTEM
) -> ECTAtSchoolPeriod:
    """A school registers a teacher as an ECT from a date."""
    return _at_school_start(
        ECTAtSchoolPeriod,
        "ect",
        teacher=teacher,
        school=school,
        started_on=started_on,
        email=email,
        author_type=author_type,
    )


@transaction.atomic
def mentor_at_school_start(
    *, teacher: Teacher, school: School, started_on: dt.date, email: str, author_type: str = AuthorType.SYSTEM
) -> MentorAtSchoolPeriod:
    """A school registers a teacher as a mentor from a date."""
    return _at_school_start(
        MentorAtSchoolPeriod,
        "mentor",
        teacher=teacher,
        school=school,
        started_on=started_on,
        email=email,
        author_type=author_type,
    )


@transaction.atomic
def mentorship_start(
    *, mentee: ECTAtSchoolPeriod, mentor: MentorAtSchoolPeriod, started_on: dt.date
) -> MentorshipPeriod:
    """An ECT gets a mentor; the current mentorship, if any, finishes the day before.

    The mentor's unfunded-mentor `updated_at` moves (docs/participants.md, "updated_at").
    """
    current = MentorshipPeriod.objects.select_for_update().filter(mentee=mentee, finished_on__isnull=True).first()
    if current is not None:
        current.finished_on = started_on - dt.timedelta(days=1)
        current.save(update_fields=["finished_on"])
    period = MentorshipPeriod.objects.create(mentee=mentee, mentor=mentor, started_on=started_on)
    Teacher.objects.filter(pk=mentor.teacher_id).touch_api_timestamps(
        "api_unfunded_mentor_updated_at", at=period.created_at
    )
    Teacher.objects.filter(pk=mentee.teacher_id).touch_api_timestamps("api_updated_at", at=period.created_at)
    record_event(
        event_type="teacher_starts_mentoring",
        heading=f"Mentor {mentor.teacher_id} assigned to ECT {mentee.teacher_id}",
        subject=period,
    )
    check_deferred_constraints()
    return period


@transaction.atomic
def training_period_start(
    *,
    at_school_period: ECTAtSchoolPeriod | MentorAtSchoolPeriod,
    started_on: dt.date,
    training_programme: str = TrainingProgramme.PROVIDER_LED,
    partnership: Partnership | None = None,
    expression_of_interest: LeadProviderContract | None = None,
    schedule: Schedule | None = None,
    author_type: str = AuthorType.SYSTEM,
    author_name: str = "",
    finished_on: dt.date | None = None,
) -> TrainingPeriod:
    """Training starts: provider-led with a partnership or an expression of interest and a schedule, or
    school-led. A partnership confirms the provider; without one the provider only has an expression of interest."""
    role = TrainingRole.ECT if isinstance(at_school_period, ECTAtSchoolPeriod) else TrainingRole.MENTOR
    if partnership is not None and expression_of_interest is None:
        expression_of_interest = partnership.delivery_partnership.contract
    current = (
        TrainingPeriod.objects.select_for_update()
        .filter(teacher=at_school_period.teacher, role=role, finished_on__isnull=True)
        .first()
    )
    if current is not None:
        current.finished_on = started_on - dt.timedelta(days=1)
        current.save(update_fields=["finished_on", "updated_at"])
    period = TrainingPeriod.objects.create(
        teacher=at_school_period.teacher,
        role=role,
        school=at_school_period.school,
        ect_at_school_period=at_school_period if role == TrainingRole.ECT else None,
        mentor_at_school_period=at_school_period if role == TrainingRole.MENTOR else None,
        training_programme=training_programme,
        partnership=partnership,
        expression_of_interest=expression_of_interest,
        schedule=schedule,
        started_on=started_on,
        finished_on=finished_on,
    )
    Teacher.objects.filter(pk=at_school_period.teacher_id).touch_api_timestamps("api_updated_at", at=period.updated_at)
    record_event(
        event_type="training_period_started",
        heading=f"{role} training started ({training_programme})",
        subject=period,
        author_type=author_type,
        author_name=author_name,
        teacher_id=at_school_period.teacher.api_id,
    )
    # The school named the provider, and a participant who left another school has a transfer's joining side.
    school_named_provider(period)
    transfers_appeared(TrainingPeriod.objects.filter(pk=period.pk))
    check_deferred_constraints()
    return period
