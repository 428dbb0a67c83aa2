"""Financial statements: what DfE pays each lead provider, per cohort and month (docs/statements.md; the money:
docs/finance.md)."""

import calendar
import uuid
from decimal import Decimal

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import RangeOperators
from django.db import models
from django.db.models import F, Func, Q
from simple_history.models import HistoricalRecords


class StatementState(models.TextChoices):
    OPEN = "open", "Open"
    PAYABLE = "payable", "Payable"
    PAID = "paid", "Paid"


class Statement(models.Model):
    """One month's payment to a lead provider for a cohort; output-fee statements carry declarations and
    clawbacks, and a paid statement never changes again (a database trigger refuses it)."""

    api_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    lead_provider = models.ForeignKey("partnerships.LeadProvider", on_delete=models.PROTECT, related_name="statements")
    cohort = models.ForeignKey("partnerships.Cohort", on_delete=models.PROTECT, related_name="statements")
    year = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField()
    cut_off_date = models.DateField(help_text="Declarations made up to this day are paid on this statement")
    payment_date = models.DateField()
    output_fee = models.BooleanField(default=True, help_text="Declarations and clawbacks attach to it")
    state = models.CharField(max_length=10, choices=StatementState.choices, default=StatementState.OPEN)
    marked_as_paid_at = models.DateTimeField(null=True, blank=True)
    contract = models.ForeignKey(
        "statements.CallOffContract",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="statements",
        help_text="The contract version this statement is paid under",
    )
    paid_amount = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        editable=False,
        help_text="What DfE paid, VAT included, stored when the statement was authorised for payment",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["payment_date", "id"]
        indexes = [
            models.Index(fields=["payment_date", "id"], name="statement_payment_date_idx"),
            models.Index(
                fields=["lead_provider", "cohort", "cut_off_date"],
                condition=Q(output_fee=True, state="open"),
                name="statement_open_output_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["lead_provider", "cohort", "year", "month"], name="uniq_statement_month"),
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12), name="statement_month_valid"),
            models.CheckConstraint(condition=Q(payment_date__gte=F("cut_off_date")), name="statement_dates_in_order"),
            models.CheckConstraint(
                condition=Q(state=StatementState.PAID, marked_as_paid_at__isnull=False)
                | ~Q(state=StatementState.PAID) & Q(marked_as_paid_at__isnull=True),
                name="statement_paid_has_paid_at",
            ),
            models.CheckConstraint(
                condition=Q(paid_amount__isnull=True) | Q(state=StatementState.PAID),
                name="statement_paid_amount_only_when_paid",
            ),
        ]
        permissions = [("authorise_payment", "Can authorise a statement for payment")]

    def __str__(self) -> str:
        return f"{self.name} ({self.cohort_id and self.cohort.start_year}) {self.lead_provider_id}"

    @property
    def name(self) -> str:
        return f"{calendar.month_name[self.month]} {self.year}"


class ContractType(models.TextChoices):
    """How a cohort's declarations are paid (docs/finance.md "Which model applies")."""

    ECF = "ecf", "ECTs and mentors together in bands, with uplifts (2021 to 2024)"
    ITTECF_ECTP = "ittecf_ectp", "ECTs in bands, mentors at a flat rate (2025 onwards)"


def percentage_field(default: int, **kwargs) -> models.DecimalField:
    return models.DecimalField(max_digits=5, decimal_places=2, default=Decimal(default), **kwargs)


