"""The Teacher Record Service's API through the HTTP client, against a local server that plays TRS
(tests/trs_server.py): what is asked, how each answer is read, and what happens when TRS is slow or down
(docs/support.md, "Teacher Record Service")."""

import datetime as dt

import pytest

from participants import trs
from participants.trs import LookupResult, TRSTeacher, TRSUnavailable
from participants.trs.http import HTTPTRSClient
from tests.trs_server import API_KEY, API_VERSION

D = dt.date


def test_a_person_is_found_by_trn_with_the_key_and_version_and_read_as_a_teacher(trs_server):
    trs_server.add("1234567", induction_status="Passed", induction_completed_on=D(2025, 7, 18))
    assert trs.find_teacher(trn="1234567") == TRSTeacher(
        trn="1234567",
        first_name="Ada",
        last_name="Lovelace",
        date_of_birth=D(1990, 4, 2),
        induction_status="passed",
        qts_awarded_on=D(2024, 7, 1),
        prohibited_from_teaching=False,
        induction_completed_on=D(2025, 7, 18),
    )
    (asked,) = trs_server.requests
    assert asked["path"] == "/v3/persons/1234567"
    assert asked["query"] == {"include": "Induction,Alerts"}
    assert asked["headers"]["Authorization"] == f"Bearer {API_KEY}"
    assert asked["headers"]["X-Api-Version"] == API_VERSION


def test_by_trn_and_date_of_birth_only_the_right_date_finds_the_person(trs_server):
    trs_server.add("1234567")
    assert trs.find_teacher(trn="1234567", date_of_birth=D(1990, 4, 2)).trn == "1234567"
    assert trs.find_teacher(trn="1234567", date_of_birth=D(1991, 4, 2)) is None
    assert trs_server.requests[-1]["query"]["dateOfBirth"] == "1991-04-02"
    # The school pages' branches work over HTTP as over the stand-in.
    assert trs.lookup(trn="1234567", date_of_birth=D(1991, 4, 2)).result == LookupResult.DOB_MISMATCH
    found = trs.lookup(trn="1234567", date_of_birth=D(1991, 4, 2), national_insurance_number="ab 12 34 56 c")
    assert found.result == LookupResult.FOUND
    assert trs_server.requests[-1]["query"]["nationalInsuranceNumber"] == "AB123456C"


def test_an_unknown_trn_is_nobody_and_a_malformed_one_is_not_asked(trs_server):
    assert trs.find_teacher(trn="7654321") is None
    assert trs.lookup(trn="7654321", date_of_birth=D(1990, 4, 2)).result == LookupResult.TRN_NOT_FOUND
    count = len(trs_server.requests)
    assert trs.find_teacher(trn="12/../x") is None
    assert len(trs_server.requests) == count


@pytest.mark.parametrize(
    ("theirs", "ours"),
    [
        ("None", "none"),
        ("RequiredToComplete", "required_to_complete"),
        ("InProgress", "in_progress"),
        ("Passed", "passed"),
        ("Failed", "failed"),
        ("FailedInWales", "failed"),
        ("Exempt", "exempt"),
        ("SomethingNew", "none"),
    ],
)
def test_each_induction_status_of_trs_is_read_as_ours(trs_server, theirs, ours):
    trs_server.add("1234567", induction_status=theirs)
    assert trs.find_teacher(trn="1234567").induction_status == ours


def test_a_prohibition_alert_means_prohibited_from_teaching(trs_server):
    trs_server.add("1234567", prohibited=True)
    assert trs.find_teacher(trn="1234567").prohibited_from_teaching is True


def test_server_errors_and_dropped_connections_are_tried_again(trs_server):
    trs_server.add("1234567")
    trs_server.fail(503, 0)
    assert trs.find_teacher(trn="1234567").trn == "1234567"
    assert len(trs_server.requests) == 3


def test_after_the_retries_trs_is_unavailable(trs_server):
    trs_server.add("1234567")
    trs_server.fail(500, 502, 503)
    with pytest.raises(TRSUnavailable):
        trs.find_teacher(trn="1234567")
    assert len(trs_server.requests) == 3  # the first attempt and TRS_RETRIES (2) more


def test_a_slow_answer_times_out_and_is_tried_again(trs_server, settings):
    settings.TRS_TIMEOUT_SECONDS = 0.2
    trs_server.add("1234567")
    trs_server.delay = 0.5
    with pytest.raises(TRSUnavailable):
        trs.find_teacher(trn="1234567")
    assert len(trs_server.requests) == 3


def test_a_refused_key_is_not_tried_again(trs_server):
    trs_server.add("1234567")
    with pytest.raises(TRSUnavailable):
        HTTPTRSClient(api_key="wrong").find_teacher(trn="1234567")
    assert len(trs_server.requests) == 1


def test_an_answer_that_is_not_a_person_is_unavailable_not_an_error(trs_server):
    trs_server.add("1234567")
    trs_server.garbage = True
    with pytest.raises(TRSUnavailable):
        trs.find_teacher(trn="1234567")
    trs_server.garbage = False
    trs_server.people["1234567"]["firstName"] = None
    with pytest.raises(TRSUnavailable):
        trs.find_teacher(trn="1234567")


def test_without_an_address_or_key_nothing_is_asked(trs_server, settings):
    settings.TRS_API_KEY = ""
    with pytest.raises(TRSUnavailable):
        trs.find_teacher(trn="1234567")
    assert trs_server.requests == []


def test_a_connection_refused_is_unavailable(settings):
    settings.TRS_CLIENT = "participants.trs.http.HTTPTRSClient"
    settings.TRS_API_BASE_URL = "http://127.0.0.1:9"  # discard: nothing listens
    settings.TRS_API_KEY = API_KEY
    settings.TRS_RETRY_BACKOFF_SECONDS = 0.01
    with pytest.raises(TRSUnavailable):
        trs.find_teacher(trn="1234567")
