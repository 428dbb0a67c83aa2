"""Sandbox declarations (docs/finance.md "Sandbox"). Every run tops each sandbox lead provider up, so that in every
cohort 2021–2026 it has a declaration in each state the cohort's statements allow today:

- `submitted`, `voided` and `ineligible` (a duplicate superseded by the participant's first claim): every cohort;
- `paid`, and `clawed-back` on a later paid statement: every cohort with paid statements (2026 has none until its
  first statement is paid);
- `eligible` on the next open output statement, and `awaiting-clawback` (paid, then voided): every cohort that
  still takes claims and clawbacks, i.e. has an open output statement and payments not frozen (2024–2026; the
  2021 and 2022 cohorts are frozen and 2023's calendar is used up, as a POST for them answers);
- `payable`: one payable output statement per cohort 2024–2026, past its cut-off, with claims (two uplifted in
  2024, one a mentor's) and, where the calendar paid a statement earlier in the cohort, two clawbacks (one
  uplifted), for finance to authorise. To get there the sandbox closes the cohort's next open statement early
  (its cut-off becomes yesterday), but never the last open one, which new claims need. Authorising one uses it
  up; the next run closes another while the cohort has one to spare.

Each state gets fresh participants (TRNs 8…) trained by the provider through one of its partnerships in the
cohort, on the cohort's standard September schedule. A state the provider already has in the cohort is left
alone, so seeding twice adds nothing. Paid history is written as past statements recorded it (the owner role's
`declarations.loading_history`, docs/security.md §2), and only onto statements the calendar created paid: one
finance authorised keeps exactly what it paid."""

import datetime as dt
from collections.abc import Callable
from contextlib import contextmanager

from django.db import connection
from django.utils import timezone

from config import clock
from participants import services as participant_services
from participants.models import Teacher, TrainingPeriod
from partnerships.models import Cohort, LeadProvider, LeadProviderDeliveryPartnership, Partnership, Schedule
from partnerships.services import partnership_add_by_dfe
from schools.models import School
from statements.models import Statement, StatementState
from statements.selectors import next_output_statement, statements_for

from .models import ClawbackState, Declaration, IneligibleReason, PaymentState, api_state_expression
from .services import declaration_void, declarations_follow_funding, statement_mark_payable

COHORT_YEARS = range(2021, 2027)
# Cohorts whose calendars still have statements to close early for a payable one (2024's claims carry uplifts;
# 2025's and 2026's pay mentors a flat rate and no uplift, by rule).
PAYABLE_COHORTS = (2024, 2025, 2026)


def seed() -> dict[str, dict[str, str]]:
    for lead_provider in LeadProvider.objects.order_by("name"):
        payable_statements_top_up(lead_provider=lead_provider)
        cohort_states_top_up(lead_provider=lead_provider)
    return {}


@contextmanager
def _loading_history():
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL declarations.loading_history = 'on'")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL declarations.loading_history = 'off'")


def _make_fundable(period: TrainingPeriod) -> None:
    teacher, field = period.teacher, f"{period.role}_first_became_eligible_for_funding_at"
    if getattr(teacher, field) is None:
        setattr(teacher, field, timezone.now())
        teacher.save(update_fields=[field])
        declarations_follow_funding(teacher=teacher)


def _declaration_date(period: TrainingPeriod, declaration_type: str, statement: Statement | None) -> dt.datetime:
    """A week before the earliest of the milestone's last day, the statement's cut-off and today, and never before
    the milestone opens or the training starts."""
    milestone = period.schedule.milestones.get(declaration_type=declaration_type)
    ends = [milestone.milestone_date, statement.cut_off_date if statement else None, clock.today()]
    day = max(milestone.start_date, period.started_on, min(d for d in ends if d) - dt.timedelta(days=7))
    return dt.datetime.combine(day, dt.time(10), tzinfo=dt.UTC)


def _record(
    period: TrainingPeriod,
    lead_provider: LeadProvider,
    statement: Statement | None,
    payment_state: str,
    declaration_type: str = "started",
    **fields,
) -> Declaration:
    """A declaration as the service holds it, written directly (history, or a claim already on a statement)."""
    partnership = period.partnership
    return Declaration.objects.create(
        lead_provider=lead_provider,
        teacher=period.teacher,
        training_period=period,
        course_identifier="ecf-induction" if period.role == "ect" else "ecf-mentor",
        declaration_type=declaration_type,
        declaration_date=_declaration_date(period, declaration_type, statement),
        evidence_held="" if declaration_type == "started" else "training-event-attended",
        cohort=period.schedule.cohort,
        delivery_partner_id=partnership.delivery_partnership.delivery_partner_id if partnership else None,
        statement=statement,
        payment_state=payment_state,
        **fields,
    )


