"""Sandbox declarations in every state: paid and clawed back on past statements, eligible and awaiting clawback
on the open statement, submitted for participants not yet fundable, and voided. Idempotent: a provider that
already has declarations is left alone."""

import datetime as dt

from django.db import connection
from django.utils import timezone

from config import clock
from participants.models import Teacher, TrainingPeriod
from participants.selectors import lead_provider_training_periods
from partnerships.models import LeadProvider
from statements.models import StatementState
from statements.selectors import next_output_statement, statements_for

from .models import ClawbackState, Declaration, PaymentState
from .services import declaration_create, declaration_void

COHORT = 2025
STARTED, RETAINED_1 = ("started", "2025-09-15T10:00:00Z"), ("retained-1", "2025-12-01T10:00:00Z")


def _history(period: TrainingPeriod, lead_provider: LeadProvider, declaration_type: str, date: str, **fields):
    """A declaration as a past statement recorded it (created directly: it is history, not a new claim)."""
    partnership = period.partnership
    return Declaration.objects.create(
        lead_provider=lead_provider,
        teacher=period.teacher,
        training_period=period,
        course_identifier="ecf-induction",
        declaration_type=declaration_type,
        declaration_date=dt.datetime.fromisoformat(date),
        evidence_held="" if declaration_type == "started" else "training-event-attended",
        cohort=period.schedule.cohort,
        delivery_partner_id=partnership.delivery_partnership.delivery_partner_id if partnership else None,
        **fields,
    )


def _create(lead_provider, period, declaration_type, date):
    declaration, _ = declaration_create(
        lead_provider=lead_provider,
        participant_id=str(period.teacher.api_id),
        course_identifier="ecf-induction",
        declaration_type=declaration_type,
        declaration_date=date,
        evidence_held=None if declaration_type == "started" else "other",
    )
    return declaration


def _make_fundable(teacher: Teacher) -> None:
    if teacher.ect_first_became_eligible_for_funding_at is None:
        teacher.ect_first_became_eligible_for_funding_at = timezone.now()
        teacher.save(update_fields=["ect_first_became_eligible_for_funding_at"])


def _seed_provider(lead_provider: LeadProvider) -> None:
    periods = list(
        lead_provider_training_periods(lead_provider=lead_provider)
        .filter(
            role="ect",
            schedule__cohort__start_year=COHORT,
            withdrawn_at__isnull=True,
            teacher__declarations__isnull=True,
        )
        .select_related("teacher", "schedule__cohort", "partnership__delivery_partnership")
        .order_by("id")[:8]
    )
    paid = list(
        statements_for(lead_provider=lead_provider)
        .filter(cohort__start_year=COHORT, output_fee=True, state=StatementState.PAID)
        .order_by("payment_date")
    )
    if len(periods) < 6 or len(paid) < 3 or periods[0].schedule is None:
        return
    cohort = periods[0].schedule.cohort
    if next_output_statement(lead_provider=lead_provider, cohort=cohort, today=clock.today()) is None:
        return
    fundable, waiting = periods[:5], periods[5:]
    for period in fundable:
        _make_fundable(period.teacher)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL declarations.loading_history = 'on'")
    paid_state = {"payment_state": PaymentState.PAID}
    # Paid, and a retained-1 paid then clawed back on a later paid statement.
    _history(fundable[0], lead_provider, *STARTED, statement=paid[0], **paid_state)
    _history(
        fundable[0],
        lead_provider,
        *RETAINED_1,
        statement=paid[1],
        clawback_state=ClawbackState.CLAWED_BACK,
        clawback_statement=paid[2],
        **paid_state,
    )
    # Paid, then voided now: awaiting clawback on the open statement.
    _history(fundable[1], lead_provider, *STARTED, statement=paid[0], **paid_state)
    declaration_void(declaration=_history(fundable[1], lead_provider, *RETAINED_1, statement=paid[1], **paid_state))
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL declarations.loading_history = 'off'")
    # Eligible on the open statement; one voided.
    _create(lead_provider, fundable[2], *STARTED)
    _create(lead_provider, fundable[3], *STARTED)
    declaration_void(declaration=_create(lead_provider, fundable[4], *STARTED))
    # Submitted: participants not yet fundable.
    for period in waiting:
        if not period.teacher.eligible_for_funding("ect"):
            _create(lead_provider, period, *STARTED)


def seed() -> dict[str, dict[str, str]]:
    for lead_provider in LeadProvider.objects.order_by("name"):
        if not Declaration.objects.filter(lead_provider=lead_provider).exists():
            _seed_provider(lead_provider)
    return {}
