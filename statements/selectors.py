"""Reads of statements; every one takes the lead provider whose statements they are."""

import datetime as dt

from django.db import connection
from django.db.models import OuterRef, QuerySet

from partnerships.models import Cohort, LeadProvider

from .models import Statement, StatementState


def statements_for(*, lead_provider: LeadProvider) -> QuerySet[Statement]:
    """All of a lead provider's statements, output-fee or not."""
    return Statement.objects.filter(lead_provider=lead_provider)


def next_output_statements(
    *, lead_provider: LeadProvider, cohort: Cohort | OuterRef, today: dt.date
) -> QuerySet[Statement]:
    """The statements a new claim or clawback may land on, the next first: the provider's open output-fee statements
    for the cohort with a cut-off still to come; none while the cohort's payments are frozen (docs/declarations.md,
    "Which statement a claim lands on"). `cohort` may be an `OuterRef` when a query composes this one."""
    return (
        statements_for(lead_provider=lead_provider)
        .filter(
            cohort=cohort,
            cohort__payments_frozen_at__isnull=True,
            output_fee=True,
            state=StatementState.OPEN,
            cut_off_date__gte=today,
        )
        .order_by("cut_off_date", "id")
    )


def next_output_statement(
    *, lead_provider: LeadProvider, cohort: Cohort, today: dt.date, lock: bool = False
) -> Statement | None:
    """The statement a new claim or clawback lands on (the first of `next_output_statements`). With `lock`, the
    statement is share-locked so it cannot become payable before the caller's transaction ends."""
    statement = next_output_statements(lead_provider=lead_provider, cohort=cohort, today=today).first()
    if statement is not None and lock and not lock_open_statement(statement):
        return None
    return statement


def lock_open_statement(statement: Statement) -> bool:
    """Share-locks the statement if it is still open, so it cannot become payable before the caller's transaction
    ends; False when it is no longer open."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM statements_statement WHERE id = %s AND state = %s FOR SHARE",
            [statement.pk, StatementState.OPEN],
        )
        return cursor.fetchone() is not None
