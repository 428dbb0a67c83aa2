"""What a declaration POST costs in queries, counted from the test client (issue 14's ceilings: ≤ 8 for a new
declaration, ≤ 4 for an exact replay, ≤ 6 for a typical 422; docs/lead-provider-api.md, "Declarations: the cost of
a POST"). Every count includes authentication (1) and the rate-limit counter (1); the new declaration's includes
the savepoint pair the test's own transaction turns the service's transaction into. Each request also writes its row
of the API request log, one INSERT after the response is made (docs/support.md, "API request log"): it is counted
apart, exactly one per request, so the POST's own ceilings stay what they were."""

import time

import pytest

from config.api.throttling import BUCKET_SECONDS
from config.models import Event
from declarations import rules
from declarations.models import Declaration
from tests.declarations.factories import ect
from tests.declarations.helpers import attrs, errors, post


def warmed_up(client, lead_provider):
    """Sends one request first, so the counted one neither stamps the token's last use (once a minute) nor opens
    a rate-limit bucket (which also purges the old ones): both happen to one request in many, not to every one."""
    if time.time() % BUCKET_SECONDS > BUCKET_SECONDS / 2:
        time.sleep(BUCKET_SECONDS - time.time() % BUCKET_SECONDS + 0.05)
    response = post(client, **attrs(ect(lead_provider)))
    assert response.status_code == 200


def rows():
    return Declaration.objects.count(), Event.objects.count()


@pytest.mark.django_db
def test_a_new_declaration_costs_eight_queries(lp_client, statement, api_queries):
    period = ect(lp_client.lead_provider)
    warmed_up(lp_client, lp_client.lead_provider)
    before = rows()
    # Authentication, the rate-limit counter, the facts (declaration_facts), the savepoint, the statement's share
    # lock, the declaration and its event (one statement), the savepoint's release, the document.
    with api_queries(8):
        response = post(lp_client, **attrs(period))
    assert response.status_code == 200
    assert response.json()["data"]["attributes"]["state"] == "eligible"
    assert rows() == (before[0] + 1, before[1] + 1)  # the declaration and its event


@pytest.mark.django_db
def test_an_exact_replay_costs_four_queries(lp_client, statement, api_queries):
    period = ect(lp_client.lead_provider)
    first = post(lp_client, **attrs(period))
    warmed_up(lp_client, lp_client.lead_provider)
    before = rows()
    # Authentication, the rate-limit counter, the facts (which find the earlier declaration), the document.
    with api_queries(4):
        response = post(lp_client, **attrs(period))
    assert response.status_code == 200
    assert response.content == first.content
    assert rows() == before


@pytest.mark.django_db
def test_an_already_claimed_event_costs_three_queries(lp_client, statement, api_queries):
    period = ect(lp_client.lead_provider)
    retained = {"declaration_type": "retained-1", "declaration_date": "2025-02-01T10:00:00Z"}
    assert post(lp_client, **attrs(period, **retained, evidence_held="other")).status_code == 200
    warmed_up(lp_client, lp_client.lead_provider)
    before = rows()
    # Authentication, the rate-limit counter, the facts.
    with api_queries(3):
        response = post(lp_client, **attrs(period, **retained, evidence_held="training-event-attended"))
    assert response.status_code == 422
    assert errors(response) == [{"title": "base", "detail": rules.ALREADY_CLAIMED}]
    assert rows() == before


@pytest.mark.django_db
def test_a_date_outside_the_milestone_costs_three_queries(lp_client, statement, api_queries):
    period = ect(lp_client.lead_provider)
    warmed_up(lp_client, lp_client.lead_provider)
    before = rows()
    # Authentication, the rate-limit counter, the facts.
    with api_queries(3):
        response = post(lp_client, **attrs(period, declaration_date="2023-10-01T10:00:00Z"))
    assert response.status_code == 422
    assert errors(response) == [{"title": "declaration_date", "detail": rules.BEFORE_MILESTONE_START}]
    assert rows() == before
