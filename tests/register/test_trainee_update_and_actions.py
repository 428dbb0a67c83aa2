import datetime as dt

import pytest

from register.models import TraineeState

from .conftest import API, messages
from .factories import DegreeFactory, TraineeFactory, TrainingProviderFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("method", ["put", "patch"])
def test_update_changes_only_the_fields_sent(api, provider, method):
    trainee = TraineeFactory(
        training_provider=provider,
        ethnicity="120",
        ethnic_group="black_ethnic_group",
        ethnic_background="African",
        training_initiative="009",
        hesa_disabilities={"disability1": "58"},
        disability_disclosure="disabled",
        diversity_disclosure="diversity_disclosed",
    )

    response = getattr(api, method)(
        f"{API}/trainees/{trainee.slug}", {"data": {"first_names": "Grace", "disability2": "57"}}, format="json"
    )

    assert response.status_code == 200
    trainee.refresh_from_db()
    assert trainee.first_names == "Grace"
    assert (trainee.ethnicity, trainee.ethnic_background) == ("120", "African")
    assert trainee.training_initiative == "009"
    assert trainee.diversity_disclosure == "diversity_disclosed"
    assert trainee.hesa_disabilities == {"disability1": "58", "disability2": "57"}
    assert trainee.state == TraineeState.SUBMITTED_FOR_TRN


def test_update_validates_the_merged_record(api, provider):
    trainee = TraineeFactory(training_provider=provider)

    response = api.patch(f"{API}/trainees/{trainee.slug}", {"data": {"itt_end_date": "2000-01-01"}}, format="json")

    assert response.status_code == 422
    assert messages(response) == ["Itt end date must be after itt_start_date"]


def test_update_runs_the_submission_checks_on_the_merged_record(api, provider):
    trainee = TraineeFactory(training_provider=provider, training_route="12")
    url = f"{API}/trainees/{trainee.slug}"

    no_degree = api.patch(url, {"data": {"first_names": "Grace"}}, format="json")
    too_young = api.patch(url, {"data": {"date_of_birth": "2020-01-01"}}, format="json")
    DegreeFactory(trainee=trainee)
    with_degree = api.patch(url, {"data": {"first_names": "Grace"}}, format="json")

    assert messages(no_degree) == ["Degrees Add at least one degree"]
    assert "Date of birth Enter a valid date of birth, trainee cannot be younger than 16 years old" in messages(
        too_young
    )
    assert with_degree.status_code == 200
    trainee.refresh_from_db()
    assert trainee.first_names == "Grace" and trainee.date_of_birth == dt.date(2000, 1, 1)


def test_update_of_another_providers_trainee_is_not_found(api):
    trainee = TraineeFactory(training_provider=TrainingProviderFactory())

    response = api.patch(f"{API}/trainees/{trainee.slug}", {"data": {"first_names": "X"}}, format="json")

    assert response.status_code == 404


def test_recommend_for_qts_from_trn_received(api, provider):
    trainee = TraineeFactory(training_provider=provider, trn_received=True, itt_start_date=dt.date(2024, 9, 1))

    response = api.post(
        f"{API}/trainees/{trainee.slug}/recommend-for-qts",
        {"data": {"qts_standards_met_date": "2025-06-17"}},
        format="json",
    )

    assert response.status_code == 202
    trainee.refresh_from_db()
    assert trainee.state == TraineeState.RECOMMENDED_FOR_AWARD
    assert trainee.outcome_date == dt.date(2025, 6, 17) and trainee.recommended_for_award_at is not None
    assert response.json()["data"]["state"] == "recommended_for_award"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"qts_standards_met_date": ""}, "Qts standards met date can't be blank"),
        ({"qts_standards_met_date": "17/06/2025"}, "Qts standards met date is invalid"),
        ({"qts_standards_met_date": "2999-01-01"}, "Qts standards met date must not be in the future"),
        ({"qts_standards_met_date": "2020-01-01"}, "Qts standards met date must not be before the ITT start date"),
    ],
)
def test_recommend_for_qts_validates_the_date(api, provider, data, message):
    trainee = TraineeFactory(training_provider=provider, trn_received=True, itt_start_date=dt.date(2024, 9, 1))

    response = api.post(f"{API}/trainees/{trainee.slug}/recommend-for-qts", {"data": data}, format="json")

    assert response.status_code == 422
    assert messages(response) == [message]


@pytest.mark.parametrize("state", ["submitted_for_trn", "deferred", "withdrawn", "recommended", "awarded"])
def test_recommend_for_qts_is_refused_unless_trn_received(api, provider, state):
    trainee = TraineeFactory(
        training_provider=provider,
        itt_start_date=dt.date(2024, 9, 1),
        **({state: True} if state != "submitted_for_trn" else {}),
    )
    before = trainee.state

    response = api.post(
        f"{API}/trainees/{trainee.slug}/recommend-for-qts",
        {"data": {"qts_standards_met_date": "2025-06-17"}},
        format="json",
    )

    assert response.status_code == 422
    assert messages(response) == ["Trainee state is invalid must be [trn_received]"]
    trainee.refresh_from_db()
    assert trainee.state == before


