"""A school changes a mentor's details or reports them leaving (docs/school-registration.md "Changes").

Confirming a value the record already has changes nothing, so a double submit is harmless."""

import datetime as dt

from django.db import transaction

from config import clock
from config.db import check_deferred_constraints
from config.errors import DomainValidationError
from partnerships.models import LeadProvider
from schools.models import School

from ..models import MentorAtSchoolPeriod, TrainingPeriod
from ..school_pages.messages import MENTOR_NOT_AT_SCHOOL
from .ect_changes import at_school_email_change, change_training_lead_provider, teacher_change_name
from .mentors import current_training, training_lead_provider
from .registration import author_event
from .school_periods import leaving_date_check, mentor_at_school_end


def _locked(period: MentorAtSchoolPeriod) -> MentorAtSchoolPeriod:
    return MentorAtSchoolPeriod.objects.select_for_update().select_related("teacher", "school").get(pk=period.pk)


@transaction.atomic
def mentor_change_name(*, mentor_at_school_period: MentorAtSchoolPeriod, name: str, author_type: str, author_name: str):
    return teacher_change_name(
        teacher=mentor_at_school_period.teacher, name=name, author_type=author_type, author_name=author_name
    )


@transaction.atomic
def mentor_change_email(
    *, mentor_at_school_period: MentorAtSchoolPeriod, email: str, author_type: str, author_name: str
) -> MentorAtSchoolPeriod:
    """A new email address for the mentor at this school (as a participant and as an unfunded mentor)."""
    return at_school_email_change(
        period=mentor_at_school_period,
        email=email,
        author_type=author_type,
        author_name=author_name,
        touch=("api_updated_at", "api_unfunded_mentor_updated_at"),
    )


@transaction.atomic
def mentor_change_lead_provider(
    *, mentor_at_school_period: MentorAtSchoolPeriod, lead_provider: LeadProvider, author_type: str, author_name: str
) -> TrainingPeriod:
    """A different lead provider for the mentor's provider-led training at this school, in the same cohort."""
    period = _locked(mentor_at_school_period)
    training = current_training(period)
    if training is None:
        raise DomainValidationError("training_programme", "Only provider-led training has a lead provider")
    previous = training_lead_provider(training)
    if previous == lead_provider:
        return training
    new = change_training_lead_provider(
        at_school_period=period,
        training=training,
        lead_provider=lead_provider,
        cohort=training.schedule.cohort,
        author_type=author_type,
        author_name=author_name,
    )
    author_event(
        event_type="teacher_training_lead_provider_updated",
        heading=f"Lead provider changed from {previous} to {lead_provider}",
        subject=period,
        author_type=author_type,
        author_name=author_name,
        teacher_id=period.teacher.api_id,
    )
    return new


@transaction.atomic
def mentor_report_leaving(
    *,
    mentor_at_school_period: MentorAtSchoolPeriod,
    school: School,
    leaving_on: dt.date,
    author_type: str,
    author_name: str,
) -> MentorAtSchoolPeriod | None:
    """The mentor leaves this school only: their mentorships here end (their ECTs then need a new mentor) and their
    training here ends; their periods at other schools are untouched."""
    period = _locked(mentor_at_school_period)
    if period.school_id != school.pk:
        raise DomainValidationError("mentor", MENTOR_NOT_AT_SCHOOL)
    if period.finished_on == leaving_on and period.reported_leaving_by_school_id == school.pk:
        return period  # already reported: a repeated confirmation
    leaving_date_check(period, leaving_on=leaving_on, today=clock.today())
    ended = mentor_at_school_end(period=period, last_day=leaving_on, reported_by_school=school)
    author_event(
        event_type="teacher_left_school_as_mentor",
        heading=f"{period.teacher.full_name} left {school.name} as a mentor",
        subject=ended or period.teacher,
        author_type=author_type,
        author_name=author_name,
        teacher_id=period.teacher.api_id,
        leaving_on=leaving_on,
        school_urn=school.urn,
    )
    check_deferred_constraints()
    return ended
