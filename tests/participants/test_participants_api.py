import datetime as dt

import pytest

from config.models import Event
from participants import services
from participants.models import TrainingPeriod
from schools.models import SchoolFundingUplift
from tests.factories import (
    DeliveryPartnerFactory,
    TeacherFactory,
    bulk_ects,
    ect_training,
    mark_merged,
    partnership,
    schedule,
)
from tests.jobs import run_queued_jobs

from .conftest import errors, put

# The rule book's words (docs/participants.md).
SCHEDULE_INVALID = "The property '#/schedule_identifier' must be present and correspond to a valid schedule"

URL = "/api/v3/participants"
D = dt.date


def enrolments(client, teacher, **params):
    response = client.get(f"{URL}/{teacher.api_id}", params)
    assert response.status_code == 200, response.content
    return response.json()["data"]["attributes"]["ecf_enrolments"]


def test_confirmed_participants_are_listed_with_seed_001_fields(lp_client, ect, mine):
    response = lp_client.get(URL)
    assert response.status_code == 200
    (item,) = response.json()["data"]
    assert item["id"] == str(ect.teacher.api_id) and item["type"] == "participant"
    attributes = item["attributes"]
    assert list(attributes) == [
        "full_name",
        "teacher_reference_number",
        "updated_at",
        "ecf_enrolments",
        "participant_id_changes",
    ]
    assert attributes["teacher_reference_number"] == ect.teacher.trn
    (enrolment,) = attributes["ecf_enrolments"]
    assert list(enrolment) == [
        "training_record_id",
        "email",
        "mentor_id",
        "school_urn",
        "participant_type",
        "cohort",
        "training_status",
        "participant_status",
        "teacher_reference_number_validated",
        "eligible_for_funding",
        "pupil_premium_uplift",
        "sparsity_uplift",
        "schedule_identifier",
        "delivery_partner_id",
        "withdrawal",
        "deferral",
        "created_at",
        "induction_end_date",
        "mentor_funding_end_date",
        "cohort_changed_after_payments_frozen",
        "mentor_ineligible_for_funding_reason",
    ]
    assert enrolment["training_record_id"] == str(ect.teacher.api_ect_training_record_id)
    assert enrolment["school_urn"] == "106286"
    assert enrolment["participant_type"] == "ect"
    assert enrolment["cohort"] == "2025"
    assert enrolment["training_status"] == "active"
    assert enrolment["schedule_identifier"] == "ecf-standard-september"
    assert enrolment["delivery_partner_id"] == str(mine.delivery_partnership.delivery_partner.api_id)
    assert attributes["participant_id_changes"] == []


def test_expression_of_interest_only_participants_are_not_visible(lp_client, lead_provider, school):
    hidden = ect_training(school, year=2025, lead_provider=lead_provider)
    assert lp_client.get(URL).json() == {"data": []}
    assert lp_client.get(f"{URL}/{hidden.teacher.api_id}").status_code == 404


def test_another_providers_participant_is_404_on_show_and_actions(lp_client, other_lead_provider, school):
    theirs = ect_training(
        school, year=2025, partnership=partnership(school, other_lead_provider, DeliveryPartnerFactory(), 2025)
    )
    assert lp_client.get(f"{URL}/{theirs.teacher.api_id}").status_code == 404
    body = {
        "data": {"type": "participant-defer", "attributes": {"course_identifier": "ecf-induction", "reason": "other"}}
    }
    assert lp_client.put(f"{URL}/{theirs.teacher.api_id}/defer", body, format="json").status_code == 404


def test_mentor_id_uplifts_and_eligibility(lp_client, ect, school, mine):
    mentor_teacher = TeacherFactory()
    mentor = services.mentor_at_school_start(
        email="teacher@example.com", teacher=mentor_teacher, school=school, started_on=D(2025, 9, 1)
    )
    services.mentorship_start(mentee=ect.ect_at_school_period, mentor=mentor, started_on=D(2025, 9, 1))
    SchoolFundingUplift.objects.create(school=school, cohort_year=2025, pupil_premium_uplift=True)
    ect.teacher.ect_first_became_eligible_for_funding_at = dt.datetime(2025, 9, 2, tzinfo=dt.UTC)
    ect.teacher.save()
    (enrolment,) = enrolments(lp_client, ect.teacher)
    assert enrolment["mentor_id"] == str(mentor_teacher.api_id)
    assert enrolment["pupil_premium_uplift"] is True and enrolment["sparsity_uplift"] is False
    assert enrolment["eligible_for_funding"] is True


