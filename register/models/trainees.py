from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models.functions import Upper
from simple_history.models import HistoricalRecords

from .providers import TrainingProvider
from .reference import ReferenceCode
from .slugs import new_slug


class TraineeState(models.TextChoices):
    DRAFT = "draft"
    SUBMITTED_FOR_TRN = "submitted_for_trn"
    TRN_RECEIVED = "trn_received"
    RECOMMENDED_FOR_AWARD = "recommended_for_award"
    WITHDRAWN = "withdrawn"
    DEFERRED = "deferred"
    AWARDED = "awarded"


class RecordSource(models.TextChoices):
    MANUAL = "manual"
    API = "api"
    CSV = "csv"
    HESA_COLLECTION = "hesa_collection"
    APPLY = "apply"
    DTTP = "dttp"


class DiversityDisclosure(models.TextChoices):
    DISCLOSED = "diversity_disclosed"
    NOT_DISCLOSED = "diversity_not_disclosed"


class DisabilityDisclosure(models.TextChoices):
    DISABLED = "disabled"
    NO_DISABILITY = "no_disability"
    NOT_PROVIDED = "disability_not_provided"


class WithdrawalTrigger(models.TextChoices):
    PROVIDER = "provider"
    TRAINEE = "trainee"


class WithdrawalFutureInterest(models.TextChoices):
    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


