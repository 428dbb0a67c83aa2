import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords


class MentorIneligibleReason(models.TextChoices):
    COMPLETED_DECLARATION_RECEIVED = "completed_declaration_received"
    COMPLETED_DURING_EARLY_ROLL_OUT = "completed_during_early_roll_out"
    STARTED_NOT_COMPLETED = "started_not_completed"


# Fields lead providers see, and the API timestamps a change to them moves (docs/participants.md, "updated_at").
UNFUNDED_MENTOR_FIELDS = ("trn", "trs_first_name", "trs_last_name", "corrected_name")
PARTICIPANT_FIELDS = (
    *UNFUNDED_MENTOR_FIELDS,
    "trn_validated",
    "ect_first_became_eligible_for_funding_at",
    "mentor_first_became_eligible_for_funding_at",
    "induction_end_date",
    "mentor_funding_end_date",
    "mentor_ineligible_for_funding_reason",
    "ect_cohort_changed_after_payments_frozen",
    "mentor_cohort_changed_after_payments_frozen",
)


class TeacherQuerySet(models.QuerySet):
    def mark_api_changed(self, at=None) -> int:
        """These participants changed as lead providers see them through a record of another app (a training
        period confirmed by a partnership, a partnership's delivery partner): their `updated_at` moves, so
        `filter[updated_since]` finds the change. Returns how many moved."""
        return self.update(api_updated_at=at or timezone.now())


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
    trn_validated = models.BooleanField(default=True)
    # Funding: set once when the teacher first becomes eligible (never moved back), cleared never.
    ect_first_became_eligible_for_funding_at = models.DateTimeField(null=True, blank=True)
    mentor_first_became_eligible_for_funding_at = models.DateTimeField(null=True, blank=True)
    induction_end_date = models.DateField(null=True, blank=True)
    mentor_funding_end_date = models.DateField(null=True, blank=True)
    mentor_ineligible_for_funding_reason = models.CharField(
        max_length=40, choices=MentorIneligibleReason.choices, blank=True
    )
    ect_cohort_changed_after_payments_frozen = models.BooleanField(default=False)
    mentor_cohort_changed_after_payments_frozen = models.BooleanField(default=False)
    # A duplicate record merged into another one; its participant id keeps working on write endpoints.
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_records"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    api_updated_at = models.DateTimeField(auto_now_add=True, db_index=True)
    api_unfunded_mentor_updated_at = models.DateTimeField(auto_now_add=True, db_index=True)

    history = HistoricalRecords()
    objects = TeacherQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["created_at", "id"], name="teacher_created_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(trn__regex=r"^[0-9]{7}$"), name="teacher_trn_7_digits"),
            models.CheckConstraint(
                condition=Q(mentor_funding_end_date__isnull=True, mentor_ineligible_for_funding_reason="")
                | Q(mentor_funding_end_date__isnull=False) & ~Q(mentor_ineligible_for_funding_reason=""),
                name="teacher_mentor_funding_end_with_reason",
            ),
            models.CheckConstraint(condition=~Q(merged_into=models.F("pk")), name="teacher_not_merged_into_self"),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.trn})"

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._api_snapshot = {name: getattr(instance, name) for name in PARTICIPANT_FIELDS if name in field_names}
        return instance

    def save(self, *args, **kwargs):
        """Whoever changes what providers see (admin, services), the participant's `updated_at` moves, so
        `filter[updated_since]` finds the change; the unfunded mentor's moves when its name or TRN changes."""
        snapshot = getattr(self, "_api_snapshot", None) or {}
        saved = kwargs.get("update_fields")
        changed = {
            name
            for name, value in snapshot.items()
            if getattr(self, name) != value and (saved is None or name in saved)
        }
        touched = []
        if changed:
            now = timezone.now()
            self.api_updated_at = now
            touched.append("api_updated_at")
            if changed & set(UNFUNDED_MENTOR_FIELDS):
                self.api_unfunded_mentor_updated_at = now
                touched.append("api_unfunded_mentor_updated_at")
        if saved is not None and touched:
            kwargs["update_fields"] = {*saved, *touched}
        super().save(*args, **kwargs)
        self._api_snapshot = {name: getattr(self, name) for name in PARTICIPANT_FIELDS}

    def eligible_for_funding(self, role: str) -> bool:
        if role == "ect":
            return self.ect_first_became_eligible_for_funding_at is not None
        return (
            self.mentor_first_became_eligible_for_funding_at is not None
            and not self.mentor_ineligible_for_funding_reason
        )

    @property
    def full_name(self) -> str:
        return self.corrected_name or f"{self.trs_first_name} {self.trs_last_name}"


class ParticipantIdChange(models.Model):
    """A duplicate participant record merged into this one: lead providers see the old id and the new one."""

    teacher = models.ForeignKey(Teacher, on_delete=models.PROTECT, related_name="participant_id_changes")
    from_participant_id = models.UUIDField(db_index=True)
    to_participant_id = models.UUIDField()
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-changed_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["teacher", "from_participant_id"], name="uniq_participant_id_change"),
        ]
