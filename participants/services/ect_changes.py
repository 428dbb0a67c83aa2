"""A school changes an ECT's details or reports them leaving (docs/school-registration.md "Changes").

Confirming a value the record already has changes nothing, so a double submit is harmless."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from config import clock
from config.db import check_deferred_constraints
from config.errors import DomainValidationError
from partnerships.models import Cohort, LeadProvider
from schools.models import AppropriateBody, School

from ..models import ECTAtSchoolPeriod, MentorshipPeriod, Teacher, TrainingPeriod
from ..school_pages import messages, rules
from ..school_pages.cohorts import (
    RegistrationCohort,
    frozen_cohort_destination,
    lead_provider_contract,
    ongoing,
    registration_cohort,
)
from .mentors import (
    current_training,
    eligible_for_first_provider_led_training,
    mentor_training_start,
    training_lead_provider,
)
from .registration import author_event, ect_training_start, provider_led_links
from .school_periods import ect_at_school_end, leaving_date_check, refuse
from .training_changes import replace_training, training_move


def _locked(period: ECTAtSchoolPeriod) -> ECTAtSchoolPeriod:
    return ECTAtSchoolPeriod.objects.select_for_update().select_related("teacher", "school").get(pk=period.pk)


def _event(period, event_type, heading, author_type, author_name, subject=None, **metadata):
    author_event(
        event_type=event_type,
        heading=heading,
        subject=subject or period,
        author_type=author_type,
        author_name=author_name,
        teacher_id=period.teacher.api_id,
        **metadata,
    )


@transaction.atomic
def teacher_change_name(*, teacher: Teacher, name: str, author_type: str, author_name: str) -> Teacher:
    """The school corrects a teacher's name; the TRS name is kept alongside it."""
    teacher = Teacher.objects.select_for_update().get(pk=teacher.pk)
    message = rules.name_change_error(name, current_name=teacher.full_name)
    if message == messages.NAME_UNCHANGED:
        return teacher  # already this name: a repeated confirmation
    refuse("name", message)
    previous = teacher.full_name
    teacher.corrected_name = name.strip()
    teacher.save()
    author_event(
        event_type="teacher_name_updated_by_user",
        heading=f"Name changed from {previous} to {teacher.corrected_name}",
        subject=teacher,
        author_type=author_type,
        author_name=author_name,
        changes={"name": (previous, teacher.corrected_name)},
        teacher_id=teacher.api_id,
    )
    return teacher


@transaction.atomic
def ect_change_name(*, ect_at_school_period: ECTAtSchoolPeriod, name: str, author_type: str, author_name: str):
    return teacher_change_name(
        teacher=ect_at_school_period.teacher, name=name, author_type=author_type, author_name=author_name
    )


def at_school_email_change(*, period, email: str, author_type: str, author_name: str, touch: tuple[str, ...]):
    """A new email address for an ECT or mentor at one school; lead providers see it (the teacher's API timestamps
    in `touch` move). Giving the address it already has changes nothing; an address another teacher's ongoing period
    uses is refused, as at registration (docs/school-registration.md "Changes")."""
    period = type(period).objects.select_for_update().select_related("teacher").get(pk=period.pk)
    message = rules.email_change_error(email, current_email=period.email)
    if message == messages.EMAIL_UNCHANGED:
        return period
    refuse("email", message)
    # One rule for registering and changing (docs/school-registration.md, "Changes").
    if rules.email_in_use_by_another_teacher(email=email, trn=period.teacher.trn):
        raise DomainValidationError("email", messages.EMAIL_IN_USE)
    previous, period.email = period.email, email.strip()
    period.save(update_fields=["email"])
    now = timezone.now()
    Teacher.objects.filter(pk=period.teacher_id).touch_api_timestamps(*touch, at=now)
    _event(
        period,
        "teacher_email_address_updated",
        f"Email changed from {previous} to {period.email}",
        author_type,
        author_name,
        changes={"email": (previous, period.email)},
    )
    return period


