import uuid

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from config.db import TouchesApiUpdatedAt


class GiasStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"
    PROPOSED_TO_CLOSE = "proposed_to_close", "Open, but proposed to close"
    PROPOSED_TO_OPEN = "proposed_to_open", "Proposed to open"


# GIAS establishment type codes that are not funded for ECF training (ecf-rules.md §6.2).
INELIGIBLE_ESTABLISHMENT_TYPES = frozenset({10, 11, 24, 25, 26, 27, 29, 30, 37, 49, 56})


def eligible_for_funding_q() -> Q:
    """Open schools in England of a funded establishment type, or section 41 approved (in SQL; the property
    School.eligible_for_funding is the same rule for one loaded school, and a test keeps them in step)."""
    return (
        Q(gias_status__in=[GiasStatus.OPEN, GiasStatus.PROPOSED_TO_CLOSE])
        & (Q(administrative_district_code__startswith="E") | Q(administrative_district_code="9999"))
        & (~Q(establishment_type_code__in=sorted(INELIGIBLE_ESTABLISHMENT_TYPES)) | Q(section_41_approved=True))
    )


class School(TouchesApiUpdatedAt):
    """A school in England as GIAS records it, with the induction tutor who manages its early career teachers."""

    api_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    urn = models.CharField("URN", max_length=8, unique=True)
    name = models.CharField(max_length=255)
    gias_status = models.CharField(max_length=20, choices=GiasStatus.choices, default=GiasStatus.OPEN)
    establishment_type_code = models.PositiveSmallIntegerField()
    establishment_type_name = models.CharField(max_length=120, blank=True)
    administrative_district_code = models.CharField(max_length=12)
    administrative_district_name = models.CharField(max_length=120, blank=True)
    section_41_approved = models.BooleanField(default=False)
    induction_tutor_name = models.CharField(max_length=255, blank=True)
    induction_tutor_email = models.EmailField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # A change to any of these moves api_updated_at: lead providers see them.
    api_fields = ("urn", "name", "induction_tutor_name", "induction_tutor_email")

    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["created_at", "id"], name="school_created_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(urn__regex=r"^[0-9]{5,8}$"), name="school_urn_digits"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.urn})"

    @property
    def eligible_for_funding(self) -> bool:
        return (
            self.gias_status in (GiasStatus.OPEN, GiasStatus.PROPOSED_TO_CLOSE)
            and (self.administrative_district_code.startswith("E") or self.administrative_district_code == "9999")
            and (self.establishment_type_code not in INELIGIBLE_ESTABLISHMENT_TYPES or self.section_41_approved)
        )


class SchoolFundingUplift(models.Model):
    """Whether a school's participants starting in a cohort year attract pupil premium or sparsity uplift fees."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="funding_uplifts")
    cohort_year = models.PositiveSmallIntegerField()
    pupil_premium_uplift = models.BooleanField(default=False)
    sparsity_uplift = models.BooleanField(default=False)

    class Meta:
        ordering = ["school", "cohort_year"]
        constraints = [
            models.UniqueConstraint(fields=["school", "cohort_year"], name="uniq_school_uplift_per_year"),
        ]
