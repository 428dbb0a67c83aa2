"""No input breaks a request (docs/security.md §3): on every operation of both OpenAPI documents, hostile paths,
query strings and bodies get a clean JSON 4xx in the API's own error shape, never a 500."""

import json
import re

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.test import RequestFactory
from rest_framework.test import APIClient

from partnerships.services import api_token_create
from register.services import api_token_create as register_token_create

pytestmark = pytest.mark.django_db

NUL, SURROGATE = "\x00", "\\ud800"  # the second as a JSON escape: a lone UTF-16 surrogate once parsed
DEEP = "[" * 10_000 + "]" * 10_000


_OPERATIONS: dict[str, list[tuple[str, str]]] = {}


def operations(client, document: str) -> list[tuple[str, str]]:
    """(path, method) of every operation the document publishes (generated once per test process)."""
    if document not in _OPERATIONS:
        schema = client.get(document).json()
        _OPERATIONS[document] = [
            (path, method)
            for path, item in schema["paths"].items()
            for method in ("get", "post", "put", "patch", "delete")
            if method in item
        ]
    return _OPERATIONS[document]


@pytest.fixture
def clients(lead_provider):
    lp = APIClient()
    lp.credentials(HTTP_AUTHORIZATION=f"Bearer {api_token_create(lead_provider=lead_provider)[1]}")
    from tests.register.factories import TrainingProviderFactory

    register = APIClient()
    provider = TrainingProviderFactory()
    register.credentials(HTTP_AUTHORIZATION=f"Bearer {register_token_create(training_provider=provider)[1]}")
    return {"/api/v3/openapi.json": lp, "/api/v1.0-pre/openapi.json": register}


DOCUMENTS = ["/api/v3/openapi.json", "/api/v1.0-pre/openapi.json"]


def concrete(path: str, value: str = "00000000-0000-0000-0000-000000000000") -> str:
    return re.sub(r"\{[^}]+\}", value, path)


def assert_clean_4xx(response, what):
    assert 400 <= response.status_code < 500, (what, response.status_code, response.content[:200])
    json.loads(response.content)  # a JSON error body, never an HTML page


@pytest.mark.parametrize("document", DOCUMENTS)
def test_nul_in_the_query_string_or_path_is_a_clean_400(document, clients, settings):
    settings.API_RATE_LIMIT = 10**9
    client = clients[document]
    for path, method in operations(client, document):
        url = concrete(path)
        response = getattr(client, method)(f"{url}?filter[cohort]=20%0024&since=x%00&page[page]=%00")
        assert_clean_4xx(response, (method, url, "query"))
        if "{" in path:
            response = getattr(client, method)(concrete(path, "abc%00def"))
            assert_clean_4xx(response, (method, path, "path"))


@pytest.mark.parametrize("document", DOCUMENTS)
@pytest.mark.parametrize(
    "body",
    [
        '{"data": {"type": "x", "attributes": {"participant_id": "a\\u0000b", "first_names": "a\\u0000b"}}}',
        '{"data": {"type": "x", "attributes": {"participant_id": "'
        + SURROGATE
        + '", "first_names": "'
        + SURROGATE
        + '"}}}',
        '{"data": {"type": "x", "attributes": {"' + SURROGATE + '": 1}}}',
        DEEP,
        '{"data": {"attributes": {"course_year": 1' + "0" * 40 + "}}}",
        '{"data": {"attributes": {"course_year": 1e400}}}',
        '{"data": {"attributes": {"course_year": NaN}}}',
    ],
    ids=["nul", "surrogate", "surrogate-key", "deep", "huge-int", "huge-float", "nan"],
)
def test_hostile_json_bodies_are_a_clean_400(document, body, clients, settings):
    settings.API_RATE_LIMIT = 10**9
    client = clients[document]
    statuses = set()
    for path, method in operations(client, document):
        if method in ("post", "put", "patch"):
            response = getattr(client, method)(concrete(path), body, content_type="application/json")
            assert_clean_4xx(response, (method, path))
            statuses.add(response.status_code)
    # Endpoints that read the body refuse it as a bad request (the others answer 404 for the made-up id).
    assert 400 in statuses


@pytest.mark.parametrize("document", DOCUMENTS)
@pytest.mark.parametrize("content_type", ["text/plain", "application/xml", "application/x-www-form-urlencoded"])
def test_bodies_that_are_not_json_are_a_clean_415(document, content_type, clients, settings):
    settings.API_RATE_LIMIT = 10**9
    client = clients[document]
    statuses = set()
    for path, method in operations(client, document):
        if method in ("post", "put", "patch"):
            response = getattr(client, method)(concrete(path), '{"data": {}}', content_type=content_type)
            assert_clean_4xx(response, (method, path))
            statuses.add(response.status_code)
    assert 415 in statuses and 400 not in statuses


@pytest.mark.parametrize("document", DOCUMENTS)
def test_head_answers_carry_no_body(document, clients):
    # Straight through the WSGI handler: the test client would strip the body itself, gunicorn does not.
    handler = WSGIHandler()
    token = clients[document]._credentials["HTTP_AUTHORIZATION"]
    for path, method in operations(clients[document], document):
        if method == "get":
            response = handler.get_response(RequestFactory().head(concrete(path), HTTP_AUTHORIZATION=token))
            assert response.content == b"", path
    assert handler.get_response(RequestFactory().head("/admin/login/")).content == b""


