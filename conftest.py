"""Project-wide pytest fixtures."""

import datetime as dt
import io
import json
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from rest_framework.test import APIClient

from partnerships.services import api_token_create
from tests.factories import LeadProviderFactory

# The local server that plays the Teacher Record Service (`trs_server`), for every test package that needs TRS.
pytest_plugins = ["tests.trs_server"]
# The modules whose tests run longest (tens of seconds: the schemathesis runs, the role x admin page matrix, the
# browser journeys, the tests that start servers and workers) start first within their kind, longest first, so that
# `pytest -n 2` ends with short tests filling both workers instead of one worker finishing a long test alone.
LONG_RUNNING = (
    "tests/platform/test_fuzz_no_server_errors.py",
    "tests/admin/test_permissions.py",
    "tests/browser/",
    "tests/platform/test_worker.py",
    "tests/platform/test_published_documents.py",
    "tests/platform/test_behind_a_proxy.py",
    "tests/platform/test_chaos.py",
)


def _is_transactional(item) -> bool:
    """A test that commits (and so empties every table when it ends)."""
    marker = item.get_closest_marker("django_db")
    return bool(marker is not None and marker.kwargs.get("transaction")) or any(
        name in item.fixturenames for name in ("transactional_db", "live_server")
    )


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """pytest-django's order stays (tests in a rolled-back transaction, then tests that commit, then tests without
    the database); within each kind the long-running modules come first."""

    def kind(item) -> int:
        if _is_transactional(item):
            return 1
        return 0 if item.get_closest_marker("django_db") or "db" in item.fixturenames else 2

    def rank(item) -> int:
        return next((n for n, start in enumerate(LONG_RUNNING) if item.nodeid.startswith(start)), len(LONG_RUNNING))

    items.sort(key=lambda item: (kind(item), rank(item)))


# What migrations leave in a new test database (reference data, content types, permissions, staff groups), table by
# table in PostgreSQL's binary COPY format: captured once per test process, put back after a transactional test.
_MIGRATED_ROWS: dict[str, bytes] = {}


def _flushed_tables() -> list[str]:
    """The tables a transactional test empties when it ends (Django's flush)."""
    from django.db import connection

    return connection.introspection.django_table_names(only_existing=True, include_views=False)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test database, and a copy of every row its migrations wrote. Autovacuum leaves its tables
    alone: the planner's statistics are what a test's own ANALYZE made them (tests/platform/test_paging.py compares
    plans), never what an automatic ANALYZE wrote halfway through a test (it sets a table's row count in place,
    outside any transaction, from the rows committed at that moment)."""
    from django.db import connection

    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute("SELECT format('%I.%I', schemaname, tablename) FROM pg_tables WHERE tableowner = current_user")
        for (table,) in cursor.fetchall():
            cursor.execute(f"ALTER TABLE {table} SET (autovacuum_enabled = false)")
        for table in _flushed_tables():
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT EXISTS (SELECT FROM {quoted})")
            if cursor.fetchone()[0]:
                with cursor.copy(f"COPY {quoted} TO STDOUT (FORMAT binary)") as copy:
                    _MIGRATED_ROWS[table] = b"".join(bytes(block) for block in copy)


def _restore_migrated_rows() -> None:
    """Puts back what migrations wrote, as they wrote it (ids included). The flush that emptied the tables wrote
    content types and permissions again, under new ids: those give way to the originals."""
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType
    from django.core.management.color import no_style
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        for table, rows in _MIGRATED_ROWS.items():
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")
            with cursor.copy(f"COPY {connection.ops.quote_name(table)} FROM STDIN (FORMAT binary)") as copy:
                copy.write(rows)
        for sql in connection.ops.sequence_reset_sql(no_style(), apps.get_models(include_auto_created=True)):
            cursor.execute(sql)
    ContentType.objects.clear_cache()


def _migrated_rows_are_gone() -> bool:
    from partnerships.models import Cohort

    return not Cohort.objects.exists()


@pytest.fixture(autouse=True)
def _reference_data_in_transactional_tests(request):
    """A transactional test empties every table when it ends, including the reference data that migrations load
    (cohorts, schedules, code lists, staff groups). Tests that run after one in the same process get that data back
    here, as migrations left it."""
    transactional = _is_transactional(request.node)
    if transactional:
        request.getfixturevalue("_django_db_helper")
        if _migrated_rows_are_gone():
            _restore_migrated_rows()
    yield
    if transactional:
        # The job queue's tables are procrastinate's, not Django models Django empties: jobs a committed test left
        # behind would otherwise be run by a later test (tests/jobs.py).
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(
                "TRUNCATE procrastinate_events, procrastinate_jobs, procrastinate_periodic_defers, "
                "procrastinate_workers RESTART IDENTITY CASCADE"
            )


# The moment at which a test that depends on today runs: a Friday in the 2026 autumn term. The suite's fixed dates
# (cohorts up to 2026, declarations made in 2024 and 2025) and its relative ones (statements cut off 30 days from
# today) all hold then, whatever day the suite runs on.
PINNED_NOW = dt.datetime(2026, 11, 27, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def pinned_now(time_machine):
    """Starts the test at PINNED_NOW (time-machine moves `timezone.now`, `date.today`, `time.time` and so
    `config.clock`). The clock runs on from there, so `updated_at` still moves between two writes, and a test that
    makes a few requests stays inside the rate limit's first one-minute window (10:00)."""
    time_machine.move_to(PINNED_NOW, tick=True)
    return PINNED_NOW


