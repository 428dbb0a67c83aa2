"""Loads the default cohorts and schedules (docs/partnerships.md, "Cohorts and schedules"; docs/decisions.md 9); DfE
staff edit them in the admin.

Idempotent: rows that exist are left as they are, so edits made in the admin survive a reload.
"""

import csv
import datetime as dt
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


def _date(value: str) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _rows(name: str) -> list[dict[str, str]]:
    with open(DATA_DIR / name, newline="") as handle:
        return list(csv.DictReader(handle))


def load_reference_data(*, models: dict | None = None) -> None:
    """Loads the rows into the current models, or into the historical ones a migration passes as `models`
    ({"Cohort": ..., "Schedule": ..., "Milestone": ...}, resolved by the migration itself)."""
    if models is None:
        from .models import Cohort, Milestone, Schedule
    else:
        Cohort, Schedule, Milestone = models["Cohort"], models["Schedule"], models["Milestone"]

    cohorts = {}
    for row in _rows("cohorts.csv"):
        frozen = row["payments_frozen_at"]
        cohorts[int(row["start_year"])], _ = Cohort.objects.get_or_create(
            start_year=int(row["start_year"]),
            defaults={
                "registration_start_date": _date(row["registration_start_date"]),
                "academic_year_start_date": _date(row["academic_year_start_date"]),
                "automatic_assignment_period_end_date": _date(row["automatic_assignment_period_end_date"]),
                "enabled": row["enabled"] == "true",
                "payments_frozen_at": dt.datetime.fromisoformat(frozen.replace("Z", "+00:00")) if frozen else None,
                "mentor_funding": row["mentor_funding"] == "true",
                "detailed_evidence_types": row["detailed_evidence_types"] == "true",
            },
        )
    schedules = {}
    for row in _rows("schedules.csv"):
        cohort = cohorts[int(row["cohort"])]
        identifier = row["schedule_identifier"]
        key = (cohort.pk, identifier)
        if key not in schedules:
            schedules[key], _ = Schedule.objects.get_or_create(
                cohort=cohort,
                identifier=identifier,
                defaults={
                    "name": "ECF " + " ".join(identifier.split("-")[1:]).title(),
                    "schedule_type": identifier.split("-")[1],
                },
            )
        Milestone.objects.get_or_create(
            schedule=schedules[key],
            declaration_type=row["declaration_type"],
            defaults={
                "name": row["milestone_name"],
                "start_date": _date(row["start_date"]),
                "milestone_date": _date(row["milestone_date"]),
                "payment_date": _date(row["payment_date"]),
            },
        )
