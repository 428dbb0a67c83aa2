"""Stand-in teacher records for the Teacher Record Service, used outside production (docs/school-registration.md)."""

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


class InductionStatus(models.TextChoices):
    NONE = "none", "None"
    REQUIRED_TO_COMPLETE = "required_to_complete", "Required to complete"
    IN_PROGRESS = "in_progress", "In progress"
    PASSED = "passed", "Passed"
    FAILED = "failed", "Failed"
    EXEMPT = "exempt", "Exempt"


class FakeTeacherRecord(models.Model):
    """A teacher as the Teacher Record Service would answer for them, kept locally so development, the sandbox and
    the tests can register teachers without calling TRS."""

    trn = models.CharField("TRN", max_length=7, unique=True)
    date_of_birth = models.DateField()
    national_insurance_number = models.CharField(max_length=9, blank=True)
    first_name = models.CharField(max_length=120)
    last_name = models.CharField(max_length=120)
    induction_status = models.CharField(max_length=20, choices=InductionStatus.choices, default=InductionStatus.NONE)
    qts_awarded_on = models.DateField("QTS awarded on", null=True, blank=True)
    induction_completed_on = models.DateField(null=True, blank=True)
    prohibited_from_teaching = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["trn"]
        constraints = [
            models.CheckConstraint(condition=Q(trn__regex=r"^[0-9]{7}$"), name="fake_teacher_record_trn_7_digits"),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name} ({self.trn})"
