"""Where a webhook fact is written twice, once in Python and once in SQL, the two agree (docs/webhooks.md): the
payload renders a resource's `updated_at` as the API's documents do (they are rendered in SQL, the payload in
Python; that the outbox stores the resource's own `updated_at` is tests/webhooks/test_outbox.py's), and the lock the
outbox's SQL gives a delivery's job is `delivery_lock` (which the service's own deferrals use)."""

import datetime as dt
import json

import pytest
from django.db import connection

from declarations.models import Declaration
from participants.models import Teacher
from participants.services import participant_defer
from tests.declarations.factories import StatementFactory, declare, ect
from webhooks.delivery import payload
from webhooks.models import EventType, WebhookDelivery
from webhooks.services import delivery_lock

pytestmark = pytest.mark.django_db

# A time with microseconds that neither rendering may round up into the next second or millisecond.
ODD_TIME = dt.datetime(2025, 3, 4, 5, 6, 7, 987654, tzinfo=dt.UTC)


def _api_updated_at(client, href: str) -> str:
    response = client.get(href)
    assert response.status_code == 200, response.content
    return response.json()["data"]["attributes"]["updated_at"]


def _delivered(delivery: WebhookDelivery) -> dict:
    return json.loads(payload(delivery))


def test_a_declarations_payload_shows_updated_at_as_the_api_does(lp_client, subscribe):
    lead_provider = lp_client.lead_provider
    subscribe(lead_provider, events=[EventType.DECLARATION_UPDATED])
    StatementFactory(lead_provider=lead_provider)
    declaration = declare(lead_provider, ect(lead_provider))
    Declaration.objects.filter(pk=declaration.pk).update(updated_at=ODD_TIME)
    delivery = WebhookDelivery.objects.get()
    delivery.resource_updated_at = ODD_TIME
    data = _delivered(delivery)["data"]
    assert data["updated_at"] == _api_updated_at(lp_client, data["href"]) == "2025-03-04T05:06:07Z"


def test_a_participants_payload_shows_updated_at_as_the_api_does(lp_client, subscribe):
    lead_provider = lp_client.lead_provider
    subscribe(lead_provider, events=[EventType.PARTICIPANT_UPDATED])
    teacher = ect(lead_provider).teacher
    WebhookDelivery.objects.all().delete()
    participant_defer(
        lead_provider=lead_provider, teacher=teacher, course_identifier="ecf-induction", reason="bereavement"
    )
    Teacher.objects.filter(pk=teacher.pk).update(api_updated_at=ODD_TIME)
    delivery = WebhookDelivery.objects.get()
    delivery.resource_updated_at = ODD_TIME
    data = _delivered(delivery)["data"]
    assert data["updated_at"] == _api_updated_at(lp_client, data["href"]) == "2025-03-04T05:06:07.987Z"


def test_the_outbox_locks_a_deliverys_job_as_delivery_lock_names_it(lead_provider, subscribe):
    subscribe(lead_provider, events=[EventType.DECLARATION_UPDATED])
    StatementFactory(lead_provider=lead_provider)
    declare(lead_provider, ect(lead_provider))
    delivery = WebhookDelivery.objects.get()
    with connection.cursor() as cursor:
        cursor.execute("SELECT lock FROM procrastinate_jobs WHERE (args ->> 'delivery_id')::bigint = %s", [delivery.pk])
        assert cursor.fetchall() == [(delivery_lock(delivery),)]
