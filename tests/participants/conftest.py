"""Fixtures of the school registration journeys' domain tests (test_school_*.py)."""

import datetime as dt

import pytest

from config import clock
from tests.factories import DeliveryPartnerFactory, SchoolFactory, contract, pair

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
