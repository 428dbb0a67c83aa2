"""Delivering a notification (docs/webhooks.md, "Delivery"): the thin payload, signed as the Standard Webhooks
specification says (checked with the `standardwebhooks` package, as a provider would), to a real receiver on
127.0.0.1; retried with growing delays; a day of failures pauses the endpoint, and DfE staff see why."""

import datetime as dt

import pytest
from procrastinate.jobs import Job
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from config.models import Event
from tests.declarations.factories import StatementFactory, declare, ect
from tests.jobs import run_queued_jobs
from webhooks.delivery import Outcome, attempt
from webhooks.models import DeliveryState, EndpointState, EventType, WebhookDelivery
from webhooks.services import endpoint_pause, endpoint_send_test
from webhooks.tasks import DeliveryFailed, GrowingDelay

pytestmark = pytest.mark.django_db


@pytest.fixture
def declared(lead_provider, subscribe):
    endpoint, secret = subscribe(lead_provider, events=[EventType.DECLARATION_UPDATED])
    StatementFactory(lead_provider=lead_provider)
    declaration = declare(lead_provider, ect(lead_provider))
    return endpoint, secret, declaration, WebhookDelivery.objects.get()


def test_the_worker_posts_a_thin_signed_event_that_standard_webhooks_verifies(declared, receiver):
    endpoint, secret, declaration, delivery = declared
    assert run_queued_jobs("webhooks") == ["webhooks.deliver"]
    [request] = receiver.received
    headers = {name.lower(): value for name, value in request["headers"].items()}
    event = Webhook(secret).verify(request["body"], headers)
    assert headers["webhook-id"] == str(delivery.message_id)
    assert event == {
        "type": "participant-declaration.updated",
        "timestamp": event["timestamp"],
        "data": {
            "type": "participant-declaration",
            "id": str(declaration.api_id),
            "updated_at": declaration.updated_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "href": f"/api/v3/participant-declarations/{declaration.api_id}",
        },
    }
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, delivery.last_status_code) == (DeliveryState.DELIVERED, 1, 204)
    # Another secret does not verify it: the signature is the endpoint's own.
    with pytest.raises(WebhookVerificationError):
        Webhook("whsec_" + "A" * 43 + "=").verify(request["body"], headers)


def test_a_delivery_already_made_is_not_sent_again(declared, receiver):
    *_, delivery = declared
    assert attempt(delivery.pk) is Outcome.DONE
    assert attempt(delivery.pk) is Outcome.DONE  # a job run again after its worker was lost
    assert len(receiver.received) == 1


@pytest.mark.parametrize("status", [500, 301, 404])
def test_an_answer_other_than_2xx_is_tried_again_later(declared, receiver, status):
    *_, delivery = declared
    receiver.status = status
    assert attempt(delivery.pk) is Outcome.RETRY
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, delivery.last_status_code) == (DeliveryState.PENDING, 1, status)
    assert delivery.last_error == f"HTTP {status}"
    with pytest.raises(DeliveryFailed):  # the job raises, so the queue runs it again
        run_queued_jobs("webhooks")


def test_an_answer_later_than_the_timeout_is_not_a_success(declared, receiver, settings):
    *_, delivery = declared
    settings.WEBHOOK_TIMEOUT_SECONDS = 0.3
    receiver.delay = 0.6
    assert attempt(delivery.pk) is Outcome.RETRY
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.PENDING and "TimeoutError" in delivery.last_error


def test_a_receiver_that_is_not_there_is_tried_again(declared, receiver):
    *_, delivery = declared
    receiver.close()
    assert attempt(delivery.pk) is Outcome.RETRY
    delivery.refresh_from_db()
    assert delivery.last_status_code is None and "ConnectionRefusedError" in delivery.last_error


def test_the_delays_between_attempts_grow_to_a_ceiling(settings):
    settings.WEBHOOK_RETRY_FIRST_SECONDS, settings.WEBHOOK_RETRY_MAX_SECONDS = 10, 3600
    strategy = GrowingDelay()
    job = Job(id=1, queue="webhooks", lock=None, queueing_lock=None, task_name="webhooks.deliver", task_kwargs={})
    now = dt.datetime.now(dt.UTC)
    delays = [
        round(
            (
                strategy.get_retry_decision(exception=DeliveryFailed(), job=job.evolve(attempts=n)).retry_at - now
            ).total_seconds()
        )
        for n in range(10)
    ]
    assert delays == [10, 20, 40, 80, 160, 320, 640, 1280, 2560, 3600]
    assert strategy.get_retry_decision(exception=ValueError("a bug"), job=job) is None


def test_after_a_day_of_failures_the_delivery_gives_up_and_the_endpoint_is_paused(declared, receiver, settings):
    endpoint, _, _, delivery = declared
    receiver.status = 503
    WebhookDelivery.objects.filter(pk=delivery.pk).update(created_at=delivery.created_at - dt.timedelta(days=1))
    assert attempt(delivery.pk) is Outcome.DONE
    delivery.refresh_from_db()
    endpoint.refresh_from_db()
    assert delivery.state == DeliveryState.FAILED
    assert endpoint.state == EndpointState.PAUSED
    assert endpoint.paused_reason == "Deliveries failed for 24 hours (last: HTTP 503)"
    assert Event.objects.filter(event_type="webhook_endpoint_paused", subject_id=endpoint.pk).exists()


def test_a_paused_endpoint_is_sent_nothing_waiting(declared, receiver):
    endpoint, _, _, delivery = declared
    endpoint_pause(endpoint=endpoint, reason="Paused by staff")
    run_queued_jobs("webhooks")
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.SKIPPED and receiver.received == []


def test_a_test_event_is_sent_to_a_paused_endpoint_too(lead_provider, subscribe, receiver):
    endpoint, secret = subscribe(lead_provider)
    endpoint_pause(endpoint=endpoint, reason="Paused by staff")
    endpoint_send_test(endpoint=endpoint, staff_name="support.user")
    run_queued_jobs("webhooks")
    [request] = receiver.received
    event = Webhook(secret).verify(request["body"], {k.lower(): v for k, v in request["headers"].items()})
    assert event["type"] == "webhook.test" and event["data"]["id"] == str(lead_provider.api_id)
    assert WebhookDelivery.objects.get().state == DeliveryState.DELIVERED
