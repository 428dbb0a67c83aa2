"""`refresh_teacher_records`: teachers' names, induction status and induction end date from the Teacher Record
Service (a local server playing TRS), longest unasked first, in batches, one run at a time, each change recorded
(docs/support.md, "Refresh from TRS")."""

import datetime as dt
import io
import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.utils import timezone

from config.models import Event, EventSource
from participants.management.commands.refresh_teacher_records import ADVISORY_LOCK_KEY
from participants.models import Teacher
from tests.factories import TeacherFactory, mark_merged
from tests.platform.conftest import wait_until

D = dt.date


def refresh(*args) -> str:
    out = io.StringIO()
    call_command("refresh_teacher_records", *args, stdout=out)
    return out.getvalue().strip()


def asked(trs_server) -> list[str]:
    return [request["path"].rsplit("/", 1)[-1] for request in trs_server.requests]


@pytest.fixture
def teachers(db, trs_server):
    long_ago = timezone.now() - dt.timedelta(days=3)
    renamed = TeacherFactory(trn="1000001", trs_first_name="Ada", trs_last_name="Byron")
    passed = TeacherFactory(trn="1000002", trs_first_name="Grace", trs_last_name="Hopper")
    gone = TeacherFactory(trn="1000003", trs_first_name="Alan", trs_last_name="Turing")
    same = TeacherFactory(
        trn="1000004", trs_first_name="Mary", trs_last_name="Somerville", trs_induction_status="in_progress"
    )
    Teacher.objects.filter(pk=same.pk).update(trs_refreshed_at=long_ago)
    recent = TeacherFactory(trn="1000005")
    Teacher.objects.filter(pk=recent.pk).update(trs_refreshed_at=timezone.now() - dt.timedelta(hours=1))
    merged = TeacherFactory(trn="1000006")
    mark_merged(merged, into=same)
    trs_server.add("1000001", first_name="Ada", last_name="Lovelace")
    trs_server.add(
        "1000002",
        first_name="Grace",
        last_name="Hopper",
        induction_status="Passed",
        induction_completed_on=D(2025, 7, 18),
    )
    trs_server.add("1000004", first_name="Mary", last_name="Somerville")
    trs_server.add("1000005")
    trs_server.add("1000006")
    return {"renamed": renamed, "passed": passed, "gone": gone, "same": same, "recent": recent, "merged": merged}


def test_due_teachers_are_refreshed_in_batches_and_each_change_is_an_event_of_the_job(teachers, trs_server):
    before = Teacher.objects.get(pk=teachers["renamed"].pk).api_updated_at
    out = refresh("--batch-size", "2")
    assert out == (
        "4 teacher(s) refreshed from the Teacher Record Service: 2 changed (induction_end_date 1, "
        "trs_induction_status 2, trs_last_name 1), 1 not found, 1 unchanged"
    )
    # Never asked first, then the longest unasked; the recently asked and the merged record are left alone.
    assert asked(trs_server) == ["1000001", "1000002", "1000003", "1000004"]
    renamed = Teacher.objects.get(pk=teachers["renamed"].pk)
    assert (renamed.trs_last_name, renamed.trs_induction_status) == ("Lovelace", "in_progress")
    assert renamed.api_updated_at > before  # lead providers see the name
    passed = Teacher.objects.get(pk=teachers["passed"].pk)
    assert (passed.trs_induction_status, passed.induction_end_date) == ("passed", D(2025, 7, 18))
    assert Teacher.objects.get(pk=teachers["gone"].pk).trs_not_found is True
    assert all(
        t.trs_refreshed_at > timezone.now() - dt.timedelta(minutes=1)
        for t in Teacher.objects.filter(trn__in=["1000001", "1000002", "1000003", "1000004"])
    )
    events = {
        e.subject_id: e
        for e in Event.objects.filter(event_type__in=["teacher_refreshed_from_trs", "teacher_not_found_in_trs"])
    }
    assert set(events) == {teachers["renamed"].pk, teachers["passed"].pk, teachers["gone"].pk}
    event = events[teachers["renamed"].pk]
    assert event.changes == {"trs_last_name": ["Byron", "Lovelace"], "trs_induction_status": ["", "in_progress"]}
    assert (event.source, event.author_type, event.author_name) == (EventSource.JOB, "system", "Teacher record refresh")
    assert events[teachers["gone"].pk].changes == {"trs_not_found": ["False", "True"]}


