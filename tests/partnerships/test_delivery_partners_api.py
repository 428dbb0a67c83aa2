import pytest

from tests.factories import DeliveryPartnerFactory, pair

URL = "/api/v3/delivery-partners"


@pytest.fixture
def partner(lead_provider):
    partner = DeliveryPartnerFactory(name="Awesome Delivery Partner Ltd")
    pair(lead_provider, partner, 2022, 2021)
    return partner


def test_list_shows_paired_partners_as_seed_001(lp_client, partner):
    response = lp_client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.api+json"
    (item,) = response.json()["data"]
    assert item["id"] == str(partner.api_id)
    assert item["type"] == "delivery-partner"
    assert list(item["attributes"]) == ["name", "cohort", "created_at", "updated_at"]
    assert item["attributes"]["name"] == "Awesome Delivery Partner Ltd"
    assert item["attributes"]["cohort"] == ["2021", "2022"]
    partner.refresh_from_db()
    assert item["attributes"]["created_at"] == partner.created_at.strftime("%Y-%m-%dT%H:%M:%S.") + (
        f"{partner.created_at.microsecond // 1000:03d}Z"
    )


def test_cohort_list_only_counts_the_requesting_providers_pairings(lp_client, partner, other_lead_provider):
    pair(other_lead_provider, partner, 2025)
    (item,) = lp_client.get(URL).json()["data"]
    assert item["attributes"]["cohort"] == ["2021", "2022"]


def test_partners_of_other_providers_are_not_listed(lp_client, partner, other_lead_provider):
    pair(other_lead_provider, DeliveryPartnerFactory(name="Not mine"), 2024)
    assert [i["attributes"]["name"] for i in lp_client.get(URL).json()["data"]] == ["Awesome Delivery Partner Ltd"]


def test_filter_cohort_takes_a_comma_list_and_keeps_the_full_cohort_attribute(lp_client, partner, lead_provider):
    later = DeliveryPartnerFactory(name="Later partner")
    pair(lead_provider, later, 2024)
    response = lp_client.get(URL, {"filter[cohort]": "2022,2023"})
    (item,) = response.json()["data"]
    assert item["id"] == str(partner.api_id)
    assert item["attributes"]["cohort"] == ["2021", "2022"]
    both = lp_client.get(URL, {"filter[cohort]": "2021,2024"}).json()["data"]
    assert {i["attributes"]["name"] for i in both} == {"Awesome Delivery Partner Ltd", "Later partner"}
    assert lp_client.get(URL, {"filter[cohort]": "1999"}).json() == {"data": []}


def test_show_returns_one_partner(lp_client, partner):
    response = lp_client.get(f"{URL}/{partner.api_id}")
    assert response.status_code == 200
    assert response.json()["data"]["attributes"]["cohort"] == ["2021", "2022"]


def test_show_of_another_providers_partner_is_404(lp_client, other_lead_provider):
    theirs = DeliveryPartnerFactory()
    pair(other_lead_provider, theirs, 2024)
    response = lp_client.get(f"{URL}/{theirs.api_id}")
    assert response.status_code == 404
    assert response.json()["errors"][0]["title"] == "Resource not found"


@pytest.mark.parametrize("bad_id", ["not-a-uuid", "5a0a1c4e-0000-4000-8000-000000000000"])
def test_show_of_unknown_id_is_404(lp_client, bad_id):
    assert lp_client.get(f"{URL}/{bad_id}").status_code == 404


def test_list_query_count_does_not_grow_with_page_size(lp_client, lead_provider, pinned_now, api_queries):
    partners = [DeliveryPartnerFactory() for _ in range(30)]
    for partner in partners:
        pair(lead_provider, partner, 2023, 2024)
    lp_client.get(URL)  # the first request of a window also records last use and clears old windows
    # token lookup, rate-limit counter, the page itself
    with api_queries(3):
        response = lp_client.get(URL, {"page[per_page]": 3000})
    assert response.status_code == 200
    assert sorted(item["id"] for item in response.json()["data"]) == sorted(str(p.api_id) for p in partners)
