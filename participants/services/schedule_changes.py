"""Change schedule (and cohort): the checks, the payments-frozen exception and how the change is kept
(docs/participants.md, "Change schedule (and cohort)"). Messages live in participants/rules.py."""

import datetime as dt

from django.db import transaction

from config import clock
from config.db import check_deferred_constraints
from config.errors import ValidationErrors
from config.events import record_event
from config.models import AuthorType
from declarations.models import ON_STATEMENT_STATES
from declarations.selectors import billable_declarations
from participants.models import Teacher, TrainingPeriod
from participants.selectors import ROLE_COURSES, cohort_move_partnership
from partnerships.models import Cohort, DeclarationType, LeadProvider, Schedule, ScheduleType

from ..rules import (
    COHORT_FROZEN,
    COHORT_INVALID,
    COHORT_LOCKED_BY_DECLARATIONS,
    COHORT_NO_PARTNERSHIP,
    FROZEN_COHORT_DESTINATION,
    LEFT_NO_SCHEDULE_CHANGE,
    SCHEDULE_INVALID,
    SCHEDULE_INVALIDATES_DECLARATIONS,
    SCHEDULE_NOT_FOR_COURSE,
    SCHEDULE_UNCHANGED,
    STARTS_WITH_ANOTHER_PROVIDER,
    WITHDRAWN_NO_ACTIONS,
)
from .actions import _enrolment, _successor, _touch


def _billable_declarations(teacher: Teacher, role: str) -> list:
    """The participant's declarations in the course that will be, or have been, paid."""
    return list(billable_declarations(teacher=teacher, course_identifier=ROLE_COURSES[role]).select_related("cohort"))


def _declarations_fit(declarations: list, schedule: Schedule) -> bool:
    """Every declaration is dated inside the window of the new schedule's milestone of its type (the
    "invalidate existing declarations" check), the same window a new declaration is checked against: a schedule change
    never invalidates a declaration the schedule would accept today."""
    milestones = {m.declaration_type: m for m in schedule.milestones.all()}
    return all(
        d.declaration_type in milestones and milestones[d.declaration_type].window_position(d.declaration_date) is None
        for d in declarations
    )


def _outside_frozen_cohorts(teacher: Teacher, role: str, declarations: list) -> list:
    """After a payments-frozen move, the declarations left in the frozen cohort no longer constrain the
    participant's schedule or cohort (docs/participants.md, "Change schedule (and cohort)")."""
    if not getattr(teacher, f"{role}_cohort_changed_after_payments_frozen"):
        return declarations
    return [d for d in declarations if d.cohort.payments_frozen_at is None]


def _payments_frozen_move(teacher, period, current: Cohort, target: Cohort, declarations: list) -> bool:
    """An unfinished ECT leaves a payments-frozen cohort for the destination cohort, or goes back to it
    (docs/participants.md, "Change schedule (and cohort)": the declaration checks do not apply to these moves)."""
    if period.role != "ect" or current == target:
        return False
    # Claims on a statement (eligible, payable or paid), not those still waiting for funding.
    billable = [d for d in declarations if d.payment_state in ON_STATEMENT_STATES]
    if current.payments_frozen_at is not None and target.start_year == FROZEN_COHORT_DESTINATION:
        completed = any(d.declaration_type == DeclarationType.COMPLETED for d in billable)
        return bool(billable) and not completed and teacher.induction_end_date is None
    if teacher.ect_cohort_changed_after_payments_frozen and target.payments_frozen_at is not None:
        in_current = [d for d in declarations if d.cohort_id == current.pk]
        in_target = [d for d in billable if d.cohort_id == target.pk]
        return not in_current and bool(in_target)
    return False


def _schedule_allowed(role: str, schedule: Schedule) -> bool:
    if schedule.schedule_type == ScheduleType.REPLACEMENT:
        return role == "mentor"
    if schedule.schedule_type == ScheduleType.REDUCED:
        return role == "ect"
    return True


