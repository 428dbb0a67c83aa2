"""Assigning and registering mentors, changing an ECT's or mentor's details and reporting them leaving, through
the school pages (test client)."""

import datetime as dt

import pytest

from config import clock
from config.models import Event
from participants import services
from participants.models import ECTAtSchoolPeriod, MentorAtSchoolPeriod, MentorshipPeriod, TrainingPeriod
from tests.factories import TeacherFactory, ect_training

pytestmark = pytest.mark.django_db

START = dt.date(2026, 9, 1)


def dates(value: dt.date, field: str) -> dict:
    return {f"{field}_0": value.day, f"{field}_1": value.month, f"{field}_2": value.year}


@pytest.fixture
def ect(school, provider):
    teacher = TeacherFactory(trs_first_name="Ada", trs_last_name="Lovelace")
    training = ect_training(school, year=2026, started_on=START, teacher=teacher, lead_provider=provider)
    ECTAtSchoolPeriod.objects.filter(pk=training.ect_at_school_period_id).update(email="ada@oak.example")
    return training.ect_at_school_period


@pytest.fixture
def mentor(school):
    teacher = TeacherFactory(trs_first_name="Grace", trs_last_name="Hopper")
    return services.mentor_at_school_start(teacher=teacher, school=school, started_on=START, email="grace@oak.example")


def test_assigning_an_existing_mentor(school_client, ect, mentor):
    base = f"/school/ects/{ect.pk}/mentorship"
    assert (
        "Select a mentor from the list provided or choose to register a new mentor"
        in school_client.post(f"{base}/choose-mentor", {}).content.decode()
    )
    response = school_client.post(f"{base}/choose-mentor", {"mentor": mentor.pk})
    # Grace has never had mentor training and Ada trains provider-led: the school is asked about her training.
    assert response["Location"] == f"{base}/review-mentor-eligibility"
    assert "Grace Hopper can get funded training" in school_client.get(response["Location"]).content.decode()
    assert school_client.post(f"{base}/review-mentor-eligibility", {"accept_lead_provider": "yes"})["Location"] == (
        f"{base}/check-answers"
    )
    assert school_client.post(f"{base}/check-answers")["Location"] == f"{base}/confirmation"
    assert MentorshipPeriod.objects.filter(mentee=ect, mentor=mentor, finished_on__isnull=True).exists()
    assert TrainingPeriod.objects.filter(mentor_at_school_period=mentor, training_programme="provider_led").exists()
    assert Event.objects.filter(event_type="teacher_starts_being_mentored", author_type="school_user").exists()


def test_choosing_to_register_a_new_mentor_starts_that_journey(school_client, ect):
    base = f"/school/ects/{ect.pk}"
    response = school_client.post(f"{base}/mentorship/choose-mentor", {"mentor": "new"})
    assert response["Location"] == f"{base}/register-mentor/find-mentor"


def test_an_ect_cannot_mentor_themself(school_client, ect):
    from tests.participants.factories import FakeTeacherRecordFactory

    FakeTeacherRecordFactory(trn=ect.teacher.trn, date_of_birth=dt.date(1990, 1, 1))
    base = f"/school/ects/{ect.pk}/register-mentor"
    response = school_client.post(
        f"{base}/find-mentor", {"trn": ect.teacher.trn, **dates(dt.date(1990, 1, 1), "date_of_birth")}
    )
    assert response["Location"] == f"{base}/cannot-mentor-themself"
    assert "A mentee cannot mentor themself" in school_client.get(response["Location"]).content.decode()


def test_registering_a_mentor_already_at_the_school_assigns_them(school_client, ect, mentor):
    from tests.participants.factories import FakeTeacherRecordFactory

    FakeTeacherRecordFactory(trn=mentor.teacher.trn, date_of_birth=dt.date(1980, 1, 2))
    base = f"/school/ects/{ect.pk}/register-mentor"
    response = school_client.post(
        f"{base}/find-mentor", {"trn": mentor.teacher.trn, **dates(dt.date(1980, 1, 2), "date_of_birth")}
    )
    assert response["Location"] == f"{base}/already-active-at-school"
    assert school_client.post(response["Location"])["Location"] == f"{base}/check-answers"
    school_client.post(f"{base}/check-answers")
    assert MentorshipPeriod.objects.filter(mentee=ect, mentor=mentor).count() == 1
    assert MentorAtSchoolPeriod.objects.filter(teacher=mentor.teacher).count() == 1


@pytest.mark.parametrize(
    ("slug", "data", "message"),
    [
        ("name", {"name": "Ada Lovelace"}, "The name must be different from the current name"),
        (
            "email-address",
            {"email": "ADA@oak.example"},
            "The email address must be different from the current email address",
        ),
        (
            "working-pattern",
            {"working_pattern": "full_time"},
            "The working pattern must be different from the current working pattern",
        ),
        ("report-teacher-leaving", {}, "Enter the date the teacher left or will be leaving your school"),
    ],
)
def test_ect_changes_refuse_what_does_not_change(school_client, ect, slug, data, message):
    page = school_client.post(f"/school/ects/{ect.pk}/{slug}/edit", data).content.decode()
    assert message.replace("'", "&#x27;") in page and "govuk-error-summary" in page


