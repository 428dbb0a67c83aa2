"""Fixtures shared by the platform tests. The schemathesis modules (marked `fuzz`) send requests to the WSGI
application in process and build their API schemas in fixtures, when a test runs, never while the suite is collected."""

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from partnerships.services import api_token_create
from register.services import api_token_create as register_token_create
from tests.factories import DeliveryPartnerFactory, SchoolFactory, ect_training, partnership


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
