"""Outside production the stand-in teacher record service gives a trainee submitted for a TRN a TRN, and the trainee
moves to trn_received, so a training provider can reach recommend-for-qts with its own trainees (issue 15 item 12).
The POST that creates a trainee answers `submitted_for_trn` with no TRN, as docs/register-api.md ("TRNs in the
sandbox") and its published example say, and the TRN arrives on a later request after a delay, a few minutes by
default, that `X-With-Server-Date` moves (issue 23 item 17)."""

import datetime as dt

import pytest

from config import clock
from participants.models import FakeTeacherRecord
from register.models import Trainee

from .conftest import API
from .factories import TraineeFactory, trainee_payload

pytestmark = pytest.mark.django_db


def create(api) -> dict:
    response = api.post(f"{API}/trainees", {"data": trainee_payload()}, format="json")
    assert response.status_code == 201, response.content
    return response.json()["data"]


def at(minutes: float) -> str:
    """An `X-With-Server-Date` that many minutes from now."""
    return (clock.now() + dt.timedelta(minutes=minutes)).isoformat()


@pytest.mark.django_db(transaction=True)
def test_the_post_answers_submitted_for_trn_and_the_trn_arrives_minutes_later(api):
    # Committed for real, as on the server: nothing done once the POST's transaction commits gives the TRN.
    created = create(api)
    assert (created["state"], created["trn"]) == ("submitted_for_trn", None)
    url = f"{API}/trainees/{created['trainee_id']}"

    soon = api.get(url, HTTP_X_WITH_SERVER_DATE=at(4)).json()["data"]
    assert (soon["state"], soon["trn"]) == ("submitted_for_trn", None)
    waiting = api.get(f"{API}/trainees", {"has_trn": "false"}, HTTP_X_WITH_SERVER_DATE=at(4)).json()["data"]
    assert created["trainee_id"] in {trainee["trainee_id"] for trainee in waiting}

    later = api.get(url, HTTP_X_WITH_SERVER_DATE=at(6)).json()["data"]
    assert later["state"] == "trn_received"
    assert len(later["trn"]) == 7 and later["trn"].isdigit()
    record = FakeTeacherRecord.objects.get(trn=later["trn"])
    assert (record.first_name, record.last_name, record.date_of_birth.isoformat()) == (
        later["first_names"],
        later["last_name"],
        later["date_of_birth"],
    )
    recommended = api.post(
        f"{url}/recommend-for-qts",
        {"data": {"qts_standards_met_date": clock.today().isoformat()}},
        format="json",
        HTTP_X_WITH_SERVER_DATE=at(7),
    )
    assert recommended.status_code == 202, recommended.content
    assert recommended.json()["data"]["state"] == "recommended_for_award"


def test_a_trainee_waiting_for_its_trn_can_be_withdrawn_and_then_gets_none(api):
    created = create(api)
    url = f"{API}/trainees/{created['trainee_id']}"
    withdrawal = {
        "withdraw_date": clock.today().isoformat(),
        "trigger": "provider",
        "future_interest": "no",
        "reasons": ["had_to_withdraw_trainee_another_reason"],
        "another_reason": "Left before the TRN came",
    }
    withdrawn = api.post(f"{url}/withdraw", {"data": withdrawal}, format="json")
    assert withdrawn.status_code == 200, withdrawn.content
    assert withdrawn.json()["data"]["trn"] is None
    body = api.get(url, HTTP_X_WITH_SERVER_DATE=at(60)).json()["data"]
    assert (body["state"], body["trn"]) == ("withdrawn", None)


def test_with_no_delay_the_trn_comes_on_the_next_request_never_with_the_post(api, settings):
    settings.REGISTER_FAKE_TRN_DELAY_SECONDS = 0
    created = create(api)
    assert (created["state"], created["trn"]) == ("submitted_for_trn", None)
    assert api.get(f"{API}/trainees/{created['trainee_id']}").json()["data"]["state"] == "trn_received"


def test_a_second_post_gives_the_first_trainee_its_trn_but_not_itself(api, settings):
    settings.REGISTER_FAKE_TRN_DELAY_SECONDS = 0
    first = create(api)
    second = api.post(
        f"{API}/trainees",
        {"data": trainee_payload(first_names="Jane", date_of_birth="1991-02-03")},
        format="json",
    ).json()["data"]
    assert (second["state"], second["trn"]) == ("submitted_for_trn", None)
    assert Trainee.objects.get(slug=first["trainee_id"]).state == "trn_received"


def test_trainees_that_never_asked_the_stand_in_service_keep_their_state(api, provider):
    # The sandbox's fixed examples (and every trainee made without asking) stay as they were made.
    trainee = TraineeFactory(training_provider=provider)
    body = api.get(f"{API}/trainees/{trainee.slug}", HTTP_X_WITH_SERVER_DATE=at(60)).json()["data"]
    assert (body["state"], body["trn"]) == ("submitted_for_trn", None)


def test_a_sent_trn_is_ignored_and_production_allocates_nothing(api, settings):
    settings.STAND_IN_TEACHER_RECORDS = False
    created = api.post(f"{API}/trainees", {"data": trainee_payload(trn="1234567")}, format="json").json()["data"]
    body = api.get(f"{API}/trainees/{created['trainee_id']}", HTTP_X_WITH_SERVER_DATE=at(60)).json()["data"]
    assert (body["state"], body["trn"]) == ("submitted_for_trn", None)
    assert not FakeTeacherRecord.objects.exists()
