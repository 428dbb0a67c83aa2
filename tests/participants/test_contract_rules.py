"""Participant rules checked against the contract (docs/participants.md): the edges where the derivations and
the actions first disagreed with it."""

import datetime as dt

import pytest

from config.models import Event
from declarations.models import Declaration
from participants import services
from participants.models import Teacher, TrainingPeriod
from statements.models import Statement
from tests.factories import DeliveryPartnerFactory, TeacherFactory, ect_training, partnership, schedule

from .conftest import errors, put

URL = "/api/v3/participants"
D = dt.date


def on(day: dt.date) -> dict:
    """Request headers that make `day` (10:00 UTC) the server's today."""
    return {"HTTP_X_WITH_SERVER_DATE": f"{day.isoformat()}T10:00:00Z"}


def leave(period, day: dt.date):
    """The school reports the participant leaving: training and at-school periods end that day."""
    period.finished_on = day
    period.save()
    at_school = period.at_school_period
    at_school.finished_on = day
    at_school.save()


# -- participant_status (docs/participants.md: leaving only while finished_on is in the future) ----------------


def test_participant_status_is_left_on_the_last_day_and_leaving_the_day_before(lp_client, ect):
    leave(ect, D(2025, 12, 19))
    status = {}
    for day in (D(2025, 12, 18), D(2025, 12, 19)):
        response = lp_client.get(f"{URL}/{ect.teacher.api_id}", **on(day))
        status[day] = response.json()["data"]["attributes"]["ecf_enrolments"][0]["participant_status"]
    assert status == {D(2025, 12, 18): "leaving", D(2025, 12, 19): "left"}


def test_a_withdrawn_participant_has_left_from_the_day_of_withdrawal(lp_client, ect):
    response = put(
        lp_client, ect.teacher, "withdraw", on(D(2025, 11, 10)), course_identifier="ecf-induction", reason="other"
    )
    assert response.status_code == 200, response.content
    (enrolment,) = response.json()["data"]["attributes"]["ecf_enrolments"]
    assert (enrolment["training_status"], enrolment["participant_status"]) == ("withdrawn", "left")


# -- transfers (docs/participants.md: incomplete only while the transfer date is after today) --------------------


def test_a_transfer_is_complete_on_its_date(lp_client, ect):
    leave(ect, D(2025, 12, 19))
    response = lp_client.get("/api/v3/participants/transfers", **on(D(2025, 12, 19)))
    (transfer,) = response.json()["data"][0]["attributes"]["transfers"]
    assert (transfer["transfer_type"], transfer["status"]) == ("unknown", "complete")
    response = lp_client.get("/api/v3/participants/transfers", **on(D(2025, 12, 18)))
    assert response.json()["data"][0]["attributes"]["transfers"][0]["status"] == "incomplete"


# -- shared action validations (docs/participants.md) -----------------------------------------------------------


def test_a_course_the_participant_trains_in_with_another_provider_is_an_unrecognised_participant(
    lp_client, other_lead_provider, school, ect
):
    theirs = partnership(school, other_lead_provider, DeliveryPartnerFactory(), 2025)
    as_mentor = services.mentor_at_school_start(
        email="teacher@example.com", teacher=ect.teacher, school=school, started_on=D(2025, 9, 1)
    )
    services.training_period_start(
        at_school_period=as_mentor, started_on=D(2025, 9, 1), partnership=theirs, schedule=schedule(2025)
    )
    response = put(lp_client, ect.teacher, "defer", on(D(2025, 11, 10)), course_identifier="ecf-mentor", reason="other")
    assert errors(response) == [
        (
            "participant_id",
            (
                "Your update cannot be made as the '#/participant_id' is not recognised. Check participant details "
                "and try again."
            ),
        )
    ]


def test_a_course_identifier_that_is_not_text_is_not_recognised(lp_client, ect):
    response = put(lp_client, ect.teacher, "resume", course_identifier=42)
    assert errors(response) == [
        (
            "course_identifier",
            (
                "The entered '#/course_identifier' is not recognised for the given participant. Check details and "
                "try again."
            ),
        )
    ]


# -- resume ---------------------------------------------------------------------------------------------------


