"""Participant declarations: a lead provider's claim that a participant reached a milestone (docs/declarations.md)."""

import uuid

from django.db import models
from django.db.models import Case, F, Q, TextField, Value, When
from django.db.models.functions import Replace

from partnerships.models import DeclarationType


class CourseIdentifier(models.TextChoices):
    ECF_INDUCTION = "ecf-induction", "ECT induction"
    ECF_MENTOR = "ecf-mentor", "Mentor training"


class PaymentState(models.TextChoices):
    """How far the claim has gone towards payment; `no_payment` is shown to providers as `submitted`."""

    NO_PAYMENT = "no_payment", "Submitted (not yet fundable)"
    ELIGIBLE = "eligible", "Eligible"
    PAYABLE = "payable", "Payable"
    PAID = "paid", "Paid"
    VOIDED = "voided", "Voided"
    INELIGIBLE = "ineligible", "Ineligible"


class ClawbackState(models.TextChoices):
    NONE = "", "No clawback"
    AWAITING_CLAWBACK = "awaiting_clawback", "Awaiting clawback"
    CLAWED_BACK = "clawed_back", "Clawed back"


class IneligibleReason(models.TextChoices):
    NONE = "", "None"
    DUPLICATE_DECLARATION = "duplicate_declaration", "Duplicate declaration"


class EvidenceHeld(models.TextChoices):
    TRAINING_EVENT_ATTENDED = "training-event-attended"
    SELF_STUDY_MATERIAL_COMPLETED = "self-study-material-completed"
    MATERIALS_ENGAGED_WITH_OFFLINE = "materials-engaged-with-offline"
    OTHER = "other"
    ENGAGEMENT_MET = "75-percent-engagement-met"
    ENGAGEMENT_MET_REDUCED_INDUCTION = "75-percent-engagement-met-reduced-induction"
    ONE_TERM_INDUCTION = "one-term-induction"


# A claim that will be, or has been, paid: at most one per participant, course and milestone (docs/declarations.md,
# "Vocabulary").
BILLABLE_PAYMENT_STATES = (PaymentState.NO_PAYMENT, PaymentState.ELIGIBLE, PaymentState.PAYABLE, PaymentState.PAID)
BILLABLE = Q(payment_state__in=BILLABLE_PAYMENT_STATES, clawback_state=ClawbackState.NONE)
# States in which the declaration sits on `statement` as a claim (rendered `statement_id`): what the statement pays
# (docs/finance.md "Which declarations a statement counts").
ON_STATEMENT_STATES = (PaymentState.ELIGIBLE, PaymentState.PAYABLE, PaymentState.PAID)
# States in which a paid declaration sits on `clawback_statement` as money owed back.
CLAWBACK_STATES = (ClawbackState.AWAITING_CLAWBACK, ClawbackState.CLAWED_BACK)
# A claim that carries an uplift: only `started` claims carry the school's flags (docs/declarations.md, "The
# resource"; docs/finance.md "Uplift fees").
UPLIFTED = Q(declaration_type=DeclarationType.STARTED) & (Q(pupil_premium_uplift=True) | Q(sparsity_uplift=True))


def api_state_expression() -> Case:
    """The state lead providers see, in SQL (docs/lead-provider-api.md): the clawback state first, dasherised;
    `no_payment` shows as `submitted`; otherwise the payment state. `Declaration.api_state` is the same rule in
    Python, and tests/declarations/test_rule_agreement.py keeps the two in step."""
    return Case(
        When(~Q(clawback_state=ClawbackState.NONE), then=Replace(F("clawback_state"), Value("_"), Value("-"))),
        When(payment_state=PaymentState.NO_PAYMENT, then=Value("submitted")),
        default=F("payment_state"),
        output_field=TextField(),
    )