@transaction.atomic
def participant_change_schedule(
    *,
    lead_provider: LeadProvider,
    teacher: Teacher,
    course_identifier,
    schedule_identifier,
    cohort=None,
    author_type: str = AuthorType.LEAD_PROVIDER_API,
    author_name: str = "",
) -> TrainingPeriod:
    """The participant follows another schedule, possibly in another cohort where the lead provider also partners
    the participant's school. A started period is finished and a new one started; a future one is changed. The lead
    provider asks through the API; DfE support through the admin, on the provider's training, by the same rules
    (docs/support.md, "Change cohort and schedule")."""
    errors = ValidationErrors()
    period = _enrolment(errors, lead_provider=lead_provider, teacher=teacher, course_identifier=course_identifier)
    errors.raise_any()
    current_cohort = period.schedule.cohort
    target_cohort = current_cohort
    if cohort not in (None, ""):
        target_cohort = Cohort.for_api(cohort)
        if target_cohort is None:
            errors.add("cohort", COHORT_INVALID)
    schedule = None
    if target_cohort is not None and isinstance(schedule_identifier, str) and schedule_identifier.strip():
        schedule = Schedule.objects.filter(cohort=target_cohort, identifier=schedule_identifier.strip()).first()
    if schedule is None and not errors.has("cohort"):
        errors.add("schedule_identifier", SCHEDULE_INVALID)
    errors.raise_any()

    today = clock.today()
    status = period.training_status
    if status == "withdrawn":
        errors.add("participant_id", WITHDRAWN_NO_ACTIONS)
    elif status == "active" and period.finished_on is not None and period.finished_on < today:
        # The school moved them on: there is no training with this provider to change
        # (docs/participants.md, "Change schedule (and cohort)").
        errors.add("participant_id", LEFT_NO_SCHEDULE_CHANGE)
    elif (
        TrainingPeriod.objects.filter(teacher=teacher, role=period.role, started_on__gt=period.started_on)
        .exclude(pk=period.pk)
        .exists()
    ):
        errors.add("participant_id", STARTS_WITH_ANOTHER_PROVIDER)
    errors.raise_any()
    declarations = _billable_declarations(teacher, period.role)
    moving_cohort = target_cohort != current_cohort
    frozen_move = _payments_frozen_move(teacher, period, current_cohort, target_cohort, declarations)
    declarations = _outside_frozen_cohorts(teacher, period.role, declarations)
    if not frozen_move and not _declarations_fit(declarations, schedule):
        errors.add("schedule_identifier", SCHEDULE_INVALIDATES_DECLARATIONS)
    if schedule.pk == period.schedule_id:
        errors.add("schedule_identifier", SCHEDULE_UNCHANGED)
    elif not _schedule_allowed(period.role, schedule):
        errors.add("schedule_identifier", SCHEDULE_NOT_FOR_COURSE)
    partnership = period.partnership
    if moving_cohort:
        if not frozen_move and declarations:
            errors.add("cohort", COHORT_LOCKED_BY_DECLARATIONS)
        elif target_cohort.payments_frozen_at is not None and not frozen_move:
            errors.add("cohort", COHORT_FROZEN)
        partnership = cohort_move_partnership(
            school_id=period.school_id, lead_provider=lead_provider, cohort=target_cohort
        )
        if partnership is None:
            errors.add("cohort", COHORT_NO_PARTNERSHIP)
    errors.raise_any()
    if frozen_move:
        # Moving out of a frozen cohort sets the marker; moving back clears it
        # (docs/participants.md, "Change schedule (and cohort)").
        field = f"{period.role}_cohort_changed_after_payments_frozen"
        setattr(teacher, field, target_cohort.payments_frozen_at is None)
        teacher.save(update_fields=[field, "updated_at"])

    before = (period.schedule.identifier, current_cohort.start_year)
    changes = {
        "schedule_id": schedule.pk,
        "partnership_id": partnership.pk,
        "expression_of_interest_id": partnership.delivery_partnership.contract_id,
    }
    # Training not started yet is changed in place; so is a deferral, which stays a deferral with the new schedule
    # (docs/participants.md, "Change schedule (and cohort)": the training status is kept) and carries it into the
    # training a resume starts.
    if period.started_on >= today or status == "deferred":
        for name, value in changes.items():
            setattr(period, name, value)
        period.save()
        changed = period
    else:
        ends = period.finished_on
        period.finished_on = today - dt.timedelta(days=1)
        period.save(update_fields=["finished_on", "updated_at"])
        changed = _successor(period, started_on=today, **changes)
        if ends is not None and ends >= today:
            changed.finished_on = ends
            changed.save(update_fields=["finished_on"])
    _touch(teacher)
    author = author_name or lead_provider.name
    record_event(
        event_type="teacher_schedule_changed",
        heading=f"{author} moved {teacher.full_name} to {schedule.identifier} ({target_cohort})",
        subject=changed,
        author_type=author_type,
        author_name=author,
        changes={
            "schedule": (before[0], schedule.identifier),
            **({"cohort": (before[1], target_cohort.start_year)} if moving_cohort else {}),
        },
        schedule=schedule.identifier,
        cohort=target_cohort.start_year,
    )
    check_deferred_constraints()
    return changed
