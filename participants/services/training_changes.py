"""Provider-led training moving to another partnership: the step a school's change of lead provider and DfE
support's change of partnership share (docs/school-registration.md "Changes", docs/support.md "Change
partnership"). History is kept: started, confirmed training finishes yesterday and new training starts today."""

import datetime as dt

from django.db import transaction

from config import clock
from config.db import check_deferred_constraints
from config.errors import DomainValidationError
from config.models import AuthorType
from participants import expressions as ex
from participants.models import Teacher, TrainingPeriod
from partnerships.models import LeadProviderContract, Partnership, Schedule

from .. import rules
from ..notifications import school_named_provider
from .periods import training_period_start
from .registration import author_event
from .school_periods import destroy_period


def replace_training(training: TrainingPeriod, *, destroy_unconfirmed: bool, today: dt.date) -> dt.date:
    """The current training makes way for a new one; returns the day the new one starts. Training that starts
    today or later goes (the new one takes its start), as does a started one without a partnership when
    `destroy_unconfirmed`; otherwise it finishes yesterday and the new one starts today."""
    if training.started_on >= today or (destroy_unconfirmed and not training.partnership_id):
        starts = training.started_on
        destroy_period(training)
        return starts
    training.finished_on = today - dt.timedelta(days=1)
    training.save(update_fields=["finished_on", "updated_at"])
    return today


def training_move(
    *,
    at_school_period,
    training: TrainingPeriod,
    partnership: Partnership | None,
    contract: LeadProviderContract,
    schedule: Schedule,
    author_type: str,
    author_name: str,
) -> TrainingPeriod:
    """The training continues with `partnership` (or only an expression of interest in `contract`) on `schedule`:
    in place when it starts today or later; otherwise confirmed training finishes yesterday, training that only
    expressed interest goes (no lead provider saw it), and new training starts."""
    today = clock.today()
    if training.started_on >= today:
        training.partnership, training.expression_of_interest, training.schedule = partnership, contract, schedule
        training.save(update_fields=["partnership", "expression_of_interest", "schedule", "updated_at"])
        Teacher.objects.filter(pk=training.teacher_id).touch_api_timestamps("api_updated_at")
        school_named_provider(training)
        check_deferred_constraints()
        return training
    starts = replace_training(training, destroy_unconfirmed=True, today=today)
    return training_period_start(
        at_school_period=at_school_period,
        started_on=starts,
        partnership=partnership,
        expression_of_interest=contract,
        schedule=schedule,
        author_type=author_type,
        author_name=author_name,
        finished_on=at_school_period.finished_on,
    )


def training_movable(training: TrainingPeriod, *, today: dt.date) -> bool:
    """Only ongoing, active provider-led training moves to another partnership (`training_status` annotated)."""
    ongoing = training.finished_on is None or training.finished_on >= today
    return training.training_programme == "provider_led" and ongoing and training.training_status == "active"


def partnership_change_problem(training: TrainingPeriod, partnership: Partnership, *, today: dt.date) -> str | None:
    """Why the training cannot move to `partnership` (None when it can): only ongoing, active provider-led training
    moves, to another partnership at its own school in its own cohort (docs/support.md, "Change partnership")."""
    if not training_movable(training, today=today):
        return rules.TRAINING_NOT_ONGOING
    if partnership.school_id != training.school_id:
        return rules.PARTNERSHIP_AT_ANOTHER_SCHOOL
    if partnership.delivery_partnership.contract.cohort_id != training.schedule.cohort_id:
        return rules.PARTNERSHIP_IN_ANOTHER_COHORT
    if partnership.pk == training.partnership_id:
        return rules.PARTNERSHIP_UNCHANGED
    return None


def _describe(partnership: Partnership | None, contract: LeadProviderContract) -> str:
    if partnership is None:
        return f"{contract.lead_provider} (expression of interest)"
    return f"{contract.lead_provider} with {partnership.delivery_partnership.delivery_partner}"


@transaction.atomic
def training_period_change_partnership(
    *, training_period: TrainingPeriod, partnership: Partnership, author_name: str
) -> TrainingPeriod:
    """DfE support moves ongoing provider-led training to another partnership at the same school and cohort (the
    school chose the wrong lead provider or delivery partner); the schedule stays."""
    training = (
        TrainingPeriod.objects.select_for_update(of=("self",))
        .select_related(
            "schedule", "teacher", "ect_at_school_period", "mentor_at_school_period", "expression_of_interest"
        )
        .annotate(training_status=ex.training_status())
        .get(pk=training_period.pk)
    )
    partnership = Partnership.objects.select_related(
        "delivery_partnership__contract__lead_provider", "delivery_partnership__delivery_partner"
    ).get(pk=partnership.pk)
    problem = partnership_change_problem(training, partnership, today=clock.today())
    if problem:
        raise DomainValidationError("partnership", problem)
    previous = training.partnership
    before = _describe(
        previous, previous.delivery_partnership.contract if previous else training.expression_of_interest
    )
    contract = partnership.delivery_partnership.contract
    moved = training_move(
        at_school_period=training.at_school_period,
        training=training,
        partnership=partnership,
        contract=contract,
        schedule=training.schedule,
        author_type=AuthorType.DFE_STAFF_USER,
        author_name=author_name,
    )
    after = _describe(partnership, contract)
    author_event(
        event_type="teacher_training_partnership_changed",
        heading=f"Training moved from {before} to {after}",
        subject=moved,
        author_type=AuthorType.DFE_STAFF_USER,
        author_name=author_name,
        changes={"partnership": (before, after)},
        teacher_id=training.teacher.api_id,
        partnership_id=partnership.api_id,
    )
    return moved
