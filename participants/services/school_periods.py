"""Ending and replacing the periods a school's changes touch (docs/school-registration.md "History").

Inner periods go first (mentorships, training), then the at-school period, so the nesting check holds. A period
that has not started by the new end is destroyed with its events; one that has started is finished.
"""

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.db.models import ProtectedError, Q

from config.errors import DomainValidationError
from config.models import Event

from ..models import ECTAtSchoolPeriod, MentorAtSchoolPeriod, MentorshipPeriod, Teacher, TrainingPeriod
from ..notifications import transfers_appeared
from ..rules import TRAINING_WITH_DECLARATIONS


def refuse(attribute: str, message: str | None) -> None:
    """Refuse the write with the rule's message for the attribute, when the rule gave one."""
    if message:
        raise DomainValidationError(attribute, message)


def latest_training_start(period, *, today: dt.date) -> dt.date | None:
    """When the at-school period's latest training that has started began (a leaving date must come after it)."""
    return (
        period.training_periods.filter(started_on__lte=today)
        .order_by("-started_on")
        .values_list("started_on", flat=True)
        .first()
    )


def leaving_date_check(period, *, leaving_on: dt.date, today: dt.date) -> None:
    """docs/school-registration.md "Dates" and "Changes": the date rules of reporting an ECT or mentor leaving."""
    from ..school_pages import date_rules

    refuse(
        "leaving_on",
        date_rules.leaving_date_error(
            leaving_on,
            started_on=period.started_on,
            latest_training_start=latest_training_start(period, today=today),
            teacher_name=period.teacher.full_name,
            role="mentor" if isinstance(period, MentorAtSchoolPeriod) else "ect",
            today=today,
        ),
    )


def destroy_period(period) -> None:
    """A period superseded before it began never happened: it goes, with its events."""
    Event.objects.filter(subject_type=ContentType.objects.get_for_model(period), subject_id=period.pk).delete()
    try:
        period.delete()
    except ProtectedError:
        raise DomainValidationError("training_period", TRAINING_WITH_DECLARATIONS) from None


def end_period(period, *, last_day: dt.date) -> bool:
    """Finish `period` on `last_day`, or destroy it if it starts after that day. Periods already over by then are
    left alone. Returns whether the period still exists."""
    if period.started_on > last_day:
        destroy_period(period)
        return False
    if period.finished_on is None or period.finished_on > last_day:
        period.finished_on = last_day
        fields = ["finished_on", "updated_at"] if hasattr(period, "updated_at") else ["finished_on"]
        period.save(update_fields=fields)
    return True


def _not_over_by(queryset, day: dt.date):
    return queryset.filter(Q(finished_on__isnull=True) | Q(finished_on__gt=day))


def _touch(*teacher_ids) -> None:
    Teacher.objects.filter(pk__in=teacher_ids).touch_api_timestamps("api_updated_at")


def ect_at_school_end(
    *, period: ECTAtSchoolPeriod, last_day: dt.date, reported_by_school=None
) -> ECTAtSchoolPeriod | None:
    """The ECT's mentorships and training end with their time at the school; the at-school period is finished
    on `last_day` (and remembers which school reported it), or destroyed if it had not started."""
    period = ECTAtSchoolPeriod.objects.select_for_update().get(pk=period.pk)
    for mentorship in _not_over_by(MentorshipPeriod.objects.select_for_update().filter(mentee=period), last_day):
        end_period(mentorship, last_day=last_day)
    ended = [
        training.pk
        for training in _not_over_by(
            TrainingPeriod.objects.select_for_update().filter(ect_at_school_period=period), last_day
        )
        if end_period(training, last_day=last_day)
    ]
    _touch(period.teacher_id)
    if period.started_on > last_day:
        destroy_period(period)
        return None
    if period.finished_on is None or period.finished_on > last_day:
        period.finished_on = last_day
    if reported_by_school is not None:
        period.reported_leaving_by_school = reported_by_school
    period.save(update_fields=["finished_on", "reported_leaving_by_school"])
    # Training that ended with the time at the school is now the leaving side of a transfer.
    transfers_appeared(TrainingPeriod.objects.filter(pk__in=ended))
    return period


def mentor_at_school_end(
    *, period: MentorAtSchoolPeriod, last_day: dt.date, reported_by_school=None
) -> MentorAtSchoolPeriod | None:
    """A mentor leaves one school: their mentorships there end on the earlier of the leaving date and the mentee's
    end, their training there ends, and the at-school period is finished (or destroyed if it had not started)."""
    period = MentorAtSchoolPeriod.objects.select_for_update().get(pk=period.pk)
    mentorships = MentorshipPeriod.objects.select_for_update().filter(mentor=period).select_related("mentee")
    for mentorship in _not_over_by(mentorships, last_day):
        end_period(mentorship, last_day=last_day)
    ended = [
        training.pk
        for training in _not_over_by(
            TrainingPeriod.objects.select_for_update().filter(mentor_at_school_period=period), last_day
        )
        if end_period(training, last_day=last_day)
    ]
    _touch(period.teacher_id)
    Teacher.objects.filter(pk=period.teacher_id).touch_api_timestamps("api_unfunded_mentor_updated_at")
    if period.started_on > last_day:
        destroy_period(period)
        return None
    if period.finished_on is None or period.finished_on > last_day:
        period.finished_on = last_day
    if reported_by_school is not None:
        period.reported_leaving_by_school = reported_by_school
    period.save(update_fields=["finished_on", "reported_leaving_by_school"])
    # Training that ended with the time at the school is now the leaving side of a transfer.
    transfers_appeared(TrainingPeriod.objects.filter(pk__in=ended))
    return period
