import datetime as dt

import pytest

from partnerships.services import partnership_create
from tests.factories import DeliveryPartnerFactory, SchoolFactory, ect_training, pair, partnership

URL = "/api/v3/schools"


def listed(client, **params):
    response = client.get(URL, {"filter[cohort]": "2025", **params})
    assert response.status_code == 200, response.content
    return {item["attributes"]["urn"]: item for item in response.json()["data"]}


def test_cohort_filter_is_required(lp_client):
    for url in (URL, f"{URL}/ecf"):
        response = lp_client.get(url)
        assert response.status_code == 400
        assert response.json() == {
            "errors": [{"title": "Bad parameter", "detail": "The filter '#/cohort' must be included in your request"}]
        }


def test_lists_eligible_schools_and_partnered_ineligible_ones(lp_client, lead_provider):
    eligible = SchoolFactory()
    SchoolFactory(closed=True)
    SchoolFactory(independent=True)
    section_41 = SchoolFactory(section_41=True)
    partnered_then_closed = SchoolFactory()
    partnership(partnered_then_closed, lead_provider, DeliveryPartnerFactory(), 2025)
    partnered_then_closed.gias_status = "closed"
    partnered_then_closed.save()
    assert set(listed(lp_client)) == {eligible.urn, section_41.urn, partnered_then_closed.urn}
    assert partnered_then_closed.urn not in listed(lp_client, **{"filter[cohort]": "2024"})


def test_school_attributes_follow_seed_001(lp_client):
    school = SchoolFactory(urn="123456", name="School Example")
    item = listed(lp_client)["123456"]
    assert item["id"] == str(school.api_id)
    assert item["type"] == "school"
    assert list(item["attributes"]) == [
        "name",
        "urn",
        "cohort",
        "in_partnership",
        "induction_programme_choice",
        "expression_of_interest",
        "created_at",
        "updated_at",
    ]
    assert item["attributes"]["cohort"] == 2025
    assert item["attributes"]["in_partnership"] is False
    assert item["attributes"]["induction_programme_choice"] == "not_yet_known"
    assert item["attributes"]["expression_of_interest"] is False


def test_in_partnership_is_true_for_any_providers_partnership_in_the_cohort(lp_client, other_lead_provider):
    school = SchoolFactory()
    partnership(school, other_lead_provider, DeliveryPartnerFactory(), 2025)
    assert listed(lp_client)[school.urn]["attributes"]["in_partnership"] is True
    assert listed(lp_client, **{"filter[cohort]": "2024"})[school.urn]["attributes"]["in_partnership"] is False


def test_programme_choice_derivation(lp_client, lead_provider):
    provider_led, school_led, mixed = SchoolFactory(), SchoolFactory(), SchoolFactory()
    ect_training(provider_led, year=2025, lead_provider=lead_provider)
    ect_training(school_led, year=2025, school_led=True)
    ect_training(mixed, year=2025, school_led=True)
    ect_training(mixed, year=2025, lead_provider=lead_provider)
    schools = listed(lp_client)
    assert schools[provider_led.urn]["attributes"]["induction_programme_choice"] == "provider_led"
    assert schools[school_led.urn]["attributes"]["induction_programme_choice"] == "school_led"
    assert schools[mixed.urn]["attributes"]["induction_programme_choice"] == "provider_led"
    assert (
        listed(lp_client, **{"filter[cohort]": "2024"})[school_led.urn]["attributes"]["induction_programme_choice"]
        == "not_yet_known"
    )


def test_expression_of_interest_follows_seed_000(lp_client, lead_provider, other_lead_provider):
    school = SchoolFactory()
    assert listed(lp_client)[school.urn]["attributes"]["expression_of_interest"] is False
    period = ect_training(school, year=2025, lead_provider=lead_provider, started_on=dt.date(2025, 9, 1))
    assert listed(lp_client)[school.urn]["attributes"]["expression_of_interest"] is True

    # Another provider's participants do not count for this provider.
    other = SchoolFactory()
    ect_training(other, year=2025, lead_provider=other_lead_provider)
    assert listed(lp_client)[other.urn]["attributes"]["expression_of_interest"] is False

    # Without a partnership, it turns false when the participant has left.
    period.finished_on = dt.date(2025, 10, 1)
    period.save()
    assert listed(lp_client)[school.urn]["attributes"]["expression_of_interest"] is False


def test_expression_of_interest_stays_true_once_partnered(lp_client, lead_provider):
    school = SchoolFactory()
    partner = DeliveryPartnerFactory()
    pair(lead_provider, partner, 2025)
    period = ect_training(school, year=2025, lead_provider=lead_provider)
    partnership_create(
        lead_provider=lead_provider, cohort=2025, school_id=school.api_id, delivery_partner_id=partner.api_id
    )
    period.finished_on = dt.date(2025, 10, 1)
    period.save()
    attributes = listed(lp_client)[school.urn]["attributes"]
    assert attributes["expression_of_interest"] is True
    assert attributes["in_partnership"] is True


