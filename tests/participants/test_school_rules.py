import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from participants.models import ECTAtSchoolPeriod, MentorAtSchoolPeriod
from participants.school_pages import date_rules, rules
from partnerships.models import Cohort
from tests.factories import SchoolFactory, TeacherFactory, ect_training

from .factories import AppropriateBodyFactory

# The rule book's words (docs/school-registration.md, "Messages").
DOB_BLANK = "Enter a date of birth"
DOB_INVALID = "Enter the date of birth in the correct format, for example 12 3 1998"

D = dt.date
TODAY = D(2025, 10, 1)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1234567", "1234567"), ("12345", "0012345"), (" 12-34-56 ", "0123456"), ("RP99/12345", "9912345")],
)
def test_trn_is_digits_left_padded_to_seven(value, expected):
    assert rules.normalise_trn(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "Enter the teacher reference number (TRN)"),
        ("abc", "Enter the teacher reference number (TRN)"),
        ("1234", "Teacher reference number must include at least 5 digits"),
        ("12345678", "Teacher reference number cannot include more than 7 digits"),
    ],
)
def test_trn_errors(value, message):
    assert rules.trn_error(value) == message
    with pytest.raises(ValidationError) as error:
        rules.normalise_trn(value)
    assert error.value.messages == [message]


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        (("", "", ""), "Enter a date of birth"),
        (("31", "2", "1990"), "Enter the date of birth in the correct format, for example 12 3 1998"),
        (("1", "1", "90"), "Enter the date of birth in the correct format, for example 12 3 1998"),
        (("x", "1", "1990"), "Enter the date of birth in the correct format, for example 12 3 1998"),
    ],
)
def test_date_parts_blank_and_invalid(parts, message):
    with pytest.raises(ValidationError) as error:
        date_rules.parse_date_parts(
            day=parts[0],
            month=parts[1],
            year=parts[2],
            blank_message=DOB_BLANK,
            invalid_message=DOB_INVALID,
        )
    assert error.value.messages == [message]


def test_date_parts_make_a_date():
    assert date_rules.parse_date_parts(
        day="3", month="04", year="1990", blank_message=DOB_BLANK, invalid_message=DOB_INVALID
    ) == D(1990, 4, 3)


@pytest.mark.parametrize(
    ("date_of_birth", "message"),
    [
        (None, "Enter a date of birth"),
        (D(1925, 9, 30), "The teacher cannot be more than 100 years old"),
        (D(1925, 10, 1), None),
        (D(2007, 10, 1), None),
        (D(2007, 10, 2), "The teacher cannot be less than 18 years old"),
    ],
)
def test_date_of_birth_between_18_and_100_years(date_of_birth, message):
    assert date_rules.date_of_birth_error(date_of_birth, today=TODAY) == message


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "Enter a National Insurance Number"),
        ("AB123456C", None),
        ("ab 12 34 56 d", None),
        ("AB123456E", "Enter a National Insurance Number in the correct format"),
        ("DA123456A", "Enter a National Insurance Number in the correct format"),
        ("AO123456A", "Enter a National Insurance Number in the correct format"),
        ("GB123456A", "Enter a National Insurance Number in the correct format"),
        ("AB12345A", "Enter a National Insurance Number in the correct format"),
    ],
)
def test_national_insurance_number_format(value, message):
    assert rules.national_insurance_number_error(value) == message


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "Enter the correct full name"),
        ("x" * 70, None),
        ("x" * 71, "Corrected name must be 70 characters or less"),
    ],
)
def test_corrected_name(value, message):
    assert rules.corrected_name_error(value) == message


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "Enter the email address"),
        ("name@example.com", None),
        ("first.last+tag@sub.example.co.uk", None),
        ("name@example", "Enter an email address in the correct format, like name@example.com"),
        ("name@@example.com", "Enter an email address in the correct format, like name@example.com"),
        ("na..me@example.com", "Enter an email address in the correct format, like name@example.com"),
        ("name@exa_mple.com", "Enter an email address in the correct format, like name@example.com"),
        ("name example@example.com", "Enter an email address in the correct format, like name@example.com"),
        ("a" * 250 + "@x.com", "Enter an email address that is less than 254 characters long"),
    ],
)
def test_email_format(value, message):
    assert rules.email_error(value) == message


def test_cant_use_an_email_another_trn_uses_while_ongoing(db):
    school = SchoolFactory()
    other = TeacherFactory(trn="1111111")
    ECTAtSchoolPeriod.objects.create(teacher=other, school=school, started_on=D(2025, 9, 1), email="x@example.com")
    assert rules.email_in_use_by_another_teacher(email="X@example.com", trn="2222222", today=TODAY)
    assert not rules.email_in_use_by_another_teacher(email="x@example.com", trn="1111111", today=TODAY)
    mentor = TeacherFactory()
    MentorAtSchoolPeriod.objects.create(
        teacher=mentor, school=school, started_on=D(2024, 9, 1), finished_on=D(2025, 7, 31), email="m@example.com"
    )
    assert not rules.email_in_use_by_another_teacher(email="m@example.com", trn="2222222", today=TODAY)


