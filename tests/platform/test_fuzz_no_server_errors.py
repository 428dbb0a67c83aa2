"""Whatever a client sends, the APIs answer with a documented status, never a 500.

schemathesis generates requests from each API's own OpenAPI document and sends them to the application in
process. Derandomised and bounded, so a run is repeatable and quick; `make fuzz`-style longer runs go against a
server (see README).
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from partnerships.services import api_token_create
from register.services import api_token_create as register_token_create
from tests.factories import DeliveryPartnerFactory, SchoolFactory, ect_training, partnership

application = get_wsgi_application()
lead_provider_api = schemathesis.openapi.from_wsgi("/api/v3/openapi.json", application)
register_api = schemathesis.openapi.from_wsgi("/api/v1.0-pre/openapi.json", application)
FUZZ = settings(
    max_examples=6,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """Like Django's test client: requests must not close the test's database connection."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def lead_provider_token(lead_provider):
    school = SchoolFactory()
    ect_training(school, year=2025, partnership=partnership(school, lead_provider, DeliveryPartnerFactory(), 2025))
    return api_token_create(lead_provider=lead_provider)[1]


@pytest.fixture
def training_provider_token(db):
    from tests.register.factories import TraineeFactory, TrainingProviderFactory

    provider = TrainingProviderFactory()
    TraineeFactory(training_provider=provider)
    return register_token_create(training_provider=provider)[1]


@lead_provider_api.parametrize()
@FUZZ
def test_lead_provider_api_never_answers_500(case, lead_provider_token, settings):
    settings.API_RATE_LIMIT = 10**9
    case.call_and_validate(
        headers={"Authorization": f"Bearer {lead_provider_token}"},
        checks=[not_a_server_error, response_schema_conformance],
    )


@register_api.parametrize()
@FUZZ
def test_register_api_never_answers_500(case, training_provider_token):
    case.call_and_validate(
        headers={"Authorization": f"Bearer {training_provider_token}"},
        checks=[not_a_server_error, response_schema_conformance],
    )
