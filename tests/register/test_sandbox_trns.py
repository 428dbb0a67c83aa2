"""Issue 15 item 12: outside production, the stand-in teacher record service gives a trainee submitted for a TRN a
TRN (at once, or after REGISTER_FAKE_TRN_DELAY_SECONDS) and the trainee moves to trn_received, so a training
provider can reach recommend-for-qts with its own trainees."""

import datetime as dt

import pytest

from config import clock
from participants.models import FakeTeacherRecord

from .conftest import API
from .factories import trainee_payload

pytestmark = pytest.mark.django_db


def create(api) -> str:
    response = api.post(f"{API}/trainees", {"data": trainee_payload()}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["data"]["state"] == "submitted_for_trn"
    return response.json()["data"]["trainee_id"]


def test_a_submitted_trainee_gets_a_trn_at_once_and_can_be_recommended(api, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        trainee_id = create(api)

    body = api.get(f"{API}/trainees/{trainee_id}").json()["data"]
    assert body["state"] == "trn_received"
    assert len(body["trn"]) == 7 and body["trn"].isdigit()
    record = FakeTeacherRecord.objects.get(trn=body["trn"])
    assert (record.first_name, record.last_name, record.date_of_birth.isoformat()) == (
        body["first_names"],
        body["last_name"],
        body["date_of_birth"],
    )

    recommended = api.post(
        f"{API}/trainees/{trainee_id}/recommend-for-qts",
        {"data": {"qts_standards_met_date": clock.today().isoformat()}},
        format="json",
    )
    assert recommended.status_code == 202, recommended.content
    assert recommended.json()["data"]["state"] == "recommended_for_award"


def test_after_a_configured_delay_the_trn_arrives_on_a_later_request(api, settings):
    settings.REGISTER_FAKE_TRN_DELAY_SECONDS = 60
    trainee_id = create(api)
    url = f"{API}/trainees/{trainee_id}"

    assert api.get(url).json()["data"]["state"] == "submitted_for_trn"
    later = (clock.now() + dt.timedelta(minutes=2)).isoformat()
    body = api.get(url, HTTP_X_WITH_SERVER_DATE=later).json()["data"]
    assert body["state"] == "trn_received" and body["trn"]


def test_a_sent_trn_is_ignored_and_production_allocates_nothing(api, settings, django_capture_on_commit_callbacks):
    settings.STAND_IN_TEACHER_RECORDS = False
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(f"{API}/trainees", {"data": trainee_payload(trn="1234567")}, format="json")
    body = api.get(f"{API}/trainees/{response.json()['data']['trainee_id']}").json()["data"]
    assert (body["state"], body["trn"]) == ("submitted_for_trn", None)
    assert not FakeTeacherRecord.objects.exists()
