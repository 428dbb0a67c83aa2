"""Fixtures and helpers of the participant tests: the school registration journeys' domain tests (test_school_*.py)
and the Lead Provider API's participant endpoints."""

import datetime as dt

import pytest

from config import clock
from config.errors import DomainValidationError
from tests.factories import DeliveryPartnerFactory, SchoolFactory, contract, ect_training, pair, partnership

from .factories import AppropriateBodyFactory, FakeTeacherRecordFactory

TODAY = dt.date(2025, 10, 1)


@pytest.fixture
def frozen_today():
    """The school pages' "today": 1 October 2025, in contract period 2025."""
    token = clock.travel_to(dt.datetime.combine(TODAY, dt.time(10), tzinfo=dt.UTC))
    yield TODAY
    clock.reset(token)


@pytest.fixture
def tsh(db):
    return AppropriateBodyFactory()


@pytest.fixture
def home_school(db):
    return SchoolFactory(name="Oak Primary", urn="123456")


@pytest.fixture
def trs_record(db):
    return FakeTeacherRecordFactory(trn="2345678", first_name="Ada", last_name="Lovelace")


@pytest.fixture
def active_lead_provider(lead_provider):
    """`lead_provider` (Ambition Institute) active in 2024–2026 with one delivery partner."""
    partner = DeliveryPartnerFactory(name="North Partners")
    pair(lead_provider, partner, 2024, 2025, 2026)
    for year in (2024, 2025, 2026):
        contract(lead_provider, year)
    lead_provider.delivery_partner = partner
    return lead_provider


# -- the Lead Provider API's participant endpoints (test_participants_api, test_contract_rules, ...) -------------

PARTICIPANTS_URL = "/api/v3/participants"


@pytest.fixture
def school(db):
    return SchoolFactory(urn="106286")


@pytest.fixture
def mine(lead_provider, school):
    """`lead_provider`'s 2025 partnership with `school`."""
    return partnership(school, lead_provider, DeliveryPartnerFactory(), 2025)


@pytest.fixture
def ect(mine, school):
    """An ECT in training through `mine` since 1 September 2025."""
    return ect_training(school, year=2025, partnership=mine, started_on=dt.date(2025, 9, 1))


def put(client, teacher, action, headers=None, **attributes):
    """A participant action (PUT /participants/{id}/{action}) with `attributes`."""
    return client.put(
        f"{PARTICIPANTS_URL}/{teacher.api_id}/{action}",
        {"data": {"type": f"participant-{action}", "attributes": attributes}},
        format="json",
        **(headers or {}),
    )


def errors(response):
    """The (title, detail) pairs of a 422."""
    assert response.status_code == 422, response.content
    return [(e["title"], e["detail"]) for e in response.json()["errors"]]


def refused(call, message):
    """`call` raises the school services' DomainValidationError, and `message` is among its errors."""
    with pytest.raises(DomainValidationError) as error:
        call()
    assert message in [text for _, text in error.value.errors]