@pytest.mark.parametrize(
    "moment",
    [
        "2024-10-01T10:00:00+99:99",
        "9999-12-31T23:00:00-23:59",
        "0001-01-01T00:00:00+23:59",
        "2024-10-01T10:00:00+24:00",
    ],
)
def test_out_of_range_date_times_are_invalid_not_errors(moment, clients, lp_client, settings):
    from urllib.parse import quote

    settings.API_RATE_LIMIT = 10**9
    response = lp_client.get(f"/api/v3/participants?filter[updated_since]={quote(moment)}")
    assert response.status_code == 400, response.content
    response = lp_client.post(
        "/api/v3/participant-declarations",
        {
            "data": {
                "type": "participant-declaration",
                "attributes": {
                    "participant_id": "00000000-0000-0000-0000-000000000000",
                    "declaration_type": "started",
                    "declaration_date": moment,
                    "course_identifier": "ecf-induction",
                },
            }
        },
        format="json",
    )
    assert response.status_code == 422
    assert {"title": "declaration_date", "detail": "Enter a valid RCF3339 '#/declaration_date'."} in response.json()[
        "errors"
    ] or any(e["title"] == "declaration_date" for e in response.json()["errors"])
    register = clients["/api/v1.0-pre/openapi.json"]
    response = register.get(f"/api/v1.0-pre/trainees?since={quote(moment)}")
    assert response.status_code == 422, response.content
    assert "since" in response.json()["errors"]


def test_paging_takes_only_ascii_digits_and_any_page_number(lp_client, clients):
    assert lp_client.get("/api/v3/delivery-partners?page[page]=%D9%A1").status_code == 400  # Arabic-Indic "1"
    assert lp_client.get("/api/v3/delivery-partners?page[per_page]=%EF%BC%95").status_code == 400  # full-width "5"
    huge = "9" * 40
    assert lp_client.get(f"/api/v3/delivery-partners?page[page]={huge}").json()["data"] == []
    register = clients["/api/v1.0-pre/openapi.json"]
    assert register.get(f"/api/v1.0-pre/trainees?page={huge}").status_code == 404
    assert register.get("/api/v1.0-pre/trainees?per_page=%D9%A1").status_code in (200, 404)


COHORT_FILTERED = [
    "/api/v3/delivery-partners",
    "/api/v3/partnerships",
    "/api/v3/participants",
    "/api/v3/participant-declarations",
    "/api/v3/statements",
    "/api/v3/schools",
]


def test_a_cohort_filter_naming_no_year_matches_nothing_on_every_endpoint(lp_client, lead_provider):
    from tests.declarations.factories import StatementFactory, declare, ect

    StatementFactory(lead_provider=lead_provider)
    declare(lead_provider, ect(lead_provider))
    for path in COHORT_FILTERED:
        everything = lp_client.get(f"{path}?filter[cohort]=2024").json()["data"]
        assert everything, path
        for value in ("abc", "20x4", ",", "%D9%A2%D9%A0%D9%A2%D9%A4"):
            response = lp_client.get(f"{path}?filter[cohort]={value}")
            assert response.status_code == 200 and response.json()["data"] == [], (path, value)


@pytest.mark.parametrize("wrong", [True, False, [], {}, ["a"]], ids=["true", "false", "list", "object", "list-str"])
def test_a_register_trainee_field_of_the_wrong_json_type_is_refused_or_ignored(wrong, clients):
    from tests.register.factories import trainee_payload

    client = clients["/api/v1.0-pre/openapi.json"]
    for field in trainee_payload():
        payload = trainee_payload()
        payload[field] = wrong
        response = client.post("/api/v1.0-pre/trainees", {"data": payload}, format="json")
        # 422 for a field the API reads; others it derives (ethnic_group) or lists ([] degrees) pass (then 409 repeats).
        assert response.status_code in (201, 409, 422), (field, response.status_code, response.content[:200])
        json.loads(response.content)
        if field in ("first_names", "last_name", "date_of_birth", "email", "course_subject_one"):
            assert response.status_code == 422, field


MANY_COHORTS = "&".join(["filter[cohort]=2024"] * 2000)
API_PATHS = {
    "/api/v3/openapi.json": (
        "/api/v3/participants",
        {"errors": [{"title": "Bad request", "detail": "The request has too many parameters"}]},
    ),
    "/api/v1.0-pre/openapi.json": (
        "/api/v1.0-pre/trainees",
        {"errors": [{"error": "BadRequest", "message": "The request has too many parameters"}]},
    ),
}


@pytest.mark.parametrize("document", DOCUMENTS)
def test_more_query_parameters_than_django_reads_is_the_apis_json_400(document, clients):
    """2,000 repeated `filter[cohort]` (more than DATA_UPLOAD_MAX_NUMBER_FIELDS): Django refuses to read them; the
    API answers its own 400 (docs/security.md §3), on reads and writes alike."""
    client = clients[document]
    path, body = API_PATHS[document]
    for method in (client.get, client.post):
        response = method(f"{path}?{MANY_COHORTS}")
        assert response.status_code == 400, (method, response.content[:200])
        assert response.json() == body


@pytest.mark.parametrize("document", DOCUMENTS)
def test_what_django_refuses_before_a_view_is_the_apis_json_400(document, clients):
    """A host not in ALLOWED_HOSTS: Django's SuspiciousOperation answered in the API's shape (docs/security.md
    §3)."""
    client = clients[document]
    path, body = API_PATHS[document]
    expected = json.loads(
        json.dumps(body).replace("The request has too many parameters", "The request cannot be processed")
    )
    response = client.get(path, HTTP_HOST="attacker.example")
    assert response.status_code == 400 and response.json() == expected