def test_urn_and_updated_since_filters(lp_client):
    school = SchoolFactory(urn="106286")
    SchoolFactory()
    assert set(listed(lp_client, **{"filter[urn]": "106286"})) == {"106286"}
    stamp = listed(lp_client)["106286"]["attributes"]["updated_at"]
    assert listed(lp_client, **{"filter[updated_since]": "2999-01-01T00:00:00Z"}) == {}
    school.name = "Renamed"
    school.save()
    changed = listed(lp_client, **{"filter[updated_since]": stamp})
    assert "106286" in changed and changed["106286"]["attributes"]["name"] == "Renamed"


def test_updated_at_moves_when_a_partnership_is_made(lp_client, lead_provider):
    school = SchoolFactory()
    before = listed(lp_client)[school.urn]["attributes"]["updated_at"]
    partnership(school, lead_provider, DeliveryPartnerFactory(), 2025)
    assert listed(lp_client, **{"filter[updated_since]": before})[school.urn]["attributes"]["in_partnership"] is True


def test_show_needs_the_cohort_and_answers_for_it(lp_client):
    school = SchoolFactory()
    assert lp_client.get(f"{URL}/{school.api_id}").status_code == 400
    response = lp_client.get(f"{URL}/{school.api_id}", {"filter[cohort]": "2024"})
    assert response.status_code == 200
    assert response.json()["data"]["attributes"]["cohort"] == 2024
    assert lp_client.get(f"{URL}/{school.api_id}", {"filter[cohort]": "1999"}).status_code == 404


def test_show_of_an_unlisted_school_is_404(lp_client):
    hidden = SchoolFactory(closed=True)
    assert lp_client.get(f"{URL}/{hidden.api_id}", {"filter[cohort]": "2025"}).status_code == 404


@pytest.mark.parametrize("extra", [{}, {"sort": "-updated_at"}, {"filter[updated_since]": "2020-01-01T00:00:00Z"}])
def test_unknown_cohort_lists_nothing(lp_client, extra):
    SchoolFactory()
    assert lp_client.get(URL, {"filter[cohort]": "1999", **extra}).json() == {"data": []}


@pytest.mark.parametrize("sort", ["-updated_at", "updated_at", "created_at"])
def test_sort(lp_client, sort):
    first, second = SchoolFactory(), SchoolFactory()
    urns = [i["attributes"]["urn"] for i in lp_client.get(URL, {"filter[cohort]": "2025", "sort": sort}).json()["data"]]
    expected = [first.urn, second.urn]
    assert urns == (expected[::-1] if sort.startswith("-") else expected)


def test_list_query_count_is_constant_at_3000_per_page(lp_client, lead_provider, pinned_now, api_queries):
    partner = DeliveryPartnerFactory()
    schools = []
    for n in range(20):
        schools.append(SchoolFactory())
        ect_training(schools[-1], year=2025, lead_provider=lead_provider)
        if n % 2:
            partnership(schools[-1], lead_provider, partner, 2025)
    lp_client.get(URL, {"filter[cohort]": "2025"})  # the window's first request also stamps the token's last use
    # token, rate limit, cohort, page
    with api_queries(4):
        response = lp_client.get(URL, {"filter[cohort]": "2025", "page[per_page]": 3000})
    assert response.status_code == 200
    assert sorted(item["id"] for item in response.json()["data"]) == sorted(str(s.api_id) for s in schools)


@pytest.mark.parametrize("cohort", ["²⁰²⁵", "2O25", "-2025", "z\x1b7?o"])
def test_a_cohort_that_is_not_a_plain_number_lists_nothing(lp_client, cohort):
    SchoolFactory()
    response = lp_client.get(URL, {"filter[cohort]": cohort})
    assert response.status_code == 200 and response.json() == {"data": []}


def test_school_eligibility_in_sql_and_in_python_agree(db):
    from schools.models import School, eligible_for_funding_q

    kinds = [
        {},
        {"closed": True},
        {"independent": True},
        {"welsh": True},
        {"section_41": True},
        {"gias_status": "proposed_to_close"},
        {"administrative_district_code": "9999"},
    ]
    schools = [SchoolFactory(**kind) for kind in kinds]
    in_sql = set(School.objects.filter(eligible_for_funding_q()).values_list("pk", flat=True))
    assert {school.pk for school in schools if school.eligible_for_funding} == in_sql
    assert len(in_sql) == 4  # plain, section 41, proposed to close, district 9999
