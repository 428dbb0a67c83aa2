"""The sandbox gives finance real amounts to look at and statements to authorise, every run."""

import pytest
from django.core.management import call_command

from declarations.services import payments as payment_run
from partnerships.models import LeadProvider, LeadProviderContract
from statements import services
from statements.models import CallOffContract, Statement, StatementState
from statements.payments import statement_payment

pytestmark = pytest.mark.django_db


def _ready(lead_provider) -> list[Statement]:
    return [
        statement
        for statement in Statement.objects.filter(lead_provider=lead_provider, state=StatementState.PAYABLE)
        if services.statement_authorisation_problem(statement=statement) is None and statement.declarations.exists()
    ]


def _by_cohort(lead_provider) -> dict[int, Statement]:
    ready = _ready(lead_provider)
    by_cohort = {statement.cohort.start_year: statement for statement in ready}
    assert len(by_cohort) == len(ready), [(s, s.cohort.start_year) for s in ready]
    return by_cohort


def _open_output(lead_provider, year: int) -> int:
    return Statement.objects.filter(
        lead_provider=lead_provider, cohort__start_year=year, output_fee=True, state=StatementState.OPEN
    ).count()


def test_each_sandbox_run_tops_every_provider_up_to_a_payable_statement_per_open_cohort(sandbox):
    # The first run is the seeded sandbox; the test authorises what it made ready and runs the command again.
    contracts = LeadProviderContract.objects.all()
    assert contracts.exists()
    for contract in contracts:
        assert CallOffContract.objects.filter(lead_provider=contract.lead_provider, cohort=contract.cohort).exists()
    providers = list(LeadProvider.objects.all())
    # On the first run every cohort 2024–2026 has a statement to spare.
    expected = {lead_provider.pk: [2024, 2025, 2026] for lead_provider in providers}
    for _run in (1, 2):
        for lead_provider in providers:
            ready = _by_cohort(lead_provider)
            assert sorted(ready) == expected[lead_provider.pk], [
                (s, s.cut_off_date, services.statement_authorisation_problem(statement=s), s.declarations.count())
                for s in Statement.objects.filter(lead_provider=lead_provider, state=StatementState.PAYABLE)
            ]
            payments = {year: statement_payment(statement=statement) for year, statement in ready.items()}
            for year, payment in payments.items():
                assert payment.ect_output > 0 and payment.service_fee > 0
                # 2024 pays uplifts; 2025 and 2026 pay mentors a flat rate and no uplift.
                assert (payment.uplift_fees > 0) == (year == 2024)
                assert (payment.mentor_output > 0) == (year != 2024)
                # Clawbacks only of what the calendar paid earlier in the cohort: 2026 has nothing paid before
                # January 2027 (and what finance authorises here is never written onto).
                assert (payment.clawbacks > 0) == (year != 2026)
            for statement in ready.values():
                payment_run.statement_authorise_payment(statement=statement, author_name="Finance")
        # The next run closes the next statement of each cohort with one to spare: never the last open one.
        expected = {
            lead_provider.pk: [year for year in (2024, 2025, 2026) if _open_output(lead_provider, year) >= 2]
            for lead_provider in providers
        }
        call_command("seed_sandbox")
        for lead_provider in providers:
            assert all(_open_output(lead_provider, year) >= 1 for year in (2024, 2025, 2026))
    assert not Statement.objects.exclude(state=StatementState.PAID).filter(contract__isnull=True).exists()
    # What finance authorised keeps what it paid: nothing was written onto those statements afterwards.
    for statement in Statement.objects.filter(state=StatementState.PAID, paid_amount__isnull=False):
        assert services.statement_amount_due(statement=statement) == statement.paid_amount
