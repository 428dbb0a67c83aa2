from django.db import models
from simple_history.models import HistoricalRecords


class CodeList(models.TextChoices):
    """The HESA/DfE code lists of register/data/codes/, one per CSV file."""

    SEX = "sex"
    ETHNICITY = "ethnicity"
    DISABILITY = "disability"
    TRAINING_ROUTE = "training_route"
    COURSE_SUBJECT = "course_subject"
    STUDY_MODE = "study_mode"
    COURSE_AGE_RANGE = "course_age_range"
    ITT_AIM = "itt_aim"
    ITT_QUALIFICATION_AIM = "itt_qualification_aim"
    FUND_CODE = "fund_code"
    BURSARY_LEVEL = "bursary_level"
    TRAINING_INITIATIVE = "training_initiative"
    NATIONALITY = "nationality"
    COUNTRY = "country"
    DEGREE_TYPE = "degree_type"
    DEGREE_GRADE = "degree_grade"
    DEGREE_INSTITUTION = "degree_institution"
    DEGREE_SUBJECT = "degree_subject"
    WITHDRAWAL_REASON = "withdrawal_reason"
    FUNDING_RULE = "funding_rule"


class ReferenceCode(models.Model):
    """One accepted value of a HESA or DfE code list, with the facts Register derives from it."""

    code_list = models.CharField(max_length=32, choices=CodeList.choices)
    code = models.CharField(max_length=64)
    # Withdrawal reasons repeat a code once per trigger, so the trigger is part of the identity.
    qualifier = models.CharField(max_length=32, blank=True, default="")
    label = models.CharField(max_length=500)
    # Every other CSV column, kept verbatim ("" for empty cells) so new columns need no migration.
    attributes = models.JSONField(default=dict, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["code_list", "code", "qualifier"]
        constraints = [
            models.UniqueConstraint(fields=["code_list", "code", "qualifier"], name="register_reference_code_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.code_list} {self.code}: {self.label}"

    def attr(self, name: str) -> str:
        return self.attributes.get(name, "")

    def flag(self, name: str) -> bool:
        return self.attributes.get(name) == "true"

    @property
    def response_code(self) -> str | None:
        """The code the API returns for a stored value: empty cells mean the API answers null."""
        if "response_code" not in self.attributes:
            return self.code
        return self.attributes["response_code"] or None

    @property
    def uuid(self) -> str | None:
        return self.attributes.get("uuid") or None


class AcademicCycle(models.Model):
    """A training year running from 1 August to 31 July, named by the year it starts in."""

    start_year = models.PositiveSmallIntegerField(unique=True)
    start_date = models.DateField()
    end_date = models.DateField()

    class Meta:
        ordering = ["start_year"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gt=models.F("start_date")), name="register_cycle_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.start_year} to {self.start_year + 1}"
