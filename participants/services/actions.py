"""What lead providers report about a participant's training: defer, resume, withdraw, change schedule.

Rules and messages: docs/participants.md, "Actions". Each change keeps history: the training
period is finished (with the reason) and, on resume or a schedule change, a new one is started.
"""

import datetime as dt

from django.db import transaction
from django.db.models import Q

from config import clock
from config.db import check_deferred_constraints
from config.errors import ValidationErrors
from config.events import record_event
from config.models import AuthorType
from participants import expressions as ex
from participants import rules
from participants.models import DeferralReason, Teacher, TrainingPeriod, WithdrawalReason
from participants.selectors import latest_training_period
from partnerships.models import LeadProvider


def _enrolment(
    errors: ValidationErrors, *, lead_provider: LeadProvider, teacher: Teacher, course_identifier
) -> TrainingPeriod | None:
    """The lead provider's latest training period for the course, or the shared validation errors
    (docs/participants.md, "Checks every action shares"): a course the participant has no training in is not
    recognised; training in it with nobody but other providers means the participant is not recognised for this
    provider."""
    role = rules.check_course(errors, course_identifier)
    if role is None:
        return None
    if not TrainingPeriod.objects.filter(teacher=teacher, role=role).exists():
        errors.add("course_identifier", rules.COURSE_NOT_RECOGNISED)
        return None
    period = latest_training_period(lead_provider=lead_provider, teacher=teacher, role=role)
    if period is None:
        errors.add("participant_id", rules.PARTICIPANT_NOT_RECOGNISED)
        return None
    # The training status is read as the API renders it, so the rule is written once (participants/expressions.py).
    return (
        TrainingPeriod.objects.select_for_update(of=("self",))
        .select_related("schedule__cohort", "teacher")
        .annotate(training_status=ex.training_status())
        .get(pk=period.pk)
    )


def _touch(teacher: Teacher) -> None:
    Teacher.objects.filter(pk=teacher.pk).touch_api_timestamps("api_updated_at")


def _finish_for_report(period: TrainingPeriod, today: dt.date) -> None:
    # The training ends today unless the school already ended it earlier.
    if period.finished_on is None or period.finished_on > today:
        period.finished_on = today


def _moved_on(period: TrainingPeriod, *, lead_provider: LeadProvider) -> bool:
    """Whether another lead provider has trained the teacher since `period` began: a change to this earlier
    training then shows only in this provider's view, never in the participant's shared `updated_at`
    (docs/lead-provider-api.md, "Participant actions")."""
    return (
        TrainingPeriod.objects.filter(teacher_id=period.teacher_id, started_on__gt=period.started_on)
        .exclude(partnership__delivery_partnership__contract__lead_provider=lead_provider)
        .exclude(partnership__isnull=True)
        .exists()
    )


# What a reported break or withdrawal records: (time field, reason field, event type, verb for the heading).
_STOPS = {
    "deferred": ("deferred_at", "deferral_reason", "teacher_training_deferred", "deferred"),
    "withdrawn": ("withdrawn_at", "withdrawal_reason", "teacher_training_withdrawn", "withdrew"),
}


def _stop_training(period: TrainingPeriod, *, status: str, reason: str, lead_provider: LeadProvider) -> TrainingPeriod:
    """The training period ends today (unless the school ended it earlier) with when and why, as history."""
    at_field, reason_field, event_type, verb = _STOPS[status]
    _finish_for_report(period, clock.today())
    setattr(period, at_field, clock.now())
    setattr(period, reason_field, reason)
    period.save(update_fields=["finished_on", at_field, reason_field, "updated_at"])
    if not _moved_on(period, lead_provider=lead_provider):
        _touch(period.teacher)
    record_event(
        event_type=event_type,
        heading=f"{lead_provider} {verb} {period.teacher.full_name} ({reason})",
        subject=period,
        author_type=AuthorType.LEAD_PROVIDER_API,
        author_name=lead_provider.name,
        reason=reason,
    )
    check_deferred_constraints()
    return period


@transaction.atomic
def participant_defer(*, lead_provider: LeadProvider, teacher: Teacher, course_identifier, reason) -> TrainingPeriod:
    """The lead provider reports a break in training (bereavement, parental leave...)."""
    errors = ValidationErrors()
    period = _enrolment(errors, lead_provider=lead_provider, teacher=teacher, course_identifier=course_identifier)
    if period is not None:
        rules.check_reason(errors, reason, DeferralReason)
        rules.check_can_stop(
            errors, to="deferred", status=period.training_status, started_on=period.started_on, today=clock.today()
        )
    errors.raise_any()
    return _stop_training(period, status="deferred", reason=reason, lead_provider=lead_provider)


