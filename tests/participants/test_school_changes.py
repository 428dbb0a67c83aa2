import datetime as dt

import pytest

from config import clock
from config.models import Event
from participants.models import MentorAtSchoolPeriod, MentorshipPeriod, Teacher, TrainingPeriod
from participants.services import (
    ect_change_appropriate_body,
    ect_change_email,
    ect_change_lead_provider,
    ect_change_name,
    ect_change_training_programme,
    ect_change_working_pattern,
    ect_register,
    ect_report_leaving,
    mentor_change_email,
    mentor_change_lead_provider,
    mentor_change_name,
    mentor_report_leaving,
    mentorship_assign,
)
from tests.factories import LeadProviderFactory, SchoolFactory, TeacherFactory, contract, partnership

from .conftest import refused
from .factories import SCHOOL_USER, AppropriateBodyFactory

D = dt.date


@pytest.fixture
def register(home_school, tsh, active_lead_provider, frozen_today, django_capture_on_commit_callbacks):
    def run(trn, **overrides):
        answers = {
            "school": home_school,
            "trn": trn,
            "email": f"{trn}@example.com",
            "started_on": D(2025, 9, 1),
            "working_pattern": "full_time",
            "appropriate_body": tsh,
            "training_programme": "provider_led",
            "lead_provider": active_lead_provider,
            **SCHOOL_USER,
            **overrides,
        }
        with django_capture_on_commit_callbacks(execute=True):
            return ect_register(**answers)

    return run


@pytest.fixture
def ect(register, trs_record):
    return register(trs_record.trn)


@pytest.fixture
def other_provider(db):
    provider = LeadProviderFactory(name="Best Practice Network")
    contract(provider, 2025)
    return provider


def later(days):
    return clock.travel_to(dt.datetime.combine(D(2025, 10, 1) + dt.timedelta(days=days), dt.time(10), tzinfo=dt.UTC))


def test_change_name_keeps_the_trs_name(ect):
    ect_change_name(ect_at_school_period=ect, name="Ada King", **SCHOOL_USER)
    teacher = Teacher.objects.get(pk=ect.teacher_id)
    assert (teacher.full_name, teacher.trs_last_name) == ("Ada King", "Lovelace")
    assert Event.objects.filter(event_type="teacher_name_updated_by_user", author_name=SCHOOL_USER["author_name"])
    ect_change_name(ect_at_school_period=ect, name="ada king", **SCHOOL_USER)  # a repeat changes nothing
    assert Event.objects.filter(event_type="teacher_name_updated_by_user").count() == 1
    refused(lambda: ect_change_name(ect_at_school_period=ect, name="", **SCHOOL_USER), "Enter the correct full name")


def test_change_email_moves_the_participants_updated_at(ect):
    before = Teacher.objects.get(pk=ect.teacher_id).api_updated_at
    ect_change_email(ect_at_school_period=ect, email="ada.new@example.com", **SCHOOL_USER)
    ect.refresh_from_db()
    assert ect.email == "ada.new@example.com"
    assert Teacher.objects.get(pk=ect.teacher_id).api_updated_at > before
    assert Event.objects.filter(event_type="teacher_email_address_updated").exists()
    ect_change_email(ect_at_school_period=ect, email="ADA.NEW@example.com", **SCHOOL_USER)
    assert Event.objects.filter(event_type="teacher_email_address_updated").count() == 1
    refused(
        lambda: ect_change_email(ect_at_school_period=ect, email="nope", **SCHOOL_USER),
        "Enter an email address in the correct format, like name@example.com",
    )


def test_an_email_change_follows_the_registration_rule_an_address_of_another_persons_ongoing_registration_is_refused(
    ect, home_school
):
    """Issue 23 item 9 (docs/school-registration.md, "Changes"): registering and changing refuse the same addresses."""
    other = MentorAtSchoolPeriod.objects.create(
        teacher=TeacherFactory(), school=SchoolFactory(), started_on=D(2025, 9, 1), email="taken@elm.example"
    )
    message = "This email address is already in use by another ECT or mentor"
    refused(lambda: ect_change_email(ect_at_school_period=ect, email="Taken@elm.example", **SCHOOL_USER), message)
    mentor = MentorAtSchoolPeriod.objects.create(
        teacher=TeacherFactory(), school=home_school, started_on=D(2025, 9, 1), email="mentor@oak.example"
    )
    refused(
        lambda: mentor_change_email(mentor_at_school_period=mentor, email="taken@elm.example", **SCHOOL_USER), message
    )
    # Once that registration is over, the address is free, for registering and changing alike.
    other.finished_on = D(2025, 9, 30)
    other.save()
    ect_change_email(ect_at_school_period=ect, email="taken@elm.example", **SCHOOL_USER)
    ect.refresh_from_db()
    assert ect.email == "taken@elm.example"


