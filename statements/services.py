"""Statement lifecycle: the calendar, open → payable (daily, after the cut-off) and payable → paid (DfE finance).

A statement's declarations move with it: eligible → payable when it becomes payable; payable → paid and
awaiting clawback → clawed back when finance authorises payment. Declarations are reached through the reverse
relations, so this app never imports the declarations app (which sits above it).
"""

import datetime as dt

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from config import clock
from config.api.errors import DomainValidationError
from config.events import record_event
from config.models import AuthorType
from partnerships.models import LeadProvider, LeadProviderContract

from .calendar import statement_months
from .models import Statement, StatementState

NOT_OPEN = "Only an open statement can become payable."
NOT_PAYABLE = "Only a payable statement can be authorised for payment."


def _declaration_model():
    return apps.get_model("declarations", "Declaration")


def _initial_state(payment_date: dt.date, cut_off_date: dt.date, today: dt.date) -> str:
    if payment_date < today:
        return StatementState.PAID
    if cut_off_date < today:
        return StatementState.PAYABLE
    return StatementState.OPEN


@transaction.atomic
def statements_ensure_calendar(*, lead_provider: LeadProvider | None = None, today: dt.date | None = None) -> int:
    """Every lead provider contract gets the statements of its cohort's calendar (ecf-rules.md §5.5). Statements
    already there are left alone, so running it again changes nothing. A statement created after its payment date
    is created paid, one inside its cut-off..payment window payable (§5.2). Returns how many were created."""
    today = today or clock.today()
    contracts = LeadProviderContract.objects.select_related("cohort", "lead_provider")
    if lead_provider is not None:
        contracts = contracts.filter(lead_provider=lead_provider)
    rows = []
    for contract in contracts:
        for month in statement_months(contract.cohort.start_year):
            state = _initial_state(month.payment_date, month.cut_off_date, today)
            rows.append(
                Statement(
                    lead_provider=contract.lead_provider,
                    cohort=contract.cohort,
                    year=month.year,
                    month=month.month,
                    cut_off_date=month.cut_off_date,
                    payment_date=month.payment_date,
                    output_fee=month.output_fee,
                    state=state,
                    marked_as_paid_at=(
                        dt.datetime.combine(month.payment_date, dt.time(), tzinfo=dt.UTC)
                        if state == StatementState.PAID
                        else None
                    ),
                )
            )
    before = Statement.objects.count()
    Statement.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    return Statement.objects.count() - before


@transaction.atomic
def statement_mark_payable(*, statement: Statement) -> Statement:
    """After its cut-off a statement is closed for new claims: it and its eligible declarations become payable."""
    statement = Statement.objects.select_for_update().get(pk=statement.pk)
    if statement.state != StatementState.OPEN:
        raise DomainValidationError("state", NOT_OPEN)
    Declaration = _declaration_model()
    moved = statement.declarations.filter(payment_state=Declaration.PaymentState.ELIGIBLE).update(
        payment_state=Declaration.PaymentState.PAYABLE, updated_at=timezone.now()
    )
    statement.state = StatementState.PAYABLE
    statement.save(update_fields=["state", "updated_at"])
    record_event(
        event_type="statement_payable",
        heading=f"{statement.name} statement became payable ({moved} declarations)",
        subject=statement,
        statement_id=statement.api_id,
        declarations=moved,
    )
    return statement


def statements_mark_due_payable(*, today: dt.date | None = None) -> list[Statement]:
    """The daily job: every open statement whose cut-off has passed becomes payable (each in its own
    transaction, so one failure does not hold back the others)."""
    today = today or clock.today()
    due = Statement.objects.filter(state=StatementState.OPEN, cut_off_date__lt=today).order_by("cut_off_date", "id")
    return [statement_mark_payable(statement=statement) for statement in due]


@transaction.atomic
def statement_authorise_payment(*, statement: Statement, author_name: str) -> Statement:
    """DfE finance authorises a payable statement: its payable declarations are paid, the clawbacks on it are
    clawed back, and the statement is paid, never to change again."""
    statement = Statement.objects.select_for_update().get(pk=statement.pk)
    if statement.state != StatementState.PAYABLE:
        raise DomainValidationError("state", NOT_PAYABLE)
    Declaration = _declaration_model()
    now = timezone.now()
    paid = statement.declarations.filter(payment_state=Declaration.PaymentState.PAYABLE).update(
        payment_state=Declaration.PaymentState.PAID, updated_at=now
    )
    clawed_back = statement.clawbacks.filter(clawback_state=Declaration.ClawbackState.AWAITING_CLAWBACK).update(
        clawback_state=Declaration.ClawbackState.CLAWED_BACK, updated_at=now
    )
    statement.state = StatementState.PAID
    statement.marked_as_paid_at = clock.now()
    statement.save(update_fields=["state", "marked_as_paid_at", "updated_at"])
    record_event(
        event_type="statement_paid",
        heading=f"{statement.name} statement authorised for payment",
        subject=statement,
        author_type=AuthorType.DFE_STAFF_USER,
        author_name=author_name,
        statement_id=statement.api_id,
        declarations_paid=paid,
        declarations_clawed_back=clawed_back,
    )
    return statement
