"""Reads of participants; every one takes the requesting lead provider."""

import datetime as dt
import uuid

from django.db.models import BigIntegerField, Exists, Expression, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from config.text import as_uuid
from partnerships.models import Cohort, LeadProvider, Partnership

from .models import ParticipantIdChange, Teacher, TrainingPeriod

# The API's course identifiers and the training roles they name.
COURSE_ROLES = {"ecf-induction": "ect", "ecf-mentor": "mentor"}
ROLE_COURSES = {role: course for course, role in COURSE_ROLES.items()}


class MergedInto(Expression):
    """The record a teacher's `merged_into` chain ends at (the teacher itself when it was never merged), given the
    teacher's id as an expression. Merges chain (a kept record may itself be merged later), so following them is a
    recursive query: the ORM has no recursive expression, so this one is written in SQL over the Teacher model's own
    table and columns. It is the only form of the rule: `teacher_for_write` and the declaration POST's gathering
    query (declarations/selectors.py) both use it, and tests/participants/test_merge_chains.py checks it over
    generated chains against a plain walk of `merged_into`. A cycle (which the merge service never makes) stops
    where it would revisit a record, as that walk does."""

    output_field = BigIntegerField()

    def __init__(self, teacher_id):
        super().__init__()
        self.teacher_id = teacher_id

    def get_source_expressions(self):
        return [self.teacher_id]

    def set_source_expressions(self, exprs):
        (self.teacher_id,) = exprs

    def as_sql(self, compiler, connection):
        start, params = compiler.compile(self.teacher_id)
        quote = connection.ops.quote_name
        table = quote(Teacher._meta.db_table)
        pk, merged = quote(Teacher._meta.pk.column), quote(Teacher._meta.get_field("merged_into").column)
        sql = (
            f"(WITH RECURSIVE _chain (id, merged_into, depth) AS ("
            f"SELECT {pk}, {merged}, 0 FROM {table} WHERE {pk} = ({start}) "
            f"UNION ALL SELECT t.{pk}, t.{merged}, _chain.depth + 1 "
            f"FROM _chain JOIN {table} t ON t.{pk} = _chain.merged_into"
            f") CYCLE id SET _revisited USING _path "
            f"SELECT id FROM _chain ORDER BY depth DESC LIMIT 1)"
        )
        return sql, params


def teacher_id_for_write(participant_id: uuid.UUID) -> MergedInto:
    """The id of the participant a write request names, as an expression: the teacher with that participant id, or
    the record a retired id was changed to (the latest change), then followed through merges
    (docs/participants.md, "Merging duplicate records")."""
    named = Teacher.objects.filter(api_id=participant_id).order_by().values("pk")
    changed = (
        ParticipantIdChange.objects.filter(from_participant_id=participant_id)
        .order_by("-changed_at", "-id")
        .values("teacher_id")[:1]
    )
    return MergedInto(Coalesce(Subquery(named), Subquery(changed)))


def teacher_for_write(*, participant_id) -> Teacher | None:
    """The participant a write request names, following merges: a retired participant id still works
    (docs/participants.md, "Merging duplicate records")."""
    api_id = as_uuid(participant_id)
    if api_id is None:
        return None
    return Teacher.objects.filter(pk=teacher_id_for_write(api_id)).first()


def lead_provider_training_periods(*, lead_provider: LeadProvider) -> QuerySet[TrainingPeriod]:
    """Training periods confirmed by one of the lead provider's partnerships."""
    return TrainingPeriod.objects.filter(partnership__delivery_partnership__contract__lead_provider=lead_provider)


def latest_training_periods(
    *, lead_provider: LeadProvider, teacher: Teacher | OuterRef, role: str | None, on_or_before: dt.date | None = None
) -> QuerySet[TrainingPeriod]:
    """The lead provider's confirmed training periods of the teacher in the role (optionally those started on or
    before a date), the most recent first. `teacher` may be an `OuterRef` when a query composes this one."""
    periods = lead_provider_training_periods(lead_provider=lead_provider).filter(teacher=teacher, role=role)
    if on_or_before is not None:
        periods = periods.filter(started_on__lte=on_or_before)
    return periods.order_by("-started_on", "-id")


def latest_training_period(
    *, lead_provider: LeadProvider, teacher: Teacher, role: str, on_or_before: dt.date | None = None
) -> TrainingPeriod | None:
    """The lead provider's most recent confirmed training period of the teacher in the role (optionally the
    latest one started on or before a date)."""
    periods = latest_training_periods(
        lead_provider=lead_provider, teacher=teacher, role=role, on_or_before=on_or_before
    )
    return periods.select_related("schedule__cohort", "partnership__delivery_partnership").first()


def participants_for(*, lead_provider: LeadProvider) -> QuerySet[Teacher]:
    """Teachers the lead provider trains or trained: some training period of theirs was confirmed by one of its
    partnerships. Merged duplicates are hidden (their surviving record is listed)."""
    confirmed = lead_provider_training_periods(lead_provider=lead_provider).filter(teacher=OuterRef("pk"))
    return Teacher.objects.filter(Exists(confirmed), merged_into__isnull=True)


def cohort_move_partnership(*, school_id: int, lead_provider: LeadProvider, cohort: Cohort) -> Partnership | None:
    """The partnership a participant's training continues with when its lead provider moves it to `cohort`: the
    provider's earliest partnership with the school in that cohort (docs/participants.md, "Change schedule (and
    cohort)"); None when it has none."""
    return (
        Partnership.objects.filter(
            school_id=school_id,
            delivery_partnership__contract__lead_provider=lead_provider,
            delivery_partnership__contract__cohort=cohort,
        )
        .select_related("delivery_partnership__contract", "delivery_partnership__delivery_partner")
        .order_by("created_at")
        .first()
    )


def partnerships_to_move_to(*, training: TrainingPeriod) -> QuerySet[Partnership]:
    """The partnerships DfE support may move provider-led training to: the others at its school in its cohort
    (docs/support.md, "Change partnership")."""
    return (
        Partnership.objects.filter(
            school_id=training.school_id, delivery_partnership__contract__cohort_id=training.schedule.cohort_id
        )
        .exclude(pk=training.partnership_id)
        .select_related(
            "delivery_partnership__contract__lead_provider",
            "delivery_partnership__contract__cohort",
            "delivery_partnership__delivery_partner",
        )
        .order_by("delivery_partnership__contract__lead_provider__name", "delivery_partnership__delivery_partner__name")
    )