@pytest.mark.parametrize(
    ("started_on", "finished_on", "expected"),
    [
        (D(2025, 9, 1), None, "active"),
        (D(2999, 9, 1), None, "joining"),
        (D(2025, 9, 1), D(2999, 1, 1), "leaving"),
        (D(2025, 9, 1), D(2025, 10, 1), "left"),
    ],
)
def test_participant_status_follows_the_schools_dates(lp_client, mine, school, started_on, finished_on, expected):
    period = ect_training(school, year=2025, partnership=mine, started_on=started_on)
    if finished_on:
        period.finished_on = finished_on
        period.save()
        period.ect_at_school_period.finished_on = finished_on
        period.ect_at_school_period.save()
    (enrolment,) = enrolments(lp_client, period.teacher)
    assert enrolment["participant_status"] == expected


def test_an_ect_appears_only_in_their_latest_cohort(lp_client, lead_provider, school, ect):
    later = partnership(school, lead_provider, DeliveryPartnerFactory(), 2026)
    services.training_period_start(
        at_school_period=ect.ect_at_school_period, started_on=D(2026, 9, 1), partnership=later, schedule=schedule(2026)
    )
    (enrolment,) = enrolments(lp_client, ect.teacher)
    assert enrolment["cohort"] == "2026"
    assert [i["id"] for i in lp_client.get(URL, {"filter[cohort]": "2025"}).json()["data"]] == []
    assert len(lp_client.get(URL, {"filter[cohort]": "2026"}).json()["data"]) == 1


def test_a_participant_stays_visible_after_the_school_moves_them_to_another_provider(
    lp_client, other_lead_provider, school, ect
):
    theirs = partnership(school, other_lead_provider, DeliveryPartnerFactory(), 2025)
    services.training_period_start(
        at_school_period=ect.ect_at_school_period,
        started_on=D(2025, 11, 1),
        partnership=theirs,
        schedule=schedule(2025),
    )
    (enrolment,) = enrolments(lp_client, ect.teacher)
    assert enrolment["participant_status"] == "left"


def test_training_status_filter(lp_client, ect):
    assert len(lp_client.get(URL, {"filter[training_status]": "active"}).json()["data"]) == 1
    assert lp_client.get(URL, {"filter[training_status]": "deferred"}).json() == {"data": []}
    response = lp_client.get(URL, {"filter[training_status]": "sleeping"})
    assert response.status_code == 400
    assert response.json() == {
        "errors": [
            {
                "title": "Bad request",
                "detail": 'The filter \'#/training_status\' must be ["active", "deferred", "withdrawn"]',
            }
        ]
    }


def test_updated_since_filter(lp_client, ect):
    stamp = lp_client.get(URL).json()["data"][0]["attributes"]["updated_at"]
    assert len(lp_client.get(URL, {"filter[updated_since]": stamp}).json()["data"]) == 1
    assert lp_client.get(URL, {"filter[updated_since]": "2999-01-01T00:00:00Z"}).json() == {"data": []}


def test_from_participant_id_finds_the_surviving_record(lp_client, ect):
    retired = TeacherFactory()
    mark_merged(retired, into=ect.teacher)
    found = lp_client.get(URL, {"filter[from_participant_id]": str(retired.api_id)}).json()["data"]
    assert [i["id"] for i in found] == [str(ect.teacher.api_id)]
    assert found[0]["attributes"]["participant_id_changes"][0]["from_participant_id"] == str(retired.api_id)
    assert lp_client.get(f"{URL}/{retired.api_id}").status_code == 404


def test_list_query_count_is_constant_at_3000_per_page(lp_client, mine, school, pinned_now, api_queries):
    made = bulk_ects(mine, 3001, year=2025)
    lp_client.get(URL, {"page[per_page]": 1})  # the window's first request also stamps the token's last use
    # token lookup, rate-limit counter, the page itself, where the (full) page ended
    with api_queries(4):
        one = lp_client.get(URL, {"page[per_page]": 1})
    with api_queries(4):
        response = lp_client.get(URL, {"page[per_page]": 3000})
    assert one.status_code == response.status_code == 200
    assert [item["id"] for item in response.json()["data"]] == [str(p.teacher.api_id) for p in made[:3000]]


# -- actions ------------------------------------------------------------------------------------------------


TODAY = {"HTTP_X_WITH_SERVER_DATE": "2025-11-10T10:00:00Z"}


