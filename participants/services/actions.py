"""What lead providers report about a participant's training: defer, resume, withdraw, change schedule.

Rules and messages: ecf-rules.md §3.4–3.7 and rect-features.md §1.4. Each change keeps history: the training
period is finished (with the reason) and, on resume or a schedule change, a new one is started.
"""

import datetime as dt

from django.db import transaction
from django.db.models import Q

from config import clock
from config.api.errors import ValidationErrors
from config.db import check_deferred_constraints
from config.events import record_event
from config.models import AuthorType
from config.text import is_blank
from participants import expressions as ex
from participants.models import DeferralReason, Teacher, TrainingPeriod, WithdrawalReason
from participants.selectors import COURSE_ROLES, latest_training_period
from partnerships.models import LeadProvider

PARTICIPANT_NOT_RECOGNISED = (
    "Your update cannot be made as the '#/participant_id' is not recognised. Check participant details and try again."
)
COURSE_BLANK = "Enter a '#/course_identifier' value for this participant."
COURSE_NOT_RECOGNISED = (
    "The entered '#/course_identifier' is not recognised for the given participant. Check details and try again."
)
NPQ_UNSUPPORTED = "NPQ Courses are no longer supported"
REASON_MISSING = "The property '#/reason' must be present"
REASON_INVALID = "The property '#/reason' must be a valid reason"
ALREADY_WITHDRAWN = "The participant is already withdrawn"
ALREADY_DEFERRED = "The participant is already deferred"
ALREADY_ACTIVE = "The participant is already active"
NOT_A_MENTOR = "You cannot withdraw an ECT for this reason. The ECT is not a mentor."
CHANGED_TODAY = (
    "You cannot defer or withdraw this participant today. You need to try again tomorrow as the training was "
    "recently changed for this participant."
)
NO_LONGER_AT_SCHOOL = "The participant is no longer at the school. Please contact the induction tutor to resolve."
ACTIVE_ELSEWHERE = "This participant cannot be resumed because they are already active with another provider."
LEFT_NO_SCHEDULE_CHANGE = (
    "You cannot change this participant\u2019s schedule. This is because the participant has a 'left' "
    "participant_status, so they are not training with you currently."
)
STARTS_WITH_ANOTHER_PROVIDER = (
    "You cannot change this participant\u2019s schedule as they are due to start with another lead provider in the "
    "future."
)
SCHEDULE_INVALID = "The property '#/schedule_identifier' must be present and correspond to a valid schedule"
WITHDRAWN_NO_ACTIONS = "Cannot perform actions on a withdrawn participant"
SCHEDULE_UNCHANGED = "Selected schedule is already on the profile"
SCHEDULE_NOT_FOR_COURSE = "Selected schedule is not valid for the course"
COHORT_INVALID = "The '#/cohort' you have entered is invalid. Check cohort details and try again."
COHORT_NO_PARTNERSHIP = (
    "You cannot change a participant to this cohort as you do not have a partnership with the school for the "
    "cohort. Contact the DfE for assistance."
)
# rect-features.md §1.4, in the API's vocabulary ("contract period" is "cohort" to lead providers).
COHORT_FROZEN = (
    "You cannot move a participant to a payments frozen cohort unless they previously belonged to that cohort."
)
SCHEDULE_INVALIDATES_DECLARATIONS = "Changing schedule would invalidate existing declarations. Please void them first."
COHORT_LOCKED_BY_DECLARATIONS = "You cannot change the '#/cohort' field"
# Participants in a payments-frozen cohort who have not finished move to this cohort (ecf-rules.md §3.7).
FROZEN_COHORT_DESTINATION = 2024


def _enrolment(
    errors: ValidationErrors, *, lead_provider: LeadProvider, teacher: Teacher, course_identifier
) -> TrainingPeriod | None:
    """The lead provider's latest training period for the course, or the shared validation errors (§3.4): a course
    the participant has no training in is not recognised; training in it with nobody but other providers means the
    participant is not recognised for this provider."""
    course = course_identifier.strip() if isinstance(course_identifier, str) else course_identifier
    if course is None or course == "":
        errors.add("course_identifier", COURSE_BLANK)
        errors.add("course_identifier", COURSE_NOT_RECOGNISED)
        return None
    if isinstance(course, str) and course.startswith("npq-"):
        errors.add("course_identifier", NPQ_UNSUPPORTED)
        return None
    role = COURSE_ROLES.get(course) if isinstance(course, str) else None
    if role is None or not TrainingPeriod.objects.filter(teacher=teacher, role=role).exists():
        errors.add("course_identifier", COURSE_NOT_RECOGNISED)
        return None
    period = latest_training_period(lead_provider=lead_provider, teacher=teacher, role=role)
    if period is None:
        errors.add("participant_id", PARTICIPANT_NOT_RECOGNISED)
        return None
    # The training status is read as the API renders it, so the rule is written once (participants/expressions.py).
    return (
        TrainingPeriod.objects.select_for_update(of=("self",))
        .select_related("schedule__cohort", "teacher")
        .annotate(training_status=ex.training_status())
        .get(pk=period.pk)
    )


def _check_reason(errors: ValidationErrors, reason, allowed: type) -> None:
    if is_blank(reason):
        errors.add("reason", REASON_MISSING)
        errors.add("reason", REASON_INVALID)
    elif reason not in allowed.values:
        errors.add("reason", REASON_INVALID)


def _touch(teacher: Teacher) -> None:
    Teacher.touch_api_timestamps([teacher.pk], "api_updated_at")


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
        _check_reason(errors, reason, DeferralReason)
        status = period.training_status
        today = clock.today()
        if status == "deferred":
            errors.add("participant_profile", ALREADY_DEFERRED)
        elif status == "withdrawn":
            errors.add("participant_profile", ALREADY_WITHDRAWN)
        elif period.started_on >= today:
            errors.add("participant_id", CHANGED_TODAY)
    errors.raise_any()
    return _stop_training(period, status="deferred", reason=reason, lead_provider=lead_provider)


@transaction.atomic
def participant_withdraw(*, lead_provider: LeadProvider, teacher: Teacher, course_identifier, reason) -> TrainingPeriod:
    """The lead provider reports that the participant has stopped training with it."""
    errors = ValidationErrors()
    period = _enrolment(errors, lead_provider=lead_provider, teacher=teacher, course_identifier=course_identifier)
    if period is not None:
        _check_reason(errors, reason, WithdrawalReason)
        if reason == WithdrawalReason.MENTOR_NO_LONGER_BEING_MENTOR and period.role == "ect":
            errors.add("reason", NOT_A_MENTOR)
        if period.training_status == "withdrawn":
            errors.add("participant_profile", ALREADY_WITHDRAWN)
        elif period.started_on >= clock.today():
            errors.add("participant_id", CHANGED_TODAY)
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
            errors.add("participant_profile", ALREADY_ACTIVE)
        elif at_school.finished_on is not None and at_school.finished_on < today:
            errors.add("participant_id", NO_LONGER_AT_SCHOOL)
        elif ongoing_elsewhere.exists():
            errors.add("participant_id", ACTIVE_ELSEWHERE)
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