@transaction.atomic
def ect_change_email(
    *, ect_at_school_period: ECTAtSchoolPeriod, email: str, author_type: str, author_name: str
) -> ECTAtSchoolPeriod:
    """A new email address for the ECT at this school (lead providers see it)."""
    return at_school_email_change(
        period=ect_at_school_period,
        email=email,
        author_type=author_type,
        author_name=author_name,
        touch=("api_updated_at",),
    )


@transaction.atomic
def ect_change_working_pattern(
    *, ect_at_school_period: ECTAtSchoolPeriod, working_pattern: str, author_type: str, author_name: str
) -> ECTAtSchoolPeriod:
    period = _locked(ect_at_school_period)
    message = rules.working_pattern_change_error(working_pattern, current_pattern=period.working_pattern)
    if message == messages.WORKING_PATTERN_UNCHANGED:
        return period
    refuse("working_pattern", message)
    period.working_pattern = working_pattern
    period.save(update_fields=["working_pattern"])
    _event(
        period,
        "teacher_working_pattern_updated",
        f"Working pattern changed to {period.get_working_pattern_display()}",
        author_type,
        author_name,
    )
    return period


@transaction.atomic
def ect_change_appropriate_body(
    *, ect_at_school_period: ECTAtSchoolPeriod, appropriate_body: AppropriateBody, author_type: str, author_name: str
) -> ECTAtSchoolPeriod:
    """The school reports a different appropriate body (active, and right for the school's type)."""
    period = _locked(ect_at_school_period)
    if appropriate_body is not None and appropriate_body.pk == period.appropriate_body_id:
        return period
    refuse("appropriate_body", rules.appropriate_body_error(appropriate_body, school=period.school))
    previous, period.appropriate_body = period.appropriate_body, appropriate_body
    period.save(update_fields=["appropriate_body"])
    _event(
        period,
        "teacher_appropriate_body_changed",
        f"Appropriate body changed from {previous or 'none'} to {appropriate_body}",
        author_type,
        author_name,
    )
    return period


def _ect_cohort(period: ECTAtSchoolPeriod, training: TrainingPeriod | None) -> Cohort:
    """The ECT's contract period: their current provider-led cohort (a payments-frozen one becomes 2024), else the
    one a registration from their start date would get."""
    if training is not None and training.schedule_id:
        cohort = training.schedule.cohort
        return frozen_cohort_destination(cohort, role="ect") or cohort
    return registration_cohort(started_on=period.started_on, teacher=period.teacher).cohort


@transaction.atomic
def ect_change_training_programme(
    *,
    ect_at_school_period: ECTAtSchoolPeriod,
    training_programme: str,
    lead_provider: LeadProvider | None = None,
    author_type: str,
    author_name: str,
) -> TrainingPeriod:
    """Switch between school-led and provider-led training (provider-led needs a lead provider). A switch to
    provider-led also starts the ECT's mentor's first provider-led training when they are eligible."""
    period = _locked(ect_at_school_period)
    today = clock.today()
    refuse("training_programme", rules.training_programme_error(training_programme))
    training = current_training(period)
    if training is not None and training.training_programme == training_programme:
        return training
    if training_programme == "provider_led":
        refuse("lead_provider", rules.lead_provider_error(lead_provider and lead_provider.pk))
    derived = RegistrationCohort(
        cohort=_ect_cohort(period, training), previous_schedule=training.schedule if training else None
    )
    starts = max(period.started_on, today)
    if training is not None:
        starts = replace_training(training, destroy_unconfirmed=training_programme == "school_led", today=today)
    new = ect_training_start(
        period=period,
        training_programme=training_programme,
        lead_provider=lead_provider,
        started_on=starts,
        derived=derived,
        author_type=author_type,
        author_name=author_name,
    )
    _event(
        period,
        "teacher_training_programme_updated",
        f"Training programme changed to {training_programme}",
        author_type,
        author_name,
    )
    if training_programme == "provider_led":
        mentorship = ongoing(MentorshipPeriod.objects.filter(mentee=period)).select_related("mentor__teacher").first()
        if mentorship and eligible_for_first_provider_led_training(
            ect_at_school_period=period, mentor=mentorship.mentor.teacher
        ):
            mentor_training_start(
                period=mentorship.mentor,
                lead_provider=lead_provider,
                mentee=period,
                author_type=author_type,
                author_name=author_name,
            )
    return new


