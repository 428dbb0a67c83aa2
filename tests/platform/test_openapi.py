import re

import pytest
from openapi_spec_validator import validate


@pytest.mark.django_db
def test_lead_provider_openapi_document_is_valid(api_client):
    response = api_client.get("/api/v3/openapi.json")
    assert response.status_code == 200
    document = response.json()
    validate(document)
    assert document["info"]["title"] == "Lead provider API"
    assert "/api/v3/delivery-partners" in document["paths"]
    assert not [path for path in document["paths"] if "/ecf" in path or not path.startswith("/api/v3/")]


@pytest.mark.django_db
def test_docs_page_is_served(api_client):
    response = api_client.get("/api/docs/v3")
    assert response.status_code == 200
    assert b"/api/v3/openapi.json" in response.content
    # The page's script is served by the service itself (no CDN).
    assert b"/static/drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js" in response.content


PAGING = {"page[page]", "page[per_page]"}
SORT = {"sort"}
# (path, method) → the query parameters the pagination class and the filter and sort backends document.
QUERY_PARAMETERS = {
    ("/api/v3/delivery-partners", "get"): {"filter[cohort]"} | PAGING | SORT,
    ("/api/v3/delivery-partners/{api_id}", "get"): set(),
    ("/api/v3/partnerships", "get"): {"filter[cohort]", "filter[delivery_partner_id]", "filter[updated_since]"}
    | PAGING
    | SORT,
    ("/api/v3/partnerships", "post"): set(),
    ("/api/v3/schools", "get"): {"filter[cohort]", "filter[urn]", "filter[updated_since]"} | PAGING | SORT,
    ("/api/v3/schools/{api_id}", "get"): {"filter[cohort]"},
    ("/api/v3/participants", "get"): {
        "filter[cohort]",
        "filter[training_status]",
        "filter[updated_since]",
        "filter[from_participant_id]",
    }
    | PAGING
    | SORT,
    ("/api/v3/participants/{api_id}/defer", "put"): set(),
    ("/api/v3/participants/transfers", "get"): {"filter[updated_since]"} | PAGING,
    ("/api/v3/unfunded-mentors", "get"): {"filter[updated_since]"} | PAGING | SORT,
    ("/api/v3/participant-declarations", "get"): {
        "filter[cohort]",
        "filter[participant_id]",
        "filter[delivery_partner_id]",
        "filter[updated_since]",
    }
    | PAGING,
    ("/api/v3/statements", "get"): {"filter[cohort]", "filter[type]", "filter[updated_since]"} | PAGING,
    ("/api/v3/statements/{api_id}", "get"): {"filter[type]"},
}


def _query_parameters(operation: dict) -> dict[str, dict]:
    return {p["name"]: p for p in operation.get("parameters", []) if p["in"] == "query" and p["name"] != "format"}


@pytest.mark.django_db
def test_paging_filter_and_sort_parameters_are_documented_per_endpoint(api_client):
    paths = api_client.get("/api/v3/openapi.json").json()["paths"]
    for (path, method), expected in QUERY_PARAMETERS.items():
        assert set(_query_parameters(paths[path][method])) == expected, (path, method)
    # The schools' cohort is required on list and show alike; paging states its defaults.
    assert _query_parameters(paths["/api/v3/schools"]["get"])["filter[cohort]"]["required"] is True
    assert _query_parameters(paths["/api/v3/schools/{api_id}"]["get"])["filter[cohort]"]["required"] is True
    per_page = _query_parameters(paths["/api/v3/participants"]["get"])["page[per_page]"]
    assert per_page["schema"] == {"type": "integer", "default": 100}
    assert "required" not in _query_parameters(paths["/api/v3/participants"]["get"])["filter[cohort]"]


@pytest.mark.django_db
def test_register_trainee_list_parameters_are_documented(api_client):
    paths = api_client.get("/api/v1.0-pre/openapi.json").json()["paths"]
    parameters = _query_parameters(paths["/api/v1.0-pre/trainees"]["get"])
    assert set(parameters) == {"academic_cycle", "status", "since", "has_trn", "sort_order", "page", "per_page"}
    assert parameters["per_page"]["schema"] == {"type": "integer", "default": 50}
    assert parameters["status"]["schema"]["type"] == "array"
    assert parameters["sort_order"]["schema"] == {"type": "string", "enum": ["asc", "desc"], "default": "desc"}
    assert _query_parameters(paths["/api/v1.0-pre/trainees"]["post"]) == {}


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/v3/openapi.json", "/api/v1.0-pre/openapi.json"])
def test_published_descriptions_speak_to_clients_not_of_the_code(api_client, url):
    """A view's docstring becomes its description unless the operation has its own: none may cite the rule book,
    the framework or a source file."""
    text = api_client.get(url).content.decode()
    assert not re.findall(r"docs/\w+\.md|DRF|\w+\.py\b", text)
