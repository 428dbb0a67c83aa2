"""Webhook endpoints: registered, paused, resumed and tested by DfE staff, each change one transaction with an
event in the event log (docs/webhooks.md, "Endpoints")."""

from django.db import transaction
from django.db.models.functions import Now
from procrastinate.contrib.django import app

from config.errors import DomainValidationError
from config.events import record_event
from config.models import AuthorType
from partnerships.models import LeadProvider

from . import rules
from .models import EndpointState, EventType, WebhookDelivery, WebhookEndpoint
from .signing import encrypt_secret, new_secret

DELIVER_TASK = "webhooks.deliver"
# How a pause by the service itself begins (the admin lists such endpoints as a warning).
GAVE_UP = "Deliveries failed for"


def delivery_lock(delivery: WebhookDelivery) -> str:
    """Deliveries of one endpoint about one resource run one at a time, oldest first (the SQL function of migration
    webhooks/0002 names its jobs' locks the same way)."""
    return f"webhook:{delivery.endpoint_id}:{delivery.resource_type}:{delivery.resource_id}"


def _check(*, url: str, events: list[str]) -> None:
    message = rules.url_error(url)
    if message:
        raise DomainValidationError("url", message)
    if not events:
        raise DomainValidationError("events", rules.EVENTS_REQUIRED)


def _staff_event(endpoint: WebhookEndpoint, event_type: str, heading: str, staff_name: str) -> None:
    record_event(
        event_type=event_type,
        heading=heading,
        subject=endpoint,
        author_type=AuthorType.DFE_STAFF_USER if staff_name else AuthorType.SYSTEM,
        author_name=staff_name,
        url=endpoint.url,
    )


@transaction.atomic
def endpoint_create(
    *, lead_provider: LeadProvider, url: str, events: list[str], description: str = "", staff_name: str = ""
) -> tuple[WebhookEndpoint, str]:
    """A new endpoint for the provider, active at once; returns it with its signing secret, which is shown once."""
    _check(url=url, events=events)
    secret = new_secret()
    endpoint = WebhookEndpoint.objects.create(
        lead_provider=lead_provider,
        url=url,
        events=sorted(set(events)),
        description=description,
        secret_encrypted=encrypt_secret(secret),
    )
    _staff_event(endpoint, "webhook_endpoint_created", f"Webhook endpoint {url} added", staff_name)
    return endpoint, secret


@transaction.atomic
def endpoint_update(*, endpoint: WebhookEndpoint, url: str, events: list[str], description: str, staff_name: str):
    _check(url=url, events=events)
    endpoint.url, endpoint.events, endpoint.description = url, sorted(set(events)), description
    endpoint.save(update_fields=["url", "events", "description", "updated_at"])
    _staff_event(endpoint, "webhook_endpoint_changed", f"Webhook endpoint {url} changed", staff_name)
    return endpoint


@transaction.atomic
def endpoint_secret_rotate(*, endpoint: WebhookEndpoint, staff_name: str) -> str:
    """A new signing secret replaces the old one at once (deliveries still waiting are signed with the new one)."""
    secret = new_secret()
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(secret_encrypted=encrypt_secret(secret), updated_at=Now())
    _staff_event(endpoint, "webhook_secret_rotated", f"Webhook endpoint {endpoint.url}: new signing secret", staff_name)
    return secret


@transaction.atomic
def endpoint_pause(*, endpoint: WebhookEndpoint, reason: str, staff_name: str = "") -> bool:
    """The endpoint is sent nothing more until it is resumed; deliveries still waiting are skipped. Returns whether
    it was active."""
    paused = WebhookEndpoint.objects.filter(pk=endpoint.pk, state=EndpointState.ACTIVE).update(
        state=EndpointState.PAUSED, paused_at=Now(), paused_reason=reason[:500], updated_at=Now()
    )
    if paused:
        _staff_event(
            endpoint, "webhook_endpoint_paused", f"Webhook endpoint {endpoint.url} paused: {reason}", staff_name
        )
    return bool(paused)


@transaction.atomic
def endpoint_resume(*, endpoint: WebhookEndpoint, staff_name: str) -> bool:
    """The endpoint hears about changes from now on (what changed while it was paused: poll with
    `filter[updated_since]`, docs/webhooks.md)."""
    resumed = WebhookEndpoint.objects.filter(pk=endpoint.pk, state=EndpointState.PAUSED).update(
        state=EndpointState.ACTIVE, paused_at=None, paused_reason="", updated_at=Now()
    )
    if resumed:
        _staff_event(endpoint, "webhook_endpoint_resumed", f"Webhook endpoint {endpoint.url} resumed", staff_name)
    return bool(resumed)


@transaction.atomic
def endpoint_send_test(*, endpoint: WebhookEndpoint, staff_name: str) -> WebhookDelivery:
    """A `webhook.test` event to the endpoint, paused or not, through the same queue, signing and log as every
    other delivery."""
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint,
        event_type=EventType.TEST,
        resource_type="lead-provider",
        resource_id=endpoint.lead_provider.api_id,
        resource_updated_at=endpoint.lead_provider.updated_at,
        created_at=Now(),
    )
    app.configure_task(DELIVER_TASK, queue="webhooks", lock=delivery_lock(delivery)).defer(delivery_id=delivery.pk)
    _staff_event(endpoint, "webhook_test_sent", f"Test event queued for {endpoint.url}", staff_name)
    return delivery
