"""The API request log (docs/support.md, "API request log"): every request to either API is a row with its provider,
method, path and query, status, duration and the ids it named; a 4xx or 5xx keeps the request body and the error
document with personal data removed; tokens are never kept; rows older than API_REQUEST_LOG_DAYS are deleted."""

import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from rest_framework.test import APIClient

from config.models import ApiRequest
from config.tasks import delete_old_api_requests
from partnerships.services import api_token_create
from register.services import api_token_create as register_token_create
from tests.declarations.factories import ect
from tests.register.factories import TraineeFactory, TrainingProviderFactory, trainee_payload

pytestmark = pytest.mark.django_db

# What a removed value reads as (docs/support.md, "API request log").
REMOVED = "[removed]"


def client(raw: str) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return api


def every_column(row: ApiRequest) -> str:
    return json.dumps([str(getattr(row, f.name)) for f in ApiRequest._meta.fields])


def test_a_lead_provider_read_is_one_row_with_its_provider_filters_and_ids_but_no_body(lead_provider):
    period = ect(lead_provider)
    _, raw = api_token_create(lead_provider=lead_provider)
    participant = str(period.teacher.api_id)
    response = client(raw).get(
        "/api/v3/participants", {"filter[cohort]": "2024", "filter[participant_id]": participant}
    )
    assert response.status_code == 200
    (row,) = ApiRequest.objects.all()
    assert (row.api, row.provider, row.method, row.path, row.status) == (
        "lead_provider",
        lead_provider.name,
        "GET",
        "/api/v3/participants",
        200,
    )
    assert row.query == f"filter[cohort]=2024&filter[participant_id]={participant}"
    assert row.ids == [participant]
    assert row.duration_ms > 0
    assert (row.request_body, row.response_body) == ("", "")


def test_a_refused_declaration_keeps_its_body_and_the_error_document_and_names_the_participant(lead_provider):
    period = ect(lead_provider)
    _, raw = api_token_create(lead_provider=lead_provider)
    attributes = {
        "participant_id": str(period.teacher.api_id),
        "declaration_type": "started",
        "declaration_date": "2099-10-01T10:00:00Z",
        "course_identifier": "ecf-induction",
    }
    body = {"data": {"type": "participant-declaration", "attributes": attributes}}
    response = client(raw).post("/api/v3/participant-declarations", json.dumps(body), content_type="application/json")
    assert response.status_code == 422
    (row,) = ApiRequest.objects.all()
    assert (row.method, row.status, row.ids) == ("POST", 422, [str(period.teacher.api_id)])
    assert json.loads(row.request_body) == body
    assert json.loads(row.response_body) == response.json()


def test_tokens_are_never_kept_and_an_unknown_token_has_no_provider(db):
    secret = "not-a-real-token-0123456789"
    response = client(secret).get("/api/v3/statements", {"api_key": "sk-live-123"})
    assert response.status_code == 401
    (row,) = ApiRequest.objects.all()
    assert (row.provider, row.status, row.query) == (
        "",
        401,
        f"api_key={REMOVED}",
    )
    assert secret not in every_column(row) and "sk-live-123" not in every_column(row)
    assert json.loads(row.response_body) == {"error": "HTTP Token: Access denied"}


def test_register_requests_are_logged_with_personal_data_removed_from_a_refused_body(db):
    provider = TrainingProviderFactory()
    _, raw = register_token_create(training_provider=provider)
    trainee = TraineeFactory(training_provider=provider)
    api = client(raw)
    assert api.get(f"/api/v1.0-pre/trainees/{trainee.slug}").status_code == 200
    payload = trainee_payload(first_names="Zebedee", email="zebedee@example.com", date_of_birth="2090-01-01")
    payload["sex"] = "not-a-sex"
    refused = api.post("/api/v1.0-pre/trainees", {"data": payload}, format="json")
    assert refused.status_code == 422
    read, post = ApiRequest.objects.order_by("id")
    assert (read.api, read.provider, read.status, read.ids) == ("register", str(provider), 200, [trainee.slug])
    assert (post.api, post.method, post.status) == ("register", "POST", 422)
    kept = json.loads(post.request_body)["data"]
    assert kept["first_names"] == kept["email"] == kept["date_of_birth"] == kept["sex"] == REMOVED
    assert "Zebedee" not in every_column(post) and "zebedee@example.com" not in every_column(post)
    assert post.response_body  # the error document, for support to read


def test_documentation_pages_and_other_pages_are_not_logged(client):
    client.get("/api/docs/v3")
    client.get("/api/v3/openapi.json")
    client.get("/school/sign-in")
    assert not ApiRequest.objects.exists()


def test_a_body_that_is_not_json_is_not_kept_only_its_size(lead_provider):
    _, raw = api_token_create(lead_provider=lead_provider)
    response = client(raw).post("/api/v3/participant-declarations", "name=Ada", content_type="application/json")
    assert response.status_code == 400
    (row,) = ApiRequest.objects.all()
    assert row.request_body == "(not JSON: 8 bytes, not kept)"


def test_the_log_can_be_switched_off(lead_provider, settings):
    settings.API_REQUEST_LOG = False
    _, raw = api_token_create(lead_provider=lead_provider)
    assert client(raw).get("/api/v3/statements").status_code == 200
    assert not ApiRequest.objects.exists()


def _row(days_old: float, path: str) -> ApiRequest:
    return ApiRequest.objects.create(
        requested_at=timezone.now() - dt.timedelta(days=days_old),
        api="lead_provider",
        method="GET",
        path=path,
        status=200,
        duration_ms=1,
    )


def test_rows_older_than_30_days_are_deleted_by_the_daily_job_and_the_command(db, settings):
    _row(31, "/old"), _row(29, "/recent")
    assert delete_old_api_requests(timestamp=0) == 1
    assert list(ApiRequest.objects.values_list("path", flat=True)) == ["/recent"]
    out = io.StringIO()
    call_command("delete_old_api_requests", "--days", "1", stdout=out)
    assert out.getvalue().strip() == "1 API request(s) older than 1 days deleted"
    assert not ApiRequest.objects.exists()
    with pytest.raises(CommandError):
        call_command("delete_old_api_requests", "--days", "0")
