"""What a new client meets first: content negotiation, unknown paths, the landing page (issue 15)."""

from pathlib import Path

import pytest
from django.core import mail
from rest_framework.test import APIClient

from config.notify import TEMPLATES
from schools.models import SchoolUser
from tests.factories import SchoolFactory
from tests.jobs import run_queued_jobs

NOT_FOUND = {"errors": [{"title": "Resource not found", "detail": "Nothing could be found for the provided details"}]}


@pytest.mark.parametrize("accept", ["application/json", "application/json, text/plain, */*", "*/*"])
def test_a_client_asking_for_json_gets_the_jsonapi_document(lp_client, accept):
    response = lp_client.get("/api/v3/delivery-partners", HTTP_ACCEPT=accept)
    assert response.status_code == 200
    assert response.json()["data"] == []
    assert response["Content-Type"] in ("application/json", "application/vnd.api+json")


def test_asking_for_json_names_json_as_the_content_type(lp_client):
    response = lp_client.get("/api/v3/statements", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert lp_client.get("/api/v3/statements")["Content-Type"] == "application/vnd.api+json"


def test_errors_also_answer_a_json_client(api_client):
    response = api_client.get("/api/v3/statements", HTTP_ACCEPT="application/json")
    assert response.status_code == 401
    assert response.json() == {"error": "HTTP Token: Access denied"}


def test_writes_answer_a_json_client(lp_client):
    response = lp_client.put(
        "/api/v3/participants/ecf/00000000-0000-0000-0000-000000000000/defer",
        {"data": {"type": "participant-defer", "attributes": {}}},
        format="json",
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 404
    assert response.json() == NOT_FOUND


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/api/v0.1/trainees",
        "/api/v0.1/",
        "/api/",
        "/api",
        "/api/v4/participants",
        "/api/v3/no-such-thing",
        "/api/docs/v9",
        "/api/v1.0-pre/no-such-thing",
        "/api/v2/participants/ecf",
    ],
)
@pytest.mark.parametrize("method", ["get", "post", "put", "patch", "delete", "head", "options"])
def test_every_unknown_api_path_answers_the_json_404(path, method):
    client = APIClient(enforce_csrf_checks=True)
    response = getattr(client, method)(path)
    assert response.status_code == 404
    assert response["Content-Type"].startswith(("application/json", "application/vnd.api+json"))
    if method != "head":
        body = response.json()
        assert "errors" in body


@pytest.mark.django_db
def test_unknown_lead_provider_paths_answer_the_lead_provider_404_body():
    client = APIClient(enforce_csrf_checks=True)
    for path in ("/api/v2/participants", "/api/v3/nothing/here", "/api/v3"):
        assert client.post(path, {"a": 1}, format="json").json() == NOT_FOUND


@pytest.mark.django_db
def test_unknown_register_paths_answer_the_register_404_body():
    client = APIClient(enforce_csrf_checks=True)
    for path in ("/api/v1.0-pre/nothing", "/api/v0.1/trainees", "/api/v1.0-pre"):
        response = client.delete(path)
        assert response.status_code == 404
        assert response.json() == {"errors": [{"error": "NotFound", "message": "Not found"}]}


@pytest.mark.django_db
def test_the_landing_page_says_what_the_service_is_and_links_onward(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en"' in html
    assert "<h1" in html and "<main" in html
    assert "early career teachers" in html
    for href in ("/api/docs/v3", "/api/docs/v1.0-pre", "/school/sign-in", "/admin/"):
        assert f'href="{href}"' in html
    assert "URL patterns" not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "title"),
    [
        ("/api/docs/v3", "Lead provider API"),
        ("/api/docs/v1.0-pre", "Register trainee teachers API"),
        ("/api/v1.0-pre/docs", "Register trainee teachers API"),
    ],
)
def test_docs_pages_load_nothing_from_outside_and_have_language_landmark_and_heading(client, path, title):
    html = client.get(path).content.decode()
    assert '<html lang="en">' in html
    assert '<main id="redoc-container">' in html
    assert f"<h1>{title}</h1>" in html
    assert "https://" not in html and "http://" not in html and "//fonts" not in html


@pytest.mark.django_db
def test_register_info_is_documented_with_its_real_shape(client):
    document = client.get("/api/v1.0-pre/openapi.json").json()
    info = document["paths"]["/api/v1.0-pre/info"]["get"]
    assert "Register error bodies" not in info["description"] and "version.latest" in info["description"]
    ok = info["responses"]["200"]["content"]["application/json"]
    assert ok["examples"]["Info"]["value"] == {
        "status": "ok",
        "version": {"requested": "v1.0-pre", "latest": "v1.0-pre"},
    }
    version = document["components"]["schemas"]["InfoVersion"]["properties"]
    assert set(version) == {"requested", "latest"}


def test_readme_examples_follow_port_and_admin_users_can_be_created_without_prompts():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    assert "127.0.0.1:8000/api" not in readme
    assert "${PORT:-8000}/api" in readme
    assert "DJANGO_SUPERUSER_PASSWORD" in readme and "createsuperuser --noinput" in readme
    assert "twice" not in readme


@pytest.mark.django_db
def test_createsuperuser_reads_django_superuser_variables(monkeypatch):
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    monkeypatch.setenv("DJANGO_SUPERUSER_USERNAME", "scripted")
    monkeypatch.setenv("DJANGO_SUPERUSER_EMAIL", "scripted@example.com")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a long enough password 123")
    call_command("createsuperuser", interactive=False, verbosity=0)
    user = get_user_model().objects.get(username="scripted")
    assert user.is_superuser and user.check_password("a long enough password 123")


SERVICE = "Manage training for early career teachers"


@pytest.mark.django_db
def test_the_service_has_one_name_on_every_face(client):
    """Issue 23 item 14 (docs/school-pages.md, "Look and behaviour"): one name in page titles, headers, emails, the
    admin and the API docs pages; the successor service's name is nowhere."""
    SchoolUser.objects.create(email="sit@oak.example", school=SchoolFactory())
    pages = {
        "/": client.get("/"),
        "/school/sign-in": client.get("/school/sign-in"),
        "/school/support": client.get("/school/support"),
        "/admin/login/": client.get("/admin/login/"),
        "/api/docs/v3": client.get("/api/docs/v3"),
        "bad request": client.get("/school/sign-in", {"q": "\x00"}),
    }
    assert pages["bad request"].status_code == 400
    for name, response in pages.items():
        assert SERVICE in response.content.decode(), name
        assert "Register early career teachers" not in response.content.decode(), name
    assert f"<title>{SERVICE} - GOV.UK</title>" in pages["/"].content.decode()
    assert f"<title>Sign in - {SERVICE} - GOV.UK</title>" in pages["/school/sign-in"].content.decode()
    assert f'<h1 class="govuk-heading-l">Sign in to {SERVICE}</h1>' in pages["/school/sign-in"].content.decode()

    client.post("/school/sign-in", {"email": "sit@oak.example"})
    run_queued_jobs("emails")  # the worker's part: the page only queued the code
    (email,) = mail.outbox
    assert email.subject == f"Your sign-in code for {SERVICE}"
    for template in TEMPLATES.values():
        assert "Register early career teachers" not in template.subject + template.body, template.name
    assert SERVICE in TEMPLATES["induction_tutor_confirmation"].body
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    assert readme.splitlines()[0] == f"# {SERVICE}"
    assert "Register early career teachers" not in readme