def test_resume_is_refused_when_the_participant_is_due_to_start_with_another_provider(
    lp_client, other_lead_provider, school, ect
):
    assert (
        put(
            lp_client, ect.teacher, "defer", on(D(2025, 11, 10)), course_identifier="ecf-induction", reason="other"
        ).status_code
        == 200
    )
    theirs = partnership(school, other_lead_provider, DeliveryPartnerFactory(), 2025)
    services.training_period_start(
        at_school_period=ect.ect_at_school_period, started_on=D(2026, 1, 5), partnership=theirs, schedule=schedule(2025)
    )
    response = put(lp_client, ect.teacher, "resume", on(D(2025, 11, 20)), course_identifier="ecf-induction")
    assert errors(response) == [
        ("participant_id", "This participant cannot be resumed because they are already active with another provider.")
    ]


# -- change schedule ------------------------------------------------------------------------------------------


def test_change_schedule_of_a_participant_who_left_is_refused_not_an_error(lp_client, other_lead_provider, school, ect):
    theirs = partnership(school, other_lead_provider, DeliveryPartnerFactory(), 2025)
    services.training_period_start(
        at_school_period=ect.ect_at_school_period,
        started_on=D(2025, 11, 1),
        partnership=theirs,
        schedule=schedule(2025),
    )
    response = put(
        lp_client,
        ect.teacher,
        "change-schedule",
        on(D(2025, 11, 20)),
        course_identifier="ecf-induction",
        schedule_identifier="ecf-extended-september",
    )
    assert errors(response) == [
        (
            "participant_id",
            (
                "You cannot change this participant’s schedule. This is because the participant has a 'left' "
                "participant_status, so they are not training with you currently."
            ),
        )
    ]
    assert TrainingPeriod.objects.filter(teacher=ect.teacher).count() == 2


def test_change_schedule_when_due_to_start_with_another_provider_is_refused(
    lp_client, other_lead_provider, school, ect
):
    theirs = partnership(school, other_lead_provider, DeliveryPartnerFactory(), 2025)
    services.training_period_start(
        at_school_period=ect.ect_at_school_period, started_on=D(2026, 1, 5), partnership=theirs, schedule=schedule(2025)
    )
    response = put(
        lp_client,
        ect.teacher,
        "change-schedule",
        on(D(2025, 11, 20)),
        course_identifier="ecf-induction",
        schedule_identifier="ecf-extended-september",
    )
    assert errors(response) == [
        (
            "participant_id",
            (
                "You cannot change this participant’s schedule as they are due to start with another lead provider "
                "in the future."
            ),
        )
    ]


def test_change_schedule_of_a_deferred_participant_keeps_them_deferred(lp_client, ect):
    deferred = put(
        lp_client, ect.teacher, "defer", on(D(2025, 11, 10)), course_identifier="ecf-induction", reason="parental-leave"
    )
    assert deferred.status_code == 200
    response = put(
        lp_client,
        ect.teacher,
        "change-schedule",
        on(D(2025, 11, 20)),
        course_identifier="ecf-induction",
        schedule_identifier="ecf-extended-september",
    )
    assert response.status_code == 200, response.content
    (enrolment,) = response.json()["data"]["attributes"]["ecf_enrolments"]
    assert (enrolment["training_status"], enrolment["schedule_identifier"]) == ("deferred", "ecf-extended-september")
    assert enrolment["deferral"]["reason"] == "parental-leave"
    (period,) = TrainingPeriod.objects.filter(teacher=ect.teacher)
    assert (period.started_on, period.finished_on) == (D(2025, 9, 1), D(2025, 11, 10))
    assert Event.objects.filter(event_type="teacher_schedule_changed").count() == 1
    # Resuming carries on with the new schedule.
    resumed = put(lp_client, ect.teacher, "resume", on(D(2025, 11, 21)), course_identifier="ecf-induction")
    assert resumed.json()["data"]["attributes"]["ecf_enrolments"][0]["schedule_identifier"] == "ecf-extended-september"


def _paid(period, declaration_type="started", when=dt.datetime(2022, 9, 15, tzinfo=dt.UTC)):
    lead_provider = period.partnership.delivery_partnership.contract.lead_provider
    statement = Statement.objects.create(
        lead_provider=lead_provider,
        cohort=period.schedule.cohort,
        year=2030,
        month=1,
        cut_off_date=D(2030, 1, 31),
        payment_date=D(2030, 2, 25),
    )
    return Declaration.objects.create(
        lead_provider=lead_provider,
        teacher=period.teacher,
        training_period=period,
        course_identifier="ecf-induction",
        declaration_type=declaration_type,
        declaration_date=when,
        cohort=period.schedule.cohort,
        payment_state="paid",
        statement=statement,
    )


