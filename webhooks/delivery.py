"""Posting one notification to its endpoint, as the worker does (docs/webhooks.md, "Delivery"): the thin payload,
signed as the Standard Webhooks specification says, one POST answered within WEBHOOK_TIMEOUT_SECONDS; the outcome is
written to the delivery log. A delivery that still fails WEBHOOK_RETRY_FOR_SECONDS after its change pauses the
endpoint, and DfE staff see why in the admin."""

import datetime as dt
import http.client
import json
import time
from enum import Enum
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models import DateTimeField, ExpressionWrapper, F
from django.db.models.functions import Now

from .models import DeliveryState, EndpointState, EventType, WebhookDelivery
from .services import GAVE_UP, endpoint_pause
from .signing import decrypt_secret, signature

# Where a provider GETs each kind of resource (the lead provider API v3, docs/lead-provider-api.md).
_HREFS = {
    "participant": "/api/v3/participants/{id}",
    "participant-declaration": "/api/v3/participant-declarations/{id}",
    "statement": "/api/v3/statements/{id}",
    "participant-transfer": "/api/v3/participants/{id}/transfers",
    "school": "/api/v3/schools/{id}?filter[cohort]={cohort}",
}


class Outcome(Enum):
    DONE = "done"  # delivered, skipped, or given up: the job is finished
    RETRY = "retry"  # the job runs again later


def _timestamp(value: dt.datetime, resource_type: str) -> str:
    # As the API shows it: declarations to the second, everything else with milliseconds (docs/lead-provider-api.md).
    value = value.astimezone(dt.UTC)
    if resource_type == "participant-declaration":
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


def payload(delivery: WebhookDelivery) -> bytes:
    """The thin event: what happened and which resource, with its `updated_at`; nothing about a person."""
    data = {
        "type": delivery.resource_type,
        "id": str(delivery.resource_id),
        "updated_at": _timestamp(delivery.resource_updated_at, delivery.resource_type),
    }
    if delivery.cohort is not None:
        data["cohort"] = delivery.cohort
    href = _HREFS.get(delivery.resource_type)
    if href:
        data["href"] = href.format(id=delivery.resource_id, cohort=delivery.cohort)
    event = {"type": delivery.event_type, "timestamp": _timestamp(delivery.created_at, ""), "data": data}
    return json.dumps(event, separators=(",", ":")).encode()


def post(url: str, *, headers: dict[str, str], body: bytes, timeout: float) -> tuple[int | None, str]:
    """One POST; (status, "") when the endpoint answered in time, else (status or None, why not). Redirects are not
    followed: a 3xx is an answer that is not a success."""
    parts = urlsplit(url)
    connection_class = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    started = time.monotonic()
    connection = connection_class(parts.hostname, parts.port, timeout=timeout)
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        response.read(65536)
        status = response.status
    except (OSError, http.client.HTTPException, ValueError) as error:
        return None, f"{type(error).__name__}: {error}"[:500]
    finally:
        connection.close()
    if time.monotonic() - started > timeout:
        return status, f"Answered after more than {timeout:g} seconds"
    return status, "" if 200 <= status < 300 else f"HTTP {status}"


def attempt(delivery_id: int) -> Outcome:
    delivery = (
        WebhookDelivery.objects.select_related("endpoint").filter(pk=delivery_id, state=DeliveryState.PENDING).first()
    )
    if delivery is None:  # already finished (a job run again after its worker was lost)
        return Outcome.DONE
    endpoint = delivery.endpoint
    if endpoint.state == EndpointState.PAUSED and delivery.event_type != EventType.TEST:
        WebhookDelivery.objects.filter(pk=delivery.pk).update(state=DeliveryState.SKIPPED)
        return Outcome.DONE
    body = payload(delivery)
    timestamp = int(time.time())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "ecf-webhooks/1",
        "webhook-id": str(delivery.message_id),
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signature(
            secret=decrypt_secret(endpoint.secret_encrypted),
            message_id=str(delivery.message_id),
            timestamp=timestamp,
            body=body,
        ),
    }
    status, error = post(endpoint.url, headers=headers, body=body, timeout=settings.WEBHOOK_TIMEOUT_SECONDS)
    rows = WebhookDelivery.objects.filter(pk=delivery.pk, state=DeliveryState.PENDING)
    tried = {"attempts": F("attempts") + 1, "last_attempt_at": Now(), "last_status_code": status}
    if not error:
        rows.update(**tried, last_error="", state=DeliveryState.DELIVERED, delivered_at=Now())
        return Outcome.DONE
    give_up_before = ExpressionWrapper(
        Now() - dt.timedelta(seconds=settings.WEBHOOK_RETRY_FOR_SECONDS), output_field=DateTimeField()
    )
    with transaction.atomic():
        rows.update(**tried, last_error=error)
        if delivery.event_type == EventType.TEST:
            # A test event is tried once: staff see the answer in the delivery log at once and can send another.
            rows.update(state=DeliveryState.FAILED)
            return Outcome.DONE
        if not rows.filter(created_at__lte=give_up_before).exists():
            return Outcome.RETRY
        rows.update(state=DeliveryState.FAILED)
        endpoint_pause(
            endpoint=endpoint,
            reason=f"{GAVE_UP} {_duration(settings.WEBHOOK_RETRY_FOR_SECONDS)} (last: {error})",
        )
    return Outcome.DONE


def _duration(seconds: int) -> str:
    return f"{seconds // 3600} hours" if seconds >= 3600 else f"{seconds} seconds"
