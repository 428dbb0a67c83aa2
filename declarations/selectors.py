"""Reads of declarations and of the participant facts a declaration records; each takes the lead provider."""

import datetime as dt

from django.db.models import BooleanField, Count, DateField, Exists, ExpressionWrapper, Func, OuterRef, Q, QuerySet

from participants.models import MentorshipPeriod, Teacher, TrainingPeriod
from participants.selectors import latest_training_period, lead_provider_training_periods
from partnerships.models import LeadProvider

from .models import BILLABLE, UPLIFTED, ClawbackState, CourseIdentifier, Declaration, PaymentState

__all__ = [
    "billable_declarations",
    "claimed_with_another_mentor",
    "declarations_visible_to",
    "declaration_training_period",
    "identical_declaration",
    "mentor_on",
    "own_declarations",
    "statement_claim_groups",
]


class _UtcDate(Func):
    template = "(%(expressions)s AT TIME ZONE 'UTC')::date"
    output_field = DateField()


def billable_declarations(*, teacher: Teacher, course_identifier: str) -> QuerySet[Declaration]:
    """The participant's claims in the course that will be, or have been, paid (`BILLABLE`): what a schedule or
    cohort change must keep valid."""
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


def declaration_training_period(
    *, lead_provider: LeadProvider, teacher: Teacher, role: str, on: dt.date | None = None
) -> TrainingPeriod | None:
    """The provider's training period a declaration is about: the latest one started by the date (or the latest
    one at all when the date precedes them all, or is unknown)."""
    period = None
    if on is not None:
        period = latest_training_period(lead_provider=lead_provider, teacher=teacher, role=role, on_or_before=on)
    return period or latest_training_period(lead_provider=lead_provider, teacher=teacher, role=role)


def mentor_on(*, training_period: TrainingPeriod, on: dt.date) -> Teacher | None:
    """The ECT's mentor on a day (mentors have none)."""
    if training_period.ect_at_school_period_id is None:
        return None
    mentorship = (
        MentorshipPeriod.objects.filter(mentee_id=training_period.ect_at_school_period_id, started_on__lte=on)
        .filter(Q(finished_on__isnull=True) | Q(finished_on__gte=on))
        .select_related("mentor__teacher")
        .order_by("-started_on")
        .first()
    )
    return mentorship.mentor.teacher if mentorship else None


def identical_declaration(
    *,
    lead_provider: LeadProvider,
    teacher: Teacher,
    course_identifier: str,
    declaration_type: str,
    declaration_date: dt.datetime,
    evidence_held: str,
) -> Declaration | None:
    """A live declaration the provider already made from exactly this request
    (docs/declarations.md, "Duplicates and repeated requests")."""
    return (
        Declaration.objects.filter(
            lead_provider=lead_provider,
            teacher=teacher,
            course_identifier=course_identifier,
            declaration_type=declaration_type,
            declaration_date=declaration_date,
            evidence_held=evidence_held,
            clawback_state=ClawbackState.NONE,
        )
        .exclude(payment_state=PaymentState.VOIDED)
        .order_by("created_at", "id")
        .first()
    )


def statement_claim_groups(*, lead_provider_id: int, cohort_id: int, statement_ids: list[int]) -> QuerySet:
    """The provider's declarations in the cohort that sit on these statements as claims or as clawbacks, counted
    (`count`) by every fact that decides which statement counts them and how: statement and payment state, clawback
    statement and state, type, course, and whether it carries an uplift (docs/finance.md "Which declarations a
    statement counts"). One plain GROUP BY: the cheapest pass over them."""
    return (
        Declaration.objects.filter(lead_provider_id=lead_provider_id, cohort_id=cohort_id)
        .filter(Q(statement_id__in=statement_ids) | Q(clawback_statement_id__in=statement_ids))
        .annotate(uplifted=ExpressionWrapper(UPLIFTED, output_field=BooleanField()))
        .values(
            "declaration_type",
            "course_identifier",
            "statement_id",
            "payment_state",
            "clawback_statement_id",
            "clawback_state",
            "uplifted",
        )
        .annotate(count=Count("*"))
        .order_by()
    )
