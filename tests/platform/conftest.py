"""Fixtures shared by the platform tests. The schemathesis modules (marked `fuzz`) send requests to the WSGI
application in process and build their API schemas in fixtures, when a test runs, never while the suite is collected."""

import time
from contextlib import contextmanager

import psycopg
import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection

from partnerships.services import api_token_create
from register.services import api_token_create as register_token_create
from tests.factories import DeliveryPartnerFactory, SchoolFactory, ect_training, partnership


def wait_until(check, what: str, seconds: float = 60):
    """Polls `check` until it returns something true (and returns that), for a process a test started (a server
    coming up, a database coming back): never a fixed sleep, and never longer than `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if result := check():
            return result
        time.sleep(0.05)  # the poll interval: the deadline, not this pause, bounds the wait
    raise AssertionError(f"gave up waiting for {what} after {seconds} s")


@pytest.fixture(scope="session")
def wsgi_application():
    from django.core.wsgi import get_wsgi_application

    return get_wsgi_application()


@pytest.fixture
def keep_the_test_connection():
    """Like Django's test client: requests must not close the test's database connection."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def database_down(db):
    """A real outage of the test database while the block runs, as a failover looks to a server (docs/security.md
    §4): the test's connection is cut and new connections are refused. A database cannot refuse connections while the
    session asking for it is connected to it, so the owner asks from the maintenance one. What the test wrote before
    is gone with its cut transaction; the database takes connections again when the block ends."""

    @contextmanager
    def outage():
        connection.ensure_connection()
        settings = connection.settings_dict
        with psycopg.connect(
            host=settings["HOST"],
            port=settings["PORT"] or None,
            user=settings["USER"],
            dbname="postgres",
            autocommit=True,
        ) as maintenance:
            maintenance.execute(f'ALTER DATABASE "{settings["NAME"]}" ALLOW_CONNECTIONS false')
            try:
                # Waits (up to 10 s) until the backend has gone, so the next query cannot slip in before it.
                (gone,) = maintenance.execute(
                    "SELECT pg_terminate_backend(%s, 10000)", [connection.connection.info.backend_pid]
                ).fetchone()
                assert gone
                yield
            finally:
                maintenance.execute(f'ALTER DATABASE "{settings["NAME"]}" ALLOW_CONNECTIONS true')

    return outage


@pytest.fixture
def lead_provider_token(lead_provider):
    """A token of a lead provider with one ECT in training in 2025."""
    school = SchoolFactory()
    ect_training(school, year=2025, partnership=partnership(school, lead_provider, DeliveryPartnerFactory(), 2025))
    return api_token_create(lead_provider=lead_provider)[1]


@pytest.fixture
def training_provider_token(db):
    """A token of a training provider with one trainee."""
    from register.models import CodeList
    from tests.register.factories import DegreeFactory, PlacementFactory, TraineeFactory, TrainingProviderFactory, code

    provider = TrainingProviderFactory()
    trainee = TraineeFactory(training_provider=provider)
    # Every kind of placement and degree, so each null Register answers is checked against the documented list.
    PlacementFactory(trainee=trainee)
    PlacementFactory(trainee=trainee, urn=None, postcode=None)
    DegreeFactory(trainee=trainee)
    DegreeFactory(
        trainee=trainee,
        uk_degree=None,
        institution=None,
        grade=None,
        country=code(CodeList.COUNTRY, "US"),
        non_uk_degree=code(CodeList.DEGREE_TYPE, "051"),
    )
    return register_token_create(training_provider=provider)[1]
