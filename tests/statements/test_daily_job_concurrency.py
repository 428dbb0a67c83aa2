"""The daily job is safe to start on every server at once (docs/security.md §4): an advisory lock lets one run."""

import datetime as dt
import threading
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import connection, connections

from config import clock
from config.models import Event
from statements.models import Statement, StatementState
from tests.declarations.factories import StatementFactory


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_close_statements_runs_close_each_statement_once(reference_data, lead_provider):
    due = [StatementFactory(lead_provider=lead_provider) for _ in range(40)]
    Statement.objects.filter(pk__in=[s.pk for s in due]).update(cut_off_date=clock.today() - dt.timedelta(days=1))
    barrier = threading.Barrier(2)
    failures = []

    def run():
        try:
            barrier.wait()
            call_command("close_statements")
        except Exception as error:  # noqa: BLE001 - a failed run is what the test looks for
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert set(Statement.objects.filter(pk__in=[s.pk for s in due]).values_list("state", flat=True)) == {
        StatementState.PAYABLE
    }
    closed = Counter(
        Event.objects.filter(event_type="statement_payable", subject_id__in=[s.pk for s in due]).values_list(
            "subject_id", flat=True
        )
    )
    assert closed == Counter(s.pk for s in due)  # each statement closed once
    connection.close()
