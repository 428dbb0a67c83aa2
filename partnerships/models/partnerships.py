"""Partnerships: a school working with a lead provider and delivery partner pairing in a cohort."""

import uuid

from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from config.db import ApiTimestamps

from .organisations import LeadProviderDeliveryPartnership


class Partnership(ApiTimestamps):
    """A school confirmed to train with a lead provider and one of its delivery partners in a cohort."""

    api_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="partnerships")
    delivery_partnership = models.ForeignKey(
        LeadProviderDeliveryPartnership, on_delete=models.PROTECT, related_name="partnerships"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Moves when the delivery partner is changed; the API's updated_at also follows the school and partner.
    api_updated_at = models.DateTimeField(default=timezone.now, db_index=True)
    api_timestamps = {"api_updated_at": ("delivery_partnership_id",)}

    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["created_at", "id"], name="partnership_created_idx")]
        constraints = [
            models.UniqueConstraint(fields=["school", "delivery_partnership"], name="uniq_partnership_school_pairing"),
        ]

    def __str__(self) -> str:
        return f"{self.school} with {self.delivery_partnership}"

    @property
    def lead_provider(self):
        return self.delivery_partnership.contract.lead_provider

    @property
    def cohort(self):
        return self.delivery_partnership.contract.cohort
