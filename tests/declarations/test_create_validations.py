"""POST /participant-declarations: every check of docs/declarations.md, "Checks, in order", with its exact message."""

import datetime as dt

import pytest
from django.utils import timezone

from declarations.models import Declaration
from participants.models import TrainingPeriod
from tests.declarations.factories import StatementFactory, declare, ect, mentor
from tests.declarations.helpers import attrs, errors, post
from tests.factories import TeacherFactory, cohort

# The rule book's words (docs/declarations.md, "Checks, in order").
ALREADY_CLAIMED = "A declaration has already been submitted that will be, or has been, paid for this event"
EVIDENCE_BLANK = "Enter a '#/evidence_held' value for this participant."
EVIDENCE_UNAVAILABLE = "Enter an available '#/evidence_held' type for this participant's event and course."
PARTICIPANT_NOT_RECOGNISED = (
    "Your update cannot be made as the '#/participant_id' is not recognised. Check participant details and try again."
)

pytestmark = pytest.mark.django_db


def test_npq_course_is_refused_before_any_other_check(lp_client):
    response = post(lp_client, course_identifier="npq-leading-teaching")
    assert response.status_code == 422
    assert errors(response) == [{"title": "course_identifier", "detail": "NPQ Courses are no longer supported"}]


def test_empty_attributes_report_participant_date_and_type_in_order(lp_client):
    response = post(lp_client)
    assert response.status_code == 422
    assert errors(response) == [
        {"title": "participant_id", "detail": PARTICIPANT_NOT_RECOGNISED},
        {"title": "declaration_date", "detail": "Enter a '#/declaration_date'."},
        {"title": "declaration_type", "detail": "Enter a '#/declaration_type'."},
    ]


def test_body_without_data_is_a_bad_request(lp_client):
    response = lp_client.post("/api/v3/participant-declarations", {"attributes": {}}, format="json")
    assert response.status_code == 400


def test_unknown_participant_is_not_recognised(lp_client, statement):
    period = ect(lp_client.lead_provider)
    response = post(lp_client, **{**attrs(period), "participant_id": "3d1b9a0e-0000-4000-8000-000000000000"})
    assert errors(response) == [{"title": "participant_id", "detail": PARTICIPANT_NOT_RECOGNISED}]


def test_another_providers_participant_is_not_recognised(lp_client, other_lead_provider, statement):
    period = ect(other_lead_provider)
    StatementFactory(lead_provider=other_lead_provider)
    response = post(lp_client, **attrs(period))
    assert response.status_code == 422
    assert errors(response) == [{"title": "participant_id", "detail": PARTICIPANT_NOT_RECOGNISED}]
    assert not Declaration.objects.exists()


def test_course_the_participant_does_not_take_is_not_recognised(lp_client, statement):
    period = ect(lp_client.lead_provider)
    response = post(lp_client, **{**attrs(period), "course_identifier": "ecf-mentor"})
    assert errors(response) == [
        {
            "title": "course_identifier",
            "detail": (
                "The entered '#/course_identifier' is not recognised for the given participant. Check details and "
                "try again."
            ),
        }
    ]


def test_withdrawn_participant_cannot_be_declared_after_the_withdrawal(lp_client, statement):
    period = ect(lp_client.lead_provider)
    withdrawn_at = dt.datetime(2024, 11, 1, 9, 0, tzinfo=dt.UTC)
    TrainingPeriod.objects.filter(pk=period.pk).update(
        withdrawn_at=withdrawn_at, withdrawal_reason="other", finished_on=dt.date(2024, 11, 1)
    )
    response = post(lp_client, **attrs(period, declaration_date="2024-11-02T10:00:00Z"))
    assert errors(response) == [
        {
            "title": "participant_id",
            "detail": (
                "This participant withdrew from this course on 2024-11-01T09:00:00Z. Enter a '#/declaration_date' "
                "that's on or before the withdrawal date."
            ),
        }
    ]
    assert post(lp_client, **attrs(period, declaration_date="2024-10-31T10:00:00Z")).status_code == 200