def _history_statements(lead_provider: LeadProvider, cohort: Cohort):
    """Paid output statements the calendar created paid (their dates had passed), oldest first: the only ones the
    sandbox writes past payments onto. A statement finance authorised keeps exactly what it paid."""
    return (
        statements_for(lead_provider=lead_provider)
        .filter(cohort=cohort, output_fee=True, state=StatementState.PAID, paid_amount__isnull=True)
        .order_by("payment_date", "id")
    )


class _Cohort:
    """What one provider's statements in one cohort allow today."""

    def __init__(self, lead_provider: LeadProvider, cohort: Cohort):
        self.lead_provider, self.cohort = lead_provider, cohort
        self.paid = list(_history_statements(lead_provider, cohort))
        self.open = next_output_statement(lead_provider=lead_provider, cohort=cohort, today=clock.today())

    def trainee(self, *, fundable: bool) -> TrainingPeriod | None:
        periods = _new_trainees(self.lead_provider, self.cohort, 1, "ect", first_name="Declaration")
        if periods and fundable:
            _make_fundable(periods[0])
        return periods[0] if periods else None


def _submitted(c: _Cohort) -> bool:
    period = c.trainee(fundable=False)
    return period is not None and bool(_record(period, c.lead_provider, None, PaymentState.NO_PAYMENT))


def _voided(c: _Cohort) -> bool:
    """Submitted, then voided through the service (an unpaid claim is voided in any cohort)."""
    period = c.trainee(fundable=False)
    if period is None:
        return False
    declaration_void(declaration=_record(period, c.lead_provider, None, PaymentState.NO_PAYMENT), author_name="sandbox")
    return True


def _ineligible(c: _Cohort) -> bool:
    period = c.trainee(fundable=False)
    if period is None:
        return False
    original = _record(period, c.lead_provider, None, PaymentState.NO_PAYMENT)
    _record(
        period,
        c.lead_provider,
        None,
        PaymentState.INELIGIBLE,
        ineligible_reason=IneligibleReason.DUPLICATE_DECLARATION,
        superseded_by=original,
    )
    return True


def _paid(c: _Cohort) -> bool:
    """Started paid on the cohort's first paid statement, and retained-1 on the first paid one after it opens."""
    period = c.trainee(fundable=True) if c.paid else None
    if period is None:
        return False
    opens = period.schedule.milestones.get(declaration_type="retained-1").start_date
    later = [s for s in c.paid[1:] if s.cut_off_date >= opens]
    with _loading_history():
        _record(period, c.lead_provider, c.paid[0], PaymentState.PAID)
        if later:
            _record(period, c.lead_provider, later[0], PaymentState.PAID, "retained-1")
    return True


def _clawed_back(c: _Cohort) -> bool:
    period = c.trainee(fundable=True) if len(c.paid) >= 2 else None
    if period is None:
        return False
    with _loading_history():
        _record(
            period,
            c.lead_provider,
            c.paid[0],
            PaymentState.PAID,
            clawback_state=ClawbackState.CLAWED_BACK,
            clawback_statement=c.paid[1],
        )
    return True


def _eligible(c: _Cohort) -> bool:
    period = c.trainee(fundable=True) if c.open else None
    return period is not None and bool(_record(period, c.lead_provider, c.open, PaymentState.ELIGIBLE))


def _awaiting_clawback(c: _Cohort) -> bool:
    """Paid on the first paid statement, then voided through the service: a clawback on the open statement."""
    period = c.trainee(fundable=True) if c.paid and c.open else None
    if period is None:
        return False
    with _loading_history():
        paid = _record(period, c.lead_provider, c.paid[0], PaymentState.PAID)
    declaration_void(declaration=paid, author_name="sandbox")
    return True


# `payable` comes from payable_statements_top_up.
MAKERS: dict[str, Callable[[_Cohort], bool]] = {
    "submitted": _submitted,
    "eligible": _eligible,
    "paid": _paid,
    "clawed-back": _clawed_back,
    "awaiting-clawback": _awaiting_clawback,
    "voided": _voided,
    "ineligible": _ineligible,
}