def test_defer_finishes_the_training_period_and_keeps_history(lp_client, ect):
    response = lp_client.put(
        f"{URL}/{ect.teacher.api_id}/defer",
        {
            "data": {
                "type": "participant-defer",
                "attributes": {"course_identifier": "ecf-induction", "reason": "parental-leave"},
            }
        },
        format="json",
        **TODAY,
    )
    assert response.status_code == 200, response.content
    (enrolment,) = response.json()["data"]["attributes"]["ecf_enrolments"]
    assert enrolment["training_status"] == "deferred"
    assert enrolment["deferral"]["reason"] == "parental-leave"
    assert enrolment["deferral"]["date"].startswith("2025-11-10T10:00:00")
    ect.refresh_from_db()
    assert ect.finished_on == D(2025, 11, 10) and ect.deferral_reason == "parental-leave"
    assert Event.objects.filter(event_type="teacher_training_deferred").count() == 1


def test_defer_validations(lp_client, ect):
    assert errors(put(lp_client, ect.teacher, "defer", course_identifier="ecf-induction")) == [
        ("reason", "The property '#/reason' must be present, The property '#/reason' must be a valid reason")
    ]
    assert errors(put(lp_client, ect.teacher, "defer", course_identifier="ecf-induction", reason="holiday")) == [
        ("reason", "The property '#/reason' must be a valid reason")
    ]
    assert errors(put(lp_client, ect.teacher, "defer", reason="other")) == [
        (
            "course_identifier",
            "Enter a '#/course_identifier' value for this participant. The entered '#/course_identifier' is not "
            "recognised for the given participant. Check details and try again.",
        )
    ]
    assert errors(put(lp_client, ect.teacher, "defer", course_identifier="ecf-mentor", reason="other")) == [
        (
            "course_identifier",
            (
                "The entered '#/course_identifier' is not recognised for the given participant. Check details and "
                "try again."
            ),
        )
    ]
    assert errors(put(lp_client, ect.teacher, "defer", course_identifier="npq-headship", reason="other")) == [
        ("course_identifier", "NPQ Courses are no longer supported")
    ]


def test_cannot_defer_twice_or_after_withdrawal(lp_client, ect):
    assert put(lp_client, ect.teacher, "defer", course_identifier="ecf-induction", reason="other").status_code == 200
    assert errors(put(lp_client, ect.teacher, "defer", course_identifier="ecf-induction", reason="other")) == [
        ("participant_profile", "The participant is already deferred")
    ]


def test_withdraw_and_its_rules(lp_client, ect, mailoutbox, django_capture_on_commit_callbacks):
    assert errors(
        put(
            lp_client,
            ect.teacher,
            "withdraw",
            course_identifier="ecf-induction",
            reason="mentor-no-longer-being-mentor",
        )
    ) == [("reason", "You cannot withdraw an ECT for this reason. The ECT is not a mentor.")]
    with django_capture_on_commit_callbacks(execute=True):
        response = put(lp_client, ect.teacher, "withdraw", course_identifier="ecf-induction", reason="moved-school")
    assert response.status_code == 200
    (enrolment,) = response.json()["data"]["attributes"]["ecf_enrolments"]
    assert enrolment["training_status"] == "withdrawn" and enrolment["withdrawal"]["reason"] == "moved-school"
    assert errors(put(lp_client, ect.teacher, "withdraw", course_identifier="ecf-induction", reason="other")) == [
        ("participant_profile", "The participant is already withdrawn")
    ]
    assert errors(put(lp_client, ect.teacher, "defer", course_identifier="ecf-induction", reason="other")) == [
        ("participant_profile", "The participant is already withdrawn")
    ]
    run_queued_jobs()
    assert [m.to for m in mailoutbox] == [[ect.school.induction_tutor_email]]


def test_defer_or_withdraw_on_the_first_day_is_refused(lp_client, ect):
    response = lp_client.put(
        f"{URL}/{ect.teacher.api_id}/defer",
        {"data": {"attributes": {"course_identifier": "ecf-induction", "reason": "other"}}},
        format="json",
        HTTP_X_WITH_SERVER_DATE="2025-09-01T12:00:00Z",
    )
    assert errors(response) == [
        (
            "participant_id",
            (
                "You cannot defer or withdraw this participant today. You need to try again tomorrow as the training "
                "was recently changed for this participant."
            ),
        )
    ]