def test_future_date_is_refused(lp_client, statement):
    period = ect(lp_client.lead_provider)
    future = (timezone.now() + dt.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M:%SZ")
    response = post(lp_client, **attrs(period, declaration_date=future))
    # Messages on one attribute are joined (the date is also past the milestone end).
    assert errors(response) == [
        {
            "title": "declaration_date",
            "detail": (
                "The '#/declaration_date' value cannot be a future date. Check the date and try again. Enter a "
                "'#/declaration_date' that's before the milestone end date."
            ),
        }
    ]


@pytest.mark.parametrize("value", ["2024-10-01", "01/10/2024", "2024-10-01 10:00:00", "2024-13-01T10:00:00Z"])
def test_date_that_is_not_rfc3339_is_refused(lp_client, statement, value):
    period = ect(lp_client.lead_provider)
    response = post(lp_client, **attrs(period, declaration_date=value))
    assert errors(response) == [{"title": "declaration_date", "detail": "Enter a valid RCF3339 '#/declaration_date'."}]


@pytest.mark.parametrize(
    "value",
    ["2024-10-01T10:00:00Z", "2024-10-01T10:00:00.123+01:00", "2024-10-01T10:00:00,5", "2024-10-01T10:00:00-0100"],
)
def test_rfc3339_variants_are_accepted(lp_client, statement, value):
    period = ect(lp_client.lead_provider)
    assert post(lp_client, **attrs(period, declaration_date=value)).status_code == 200


# 2024 ecf-standard-september retained-4: start 2026-01-01, last valid day 2026-03-31.
@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2025-12-31T23:59:59Z", "Enter a '#/declaration_date' that's on or after the milestone start."),
        ("2026-01-01T00:00:00Z", None),
        ("2026-03-31T23:59:59Z", None),
        ("2026-04-01T00:00:00Z", "Enter a '#/declaration_date' that's before the milestone end date."),
    ],
)
def test_milestone_window_edges(lp_client, statement, value, message):
    period = ect(lp_client.lead_provider)
    response = post(lp_client, **attrs(period, "retained-4", value, evidence_held="other"))
    if message is None:
        assert response.status_code == 200, response.content
    else:
        assert errors(response) == [{"title": "declaration_date", "detail": message}]


def test_no_open_output_statement_refuses_fundable_participant(lp_client):
    period = ect(lp_client.lead_provider)
    StatementFactory(lead_provider=lp_client.lead_provider, output_fee=False)
    StatementFactory(lead_provider=lp_client.lead_provider, payable=True)
    StatementFactory(lead_provider=lp_client.lead_provider, cut_off_date=dt.date(2020, 1, 1))
    response = post(lp_client, **attrs(period))
    assert errors(response) == [
        {
            "title": "cohort",
            "detail": (
                "You cannot submit or void declarations for the 2024 cohort. The funding contract for this cohort "
                "has ended. Get in touch if you need to discuss this with us"
            ),
        }
    ]


def test_frozen_cohort_has_no_open_statement(lp_client):
    period = ect(lp_client.lead_provider, year=2022)
    StatementFactory(lead_provider=lp_client.lead_provider, cohort=cohort(2022))
    response = post(lp_client, **attrs(period, declaration_date="2022-10-01T10:00:00Z"))
    assert errors(response) == [
        {
            "title": "cohort",
            "detail": (
                "You cannot submit or void declarations for the 2022 cohort. The funding contract for this cohort "
                "has ended. Get in touch if you need to discuss this with us"
            ),
        }
    ]


def test_not_fundable_participant_needs_no_statement(lp_client):
    period = ect(lp_client.lead_provider, fundable=False)
    response = post(lp_client, **attrs(period))
    assert response.status_code == 200
    assert response.json()["data"]["attributes"]["state"] == "submitted"


def test_type_not_in_schedule_is_refused(lp_client, statement):
    period = ect(lp_client.lead_provider)
    response = post(lp_client, **attrs(period, "extended-1", evidence_held="other"))
    assert errors(response) == [
        {"title": "declaration_type", "detail": "The property '#/declaration_type' does not exist for this schedule."}
    ]


def test_already_claimed_event_is_refused_across_providers(lp_client, statement, other_lead_provider):
    period = ect(lp_client.lead_provider)
    declare(lp_client.lead_provider, period)
    response = post(lp_client, **attrs(period, declaration_date="2024-10-02T10:00:00Z"))
    assert errors(response) == [{"title": "base", "detail": ALREADY_CLAIMED}]
    assert Declaration.objects.count() == 1