@pytest.mark.parametrize(
    ("answer", "check", "message"),
    [
        (None, rules.details_correct_error, "Select 'Yes' or 'No' to confirm whether the details are correct"),
        (
            "",
            rules.use_previous_choices_error,
            "Select 'Yes' or 'No' to confirm whether to use the programme choices used by your school previously",
        ),
        (
            None,
            rules.mentoring_at_new_school_only_error,
            "Select 'Yes' or 'No' to confirm whether they will be mentoring at your school only",
        ),
        ("", rules.working_pattern_error, "Select if the ECT's working pattern is full or part time"),
        ("", rules.training_programme_error, "Select either 'Provider-led' or 'School-led' training"),
        ("", rules.lead_provider_error, "Select which lead provider will be training the ECT"),
        ("", rules.mentor_lead_provider_error, "Select a lead provider to contact your school"),
    ],
)
def test_unanswered_questions(answer, check, message):
    assert check(answer) == message


@pytest.mark.parametrize("answer", ["yes", "no", True, False])
def test_answered_yes_no_questions(answer):
    assert rules.details_correct_error(answer) is None


def test_appropriate_body_rules(db):
    state, independent = SchoolFactory(), SchoolFactory(independent=True)
    hub, istip = AppropriateBodyFactory(), AppropriateBodyFactory(national=True)
    authority = AppropriateBodyFactory(local_authority=True)
    assert (
        rules.appropriate_body_error(None, school=state)
        == "Select the appropriate body which will be supporting the ECT's induction"
    )
    assert rules.appropriate_body_error(hub, school=state) is None
    assert rules.appropriate_body_error(istip, school=state) == "Must be teaching school hub"
    assert rules.appropriate_body_error(authority, school=state) == "Must be teaching school hub"
    assert rules.appropriate_body_error(istip, school=independent) is None
    assert rules.appropriate_body_error(authority, school=independent) == "Must be national or teaching school hub"
    assert rules.appropriate_body_error(AppropriateBodyFactory(inactive=True), school=state) == "Must be active"


@pytest.mark.parametrize(
    ("new", "current", "message", "significant"),
    [
        ("Ada Lovelace", "Ada Lovelace", "The name must be different from the current name", False),
        ("ada  lovelace", "Ada Lovelace", "The name must be different from the current name", False),
        ("Ada King", "Ada Lovelace", None, False),
        ("Augusta Lovelace", "Ada Lovelace", None, False),
        ("Augusta King", "Ada Lovelace", None, True),
        ("", "Ada Lovelace", "Enter the correct full name", True),
    ],
)
def test_name_changes(new, current, message, significant):
    assert rules.name_change_error(new, current_name=current) == message
    assert rules.is_significant_name_change(new, current_name=current) is significant


def test_email_and_working_pattern_changes_must_differ():
    assert (
        rules.email_change_error("A@example.com", current_email="a@example.com")
        == "The email address must be different from the current email address"
    )
    assert rules.email_change_error("b@example.com", current_email="a@example.com") is None
    assert rules.working_pattern_change_error("", current_pattern="full_time") == "Select a working pattern"
    assert rules.working_pattern_change_error("full_time", current_pattern="full_time") == (
        "The working pattern must be different from the current working pattern"
    )


# -- dates ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "earliest"),
    [(D(2025, 10, 1), D(2023, 6, 1)), (D(2025, 5, 31), D(2022, 6, 1)), (D(2025, 6, 1), D(2023, 6, 1))],
)
def test_earliest_start_is_the_contract_period_two_before_the_current_one(today, earliest):
    assert date_rules.earliest_ect_start_date(today=today) == earliest


@pytest.mark.parametrize(
    ("today", "latest"),
    [(D(2025, 10, 1), D(2026, 2, 2)), (D(2025, 10, 31), D(2026, 3, 1)), (D(2023, 10, 31), D(2024, 3, 1))],
)
def test_start_date_must_be_before_four_months_and_a_day(today, latest):
    assert date_rules.latest_start_date_exclusive(today=today) == latest


@given(
    today=st.dates(min_value=D(2022, 1, 1), max_value=D(2030, 12, 31)),
    offset=st.integers(min_value=-1200, max_value=400),
)
def test_start_date_rule_accepts_exactly_the_window(today, offset):
    started_on = today + dt.timedelta(days=offset)
    earliest = date_rules.earliest_ect_start_date(today=today)
    message = date_rules.start_date_rule(started_on=started_on, today=today, earliest=earliest)
    too_early = started_on < earliest
    too_far = started_on > date_rules.add_months(today, 4)
    assert (message is None) == (not too_early and not too_far)
    if too_early:
        # docs/school-registration.md, "Messages": the date written as "1 September 2025".
        assert (
            message
            == f"Start date cannot be this far in the past. Enter a date later than {earliest.day} {earliest:%B %Y}."
        )
    elif too_far:
        assert message.startswith("Start date must be before ")