@pytest.fixture
def api_queries(db):
    """`with api_queries(n):` around one API request: the request makes exactly `n` queries of its own, and exactly
    one more, the INSERT of its API request log row (docs/support.md, "API request log"), counted apart so that each
    endpoint's ceiling stays its own."""
    import contextlib

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from config.models import ApiRequest

    insert = f"INSERT INTO {ApiRequest._meta.db_table} ("

    @contextlib.contextmanager
    def costs(queries: int):
        with CaptureQueriesContext(connection) as captured:
            yield
        statements = [query["sql"] for query in captured.captured_queries]
        logged = [sql for sql in statements if sql.startswith(insert)]
        own = [sql for sql in statements if not sql.startswith(insert)]
        assert len(logged) == 1, f"{len(logged)} request log rows written, not 1"
        assert len(own) == queries, f"{len(own)} queries, not {queries}:\n" + "\n".join(own)

    return costs


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def lead_provider(db):
    return LeadProviderFactory(name="Ambition Institute")


@pytest.fixture
def other_lead_provider(db):
    return LeadProviderFactory(name="Teach First")


def _client_of(lead_provider) -> APIClient:
    _, raw = api_token_create(lead_provider=lead_provider)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    client.lead_provider = lead_provider
    return client


@pytest.fixture
def lp_client(lead_provider):
    """An API client authenticated as `lead_provider`."""
    return _client_of(lead_provider)


@pytest.fixture
def new_lp_client(db):
    """Makes another API client (its own token) for a lead provider."""
    return _client_of


@pytest.fixture
def other_lp_client(other_lead_provider):
    """An API client authenticated as `other_lead_provider`, to show what another provider does not see."""
    return _client_of(other_lead_provider)