def test_mentor_in_mentor_funding_cohort_may_only_send_started_or_completed(lp_client, statement_2025):
    period = mentor(lp_client.lead_provider, year=2025)
    response = post(
        lp_client, **attrs(period, "retained-1", "2025-10-01T10:00:00Z", evidence_held="training-event-attended")
    )
    assert errors(response) == [
        {
            "title": "declaration_type",
            "detail": (
                "You cannot send retained or extended declarations for participants who began their mentor training "
                "after June 2025. Resubmit this declaration with either a started or completed declaration."
            ),
        }
    ]


@pytest.mark.parametrize(
    ("year", "declaration_type", "evidence", "message"),
    [
        (2024, "retained-1", None, EVIDENCE_BLANK),
        (2024, "retained-1", "75-percent-engagement-met", EVIDENCE_UNAVAILABLE),
        (2024, "retained-1", "training-event-attended", None),
        (2024, "started", "nonsense", None),
        (2025, "started", None, None),
        (2025, "started", "other", None),
        (2025, "retained-1", None, EVIDENCE_BLANK),
        (2025, "retained-2", "other", EVIDENCE_UNAVAILABLE),
        (2025, "retained-2", "75-percent-engagement-met", None),
        (2025, "completed", "one-term-induction", None),
        (2025, "retained-1", "materials-engaged-with-offline", None),
    ],
)
def test_evidence_held_rules_per_cohort(lp_client, year, declaration_type, evidence, message):
    StatementFactory(lead_provider=lp_client.lead_provider, cohort=cohort(year))
    period = ect(lp_client.lead_provider, year=year)
    date = {"started": "2024-10-01T10:00:00Z", "retained-1": "2025-02-01T10:00:00Z"}.get(declaration_type)
    if year == 2025:
        date = "2025-10-01T10:00:00Z"
    extra = {} if evidence is None else {"evidence_held": evidence}
    response = post(lp_client, **attrs(period, declaration_type, date, **extra))
    if message is None:
        assert response.status_code == 200, response.content
    else:
        assert errors(response) == [{"title": "evidence_held", "detail": message}]


@pytest.mark.parametrize("evidence", [["other"], {"value": "other"}, 75])
def test_evidence_held_that_is_not_a_string_is_unavailable(lp_client, statement, evidence):
    period = ect(lp_client.lead_provider)
    response = post(lp_client, **attrs(period, "retained-1", "2025-02-01T10:00:00Z", evidence_held=evidence))
    assert response.status_code == 422
    assert errors(response) == [{"title": "evidence_held", "detail": EVIDENCE_UNAVAILABLE}]


def test_started_evidence_is_not_kept_before_detailed_evidence_types(lp_client, statement):
    period = ect(lp_client.lead_provider)
    response = post(lp_client, **attrs(period, evidence_held="other"))
    assert response.json()["data"]["attributes"]["evidence_held"] is None


def test_mentor_completed_needs_engagement_evidence_in_2025(lp_client, statement_2025):
    period = mentor(lp_client.lead_provider, year=2025)
    response = post(lp_client, **attrs(period, "completed", "2025-10-01T10:00:00Z", evidence_held="other"))
    assert errors(response) == [{"title": "evidence_held", "detail": EVIDENCE_UNAVAILABLE}]


def test_retired_participant_id_of_a_merged_record_still_works(lp_client, statement):
    from participants.services import teacher_merge

    period = ect(lp_client.lead_provider)
    duplicate = TeacherFactory()
    teacher_merge(keep=period.teacher, retire=duplicate, author_name="DfE")
    response = post(lp_client, **{**attrs(period), "participant_id": str(duplicate.api_id)})
    assert response.status_code == 200
    assert response.json()["data"]["attributes"]["participant_id"] == str(period.teacher.api_id)


