"""Statement payments from real declarations: what the SQL counts feed the calculation, contracts' database
rules, contract versions (docs/finance.md)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import DatabaseError, IntegrityError, transaction

from config import clock
from declarations import services as declaration_services
from declarations.models import Declaration
from declarations.services import payments as payment_run
from statements import services
from statements.calculation import to_the_penny
from statements.models import CallOffContract, ContractBand, Statement
from statements.payments import statement_figures, statement_payment
from tests.declarations.factories import StatementFactory, close, declare, ect, mentor
from tests.factories import cohort
from tests.statements.factories import CallOffContractFactory

pytestmark = pytest.mark.django_db

TINY_BANDS = (("A", 1, 2, Decimal(400)), ("B", 3, 4, Decimal(300)))


def _pay(statement):
    close(statement)
    payment_run.statement_authorise_payment(statement=statement, author_name="Finance")


def test_before_2025_ects_and_mentors_share_the_bands_and_starts_earn_uplifts(lead_provider):
    contract = CallOffContractFactory(lead_provider=lead_provider, cohort=cohort(2024), bands=TINY_BANDS)
    statement = StatementFactory(lead_provider=lead_provider, contract=contract)
    uplifted = declare(lead_provider, ect(lead_provider))
    Declaration.objects.filter(pk=uplifted.pk).update(sparsity_uplift=True, pupil_premium_uplift=True)
    declare(lead_provider, ect(lead_provider))
    declare(lead_provider, mentor(lead_provider))
    payment = statement_payment(statement=statement)
    started = payment.outputs[0]
    assert [slot.billable for slot in started.slots] == [2, 1]  # the mentor's start lands in Band B
    assert payment.ect_output == 2 * Decimal("48") + Decimal("36")
    assert (payment.uplift_billable, payment.uplift_fees) == (1, Decimal(100))
    assert payment.mentor_output == 0


def test_from_2025_mentors_are_paid_a_flat_rate_outside_the_bands(lead_provider):
    contract = CallOffContractFactory(
        lead_provider=lead_provider, cohort=cohort(2025), bands=TINY_BANDS, flat_rate=True
    )
    statement = StatementFactory(lead_provider=lead_provider, cohort=cohort(2025), contract=contract)
    declare(lead_provider, ect(lead_provider, year=2025))
    declare(lead_provider, mentor(lead_provider, year=2025))
    payment = statement_payment(statement=statement)
    assert [slot.billable for slot in payment.outputs[0].slots] == [1, 0]
    assert payment.ect_output == Decimal(48)
    assert payment.mentor_output == Decimal(500)
    assert payment.uplift_fees == 0


def test_earlier_statements_fill_the_bands_and_clawbacks_drain_the_highest(lead_provider):
    contract = CallOffContractFactory(lead_provider=lead_provider, cohort=cohort(2024), bands=TINY_BANDS)
    first = StatementFactory(lead_provider=lead_provider, contract=contract)
    paid = [declare(lead_provider, ect(lead_provider)) for _ in range(3)]
    _pay(first)
    second = StatementFactory(
        lead_provider=lead_provider, contract=contract, cut_off_date=clock.today() + dt.timedelta(days=60)
    )
    declare(lead_provider, ect(lead_provider))
    declaration_services.declaration_void(declaration=paid[0])  # clawed back on the second statement
    figures = statement_figures(statement=second)
    started = figures.payment.outputs[0]
    slots = [(s.previous_billable, s.billable, s.refundable) for s in started.slots]
    assert slots == [(2, 0, 0), (1, 1, 1)]
    assert figures.payment.ect_output == Decimal(36)
    assert figures.payment.ect_clawbacks == Decimal(36)
    # The first statement's amount was stored when it was paid, and later statements do not change it.
    assert Statement.objects.get(pk=first.pk).paid_amount == to_the_penny(statement_payment(statement=first).total)


def test_figures_cost_a_fixed_number_of_queries(lead_provider, django_assert_num_queries):
    statement = StatementFactory(lead_provider=lead_provider)
    declare(lead_provider, ect(lead_provider))
    # the contract, its bands, the adjustments and two grouped counts (statements.payments.statement_figures)
    with django_assert_num_queries(5):
        figures = statement_figures(statement=statement)
    assert _billable(figures) == 1
    for _ in range(3):
        declare(lead_provider, mentor(lead_provider))
    with django_assert_num_queries(5):
        figures = statement_figures(statement=statement)
    assert _billable(figures) == 4


def _billable(figures) -> int:
    """The declarations a statement's figures pay for, ECTs' and mentors'."""
    payment = figures.payment
    return sum(slot.billable for line in payment.outputs for slot in line.slots) + sum(
        line.billable for line in payment.mentors
    )


