"""PUT /participant-declarations/{id}/void: void unpaid claims, claw back paid ones
(docs/declarations.md, "Voiding")."""

import pytest

from declarations.models import ClawbackState, Declaration, PaymentState
from declarations.services import payments as payment_run
from tests.declarations.factories import StatementFactory, close, declare, ect
from tests.declarations.helpers import URL, errors

pytestmark = pytest.mark.django_db


def void(client, declaration):
    return client.put(f"{URL}/{declaration.api_id}/void")


def pay(statement):
    close(statement)
    payment_run.statement_authorise_payment(statement=statement, author_name="Finance")


@pytest.mark.parametrize("fundable", [True, False])
def test_unpaid_declaration_is_voided(lp_client, statement, fundable):
    declaration = declare(lp_client.lead_provider, ect(lp_client.lead_provider, fundable=fundable))
    response = void(lp_client, declaration)
    assert response.status_code == 200
    assert response.json()["data"]["attributes"]["state"] == "voided"
    assert response.json()["data"]["attributes"]["statement_id"] is None
    assert Declaration.objects.get(pk=declaration.pk).payment_state == PaymentState.VOIDED


def test_payable_declaration_is_voided(lp_client, statement):
    declaration = declare(lp_client.lead_provider, ect(lp_client.lead_provider))
    payment_run.statement_mark_payable(statement=statement)
    assert void(lp_client, declaration).json()["data"]["attributes"]["state"] == "voided"


def test_voiding_twice_is_refused(lp_client, statement):
    declaration = declare(lp_client.lead_provider, ect(lp_client.lead_provider))
    void(lp_client, declaration)
    response = void(lp_client, declaration)
    assert response.status_code == 422
    assert errors(response) == [{"title": "Invalid action", "detail": "This declaration has already been voided."}]


def test_void_of_paid_declaration_creates_clawback_on_next_statement(lp_client, statement):
    declaration = declare(lp_client.lead_provider, ect(lp_client.lead_provider))
    pay(statement)
    next_statement = StatementFactory(lead_provider=lp_client.lead_provider)
    response = void(lp_client, declaration)
    assert response.status_code == 200
    attributes = response.json()["data"]["attributes"]
    assert attributes["state"] == "awaiting-clawback"
    assert attributes["statement_id"] == str(statement.api_id)
    assert attributes["clawback_statement_id"] == str(next_statement.api_id)
    pay(next_statement)
    assert lp_client.get(f"{URL}/{declaration.api_id}").json()["data"]["attributes"]["state"] == "clawed-back"
    stored = Declaration.objects.get(pk=declaration.pk)
    assert (stored.payment_state, stored.clawback_state) == (PaymentState.PAID, ClawbackState.CLAWED_BACK)


def test_clawed_back_declaration_can_only_be_viewed(lp_client, statement):
    declaration = declare(lp_client.lead_provider, ect(lp_client.lead_provider))
    pay(statement)
    StatementFactory(lead_provider=lp_client.lead_provider)
    void(lp_client, declaration)
    response = void(lp_client, declaration)
    assert errors(response) == [
        {"title": "Invalid action", "detail": "This declaration has been clawed-back, so you can only view it."}
    ]


def test_clawback_needs_an_open_output_statement(lp_client, statement):
    declaration = declare(lp_client.lead_provider, ect(lp_client.lead_provider))
    pay(statement)
    response = void(lp_client, declaration)
    assert errors(response) == [
        {
            "title": "Invalid action",
            "detail": "Participant declaration You cannot submit or void declarations for the 2024 cohort. The "
            "funding contract for this cohort has ended. Get in touch if you need to discuss this with us",
        }
    ]


def test_uplift_paid_shows_once_paid(lp_client, statement):
    from schools.models import SchoolFundingUplift

    period = ect(lp_client.lead_provider)
    SchoolFundingUplift.objects.create(school=period.school, cohort_year=2024, sparsity_uplift=True)
    declaration = declare(lp_client.lead_provider, period)
    assert lp_client.get(f"{URL}/{declaration.api_id}").json()["data"]["attributes"]["uplift_paid"] is False
    pay(statement)
    assert lp_client.get(f"{URL}/{declaration.api_id}").json()["data"]["attributes"]["uplift_paid"] is True


def test_ineligible_duplicate_is_voided_and_shows_no_reason(lp_client, statement):
    """docs/declarations.md, "Voiding": ineligible declarations are voidable; once voided,
    `ineligible_for_funding_reason` is null."""
    from tests.factories import TeacherFactory, mark_merged

    period = ect(lp_client.lead_provider)
    old_record = TeacherFactory()
    declare(lp_client.lead_provider, ect(lp_client.lead_provider, teacher=old_record, school=period.school))
    mark_merged(old_record, into=period.teacher)
    duplicate = declare(lp_client.lead_provider, period)
    assert duplicate.payment_state == PaymentState.INELIGIBLE
    response = void(lp_client, duplicate)
    assert response.status_code == 200, response.content
    attributes = response.json()["data"]["attributes"]
    assert (attributes["state"], attributes["ineligible_for_funding_reason"], attributes["statement_id"]) == (
        "voided",
        None,
        None,
    )
    assert Declaration.objects.get(pk=duplicate.pk).payment_state == PaymentState.VOIDED
