"""The payment run: a statement's declarations move with it (docs/finance.md). When a statement becomes payable
its eligible declarations become payable; when DfE finance authorises it, its payable declarations are paid and
the clawbacks on it are clawed back. The declarations app owns these states and calls the statements app for the
statement's own part, all in one transaction; the statements admin and the daily job call these services."""

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from config.errors import DomainValidationError
from statements import rules as statement_rules
from statements.models import Statement
from statements.payments import kept_counts_disagree, statement_figures
from statements.services import (
    statement_amount_due,
    statement_authorisation_problem,
    statement_lock,
    statement_payable_problem,
    statement_set_paid,
    statement_set_payable,
    statements_due_payable,
)

from ..models import ClawbackState, Declaration, PaymentState


@transaction.atomic
def statement_mark_payable(*, statement: Statement) -> Statement:
    """After its cut-off a statement is closed for new claims: it and its eligible declarations become payable."""
    statement = statement_lock(statement=statement)
    problem = statement_payable_problem(statement=statement)
    if problem:
        raise DomainValidationError("state", problem)
    moved = Declaration.objects.filter(statement=statement, payment_state=PaymentState.ELIGIBLE).update(
        payment_state=PaymentState.PAYABLE, updated_at=timezone.now()
    )
    return statement_set_payable(statement=statement, declarations=moved)


def statements_mark_due_payable(*, today: dt.date | None = None) -> list[Statement]:
    """The daily job: every open statement whose cut-off has passed becomes payable (each in its own
    transaction, so one failure does not hold back the others)."""
    return [statement_mark_payable(statement=statement) for statement in statements_due_payable(today=today)]


@transaction.atomic
def statement_authorise_payment(*, statement: Statement, author_name: str) -> Statement:
    """DfE finance authorises a payable statement: its payable declarations are paid, the clawbacks on it are
    clawed back, what it pays (VAT included, in pounds to the penny) is stored, and the statement is paid, never to
    change again."""
    statement = statement_lock(statement=statement)
    # The claims and clawbacks it is about to pay are held still first (a void waits), so that what it pays is what
    # it counted.
    list(
        Declaration.objects.select_for_update()
        .filter(
            Q(statement=statement, payment_state=PaymentState.PAYABLE)
            | Q(clawback_statement=statement, clawback_state=ClawbackState.AWAITING_CLAWBACK)
        )
        .values_list("pk", flat=True)
    )
    if kept_counts_disagree(statement):
        raise DomainValidationError("state", statement_rules.COUNTS_DISAGREE)
    figures = statement_figures(statement=statement)  # counted once, for the check and the amount
    problem = statement_authorisation_problem(statement=statement, figures=figures)
    if problem:
        raise DomainValidationError("state", problem)
    amount = statement_amount_due(statement=statement, figures=figures)
    now = timezone.now()
    paid = Declaration.objects.filter(statement=statement, payment_state=PaymentState.PAYABLE).update(
        payment_state=PaymentState.PAID, updated_at=now
    )
    clawed_back = Declaration.objects.filter(
        clawback_statement=statement, clawback_state=ClawbackState.AWAITING_CLAWBACK
    ).update(clawback_state=ClawbackState.CLAWED_BACK, updated_at=now)
    return statement_set_paid(
        statement=statement,
        amount=amount,
        author_name=author_name,
        declarations_paid=paid,
        declarations_clawed_back=clawed_back,
    )