@transaction.atomic
def participant_withdraw(*, lead_provider: LeadProvider, teacher: Teacher, course_identifier, reason) -> TrainingPeriod:
    """The lead provider reports that the participant has stopped training with it."""
    errors = ValidationErrors()
    period = _enrolment(errors, lead_provider=lead_provider, teacher=teacher, course_identifier=course_identifier)
    if period is not None:
        rules.check_reason(errors, reason, WithdrawalReason)
        if reason == WithdrawalReason.MENTOR_NO_LONGER_BEING_MENTOR and period.role == "ect":
            errors.add("reason", rules.NOT_A_MENTOR)
        rules.check_can_stop(
            errors, to="withdrawn", status=period.training_status, started_on=period.started_on, today=clock.today()
        )
    errors.raise_any()
    transaction.on_commit(lambda: _notify_induction_tutor_of_withdrawal(period.pk))
    return _stop_training(period, status="withdrawn", reason=reason, lead_provider=lead_provider)


def _notify_induction_tutor_of_withdrawal(period_pk: int) -> None:
    from django.core.mail import send_mail

    period = TrainingPeriod.objects.select_related("school", "teacher").get(pk=period_pk)
    if period.school.induction_tutor_email:
        send_mail(
            subject=f"{period.teacher.full_name} has been withdrawn from training",
            message=(
                f"Their lead provider has told us that {period.teacher.full_name} is no longer training with them "
                f"(reason: {period.withdrawal_reason}). Sign in to update their details if anything has changed."
            ),
            from_email=None,
            recipient_list=[period.school.induction_tutor_email],
        )


def _successor(period: TrainingPeriod, *, started_on: dt.date, **changes) -> TrainingPeriod:
    """A new training period that carries on from `period` (same school placement) with `changes`."""
    at_school = period.ect_at_school_period or period.mentor_at_school_period
    values = {
        "teacher": period.teacher,
        "role": period.role,
        "school_id": period.school_id,
        "ect_at_school_period_id": period.ect_at_school_period_id,
        "mentor_at_school_period_id": period.mentor_at_school_period_id,
        "training_programme": period.training_programme,
        "partnership_id": period.partnership_id,
        "expression_of_interest_id": period.expression_of_interest_id,
        "schedule_id": period.schedule_id,
        "started_on": started_on,
        "finished_on": at_school.finished_on,
    }
    values.update(changes)
    return TrainingPeriod.objects.create(**values)


def _reopen(period: TrainingPeriod, *, finished_on: dt.date | None) -> TrainingPeriod:
    """The training period a defer or withdrawal finished today carries on as if it had not been stopped."""
    period.finished_on = finished_on
    period.deferred_at = period.withdrawn_at = None
    period.deferral_reason = period.withdrawal_reason = ""
    period.save(
        update_fields=[
            "finished_on",
            "deferred_at",
            "withdrawn_at",
            "deferral_reason",
            "withdrawal_reason",
            "updated_at",
        ]
    )
    return period


@transaction.atomic
def participant_resume(*, lead_provider: LeadProvider, teacher: Teacher, course_identifier) -> TrainingPeriod:
    """A deferred or withdrawn participant carries on training with the lead provider from today; on the day of
    the defer or withdrawal, the stop is undone (docs/lead-provider-api.md, "Participant actions")."""
    errors = ValidationErrors()
    period = _enrolment(errors, lead_provider=lead_provider, teacher=teacher, course_identifier=course_identifier)
    today = clock.today()
    if period is not None:
        at_school = period.ect_at_school_period or period.mentor_at_school_period
        # Training in the role that is ongoing or still to start (with another provider, or school-led).
        ongoing_elsewhere = (
            TrainingPeriod.objects.filter(teacher=teacher, role=period.role)
            .filter(Q(finished_on__isnull=True) | Q(finished_on__gte=today))
            .exclude(pk=period.pk)
        )
        if period.training_status == "active":
            errors.add("participant_profile", rules.ALREADY_ACTIVE)
        elif at_school.finished_on is not None and at_school.finished_on < today:
            errors.add("participant_id", rules.NO_LONGER_AT_SCHOOL)
        elif ongoing_elsewhere.exists():
            errors.add("participant_id", rules.ACTIVE_ELSEWHERE)
    errors.raise_any()
    if period.finished_on is not None and period.finished_on >= today:
        # Stopped today: the stop is undone by reopening the period (its history and the events keep the stop).
        resumed = _reopen(period, finished_on=at_school.finished_on)
    else:
        resumed = _successor(period, started_on=today)
    _touch(teacher)
    record_event(
        event_type="teacher_training_resumed",
        heading=f"{lead_provider} resumed {teacher.full_name}",
        subject=resumed,
        author_type=AuthorType.LEAD_PROVIDER_API,
        author_name=lead_provider.name,
    )
    check_deferred_constraints()
    return resumed
