"""Issue 15 item 13: trainees are linked to lead partners (URN first, then UKPRN) and employing schools (URN), as
docs/register-api.md describes; nothing found means "not applicable", never an error."""

import pytest

from register.models import LeadPartner, Trainee
from tests.factories import SchoolFactory

from .conftest import API
from .factories import trainee_payload

pytestmark = pytest.mark.django_db


@pytest.fixture
def partners(db):
    return {
        "both": LeadPartner.objects.create(name="Both", urn="100001", ukprn="10090001"),
        "ukprn": LeadPartner.objects.create(name="UKPRN only", ukprn="10090003"),
    }


def create(api, **overrides):
    response = api.post(f"{API}/trainees", {"data": trainee_payload(**overrides)}, format="json")
    assert response.status_code == 201, response.content
    return response.json()["data"]


def links(body) -> tuple:
    return (
        body["lead_partner_urn"],
        body["lead_partner_ukprn"],
        body["lead_partner_not_applicable"],
        body["employing_school_urn"],
        body["employing_school_not_applicable"],
    )


@pytest.mark.parametrize(
    ("sent", "expected"),
    [
        ({"lead_partner_urn": "100001"}, ("100001", "10090001", False)),
        ({"lead_partner_urn": None, "lead_partner_ukprn": "10090003"}, (None, "10090003", False)),
        # URN first: a URN that names nobody falls back to the UKPRN.
        ({"lead_partner_urn": "999999", "lead_partner_ukprn": "10090001"}, ("100001", "10090001", False)),
        ({"lead_partner_urn": "100001", "lead_partner_ukprn": "10090003"}, ("100001", "10090001", False)),
        ({"lead_partner_urn": "999999"}, (None, None, True)),
        ({"lead_partner_urn": None}, (None, None, True)),
    ],
)
def test_create_links_a_lead_partner_by_urn_then_ukprn(api, partners, sent, expected):
    body = create(api, **{"lead_partner_urn": ..., "lead_partner_ukprn": ...} | sent)
    assert links(body)[:3] == expected


def test_employing_school_is_linked_by_urn_and_every_route_answers_the_links(api, partners):
    SchoolFactory(urn="137523", name="Wellsway School")
    body = create(api, lead_partner_urn="100001", employing_school_urn="137523")
    url = f"{API}/trainees/{body['trainee_id']}"

    assert links(body) == ("100001", "10090001", False, "137523", False)
    assert links(api.get(url).json()["data"]) == links(body)
    assert links(api.get(f"{API}/trainees").json()["data"][0]) == links(body)

    unknown = create(api, first_names="Other", last_name="Person", email="o@example.com", employing_school_urn="1")
    assert links(unknown)[3:] == (None, True)


def test_update_leaves_links_unchanged_unless_sent(api, partners):
    SchoolFactory(urn="137523")
    body = create(api, lead_partner_urn="100001", employing_school_urn="137523")
    url = f"{API}/trainees/{body['trainee_id']}"

    unchanged = api.patch(url, {"data": {"first_names": "Renamed"}}, format="json").json()["data"]
    assert links(unchanged) == ("100001", "10090001", False, "137523", False)

    by_ukprn = api.patch(url, {"data": {"lead_partner_ukprn": "10090003"}}, format="json").json()["data"]
    assert links(by_ukprn)[:3] == (None, "10090003", False)

    cleared = api.patch(url, {"data": {"lead_partner_urn": "", "employing_school_urn": None}}, format="json")
    assert cleared.status_code == 200, cleared.content
    assert links(cleared.json()["data"]) == (None, None, True, None, True)
    trainee = Trainee.objects.get(slug=body["trainee_id"])
    assert trainee.lead_partner is None and trainee.employing_school is None


def test_admin_lists_lead_partners(admin_client, partners):
    response = admin_client.get("/admin/register/leadpartner/")
    assert response.status_code == 200
    assert b"UKPRN only" in response.content