def test_after_a_payments_frozen_move_declarations_of_the_frozen_cohort_do_not_block_schedule_changes(
    lp_client, lead_provider, school
):
    period = ect_training(
        school, year=2022, partnership=partnership(school, lead_provider, DeliveryPartnerFactory(), 2022)
    )
    _paid(period)
    partnership(school, lead_provider, DeliveryPartnerFactory(), 2024)
    moved = put(
        lp_client,
        period.teacher,
        "change-schedule",
        on(D(2025, 11, 10)),
        course_identifier="ecf-induction",
        schedule_identifier="ecf-extended-september",
        cohort="2024",
    )
    assert moved.status_code == 200, moved.content
    response = put(
        lp_client,
        period.teacher,
        "change-schedule",
        on(D(2025, 11, 20)),
        course_identifier="ecf-induction",
        schedule_identifier="ecf-standard-january",
    )
    assert response.status_code == 200, response.content
    (enrolment,) = response.json()["data"]["attributes"]["ecf_enrolments"]
    assert (enrolment["cohort"], enrolment["schedule_identifier"]) == ("2024", "ecf-standard-january")
    assert enrolment["cohort_changed_after_payments_frozen"] is True


@pytest.mark.parametrize(("moment", "fits"), [(dt.time(0, 0), True), (None, False)])
def test_the_new_schedule_uses_the_declaration_window(lp_client, mine, ect, moment, fits):
    """Change-schedule uses the window a new declaration is checked against (docs/declarations.md, "Checks, in
    order" 7-8): midnight of the start day is inside it (the original service's `<=` here would refuse a declaration
    it had accepted); the day before is not."""
    start = schedule(2025, "ecf-standard-january").milestones.get(declaration_type="started").start_date
    declared = (
        dt.datetime.combine(start, moment, tzinfo=dt.UTC)
        if moment
        else dt.datetime.combine(start - dt.timedelta(days=1), dt.time(12, 0), tzinfo=dt.UTC)
    )
    Declaration.objects.create(
        lead_provider=mine.delivery_partnership.contract.lead_provider,
        teacher=ect.teacher,
        training_period=ect,
        course_identifier="ecf-induction",
        declaration_type="started",
        declaration_date=declared,
        cohort=ect.schedule.cohort,
    )
    response = put(
        lp_client,
        ect.teacher,
        "change-schedule",
        on(D(2025, 11, 20)),
        course_identifier="ecf-induction",
        schedule_identifier="ecf-standard-january",
    )
    if fits:
        assert response.status_code == 200, response.content
    else:
        assert errors(response) == [
            ("schedule_identifier", "Changing schedule would invalidate existing declarations. Please void them first.")
        ]


# -- unfunded mentors (docs/participants.md: the mentor assigned on the provider's latest record of the ECT) --------


def test_a_replaced_mentor_is_no_longer_an_unfunded_mentor(lp_client, school, ect):
    first = services.mentor_at_school_start(
        email="teacher@example.com", teacher=TeacherFactory(), school=school, started_on=D(2025, 9, 1)
    )
    second = services.mentor_at_school_start(
        email="teacher@example.com", teacher=TeacherFactory(), school=school, started_on=D(2025, 9, 1)
    )
    services.mentorship_start(mentee=ect.ect_at_school_period, mentor=first, started_on=D(2025, 9, 1))
    services.mentorship_start(mentee=ect.ect_at_school_period, mentor=second, started_on=D(2025, 10, 1))
    listed = lp_client.get("/api/v3/unfunded-mentors", **on(D(2025, 11, 10))).json()["data"]
    assert [item["id"] for item in listed] == [str(second.teacher.api_id)]
    assert lp_client.get(f"/api/v3/unfunded-mentors/{first.teacher.api_id}", **on(D(2025, 11, 10))).status_code == 404


# -- updated_at (docs/participants.md: moves whenever what the provider sees changes) ------------------------------


def test_changes_to_the_teacher_record_move_the_api_timestamps(ect):
    teacher = Teacher.objects.get(pk=ect.teacher_id)
    before, unfunded_before = teacher.api_updated_at, teacher.api_unfunded_mentor_updated_at
    teacher.induction_end_date = D(2026, 7, 20)
    teacher.save()
    teacher.refresh_from_db()
    assert teacher.api_updated_at > before
    assert teacher.api_unfunded_mentor_updated_at == unfunded_before
    teacher.corrected_name = "Jane Smith"
    teacher.save(update_fields=["corrected_name"])
    teacher.refresh_from_db()
    assert teacher.api_unfunded_mentor_updated_at > unfunded_before
    stamp = teacher.api_updated_at
    teacher.save()
    teacher.refresh_from_db()
    assert teacher.api_updated_at == stamp