def test_a_second_run_finds_nothing_due_and_limit_bounds_a_run(teachers, trs_server):
    assert refresh("--limit", "1").startswith("1 teacher(s) refreshed")
    assert refresh().startswith("3 teacher(s) refreshed")
    assert refresh() == "0 teacher(s) refreshed from the Teacher Record Service: 0 changed, 0 not found, 0 unchanged"
    assert len(trs_server.requests) == 4


def test_when_trs_stops_answering_the_run_stops_and_what_was_not_asked_stays_due(teachers, trs_server):
    trs_server.fail(503, 503, 503)
    with pytest.raises(CommandError, match="did not answer"):
        refresh()
    assert not Teacher.objects.filter(trn="1000001", trs_refreshed_at__isnull=False).exists()
    assert refresh().startswith("4 teacher(s) refreshed")


def test_a_run_that_finds_another_running_does_nothing(teachers, trs_server):
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [ADVISORY_LOCK_KEY])
        assert refresh() == "Another refresh is running: nothing done"
        assert trs_server.requests == []
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [ADVISORY_LOCK_KEY])
    finally:
        other.close()
    out = refresh()
    assert out.startswith("4 teacher(s) refreshed"), out


@pytest.mark.django_db(transaction=True)
def test_two_runs_started_together_ask_trs_once_per_teacher(reference_data, trs_server):
    for n in range(6):
        TeacherFactory(trn=f"100010{n}", trs_first_name="Ada")
        trs_server.add(f"100010{n}", last_name=f"Renamed{n}")
    trs_server.delay = 0.05
    outputs = []

    def run():
        try:
            outputs.append(refresh())
        finally:
            connection.close()

    first = threading.Thread(target=run)
    first.start()
    wait_until(lambda: trs_server.requests, "the first refresh to ask TRS", 30)
    second = threading.Thread(target=run)
    second.start()
    first.join()
    second.join()
    assert sorted(outputs) == [
        "6 teacher(s) refreshed from the Teacher Record Service: 6 changed (trs_induction_status 6, trs_last_name 6), "
        "0 not found, 0 unchanged",
        "Another refresh is running: nothing done",
    ]
    assert sorted(asked(trs_server)) == [f"100010{n}" for n in range(6)]
    assert Event.objects.filter(event_type="teacher_refreshed_from_trs").count() == 6


def test_bad_arguments_are_refused(db):
    with pytest.raises(CommandError):
        refresh("--batch-size", "0")


def test_the_worker_runs_the_same_refresh_as_a_periodic_job(teachers, trs_server, settings):
    from procrastinate.contrib.django import app

    from participants.tasks import refresh_teacher_records

    settings.TRS_REFRESH_LIMIT = None
    assert refresh_teacher_records(timestamp=0).startswith("4 teacher(s) refreshed")
    assert Event.objects.filter(event_type="teacher_refreshed_from_trs", source=EventSource.JOB).count() == 2
    periodic = {task.task.name for task in app.periodic_registry.periodic_tasks.values()}
    assert {"participants.refresh_teacher_records", "config.delete_old_api_requests"} <= periodic


def test_the_service_refuses_to_refresh_a_record_merged_into_another(teachers):
    """Whoever asks (the job and the admin only offer records not merged): its records live on in the kept one."""
    from config.errors import DomainValidationError
    from participants import rules
    from participants.services import teacher_refresh_from_trs

    merged = teachers["merged"]
    with pytest.raises(DomainValidationError) as refused:
        teacher_refresh_from_trs(teacher=merged, author_type="system", author_name="")
    assert refused.value.errors == [("teacher", rules.ALREADY_MERGED)]
    assert Teacher.objects.get(pk=merged.pk).trs_refreshed_at is None