def test_changing_an_ects_email_and_working_pattern(school_client, ect):
    base = f"/school/ects/{ect.pk}"
    school_client.post(f"{base}/email-address/edit", {"email": "lovelace@oak.example"})
    assert school_client.post(f"{base}/email-address/check-answers")["Location"] == f"{base}/email-address/confirmation"
    school_client.post(f"{base}/working-pattern/edit", {"working_pattern": "part_time"})
    school_client.post(f"{base}/working-pattern/check-answers")
    ect.refresh_from_db()
    assert (ect.email, ect.working_pattern) == ("lovelace@oak.example", "part_time")
    assert Event.objects.filter(event_type="teacher_email_address_updated").exists()


def test_a_significant_name_change_asks_for_confirmation(school_client, ect):
    base = f"/school/ects/{ect.pk}/name"
    assert school_client.post(f"{base}/edit", {"name": "Ada King"})["Location"] == f"{base}/check-answers"
    response = school_client.post(f"{base}/edit", {"name": "Grace Hopper"})
    assert response["Location"] == f"{base}/confirm-name-change"
    assert school_client.post(f"{base}/confirm-name-change")["Location"] == f"{base}/check-answers"
    school_client.post(f"{base}/check-answers")
    ect.teacher.refresh_from_db()
    assert ect.teacher.full_name == "Grace Hopper"


def test_reporting_an_ect_leaving(school_client, ect, mentor):
    services.mentorship_start(mentee=ect, mentor=mentor, started_on=START)
    base = f"/school/ects/{ect.pk}/report-teacher-leaving"
    too_far = clock.now().date() + dt.timedelta(days=200)
    assert (
        "Enter a date no further than 4 months from today"
        in school_client.post(f"{base}/edit", dates(too_far, "leaving_on")).content.decode()
    )
    leaving = clock.now().date() + dt.timedelta(days=20)
    school_client.post(f"{base}/edit", dates(leaving, "leaving_on"))
    assert "is leaving your school" in school_client.get(f"{base}/check-answers").content.decode()
    school_client.post(f"{base}/check-answers")
    ect.refresh_from_db()
    assert ect.finished_on == leaving and ect.reported_leaving_by_school_id == ect.school_id
    assert MentorshipPeriod.objects.get(mentee=ect).finished_on == leaving
    assert "Leaving school" in school_client.get("/school/home/ects").content.decode()


def test_reporting_a_mentor_leaving_leaves_their_ects_needing_a_mentor(school_client, ect, mentor):
    services.mentorship_start(mentee=ect, mentor=mentor, started_on=START)
    base = f"/school/mentors/{mentor.pk}/report-teacher-leaving"
    yesterday = clock.now().date() - dt.timedelta(days=1)
    school_client.post(f"{base}/edit", dates(yesterday, "leaving_on"))
    assert "has left your school" in school_client.get(f"{base}/check-answers").content.decode()
    school_client.post(f"{base}/check-answers")
    mentor.refresh_from_db()
    assert mentor.finished_on == yesterday
    assert "A mentor needs to be assigned to Ada Lovelace." in school_client.get("/school/home/ects").content.decode()


def test_changing_a_mentors_name_and_email(school_client, mentor):
    base = f"/school/mentors/{mentor.pk}"
    school_client.post(f"{base}/email-address/edit", {"email": "hopper@oak.example"})
    school_client.post(f"{base}/email-address/check-answers")
    school_client.post(f"{base}/name/edit", {"name": "Grace Brewster Hopper"})
    school_client.post(f"{base}/name/check-answers")
    mentor.refresh_from_db()
    assert mentor.email == "hopper@oak.example" and mentor.teacher.full_name == "Grace Brewster Hopper"


def test_a_returning_mentor_sees_their_previous_training_and_keeps_the_lead_provider(
    school_client, school, ect, provider
):
    from participants.services.school_periods import mentor_at_school_end
    from tests.factories import SchoolFactory, contract, schedule
    from tests.participants.factories import FakeTeacherRecordFactory

    record = FakeTeacherRecordFactory(first_name="Grace", last_name="Hopper", date_of_birth=dt.date(1980, 1, 2))
    teacher = TeacherFactory(trn=record.trn, trs_first_name="Grace", trs_last_name="Hopper")
    elsewhere = services.mentor_at_school_start(
        teacher=teacher, school=SchoolFactory(), started_on=dt.date(2024, 9, 1), email="grace@old.example"
    )
    services.training_period_start(
        at_school_period=elsewhere,
        started_on=dt.date(2024, 9, 1),
        expression_of_interest=contract(provider, 2024),
        schedule=schedule(2024),
    )
    mentor_at_school_end(period=elsewhere, last_day=dt.date(2025, 7, 31))
    base = f"/school/ects/{ect.pk}/register-mentor"
    school_client.post(f"{base}/find-mentor", {"trn": record.trn, **dates(record.date_of_birth, "date_of_birth")})
    school_client.post(f"{base}/review-mentor-details", {"details_correct": "yes"})
    response = school_client.post(f"{base}/email-address", {"email": "grace@oak.example"})
    assert response["Location"] == f"{base}/started-on"
    response = school_client.post(f"{base}/started-on", dates(clock.now().date(), "started_on"))
    assert response["Location"] == f"{base}/previous-training-period-details"
    page = school_client.get(response["Location"]).content.decode()
    assert "Ambition Institute" in page
    assert school_client.post(response["Location"])["Location"] == f"{base}/programme-choices"
    response = school_client.post(f"{base}/programme-choices", {"use_previous_choices": "yes"})
    assert response["Location"] == f"{base}/check-answers"
    assert "Ambition Institute" in school_client.get(f"{base}/check-answers").content.decode()
    assert school_client.post(f"{base}/check-answers")["Location"] == f"{base}/confirmation"
    assert MentorshipPeriod.objects.filter(mentee=ect, mentor__teacher=teacher).exists()
