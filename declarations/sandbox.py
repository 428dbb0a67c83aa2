"""Sandbox declarations in every state: paid and clawed back on past statements, eligible and awaiting clawback
on the open statement, submitted for participants not yet fundable, and voided. Idempotent: a provider that
already has declarations is left alone. Every run also tops each provider up to two payable statements (past
their cut-off, with declarations, uplifts and clawbacks) for finance to authorise (docs/finance.md "Sandbox")."""

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
from .services import declaration_create, declaration_void, declarations_follow_funding, statement_mark_payable

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
        declarations_follow_funding(teacher=teacher)


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
    for lead_provider in LeadProvider.objects.order_by("name"):
        payable_statements_top_up(lead_provider=lead_provider)
    return {}


# 2024 statements carry uplifts; when its calendar is used up, 2025 and 2026 statements (no uplift by rule) follow.
PAYABLE_COHORTS = (2024, 2025, 2026)
PAYABLE_WANTED = 2


def _new_trainees(lead_provider: LeadProvider, cohort, count: int, role: str) -> list[TrainingPeriod]:
    """Fresh participants trained by the provider (through one of its partnerships in the cohort)."""
    from participants import services as participant_services
    from partnerships.models import Partnership, Schedule

    partnership = (
        Partnership.objects.filter(
            delivery_partnership__contract__lead_provider=lead_provider,
            delivery_partnership__contract__cohort=cohort,
        )
        .select_related("school")
        .order_by("id")
        .first()
    )
    if partnership is None:
        partnership = _sandbox_partnership(lead_provider, cohort)
    if partnership is None:
        return []
    schedule = Schedule.objects.get(cohort=cohort, identifier="ecf-standard-september")
    started = dt.date(cohort.start_year, 9, 1)
    highest = Teacher.objects.filter(trn__startswith="8").order_by("-trn").values_list("trn", flat=True).first()
    number = int(highest or "8000000") + 1
    periods = []
    for offset in range(count):
        teacher = participant_services.teacher_find_or_create(
            trn=str(number + offset), first_name="Finance", last_name=f"Sandbox{number + offset}"
        )
        start = (
            participant_services.ect_at_school_start if role == "ect" else participant_services.mentor_at_school_start
        )
        at_school = start(
            teacher=teacher,
            school=partnership.school,
            started_on=started,
            email=f"finance.sandbox{number + offset}@example.com",
        )
        periods.append(
            participant_services.training_period_start(
                at_school_period=at_school, started_on=started, partnership=partnership, schedule=schedule
            )
        )
    return periods


def _sandbox_partnership(lead_provider: LeadProvider, cohort):
    """A partnership DfE adds for the provider at a funded sandbox school (one with no partnership in the cohort)."""
    from partnerships.models import LeadProviderDeliveryPartnership
    from partnerships.services import partnership_add_by_dfe
    from schools.models import School

    pairing = (
        LeadProviderDeliveryPartnership.objects.filter(contract__lead_provider=lead_provider, contract__cohort=cohort)
        .order_by("id")
        .first()
    )
    taken = School.objects.filter(partnerships__delivery_partnership__contract__cohort=cohort)
    school = next((s for s in School.objects.exclude(pk__in=taken).order_by("urn") if s.eligible_for_funding), None)
    if pairing is None or school is None:
        return None
    return partnership_add_by_dfe(school=school, pairing=pairing, author_name="sandbox")


def _claim(period: TrainingPeriod, lead_provider: LeadProvider, statement, **fields) -> Declaration:
    partnership = period.partnership
    return Declaration.objects.create(
        lead_provider=lead_provider,
        teacher=period.teacher,
        training_period=period,
        course_identifier="ecf-induction" if period.role == "ect" else "ecf-mentor",
        declaration_type="started",
        declaration_date=dt.datetime(statement.cohort.start_year, 10, 1, 10, tzinfo=dt.UTC),
        cohort=statement.cohort,
        delivery_partner_id=partnership.delivery_partnership.delivery_partner_id if partnership else None,
        statement=statement,
        **fields,
    )


def payable_statements_top_up(*, lead_provider: LeadProvider) -> int:
    """Until the provider has two payable output statements past their cut-off with declarations on them, the
    next open output statement (2024 cohort first) gets new claims (two with an uplift, one mentor) and two
    clawbacks of declarations paid on an earlier statement, and is closed as of yesterday. Returns how many
    statements were topped up."""
    from partnerships.models import Cohort

    statements = statements_for(lead_provider=lead_provider).filter(
        cohort__start_year__in=PAYABLE_COHORTS, output_fee=True
    )
    ready = statements.filter(state=StatementState.PAYABLE, cut_off_date__lt=clock.today(), declarations__isnull=False)
    made = 0
    while ready.distinct().count() < PAYABLE_WANTED:
        target = (
            statements.filter(state=StatementState.OPEN, cohort__payments_frozen_at__isnull=True)
            .order_by("cohort__start_year", "cut_off_date", "id")
            .first()
        )
        if target is None:
            return made
        cohort = Cohort.objects.get(pk=target.cohort_id)
        earlier = statements.filter(cohort=cohort, state=StatementState.PAID).order_by("payment_date", "id").first()
        ects = _new_trainees(lead_provider, cohort, 6, "ect")
        mentors = _new_trainees(lead_provider, cohort, 1, "mentor")
        if not ects or not mentors:
            return made
        for period in ects:
            _make_fundable(period.teacher)
        eligible = {"payment_state": PaymentState.ELIGIBLE}
        if earlier is None:
            _claim(ects[0], lead_provider, target, **eligible)
            _claim(ects[1], lead_provider, target, **eligible)
        else:
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL declarations.loading_history = 'on'")
            paid = [
                _claim(ects[0], lead_provider, earlier, payment_state=PaymentState.PAID, sparsity_uplift=True),
                _claim(ects[1], lead_provider, earlier, payment_state=PaymentState.PAID),
            ]
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL declarations.loading_history = 'off'")
            Declaration.objects.filter(pk__in=[d.pk for d in paid]).update(
                clawback_state=ClawbackState.AWAITING_CLAWBACK, clawback_statement=target, updated_at=timezone.now()
            )
        _claim(ects[2], lead_provider, target, pupil_premium_uplift=True, **eligible)
        _claim(ects[3], lead_provider, target, sparsity_uplift=True, pupil_premium_uplift=True, **eligible)
        _claim(ects[4], lead_provider, target, **eligible)
        _claim(ects[5], lead_provider, target, **eligible)
        _claim(mentors[0], lead_provider, target, **eligible)
        # The sandbox closes the statement early, so finance has something to authorise today.
        type(target).objects.filter(pk=target.pk).update(cut_off_date=clock.today() - dt.timedelta(days=1))
        target.refresh_from_db()
        statement_mark_payable(statement=target)
        made += 1
    return made
