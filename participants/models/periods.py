"""Who was where, mentored by whom and trained by whom, as periods that are finished and started, never rewritten.

The database refuses overlaps (exclusion constraints) and more than one open period where only one may be open
(partial unique indexes). The deferred trigger in migration 0002 checks nesting across tables: a training period
lies inside its at-school period and matches its teacher and school, its partnership is at the same school, and
its partnership, expression of interest and schedule are of one cohort; a mentorship lies inside both at-school
periods, at one school, and nobody mentors themself.
"""

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from config.periods import Period, dates_in_order, no_overlap


class WorkingPattern(models.TextChoices):
    FULL_TIME = "full_time", "Full time"
    PART_TIME = "part_time", "Part time"


class ECTAtSchoolPeriod(Period):
    """An early career teacher working at a school (an ECT is at one school at a time)."""

    teacher = models.ForeignKey("participants.Teacher", on_delete=models.PROTECT, related_name="ect_at_school_periods")
    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="ect_at_school_periods")
    email = models.EmailField(help_text="Given by the school when it registers the teacher; always present")
    working_pattern = models.CharField(max_length=20, choices=WorkingPattern.choices, default=WorkingPattern.FULL_TIME)
    # The appropriate body the school reported; required for new registrations (null only for older rows).
    appropriate_body = models.ForeignKey(
        "schools.AppropriateBody", null=True, blank=True, on_delete=models.PROTECT, related_name="ect_at_school_periods"
    )
    # Which school reported the leaving (the ECT's own school, or the one they moved to).
    reported_leaving_by_school = models.ForeignKey(
        "schools.School", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["teacher", "started_on"]
        constraints = [
            dates_in_order("ect_at_school_dates_in_order"),
            no_overlap("ect_at_school_no_overlap", "teacher"),
            models.CheckConstraint(condition=~Q(email=""), name="ect_at_school_email_required"),
            models.UniqueConstraint(
                fields=["teacher"], condition=Q(finished_on__isnull=True), name="ect_at_school_one_open"
            ),
        ]

    def __str__(self) -> str:
        return f"ECT {self.teacher_id} at {self.school_id} from {self.started_on}"


class MentorAtSchoolPeriod(Period):
    """A mentor working at a school (a mentor may be at several schools, once per school at a time)."""

    teacher = models.ForeignKey(
        "participants.Teacher", on_delete=models.PROTECT, related_name="mentor_at_school_periods"
    )
    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="mentor_at_school_periods")
    email = models.EmailField(help_text="Given by the school when it registers the teacher; always present")
    reported_leaving_by_school = models.ForeignKey(
        "schools.School", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["teacher", "started_on"]
        constraints = [
            dates_in_order("mentor_at_school_dates_in_order"),
            no_overlap("mentor_at_school_no_overlap", "teacher", "school"),
            models.CheckConstraint(condition=~Q(email=""), name="mentor_at_school_email_required"),
            models.UniqueConstraint(
                fields=["teacher", "school"], condition=Q(finished_on__isnull=True), name="mentor_at_school_one_open"
            ),
        ]

    def __str__(self) -> str:
        return f"Mentor {self.teacher_id} at {self.school_id} from {self.started_on}"


class MentorshipPeriod(Period):
    """A mentor assigned to an ECT at their school (an ECT has one mentor at a time)."""

    mentee = models.ForeignKey(ECTAtSchoolPeriod, on_delete=models.PROTECT, related_name="mentorship_periods")
    mentor = models.ForeignKey(MentorAtSchoolPeriod, on_delete=models.PROTECT, related_name="mentorship_periods")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["mentee", "started_on"]
        constraints = [
            dates_in_order("mentorship_dates_in_order"),
            no_overlap("mentorship_no_overlap", "mentee"),
            models.UniqueConstraint(
                fields=["mentee"], condition=Q(finished_on__isnull=True), name="mentorship_one_open"
            ),
        ]


class TrainingRole(models.TextChoices):
    ECT = "ect", "Early career teacher"
    MENTOR = "mentor", "Mentor"


class TrainingProgramme(models.TextChoices):
    PROVIDER_LED = "provider_led", "Provider-led"
    SCHOOL_LED = "school_led", "School-led"


class WithdrawalReason(models.TextChoices):
    LEFT_TEACHING_PROFESSION = "left-teaching-profession"
    MOVED_SCHOOL = "moved-school"
    MENTOR_NO_LONGER_BEING_MENTOR = "mentor-no-longer-being-mentor"
    SWITCHED_TO_SCHOOL_LED = "switched-to-school-led"
    OTHER = "other"


class DeferralReason(models.TextChoices):
    BEREAVEMENT = "bereavement"
    LONG_TERM_SICKNESS = "long-term-sickness"
    PARENTAL_LEAVE = "parental-leave"
    CAREER_BREAK = "career-break"
    OTHER = "other"


class TrainingPeriod(Period):
    """An ECT's or mentor's training for a span of time: provider-led (with an expression of interest for a lead
    provider or a confirmed partnership, on a schedule) or school-led."""

    teacher = models.ForeignKey("participants.Teacher", on_delete=models.PROTECT, related_name="training_periods")
    role = models.CharField(max_length=10, choices=TrainingRole.choices)
    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="training_periods")
    ect_at_school_period = models.ForeignKey(
        ECTAtSchoolPeriod, null=True, blank=True, on_delete=models.PROTECT, related_name="training_periods"
    )
    mentor_at_school_period = models.ForeignKey(
        MentorAtSchoolPeriod, null=True, blank=True, on_delete=models.PROTECT, related_name="training_periods"
    )
    training_programme = models.CharField(max_length=20, choices=TrainingProgramme.choices)
    partnership = models.ForeignKey(
        "partnerships.Partnership", null=True, blank=True, on_delete=models.PROTECT, related_name="training_periods"
    )
    expression_of_interest = models.ForeignKey(
        "partnerships.LeadProviderContract",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="expressions_of_interest",
    )
    schedule = models.ForeignKey(
        "partnerships.Schedule", null=True, blank=True, on_delete=models.PROTECT, related_name="training_periods"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawal_reason = models.CharField(max_length=40, choices=WithdrawalReason.choices, blank=True)
    deferred_at = models.DateTimeField(null=True, blank=True)
    deferral_reason = models.CharField(max_length=40, choices=DeferralReason.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["teacher", "role", "started_on"]
        indexes = [
            models.Index(fields=["school", "training_programme"], name="training_school_programme_idx"),
            models.Index(fields=["teacher", "role", "started_on"], name="training_teacher_role_idx"),
            models.Index(fields=["partnership", "teacher"], name="training_partnership_idx"),
        ]
        constraints = [
            dates_in_order("training_dates_in_order"),
            no_overlap("training_no_overlap", "teacher", "role"),
            models.UniqueConstraint(
                fields=["ect_at_school_period"],
                condition=Q(finished_on__isnull=True, ect_at_school_period__isnull=False),
                name="training_one_open_per_ect_period",
            ),
            models.UniqueConstraint(
                fields=["mentor_at_school_period"],
                condition=Q(finished_on__isnull=True, mentor_at_school_period__isnull=False),
                name="training_one_open_per_mentor_period",
            ),
            models.CheckConstraint(
                condition=(
                    Q(role=TrainingRole.ECT, ect_at_school_period__isnull=False, mentor_at_school_period__isnull=True)
                    | Q(
                        role=TrainingRole.MENTOR,
                        mentor_at_school_period__isnull=False,
                        ect_at_school_period__isnull=True,
                    )
                ),
                name="training_one_at_school_period_of_its_role",
            ),
            models.CheckConstraint(
                condition=(
                    Q(training_programme=TrainingProgramme.PROVIDER_LED, schedule__isnull=False)
                    & (Q(partnership__isnull=False) | Q(expression_of_interest__isnull=False))
                )
                | Q(
                    training_programme=TrainingProgramme.SCHOOL_LED,
                    schedule__isnull=True,
                    partnership__isnull=True,
                    expression_of_interest__isnull=True,
                ),
                name="training_programme_links",
            ),
            models.CheckConstraint(
                condition=~Q(role=TrainingRole.MENTOR, training_programme=TrainingProgramme.SCHOOL_LED),
                name="training_mentors_provider_led_only",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True, withdrawal_reason="")
                | Q(withdrawn_at__isnull=False, finished_on__isnull=False) & ~Q(withdrawal_reason=""),
                name="training_withdrawal_complete",
            ),
            models.CheckConstraint(
                condition=Q(deferred_at__isnull=True, deferral_reason="")
                | Q(deferred_at__isnull=False, finished_on__isnull=False) & ~Q(deferral_reason=""),
                name="training_deferral_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} training of {self.teacher_id} from {self.started_on}"

    @property
    def at_school_period(self):
        return self.ect_at_school_period if self.role == TrainingRole.ECT else self.mentor_at_school_period

    @property
    def confirmed(self) -> bool:
        return self.partnership_id is not None