def cohort_states_top_up(*, lead_provider: LeadProvider) -> list[tuple[int, str]]:
    """Adds a declaration in each state the provider lacks in a cohort, where the cohort's statements allow it.
    Returns the (cohort, state) pairs added."""
    added = []
    for cohort in Cohort.objects.filter(start_year__in=COHORT_YEARS).order_by("start_year"):
        have = set(
            Declaration.objects.filter(lead_provider=lead_provider, cohort=cohort)
            .annotate(api_state=api_state_expression())
            .values_list("api_state", flat=True)
        )
        allowed = _Cohort(lead_provider, cohort)
        for state, make in MAKERS.items():
            if state not in have and make(allowed):
                added.append((cohort.start_year, state))
    return added


def _new_trainees(
    lead_provider: LeadProvider, cohort, count: int, role: str, first_name: str = "Finance"
) -> list[TrainingPeriod]:
    """Fresh participants trained by the provider (through one of its partnerships in the cohort)."""
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
            trn=str(number + offset), first_name=first_name, last_name=f"Sandbox{number + offset}"
        )
        start = (
            participant_services.ect_at_school_start if role == "ect" else participant_services.mentor_at_school_start
        )
        at_school = start(
            teacher=teacher,
            school=partnership.school,
            started_on=started,
            email=f"{first_name.lower()}.sandbox{number + offset}@example.com",
        )
        periods.append(
            participant_services.training_period_start(
                at_school_period=at_school, started_on=started, partnership=partnership, schedule=schedule
            )
        )
    return periods


def _sandbox_partnership(lead_provider: LeadProvider, cohort):
    """A partnership DfE adds for the provider at a funded sandbox school (one with no partnership in the cohort)."""
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


def payable_statements_top_up(*, lead_provider: LeadProvider) -> int:
    """For each cohort in PAYABLE_COHORTS where the provider has no payable output statement past its cut-off with
    declarations on it, the cohort's next open output statement, unless it is the last one, gets new claims (two
    with an uplift, one a mentor's) and, if the calendar paid a statement earlier in the cohort, two clawbacks of
    declarations paid on it (one uplifted), and is closed as of yesterday. Returns how many were topped up."""
    made = 0
    for cohort in Cohort.objects.filter(start_year__in=PAYABLE_COHORTS, payments_frozen_at__isnull=True):
        statements = statements_for(lead_provider=lead_provider).filter(cohort=cohort, output_fee=True)
        if statements.filter(
            state=StatementState.PAYABLE, cut_off_date__lt=clock.today(), declarations__isnull=False
        ).exists():
            continue
        # The last open statement stays open: new claims and clawbacks in the cohort land on it.
        open_statements = list(statements.filter(state=StatementState.OPEN).order_by("cut_off_date", "id")[:2])
        target = open_statements[0] if len(open_statements) == 2 else None
        ects = _new_trainees(lead_provider, cohort, 6, "ect") if target else []
        mentors = _new_trainees(lead_provider, cohort, 1, "mentor") if ects else []
        if not mentors:
            continue
        for period in [*ects, *mentors]:
            _make_fundable(period)
        earlier = _history_statements(lead_provider, cohort).first()
        if earlier is None:
            _record(ects[0], lead_provider, target, PaymentState.ELIGIBLE)
            _record(ects[1], lead_provider, target, PaymentState.ELIGIBLE)
        else:
            with _loading_history():
                paid = [
                    _record(ects[0], lead_provider, earlier, PaymentState.PAID, sparsity_uplift=True),
                    _record(ects[1], lead_provider, earlier, PaymentState.PAID),
                ]
            Declaration.objects.filter(pk__in=[d.pk for d in paid]).update(
                clawback_state=ClawbackState.AWAITING_CLAWBACK, clawback_statement=target, updated_at=timezone.now()
            )
        _record(ects[2], lead_provider, target, PaymentState.ELIGIBLE, pupil_premium_uplift=True)
        _record(ects[3], lead_provider, target, PaymentState.ELIGIBLE, sparsity_uplift=True, pupil_premium_uplift=True)
        _record(ects[4], lead_provider, target, PaymentState.ELIGIBLE)
        _record(ects[5], lead_provider, target, PaymentState.ELIGIBLE)
        _record(mentors[0], lead_provider, target, PaymentState.ELIGIBLE)
        # The sandbox closes the statement early, so finance has something to authorise today.
        Statement.objects.filter(pk=target.pk).update(cut_off_date=clock.today() - dt.timedelta(days=1))
        target.refresh_from_db()
        statement_mark_payable(statement=target)
        made += 1
    return made
