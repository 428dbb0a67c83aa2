"""Project-wide pytest fixtures."""

import datetime as dt

import pytest
from rest_framework.test import APIClient

from partnerships.services import api_token_create
from tests.factories import LeadProviderFactory


@pytest.fixture(autouse=True)
def _reference_data_in_transactional_tests(request):
    """A transactional test empties every table when it ends, including the reference data that migrations load
    (cohorts, schedules, code lists). Tests that run after one in the same process get that data back here."""
    marker = request.node.get_closest_marker("django_db")
    transactional = (marker is not None and marker.kwargs.get("transaction")) or any(
        name in request.fixturenames for name in ("transactional_db", "live_server")
    )
    if transactional:
        request.getfixturevalue("_django_db_helper")
        from partnerships.models import Cohort

        if not Cohort.objects.exists():
            from register.reference_data import load_reference_data as load_register

            request.getfixturevalue("reference_data")
            load_register()
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
    """Content types, cohorts and schedules for a transactional test: an earlier transactional test may have flushed
    the tables that migrations filled."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.management.sql import emit_post_migrate_signal

    from partnerships.reference_data import load_reference_data

    ContentType.objects.clear_cache()
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    load_reference_data()
