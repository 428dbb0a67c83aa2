import datetime as dt

import pytest

from schools.models import SchoolUser
from tests.factories import DeliveryPartnerFactory, SchoolFactory, contract, pair
from tests.participants.factories import AppropriateBodyFactory, FakeTeacherRecordFactory
from tests.schools.conftest import Client, sign_in

__all__ = ["Client"]


@pytest.fixture(autouse=True)
def _today_is_pinned(pinned_now):
    """The journeys' dates (start dates, leaving dates, the confirmed contract period) are counted from today:
    every test here runs at the root conftest's PINNED_NOW."""


@pytest.fixture
def school(db):
    from config import clock
    from schools.rules import contract_year

    return SchoolFactory(
        name="Oak Primary",
        urn="123456",
        induction_tutor_last_nominated_in=contract_year(clock.now().date()),
    )


@pytest.fixture
def school_client(school):
    SchoolUser.objects.create(email="sit@oak.example", full_name="Sam Tutor", school=school)
    client = Client()
    sign_in(client, "sit@oak.example")
    return client


@pytest.fixture
def tsh(db):
    return AppropriateBodyFactory(name="Alban Teaching School Hub")


@pytest.fixture
def provider(lead_provider):
    """Ambition Institute, active in 2024–2026 with one delivery partner."""
    partner = DeliveryPartnerFactory(name="North Partners")
    pair(lead_provider, partner, 2024, 2025, 2026)
    for year in (2024, 2025, 2026):
        contract(lead_provider, year)
    lead_provider.delivery_partner = partner
    return lead_provider


@pytest.fixture
def ada(db):
    return FakeTeacherRecordFactory(
        trn="2345678",
        first_name="Ada",
        last_name="Lovelace",
        date_of_birth=dt.date(1995, 6, 15),
        national_insurance_number="AB123456C",
    )


@pytest.fixture
def grace(db):
    return FakeTeacherRecordFactory(
        trn="3456789", first_name="Grace", last_name="Hopper", date_of_birth=dt.date(1980, 1, 2)
    )