@given(
    today=st.dates(min_value=D(2022, 1, 1), max_value=D(2030, 12, 31)),
    previous=st.integers(min_value=-300, max_value=60),
    offset=st.integers(min_value=-300, max_value=120),
)
def test_start_date_must_be_after_the_start_at_the_other_school(today, previous, offset):
    previous_start = today + dt.timedelta(days=previous)
    started_on = today + dt.timedelta(days=offset)
    message = date_rules.start_date_rule(
        started_on=started_on,
        today=today,
        earliest=None,
        previous_start=previous_start,
        previous_school_name="Elm Academy",
        teacher_name="Ada Lovelace",
    )
    if started_on <= previous_start:
        assert message == (
            f"Our records show that Ada Lovelace started teaching at Elm Academy on {date_rules.format_date(previous_start)}."
            f" Enter a start date after {date_rules.format_date(previous_start)}."
        )
    else:
        assert (message is None) == (started_on < date_rules.latest_start_date_exclusive(today=today))


@given(
    today=st.dates(min_value=D(2022, 1, 1), max_value=D(2030, 12, 31)),
    started=st.integers(min_value=-400, max_value=0),
    offset=st.integers(min_value=-400, max_value=200),
)
def test_leaving_date_rule(today, started, offset):
    started_on = today + dt.timedelta(days=started)
    leaving_on = today + dt.timedelta(days=offset)
    message = date_rules.leaving_date_error(leaving_on, started_on=started_on, teacher_name="Ada Lovelace", today=today)
    if leaving_on > date_rules.add_months(today, 4):
        assert message == "Enter a date no further than 4 months from today"
    elif leaving_on <= started_on:
        assert message == (
            f"Our records show that Ada Lovelace started teaching at your school on {date_rules.format_date(started_on)}. "
            "Enter a later date."
        )
    else:
        assert message is None


def test_leaving_date_blank_and_after_latest_training():
    assert (
        date_rules.leaving_date_error(None, started_on=D(2025, 9, 1), teacher_name="Ada")
        == "Enter the date the teacher left or will be leaving your school"
    )
    assert date_rules.leaving_date_error(
        D(2025, 9, 20), started_on=D(2025, 9, 1), latest_training_start=D(2025, 9, 20), teacher_name="Ada", today=TODAY
    ) == ("Our records show that Ada's current training started on 20 September 2025. Enter a later date.")


def test_ect_start_date_rules_read_the_other_school(db):
    assert (
        date_rules.ect_start_date_error(None, trn="1234567", today=TODAY)
        == "Enter the date the ECT started or will start teaching at your school"
    )
    teacher = TeacherFactory(trn="1234567", trs_first_name="Ada", trs_last_name="Lovelace")
    elsewhere = SchoolFactory(name="Elm Academy")
    ect_training(elsewhere, year=2025, teacher=teacher, started_on=D(2025, 9, 1), school_led=True)
    here = SchoolFactory()
    assert date_rules.ect_start_date_error(D(2025, 9, 1), trn="1234567", school=here, today=TODAY) == (
        "Our records show that Ada Lovelace started teaching at Elm Academy on 1 September 2025. "
        "Enter a start date after 1 September 2025."
    )
    assert date_rules.ect_start_date_error(D(2025, 9, 2), trn="1234567", school=here, today=TODAY) is None
    # At their own school the rule does not apply.
    assert date_rules.ect_start_date_error(D(2025, 9, 1), trn="1234567", school=elsewhere, today=TODAY) is None


def test_mentor_started_on_rules(db):
    assert (
        date_rules.mentor_started_on_error(None, trn="1234567", today=TODAY)
        == "Enter the date they started or will start ECT mentoring at your school"
    )
    teacher = TeacherFactory(trn="1234567", trs_first_name="Bo", trs_last_name="Ng")
    MentorAtSchoolPeriod.objects.create(
        email="mentor@school.example",
        teacher=teacher,
        school=SchoolFactory(name="Elm Academy"),
        started_on=D(2024, 9, 1),
        finished_on=D(2025, 7, 1),
    )
    assert date_rules.mentor_started_on_error(D(2024, 9, 1), trn="1234567", school=SchoolFactory(), today=TODAY) == (
        "Our records show that Bo Ng started mentoring at Elm Academy on 1 September 2024. "
        "Enter a start date after 1 September 2024."
    )
    assert date_rules.mentor_started_on_error(D(2026, 2, 2), trn="1234567", school=SchoolFactory(), today=TODAY) == (
        "Start date must be before 2 February 2026. You cannot register the mentor this far in advance."
    )


def test_cannot_register_yet_for_a_future_contract_period_not_enabled_or_missing(db):
    assert not date_rules.cannot_register_yet(D(2025, 9, 1), today=TODAY)
    assert not date_rules.cannot_register_yet(D(2026, 7, 1), today=D(2026, 5, 1))
    Cohort.objects.filter(start_year=2026).update(enabled=False)
    assert date_rules.cannot_register_yet(D(2026, 7, 1), today=D(2026, 5, 1))
    assert date_rules.cannot_register_yet(D(2027, 7, 1), today=D(2027, 5, 1))  # no 2027 contract period
    assert not date_rules.cannot_register_yet(D(2027, 4, 1), today=D(2027, 5, 1))  # past dates never wait
