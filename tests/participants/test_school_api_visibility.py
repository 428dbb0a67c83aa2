"""What lead providers see through the API of what schools register (docs/school-registration.md "What lead
providers see"). Every request carries the school pages' "today" as the server date."""

import datetime as dt

import pytest
from rest_framework.test import APIClient

from config import clock
from participants.services import ect_register, ect_report_leaving
from partnerships.models import LeadProvider
from partnerships.services import api_token_create
from tests.factories import LeadProviderFactory, SchoolFactory, contract, partnership

from .factories import SCHOOL_USER

D = dt.date


def client_for(lead_provider, server_date="2025-10-01T10:00:00Z"):
    _, raw = api_token_create(lead_provider=lead_provider)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}", HTTP_X_WITH_SERVER_DATE=server_date)
    client.token = raw
    return client


def at(client, server_date):
    """The same provider's client on another server date."""
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {client.token}", HTTP_X_WITH_SERVER_DATE=server_date)
    return client


@pytest.fixture
def x(active_lead_provider):
    return client_for(active_lead_provider)


@pytest.fixture
def y(db):
    provider = LeadProviderFactory(name="Teach First")
    contract(provider, 2025)
    return client_for(provider)


@pytest.fixture
def register(home_school, trs_record, tsh, active_lead_provider, frozen_today, django_capture_on_commit_callbacks):
    def run(**overrides):
        answers = {
            "school": home_school,
            "trn": trs_record.trn,
            "email": "ada@example.com",
            "started_on": D(2025, 9, 1),
            "working_pattern": "full_time",
            "appropriate_body": tsh,
            "training_programme": "provider_led",
            "lead_provider": active_lead_provider,
            **SCHOOL_USER,
            **overrides,
        }
        with django_capture_on_commit_callbacks(execute=True):
            return ect_register(**answers)

    return run


def participants(client):
    response = client.get("/api/v3/participants")
    assert response.status_code == 200, response.content
    return response.json()["data"]


def school_in_cohort(client, school, year="2025"):
    response = client.get("/api/v3/schools", {"filter[cohort]": year, "filter[urn]": school.urn})
    assert response.status_code == 200, response.content
    (item,) = response.json()["data"]
    return item["attributes"]


def test_a_provider_led_ect_appears_in_the_partnered_providers_participants_only(
    register, home_school, active_lead_provider, x, y
):
    confirmed = partnership(home_school, active_lead_provider, active_lead_provider.delivery_partner, 2025)
    period = register()
    (item,) = participants(x)
    assert item["id"] == str(period.teacher.api_id)
    assert item["attributes"]["full_name"] == "Ada Lovelace"
    (enrolment,) = item["attributes"]["ecf_enrolments"]
    assert enrolment["school_urn"] == "123456"
    assert enrolment["cohort"] == "2025"
    assert enrolment["schedule_identifier"] == "ecf-standard-september"
    assert enrolment["participant_type"] == "ect"
    assert (enrolment["participant_status"], enrolment["training_status"]) == ("active", "active")
    assert enrolment["email"] == "ada@example.com"
    assert enrolment["eligible_for_funding"] is True
    assert enrolment["delivery_partner_id"] == str(confirmed.delivery_partnership.delivery_partner.api_id)
    assert participants(y) == []


def test_an_expression_of_interest_shows_on_the_school_and_a_partnership_then_confirms_the_ect(
    register, home_school, active_lead_provider, x, y
):
    period = register()
    assert school_in_cohort(x, home_school)["expression_of_interest"] is True
    assert school_in_cohort(y, home_school)["expression_of_interest"] is False
    assert school_in_cohort(x, home_school)["induction_programme_choice"] == "provider_led"
    assert participants(x) == []  # only an expression of interest: not yet the provider's participant

    partner = active_lead_provider.delivery_partner
    response = x.post(
        "/api/v3/partnerships",
        {
            "data": {
                "type": "ecf-partnership",
                "attributes": {
                    "cohort": "2025",
                    "school_id": str(home_school.api_id),
                    "delivery_partner_id": str(partner.api_id),
                },
            }
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    training = period.training_periods.get()
    assert str(training.partnership.api_id) == response.json()["data"]["id"]
    (item,) = participants(x)
    (enrolment,) = item["attributes"]["ecf_enrolments"]
    assert enrolment["delivery_partner_id"] == str(partner.api_id)
    assert enrolment["school_urn"] == home_school.urn
    assert participants(y) == []


def test_a_school_reported_leaving_shows_in_participant_status(register, home_school, active_lead_provider, x):
    partnership(home_school, active_lead_provider, active_lead_provider.delivery_partner, 2025)
    period = register()
    token = clock.travel_to(dt.datetime(2025, 10, 20, 10, tzinfo=dt.UTC))
    try:
        ect_report_leaving(ect_at_school_period=period, school=home_school, leaving_on=D(2025, 12, 19), **SCHOOL_USER)
    finally:
        clock.reset(token)
    (enrolment,) = participants(x)[0]["attributes"]["ecf_enrolments"]
    assert enrolment["participant_status"] == "leaving"
    (enrolment,) = participants(at(x, "2026-01-05T10:00:00Z"))[0]["attributes"]["ecf_enrolments"]
    assert enrolment["participant_status"] == "left"


def test_a_move_between_schools_shows_in_transfers(register, home_school, active_lead_provider, x, y, trs_record):
    partnership(home_school, active_lead_provider, active_lead_provider.delivery_partner, 2025)
    period = register()
    new_school = SchoolFactory(name="Elm Academy", urn="654321")
    provider_y = LeadProvider.objects.get(name="Teach First")
    token = clock.travel_to(dt.datetime(2025, 11, 1, 10, tzinfo=dt.UTC))
    try:
        moved = ect_register(
            school=new_school,
            trn=trs_record.trn,
            email="ada@example.com",
            started_on=D(2025, 11, 3),
            working_pattern="full_time",
            appropriate_body=period.appropriate_body,
            training_programme="provider_led",
            lead_provider=provider_y,
            author_type="school_user",
            author_name="Elm Tutor (tutor@elm.example)",
        )
    finally:
        clock.reset(token)
    period.refresh_from_db()
    assert period.finished_on == D(2025, 11, 2) and moved.started_on == D(2025, 11, 3)
    response = at(x, "2025-11-10T10:00:00Z").get("/api/v3/participants/transfers")
    assert response.status_code == 200, response.content
    (item,) = response.json()["data"]
    (transfer,) = item["attributes"]["transfers"]
    assert (transfer["transfer_type"], transfer["status"]) == ("new_provider", "complete")
    assert transfer["leaving"] == {"school_urn": "123456", "provider": "Ambition Institute", "date": "2025-11-02"}
    assert transfer["joining"] == {"school_urn": "654321", "provider": "Teach First", "date": "2025-11-03"}
    # The new provider only has an expression of interest, and sees the school's interest in it.
    assert school_in_cohort(y, new_school)["expression_of_interest"] is True