class CallOffContract(models.Model):
    """The money terms DfE agreed with a lead provider for a cohort. Terms are never edited once a paid statement
    used them: a new version is added and later statements point at it (docs/finance.md "Contracts")."""

    lead_provider = models.ForeignKey(
        "partnerships.LeadProvider", on_delete=models.PROTECT, related_name="call_off_contracts"
    )
    cohort = models.ForeignKey("partnerships.Cohort", on_delete=models.PROTECT, related_name="call_off_contracts")
    version = models.PositiveSmallIntegerField(default=1)
    contract_type = models.CharField(max_length=20, choices=ContractType.choices, default=ContractType.ECF)
    recruitment_target = models.PositiveIntegerField()
    set_up_fee = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal(0))
    monthly_service_fee = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="When set (0 included), paid every month instead of the service fee worked out from the bands",
    )
    uplift_amount = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Paid per started declaration with a sparsity or pupil premium uplift; blank for no uplift",
    )
    uplift_target_percentage = percentage_field(0, help_text="Shown on the statement only")
    mentor_recruitment_target = models.PositiveIntegerField(null=True, blank=True)
    mentor_payment_per_participant = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="2025 onwards: a mentor's started and completed declarations each pay half of this",
    )
    vat_registered = models.BooleanField(default=True)
    vat_percentage = percentage_field(20)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["cohort__start_year", "lead_provider__name", "version"]
        indexes = [models.Index(fields=["lead_provider", "cohort", "version"], name="contract_lp_cohort_idx")]
        constraints = [
            models.UniqueConstraint(fields=["lead_provider", "cohort", "version"], name="uniq_contract_version"),
            # Lets statements reference (contract, lead provider, cohort) so a statement is paid only under a
            # contract of its own provider and cohort (a composite foreign key added in SQL).
            models.UniqueConstraint(fields=["id", "lead_provider", "cohort"], name="uniq_contract_lp_cohort"),
            models.CheckConstraint(condition=Q(set_up_fee__gte=0), name="contract_set_up_fee_not_negative"),
            models.CheckConstraint(
                condition=Q(monthly_service_fee__isnull=True) | Q(monthly_service_fee__gte=0),
                name="contract_monthly_service_fee_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(uplift_amount__isnull=True) | Q(uplift_amount__gt=0), name="contract_uplift_positive"
            ),
            models.CheckConstraint(
                condition=Q(uplift_target_percentage__gte=0, uplift_target_percentage__lte=100)
                & Q(vat_percentage__gte=0, vat_percentage__lte=100),
                name="contract_percentages_0_to_100",
            ),
            # Mentors are paid at a flat rate exactly when the contract says so, and then nothing is uplifted.
            models.CheckConstraint(
                condition=Q(
                    contract_type=ContractType.ECF,
                    mentor_payment_per_participant__isnull=True,
                    mentor_recruitment_target__isnull=True,
                )
                | Q(
                    contract_type=ContractType.ITTECF_ECTP,
                    mentor_payment_per_participant__gt=0,
                    mentor_recruitment_target__isnull=False,
                    uplift_amount__isnull=True,
                ),
                name="contract_type_matches_mentor_terms",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.lead_provider_id and self.lead_provider} {self.cohort_id and self.cohort} v{self.version}"

    @property
    def revised_recruitment_target(self) -> int:
        """Shown on the statement: 150% of the recruitment target."""
        return int(self.recruitment_target * Decimal("1.5"))


class BandLetter(models.TextChoices):
    A = "A", "Band A"
    B = "B", "Band B"
    C = "C", "Band C"
    D = "D", "Band D (new target)"


class Int4Range(Func):
    function = "int4range"
    output_field = models.Field()


class ContractBand(models.Model):
    """A volume band of a contract: participants `min_participants`..`max_participants` (inclusive, per
    declaration type) paid at `per_participant`, split into output and service shares."""

    contract = models.ForeignKey(CallOffContract, on_delete=models.CASCADE, related_name="bands")
    band = models.CharField(max_length=1, choices=BandLetter.choices)
    min_participants = models.PositiveIntegerField()
    max_participants = models.PositiveIntegerField()
    per_participant = models.DecimalField(max_digits=12, decimal_places=2)
    output_percentage = percentage_field(60)
    service_percentage = percentage_field(40)

    history = HistoricalRecords()

    class Meta:
        ordering = ["contract", "band"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "band"], name="uniq_contract_band"),
            models.CheckConstraint(condition=Q(min_participants__lte=F("max_participants")), name="band_min_le_max"),
            models.CheckConstraint(condition=Q(per_participant__gt=0), name="band_price_positive"),
            models.CheckConstraint(
                condition=Q(output_percentage__gte=0, output_percentage__lte=100)
                & Q(service_percentage__gte=0, service_percentage__lte=100)
                & Q(output_percentage=Decimal(100) - F("service_percentage")),
                name="band_percentages_0_to_100_and_sum_100",
            ),
            ExclusionConstraint(
                name="bands_do_not_overlap",
                expressions=[
                    ("contract", RangeOperators.EQUAL),
                    (Int4Range("min_participants", "max_participants", models.Value("[]")), RangeOperators.OVERLAPS),
                ],
            ),
            # Band letters follow the participant ranges (A lowest): a deferred trigger checks it
            # (migration add_contracts_and_adjustments, "contract_bands_in_order").
        ]

    def __str__(self) -> str:
        return f"Band {self.band}: {self.min_participants}–{self.max_participants} at £{self.per_participant}"


class Adjustment(models.Model):
    """A named amount finance adds to (or takes off) an output statement that is not yet paid, such as a
    backdated service fee."""

    statement = models.ForeignKey(Statement, on_delete=models.PROTECT, related_name="adjustments")
    payment_type = models.CharField(max_length=255)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["statement", "created_at", "id"]
        indexes = [models.Index(fields=["statement", "created_at", "id"], name="adjustment_statement_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(amount=0) & Q(amount__gte=-1_000_000, amount__lte=1_000_000),
                name="adjustment_amount_non_zero_within_a_million",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.payment_type}: £{self.amount}"
