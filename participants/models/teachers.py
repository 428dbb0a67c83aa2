import uuid

from django.db import models
from django.db.models import Case, CharField, F, Q, Value, When
from django.db.models.functions import Concat
from simple_history.models import HistoricalRecords

from config.db import ApiTimestamps

from .trs import InductionStatus


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


def eligible_for_funding_q(role: str, prefix: str = "") -> Q:
    """Whether the teacher is funded in the role, in SQL (`prefix` reaches the teacher from another model, e.g.
    "teacher__"): an ECT once they first became eligible; a mentor likewise, unless DfE or a completed declaration
    ended their funding (docs/participants.md). `Teacher.eligible_for_funding` is the same rule in Python."""
    if role == "ect":
        return Q(**{f"{prefix}ect_first_became_eligible_for_funding_at__isnull": False})
    return Q(**{f"{prefix}mentor_first_became_eligible_for_funding_at__isnull": False}) & Q(
        **{f"{prefix}mentor_ineligible_for_funding_reason": ""}
    )


def full_name_expression(prefix: str = "") -> Case:
    """The name providers and schools see, in SQL: the school's correction, else the TRS first and last names.
    `Teacher.full_name` is the same rule in Python."""
    return Case(
        When(~Q(**{f"{prefix}corrected_name": ""}), then=F(f"{prefix}corrected_name")),
        default=Concat(f"{prefix}trs_first_name", Value(" "), f"{prefix}trs_last_name"),
        output_field=CharField(),
    )


class Teacher(ApiTimestamps):
    """One person (keyed by TRN) who is or was an early career teacher or a mentor; the API's participant."""

    api_id = models.UUIDField("participant id", default=uuid.uuid4, unique=True, editable=False)
    api_ect_training_record_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    api_mentor_training_record_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    trn = models.CharField("TRN", max_length=7, unique=True)
    trs_first_name = models.CharField("TRS first name", max_length=120)
    trs_last_name = models.CharField("TRS last name", max_length=120)
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
    # What the Teacher Record Service said when last asked (docs/support.md, "Refresh from TRS"): the induction
    # status (blank until asked), when it was asked (the refresh job asks the longest-unasked first), and whether
    # it no longer finds the TRN.
    trs_induction_status = models.CharField(
        "TRS induction status", max_length=30, choices=InductionStatus.choices, blank=True
    )
    trs_refreshed_at = models.DateTimeField("refreshed from TRS at", null=True, blank=True)
    trs_not_found = models.BooleanField("not found in TRS", default=False)
    # A duplicate record merged into another one; its participant id keeps working on write endpoints.
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_records"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    api_updated_at = models.DateTimeField(auto_now_add=True, db_index=True)
    api_unfunded_mentor_updated_at = models.DateTimeField(auto_now_add=True, db_index=True)

    # Whoever changes what providers see (admin, services), the participant's `updated_at` moves, so
    # `filter[updated_since]` finds the change; the unfunded mentor's moves when its name or TRN changes.
    api_timestamps = {"api_updated_at": PARTICIPANT_FIELDS, "api_unfunded_mentor_updated_at": UNFUNDED_MENTOR_FIELDS}

    history = HistoricalRecords()

    @classmethod
    def api_timestamps_moved(cls, rows, stamps):
        """Every provider that sees these participants hears that they changed (docs/webhooks.md, "Events")."""
        if "api_updated_at" in stamps:
            from .notifications import participants_changed

            participants_changed(rows)

    class Meta:
        ordering = ["created_at", "id"]
        # The orders the participant and unfunded mentor lists page in, so a page starts at its first row by an index
        # seek (docs/lead-provider-api.md, "Paging").
        indexes = [
            models.Index(fields=["created_at", "id"], name="teacher_created_idx"),
            models.Index(fields=["api_updated_at", "id"], name="teacher_api_updated_idx"),
            models.Index(fields=["api_unfunded_mentor_updated_at", "id"], name="teacher_unfunded_updated_idx"),
            # The refresh job's order: never asked first, then the longest unasked (docs/support.md).
            models.Index(F("trs_refreshed_at").asc(nulls_first=True), F("id"), name="teacher_trs_refresh_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(trn__regex=r"^[0-9]{7}$"), name="teacher_trn_7_digits"),
            models.CheckConstraint(
                condition=Q(mentor_funding_end_date__isnull=True, mentor_ineligible_for_funding_reason="")
                | Q(mentor_funding_end_date__isnull=False) & ~Q(mentor_ineligible_for_funding_reason=""),
                name="teacher_mentor_funding_end_with_reason",
            ),
            models.CheckConstraint(condition=~Q(merged_into=models.F("pk")), name="teacher_not_merged_into_self"),
        ]
        # Merging and the support actions are not editing: support does them, each through its service; only a
        # superuser edits a record (docs/security.md §1, docs/support.md).
        permissions = [
            ("merge_teacher", "Can merge a duplicate teacher record into another"),
            ("change_training", "Can move a teacher's training to another partnership, cohort or schedule"),
            ("import_teacher", "Can import an ECT from the Teacher Record Service"),
            ("refresh_teacher", "Can refresh a teacher from the Teacher Record Service"),
            ("record_leaving", "Can record that a teacher left a school"),
            ("correct_teacher_details", "Can correct a teacher's name or email address"),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.trn})"

    def eligible_for_funding(self, role: str) -> bool:
        """Python form of `eligible_for_funding_q`, for a loaded teacher (tests/participants/test_rule_agreement.py
        keeps the two in step)."""
        if role == "ect":
            return self.ect_first_became_eligible_for_funding_at is not None
        return (
            self.mentor_first_became_eligible_for_funding_at is not None
            and not self.mentor_ineligible_for_funding_reason
        )

    @property
    def full_name(self) -> str:
        """Python form of `full_name_expression` (tests/participants/test_rule_agreement.py keeps them in step)."""
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
