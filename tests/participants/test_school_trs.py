import datetime as dt
import json

import pytest

from participants import sandbox, trs
from participants.models import FakeTeacherRecord, InductionStatus
from participants.trs import LookupResult
from tests.factories import TeacherFactory

D = dt.date


@pytest.fixture
def record(db):
    return FakeTeacherRecord.objects.create(
        trn="1234567",
        date_of_birth=D(1990, 4, 2),
        national_insurance_number="AB123456C",
        first_name="Ada",
        last_name="Lovelace",
        induction_status=InductionStatus.IN_PROGRESS,
        qts_awarded_on=D(2024, 7, 1),
    )


def test_lookup_by_trn_and_date_of_birth_finds_the_teacher(record):
    found = trs.lookup(trn="1234567", date_of_birth=D(1990, 4, 2))
    assert found.result == LookupResult.FOUND
    assert found.teacher == trs.TRSTeacher(
        trn="1234567",
        first_name="Ada",
        last_name="Lovelace",
        date_of_birth=D(1990, 4, 2),
        induction_status="in_progress",
        qts_awarded_on=D(2024, 7, 1),
        prohibited_from_teaching=False,
    )


def test_lookup_of_an_unknown_trn_is_trn_not_found(record):
    assert trs.lookup(trn="7654321", date_of_birth=D(1990, 4, 2)).result == LookupResult.TRN_NOT_FOUND


def test_a_date_of_birth_mismatch_asks_for_the_national_insurance_number(record):
    assert trs.lookup(trn="1234567", date_of_birth=D(1991, 4, 2)).result == LookupResult.DOB_MISMATCH
    by_ni = trs.lookup(trn="1234567", date_of_birth=D(1991, 4, 2), national_insurance_number="ab 12 34 56 c")
    assert by_ni.result == LookupResult.FOUND and by_ni.teacher.trn == "1234567"
    assert (
        trs.lookup(trn="1234567", date_of_birth=D(1991, 4, 2), national_insurance_number="AB999999C").result
        == LookupResult.NOT_FOUND
    )


def test_a_record_without_a_national_insurance_number_never_matches_one(record):
    record.national_insurance_number = ""
    record.save()
    assert trs.find_teacher(trn="1234567", national_insurance_number="") is None


def test_the_client_is_chosen_by_a_setting(settings, record):
    class Nobody:
        def find_teacher(self, **kwargs):
            return None

    settings.TRS_CLIENT = f"{__name__}.NobodyClient"
    globals()["NobodyClient"] = Nobody
    assert trs.find_teacher(trn="1234567") is None


def test_sandbox_records_cover_every_branch_and_list_free_teachers(db):
    sandbox.seed_teacher_records()
    sandbox.seed_teacher_records()  # idempotent
    statuses = set(FakeTeacherRecord.objects.values_list("induction_status", flat=True))
    assert {"passed", "failed", "exempt", "in_progress", "none"} <= statuses
    assert FakeTeacherRecord.objects.filter(prohibited_from_teaching=True).exists()
    assert not FakeTeacherRecord.objects.filter(trn="1999999").exists()
    TeacherFactory(trn="1000001")
    (rows,) = sandbox.sandbox_files().values()
    free = [row for row in rows if row["shows"] == "Free to register as an ECT or a mentor"]
    assert len(free) >= 20
    assert "1000001" not in {row["trn"] for row in rows}
    assert all(row["induction_status"] in ("none", "in_progress") for row in free)
    assert set(free[0]) == {
        "trn",
        "date_of_birth",
        "national_insurance_number",
        "first_name",
        "last_name",
        "induction_status",
        "shows",
    }


def test_the_dead_ends_are_listed_with_their_date_of_birth_and_what_each_shows(sandbox):
    """Issue 23 item 16: TRNs 1100001–1100004 in the trs_teachers.json `make run` writes, with the date of birth that
    reaches them and the words of the page each leads to (docs/school-registration.md, "Teacher records")."""
    rows = json.loads((sandbox.tokens_file.parent / "trs_teachers.json").read_text())
    dead_ends = {row["trn"]: row for row in rows if row["trn"].startswith("11000")}
    assert sorted(dead_ends) == ["1100001", "1100002", "1100003", "1100004"]
    assert {row["date_of_birth"] for row in dead_ends.values()} == {"1980-05-17"}
    assert dead_ends["1100001"]["shows"] == (
        'Register an ECT stops: "Passed Sandbox has completed their induction". Can be registered as a mentor.'
    )
    assert dead_ends["1100002"]["shows"] == (
        'Register an ECT stops: "Failed Sandbox has failed their induction". Can be registered as a mentor.'
    )
    assert dead_ends["1100003"]["shows"] == (
        'Register an ECT stops: "Exempt Sandbox is exempt from completing their induction". '
        "Can be registered as a mentor."
    )
    assert dead_ends["1100004"]["shows"] == (
        'Register an ECT stops: "Prohibited Sandbox cannot be registered: our records show they are prohibited from '
        'teaching". Register a mentor stops: "Prohibited Sandbox cannot be registered as a mentor: our records show '
        'they are prohibited from teaching".'
    )


def test_seed_sandbox_writes_trs_teachers_beside_the_tokens_file(sandbox):
    rows = json.loads((sandbox.tokens_file.parent / "trs_teachers.json").read_text())
    assert len(rows) >= 20
    assert "trs_teachers.json written to" in sandbox.output


def test_dfe_staff_edit_fake_records_in_the_admin_outside_production(admin_client, record):
    assert admin_client.get("/admin/participants/faketeacherrecord/").status_code == 200
    response = admin_client.get(f"/admin/participants/faketeacherrecord/{record.pk}/change/")
    assert response.status_code == 200 and b"Lovelace" in response.content