def test_extended_declarations_are_for_ects_only(lp_client):
    """Providers may not submit extended declarations for mentors (docs/declarations.md, "Checks, in order" 13)."""
    from participants import services as participant_services
    from tests.factories import DeliveryPartnerFactory, SchoolFactory, partnership, schedule

    lead_provider = lp_client.lead_provider
    StatementFactory(lead_provider=lead_provider, cohort=cohort(2023))
    school = SchoolFactory()
    mine = partnership(school, lead_provider, DeliveryPartnerFactory(), 2023)
    started = dt.date(2023, 9, 1)
    extended = schedule(2023, "ecf-extended-september")
    mentor_period = participant_services.training_period_start(
        at_school_period=participant_services.mentor_at_school_start(
            email="teacher@example.com", teacher=TeacherFactory(), school=school, started_on=started
        ),
        started_on=started,
        partnership=mine,
        schedule=extended,
    )
    ect_period = participant_services.training_period_start(
        at_school_period=participant_services.ect_at_school_start(
            email="teacher@example.com", teacher=TeacherFactory(), school=school, started_on=started
        ),
        started_on=started,
        partnership=mine,
        schedule=extended,
    )
    refused = post(lp_client, **attrs(mentor_period, "extended-1", "2024-10-01T10:00:00Z", evidence_held="other"))
    assert errors(refused) == [
        {
            "title": "declaration_type",
            "detail": "You cannot send extended declarations for mentors. Extended declarations are for ECTs only.",
        }
    ]
    accepted = post(lp_client, **attrs(ect_period, "extended-1", "2024-10-01T10:00:00Z", evidence_held="other"))
    assert accepted.status_code == 200, accepted.content
    assert accepted.json()["data"]["attributes"]["declaration_type"] == "extended-1"


def test_messages_on_one_attribute_are_joined_without_stray_punctuation(lp_client, statement):
    """Issue 15 item 5: "...for this schedule., You cannot..." read badly; a sentence ends, the next begins."""
    period = mentor(lp_client.lead_provider)
    response = post(lp_client, **attrs(period, "extended-1", evidence_held="other"))
    assert errors(response) == [
        {
            "title": "declaration_type",
            "detail": (
                "The property '#/declaration_type' does not exist for this schedule. You cannot send extended "
                "declarations for mentors. Extended declarations are for ECTs only."
            ),
        }
    ]
    assert ".," not in response.content.decode()


def test_another_providers_claim_is_never_revealed_to_a_provider_that_never_trained_the_participant(
    lp_client, statement, other_lead_provider
):
    """docs/decisions.md 20: the participant error comes first, whatever else is wrong."""
    theirs = ect(other_lead_provider)
    StatementFactory(lead_provider=other_lead_provider)
    declare(other_lead_provider, theirs)
    unknown = {"title": "participant_id", "detail": PARTICIPANT_NOT_RECOGNISED}

    claimed_again = post(lp_client, **attrs(theirs, declaration_date="2024-10-02T10:00:00Z"))
    assert claimed_again.status_code == 422
    assert errors(claimed_again) == [unknown]

    as_for_an_unknown_id = post(lp_client, **{**attrs(theirs, "extended-1"), "declaration_date": ""})
    same_for_nobody = post(
        lp_client,
        **{**attrs(theirs, "extended-1"), "declaration_date": "", "participant_id": "3d1b9a0e-0000-4000-8000-0000"},
    )
    assert errors(as_for_an_unknown_id)[0] == unknown
    assert errors(as_for_an_unknown_id) == errors(same_for_nobody)
    assert Declaration.objects.count() == 1


def test_a_claim_in_a_role_the_caller_does_not_train_is_not_revealed(lp_client, statement, other_lead_provider):
    """The caller trains the teacher as an ECT; another provider trains and claimed them as a mentor."""
    mine = ect(lp_client.lead_provider)
    school = mine.school
    teacher = mine.teacher
    from participants import services as participant_services
    from tests.factories import DeliveryPartnerFactory, partnership, schedule

    StatementFactory(lead_provider=other_lead_provider)
    at_school = participant_services.mentor_at_school_start(
        email="teacher@example.com", teacher=teacher, school=school, started_on=dt.date(2024, 9, 1)
    )
    theirs = participant_services.training_period_start(
        at_school_period=at_school,
        started_on=dt.date(2024, 9, 1),
        partnership=partnership(school, other_lead_provider, DeliveryPartnerFactory(), 2024),
        schedule=schedule(2024),
    )
    declare(other_lead_provider, theirs)
    response = post(lp_client, **attrs(theirs, declaration_date="2024-10-02T10:00:00Z"))
    assert response.status_code == 422
    assert ALREADY_CLAIMED not in response.content.decode()
    assert errors(response) == [{"title": "participant_id", "detail": PARTICIPANT_NOT_RECOGNISED}]