def test_recommend_needs_a_degree_on_routes_that_require_one(api, provider):
    trainee = TraineeFactory(
        training_provider=provider, trn_received=True, training_route="12", itt_start_date=dt.date(2024, 9, 1)
    )

    response = api.post(
        f"{API}/trainees/{trainee.slug}/recommend-for-qts",
        {"data": {"qts_standards_met_date": "2025-06-17"}},
        format="json",
    )
    assert messages(response) == ["Trainee degree information must be completed before QTS recommendation"]

    DegreeFactory(trainee=trainee)
    assert (
        api.post(
            f"{API}/trainees/{trainee.slug}/recommend-for-qts",
            {"data": {"qts_standards_met_date": "2025-06-17"}},
            format="json",
        ).status_code
        == 202
    )


@pytest.mark.parametrize("state", ["submitted_for_trn", "trn_received"])
def test_defer_from_allowed_states(api, provider, state):
    trainee = TraineeFactory(training_provider=provider, **({state: True} if state == "trn_received" else {}))

    response = api.post(
        f"{API}/trainees/{trainee.slug}/defer",
        {"data": {"defer_date": "2025-01-10", "defer_reason": "Illness"}},
        format="json",
    )

    assert response.status_code == 200
    trainee.refresh_from_db()
    assert (trainee.state, trainee.defer_date, trainee.defer_reason) == ("deferred", dt.date(2025, 1, 10), "Illness")


@pytest.mark.parametrize("state", ["deferred", "withdrawn", "recommended", "awarded", "draft"])
def test_defer_is_refused_from_other_states(api, provider, state):
    trainee = TraineeFactory(training_provider=provider, **{state: True})

    response = api.post(f"{API}/trainees/{trainee.slug}/defer", {"data": {"defer_date": "2025-01-10"}}, format="json")

    assert response.status_code == 422
    assert messages(response) == ["Trainee state is invalid must be one of [submitted_for_trn, trn_received]"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"defer_date": ""}, "Defer date can't be blank"),
        ({"defer_date": "soon"}, "Defer date is invalid"),
        (
            {"defer_date": "2025-01-10", "defer_reason": "x" * 501},
            "Defer reason is too long (maximum is 500 characters)",
        ),
    ],
)
def test_defer_validates_fields(api, provider, data, message):
    trainee = TraineeFactory(training_provider=provider)

    response = api.post(f"{API}/trainees/{trainee.slug}/defer", {"data": data}, format="json")

    assert messages(response) == [message]


WITHDRAWAL = {
    "withdraw_date": "2025-02-03",
    "trigger": "provider",
    "future_interest": "no",
    "reasons": ["had_to_withdraw_trainee_another_reason"],
    "another_reason": "Bespoke reason",
}


@pytest.mark.parametrize("state", ["submitted_for_trn", "trn_received", "deferred"])
def test_withdraw_from_allowed_states_records_the_withdrawal(api, provider, state):
    trainee = TraineeFactory(
        training_provider=provider,
        itt_start_date=dt.date(2024, 9, 1),
        **({state: True} if state != "submitted_for_trn" else {}),
    )

    response = api.post(f"{API}/trainees/{trainee.slug}/withdraw", {"data": WITHDRAWAL}, format="json")

    assert response.status_code == 200
    trainee.refresh_from_db()
    assert trainee.state == "withdrawn" and trainee.withdraw_date == dt.date(2025, 2, 3)
    assert (trainee.withdrawal_trigger, trainee.withdrawal_future_interest) == ("provider", "no")
    assert trainee.withdrawal_reasons == ["had_to_withdraw_trainee_another_reason"]
    body = response.json()["data"]
    assert body["withdraw_reasons"] == ["had_to_withdraw_trainee_another_reason"]
    assert body["withdrawal_another_reason"] == "Bespoke reason"


@pytest.mark.parametrize("state", ["withdrawn", "recommended", "awarded", "draft"])
def test_withdraw_is_refused_from_other_states(api, provider, state):
    trainee = TraineeFactory(training_provider=provider, **{state: True})

    response = api.post(f"{API}/trainees/{trainee.slug}/withdraw", {"data": WITHDRAWAL}, format="json")

    assert response.status_code == 422
    assert response.json() == {
        "errors": [
            {
                "error": "StateTransitionError",
                "message": "It’s not possible to perform this action while the trainee is in its current state",
            }
        ]
    }


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"withdraw_date": None}, "Withdraw date Choose a withdrawal date"),
        ({"withdraw_date": "3 Feb"}, "Withdraw date Choose a valid withdrawal date"),
        ({"withdraw_date": "2024-01-01"}, "Withdraw date The date must not be before the ITT start date"),
        ({"trigger": "school"}, "Trigger is not included in the list"),
        ({"future_interest": "maybe"}, "Future interest is not included in the list"),
        ({"reasons": []}, "Reasons Choose one or more reasons why the trainee withdrew from the course"),
        # A trainee-only reason with the provider trigger.
        ({"reasons": ["trainee_workload_issues"]}, "Reasons Reason(s) selected are not valid for this trigger"),
        ({"another_reason": ""}, "Another reason Enter another reason"),
    ],
)
def test_withdraw_validates_fields(api, provider, changes, message):
    trainee = TraineeFactory(training_provider=provider, itt_start_date=dt.date(2024, 9, 1))

    response = api.post(f"{API}/trainees/{trainee.slug}/withdraw", {"data": WITHDRAWAL | changes}, format="json")

    assert response.status_code == 422
    assert message in messages(response)
    trainee.refresh_from_db()
    assert trainee.state == "submitted_for_trn"


