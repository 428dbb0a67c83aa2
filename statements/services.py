"""Statement lifecycle: the calendar, open → payable (daily, after the cut-off) and payable → paid (DfE finance).

A statement's declarations move with it, and that move is the declarations app's: its payment run
(declarations/services/payments.py) locks the statement here, checks it, moves the declarations and then calls
`statement_set_payable` or `statement_set_paid` in the same transaction. This app never imports the declarations
app, which sits above it (the import-linter contracts in pyproject.toml).
"""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from config import clock
from config.errors import DomainValidationError
from config.events import record_event
from config.models import AuthorType
from partnerships.models import LeadProvider, LeadProviderContract

from .calculation import to_the_penny
from .calendar import statement_months
from .models import Adjustment, CallOffContract, Statement, StatementState
from .payments import StatementFigures, statement_payment
from .rules import (
    ADJUSTMENT_NOT_ALLOWED,
    BEFORE_CUT_OFF,
    NO_CONTRACT,
    NOT_OPEN,
    NOT_PAYABLE,
    NOTHING_TO_PAY,
    state_on,
    state_on_expression,
)


@transaction.atomic
def statements_ensure_calendar(*, lead_provider: LeadProvider | None = None, today: dt.date | None = None) -> int:
    """Every lead provider contract gets the statements of its cohort's calendar (docs/statements.md, "The calendar").
    Statements already there are left alone, so running it again changes nothing. A statement created after its payment
    date is created paid, one inside its cut-off..payment window payable. Returns how many were created."""
    today = today or clock.today()
    contracts = LeadProviderContract.objects.select_related("cohort", "lead_provider")
    if lead_provider is not None:
        contracts = contracts.filter(lead_provider=lead_provider)
    latest_terms = _latest_call_off_contracts()
    rows = []
    for contract in contracts:
        for month in statement_months(contract.cohort.start_year):
            state = state_on(month.payment_date, month.cut_off_date, today)
            rows.append(
                Statement(
                    lead_provider=contract.lead_provider,
                    cohort=contract.cohort,
                    year=month.year,
                    month=month.month,
                    cut_off_date=month.cut_off_date,
                    payment_date=month.payment_date,
                    output_fee=month.output_fee,
                    contract=latest_terms.get((contract.lead_provider_id, contract.cohort_id)),
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


def _latest_call_off_contracts() -> dict[tuple[int, int], CallOffContract]:
    latest: dict[tuple[int, int], CallOffContract] = {}
    for terms in CallOffContract.objects.order_by("lead_provider_id", "cohort_id", "version"):
        latest[(terms.lead_provider_id, terms.cohort_id)] = terms
    return latest


@transaction.atomic
def call_off_contract_apply(*, contract: CallOffContract, author_name: str = "") -> int:
    """A contract version applies to every statement of its provider and cohort that is not yet paid (paid ones
    keep the terms they were paid under). Returns how many statements now use it."""
    moved = (
        Statement.objects.filter(lead_provider_id=contract.lead_provider_id, cohort_id=contract.cohort_id)
        .exclude(state=StatementState.PAID)
        .exclude(contract=contract)
        .update(contract=contract, updated_at=timezone.now())
    )
    record_event(
        event_type="call_off_contract_applied",
        heading=f"Contract version {contract.version} applies to {moved} unpaid statements",
        subject=contract,
        author_type=AuthorType.DFE_STAFF_USER if author_name else AuthorType.SYSTEM,
        author_name=author_name,
        statements=moved,
    )
    return moved


def statement_lock(*, statement: Statement) -> Statement:
    """The statement, row-locked until the caller's transaction ends: the first step of a state change."""
    return Statement.objects.select_for_update().get(pk=statement.pk)


def statement_payable_problem(*, statement: Statement) -> str | None:
    """Why a statement cannot become payable, or None when it can: only an open one can."""
    return None if statement.state == StatementState.OPEN else NOT_OPEN


def statement_set_payable(*, statement: Statement, declarations: int) -> Statement:
    """The statement's own part of becoming payable, for the declarations app's payment run, which has locked and
    checked it and moved its `declarations` eligible claims to payable in the same transaction."""
    if statement_payable_problem(statement=statement):
        raise DomainValidationError("state", NOT_OPEN)
    statement.state = StatementState.PAYABLE
    statement.save(update_fields=["state", "updated_at"])
    record_event(
        event_type="statement_payable",
        heading=f"{statement.name} statement became payable ({declarations} declarations)",
        subject=statement,
        statement_id=statement.api_id,
        declarations=declarations,
    )
    return statement


def statements_due_payable(*, today: dt.date | None = None) -> list[Statement]:
    """Open statements whose cut-off has passed, earliest first: what the daily job makes payable."""
    today = today or clock.today()
    return list(
        Statement.objects.filter(state=StatementState.OPEN)
        .annotate(due_state=state_on_expression(today))
        .exclude(due_state=StatementState.OPEN)
        .order_by("cut_off_date", "id")
    )


def statement_authorisation_problem(
    *, statement: Statement, today: dt.date | None = None, figures: StatementFigures | None = None
) -> str | None:
    """Why a statement cannot be authorised for payment now, or None when it can (docs/finance.md "Authorising
    payment"): it must be payable, past its cut-off, paid under a contract, and have something to pay. `figures`,
    when the caller has worked them out already, are the statement's (so they are not counted twice)."""
    if statement.state != StatementState.PAYABLE:
        return NOT_PAYABLE
    if statement.cut_off_date >= (today or clock.today()):
        return BEFORE_CUT_OFF
    payment = figures.payment if figures is not None else statement_payment(statement=statement)
    if payment is None:
        return NO_CONTRACT
    if not payment.has_payments:
        return NOTHING_TO_PAY
    return None


def statement_amount_due(*, statement: Statement, figures: StatementFigures | None = None) -> Decimal:
    """What the statement pays, VAT included, in pounds to the penny (from `figures` when the caller has them)."""
    payment = figures.payment if figures is not None else statement_payment(statement=statement)
    return to_the_penny(payment.total)


def statement_set_paid(
    *, statement: Statement, amount: Decimal, author_name: str, declarations_paid: int, declarations_clawed_back: int
) -> Statement:
    """The statement's own part of being authorised for payment, for the declarations app's payment run, which has
    locked and checked it, taken `amount` and paid its declarations and clawbacks in the same transaction: the
    statement stores what it pays and is paid, never to change again."""
    statement.state = StatementState.PAID
    statement.marked_as_paid_at = clock.now()
    statement.paid_amount = amount
    statement.save(update_fields=["state", "marked_as_paid_at", "paid_amount", "updated_at"])
    record_event(
        event_type="statement_paid",
        heading=f"{statement.name} statement authorised for payment",
        subject=statement,
        author_type=AuthorType.DFE_STAFF_USER,
        author_name=author_name,
        statement_id=statement.api_id,
        declarations_paid=declarations_paid,
        declarations_clawed_back=declarations_clawed_back,
        paid_amount=amount,
    )
    return statement


def _adjustable(statement: Statement) -> Statement:
    statement = Statement.objects.select_for_update().get(pk=statement.pk)
    if not statement.output_fee or statement.state == StatementState.PAID:
        raise DomainValidationError("statement", ADJUSTMENT_NOT_ALLOWED)
    return statement


@transaction.atomic
def adjustment_save(
    *, statement: Statement, payment_type: str, amount: Decimal, author_name: str, adjustment: Adjustment | None = None
) -> Adjustment:
    """Finance adds (or changes) a named amount on an output statement that is not paid yet."""
    statement = _adjustable(statement)
    if adjustment is not None and adjustment.statement_id != statement.pk:
        _adjustable(Statement(pk=adjustment.statement_id))
    adjustment = adjustment or Adjustment()
    adjustment.statement, adjustment.payment_type, adjustment.amount = statement, payment_type, amount
    created = adjustment.pk is None
    adjustment.save()
    record_event(
        event_type="adjustment_added" if created else "adjustment_changed",
        heading=f"Adjustment '{payment_type}' of £{amount} on the {statement.name} statement",
        subject=statement,
        author_type=AuthorType.DFE_STAFF_USER,
        author_name=author_name,
        adjustment_id=adjustment.pk,
        amount=amount,
    )
    return adjustment


@transaction.atomic
def adjustment_delete(*, adjustment: Adjustment, author_name: str) -> None:
    """Finance removes an adjustment from a statement that is not paid yet."""
    statement = _adjustable(adjustment.statement)
    record_event(
        event_type="adjustment_removed",
        heading=f"Adjustment '{adjustment.payment_type}' of £{adjustment.amount} removed from {statement.name}",
        subject=statement,
        author_type=AuthorType.DFE_STAFF_USER,
        author_name=author_name,
        adjustment_id=adjustment.pk,
        amount=adjustment.amount,
    )
    adjustment.delete()
