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
