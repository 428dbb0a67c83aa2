import uuid

import pytest

from config.models import Event
from partnerships.models import Partnership
from tests.factories import (
    DeliveryPartnerFactory,
    SchoolFactory,
    cohort,
    ect_training,
    pair,
    partnership,
)

# The rule book's words (docs/partnerships.md).
DP_NOT_PAIRED = (
    "The entered delivery partner is not recognised to be working in partnership with you for the given cohort. "
    "Contact the DfE for more information."
)

URL = "/api/v3/partnerships"


@pytest.fixture
def partner(lead_provider):
    partner = DeliveryPartnerFactory(name="Delivery Partner Example")
    pair(lead_provider, partner, 2024, 2025)
    return partner


@pytest.fixture
def school(db):
    return SchoolFactory(urn="123456", induction_tutor_name="John Doe", induction_tutor_email="john.doe@example.com")


def body(**attributes):
    return {"data": {"type": "ecf-partnership", "attributes": attributes}}


def post(client, **attributes):
    return client.post(URL, body(**attributes), format="json")


def errors(response):
    assert response.status_code == 422, response.content
    return [(e["title"], e["detail"]) for e in response.json()["errors"]]


def test_create_confirms_a_partnership_and_answers_200(lp_client, school, partner):
    response = post(lp_client, cohort="2025", school_id=str(school.api_id), delivery_partner_id=str(partner.api_id))
    assert response.status_code == 200
    data = response.json()["data"]
    created = Partnership.objects.get(api_id=data["id"])
    assert created.school == school and created.delivery_partnership.delivery_partner == partner
    assert data["type"] == "partnership"
    assert data["attributes"] == {
        "cohort": 2025,
        "urn": "123456",
        "school_id": str(school.api_id),
        "delivery_partner_id": str(partner.api_id),
        "delivery_partner_name": "Delivery Partner Example",
        "induction_tutor_name": "John Doe",
        "induction_tutor_email": "john.doe@example.com",
        "updated_at": data["attributes"]["updated_at"],
        "created_at": data["attributes"]["created_at"],
    }
    assert Event.objects.filter(event_type="school_partnership_created", subject_id=created.pk).exists()


def test_the_ecf_alias_creates_too(lp_client, school, partner):
    response = lp_client.post(
        "/api/v3/partnerships/ecf",
        body(cohort=2025, school_id=str(school.api_id), delivery_partner_id=str(partner.api_id)),
        format="json",
    )
    assert response.status_code == 200
    assert lp_client.get("/api/v3/partnerships/ecf").json()["data"][0]["id"] == response.json()["data"]["id"]


def test_blank_attributes_each_get_an_error(lp_client):
    assert errors(post(lp_client)) == [
        ("cohort", "Enter a '#/cohort'."),
        ("school_id", "Enter a '#/school_id'."),
        ("delivery_partner_id", "Enter a '#/delivery_partner_id'."),
    ]


def test_unknown_cohort_school_and_partner(lp_client):
    response = post(lp_client, cohort="1999", school_id=str(uuid.uuid4()), delivery_partner_id="nope")
    assert errors(response) == [
        ("cohort", "The '#/cohort' you have entered is invalid. Check cohort details and try again."),
        (
            "school_id",
            (
                "The '#/school_id' you have entered is invalid. Check school details and try again. Contact the DfE "
                "for support if you are unable to find the '#/school_id'."
            ),
        ),
        (
            "delivery_partner_id",
            "The '#/delivery_partner_id' you have entered is invalid. Check delivery partner details and try again.",
        ),
    ]


def test_future_cohort_is_refused(lp_client, school, partner):
    future = cohort(2026)
    future.registration_start_date = future.registration_start_date.replace(year=2099)
    future.save()
    pair(lp_client.lead_provider, partner, 2026)
    response = post(lp_client, cohort="2026", school_id=str(school.api_id), delivery_partner_id=str(partner.api_id))
    assert errors(response) == [("cohort", "You cannot create a partnership for a future cohort.")]


def test_closed_cohort_is_refused(lp_client, school, lead_provider):
    partner = DeliveryPartnerFactory()
    pair(lead_provider, partner, 2022)
    response = post(lp_client, cohort="2022", school_id=str(school.api_id), delivery_partner_id=str(partner.api_id))
    assert errors(response) == [("cohort", "You cannot create this partnership as the cohort is closed.")]