def test_trainee_reasons_are_accepted_with_the_trainee_trigger(api, provider):
    trainee = TraineeFactory(training_provider=provider, itt_start_date=dt.date(2024, 9, 1))
    data = WITHDRAWAL | {"trigger": "trainee", "reasons": ["trainee_workload_issues"], "another_reason": None}

    response = api.post(f"{API}/trainees/{trainee.slug}/withdraw", {"data": data}, format="json")

    assert response.status_code == 200
    trainee.refresh_from_db()
    assert trainee.withdrawal_another_reason is None


def test_actions_on_another_providers_trainee_are_not_found(api):
    trainee = TraineeFactory(training_provider=TrainingProviderFactory(), trn_received=True)

    for action, data in [
        ("defer", {"defer_date": "2025-01-10"}),
        ("withdraw", WITHDRAWAL),
        ("recommend-for-qts", {"qts_standards_met_date": "2025-06-17"}),
    ]:
        response = api.post(f"{API}/trainees/{trainee.slug}/{action}", {"data": data}, format="json")
        assert response.status_code == 404
    trainee.refresh_from_db()
    assert trainee.state == "trn_received"


WRONG_TYPES = [True, False, {"a": [1, 2]}, ["x"], [], {}]


@pytest.mark.parametrize("wrong", WRONG_TYPES, ids=repr)
def test_a_defer_reason_of_the_wrong_json_type_is_invalid_and_nothing_is_stored(api, provider, wrong):
    """docs/register-api.md, "Types": never a 500 (a boolean), never the Python text of an object."""
    trainee = TraineeFactory(training_provider=provider)

    response = api.post(
        f"{API}/trainees/{trainee.slug}/defer",
        {"data": {"defer_date": "2025-01-10", "defer_reason": wrong}},
        format="json",
    )

    assert response.status_code == 422
    assert messages(response) == ["Defer reason is invalid"]
    trainee.refresh_from_db()
    assert (trainee.state, trainee.defer_reason) == ("submitted_for_trn", None)


@pytest.mark.parametrize("wrong", [5, 2.5, True, False, {"a": 1}, [True], [["x"]], [{"a": 1}], [None]], ids=repr)
def test_withdrawal_reasons_of_the_wrong_json_type_are_invalid(api, provider, wrong):
    trainee = TraineeFactory(training_provider=provider, itt_start_date=dt.date(2024, 9, 1))

    response = api.post(
        f"{API}/trainees/{trainee.slug}/withdraw", {"data": WITHDRAWAL | {"reasons": wrong}}, format="json"
    )

    assert response.status_code == 422
    assert messages(response) == ["Reasons is invalid"]
    trainee.refresh_from_db()
    assert trainee.state == "submitted_for_trn"


ACTIONS = {
    "recommend-for-qts": ({"trn_received": True}, {"qts_standards_met_date": "2025-06-17"}),
    "defer": ({}, {"defer_date": "2025-01-10", "defer_reason": "Illness"}),
    "withdraw": ({}, WITHDRAWAL),
}


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("wrong", WRONG_TYPES, ids=repr)
def test_every_action_field_of_the_wrong_json_type_is_invalid(api, provider, action, wrong):
    """The same check as a trainee's fields (register/rules/common.py), for every field of every action: a list
    field (withdrawal reasons) takes a list of texts, any other field one text, number or date."""
    state, valid = ACTIONS[action]
    for field in valid:
        if field == "reasons" and wrong in (["x"], []):
            continue  # a list of texts is the reasons field's type
        trainee = TraineeFactory(training_provider=provider, itt_start_date=dt.date(2024, 9, 1), **state)
        before = trainee.updated_at

        response = api.post(f"{API}/trainees/{trainee.slug}/{action}", {"data": valid | {field: wrong}}, format="json")

        assert response.status_code == 422, (field, response.content)
        expected = f"{field.replace('_', ' ').capitalize()} is invalid"
        assert expected in messages(response), (field, messages(response))
        trainee.refresh_from_db()
        assert trainee.updated_at == before, field


def test_numbers_are_taken_as_their_text_in_action_fields(api, provider):
    trainee = TraineeFactory(training_provider=provider)

    response = api.post(
        f"{API}/trainees/{trainee.slug}/defer",
        {"data": {"defer_date": "2025-01-10", "defer_reason": 42}},
        format="json",
    )

    assert response.status_code == 200
    trainee.refresh_from_db()
    assert trainee.defer_reason == "42"
