"""Where lead providers want to hear about changes, and every notification sent or to send (docs/webhooks.md)."""

import uuid

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q


class EventType(models.TextChoices):
    """What a notification says happened; each names a resource the provider can GET (docs/webhooks.md, "Events")."""

    SCHOOL_EXPRESSION_OF_INTEREST = "school.expression_of_interest", "A school named the provider for an ECT or mentor"
    PARTICIPANT_UPDATED = "participant.updated", "A participant the provider sees changed"
    DECLARATION_UPDATED = "participant-declaration.updated", "A declaration of the provider was made or changed state"
    STATEMENT_UPDATED = "statement.updated", "A statement of the provider changed state"
    TRANSFER_CREATED = "participant-transfer.created", "A transfer involving the provider appeared"
    TEST = "webhook.test", "A test event sent from the admin"


# What an endpoint is subscribed to when DfE staff tick nothing else: every event a change can produce.
CHANGE_EVENTS = [choice for choice in EventType.values if choice != EventType.TEST]


class EndpointState(models.TextChoices):
    ACTIVE = "active", "Active"
    PAUSED = "paused", "Paused"


class WebhookEndpoint(models.Model):
    """A URL of a lead provider's to which the service posts signed change notifications."""

    lead_provider = models.ForeignKey(
        "partnerships.LeadProvider", on_delete=models.PROTECT, related_name="webhook_endpoints"
    )
    url = models.URLField(max_length=2000)
    events = ArrayField(models.CharField(max_length=40, choices=EventType.choices), default=list)
    description = models.CharField(max_length=255, blank=True)
    state = models.CharField(max_length=10, choices=EndpointState.choices, default=EndpointState.ACTIVE)
    # Why the endpoint was paused: by DfE staff, or by the service after a delivery failed for a day.
    paused_reason = models.CharField(max_length=500, blank=True)
    paused_at = models.DateTimeField(null=True, blank=True)
    # The signing secret, encrypted with WEBHOOK_SECRETS_KEY (webhooks/signing.py, docs/security.md §5): the service
    # must be able to sign with it, so it is not a hash; the raw value is shown to staff once.
    secret_encrypted = models.TextField(editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["lead_provider", "created_at", "id"]
        permissions = [("send_test_webhook", "Can send a test event to a webhook endpoint")]
        constraints = [
            models.CheckConstraint(
                condition=Q(state="active", paused_at__isnull=True) | Q(state="paused", paused_at__isnull=False),
                name="webhook_endpoint_paused_when",
            ),
            models.CheckConstraint(condition=~Q(secret_encrypted=""), name="webhook_endpoint_has_secret"),
            models.CheckConstraint(condition=Q(url__regex=r"^https?://"), name="webhook_endpoint_url_http"),
        ]
        indexes = [models.Index(fields=["lead_provider", "state"], name="webhook_endpoint_lp_state_idx")]

    def __str__(self) -> str:
        return f"{self.lead_provider}: {self.url}"


class DeliveryState(models.TextChoices):
    PENDING = "pending", "Waiting to be delivered"
    DELIVERED = "delivered", "Delivered"
    FAILED = "failed", "Given up (the endpoint was paused)"
    SKIPPED = "skipped", "Not sent: the endpoint was paused"


class WebhookDelivery(models.Model):
    """One notification to one endpoint: written in the same transaction as the change it announces (the outbox),
    then posted by a worker until the endpoint answers 2xx (the delivery log)."""

    # The idempotency id: `webhook-id`, the same on every attempt.
    message_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    event_type = models.CharField(max_length=40, choices=EventType.choices)
    resource_type = models.CharField(max_length=40)
    resource_id = models.UUIDField()
    # The resource's `updated_at` in the API when it changed (for a school: in `cohort`).
    resource_updated_at = models.DateTimeField()
    cohort = models.PositiveSmallIntegerField(null=True, blank=True)
    created_at = models.DateTimeField()
    state = models.CharField(max_length=10, choices=DeliveryState.choices, default=DeliveryState.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "webhook deliveries"
        constraints = [
            models.CheckConstraint(
                condition=Q(state="delivered", delivered_at__isnull=False)
                | (~Q(state="delivered") & Q(delivered_at__isnull=True)),
                name="webhook_delivery_delivered_when",
            ),
        ]
        indexes = [
            models.Index(fields=["endpoint", "created_at"], name="webhook_delivery_endpoint_idx"),
            models.Index(fields=["created_at"], name="webhook_delivery_age_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.event_type} {self.resource_id} → {self.endpoint_id}"