class Trainee(models.Model):
    """A person training to teach with a provider, from TRN request to the award of QTS or withdrawal."""

    slug = models.CharField(max_length=24, unique=True, default=new_slug, editable=False)
    training_provider = models.ForeignKey(TrainingProvider, on_delete=models.PROTECT, related_name="trainees")
    state = models.CharField(max_length=32, choices=TraineeState.choices, default=TraineeState.DRAFT)
    record_source = models.CharField(max_length=32, choices=RecordSource.choices, default=RecordSource.API)

    provider_trainee_id = models.CharField(max_length=20, blank=True, null=True)
    application_id = models.BigIntegerField(null=True, blank=True)
    trn = models.CharField("TRN", max_length=7, null=True, blank=True)
    hesa_id = models.CharField("HESA id", max_length=17)
    first_names = models.CharField(max_length=60)
    middle_names = models.CharField(max_length=60, null=True, blank=True)
    last_name = models.CharField(max_length=60)
    previous_last_name = models.CharField(max_length=60, null=True, blank=True)
    date_of_birth = models.DateField()
    sex = models.CharField(max_length=2)
    email = models.CharField(max_length=80)
    nationality = models.CharField(max_length=2, null=True, blank=True)
    ni_number = models.CharField(max_length=9, null=True, blank=True)

    # Diversity: ethnicity holds the code the API returns; group and background are derived from it.
    ethnicity = models.CharField(max_length=3, null=True, blank=True)
    ethnic_group = models.CharField(max_length=64, null=True, blank=True)
    ethnic_background = models.CharField(max_length=128, null=True, blank=True)
    additional_ethnic_background = models.CharField(max_length=255, null=True, blank=True)
    hesa_disabilities = models.JSONField(null=True, blank=True)
    disability_disclosure = models.CharField(max_length=32, choices=DisabilityDisclosure.choices)
    diversity_disclosure = models.CharField(max_length=32, choices=DiversityDisclosure.choices)

    # Course.
    training_route = models.CharField(max_length=2)
    itt_start_date = models.DateField()
    itt_end_date = models.DateField()
    trainee_start_date = models.DateField()
    start_academic_year = models.PositiveSmallIntegerField(db_index=True)
    course_subject_one = models.CharField(max_length=6)
    course_subject_two = models.CharField(max_length=6, null=True, blank=True)
    course_subject_three = models.CharField(max_length=6, null=True, blank=True)
    study_mode = models.CharField(max_length=2)
    course_age_range = models.CharField(max_length=5)
    course_min_age = models.PositiveSmallIntegerField()
    course_max_age = models.PositiveSmallIntegerField()
    course_education_phase = models.CharField(max_length=16)
    course_year = models.PositiveSmallIntegerField()
    course_level = models.CharField(max_length=16)
    course_qualification = models.CharField(max_length=8)
    itt_aim = models.CharField(max_length=3)
    itt_qualification_aim = models.CharField(max_length=3, null=True, blank=True)
    pg_apprenticeship_start_date = models.DateField(null=True, blank=True)
    # Linked when a sent URN or UKPRN names one; otherwise "not applicable" (docs/register-api.md, no error).
    lead_partner = models.ForeignKey(
        "register.LeadPartner", on_delete=models.PROTECT, null=True, blank=True, related_name="trainees"
    )
    employing_school = models.ForeignKey(
        "schools.School", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    # Funding.
    fund_code = models.CharField(max_length=1)
    funding_method = models.CharField(max_length=1)
    training_initiative = models.CharField(max_length=3, null=True, blank=True)
    additional_training_initiative = models.CharField(max_length=3, null=True, blank=True)

    # Progress through the state machine (docs/register-api.md, "States").
    submitted_for_trn_at = models.DateTimeField(null=True, blank=True)
    # Outside production: the stand-in teacher record service will answer this trainee's request for a TRN on a
    # later request (register/trs.py). The sandbox's fixed examples never wait for it.
    awaits_stand_in_trn = models.BooleanField(default=False)
    recommended_for_award_at = models.DateTimeField(null=True, blank=True)
    outcome_date = models.DateField(null=True, blank=True)
    awarded_at = models.DateTimeField(null=True, blank=True)
    defer_date = models.DateField(null=True, blank=True)
    defer_reason = models.CharField(max_length=500, null=True, blank=True)
    reinstate_date = models.DateField(null=True, blank=True)
    withdraw_date = models.DateField(null=True, blank=True)
    withdrawal_trigger = models.CharField(max_length=16, choices=WithdrawalTrigger.choices, null=True, blank=True)
    withdrawal_future_interest = models.CharField(
        max_length=16, choices=WithdrawalFutureInterest.choices, null=True, blank=True
    )
    withdrawal_reasons = ArrayField(models.CharField(max_length=64), null=True, blank=True)
    withdrawal_another_reason = models.CharField(max_length=255, null=True, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-updated_at", "-id"]
        indexes = [
            models.Index(
                fields=["training_provider", "start_academic_year", "-updated_at", "-id"],
                name="register_trainee_list_idx",
            ),
            models.Index(fields=["training_provider", "date_of_birth"], name="register_trainee_dup_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(itt_end_date__gt=models.F("itt_start_date")),
                name="register_trainee_itt_end_after_start",
            ),
            # Ids are looked up ignoring case, so they must also be unique ignoring case.
            models.UniqueConstraint(Upper("slug"), name="register_trainee_slug_ci_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.first_names} {self.last_name} ({self.slug})"

    @property
    def lead_partner_urn(self) -> str | None:
        return self.lead_partner.urn if self.lead_partner else None

    @property
    def lead_partner_ukprn(self) -> str | None:
        return self.lead_partner.ukprn if self.lead_partner else None

    @property
    def lead_partner_not_applicable(self) -> bool:
        return self.lead_partner_id is None

    @property
    def employing_school_urn(self) -> str | None:
        return self.employing_school.urn if self.employing_school else None

    @property
    def employing_school_not_applicable(self) -> bool:
        return self.employing_school_id is None


class Placement(models.Model):
    """A school or setting where a trainee spends part of their training."""

    slug = models.CharField(max_length=24, unique=True, default=new_slug, editable=False)
    trainee = models.ForeignKey(Trainee, on_delete=models.CASCADE, related_name="placements")
    urn = models.CharField("URN", max_length=6, null=True, blank=True)
    name = models.CharField(max_length=255, null=True, blank=True)
    postcode = models.CharField(max_length=8, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["trainee", "created_at", "id"], name="register_placement_order_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["trainee", "urn"],
                condition=models.Q(urn__isnull=False),
                name="register_placement_urn_unique_per_trainee",
            ),
            models.UniqueConstraint(Upper("slug"), name="register_placement_slug_ci_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.name or self.urn} ({self.slug})"

    @property
    def address(self) -> str | None:
        parts = [f"URN {self.urn}" if self.urn else None, self.postcode]
        return ", ".join(p for p in parts if p) or None


def _code(related_name: str, *, null: bool = False) -> models.ForeignKey:
    return models.ForeignKey(ReferenceCode, on_delete=models.PROTECT, related_name=related_name, null=null, blank=null)


class Degree(models.Model):
    """A degree a trainee already holds, which most postgraduate routes require."""

    slug = models.CharField(max_length=24, unique=True, default=new_slug, editable=False)
    trainee = models.ForeignKey(Trainee, on_delete=models.CASCADE, related_name="degrees")
    # The reference rows, not raw codes, so the response codes and UUIDs always follow the code lists.
    subject = _code("+")
    uk_degree = _code("+", null=True)
    non_uk_degree = _code("+", null=True)
    grade = _code("+", null=True)
    institution = _code("+", null=True)
    country = _code("+", null=True)
    graduation_year = models.PositiveSmallIntegerField()
    other_grade = models.CharField(max_length=255, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["graduation_year", "id"]
        indexes = [models.Index(fields=["trainee", "graduation_year", "id"], name="register_degree_order_idx")]
        constraints = [models.UniqueConstraint(Upper("slug"), name="register_degree_slug_ci_unique")]

    def __str__(self) -> str:
        return f"{self.subject.label} {self.graduation_year} ({self.slug})"

    @property
    def is_uk(self) -> bool:
        return self.country_id is None
