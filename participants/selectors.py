"""Reads of participants; every one takes the requesting lead provider."""

import datetime as dt

from django.db.models import Exists, OuterRef, QuerySet

from config.text import as_uuid
from partnerships.models import LeadProvider

from .models import ParticipantIdChange, Teacher, TrainingPeriod

# The API's course identifiers and the training roles they name.
COURSE_ROLES = {"ecf-induction": "ect", "ecf-mentor": "mentor"}
ROLE_COURSES = {role: course for course, role in COURSE_ROLES.items()}


def teacher_for_write(*, participant_id) -> Teacher | None:
    """The participant a write request names, following merges: a retired participant id still works
    (docs/participants.md, "Merging duplicate records")."""
    api_id = as_uuid(participant_id)
    if api_id is None:
        return None
    # Whether duplicates were merged into the record, so callers skip looking for their claims when none were.
    with_merges = Teacher.objects.annotate(
        has_merged_records=Exists(Teacher.objects.filter(merged_into=OuterRef("pk")))
    )
    teacher = with_merges.filter(api_id=api_id).first()
    if teacher is None:
        change = ParticipantIdChange.objects.filter(from_participant_id=api_id).first()
        teacher = with_merges.get(pk=change.teacher_id) if change else None
    seen = set()
    while teacher is not None and teacher.merged_into_id is not None and teacher.pk not in seen:
        seen.add(teacher.pk)
        teacher = with_merges.get(pk=teacher.merged_into_id)
    return teacher


def lead_provider_training_periods(*, lead_provider: LeadProvider) -> QuerySet[TrainingPeriod]:
    """Training periods confirmed by one of the lead provider's partnerships."""
    return TrainingPeriod.objects.filter(partnership__delivery_partnership__contract__lead_provider=lead_provider)


def latest_training_period(
    *, lead_provider: LeadProvider, teacher: Teacher, role: str, on_or_before: dt.date | None = None
) -> TrainingPeriod | None:
    """The lead provider's most recent confirmed training period of the teacher in the role (optionally the
    latest one started on or before a date)."""
    periods = lead_provider_training_periods(lead_provider=lead_provider).filter(teacher=teacher, role=role)
    if on_or_before is not None:
        periods = periods.filter(started_on__lte=on_or_before)
    # Only what callers read on the hot declaration path; other relations load on demand.
    return (
        periods.select_related("schedule__cohort", "partnership__delivery_partnership")
        .order_by("-started_on", "-id")
        .first()
    )


def trained_by(*, lead_provider: LeadProvider, teacher: Teacher) -> bool:
    """Whether the lead provider trains or trained the teacher, in any role."""
    return lead_provider_training_periods(lead_provider=lead_provider).filter(teacher=teacher).exists()


def participants_for(*, lead_provider: LeadProvider) -> QuerySet[Teacher]:
    """Teachers the lead provider trains or trained: some training period of theirs was confirmed by one of its
    partnerships. Merged duplicates are hidden (their surviving record is listed)."""
    confirmed = lead_provider_training_periods(lead_provider=lead_provider).filter(teacher=OuterRef("pk"))
    return Teacher.objects.filter(Exists(confirmed), merged_into__isnull=True)