class Declaration(models.Model):
    """A lead provider's claim that a participant reached a milestone of their schedule, and its way to payment
    (and possibly back, as a clawback)."""

    PaymentState = PaymentState
    ClawbackState = ClawbackState

    api_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    lead_provider = models.ForeignKey(
        "partnerships.LeadProvider", on_delete=models.PROTECT, related_name="declarations"
    )
    teacher = models.ForeignKey("participants.Teacher", on_delete=models.PROTECT, related_name="declarations")
    training_period = models.ForeignKey(
        "participants.TrainingPeriod", on_delete=models.PROTECT, related_name="declarations"
    )
    course_identifier = models.CharField(max_length=20, choices=CourseIdentifier.choices)
    declaration_type = models.CharField(max_length=20, choices=DeclarationType.choices)
    declaration_date = models.DateTimeField()
    evidence_held = models.CharField(max_length=60, choices=EvidenceHeld.choices, blank=True)
    cohort = models.ForeignKey("partnerships.Cohort", on_delete=models.PROTECT, related_name="declarations")
    # Facts at the declaration date, kept as they were (docs/declarations.md, "Facts kept with the claim").
    delivery_partner = models.ForeignKey(
        "partnerships.DeliveryPartner", null=True, blank=True, on_delete=models.PROTECT, related_name="declarations"
    )
    mentor = models.ForeignKey(
        "participants.Teacher", null=True, blank=True, on_delete=models.PROTECT, related_name="mentee_declarations"
    )
    pupil_premium_uplift = models.BooleanField(default=False)
    sparsity_uplift = models.BooleanField(default=False)
    payment_state = models.CharField(max_length=20, choices=PaymentState.choices, default=PaymentState.NO_PAYMENT)
    clawback_state = models.CharField(max_length=20, choices=ClawbackState.choices, blank=True, default="")
    ineligible_reason = models.CharField(max_length=40, choices=IneligibleReason.choices, blank=True, default="")
    superseded_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_declarations"
    )
    statement = models.ForeignKey(
        "statements.Statement", null=True, blank=True, on_delete=models.PROTECT, related_name="declarations"
    )
    clawback_statement = models.ForeignKey(
        "statements.Statement", null=True, blank=True, on_delete=models.PROTECT, related_name="clawbacks"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]
        permissions = [("void_declaration", "Can void a declaration (or claw back a paid one)")]
        indexes = [
            models.Index(fields=["created_at", "id"], name="declaration_created_idx"),
            models.Index(fields=["lead_provider", "updated_at"], name="declaration_lp_updated_idx"),
            models.Index(fields=["teacher", "course_identifier"], name="declaration_teacher_course_idx"),
            models.Index(fields=["statement", "payment_state"], name="declaration_statement_idx"),
            models.Index(fields=["clawback_statement", "clawback_state"], name="declaration_clawback_idx"),
        ]
        constraints = [
            # The database backs "already claimed" and makes concurrent identical POSTs create one row.
            models.UniqueConstraint(
                fields=["teacher", "course_identifier", "declaration_type"],
                condition=BILLABLE,
                name="uniq_billable_declaration",
            ),
            models.CheckConstraint(
                condition=Q(payment_state=PaymentState.NO_PAYMENT, statement__isnull=True)
                | Q(payment_state__in=ON_STATEMENT_STATES, statement__isnull=False)
                | Q(payment_state__in=[PaymentState.VOIDED, PaymentState.INELIGIBLE]),
                name="declaration_statement_matches_state",
            ),
            models.CheckConstraint(
                condition=Q(clawback_state=ClawbackState.NONE, clawback_statement__isnull=True)
                | Q(payment_state=PaymentState.PAID, clawback_statement__isnull=False)
                & ~Q(clawback_state=ClawbackState.NONE),
                name="declaration_clawback_only_when_paid",
            ),
            # A voided duplicate keeps the reason it was ineligible for; only an ineligible one shows it.
            models.CheckConstraint(
                condition=Q(payment_state__in=[PaymentState.INELIGIBLE, PaymentState.VOIDED])
                | Q(ineligible_reason=IneligibleReason.NONE),
                name="declaration_reason_only_when_ineligible",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.declaration_type} {self.course_identifier} of {self.teacher_id} ({self.api_state})"

    @property
    def api_state(self) -> str:
        """The state lead providers see: Python form of `api_state_expression`, for one loaded declaration."""
        if self.clawback_state:
            return self.clawback_state.replace("_", "-")
        if self.payment_state == PaymentState.NO_PAYMENT:
            return "submitted"
        return self.payment_state

    @property
    def role(self) -> str:
        return "ect" if self.course_identifier == CourseIdentifier.ECF_INDUCTION else "mentor"


# Where a declaration counts, and how (docs/finance.md "Which declarations a statement counts"): its type and course,
# its statement and payment state, its clawback statement and clawback state; and whether it carries an uplift.
WHERE_A_CLAIM_COUNTS = (
    "declaration_type",
    "course_identifier",
    "statement_id",
    "payment_state",
    "clawback_statement_id",
    "clawback_state",
)
# The facts a claim group is counted by (docs/finance.md "How the counts are kept"): the provider and cohort, where it
# counts, and the uplift flags `UPLIFTED` reads.
CLAIM_GROUP_FACTS = ("lead_provider_id", "cohort_id", *WHERE_A_CLAIM_COUNTS, "pupil_premium_uplift", "sparsity_uplift")
# A transaction that changes several declarations one UPDATE at a time takes them in this order, the order in which
# the counting trigger locks the groups' kept counts, so that two such transactions never wait for each other's
# counts the other way round (docs/finance.md "How the counts are kept").
CLAIM_GROUP_ORDER = CLAIM_GROUP_FACTS[:4] + ("id",)


class ClaimGroupCount(models.Model):
    """How many of a provider's declarations share every fact that decides where a statement counts them
    (`CLAIM_GROUP_FACTS`), kept by the database as declarations are inserted, updated, deleted or truncated, by any
    connection (migrations 0009 to 0011; docs/finance.md "How the counts are kept"). The statement page reads these
    few rows instead of counting the provider's declarations on every visit; the payment run checks them against the
    declarations before it pays. Only the counting trigger writes them (as the tables' owner).

    `shard` (the declaration id modulo `SHARDS`) spreads one busy group over several rows, so that concurrent POSTs
    of the same kind of claim seldom wait for one another's row (held until each commits)."""

    SHARDS = 8

    lead_provider_id = models.BigIntegerField()
    cohort_id = models.BigIntegerField()
    declaration_type = models.CharField(max_length=20, choices=DeclarationType.choices)
    course_identifier = models.CharField(max_length=20, choices=CourseIdentifier.choices)
    statement_id = models.BigIntegerField(null=True)
    payment_state = models.CharField(max_length=20, choices=PaymentState.choices)
    clawback_statement_id = models.BigIntegerField(null=True)
    clawback_state = models.CharField(max_length=20, choices=ClawbackState.choices, blank=True)
    pupil_premium_uplift = models.BooleanField()
    sparsity_uplift = models.BooleanField()
    shard = models.SmallIntegerField()
    # Never negative; the migration's trigger checks each row as it is written (a CHECK constraint would refuse the
    # negative change proposed for a group before PostgreSQL found the group's row to add it to).
    count = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[*CLAIM_GROUP_FACTS, "shard"],
                nulls_distinct=False,
                name="uniq_claim_group",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.count} × {self.declaration_type} {self.course_identifier} ({self.payment_state})"