@pytest.fixture
def staff_client(db):
    """Signs a new staff user with a role into a new test client: "support" or "finance" (the admin's groups),
    "viewer" (every view_ permission), "nobody" (staff without permissions) or "superuser"."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission
    from django.test import Client

    def sign_in(role: str) -> Client:
        User = get_user_model()
        if role == "superuser":
            user = User.objects.create_superuser(role, f"{role}@education.gov.uk", "pw")
        else:
            user = User.objects.create_user(role, f"{role}@education.gov.uk", "pw", is_staff=True)
        if role in {"support", "finance"}:
            user.groups.add(Group.objects.get(name=role))
        if role == "viewer":
            user.user_permissions.add(*Permission.objects.filter(codename__startswith="view_"))
        client = Client()
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def reference_data(transactional_db):
    """Content types, cohorts, schedules and the rest of what migrations wrote, for a transactional test: an earlier
    transactional test may have emptied the tables that migrations filled."""
    if _migrated_rows_are_gone():
        _restore_migrated_rows()


# -- the seeded sandbox, once per test process -------------------------------------------------------------------


@dataclass
class Sandbox:
    """What `seed_sandbox --tokens-file` made: its tokens, what it printed and where it wrote its files."""

    tokens: dict[str, dict[str, str]]
    tokens_file: Path
    output: str


def _maintenance(settings_dict: dict) -> psycopg.Connection:
    """A connection to the server's maintenance database: a database cannot be copied or dropped from a session
    connected to it."""
    return psycopg.connect(
        host=settings_dict["HOST"],
        port=settings_dict["PORT"] or None,
        user=settings_dict["USER"],
        dbname="postgres",
        autocommit=True,
    )


@pytest.fixture(scope="session")
def _seeded_sandbox_database(django_db_setup, django_db_blocker, tmp_path_factory):
    """A copy of the test database with the sandbox seeded into it, as `make run` seeds it, on the morning of
    PINNED_NOW: made once per test process (seeding takes seconds), read by every test that asks for `sandbox`."""
    import time_machine
    from django.core.management import call_command
    from django.db import connection, connections

    from config.db_roles import grant_app_role

    with django_db_blocker.unblock():
        test_database = connection.settings_dict
        name = f"{test_database['NAME']}_sandbox"
        connection.close()  # PostgreSQL copies a database only while nobody is connected to it
        with _maintenance(test_database) as maintenance:
            maintenance.execute(f'DROP DATABASE IF EXISTS "{name}"')
            maintenance.execute(f'CREATE DATABASE "{name}" TEMPLATE "{test_database["NAME"]}"')
        wrapper = connections.create_connection("default")
        wrapper.settings_dict = {**test_database, "NAME": name}
        tokens_file = tmp_path_factory.mktemp("sandbox") / "tokens.json"
        output = io.StringIO()
        test_wrapper = connections["default"]
        connections["default"] = wrapper
        try:
            if _migrated_rows_are_gone():  # a transactional test emptied the copied database
                _restore_migrated_rows()
            grant_app_role()  # a copy of a database does not keep its privileges: as after every migrate
            with time_machine.travel(PINNED_NOW - dt.timedelta(hours=1), tick=True):
                call_command("seed_sandbox", tokens_file=str(tokens_file), stdout=output)
        finally:
            connections["default"] = test_wrapper
    sandbox = Sandbox(tokens=json.loads(tokens_file.read_text()), tokens_file=tokens_file, output=output.getvalue())
    yield wrapper, sandbox
    with django_db_blocker.unblock():
        wrapper.close()
        with _maintenance(test_database) as maintenance:
            maintenance.execute(f'DROP DATABASE IF EXISTS "{name}"')


@pytest.fixture
def sandbox(_seeded_sandbox_database, db, pinned_now):
    """The seeded sandbox (`seed_sandbox`, as `make run` loads it, on PINNED_NOW), for a test that reads it: the
    test's queries and requests go to the copy the sandbox was seeded into, inside a transaction rolled back when the
    test ends, so what one test changes no other test sees."""
    from django.db import connections, transaction

    wrapper, seeded = _seeded_sandbox_database
    test_wrapper = connections["default"]
    connections["default"] = wrapper
    atomic = transaction.atomic(using="default")
    atomic.__enter__()
    try:
        yield seeded
    finally:
        transaction.set_rollback(True, using="default")
        atomic.__exit__(None, None, None)
        connections["default"] = test_wrapper
