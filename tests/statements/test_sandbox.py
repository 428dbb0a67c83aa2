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


def test_each_sandbox_run_tops_every_provider_up_to_two_payable_statements(capsys):
    call_command("seed_sandbox")
    contracts = LeadProviderContract.objects.all()
    assert contracts.exists()
    for contract in contracts:
        assert CallOffContract.objects.filter(lead_provider=contract.lead_provider, cohort=contract.cohort).exists()
    providers = list(LeadProvider.objects.all())
    for lead_provider in providers:
        ready = _ready(lead_provider)
        assert len(ready) == 2, [
            (s, s.cut_off_date, services.statement_authorisation_problem(statement=s), s.declarations.count())
            for s in Statement.objects.filter(lead_provider=lead_provider, state=StatementState.PAYABLE)
        ]
        for statement in ready:
            payment = statement_payment(statement=statement)
            assert payment.ect_output > 0 and payment.uplift_fees > 0 and payment.clawbacks > 0
            assert payment.uplift_clawbacks > 0 and payment.service_fee > 0
            payment_run.statement_authorise_payment(statement=statement, author_name="Finance")
    call_command("seed_sandbox")
    for lead_provider in providers:
        ready = _ready(lead_provider)
        assert len(ready) == 2
        for statement in ready:
            # The 2024 calendar is used up: 2025 statements pay mentors a flat rate and no uplift.
            payment = statement_payment(statement=statement)
            assert statement.cohort.start_year == 2025
            assert payment.ect_output > 0 and payment.mentor_output > 0 and payment.clawbacks > 0
    assert not Statement.objects.exclude(state=StatementState.PAID).filter(contract__isnull=True).exists()
