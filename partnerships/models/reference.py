"""Reference data DfE staff maintain: cohorts (contract periods), schedules and their milestones."""

import datetime as dt

from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from config.text import is_ascii_number


class Cohort(models.Model):
    """A contract period: the year a group of participants starts training, and the rules that year follows."""

    start_year = models.PositiveSmallIntegerField(unique=True)
    registration_start_date = models.DateField()
    academic_year_start_date = models.DateField()
    automatic_assignment_period_end_date = models.DateField()
    # Closed cohorts take no new partnerships.
    enabled = models.BooleanField(default=True)
    payments_frozen_at = models.DateTimeField(null=True, blank=True)
    mentor_funding = models.BooleanField(default=False)
    detailed_evidence_types = models.BooleanField(default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["start_year"]
        constraints = [
            models.CheckConstraint(condition=Q(start_year__gte=2020, start_year__lte=2100), name="cohort_year_range"),
        ]

    def __str__(self) -> str:
        return str(self.start_year)

    @classmethod
    def for_api(cls, value) -> "Cohort | None":
        """The cohort a client named by its start year ("2025" or 2025), or None when there is none."""
        text = str(value).strip()
        return cls.objects.filter(start_year=int(text)).first() if is_ascii_number(text) else None


class ScheduleType(models.TextChoices):
    STANDARD = "standard", "Standard"
    REDUCED = "reduced", "Reduced"
    EXTENDED = "extended", "Extended"
    REPLACEMENT = "replacement", "Replacement (mentors only)"


class DeclarationType(models.TextChoices):
    STARTED = "started", "Started"
    RETAINED_1 = "retained-1", "Retained 1"
    RETAINED_2 = "retained-2", "Retained 2"
    RETAINED_3 = "retained-3", "Retained 3"
    RETAINED_4 = "retained-4", "Retained 4"
    COMPLETED = "completed", "Completed"
    EXTENDED_1 = "extended-1", "Extended 1"
    EXTENDED_2 = "extended-2", "Extended 2"
    EXTENDED_3 = "extended-3", "Extended 3"


class Schedule(models.Model):
    """A training timetable of a cohort (e.g. ecf-standard-september) that participants' declarations follow."""

    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="schedules")
    identifier = models.SlugField(max_length=60)
    name = models.CharField(max_length=120)
    schedule_type = models.CharField(max_length=20, choices=ScheduleType.choices)

    history = HistoricalRecords()

    class Meta:
        ordering = ["cohort__start_year", "identifier"]
        constraints = [models.UniqueConstraint(fields=["cohort", "identifier"], name="uniq_schedule_per_cohort")]

    def __str__(self) -> str:
        return f"{self.identifier} ({self.cohort_id and self.cohort.start_year})"


class Milestone(models.Model):
    """The window in which one declaration type of a schedule may be dated, and when it is paid."""

    schedule = models.ForeignKey(Schedule, on_delete=models.CASCADE, related_name="milestones")
    name = models.CharField(max_length=120)
    declaration_type = models.CharField(max_length=20, choices=DeclarationType.choices)
    start_date = models.DateField()
    # The last valid day; none means open-ended (non-standard schedules).
    milestone_date = models.DateField(null=True, blank=True)
    payment_date = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["schedule", "start_date", "declaration_type"]
        constraints = [
            models.UniqueConstraint(fields=["schedule", "declaration_type"], name="uniq_milestone_per_schedule"),
            models.CheckConstraint(
                condition=Q(milestone_date__isnull=True) | Q(milestone_date__gte=F("start_date")),
                name="milestone_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.schedule.identifier} {self.declaration_type}"

    def window_position(self, moment: dt.datetime) -> str | None:
        """Where a declaration dated `moment` falls: "before" the start day, "after" the whole milestone day, or
        None when inside the window (docs/declarations.md, "Checks, in order" 7–8; change schedule uses the same
        window)."""
        if moment < dt.datetime.combine(self.start_date, dt.time.min, tzinfo=dt.UTC):
            return "before"
        if self.milestone_date is not None and moment >= dt.datetime.combine(
            self.milestone_date, dt.time.max, tzinfo=dt.UTC
        ):
            return "after"
        return None
