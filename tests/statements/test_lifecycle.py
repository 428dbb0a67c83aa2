"""Statement lifecycle: calendar, open → payable (daily command), payable → paid (finance), paid is final."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import DatabaseError, transaction

from config import clock
from config.errors import DomainValidationError
from declarations.models import Declaration, PaymentState
from declarations.services import payments as payment_run
from statements import services
from statements.calendar import statement_months
from statements.models import Statement, StatementState
from tests.declarations.factories import StatementFactory, close, declare, ect
from tests.factories import contract

pytestmark = pytest.mark.django_db


def test_calendar_follows_the_published_pattern():
    months = statement_months(2021)
    first, last = months[0], months[-1]
    assert (first.year, first.month, first.cut_off_date, first.payment_date) == (
        2021,
        11,
        dt.date(2021, 11, 30),
        dt.date(2021, 11, 30),
    )
    assert (last.year, last.month, last.output_fee) == (2024, 8, True)
    may = next(m for m in months if (m.year, m.month) == (2022, 5))
    assert (may.cut_off_date, may.payment_date, may.output_fee) == (dt.date(2022, 4, 30), dt.date(2022, 5, 25), True)
    assert [(m.year, m.month) for m in statement_months(2024) if m.output_fee][:5] == [
        (2025, 1),
        (2025, 4),
        (2025, 8),
        (2025, 10),
        (2026, 1),
    ]
    assert [(m.year, m.month) for m in statement_months(2024)][-1] == (2027, 4)


def test_ensure_calendar_is_idempotent_and_sets_initial_states(lead_provider):
    contract(lead_provider, 2024)
    today = dt.date(2026, 11, 23)
    created = services.statements_ensure_calendar(lead_provider=lead_provider, today=today)
    assert created == len(statement_months(2024))
    assert services.statements_ensure_calendar(lead_provider=lead_provider, today=today) == 0
    by_month = {(s.year, s.month): s for s in Statement.objects.filter(lead_provider=lead_provider)}
    assert by_month[(2026, 10)].state == StatementState.PAID
    assert by_month[(2026, 11)].state == StatementState.PAYABLE
    assert by_month[(2027, 1)].state == StatementState.OPEN


def test_daily_command_makes_statements_past_cut_off_payable_with_their_declarations(lead_provider):
    statement = StatementFactory(lead_provider=lead_provider)
    period = ect(lead_provider)
    declaration = declare(lead_provider, period)
    voided = declare(lead_provider, ect(lead_provider))
    Declaration.objects.filter(pk=voided.pk).update(payment_state=PaymentState.VOIDED)
    future = StatementFactory(lead_provider=lead_provider, cut_off_date=clock.today() + dt.timedelta(days=60))
    Statement.objects.filter(pk=statement.pk).update(cut_off_date=clock.today() - dt.timedelta(days=1))
    call_command("close_statements")
    statement.refresh_from_db()
    future.refresh_from_db()
    assert (statement.state, future.state) == (StatementState.PAYABLE, StatementState.OPEN)
    assert Declaration.objects.get(pk=declaration.pk).payment_state == PaymentState.PAYABLE
    assert Declaration.objects.get(pk=voided.pk).payment_state == PaymentState.VOIDED
    from config.models import Event

    # Each statement closes with its audit row, in the same transaction, naming the job as its source.
    assert list(Event.objects.filter(event_type="statement_payable").values_list("subject_id", "source")) == [
        (statement.pk, "job")
    ]


def test_authorising_payment_pays_declarations_in_one_audited_step(lead_provider):
    from config.models import Event

    statement = StatementFactory(lead_provider=lead_provider)
    declaration = declare(lead_provider, ect(lead_provider))
    with pytest.raises(DomainValidationError):
        payment_run.statement_authorise_payment(statement=statement, author_name="Finance")
    close(statement)
    payment_run.statement_authorise_payment(statement=statement, author_name="Finance")
    statement.refresh_from_db()
    assert statement.state == StatementState.PAID and statement.marked_as_paid_at is not None
    assert Declaration.objects.get(pk=declaration.pk).payment_state == PaymentState.PAID
    assert Event.objects.filter(event_type="statement_paid", author_name="Finance").count() == 1


def test_a_paid_statement_can_never_change(lead_provider):
    statement = StatementFactory(lead_provider=lead_provider)
    declaration = declare(lead_provider, ect(lead_provider))
    close(statement)
    payment_run.statement_authorise_payment(statement=statement, author_name="Finance")
    with pytest.raises(DatabaseError), transaction.atomic():
        Statement.objects.filter(pk=statement.pk).update(payment_date=dt.date(2031, 1, 1))
    with pytest.raises(DatabaseError), transaction.atomic():
        Statement.objects.filter(pk=statement.pk).delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        Declaration.objects.filter(pk=declaration.pk).update(payment_state=PaymentState.VOIDED)
    with pytest.raises(DatabaseError), transaction.atomic():
        Declaration.objects.filter(pk=declaration.pk).update(statement=StatementFactory(lead_provider=lead_provider))
    with pytest.raises(DomainValidationError):
        payment_run.statement_authorise_payment(statement=statement, author_name="Finance")


def test_every_money_state_change_moves_updated_at_for_updated_since(lp_client):
    """Payable, paid, awaiting clawback and clawed back are all changes a provider polling
    `filter[updated_since]` must see (docs/declarations.md, "States")."""
    from django.utils import timezone

    from declarations import services as declaration_services

    lead_provider = lp_client.lead_provider
    statement = StatementFactory(lead_provider=lead_provider)
    declaration = declare(lead_provider, ect(lead_provider))
    since = (timezone.now() - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")

    def found_after(change) -> bool:
        Declaration.objects.filter(pk=declaration.pk).update(updated_at=timezone.now() - dt.timedelta(days=2))
        change()
        response = lp_client.get("/api/v3/participant-declarations", {"filter[updated_since]": since})
        return [item["id"] for item in response.json()["data"]] == [str(declaration.api_id)]

    assert found_after(lambda: close(statement))
    assert found_after(lambda: payment_run.statement_authorise_payment(statement=statement, author_name="Finance"))
    clawback_statement = StatementFactory(lead_provider=lead_provider)
    assert found_after(lambda: declaration_services.declaration_void(declaration=declaration))
    close(clawback_statement)  # awaiting clawback stays as it is
    assert found_after(
        lambda: payment_run.statement_authorise_payment(statement=clawback_statement, author_name="Finance")
    )
    assert Declaration.objects.get(pk=declaration.pk).api_state == "clawed-back"
