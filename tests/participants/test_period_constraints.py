"""The period rules hold in the database itself, whatever code writes the rows."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from config.db import check_deferred_constraints
from participants.models import ECTAtSchoolPeriod, MentorAtSchoolPeriod, MentorshipPeriod, TrainingPeriod
from tests.factories import (
    DeliveryPartnerFactory,
    LeadProviderFactory,
    SchoolFactory,
    TeacherFactory,
    contract,
    partnership,
    schedule,
)

D = dt.date


def refused(create, reason: str):
    """`create` is refused by the database, and `reason` (a constraint name or message) says why."""
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        create()
        check_deferred_constraints()
    assert reason in str(error.value) or reason == getattr(error.value.__cause__.diag, "constraint_name", None)


@pytest.fixture
def ect(db):
    teacher = TeacherFactory()
    school = SchoolFactory()
    return ECTAtSchoolPeriod.objects.create(
        email="teacher@example.com", teacher=teacher, school=school, started_on=D(2025, 9, 1)
    )


def test_an_ect_cannot_be_at_two_schools_at_once(ect):
    ect.finished_on = D(2025, 12, 31)
    ect.save()
    refused(
        lambda: ECTAtSchoolPeriod.objects.create(
            email="teacher@example.com", teacher=ect.teacher, school=SchoolFactory(), started_on=D(2025, 12, 31)
        ),
        "ect_at_school_no_overlap",
    )
    ECTAtSchoolPeriod.objects.create(
        email="teacher@example.com", teacher=ect.teacher, school=SchoolFactory(), started_on=D(2026, 1, 1)
    )


def test_a_second_open_ect_period_is_refused(ect):
    # Two open periods always overlap, so the exclusion constraint answers before the one-open index.
    refused(
        lambda: ECTAtSchoolPeriod.objects.create(
            email="teacher@example.com",
            teacher=ect.teacher,
            school=ect.school,
            started_on=D(2020, 1, 1),
            finished_on=None,
        ),
        "ect_at_school_no_overlap",
    )


def test_end_before_start_is_refused(ect):
    ect.finished_on = D(2025, 8, 31)
    with pytest.raises(IntegrityError), transaction.atomic():
        ect.save()


def test_a_mentor_may_mentor_at_two_schools_but_once_per_school(db):
    teacher = TeacherFactory()
    school = SchoolFactory()
    MentorAtSchoolPeriod.objects.create(
        email="teacher@example.com", teacher=teacher, school=school, started_on=D(2025, 9, 1)
    )
    MentorAtSchoolPeriod.objects.create(
        email="teacher@example.com", teacher=teacher, school=SchoolFactory(), started_on=D(2025, 9, 1)
    )
    refused(
        lambda: MentorAtSchoolPeriod.objects.create(
            email="teacher@example.com",
            teacher=teacher,
            school=school,
            started_on=D(2025, 10, 1),
            finished_on=D(2025, 11, 1),
        ),
        "mentor_at_school_no_overlap",
    )


def _training(ect, **kwargs):
    lead_provider = kwargs.pop("lead_provider", None) or LeadProviderFactory()
    values = {
        "teacher": ect.teacher,
        "role": "ect",
        "school": ect.school,
        "ect_at_school_period": ect,
        "training_programme": "provider_led",
        "expression_of_interest": contract(lead_provider, 2025),
        "schedule": schedule(2025),
        "started_on": D(2025, 9, 1),
    }
    values.update(kwargs)
    return TrainingPeriod.objects.create(**values)


def test_one_training_period_per_role_at_a_time(ect):
    _training(ect, finished_on=D(2025, 12, 31))
    refused(lambda: _training(ect, started_on=D(2025, 12, 1)), "training_no_overlap")


def test_training_must_lie_inside_the_at_school_period(ect):
    refused(
        lambda: _training(ect, started_on=D(2025, 8, 1)), "is not contained by the period the trainee is at the school"
    )


def test_an_at_school_period_cannot_shrink_away_from_its_training(ect):
    _training(ect)
    check_deferred_constraints()

    def shrink():
        ect.finished_on = D(2025, 10, 1)
        ect.save()

    refused(shrink, "does not cover all the training")


def test_training_period_school_must_match_its_at_school_period(ect):
    refused(lambda: _training(ect, school=SchoolFactory()), "does not match the teacher and school")


def test_provider_led_training_needs_a_schedule_and_a_provider(ect):
    refused(lambda: _training(ect, schedule=None), "training_programme_links")
    refused(lambda: _training(ect, expression_of_interest=None), "training_programme_links")


def test_school_led_training_has_no_provider(ect):
    refused(lambda: _training(ect, training_programme="school_led", schedule=None), "training_programme_links")
    _training(ect, training_programme="school_led", schedule=None, expression_of_interest=None)


def test_mentor_training_is_provider_led_only(db):
    mentor = MentorAtSchoolPeriod.objects.create(
        email="teacher@example.com", teacher=TeacherFactory(), school=SchoolFactory(), started_on=D(2025, 9, 1)
    )
    refused(
        lambda: TrainingPeriod.objects.create(
            teacher=mentor.teacher,
            role="mentor",
            school=mentor.school,
            mentor_at_school_period=mentor,
            training_programme="school_led",
            started_on=D(2025, 9, 1),
        ),
        "training_mentors_provider_led_only",
    )


def test_partnership_schedule_and_interest_share_one_cohort(ect):
    lead_provider = LeadProviderFactory()
    refused(lambda: _training(ect, lead_provider=lead_provider, schedule=schedule(2024)), "Contract period mismatch")
    other_school_partnership = partnership(SchoolFactory(), lead_provider, DeliveryPartnerFactory(), 2025)
    refused(
        lambda: _training(ect, lead_provider=lead_provider, partnership=other_school_partnership),
        "partnership's school must be the trainee's school",
    )


def test_withdrawal_needs_a_reason_and_an_end(ect):
    refused(
        lambda: _training(ect, withdrawn_at=dt.datetime(2025, 10, 1, tzinfo=dt.UTC), withdrawal_reason="other"),
        "training_withdrawal_complete",
    )
    _training(
        ect, withdrawn_at=dt.datetime(2025, 10, 1, tzinfo=dt.UTC), withdrawal_reason="other", finished_on=D(2025, 10, 1)
    )


def test_mentorship_rules(ect):
    mentor = MentorAtSchoolPeriod.objects.create(
        email="teacher@example.com", teacher=TeacherFactory(), school=ect.school, started_on=D(2025, 9, 1)
    )
    MentorshipPeriod.objects.create(mentee=ect, mentor=mentor, started_on=D(2025, 9, 1), finished_on=D(2025, 9, 30))
    # one mentor at a time
    refused(
        lambda: MentorshipPeriod.objects.create(mentee=ect, mentor=mentor, started_on=D(2025, 9, 15)),
        "mentorship_no_overlap",
    )
    # nobody mentors themself
    self_mentor = MentorAtSchoolPeriod.objects.create(
        email="teacher@example.com", teacher=ect.teacher, school=ect.school, started_on=D(2025, 9, 1)
    )
    refused(
        lambda: MentorshipPeriod.objects.create(mentee=ect, mentor=self_mentor, started_on=D(2025, 10, 1)),
        "cannot mentor themself",
    )
    # same school
    elsewhere = MentorAtSchoolPeriod.objects.create(
        email="teacher@example.com", teacher=TeacherFactory(), school=SchoolFactory(), started_on=D(2025, 9, 1)
    )
    refused(
        lambda: MentorshipPeriod.objects.create(mentee=ect, mentor=elsewhere, started_on=D(2025, 10, 1)), "same school"
    )
    # inside both at-school periods
    refused(
        lambda: MentorshipPeriod.objects.create(
            mentee=ect, mentor=mentor, started_on=D(2025, 8, 1), finished_on=D(2025, 8, 20)
        ),
        "not contained by the mentor",
    )
