"""GET /participant-declarations and /{id}: visibility, filters, tenancy, pinned query count."""

import datetime as dt

import pytest
from django.utils import timezone

from declarations.models import Declaration
from participants import services as participant_services
from tests.declarations.factories import StatementFactory, declare, ect
from tests.declarations.helpers import URL
from tests.factories import DeliveryPartnerFactory, cohort, partnership

pytestmark = pytest.mark.django_db


def ids(response):
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["data"]]


def test_list_shows_own_declarations_oldest_first(lp_client, statement):
    first = declare(lp_client.lead_provider, ect(lp_client.lead_provider))
    second = declare(lp_client.lead_provider, ect(lp_client.lead_provider))
    assert ids(lp_client.get(URL)) == [str(first.api_id), str(second.api_id)]


def test_other_providers_declarations_are_hidden(lp_client, other_lead_provider, statement):
    StatementFactory(lead_provider=other_lead_provider)
    theirs = declare(other_lead_provider, ect(other_lead_provider))
    assert ids(lp_client.get(URL)) == []
    assert lp_client.get(f"{URL}/{theirs.api_id}").status_code == 404
    assert lp_client.put(f"{URL}/{theirs.api_id}/void").status_code == 404


def test_transferred_participants_previous_declarations_are_visible_but_not_voidable(
    lp_client, other_lead_provider, statement
):
    StatementFactory(lead_provider=other_lead_provider)
    period = ect(other_lead_provider)
    theirs = declare(other_lead_provider, period)
    participant_services.training_period_start(
        at_school_period=period.ect_at_school_period,
        started_on=dt.date(2024, 12, 1),
        partnership=partnership(period.school, lp_client.lead_provider, DeliveryPartnerFactory(), 2024),
        schedule=period.schedule,
    )
    assert ids(lp_client.get(URL)) == [str(theirs.api_id)]
    shown = lp_client.get(f"{URL}/{theirs.api_id}").json()["data"]["attributes"]
    assert shown["lead_provider_name"] == other_lead_provider.name
    assert lp_client.put(f"{URL}/{theirs.api_id}/void").status_code == 404


def test_filters(lp_client, statement):
    lead_provider = lp_client.lead_provider
    partner = DeliveryPartnerFactory()
    a = declare(lead_provider, ect(lead_provider, delivery_partner=partner))
    StatementFactory(lead_provider=lead_provider, cohort=cohort(2025))
    b = declare(lead_provider, ect(lead_provider, year=2025))
    assert ids(lp_client.get(URL, {"filter[cohort]": "2025"})) == [str(b.api_id)]
    assert ids(lp_client.get(URL, {"filter[cohort]": "2024,2025"})) == [str(a.api_id), str(b.api_id)]
    assert ids(lp_client.get(URL, {"filter[participant_id]": str(a.teacher.api_id)})) == [str(a.api_id)]
    assert ids(lp_client.get(URL, {"filter[delivery_partner_id]": str(partner.api_id)})) == [str(a.api_id)]
    Declaration.objects.filter(pk=a.pk).update(updated_at=timezone.now() - dt.timedelta(days=3))
    since = (timezone.now() - dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert ids(lp_client.get(URL, {"filter[updated_since]": since})) == [str(b.api_id)]


def test_bad_filter_values_are_bad_requests(lp_client):
    assert lp_client.get(URL, {"filter[participant_id]": "nope"}).status_code == 400
    assert lp_client.get(URL, {"filter[updated_since]": "yesterday"}).status_code == 400
    response = lp_client.get(URL, {"filter[delivery_partner_id]": "abc"})
    assert (response.status_code, response.json()) == (
        400,
        {"errors": [{"title": "Bad request", "detail": "The filter '#/delivery_partner_id' must contain valid UUIDs"}]},
    )


def test_paging(lp_client, statement):
    made = [declare(lp_client.lead_provider, ect(lp_client.lead_provider)) for _ in range(3)]
    assert ids(lp_client.get(URL, {"page[per_page]": "2", "page[page]": "2"})) == [str(made[2].api_id)]


def test_list_query_count_does_not_grow_with_page_size(lp_client, statement, api_queries):
    made = [declare(lp_client.lead_provider, ect(lp_client.lead_provider)) for _ in range(5)]
    lp_client.get(URL)  # the window's first request also stamps the token's last use and clears old windows
    # auth + rate limit window + the one rendering query
    with api_queries(3):
        response = lp_client.get(URL)
    assert response.status_code == 200
    assert sorted(ids(response)) == sorted(str(d.api_id) for d in made)


def test_unknown_or_malformed_id_is_not_found(lp_client):
    response = lp_client.get(f"{URL}/not-a-uuid")
    assert response.status_code == 404
    assert response.json() == {
        "errors": [{"title": "Resource not found", "detail": "Nothing could be found for the provided details"}]
    }


def test_wrong_method_is_405(lp_client):
    assert lp_client.delete(URL).status_code == 405


def test_unauthenticated_is_401(api_client):
    assert api_client.get(URL).status_code == 401


def test_leaving_provider_sees_new_providers_claims_only_up_to_its_end_date(lp_client, other_lead_provider, statement):
    """docs/declarations.md, "Who sees which declarations": a participant who left sees the new provider's
    claims dated by the leaving date."""
    period = ect(lp_client.lead_provider)
    mine = declare(lp_client.lead_provider, period)
    StatementFactory(lead_provider=other_lead_provider)
    moved = participant_services.training_period_start(
        at_school_period=period.ect_at_school_period,
        started_on=dt.date(2025, 1, 15),
        partnership=partnership(period.school, other_lead_provider, DeliveryPartnerFactory(), 2024),
        schedule=period.schedule,
    )
    before_leaving = declare(other_lead_provider, moved, "retained-1", "2025-01-10T10:00:00Z")
    declare(other_lead_provider, moved, "retained-2")
    assert ids(lp_client.get(URL)) == [str(mine.api_id), str(before_leaving.api_id)]
