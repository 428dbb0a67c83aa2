"""Financial statements: what DfE pays each lead provider, per cohort and month (ecf-rules.md §5)."""

import calendar
import uuid

from django.db import models
from django.db.models import F, Q


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
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.cohort_id and self.cohort.start_year}) {self.lead_provider_id}"

    @property
    def name(self) -> str:
        return f"{calendar.month_name[self.month]} {self.year}"