@pytest.mark.parametrize("trait", ["closed", "independent", "welsh"])
def test_ineligible_school_is_refused(lp_client, partner, trait):
    school = SchoolFactory(**{trait: True})
    response = post(lp_client, cohort="2025", school_id=str(school.api_id), delivery_partner_id=str(partner.api_id))
    assert errors(response) == [
        (
            "school_id",
            (
                "The school you have entered is currently ineligible for DfE funding. Contact the school for more "
                "information."
            ),
        )
    ]


def test_section_41_independent_school_is_eligible(lp_client, partner):
    school = SchoolFactory(section_41=True)
    response = post(lp_client, cohort="2025", school_id=str(school.api_id), delivery_partner_id=str(partner.api_id))
    assert response.status_code == 200


def test_partner_not_paired_in_the_cohort_is_refused(lp_client, school, lead_provider):
    partner = DeliveryPartnerFactory()
    pair(lead_provider, partner, 2024)
    response = post(lp_client, cohort="2025", school_id=str(school.api_id), delivery_partner_id=str(partner.api_id))
    assert errors(response) == [("delivery_partner_id", DP_NOT_PAIRED)]


def test_second_partnership_from_the_same_provider_is_refused_whatever_the_partner(lp_client, school, partner):
    other_partner = DeliveryPartnerFactory()
    pair(lp_client.lead_provider, other_partner, 2025)
    assert (
        post(
            lp_client, cohort="2025", school_id=str(school.api_id), delivery_partner_id=str(partner.api_id)
        ).status_code
        == 200
    )
    response = post(
        lp_client, cohort="2025", school_id=str(school.api_id), delivery_partner_id=str(other_partner.api_id)
    )
    assert errors(response) == [
        ("school_id", "You are already in a confirmed partnership with this school for the entered cohort.")
    ]
    assert Partnership.objects.count() == 1


def test_another_provider_may_partner_the_same_school(lp_client, school, partner, other_lead_provider):
    theirs = partnership(school, other_lead_provider, DeliveryPartnerFactory(), 2025)
    response = post(lp_client, cohort="2025", school_id=str(school.api_id), delivery_partner_id=str(partner.api_id))
    assert response.status_code == 200
    assert Partnership.objects.filter(school=school).count() == 2
    assert theirs.api_id not in {i["id"] for i in lp_client.get(URL).json()["data"]}


def test_school_with_only_school_led_participants_is_refused(lp_client, school, partner):
    ect_training(school, year=2025, school_led=True)
    response = post(lp_client, cohort="2025", school_id=str(school.api_id), delivery_partner_id=str(partner.api_id))
    assert errors(response) == [
        (
            "school_id",
            "This school has only registered school-led participants. Contact the school for more information.",
        )
    ]


def test_create_links_expressions_of_interest_for_this_provider_and_cohort(
    lp_client, school, partner, other_lead_provider
):
    mine = ect_training(school, year=2025, lead_provider=lp_client.lead_provider)
    theirs = ect_training(school, year=2025, lead_provider=other_lead_provider)
    earlier = ect_training(school, year=2024, lead_provider=lp_client.lead_provider)
    response = post(lp_client, cohort="2025", school_id=str(school.api_id), delivery_partner_id=str(partner.api_id))
    created = Partnership.objects.get(api_id=response.json()["data"]["id"])
    for period in (mine, theirs, earlier):
        period.refresh_from_db()
    assert mine.partnership == created
    assert theirs.partnership is None and earlier.partnership is None
    assert Event.objects.filter(event_type="training_period_assigned_to_school_partnership").count() == 1


