"""Change notifications are written in the transaction of the change, for exactly the changes that move a resource's
`updated_at` in the API, to the providers that see it (docs/webhooks.md, "Events")."""

import pytest
from django.db import transaction

from participants.services import participant_defer
from tests.declarations.factories import StatementFactory, close, declare, ect
from tests.jobs import queued_jobs
from webhooks.models import DeliveryState, EndpointState, EventType, WebhookDelivery
from webhooks.services import endpoint_pause

pytestmark = pytest.mark.django_db


def _deliveries(**filters) -> list[tuple]:
    return list(
        WebhookDelivery.objects.filter(**filters)
        .order_by("id")
        .values_list("endpoint__lead_provider__name", "event_type", "resource_type", "resource_id", "state")
    )


def test_a_new_declaration_is_announced_to_each_subscribed_endpoint_of_its_provider_with_a_job(
    lead_provider, other_lead_provider, subscribe
):
    endpoint, _ = subscribe(lead_provider)
    subscribe(other_lead_provider)
    StatementFactory(lead_provider=lead_provider)
    period = ect(lead_provider)
    declaration = declare(lead_provider, period)
    delivery = WebhookDelivery.objects.get(event_type=EventType.DECLARATION_UPDATED)
    assert (delivery.endpoint, delivery.resource_id, delivery.state) == (
        endpoint,
        declaration.api_id,
        DeliveryState.PENDING,
    )
    assert delivery.resource_updated_at == declaration.updated_at
    assert ("webhooks.deliver", {"delivery_id": delivery.pk}) in queued_jobs()


def test_a_rolled_back_change_writes_no_notification_and_no_job(lead_provider, subscribe):
    subscribe(lead_provider)
    StatementFactory(lead_provider=lead_provider)
    period = ect(lead_provider)
    WebhookDelivery.objects.all().delete()
    jobs = queued_jobs("webhooks.deliver")
    with pytest.raises(RuntimeError), transaction.atomic():
        declare(lead_provider, period)
        assert _deliveries(event_type=EventType.DECLARATION_UPDATED) != []
        raise RuntimeError("rolled back")
    assert _deliveries(event_type=EventType.DECLARATION_UPDATED) == []
    assert queued_jobs("webhooks.deliver") == jobs


def test_a_provider_without_an_active_subscribed_endpoint_is_sent_nothing(
    lead_provider, other_lead_provider, subscribe
):
    subscribe(lead_provider, events=[EventType.STATEMENT_UPDATED])
    paused, _ = subscribe(other_lead_provider)
    endpoint_pause(endpoint=paused, reason="testing")
    StatementFactory(lead_provider=lead_provider)
    StatementFactory(lead_provider=other_lead_provider)
    declare(other_lead_provider, ect(other_lead_provider))
    declare(lead_provider, ect(lead_provider))
    assert _deliveries() == []


def test_a_declaration_changing_state_is_announced_and_a_save_that_changes_no_state_is_not(lead_provider, subscribe):
    subscribe(lead_provider)
    statement = StatementFactory(lead_provider=lead_provider)
    declaration = declare(lead_provider, ect(lead_provider))
    WebhookDelivery.objects.all().delete()
    declaration.save(update_fields=["updated_at"])
    assert _deliveries() == []
    close(statement)  # the daily close: eligible → payable, and the statement becomes payable
    assert sorted(event for _, event, *_ in _deliveries()) == [
        EventType.DECLARATION_UPDATED,
        EventType.STATEMENT_UPDATED,
    ]


def test_a_participant_change_is_announced_to_the_providers_that_see_them(
    lead_provider, other_lead_provider, subscribe, pinned_now
):
    subscribe(lead_provider)
    subscribe(other_lead_provider)
    period = ect(lead_provider)
    WebhookDelivery.objects.all().delete()
    participant_defer(
        lead_provider=lead_provider, teacher=period.teacher, course_identifier="ecf-induction", reason="bereavement"
    )
    period.teacher.refresh_from_db()
    assert _deliveries() == [
        (
            lead_provider.name,
            EventType.PARTICIPANT_UPDATED,
            "participant",
            period.teacher.api_id,
            DeliveryState.PENDING,
        )
    ]
    assert WebhookDelivery.objects.get().resource_updated_at == period.teacher.api_updated_at


def test_a_teacher_saved_in_the_admin_with_a_field_providers_see_changed_is_announced(lead_provider, subscribe):
    subscribe(lead_provider)
    teacher = ect(lead_provider).teacher
    WebhookDelivery.objects.all().delete()
    teacher.save()  # nothing changed: updated_at does not move, and nothing is announced
    assert _deliveries() == []
    teacher.corrected_name = "Someone Else"
    teacher.save()
    assert [event for _, event, *_ in _deliveries()] == [EventType.PARTICIPANT_UPDATED]


def test_endpoint_state_is_kept_by_the_database(lead_provider, subscribe):
    endpoint, _ = subscribe(lead_provider)
    from django.db import IntegrityError

    with pytest.raises(IntegrityError), transaction.atomic():
        type(endpoint).objects.filter(pk=endpoint.pk).update(state=EndpointState.PAUSED)