def change_training_lead_provider(
    *,
    at_school_period,
    training: TrainingPeriod | None,
    lead_provider: LeadProvider,
    cohort: Cohort,
    author_type: str,
    author_name: str,
) -> TrainingPeriod:
    """The shared step of ECT and mentor lead provider changes: in place for training that starts today or later;
    otherwise a confirmed period finishes yesterday, an unconfirmed one goes, and a new one starts today."""
    if training is None or training.training_programme != "provider_led":
        raise DomainValidationError("training_programme", "Only provider-led training has a lead provider")
    if training_lead_provider(training) == lead_provider:
        raise DomainValidationError("lead_provider", messages.LEAD_PROVIDER_UNCHANGED)
    if lead_provider_contract(lead_provider=lead_provider, cohort=cohort) is None:
        raise DomainValidationError("lead_provider", messages.LEAD_PROVIDER_NOT_AVAILABLE)
    partnership, contract = provider_led_links(
        school=at_school_period.school,
        lead_provider=lead_provider,
        cohort=cohort,
        author_type=author_type,
        author_name=author_name,
    )
    schedule = training.schedule
    if schedule.cohort_id != cohort.pk:
        schedule = type(schedule).objects.get(cohort=cohort, identifier=schedule.identifier)
    return training_move(
        at_school_period=at_school_period,
        training=training,
        partnership=partnership,
        contract=contract,
        schedule=schedule,
        author_type=author_type,
        author_name=author_name,
    )


@transaction.atomic
def ect_change_lead_provider(
    *, ect_at_school_period: ECTAtSchoolPeriod, lead_provider: LeadProvider, author_type: str, author_name: str
) -> TrainingPeriod:
    """A different lead provider for the ECT's provider-led training, in the ECT's contract period."""
    period = _locked(ect_at_school_period)
    training = current_training(period)
    previous = training_lead_provider(training)
    if previous is not None and previous == lead_provider:
        return training
    new = change_training_lead_provider(
        at_school_period=period,
        training=training,
        lead_provider=lead_provider,
        cohort=_ect_cohort(period, training),
        author_type=author_type,
        author_name=author_name,
    )
    _event(
        period,
        "teacher_training_lead_provider_updated",
        f"Lead provider changed from {previous} to {lead_provider}",
        author_type,
        author_name,
    )
    return new


@transaction.atomic
def ect_report_leaving(
    *,
    ect_at_school_period: ECTAtSchoolPeriod,
    school: School,
    leaving_on: dt.date,
    author_type: str,
    author_name: str,
) -> ECTAtSchoolPeriod:
    """The school reports the ECT left or will leave on `leaving_on`: unstarted mentorships and training go, the
    ones covering the date finish on it, and the at-school period finishes with the reporting school recorded.
    An ECT who already left earlier keeps that date; only the reporting school is recorded."""
    period = _locked(ect_at_school_period)
    if period.school_id != school.pk:
        raise DomainValidationError("ect", "This ECT is not registered at this school")
    if period.finished_on == leaving_on and period.reported_leaving_by_school_id == school.pk:
        return period  # already reported: a repeated confirmation
    leaving_date_check(period, leaving_on=leaving_on, today=clock.today())
    ended = ect_at_school_end(period=period, last_day=leaving_on, reported_by_school=school)
    _event(
        period,
        "teacher_left_school_as_ect",
        f"{period.teacher.full_name} left {school.name}",
        author_type,
        author_name,
        subject=ended or period.teacher,
        leaving_on=leaving_on,
        school_urn=school.urn,
    )
    check_deferred_constraints()
    return ended
