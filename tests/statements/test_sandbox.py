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


def test_each_sandbox_run_tops_every_provider_up_to_a_payable_statement_per_open_cohort(pinned_now):
    call_command("seed_sandbox")
    contracts = LeadProviderContract.objects.all()
    assert contracts.exists()
    for contract in contracts:
        assert CallOffContract.objects.filter(lead_provider=contract.lead_provider, cohort=contract.cohort).exists()
    providers = list(LeadProvider.objects.all())
    for run in (1, 2):
        for lead_provider in providers:
            ready = _by_cohort(lead_provider)
            assert sorted(ready) == [2024, 2025, 2026], [
                (s, s.cut_off_date, services.statement_authorisation_problem(statement=s), s.declarations.count())
                for s in Statement.objects.filter(lead_provider=lead_provider, state=StatementState.PAYABLE)
            ]
            payments = {year: statement_payment(statement=statement) for year, statement in ready.items()}
            for payment in payments.values():
                assert payment.ect_output > 0 and payment.service_fee > 0
            # 2024 pays uplifts, and claws one back; 2025 and 2026 pay mentors a flat rate and no uplift.
            assert payments[2024].uplift_fees > 0 and payments[2024].uplift_clawbacks > 0
            assert payments[2025].mentor_output > 0 and payments[2026].mentor_output > 0
            assert payments[2025].uplift_fees == payments[2026].uplift_fees == 0
            # Clawbacks need something paid earlier in the cohort: 2026's first paid statement is the one
            # authorised after the first run.
            assert payments[2024].clawbacks > 0 and payments[2025].clawbacks > 0
            assert (payments[2026].clawbacks > 0) == (run == 2)
            for statement in ready.values():
                payment_run.statement_authorise_payment(statement=statement, author_name="Finance")
        # Authorising uses them up; the next run closes the next statement of each cohort.
        call_command("seed_sandbox")
    assert not Statement.objects.exclude(state=StatementState.PAID).filter(contract__isnull=True).exists()
