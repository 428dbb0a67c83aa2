import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from config.db import ApiTimestamps


class GiasStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"
    PROPOSED_TO_CLOSE = "proposed_to_close", "Open, but proposed to close"
    PROPOSED_TO_OPEN = "proposed_to_open", "Proposed to open"


# GIAS establishment type codes that are not funded for ECF training (docs/partnerships.md, "Schools").
INELIGIBLE_ESTABLISHMENT_TYPES = frozenset({10, 11, 24, 25, 26, 27, 29, 30, 37, 49, 56})


def eligible_for_funding_q() -> Q:
    """Open schools in England of a funded establishment type, or section 41 approved (in SQL; the property
    School.eligible_for_funding is the same rule for one loaded school, and a test keeps them in step)."""
    return (
        Q(gias_status__in=[GiasStatus.OPEN, GiasStatus.PROPOSED_TO_CLOSE])
        & (Q(administrative_district_code__startswith="E") | Q(administrative_district_code="9999"))
        & (~Q(establishment_type_code__in=sorted(INELIGIBLE_ESTABLISHMENT_TYPES)) | Q(section_41_approved=True))
    )


class School(ApiTimestamps):
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
    # The contract period (cohort start year) in which the school last confirmed its induction tutor.
    induction_tutor_last_nominated_in = models.PositiveSmallIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    api_updated_at = models.DateTimeField(default=timezone.now, db_index=True)

    # A change to any of these moves api_updated_at: lead providers see them.
    api_timestamps = {"api_updated_at": ("urn", "name", "induction_tutor_name", "induction_tutor_email")}

    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["created_at", "id"], name="school_created_idx")]
        # Viewing as a school acts on its pages, so it is not a view permission (docs/security.md §1).
        permissions = [("act_as_school", "Can view a school's pages as the school and act there for it")]
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


class AppropriateBodyType(models.TextChoices):
    TEACHING_SCHOOL_HUB = "teaching_school_hub", "Teaching school hub"
    NATIONAL = "national", "National body"
    LOCAL_AUTHORITY = "local_authority", "Local authority"


class AppropriateBody(models.Model):
    """A body that quality-assures an ECT's induction: a teaching school hub, or the national body for independent
    schools (ISTIP). Local authorities no longer take new inductions (docs/school-pages.md)."""

    name = models.CharField(max_length=255, unique=True)
    body_type = models.CharField(max_length=30, choices=AppropriateBodyType.choices)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "appropriate bodies"

    def __str__(self) -> str:
        return self.name


class SchoolProgrammeChoices(models.Model):
    """What a school chose when it last registered an ECT (appropriate body, programme, lead provider), offered
    again as "use previous programme choices" (docs/school-pages.md)."""

    school = models.OneToOneField(School, on_delete=models.CASCADE, related_name="last_choices")
    appropriate_body = models.ForeignKey(AppropriateBody, null=True, blank=True, on_delete=models.PROTECT)
    training_programme = models.CharField(
        max_length=20, blank=True, choices=[("provider_led", "Provider-led"), ("school_led", "School-led")]
    )
    lead_provider = models.ForeignKey(
        "partnerships.LeadProvider", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["school"]
        verbose_name_plural = "school programme choices"
        constraints = [
            models.CheckConstraint(
                condition=~Q(training_programme="school_led", lead_provider__isnull=False),
                name="school_choices_school_led_has_no_provider",
            )
        ]


class SchoolUser(models.Model):
    """A person DfE lets sign in to a school's pages with an emailed one-time code (docs/school-sign-in.md)."""

    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=255, blank=True)
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="users")
    last_signed_in_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["email"]
        constraints = [
            models.CheckConstraint(condition=Q(email=models.functions.Lower("email")), name="school_user_email_lower"),
        ]
        # Unlocking is not changing: support unlocks, only a superuser edits who may sign in (docs/security.md §1).
        permissions = [("unlock_schooluser", "Can unlock a school user's sign-in")]

    def __str__(self) -> str:
        return f"{self.email} ({self.school.urn})"


class EmailSignIn(models.Model):
    """The emailed-code sign-in of one email address, whether or not it is a school user's: its current code, its
    wrong codes and its lock. Every address is kept the same way, so no page and no timing tells which addresses
    are school users (docs/school-sign-in.md); the address itself is not stored, only a keyed hash of it."""

    email_digest = models.CharField(max_length=64, unique=True)
    # The school user with this address when it was last used (none for an address that is nobody's).
    school_user = models.ForeignKey(
        SchoolUser, null=True, blank=True, on_delete=models.SET_NULL, related_name="email_sign_ins"
    )
    code_digest = models.CharField(max_length=64, blank=True)
    code_issued_at = models.DateTimeField(null=True, blank=True)
    failed_codes = models.PositiveSmallIntegerField(default=0)
    locked_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["email_digest"]

    def __str__(self) -> str:
        return f"sign-in {self.email_digest[:8]}…"


class RegistrationClosure(models.Model):
    """Days on which schools cannot register or re-assign teachers while DfE sets up the next contract period."""

    starts_on = models.DateField()
    finishes_on = models.DateField()
    reason = models.CharField(max_length=255, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(finishes_on__gte=models.F("starts_on")), name="registration_closure_dates_in_order"
            )
        ]

    def __str__(self) -> str:
        return f"{self.starts_on} to {self.finishes_on}"


class SupportQuery(models.Model):
    """A question someone sent DfE support from the service's "Contact DfE support" page; support staff read it in
    the admin and close it once answered (docs/school-pages.md, "Contact DfE support")."""

    name = models.CharField(max_length=255)
    email = models.EmailField(max_length=254)
    # The school as the sender named it; `school` is set too when they were signed in to its pages.
    school_name = models.CharField("School", max_length=255)
    school = models.ForeignKey(School, null=True, blank=True, on_delete=models.SET_NULL, related_name="support_queries")
    message = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["-created_at", "-id"], name="support_query_created_idx")]
        verbose_name_plural = "support queries"
        # Closing is not editing: support closes queries, nobody edits what was sent (docs/security.md §1).
        permissions = [("close_supportquery", "Can close a support query")]

    def __str__(self) -> str:
        return f"{self.name} ({self.school_name}), {self.created_at:%d %b %Y}"