def test_change_working_pattern(ect):
    ect_change_working_pattern(ect_at_school_period=ect, working_pattern="part_time", **SCHOOL_USER)
    ect.refresh_from_db()
    assert ect.working_pattern == "part_time"
    ect_change_working_pattern(ect_at_school_period=ect, working_pattern="part_time", **SCHOOL_USER)
    assert Event.objects.filter(event_type="teacher_working_pattern_updated").count() == 1
    refused(
        lambda: ect_change_working_pattern(ect_at_school_period=ect, working_pattern="", **SCHOOL_USER),
        "Select a working pattern",
    )


def test_change_appropriate_body(ect):
    other = AppropriateBodyFactory()
    ect_change_appropriate_body(ect_at_school_period=ect, appropriate_body=other, **SCHOOL_USER)
    ect.refresh_from_db()
    assert ect.appropriate_body == other
    assert Event.objects.filter(event_type="teacher_appropriate_body_changed").exists()
    ect_change_appropriate_body(ect_at_school_period=ect, appropriate_body=other, **SCHOOL_USER)
    assert Event.objects.filter(event_type="teacher_appropriate_body_changed").count() == 1
    refused(
        lambda: ect_change_appropriate_body(
            ect_at_school_period=ect, appropriate_body=AppropriateBodyFactory(national=True), **SCHOOL_USER
        ),
        "Must be teaching school hub",
    )


def test_change_lead_provider_of_training_starting_today_is_in_place(ect, other_provider):
    training = ect_change_lead_provider(ect_at_school_period=ect, lead_provider=other_provider, **SCHOOL_USER)
    assert TrainingPeriod.objects.filter(role="ect").count() == 1
    assert training.expression_of_interest.lead_provider == other_provider
    assert Event.objects.filter(event_type="teacher_training_lead_provider_updated").exists()


def test_change_lead_provider_of_started_unconfirmed_training_replaces_it(ect, other_provider):
    token = later(10)
    try:
        training = ect_change_lead_provider(ect_at_school_period=ect, lead_provider=other_provider, **SCHOOL_USER)
    finally:
        clock.reset(token)
    (only,) = TrainingPeriod.objects.filter(role="ect")
    assert only == training and training.started_on == D(2025, 10, 1)
    assert training.expression_of_interest.lead_provider == other_provider


def test_change_lead_provider_of_confirmed_training_finishes_it(ect, home_school, active_lead_provider, other_provider):
    confirmed = partnership(home_school, active_lead_provider, active_lead_provider.delivery_partner, 2025)
    TrainingPeriod.objects.filter(ect_at_school_period=ect).update(partnership=confirmed)
    token = later(10)
    try:
        new = ect_change_lead_provider(ect_at_school_period=ect, lead_provider=other_provider, **SCHOOL_USER)
        again = ect_change_lead_provider(ect_at_school_period=ect, lead_provider=other_provider, **SCHOOL_USER)
        assert again == new and TrainingPeriod.objects.filter(role="ect").count() == 2
    finally:
        clock.reset(token)
    old = TrainingPeriod.objects.get(partnership=confirmed)
    assert old.finished_on == D(2025, 10, 10) and new.started_on == D(2025, 10, 11)


def test_change_lead_provider_to_one_not_active_in_the_cohort_is_refused(ect):
    refused(
        lambda: ect_change_lead_provider(ect_at_school_period=ect, lead_provider=LeadProviderFactory(), **SCHOOL_USER),
        "This lead provider is not available for the ECT's contract period",
    )


def test_switch_to_school_led_replaces_unconfirmed_training(ect):
    token = later(10)
    try:
        new = ect_change_training_programme(ect_at_school_period=ect, training_programme="school_led", **SCHOOL_USER)
    finally:
        clock.reset(token)
    (only,) = TrainingPeriod.objects.filter(role="ect")
    assert only == new and new.training_programme == "school_led" and new.started_on == D(2025, 10, 1)
    again = ect_change_training_programme(ect_at_school_period=ect, training_programme="school_led", **SCHOOL_USER)
    assert again == new and TrainingPeriod.objects.filter(role="ect").count() == 1


def test_switch_to_provider_led_starts_the_mentors_first_training(register, home_school, active_lead_provider, db):
    from .factories import FakeTeacherRecordFactory

    FakeTeacherRecordFactory(trn="7777777")
    ect = register("7777777", training_programme="school_led", lead_provider=None)
    mentor = MentorAtSchoolPeriod.objects.create(
        teacher=TeacherFactory(), school=home_school, started_on=D(2025, 9, 1), email="mentor@school.example"
    )
    mentorship_assign(ect_at_school_period=ect, mentor_at_school_period=mentor, **SCHOOL_USER)
    assert not mentor.training_periods.exists()  # a school-led ECT's mentor does not train
    token = later(10)
    try:
        new = ect_change_training_programme(
            ect_at_school_period=ect,
            training_programme="provider_led",
            lead_provider=active_lead_provider,
            **SCHOOL_USER,
        )
    finally:
        clock.reset(token)
    old = TrainingPeriod.objects.get(role="ect", training_programme="school_led")
    assert old.finished_on == D(2025, 10, 10) and new.started_on == D(2025, 10, 11)
    assert new.expression_of_interest.lead_provider == active_lead_provider
    assert mentor.training_periods.get().expression_of_interest.lead_provider == active_lead_provider
    refused(
        lambda: ect_change_training_programme(ect_at_school_period=ect, training_programme="", **SCHOOL_USER),
        "Select either 'Provider-led' or 'School-led' training",
    )


