"""Lead providers, delivery partners, who is contracted in which cohort, and who works with whom."""

import uuid

from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from config.db import ApiTimestamps
from config.models import HashedAPIToken

from .reference import Cohort


class LeadProvider(models.Model):
    """An organisation DfE contracts to deliver early career training, and a client of the lead provider API."""

    api_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=255, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    # DRF treats the authenticated client as request.user.
    @property
    def is_authenticated(self) -> bool:
        return True


class LeadProviderContract(models.Model):
    """A lead provider contracted by DfE for a cohort (RECT's "active lead provider")."""

    lead_provider = models.ForeignKey(LeadProvider, on_delete=models.PROTECT, related_name="contracts")
    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="lead_provider_contracts")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["cohort__start_year", "lead_provider__name"]
        constraints = [
            models.UniqueConstraint(fields=["lead_provider", "cohort"], name="uniq_contract_per_lp_cohort"),
        ]

    def __str__(self) -> str:
        return f"{self.lead_provider} in {self.cohort}"


class DeliveryPartner(ApiTimestamps):
    """An organisation that delivers training locally on behalf of one or more lead providers."""

    api_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=255, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    api_updated_at = models.DateTimeField(default=timezone.now, db_index=True)
    # Also moved by delivery_partner_pair: its cohort list changes.
    api_timestamps = {"api_updated_at": ("name",)}

    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["created_at", "id"], name="dp_created_idx"),
            models.Index(fields=["api_updated_at", "id"], name="dp_api_updated_idx"),
        ]

    def __str__(self) -> str:
        return self.name


class LeadProviderDeliveryPartnership(models.Model):
    """A delivery partner working with a lead provider in a cohort: the pairing partnerships are made from."""

    contract = models.ForeignKey(LeadProviderContract, on_delete=models.PROTECT, related_name="delivery_partnerships")
    delivery_partner = models.ForeignKey(
        DeliveryPartner, on_delete=models.PROTECT, related_name="lead_provider_partnerships"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["contract", "delivery_partner__name"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "delivery_partner"], name="uniq_dp_per_contract"),
        ]

    def __str__(self) -> str:
        return f"{self.delivery_partner} with {self.contract}"


class LeadProviderAPIToken(HashedAPIToken):
    """A bearer token a lead provider uses to call the API; only its SHA-256 hash is stored."""

    owner_field = "lead_provider"

    lead_provider = models.ForeignKey(LeadProvider, on_delete=models.PROTECT, related_name="api_tokens")

    history = HistoricalRecords(excluded_fields=["last_used_at"])

    class Meta(HashedAPIToken.Meta):
        verbose_name = "lead provider API token"