def test_a_statement_without_a_contract_cannot_be_authorised(lead_provider):
    statement = StatementFactory(lead_provider=lead_provider, contract=None)
    declare(lead_provider, ect(lead_provider))
    close(statement)
    assert statement_figures(statement=statement) is None
    assert (
        services.statement_authorisation_problem(statement=statement)
        == "This statement has no contract, so what it pays is unknown."
    )


def test_a_statement_with_nothing_to_pay_cannot_be_authorised(lead_provider):
    contract = CallOffContractFactory(lead_provider=lead_provider, cohort=cohort(2024), monthly_service_fee=Decimal(0))
    statement = StatementFactory(lead_provider=lead_provider, contract=contract)
    close(statement)
    assert services.statement_authorisation_problem(statement=statement) == "This statement has nothing to pay."


def _band(contract, letter, low, high, **kwargs):
    ContractBand.objects.create(
        contract=contract,
        band=letter,
        min_participants=low,
        max_participants=high,
        per_participant=kwargs.get("price", Decimal(100)),
        output_percentage=kwargs.get("output", Decimal(60)),
        service_percentage=kwargs.get("service", Decimal(40)),
    )


def test_bands_must_not_overlap_and_must_be_in_order(lead_provider):
    contract = CallOffContractFactory(lead_provider=lead_provider, cohort=cohort(2024), bands=[])
    _band(contract, "A", 0, 10)
    with pytest.raises(IntegrityError), transaction.atomic():
        _band(contract, "B", 10, 20)
    with pytest.raises(IntegrityError), transaction.atomic():
        _band(contract, "B", 5, 4)
    with pytest.raises(DatabaseError), transaction.atomic():
        _band(contract, "B", 11, 20)
        ContractBand.objects.filter(contract=contract, band="A").update(min_participants=30, max_participants=40)
        with transaction.get_connection().cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


@pytest.mark.parametrize(
    "fields",
    [
        {"price": Decimal(0)},
        {"price": Decimal(-1)},
        {"output": Decimal(101), "service": Decimal(-1)},
        {"output": Decimal(60), "service": Decimal(50)},
    ],
)
def test_band_prices_are_positive_and_shares_are_percentages_adding_to_100(lead_provider, fields):
    contract = CallOffContractFactory(lead_provider=lead_provider, cohort=cohort(2024), bands=[])
    with pytest.raises(IntegrityError), transaction.atomic():
        _band(contract, "A", 0, 10, **fields)


def test_contract_percentages_and_mentor_terms_are_checked(lead_provider):
    with pytest.raises(IntegrityError), transaction.atomic():
        CallOffContractFactory(lead_provider=lead_provider, cohort=cohort(2024), vat_percentage=Decimal(120))
    with pytest.raises(IntegrityError), transaction.atomic():
        CallOffContractFactory(
            lead_provider=lead_provider, cohort=cohort(2024), mentor_payment_per_participant=Decimal(1000)
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        CallOffContractFactory(lead_provider=lead_provider, cohort=cohort(2025), flat_rate=True, uplift_amount=10)


def test_a_statement_is_paid_only_under_its_own_providers_contract(lead_provider, other_lead_provider):
    theirs = CallOffContractFactory(lead_provider=other_lead_provider, cohort=cohort(2024))
    with pytest.raises(IntegrityError), transaction.atomic():
        StatementFactory(lead_provider=lead_provider, contract=theirs)


def test_a_new_contract_version_applies_to_unpaid_statements_only(lead_provider):
    first = StatementFactory(lead_provider=lead_provider)
    declare(lead_provider, ect(lead_provider))
    _pay(first)
    later = StatementFactory(lead_provider=lead_provider, cut_off_date=clock.today() + dt.timedelta(days=90))
    version_2 = CallOffContractFactory(lead_provider=lead_provider, cohort=cohort(2024), version=2)
    with pytest.raises(DatabaseError), transaction.atomic():
        CallOffContract.objects.filter(pk=first.contract_id).update(recruitment_target=1)
    assert services.call_off_contract_apply(contract=version_2) == 1
    assert Statement.objects.get(pk=later.pk).contract == version_2
    assert Statement.objects.get(pk=first.pk).contract_id != version_2.pk