def test_report_leaving_finishes_training_and_mentorship_and_records_the_school(ect, home_school):
    mentor = MentorAtSchoolPeriod.objects.create(
        teacher=TeacherFactory(), school=home_school, started_on=D(2025, 9, 1), email="mentor@school.example"
    )
    mentorship_assign(ect_at_school_period=ect, mentor_at_school_period=mentor, **SCHOOL_USER)
    token = later(30)
    try:
        ended = ect_report_leaving(
            ect_at_school_period=ect, school=home_school, leaving_on=D(2025, 12, 19), **SCHOOL_USER
        )
    finally:
        clock.reset(token)
    assert (ended.finished_on, ended.reported_leaving_by_school) == (D(2025, 12, 19), home_school)
    assert TrainingPeriod.objects.get(role="ect").finished_on == D(2025, 12, 19)
    assert MentorshipPeriod.objects.get().finished_on == D(2025, 12, 19)
    assert Event.objects.get(event_type="teacher_left_school_as_ect").author_name == SCHOOL_USER["author_name"]
    token = later(30)
    try:  # reported again: nothing more happens
        ect_report_leaving(ect_at_school_period=ect, school=home_school, leaving_on=D(2025, 12, 19), **SCHOOL_USER)
    finally:
        clock.reset(token)
    assert Event.objects.filter(event_type="teacher_left_school_as_ect").count() == 1


def test_report_leaving_before_training_started_removes_what_had_not_started(register, home_school, db):
    from .factories import FakeTeacherRecordFactory

    FakeTeacherRecordFactory(trn="8888888")
    ect = register("8888888", started_on=D(2025, 11, 3))
    ended = ect_report_leaving(ect_at_school_period=ect, school=home_school, leaving_on=D(2025, 11, 20), **SCHOOL_USER)
    assert ended.finished_on == D(2025, 11, 20)
    training = TrainingPeriod.objects.get(ect_at_school_period=ect)
    assert (training.started_on, training.finished_on) == (D(2025, 11, 3), D(2025, 11, 20))


@pytest.mark.parametrize(
    ("leaving_on", "message"),
    [
        (None, "Enter the date the teacher left or will be leaving your school"),
        (D(2026, 2, 2), "Enter a date no further than 4 months from today"),
        (
            D(2025, 10, 1),
            # The ECT started at the school on 1 September; their training on 1 October, the later of the two.
            "Our records show that Ada Lovelace's current training started on 1 October 2025. Enter a later date.",
        ),
    ],
)
def test_report_leaving_date_rules(ect, home_school, leaving_on, message):
    refused(
        lambda: ect_report_leaving(ect_at_school_period=ect, school=home_school, leaving_on=leaving_on, **SCHOOL_USER),
        message,
    )


def test_mentor_changes_and_leaving(ect, home_school, active_lead_provider, other_provider):
    mentor = MentorAtSchoolPeriod.objects.create(
        teacher=TeacherFactory(trs_first_name="Grace", trs_last_name="Hopper"),
        school=home_school,
        started_on=D(2025, 9, 1),
        email="grace@example.com",
    )
    elsewhere = MentorAtSchoolPeriod.objects.create(
        teacher=mentor.teacher, school=SchoolFactory(), started_on=D(2025, 9, 1), email="grace@example.com"
    )
    mentorship_assign(ect_at_school_period=ect, mentor_at_school_period=mentor, **SCHOOL_USER)
    mentor_change_name(mentor_at_school_period=mentor, name="Grace Brewster", **SCHOOL_USER)
    mentor_change_email(mentor_at_school_period=mentor, email="gb@example.com", **SCHOOL_USER)
    training = mentor_change_lead_provider(mentor_at_school_period=mentor, lead_provider=other_provider, **SCHOOL_USER)
    assert training.expression_of_interest.lead_provider == other_provider
    mentor.refresh_from_db()
    assert (mentor.teacher.full_name, mentor.email) == ("Grace Brewster", "gb@example.com")
    token = later(20)
    try:
        mentor_report_leaving(
            mentor_at_school_period=mentor, school=home_school, leaving_on=D(2025, 12, 31), **SCHOOL_USER
        )
    finally:
        clock.reset(token)
    mentor.refresh_from_db()
    elsewhere.refresh_from_db()
    assert (mentor.finished_on, mentor.reported_leaving_by_school) == (D(2025, 12, 31), home_school)
    assert elsewhere.finished_on is None  # only this school
    assert MentorshipPeriod.objects.get().finished_on == D(2025, 12, 31)
    assert mentor.training_periods.get().finished_on == D(2025, 12, 31)
    assert Event.objects.filter(event_type="teacher_left_school_as_mentor").exists()
