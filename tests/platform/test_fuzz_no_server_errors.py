"""Whatever a client sends, the APIs answer with a documented status, never a 500.

schemathesis generates requests from each API's own OpenAPI document and sends them to the application in
process. Derandomised and bounded, so a run is repeatable and quick; `make fuzz`-style longer runs go against a
server (see README).

The schemas are built by fixtures when a test runs (schemathesis.pytest.from_fixture), so collecting the suite does
not pay for them; each operation is reported as a subtest. `-m fuzz` selects these tests, `-m "not fuzz"` skips them.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

pytestmark = [pytest.mark.fuzz, pytest.mark.usefixtures("keep_the_test_connection", "no_rate_limit")]

lead_provider_api = schemathesis.pytest.from_fixture("lead_provider_schema")
register_api = schemathesis.pytest.from_fixture("register_schema")
FUZZ = settings(
    max_examples=6,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture
def no_rate_limit(settings):
    """Every case reaches its operation, not the rate limit. Set once per test: set in the test body, each of the
    thousands of cases would stack one more settings override."""
    settings.API_RATE_LIMIT = 10**9


@pytest.fixture
def lead_provider_schema(wsgi_application, db, keep_the_test_connection):
    return schemathesis.openapi.from_wsgi("/api/v3/openapi.json", wsgi_application)


@pytest.fixture
def register_schema(wsgi_application, db, keep_the_test_connection):
    return schemathesis.openapi.from_wsgi("/api/v1.0-pre/openapi.json", wsgi_application)


@lead_provider_api.parametrize()
@FUZZ
def test_lead_provider_api_never_answers_500(case, lead_provider_token):
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
