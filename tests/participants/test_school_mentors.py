import datetime as dt

import pytest

from config.models import Event
from participants.models import MentorAtSchoolPeriod, MentorshipPeriod, Teacher, TrainingPeriod
from participants.school_pages import rules
from participants.services import mentor_register, mentorship_assign
from participants.services.registration import ect_register
from tests.factories import LeadProviderFactory, SchoolFactory, TeacherFactory, contract, schedule
from tests.jobs import run_queued_jobs

from .conftest import refused
from .factories import SCHOOL_USER, FakeTeacherRecordFactory

D = dt.date


@pytest.fixture
def ect(home_school, trs_record, tsh, active_lead_provider, frozen_today, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return ect_register(
            school=home_school,
            trn=trs_record.trn,
            email="ada@example.com",
            started_on=D(2025, 9, 1),
            working_pattern="full_time",
            appropriate_body=tsh,
            training_programme="provider_led",
            lead_provider=active_lead_provider,
            **SCHOOL_USER,
        )


@pytest.fixture
def mentor_record(db):
    return FakeTeacherRecordFactory(trn="5555555", first_name="Grace", last_name="Hopper")


@pytest.fixture
def register_mentor(home_school, ect, mentor_record, django_capture_on_commit_callbacks):
    def run(**overrides):
        answers = {
            "school": home_school,
            "ect_at_school_period": ect,
            "trn": mentor_record.trn,
            "email": "grace@example.com",
            **SCHOOL_USER,
            **overrides,
        }
        with django_capture_on_commit_callbacks(execute=True):
            return mentor_register(**answers)

    return run


def test_registering_a_mentor_assigns_them_and_starts_their_provider_led_training(
    register_mentor, ect, active_lead_provider, mailoutbox
):
    mentor = register_mentor(lead_provider=active_lead_provider)
    assert (mentor.started_on, mentor.email, mentor.teacher.trn) == (D(2025, 10, 1), "grace@example.com", "5555555")
    mentorship = MentorshipPeriod.objects.get()
    assert (mentorship.mentee, mentorship.mentor, mentorship.started_on) == (ect, mentor, D(2025, 10, 1))
    training = mentor.training_periods.get()
    assert training.role == "mentor" and training.expression_of_interest.lead_provider == active_lead_provider
    assert training.schedule == schedule(2025, "ecf-standard-september")
    assert Teacher.objects.get(pk=mentor.teacher_id).mentor_first_became_eligible_for_funding_at is not None
    assert {e.event_type for e in Event.objects.filter(author_name=SCHOOL_USER["author_name"])} >= {
        "teacher_registered_as_mentor",
        "teacher_starts_mentoring",
        "teacher_starts_being_mentored",
    }
    run_queued_jobs()
    assert [m.to for m in mailoutbox][-1] == ["grace@example.com"]


def test_a_repeated_mentor_registration_changes_nothing(register_mentor, active_lead_provider, mailoutbox):
    first = register_mentor(lead_provider=active_lead_provider)
    run_queued_jobs()
    sent = len(mailoutbox)
    assert register_mentor(lead_provider=active_lead_provider) == first
    assert MentorAtSchoolPeriod.objects.count() == 1 and MentorshipPeriod.objects.count() == 1
    run_queued_jobs()
    assert TrainingPeriod.objects.filter(role="mentor").count() == 1 and len(mailoutbox) == sent


def test_a_mentor_cannot_mentor_themself(register_mentor, trs_record):
    refused(lambda: register_mentor(trn=trs_record.trn), "A mentee cannot mentor themself")


def test_a_prohibited_teacher_cannot_be_registered_as_mentor(register_mentor, db):
    FakeTeacherRecordFactory(trn="6666666", first_name="No", last_name="Body", prohibited=True)
    refused(
        lambda: register_mentor(trn="6666666"),
        "No Body cannot be registered as a mentor: our records show they are prohibited from teaching",
    )


def test_without_a_lead_provider_a_mentor_is_registered_without_training(register_mentor):
    mentor = register_mentor()
    # ECT is provider-led and the mentor eligible: assigning starts the first provider-led training with the
    # ECT's lead provider.
    assert mentor.training_periods.count() == 1


def test_a_mentor_mentoring_at_another_school_only_here_leaves_the_other(register_mentor, mentor_record, frozen_today):
    other = MentorAtSchoolPeriod.objects.create(
        email="mentor@school.example",
        teacher=TeacherFactory(trn=mentor_record.trn),
        school=SchoolFactory(),
        started_on=D(2024, 9, 1),
    )
    mentor = register_mentor(started_on=D(2025, 10, 6), mentoring_at_new_school_only=True)
    other.refresh_from_db()
    assert other.finished_on == D(2025, 10, 5) and mentor.started_on == D(2025, 10, 6)


def test_a_mentor_mentoring_at_several_schools_gets_no_new_training(
    register_mentor, mentor_record, active_lead_provider
):
    teacher = TeacherFactory(trn=mentor_record.trn)
    other_school = SchoolFactory()
    other = MentorAtSchoolPeriod.objects.create(
        email="mentor@school.example", teacher=teacher, school=other_school, started_on=D(2024, 9, 1)
    )
    TrainingPeriod.objects.create(
        teacher=teacher,
        role="mentor",
        school=other_school,
        mentor_at_school_period=other,
        training_programme="provider_led",
        expression_of_interest=contract(active_lead_provider, 2024),
        schedule=schedule(2024),
        started_on=D(2024, 9, 1),
    )
    mentor = register_mentor(
        started_on=D(2025, 10, 6), mentoring_at_new_school_only=False, lead_provider=active_lead_provider
    )
    other.refresh_from_db()
    assert other.finished_on is None and mentor.training_periods.count() == 0
    assert MentorshipPeriod.objects.get().mentor == mentor


def test_a_mentor_already_at_the_school_is_simply_assigned(register_mentor, home_school, mentor_record, mailoutbox):
    existing = MentorAtSchoolPeriod.objects.create(
        email="mentor@school.example",
        teacher=TeacherFactory(trn=mentor_record.trn),
        school=home_school,
        started_on=D(2025, 9, 1),
    )
    run_queued_jobs()
    sent = len(mailoutbox)
    assert register_mentor() == existing
    run_queued_jobs()
    assert MentorshipPeriod.objects.get().mentor == existing and len(mailoutbox) == sent


SEPTEMBER = D(2025, 9, 1)


def _mentor_at(school, started_on=SEPTEMBER, teacher=None):
    return MentorAtSchoolPeriod.objects.create(
        teacher=teacher or TeacherFactory(), school=school, started_on=started_on, email="m@example.com"
    )


def test_assigning_a_mentor_ends_the_previous_mentorship_the_day_before(ect, home_school, frozen_today):
    first, second = _mentor_at(home_school), _mentor_at(home_school)
    old = MentorshipPeriod.objects.create(mentee=ect, mentor=first, started_on=D(2025, 9, 1))
    new = mentorship_assign(ect_at_school_period=ect, mentor_at_school_period=second, **SCHOOL_USER)
    old.refresh_from_db()
    assert old.finished_on == D(2025, 9, 30) and new.started_on == D(2025, 10, 1) and new.finished_on is None


def test_a_mentorship_that_had_not_started_is_replaced(ect, home_school, frozen_today):
    first, second = _mentor_at(home_school), _mentor_at(home_school)
    MentorshipPeriod.objects.create(mentee=ect, mentor=first, started_on=D(2025, 10, 15))
    mentorship_assign(ect_at_school_period=ect, mentor_at_school_period=second, **SCHOOL_USER)
    assert list(MentorshipPeriod.objects.values_list("mentor", flat=True)) == [second.pk]


def test_a_mentorship_ends_with_the_mentor_leaving(ect, home_school):
    mentor = _mentor_at(home_school)
    mentor.finished_on = D(2026, 1, 31)
    mentor.save()
    assert mentorship_assign(ect_at_school_period=ect, mentor_at_school_period=mentor, **SCHOOL_USER).finished_on == (
        D(2026, 1, 31)
    )


@pytest.mark.parametrize("case", ["other_school", "themself", "current"])
def test_mentor_choice_errors(ect, home_school, case):
    if case == "other_school":
        mentor, message = _mentor_at(SchoolFactory()), "This mentor is not registered at this school"
    elif case == "themself":
        mentor, message = _mentor_at(home_school, teacher=ect.teacher), "A mentee cannot mentor themself"
    else:
        mentor = _mentor_at(home_school)
        mentorship_assign(ect_at_school_period=ect, mentor_at_school_period=mentor, **SCHOOL_USER)
        assert rules.mentor_choice_error(mentor, school=home_school, ect_at_school_period=ect) == (
            "It needs to be a different mentor for this ECT"
        )
        return
    refused(lambda: mentorship_assign(ect_at_school_period=ect, mentor_at_school_period=mentor, **SCHOOL_USER), message)
    assert (
        rules.mentor_choice_error(None, school=home_school, ect_at_school_period=ect)
        == "Select a mentor from the list provided or choose to register a new mentor"
    )


def test_assigning_an_eligible_mentor_starts_their_first_provider_led_training_with_the_chosen_lead_provider(
    ect, home_school
):
    other_provider = LeadProviderFactory(name="Best Practice Network")
    contract(other_provider, 2025)
    mentor = _mentor_at(home_school)
    mentorship_assign(
        ect_at_school_period=ect, mentor_at_school_period=mentor, mentor_lead_provider=other_provider, **SCHOOL_USER
    )
    training = mentor.training_periods.get()
    assert training.expression_of_interest.lead_provider == other_provider


def test_a_mentor_not_funding_eligible_gets_no_training(ect, home_school):
    teacher = TeacherFactory(
        mentor_ineligible_for_funding_reason="started_not_completed", mentor_funding_end_date=D(2024, 1, 1)
    )
    mentor = _mentor_at(home_school, teacher=teacher)
    mentorship_assign(ect_at_school_period=ect, mentor_at_school_period=mentor, **SCHOOL_USER)
    assert not mentor.training_periods.exists()
    assert Teacher.objects.get(pk=teacher.pk).mentor_first_became_eligible_for_funding_at is None


def test_a_transferring_mentor_who_is_the_ects_first_mentor_is_assigned_from_when_both_were_here(
    ect, home_school, frozen_today
):
    teacher = TeacherFactory()
    MentorAtSchoolPeriod.objects.create(
        email="mentor@school.example",
        teacher=teacher,
        school=SchoolFactory(),
        started_on=D(2024, 9, 1),
        finished_on=D(2025, 9, 7),
    )
    mentor = _mentor_at(home_school, started_on=D(2025, 9, 8), teacher=teacher)
    mentorship = mentorship_assign(ect_at_school_period=ect, mentor_at_school_period=mentor, **SCHOOL_USER)
    assert mentorship.started_on == D(2025, 9, 8)
    # Not for a later mentor of the ECT.
    second = mentorship_assign(ect_at_school_period=ect, mentor_at_school_period=_mentor_at(home_school), **SCHOOL_USER)
    assert second.started_on == D(2025, 10, 1)
