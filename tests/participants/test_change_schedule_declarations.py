"""Change-schedule rules that depend on the participant's declarations (docs/participants.md,
"Change schedule (and cohort)", and the payments-frozen exception)."""

import datetime as dt

from declarations.models import Declaration
from statements.models import Statement
from tests.factories import DeliveryPartnerFactory, cohort, ect_training, partnership

from .conftest import errors

URL = "/api/v3/participants"


def declared(period, declaration_type="started", on=dt.datetime(2025, 9, 15, tzinfo=dt.UTC), state="no_payment"):
    statement = None
    if state != "no_payment":
        statement = Statement.objects.create(
            lead_provider=period.partnership.delivery_partnership.contract.lead_provider,
            cohort=period.schedule.cohort,
            year=2030,
            month=1,
            cut_off_date=dt.date(2030, 1, 31),
            payment_date=dt.date(2030, 2, 25),
        )
    return Declaration.objects.create(
        lead_provider=period.partnership.delivery_partnership.contract.lead_provider,
        teacher=period.teacher,
        training_period=period,
        course_identifier="ecf-induction",
        declaration_type=declaration_type,
        declaration_date=on,
        cohort=period.schedule.cohort,
        payment_state=state,
        statement=statement,
    )


def change(client, teacher, **attributes):
    return client.put(
        f"{URL}/{teacher.api_id}/change-schedule",
        {
            "data": {
                "type": "participant-change-schedule",
                "attributes": {"course_identifier": "ecf-induction", **attributes},
            }
        },
        format="json",
    )


def test_a_schedule_that_would_invalidate_declarations_is_refused(lp_client, lead_provider, school):
    period = ect_training(
        school, year=2025, partnership=partnership(school, lead_provider, DeliveryPartnerFactory(), 2025)
    )
    declared(period, on=dt.datetime(2025, 9, 15, tzinfo=dt.UTC))
    # ecf-reduced-april (2025) starts on 2026-04-01: a September declaration falls outside it.
    assert errors(change(lp_client, period.teacher, schedule_identifier="ecf-reduced-april")) == [
        ("schedule_identifier", "Changing schedule would invalidate existing declarations. Please void them first.")
    ]
    assert change(lp_client, period.teacher, schedule_identifier="ecf-extended-september").status_code == 200


def test_voided_declarations_do_not_block_a_schedule_change(lp_client, lead_provider, school):
    period = ect_training(
        school, year=2025, partnership=partnership(school, lead_provider, DeliveryPartnerFactory(), 2025)
    )
    declared(period, state="voided")
    assert change(lp_client, period.teacher, schedule_identifier="ecf-reduced-april").status_code == 200


def test_the_cohort_cannot_change_once_declarations_exist(lp_client, lead_provider, school):
    period = ect_training(
        school, year=2025, partnership=partnership(school, lead_provider, DeliveryPartnerFactory(), 2025)
    )
    partnership(school, lead_provider, DeliveryPartnerFactory(), 2024)
    declared(period)
    response = change(lp_client, period.teacher, schedule_identifier="ecf-extended-september", cohort="2024")
    assert ("cohort", "You cannot change the '#/cohort' field") in errors(response)


def test_an_unfinished_ect_of_a_frozen_cohort_moves_to_2024(lp_client, lead_provider, school):
    frozen = partnership(school, lead_provider, DeliveryPartnerFactory(), 2022)
    period = ect_training(school, year=2022, partnership=frozen)
    declared(period, on=dt.datetime(2022, 9, 15, tzinfo=dt.UTC), state="paid")
    partnership(school, lead_provider, DeliveryPartnerFactory(), 2024)
    response = change(lp_client, period.teacher, schedule_identifier="ecf-extended-september", cohort="2024")
    assert response.status_code == 200, response.content
    (enrolment,) = response.json()["data"]["attributes"]["ecf_enrolments"]
    assert (enrolment["cohort"], enrolment["cohort_changed_after_payments_frozen"]) == ("2024", True)


def test_nobody_moves_into_a_frozen_cohort_without_having_been_there(lp_client, lead_provider, school):
    period = ect_training(
        school, year=2025, partnership=partnership(school, lead_provider, DeliveryPartnerFactory(), 2025)
    )
    partnership(school, lead_provider, DeliveryPartnerFactory(), 2022)
    assert cohort(2022).payments_frozen_at is not None
    response = change(lp_client, period.teacher, schedule_identifier="ecf-standard-september", cohort="2022")
    assert errors(response) == [
        (
            "cohort",
            "You cannot move a participant to a payments frozen cohort unless they previously belonged to that cohort.",
        )
    ]


def test_mentors_cannot_move_to_a_reduced_schedule(lp_client, lead_provider, school):
    from participants import services
    from tests.factories import TeacherFactory, schedule

    mine = partnership(school, lead_provider, DeliveryPartnerFactory(), 2025)
    at_school = services.mentor_at_school_start(
        email="teacher@example.com", teacher=TeacherFactory(), school=school, started_on=dt.date(2025, 9, 1)
    )
    mentor = services.training_period_start(
        at_school_period=at_school, started_on=dt.date(2025, 9, 1), partnership=mine, schedule=schedule(2025)
    )
    response = lp_client.put(
        f"{URL}/{mentor.teacher.api_id}/change-schedule",
        {"data": {"attributes": {"course_identifier": "ecf-mentor", "schedule_identifier": "ecf-reduced-september"}}},
        format="json",
    )
    assert errors(response) == [("schedule_identifier", "Selected schedule is not valid for the course")]
    allowed = lp_client.put(
        f"{URL}/{mentor.teacher.api_id}/change-schedule",
        {
            "data": {
                "attributes": {"course_identifier": "ecf-mentor", "schedule_identifier": "ecf-replacement-september"}
            }
        },
        format="json",
    )
    assert allowed.status_code == 200, allowed.content
