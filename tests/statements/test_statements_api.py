"""GET /statements and /statements/{id} (the published StatementAttributes; docs/statements.md, "The API")."""

import datetime as dt

import pytest
from django.utils import timezone

from statements.models import Statement
from tests.declarations.factories import StatementFactory
from tests.factories import cohort

pytestmark = pytest.mark.django_db
URL = "/api/v3/statements"


def ids(response):
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["data"]]


def test_statement_attributes(lp_client):
    statement = StatementFactory(
        lead_provider=lp_client.lead_provider,
        cohort=cohort(2025),
        year=2026,
        month=4,
        cut_off_date=dt.date(2026, 3, 31),
        payment_date=dt.date(2026, 4, 25),
    )
    data = lp_client.get(f"{URL}/{statement.api_id}").json()["data"]
    assert data["type"] == "statement"
    assert data["attributes"] | {"created_at": None, "updated_at": None} == {
        "month": "April",
        "year": "2026",
        "type": "ecf",
        "cohort": "2025",
        "cut_off_date": "2026-03-31",
        "payment_date": "2026-04-25",
        "paid": False,
        "created_at": None,
        "updated_at": None,
    }


def test_list_is_own_output_statements_by_created_at(lp_client, other_lead_provider):
    # docs/decisions.md 17 / docs/lead-provider-api.md: created_at ascending, like every v3 list.
    lead_provider = lp_client.lead_provider
    late = StatementFactory(lead_provider=lead_provider, payment_date=dt.date(2030, 5, 25))
    early = StatementFactory(lead_provider=lead_provider, payment_date=dt.date(2030, 2, 25), paid=True)
    service_fee = StatementFactory(lead_provider=lead_provider, output_fee=False)
    theirs = StatementFactory(lead_provider=other_lead_provider)
    assert ids(lp_client.get(URL)) == [str(late.api_id), str(early.api_id)]
    # A non-output statement of the provider can be shown; another provider's cannot.
    assert lp_client.get(f"{URL}/{service_fee.api_id}").status_code == 200
    assert lp_client.get(f"{URL}/{theirs.api_id}").status_code == 404
    assert lp_client.get(f"{URL}/{early.api_id}").json()["data"]["attributes"]["paid"] is True


def test_filters(lp_client):
    lead_provider = lp_client.lead_provider
    a = StatementFactory(lead_provider=lead_provider, cohort=cohort(2024))
    b = StatementFactory(lead_provider=lead_provider, cohort=cohort(2025))
    assert ids(lp_client.get(URL, {"filter[cohort]": "2025"})) == [str(b.api_id)]
    assert len(ids(lp_client.get(URL, {"filter[type]": "ecf"}))) == 2
    assert ids(lp_client.get(URL, {"filter[type]": "npq"})) == []
    assert lp_client.get(f"{URL}/{a.api_id}", {"filter[type]": "npq"}).status_code == 404
    Statement.objects.filter(pk=a.pk).update(updated_at=timezone.now() - dt.timedelta(days=2))
    since = (timezone.now() - dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert ids(lp_client.get(URL, {"filter[updated_since]": since})) == [str(b.api_id)]


def test_query_count_is_fixed(lp_client, api_queries):
    made = [StatementFactory(lead_provider=lp_client.lead_provider) for _ in range(5)]
    lp_client.get(URL)  # the window's first request also stamps the token's last use and clears old windows
    # token lookup, rate-limit counter, the page itself
    with api_queries(3):
        response = lp_client.get(URL)
    assert response.status_code == 200
    assert sorted(ids(response)) == sorted(str(s.api_id) for s in made)


def test_statements_are_read_only(lp_client):
    assert lp_client.post(URL, {}, format="json").status_code == 405


def test_statements_created_together_are_listed_in_calendar_order(lp_client):
    lead_provider = lp_client.lead_provider
    together = timezone.now() - dt.timedelta(days=3)
    june = StatementFactory(lead_provider=lead_provider, year=2031, month=6)
    january = StatementFactory(lead_provider=lead_provider, year=2031, month=1)
    december = StatementFactory(lead_provider=lead_provider, year=2030, month=12)
    later = StatementFactory(lead_provider=lead_provider, year=2030, month=1)
    Statement.objects.filter(pk__in=[june.pk, january.pk, december.pk]).update(created_at=together)
    expected = [december, january, june, later]
    assert ids(lp_client.get(URL)) == [str(s.api_id) for s in expected]