def test_body_without_data_is_400(lp_client):
    response = lp_client.post(URL, {"cohort": "2025"}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["detail"] == "correct json data structure required. See API docs for reference"


def test_update_changes_the_delivery_partner(lp_client, school, partner):
    existing = partnership(school, lp_client.lead_provider, partner, 2025)
    new_partner = DeliveryPartnerFactory(name="New partner")
    pair(lp_client.lead_provider, new_partner, 2025)
    response = lp_client.put(
        f"{URL}/{existing.api_id}",
        {"data": {"type": "ecf-partnership-update", "attributes": {"delivery_partner_id": str(new_partner.api_id)}}},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["data"]["attributes"]["delivery_partner_name"] == "New partner"
    existing.refresh_from_db()
    assert existing.delivery_partnership.delivery_partner == new_partner
    assert Event.objects.filter(event_type="school_partnership_updated").count() == 1


def test_update_to_a_partner_not_paired_in_the_cohort_is_refused(lp_client, school, partner):
    existing = partnership(school, lp_client.lead_provider, partner, 2025)
    stranger = DeliveryPartnerFactory()
    response = lp_client.put(
        f"{URL}/{existing.api_id}",
        {"data": {"attributes": {"delivery_partner_id": str(stranger.api_id)}}},
        format="json",
    )
    assert errors(response) == [("delivery_partner_id", DP_NOT_PAIRED)]


def test_update_to_a_partner_already_partnered_with_the_school_is_refused(lp_client, school, partner, lead_provider):
    second = DeliveryPartnerFactory()
    pair(lead_provider, second, 2025)
    first = partnership(school, lead_provider, partner, 2025)
    partnership(school, lead_provider, second, 2025)  # added by DfE
    response = lp_client.put(
        f"{URL}/{first.api_id}", {"data": {"attributes": {"delivery_partner_id": str(second.api_id)}}}, format="json"
    )
    assert errors(response) == [
        (
            "delivery_partner_id",
            (
                "We are unable to process this request. You are already confirmed to be in partnership with the "
                "entered delivery partner. Contact the DfE for support."
            ),
        )
    ]


def test_update_of_another_providers_partnership_is_404(lp_client, school, other_lead_provider):
    theirs = partnership(school, other_lead_provider, DeliveryPartnerFactory(), 2025)
    response = lp_client.put(f"{URL}/{theirs.api_id}", {"data": {"attributes": {}}}, format="json")
    assert response.status_code == 404
    assert lp_client.get(f"{URL}/{theirs.api_id}").status_code == 404


def test_list_filters_by_cohort_delivery_partner_and_updated_since(lp_client, lead_provider, partner):
    a = partnership(SchoolFactory(), lead_provider, partner, 2024)
    b = partnership(SchoolFactory(), lead_provider, partner, 2025)

    def ids(params):
        response = lp_client.get(URL, params)
        assert response.status_code == 200, response.content
        return [i["id"] for i in response.json()["data"]]

    assert ids({}) == [str(a.api_id), str(b.api_id)]
    assert ids({"filter[cohort]": "2025"}) == [str(b.api_id)]
    assert ids({"filter[delivery_partner_id]": str(uuid.uuid4())}) == []
    assert ids({"filter[delivery_partner_id]": str(partner.api_id)}) == [str(a.api_id), str(b.api_id)]
    assert ids({"filter[delivery_partner_id]": f"{partner.api_id},"}) == [str(a.api_id), str(b.api_id)]
    assert ids({"filter[updated_since]": "2999-01-01T00:00:00Z"}) == []
    assert ids({"sort": "-created_at"}) == [str(b.api_id), str(a.api_id)]


def test_updated_since_finds_a_change_of_induction_tutor(lp_client, lead_provider, partner):
    school = SchoolFactory()
    existing = partnership(school, lead_provider, partner, 2025)
    before = lp_client.get(f"{URL}/{existing.api_id}").json()["data"]["attributes"]["updated_at"]
    school.induction_tutor_email = "new.tutor@example.com"
    school.save()
    after = lp_client.get(URL, {"filter[updated_since]": before}).json()["data"]
    assert [i["attributes"]["induction_tutor_email"] for i in after] == ["new.tutor@example.com"]
    assert after[0]["attributes"]["updated_at"] > before


@pytest.mark.parametrize("params", [{"filter[updated_since]": "yesterday"}, {"filter[delivery_partner_id]": "abc"}])
def test_bad_filters_are_400(lp_client, params):
    response = lp_client.get(URL, params)
    assert response.status_code == 400
    assert response.json()["errors"][0]["title"] == "Bad request"


def test_updated_since_message(lp_client):
    response = lp_client.get(URL, {"filter[updated_since]": "yesterday"})
    assert response.json()["errors"][0]["detail"] == "The filter '#/updated_since' must be a valid RCF3339 date"


def test_wrong_method_is_405(lp_client):
    assert lp_client.delete(URL).status_code == 405
    assert lp_client.patch(f"{URL}/{uuid.uuid4()}", {}, format="json").status_code == 405


def test_list_query_count_is_constant_at_3000_per_page(lp_client, lead_provider, partner, pinned_now, api_queries):
    made = [partnership(SchoolFactory(), lead_provider, partner, 2025) for _ in range(25)]
    lp_client.get(URL)  # the window's first request also stamps the token's last use
    # token lookup, rate-limit counter, the page itself
    with api_queries(3):
        response = lp_client.get(URL, {"page[per_page]": 3000})
    assert response.status_code == 200
    assert sorted(item["id"] for item in response.json()["data"]) == sorted(str(p.api_id) for p in made)
