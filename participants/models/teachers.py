import uuid

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


class Teacher(models.Model):
    """One person (keyed by TRN) who is or was an early career teacher or a mentor; the API's participant."""

    api_id = models.UUIDField("participant id", default=uuid.uuid4, unique=True, editable=False)
    api_ect_training_record_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    api_mentor_training_record_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    trn = models.CharField("TRN", max_length=7, unique=True)
    trs_first_name = models.CharField(max_length=120)
    trs_last_name = models.CharField(max_length=120)
    # The school may correct a name; the TRS name is kept to spot misuse.
    corrected_name = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    api_updated_at = models.DateTimeField(auto_now_add=True, db_index=True)
    api_unfunded_mentor_updated_at = models.DateTimeField(auto_now_add=True, db_index=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["created_at", "id"], name="teacher_created_idx")]
        constraints = [models.CheckConstraint(condition=Q(trn__regex=r"^[0-9]{7}$"), name="teacher_trn_7_digits")]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.trn})"

    @property
    def full_name(self) -> str:
        return self.corrected_name or f"{self.trs_first_name} {self.trs_last_name}"