def test_resume_starts_a_new_training_period(lp_client, ect):
    lp_client.put(
        f"{URL}/{ect.teacher.api_id}/defer",
        {"data": {"attributes": {"course_identifier": "ecf-induction", "reason": "other"}}},
        format="json",
        **TODAY,
    )
    response = lp_client.put(
        f"{URL}/{ect.teacher.api_id}/resume",
        {"data": {"attributes": {"course_identifier": "ecf-induction"}}},
        format="json",
        HTTP_X_WITH_SERVER_DATE="2025-11-20T10:00:00Z",
    )
    assert response.status_code == 200
    assert response.json()["data"]["attributes"]["ecf_enrolments"][0]["training_status"] == "active"
    periods = list(TrainingPeriod.objects.filter(teacher=ect.teacher).order_by("started_on"))
    assert [(p.started_on, p.finished_on, p.deferral_reason) for p in periods] == [
        (D(2025, 9, 1), D(2025, 11, 10), "other"),
        (D(2025, 11, 20), None, ""),
    ]
    assert errors(put(lp_client, ect.teacher, "resume", course_identifier="ecf-induction")) == [
        ("participant_profile", "The participant is already active")
    ]


@pytest.mark.parametrize(
    ("action", "reason", "event"), [("defer", "other", "deferred"), ("withdraw", "moved-school", "withdrawn")]
)
def test_resume_on_the_day_of_a_defer_or_withdrawal_undoes_it(lp_client, ect, action, reason, event):
    """docs/decisions.md 18: a mistake must be undoable at once; the training period that finished today reopens."""
    stopped = lp_client.put(
        f"{URL}/{ect.teacher.api_id}/{action}",
        {"data": {"attributes": {"course_identifier": "ecf-induction", "reason": reason}}},
        format="json",
        **TODAY,
    )
    assert stopped.status_code == 200
    same_day = lp_client.put(
        f"{URL}/{ect.teacher.api_id}/resume",
        {"data": {"attributes": {"course_identifier": "ecf-induction"}}},
        format="json",
        **TODAY,
    )
    assert same_day.status_code == 200, same_day.content
    enrolment = same_day.json()["data"]["attributes"]["ecf_enrolments"][0]
    assert enrolment["training_status"] == "active"
    assert enrolment["withdrawal"] is None and enrolment["deferral"] is None
    periods = list(TrainingPeriod.objects.filter(teacher=ect.teacher).order_by("started_on"))
    assert [(p.started_on, p.finished_on, p.deferred_at, p.withdrawn_at) for p in periods] == [
        (D(2025, 9, 1), None, None, None)
    ]
    events = Event.objects.filter(event_type__startswith="teacher_training_").order_by("id")
    assert [e.event_type for e in events][-2:] == [
        f"teacher_training_{event}",
        "teacher_training_resumed",
    ]
    # The other guards stand: it is active now, and can be stopped again (it did not start today).
    assert errors(put(lp_client, ect.teacher, "resume", course_identifier="ecf-induction")) == [
        ("participant_profile", "The participant is already active")
    ]
    again = lp_client.put(
        f"{URL}/{ect.teacher.api_id}/defer",
        {"data": {"attributes": {"course_identifier": "ecf-induction", "reason": "other"}}},
        format="json",
        **TODAY,
    )
    assert again.status_code == 200


def test_change_schedule_within_the_cohort(lp_client, ect):
    response = put(
        lp_client,
        ect.teacher,
        "change-schedule",
        course_identifier="ecf-induction",
        schedule_identifier="ecf-extended-september",
    )
    assert response.status_code == 200, response.content
    assert response.json()["data"]["attributes"]["ecf_enrolments"][0]["schedule_identifier"] == "ecf-extended-september"
    assert TrainingPeriod.objects.filter(teacher=ect.teacher).count() == 2


def test_change_schedule_validations(lp_client, ect):
    def attempt(**attributes):
        return errors(put(lp_client, ect.teacher, "change-schedule", course_identifier="ecf-induction", **attributes))

    assert attempt() == [("schedule_identifier", SCHEDULE_INVALID)]
    assert attempt(schedule_identifier="ecf-imaginary") == [("schedule_identifier", SCHEDULE_INVALID)]
    assert attempt(schedule_identifier="ecf-standard-september") == [
        ("schedule_identifier", "Selected schedule is already on the profile")
    ]
    assert attempt(schedule_identifier="ecf-replacement-september") == [
        ("schedule_identifier", "Selected schedule is not valid for the course")
    ]
    assert attempt(schedule_identifier="ecf-standard-january", cohort="2024") == [
        (
            "cohort",
            (
                "You cannot change a participant to this cohort as you do not have a partnership with the school for "
                "the cohort. Contact the DfE for assistance."
            ),
        )
    ]
    assert attempt(schedule_identifier="ecf-standard-january", cohort="1999") == [
        ("cohort", "The '#/cohort' you have entered is invalid. Check cohort details and try again.")
    ]


