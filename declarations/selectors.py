"""Reads of declarations and of the participant facts a declaration records; each takes the lead provider."""

import datetime as dt
import uuid

from django.db.models import (
    BigIntegerField,
    BooleanField,
    Case,
    CharField,
    Count,
    DateField,
    DateTimeField,
    Exists,
    Expression,
    ExpressionWrapper,
    F,
    FilteredRelation,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    UUIDField,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from config.db import BuiltOnce, Parameter
from participants.expressions import uplift
from participants.models import MentorshipPeriod, Teacher, TrainingPeriod
from participants.selectors import latest_training_periods, lead_provider_training_periods, teacher_id_for_write
from partnerships.models import LeadProvider, Milestone
from statements.selectors import next_output_statements

from .models import (
    BILLABLE,
    CLAIM_GROUP_FACTS,
    UPLIFTED,
    WHERE_A_CLAIM_COUNTS,
    ClaimGroupCount,
    ClawbackState,
    CourseIdentifier,
    Declaration,
    PaymentState,
)

__all__ = [
    "billable_declarations",
    "claimed_with_another_mentor",
    "claim_groups_apart",
    "counted_claim_groups",
    "declaration_facts",
    "declaration_training_period_id",
    "declarations_visible_to",
    "identical_declarations",
    "merged_duplicate_claims",
    "mentorships_on",
    "own_declarations",
    "statement_claim_groups",
]


class _UtcDate(Func):
    template = "(%(expressions)s AT TIME ZONE 'UTC')::date"
    output_field = DateField()


def billable_declarations(*, teacher: Teacher | OuterRef, course_identifier: str | None) -> QuerySet[Declaration]:
    """The participant's claims in the course that will be, or have been, paid (`BILLABLE`): what a schedule or
    cohort change must keep valid, and what makes a new claim on the same milestone "already claimed"."""
    return Declaration.objects.filter(BILLABLE, teacher=teacher, course_identifier=course_identifier)


def claimed_with_another_mentor(*, ect: Teacher, mentor: Teacher) -> bool:
    """Any claim for the ECT (in any state) names a mentor other than `mentor`: a new mentor for them then trains
    on a replacement schedule."""
    return Declaration.objects.filter(teacher=ect).exclude(mentor=None).exclude(mentor=mentor).exists()


def own_declarations(*, lead_provider: LeadProvider) -> QuerySet[Declaration]:
    """Declarations the lead provider made itself: the only ones it may void."""
    return Declaration.objects.filter(lead_provider=lead_provider)


def declarations_visible_to(*, lead_provider: LeadProvider) -> QuerySet[Declaration]:
    """Its own declarations (any state), plus other providers' live claims for participants it trains or trained
    up to the end of its training, so a new provider sees a transferred participant's history
    (docs/declarations.md, "Who sees which declarations")."""
    periods = lead_provider_training_periods(lead_provider=lead_provider).filter(
        Q(finished_on__isnull=True) | Q(finished_on__gte=_UtcDate(OuterRef("declaration_date"))),
        teacher=OuterRef("teacher"),
    )
    trained_here = Q(Exists(periods.filter(role="ect")), course_identifier=CourseIdentifier.ECF_INDUCTION) | Q(
        Exists(periods.filter(role="mentor")), course_identifier=CourseIdentifier.ECF_MENTOR
    )
    return Declaration.objects.filter(Q(lead_provider=lead_provider) | BILLABLE & trained_here)


def declaration_training_period_id(
    *, lead_provider: LeadProvider, teacher: Teacher | OuterRef, role: str | None, on: dt.date | None
) -> Expression:
    """The provider's training period a declaration is about, as an expression: the latest one started by the date
    (or the latest one at all when the date precedes them all, or is unknown). Its delivery partner, school and
    mentor are the facts the claim keeps (docs/declarations.md, "Facts kept with the claim")."""
    latest = latest_training_periods(lead_provider=lead_provider, teacher=teacher, role=role).values("pk")[:1]
    if on is None:
        return Subquery(latest)
    started_by = latest_training_periods(lead_provider=lead_provider, teacher=teacher, role=role, on_or_before=on)
    return Coalesce(Subquery(started_by.values("pk")[:1]), Subquery(latest))


def mentorships_on(*, mentee: int | OuterRef, on: dt.date) -> QuerySet[MentorshipPeriod]:
    """The ECT's mentorships (by their time at the school) running on a day, the latest started first: the first
    one's mentor is their mentor on that day."""
    return MentorshipPeriod.objects.filter(mentee=mentee).ongoing_on(on).order_by("-started_on")


def identical_declarations(
    *,
    lead_provider: LeadProvider,
    teacher: Teacher | OuterRef,
    course_identifier: str | None,
    declaration_type: str | None,
    declaration_date: dt.datetime | None,
    evidence_held: str | Expression,
) -> QuerySet[Declaration]:
    """Live declarations the provider already made from exactly this request, the first made first
    (docs/declarations.md, "Duplicates and repeated requests")."""
    return (
        own_declarations(lead_provider=lead_provider)
        .filter(
            teacher=teacher,
            course_identifier=course_identifier,
            declaration_type=declaration_type,
            declaration_date=declaration_date,
            evidence_held=evidence_held,
            clawback_state=ClawbackState.NONE,
        )
        .exclude(payment_state=PaymentState.VOIDED)
        .order_by("created_at", "id")
    )


def merged_duplicate_claims(
    *, teacher: Teacher | OuterRef, course_identifier: str | None, declaration_type: str | None
) -> QuerySet[Declaration]:
    """Live claims for the milestone still on a record merged into the teacher (not moved across, not yet
    superseded), the first made first: a new claim for it is their duplicate (docs/declarations.md, "Duplicates and
    repeated requests")."""
    return Declaration.objects.filter(
        BILLABLE,
        teacher__merged_into=teacher,
        course_identifier=course_identifier,
        declaration_type=declaration_type,
        superseded_by__isnull=True,
    ).order_by("created_at", "id")


def _declaration_facts() -> QuerySet:
    """The query of `declaration_facts`, built from the selectors above with a `Parameter` for each of the request's
    values (see there)."""
    lead_provider = Parameter("lead_provider", BigIntegerField())
    role = Parameter("role", CharField())
    course_identifier = Parameter("course_identifier", CharField())
    declaration_type = Parameter("declaration_type", CharField())
    declared = Parameter("declared", DateTimeField())
    on = Parameter("on", DateField())
    detailed, basic = Parameter("evidence_detailed", CharField()), Parameter("evidence_basic", CharField())
    teacher = OuterRef("pk")
    latest = latest_training_periods(lead_provider=lead_provider, teacher=teacher, role=role)
    dated = declaration_training_period_id(lead_provider=lead_provider, teacher=teacher, role=role, on=on)
    statements = next_output_statements(
        lead_provider=lead_provider, cohort=OuterRef("period__schedule__cohort"), today=Parameter("today", DateField())
    )
    # One milestone at most per schedule and declaration type: no order needed.
    milestones = Milestone.objects.filter(
        schedule=OuterRef("period__schedule"), declaration_type=declaration_type
    ).order_by()
    identical = identical_declarations(
        lead_provider=lead_provider,
        teacher=teacher,
        course_identifier=course_identifier,
        declaration_type=declaration_type,
        declaration_date=declared,
        evidence_held=OuterRef("stored_evidence"),
    )
    duplicates = merged_duplicate_claims(
        teacher=teacher, course_identifier=course_identifier, declaration_type=declaration_type
    )
    mentorships = mentorships_on(mentee=OuterRef("dated__ect_at_school_period"), on=on)
    claim_cohort_year = "period__schedule__cohort__start_year"
    return (
        Teacher.objects.filter(pk=teacher_id_for_write(Parameter("participant_id", UUIDField())))
        .annotate(
            period=FilteredRelation(
                "training_periods", condition=Q(training_periods__pk=Subquery(latest.values("pk")[:1]))
            ),
            dated=FilteredRelation("training_periods", condition=Q(training_periods__pk=dated)),
            stored_evidence=Case(
                When(period__schedule__cohort__detailed_evidence_types=True, then=detailed),
                default=basic,
                output_field=CharField(),
            ),
        )
        .order_by()
        .values(
            teacher_id=F("pk"),
            participant_api_id=F("api_id"),
            ect_eligible_at=F("ect_first_became_eligible_for_funding_at"),
            mentor_eligible_at=F("mentor_first_became_eligible_for_funding_at"),
            mentor_ineligible_reason=F("mentor_ineligible_for_funding_reason"),
            trained_by=Exists(lead_provider_training_periods(lead_provider=lead_provider).filter(teacher=teacher)),
            course_known=Exists(TrainingPeriod.objects.filter(teacher=teacher, role=role)),
            period_id=F("period__id"),
            withdrawn_at=F("period__withdrawn_at"),
            cohort_id=F("period__schedule__cohort"),
            cohort_year=F(claim_cohort_year),
            payments_frozen_at=F("period__schedule__cohort__payments_frozen_at"),
            mentor_funding=F("period__schedule__cohort__mentor_funding"),
            detailed_evidence_types=F("period__schedule__cohort__detailed_evidence_types"),
            milestone_start=Subquery(milestones.values("start_date")[:1]),
            milestone_date=Subquery(milestones.values("milestone_date")[:1]),
            statement_id=Subquery(statements.values("pk")[:1]),
            statement_api_id=Subquery(statements.values("api_id")[:1]),
            already_claimed=Exists(
                billable_declarations(teacher=teacher, course_identifier=course_identifier).filter(
                    declaration_type=declaration_type
                )
            ),
            identical_id=Subquery(identical.values("pk")[:1]),
            dated_period_id=F("dated__id"),
            school_id=F("dated__school"),
            delivery_partner_id=F("dated__partnership__delivery_partnership__delivery_partner"),
            mentor_id=Subquery(mentorships.values("mentor__teacher")[:1]),
            pupil_premium_uplift=uplift("pupil_premium_uplift", period="dated__", cohort_year=claim_cohort_year),
            sparsity_uplift=uplift("sparsity_uplift", period="dated__", cohort_year=claim_cohort_year),
            duplicate_of_id=Subquery(duplicates.values("pk")[:1]),
        )
    )


_DECLARATION_FACTS = BuiltOnce(_declaration_facts)


def declaration_facts(
    *,
    lead_provider: LeadProvider,
    participant_id: uuid.UUID,
    role: str | None,
    course_identifier: str | None,
    declaration_type: str | None,
    declared: dt.datetime | None,
    evidence_held: tuple[str, str],
    today: dt.date,
) -> dict | None:
    """Everything the checks of a new declaration read and its insert records, composed from the selectors above
    into one query (docs/lead-provider-api.md, "Declarations: the cost of a POST"), so it is all read in one
    snapshot: a replay and "already claimed" cannot disagree. One row for the participant the id names, following
    id changes and merges; None when it names no one.

    `period` is the provider's latest training of the participant in the role (what the checks read); `dated` the
    training on the declaration date (what the claim keeps). `evidence_held` is what would be stored for a cohort
    with detailed evidence types and for one without (`rules.stored_evidence`); the period's cohort chooses. The
    query is built once per process (`BuiltOnce`), so none of its shape may depend on these values: a missing one
    (None) matches no row where a value would."""
    return _DECLARATION_FACTS.first(
        lead_provider=lead_provider.pk,
        participant_id=participant_id,
        role=role,
        course_identifier=course_identifier,
        declaration_type=declaration_type,
        declared=declared,
        on=declared.astimezone(dt.UTC).date() if declared is not None else None,
        evidence_detailed=evidence_held[0],
        evidence_basic=evidence_held[1],
        today=today,
    )


def _counted_by(*, lead_provider_id: int, cohort_id: int, statement_ids: list[int]) -> Q:
    """The provider's claims in the cohort that sit on these statements as claims or as clawbacks."""
    return Q(lead_provider_id=lead_provider_id, cohort_id=cohort_id) & (
        Q(statement_id__in=statement_ids) | Q(clawback_statement_id__in=statement_ids)
    )


def _claim_groups(claims: QuerySet, count, *, lead_provider_id: int, cohort_id: int, statement_ids: list[int]):
    return (
        claims.filter(_counted_by(lead_provider_id=lead_provider_id, cohort_id=cohort_id, statement_ids=statement_ids))
        .annotate(uplifted=ExpressionWrapper(UPLIFTED, output_field=BooleanField()))
        .values(*WHERE_A_CLAIM_COUNTS, "uplifted")
        .annotate(count=count)
        .order_by()
    )


def statement_claim_groups(*, lead_provider_id: int, cohort_id: int, statement_ids: list[int]) -> QuerySet:
    """The provider's declarations in the cohort that sit on these statements as claims or as clawbacks, counted
    (`count`) by every fact that decides which statement counts them and how: statement and payment state, clawback
    statement and state, type, course, and whether it carries an uplift (docs/finance.md "Which declarations a
    statement counts"). Read from the counts the database keeps (`ClaimGroupCount`, docs/finance.md "How the counts
    are kept"): about a hundred rows per statement, however many declarations there are. `counted_claim_groups` is
    the same question asked of the declarations themselves; tests/declarations/test_claim_group_counts.py keeps the
    two equal."""
    return _claim_groups(
        ClaimGroupCount.objects.filter(count__gt=0),
        Sum("count"),
        lead_provider_id=lead_provider_id,
        cohort_id=cohort_id,
        statement_ids=statement_ids,
    )


def counted_claim_groups(*, lead_provider_id: int, cohort_id: int, statement_ids: list[int]) -> QuerySet:
    """`statement_claim_groups` counted from the declarations (one GROUP BY over all of them): the definition the
    kept counts must match."""
    return _claim_groups(
        Declaration.objects.all(),
        Count("*"),
        lead_provider_id=lead_provider_id,
        cohort_id=cohort_id,
        statement_ids=statement_ids,
    )


def claim_groups_apart(
    *, lead_provider_id: int | None = None, cohort_id: int | None = None, statement_ids: list[int] | None = None
) -> list[dict]:
    """Every claim group whose kept count differs from the number of declarations in it, with both numbers (`kept`,
    `counted`): over all providers and cohorts, or over the claims one statement counts (the same filters as
    `statement_claim_groups`). The kept counts and the declarations are read in one statement, so from one snapshot
    (docs/finance.md "How the counts are kept")."""
    facts = list(CLAIM_GROUP_FACTS)
    kept, counted = ClaimGroupCount.objects.all(), Declaration.objects.all()
    if statement_ids is not None:
        claims = _counted_by(lead_provider_id=lead_provider_id, cohort_id=cohort_id, statement_ids=statement_ids)
        kept, counted = kept.filter(claims), counted.filter(claims)
    kept = kept.values(*facts).annotate(total=Sum("count"), kept=Value(True)).order_by()
    counted = counted.values(*facts).annotate(total=Count("*"), kept=Value(False)).order_by()
    totals: dict[tuple, dict] = {}
    for row in kept.union(counted, all=True):
        key = tuple(row[fact] for fact in facts)
        group = totals.setdefault(key, {**dict(zip(facts, key, strict=True)), "kept": 0, "counted": 0})
        group["kept" if row["kept"] else "counted"] += row["total"]
    return [group for group in totals.values() if group["kept"] != group["counted"]]
