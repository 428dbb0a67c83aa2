"""The official published OpenAPI documents (copies in docs/published/), run through schemathesis against this
service: every response must have a status code and a body that the published document allows, except for the
differences README lists under "Differences from the published documents", each justified by a seed or a
decision. Derandomised and bounded so the run is repeatable and quick.

The documents are read and turned into schemas by fixtures when a test runs (schemathesis.pytest.from_fixture), not
while the suite is collected; each operation is reported as a subtest. Marked `fuzz`, like the fuzz module."""

import json
from pathlib import Path

import pytest
import schemathesis
import yaml
from hypothesis import HealthCheck, settings
from schemathesis.checks import response_schema_conformance, status_code_conformance
from schemathesis.config import SchemathesisConfig
from schemathesis.core.failures import FailureGroup

pytestmark = [pytest.mark.fuzz, pytest.mark.usefixtures("keep_the_test_connection")]

PUBLISHED = Path(__file__).resolve().parents[2] / "docs" / "published"


def _lead_provider_document() -> dict:
    document = json.loads((PUBLISHED / "ecf-v3-openapi.json").read_text())
    document["servers"] = []
    return document


class _TextDates(yaml.SafeLoader):
    """Dates in the document's examples stay text, as in JSON (some are not valid dates)."""


_TextDates.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _register_document() -> dict:
    """The Register document names the version as a path parameter; this service is v1.0-pre."""
    document = yaml.load((PUBLISHED / "register-v1.0-pre-openapi.yaml").read_text(), Loader=_TextDates)
    paths = {}
    for path, operations in document["paths"].items():
        for operation in operations.values():
            if isinstance(operation, dict) and "parameters" in operation:
                operation["parameters"] = [p for p in operation["parameters"] if p.get("name") != "api_version"]
        if "parameters" in operations:
            operations["parameters"] = [p for p in operations["parameters"] if p.get("name") != "api_version"]
        paths[path.replace("{api_version}", "v1.0-pre")] = operations
    document["paths"] = paths
    return document


# The documents' own examples plus a few generated requests per operation; the coverage phase (hundreds of
# boundary cases per operation) is left to runs against a server (README), to keep the suite quick.
QUICK = SchemathesisConfig.from_dict({"phases": {"coverage": {"enabled": False}}})
lead_provider_api = schemathesis.pytest.from_fixture("published_lead_provider_schema")
register_api = schemathesis.pytest.from_fixture("published_register_schema")


@pytest.fixture
def published_lead_provider_schema(wsgi_application, db, keep_the_test_connection):
    schema = schemathesis.openapi.from_dict(_lead_provider_document(), config=QUICK)
    schema.app = wsgi_application
    return schema


@pytest.fixture
def published_register_schema(wsgi_application, db, keep_the_test_connection):
    schema = schemathesis.openapi.from_dict(_register_document(), config=QUICK)
    schema.app = wsgi_application
    return schema


CONFORMANCE = settings(
    max_examples=4,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)

# (API, what schemathesis found, status) → why this service answers differently from the published document.
# README's section "Differences from the published documents" lists the same entries.
KNOWN_DIFFERENCES: dict[tuple[str, str, int], str] = {
    ("v3", "UndefinedStatusCode", 400): "docs/decisions.md 6 and 4: malformed paging, filters or bodies are a 400",
    ("v3", "UndefinedStatusCode", 401): "docs/decisions.md 6: every endpoint needs a valid token (401)",
    ("v3", "UndefinedStatusCode", 404): "docs/decisions.md 6 and the published 404 example: unknown ids are a 404",
    ("v1.0-pre", "UndefinedStatusCode", 400): "docs/security.md §3: a body that is not a plain JSON document is a 400",
    ("v1.0-pre", "UndefinedStatusCode", 404): "docs/decisions.md 12: a trainee the provider does not have is a 404",
    ("v1.0-pre", "JsonSchemaError", 422): "docs/decisions.md 12: 422 bodies are the published {error, message} objects",
}

# (object, field) → why Register answers `null` (or, for course_year, text) where the published document's 200
# schema says a string (or an integer). README's "Differences from the published documents" lists the same.
KNOWN_FIELD_DIFFERENCES: dict[tuple[str, str], str] = {
    ("trainee", "middle_names"): "the published examples: null when not sent",
    ("trainee", "previous_last_name"): "the published examples: null when not sent",
    ("trainee", "ni_number"): "the published examples: null when not sent",
    ("trainee", "additional_training_initiative"): "the published examples: null when not sent",
    ("trainee", "hesa_disabilities"): "the published examples: null when no disability is sent",
    ("trainee", "nationality"): "the published Register docs: optional, so null when not sent",
    ("trainee", "provider_trainee_id"): "the published Register docs: optional, so null when not sent",
    ("trainee", "pg_apprenticeship_start_date"): "the published Register docs: optional, so null when not sent",
    (
        "trainee",
        "itt_qualification_aim",
    ): "the published Register docs: required only if itt_aim is 202, so null for 201",
    ("trainee", "course_year"): 'the published examples answer text ("course_year": "2"); docs/register-api.md',
    (
        "placement",
        "urn",
    ): "the published Register docs: a placement needs a URN or a name, so null when only a name was sent",
    ("placement", "address"): "built from the URN and postcode: null when the placement has neither",
    (
        "degree",
        "institution",
    ): "the published Register docs: required only if the degree is from the UK, so null for non-UK",
    ("degree", "institution_uuid"): "the institution's id: null for a non-UK degree",
    ("degree", "uk_degree_uuid"): "the UK degree type's id: null for a non-UK degree",
    (
        "degree",
        "grade_uuid",
    ): "the published Register docs: a grade is required only if the degree is from the UK; null when not sent",
}


def _known_field_difference(failure) -> bool:
    """A 200 body's value differs only where KNOWN_FIELD_DIFFERENCES explains it."""
    path = [step for step in getattr(failure, "instance_path", []) if isinstance(step, str)]
    if len(path) < 2:
        return False
    owner = {"placements": "placement", "degrees": "degree"}.get(path[-2])
    if owner is None:  # a top-level object: the operation says which
        operation = failure.operation
        owner = "placement" if "/placements" in operation else "degree" if "/degrees" in operation else "trainee"
    return (owner, path[-1]) in KNOWN_FIELD_DIFFERENCES


def _check(case, headers: dict) -> None:
    response = case.call(headers=headers)
    api = "v3" if case.operation.path.startswith("/api/v3") else "v1.0-pre"
    label = f"{case.operation.method.upper()} {case.operation.path}"
    try:
        case.validate_response(response, checks=[status_code_conformance, response_schema_conformance])
    except FailureGroup as error:
        unexplained = [
            f"{label} (status {response.status_code}): {failure}"
            for failure in error.exceptions
            if (api, type(failure).__name__, response.status_code) not in KNOWN_DIFFERENCES
            and not (api == "v1.0-pre" and response.status_code == 200 and _known_field_difference(failure))
        ]
        if unexplained:
            pytest.fail("\n".join(unexplained), pytrace=False)


@lead_provider_api.parametrize()
@CONFORMANCE
def test_lead_provider_api_conforms_to_the_published_document(case, lead_provider_token, settings):
    settings.API_RATE_LIMIT = 10**9
    _check(case, {"Authorization": f"Bearer {lead_provider_token}"})


@register_api.parametrize()
@CONFORMANCE
def test_register_api_conforms_to_the_published_document(case, training_provider_token):
    _check(case, {"Authorization": f"Bearer {training_provider_token}"})