def test_change_cohort_with_a_partnership_in_the_target_cohort(lp_client, lead_provider, school, ect):
    partnership(school, lead_provider, DeliveryPartnerFactory(), 2024)
    response = put(
        lp_client,
        ect.teacher,
        "change-schedule",
        course_identifier="ecf-induction",
        schedule_identifier="ecf-standard-january",
        cohort="2024",
    )
    assert response.status_code == 200, response.content
    enrolment = response.json()["data"]["attributes"]["ecf_enrolments"][0]
    assert (enrolment["cohort"], enrolment["schedule_identifier"]) == ("2024", "ecf-standard-january")


def test_a_retired_participant_id_still_works_on_actions(lp_client, ect):
    retired = TeacherFactory()
    mark_merged(retired, into=ect.teacher)
    response = put(lp_client, retired, "defer", course_identifier="ecf-induction", reason="other")
    assert response.status_code == 200
    assert response.json()["data"]["id"] == str(ect.teacher.api_id)


def test_action_without_data_is_400_and_wrong_method_405(lp_client, ect):
    response = lp_client.put(f"{URL}/{ect.teacher.api_id}/defer", {"reason": "other"}, format="json")
    assert response.status_code == 400
    assert lp_client.post(f"{URL}/{ect.teacher.api_id}/defer", {}, format="json").status_code == 405
    assert lp_client.delete(f"{URL}/{ect.teacher.api_id}").status_code == 405


def test_enrolment_created_at_is_when_the_training_record_began(lp_client, ect, school, mine):
    mentor_teacher = ect.teacher
    later = services.mentor_at_school_start(
        email="teacher@example.com", teacher=mentor_teacher, school=school, started_on=D(2025, 10, 1)
    )
    services.training_period_start(
        at_school_period=later, started_on=D(2025, 10, 1), partnership=mine, schedule=schedule(2025)
    )
    by_type = {e["participant_type"]: e for e in enrolments(lp_client, ect.teacher)}
    first_mentor_period = TrainingPeriod.objects.get(teacher=mentor_teacher, role="mentor")
    assert by_type["ect"]["created_at"] < by_type["mentor"]["created_at"]
    assert by_type["mentor"]["created_at"].startswith(first_mentor_period.created_at.strftime("%Y-%m-%dT%H:%M:%S"))


@pytest.mark.parametrize(("action", "reason"), [("defer", "other"), ("withdraw", "moved-school")])
def test_a_previous_providers_action_never_touches_the_new_providers_view(
    lp_client, other_lead_provider, ect, school, action, reason
):
    """Issue 15 item 7 (docs/lead-provider-api.md, "Participant actions"): the school moved the ECT to another
    provider; the previous provider may still record a defer or withdrawal on its own ended training, which its
    own view shows, but the participant's `updated_at`, which the new provider also sees, does not move."""
    from rest_framework.test import APIClient

    from participants.models import Teacher
    from partnerships.services import api_token_create

    TrainingPeriod.objects.filter(pk=ect.pk).update(finished_on=D(2025, 10, 31))
    services.training_period_start(
        at_school_period=ect.ect_at_school_period,
        started_on=D(2025, 11, 1),
        partnership=partnership(school, other_lead_provider, DeliveryPartnerFactory(), 2025),
        schedule=schedule(2025),
    )
    theirs = APIClient()
    theirs.credentials(HTTP_AUTHORIZATION=f"Bearer {api_token_create(lead_provider=other_lead_provider)[1]}")
    before = theirs.get(f"{URL}/{ect.teacher.api_id}").json()["data"]
    stamp = Teacher.objects.get(pk=ect.teacher.pk).api_updated_at

    response = put(lp_client, ect.teacher, action, course_identifier="ecf-induction", reason=reason)

    assert response.status_code == 200, response.content
    mine = response.json()["data"]["attributes"]["ecf_enrolments"][0]
    assert mine["training_status"] == ("deferred" if action == "defer" else "withdrawn")
    assert TrainingPeriod.objects.get(pk=ect.pk).finished_on == D(2025, 10, 31)
    assert Teacher.objects.get(pk=ect.teacher.pk).api_updated_at == stamp
    assert theirs.get(f"{URL}/{ect.teacher.api_id}").json()["data"] == before
