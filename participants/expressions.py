"""How each field lead providers see of a participant is derived, as ORM expressions over TrainingPeriod rows.

Used by the API resources (rendered by PostgreSQL) and by the filters, so a rule is written once.
"""

from django.db.models import Case, CharField, Exists, F, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Cast, Coalesce, NullIf

from config import clock
from partnerships.models import LeadProvider
from schools.models import SchoolFundingUplift

from .models import MentorshipPeriod, TrainingPeriod
from .models.teachers import eligible_for_funding_q


def withdrawn(prefix: str = "") -> Q:
    """The training period is withdrawn: the lead provider withdrew it, and did not defer it later. `prefix` reaches
    the period from another model (e.g. "training_period__" from a declaration)."""
    return Q(**{f"{prefix}withdrawn_at__isnull": False}) & (
        Q(**{f"{prefix}deferred_at__isnull": True}) | Q(**{f"{prefix}withdrawn_at__gte": F(f"{prefix}deferred_at")})
    )


def deferred(prefix: str = "") -> Q:
    """The training period is deferred: deferred, and not withdrawn later."""
    return Q(**{f"{prefix}deferred_at__isnull": False}) & ~withdrawn(prefix)


def training_status(prefix: str = "") -> Case:
    """The lead provider's report: the later of withdrawal and deferral wins; neither means active."""
    return Case(
        When(withdrawn(prefix), then=Value("withdrawn")),
        When(deferred(prefix), then=Value("deferred")),
        default=Value("active"),
        output_field=CharField(),
    )


def training_status_reason(prefix: str = "") -> Case:
    """The reason given with the status the period has: the withdrawal's or the deferral's, else blank."""
    return Case(
        When(withdrawn(prefix), then=F(f"{prefix}withdrawal_reason")),
        When(deferred(prefix), then=F(f"{prefix}deferral_reason")),
        default=Value(""),
        output_field=CharField(),
    )


def participant_status() -> Case:
    """The school's report, from the period's dates (docs/participants.md, "participant_status"): joining, active,
    leaving or left. A participant is leaving while the period's last day is still to come, and has left from that day
    on."""
    today = clock.today()
    leaving_or_left = Case(
        When(finished_on__gt=today, then=Value("leaving")), default=Value("left"), output_field=CharField()
    )
    completed = Q(role="ect", teacher__induction_end_date__isnull=False) & (
        Q(finished_on__isnull=True) | Q(teacher__induction_end_date__lte=F("finished_on"))
    ) | Q(role="mentor", teacher__mentor_funding_end_date__isnull=False) & (
        Q(finished_on__isnull=True) | Q(teacher__mentor_funding_end_date__lte=F("finished_on"))
    )
    return Case(
        When(Q(withdrawn_at__isnull=False) | Q(deferred_at__isnull=False), then=leaving_or_left),
        When(completed, then=Value("active")),
        When(finished_on__isnull=False, then=leaving_or_left),
        When(started_on__gt=today, then=Value("joining")),
        default=Value("active"),
        output_field=CharField(),
    )


def latest_for_lead_provider(lead_provider: LeadProvider) -> QuerySet[TrainingPeriod]:
    """Per teacher and role, the lead provider's most recent confirmed training period (the participant's
    enrolment with that provider). An ECT therefore appears only in the latest cohort they are assigned to."""
    mine = TrainingPeriod.objects.filter(partnership__delivery_partnership__contract__lead_provider=lead_provider)
    later = mine.filter(teacher=OuterRef("teacher"), role=OuterRef("role")).filter(
        Q(started_on__gt=OuterRef("started_on")) | Q(started_on=OuterRef("started_on"), id__gt=OuterRef("id"))
    )
    return mine.filter(~Exists(later))


def current_mentor_id() -> Subquery:
    """The participant id of the ECT's current (or next) mentor at the school."""
    today = clock.today()
    mentorships = (
        MentorshipPeriod.objects.filter(mentee=OuterRef("ect_at_school_period"))
        .filter(Q(finished_on__isnull=True) | Q(finished_on__gte=today))
        .order_by("started_on")
        .values("mentor__teacher__api_id")[:1]
    )
    return Subquery(mentorships)


def uplift(flag: str, *, period: str = "", cohort_year: str | None = None) -> Coalesce:
    """Whether the school of a training period attracts the uplift (`flag`) for a cohort year: the period's own
    school and cohort, over TrainingPeriod rows. `period` reaches the period from another model (e.g. "dated__"),
    `cohort_year` names another cohort year (a path from the outer row)."""
    cohort_year = cohort_year or f"{period}schedule__cohort__start_year"
    # One row at most (one per school and year): no order needed.
    uplifts = (
        SchoolFundingUplift.objects.filter(school=OuterRef(f"{period}school"), cohort_year=OuterRef(cohort_year))
        .order_by()
        .values(flag)[:1]
    )
    return Coalesce(Subquery(uplifts), Value(False))


def by_role(ect, mentor, output_field=None) -> Case:
    return Case(When(role="ect", then=ect), default=mentor, output_field=output_field)


def eligible_for_funding() -> Case:
    """The teacher's funding eligibility in the period's role (the rule is the Teacher model's)."""
    return by_role(eligible_for_funding_q("ect", "teacher__"), eligible_for_funding_q("mentor", "teacher__"))


def blank_as_null(field: str) -> NullIf:
    return NullIf(F(field), Value(""))


def cohort_text() -> Cast:
    return Cast("schedule__cohort__start_year", CharField())


def training_record_created_at() -> Subquery:
    """When the participant's training record in this role began: their first training period in the role."""
    first = (
        TrainingPeriod.objects.filter(teacher=OuterRef("teacher"), role=OuterRef("role"))
        .order_by("created_at")
        .values("created_at")[:1]
    )
    return Subquery(first)
