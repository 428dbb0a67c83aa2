"""Rate limits on both APIs (sliding window, Retry-After, bad tokens) and a database outage answered with 503 by
the APIs and the pages (docs/security.md §4)."""

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client, override_settings
from rest_framework.test import APIClient

from register.services import api_token_create as register_token_create
from schools.models import SchoolUser
from tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db

LP_URL = "/api/v3/delivery-partners"
REGISTER_URL = "/api/v1.0-pre/info"


@pytest.fixture
def register_client(db):
    from tests.register.factories import TrainingProviderFactory

    client = APIClient()
    raw = register_token_create(training_provider=TrainingProviderFactory())[1]
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


@override_settings(API_RATE_LIMIT=3)
def test_the_register_api_is_rate_limited_per_token_with_retry_after(register_client):
    statuses = [register_client.get(REGISTER_URL).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    limited = register_client.get(REGISTER_URL)
    assert limited.json() == {"errors": [{"error": "TooManyRequests", "message": "Retry later"}]}
    assert 1 <= int(limited["Retry-After"]) <= settings.API_RATE_LIMIT_WINDOW_SECONDS + 10


@override_settings(API_RATE_LIMIT=3)
def test_a_lead_provider_429_says_when_to_retry(lp_client):
    for _ in range(3):
        assert lp_client.get(LP_URL).status_code == 200
    limited = lp_client.get(LP_URL)
    assert limited.status_code == 429
    assert 1 <= int(limited["Retry-After"]) <= settings.API_RATE_LIMIT_WINDOW_SECONDS + 10


@override_settings(API_RATE_LIMIT=3, API_RATE_LIMIT_WINDOW_SECONDS=300)
def test_the_window_slides_so_a_boundary_does_not_double_the_allowance(lp_client, time_machine):
    boundary = dt.datetime(2030, 1, 1, 12, 0, tzinfo=dt.UTC)  # a multiple of 300 s since the epoch
    time_machine.move_to(boundary - dt.timedelta(seconds=5), tick=False)
    assert [lp_client.get(LP_URL).status_code for _ in range(3)] == [200, 200, 200]
    time_machine.move_to(boundary + dt.timedelta(seconds=5), tick=False)
    assert lp_client.get(LP_URL).status_code == 429
    time_machine.move_to(boundary + dt.timedelta(seconds=310), tick=False)
    assert lp_client.get(LP_URL).status_code == 200


@override_settings(API_BAD_TOKEN_LIMIT=3)
def test_repeated_bad_tokens_from_one_address_are_throttled(lp_client):
    guesser = APIClient(REMOTE_ADDR="203.0.113.9")
    guesser.credentials(HTTP_AUTHORIZATION="Bearer not-a-token")
    assert [guesser.get(LP_URL).status_code for _ in range(4)] == [401, 401, 401, 429]
    assert "Retry-After" in guesser.get(LP_URL)
    # Even a right guess from that address waits; other addresses are not affected.
    right_guess = APIClient(REMOTE_ADDR="203.0.113.9")
    right_guess.credentials(HTTP_AUTHORIZATION=lp_client._credentials["HTTP_AUTHORIZATION"])
    assert right_guess.get(LP_URL).status_code == 429
    assert lp_client.get(LP_URL).status_code == 200
    register_guesser = APIClient(REMOTE_ADDR="203.0.113.9")
    register_guesser.credentials(HTTP_AUTHORIZATION="Bearer not-a-token")
    assert register_guesser.get(REGISTER_URL).status_code == 429


@override_settings(API_BAD_TOKEN_LIMIT=3, TRUSTED_PROXY_IPS=["10.0.0.1"])
def test_behind_a_trusted_load_balancer_bad_tokens_count_per_client_not_per_balancer(lp_client):
    guesser = APIClient(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
    guesser.credentials(HTTP_AUTHORIZATION="Bearer not-a-token")
    assert [guesser.get(LP_URL).status_code for _ in range(4)] == [401, 401, 401, 429]
    neighbour = APIClient(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.8")
    neighbour.credentials(HTTP_AUTHORIZATION=lp_client._credentials["HTTP_AUTHORIZATION"])
    assert neighbour.get(LP_URL).status_code == 200
    # An address that is not a trusted balancer cannot pick its own key with the header.
    spoofer = APIClient(REMOTE_ADDR="203.0.113.50", HTTP_X_FORWARDED_FOR="198.51.100.99")
    spoofer.credentials(HTTP_AUTHORIZATION="Bearer not-a-token")
    assert [spoofer.get(LP_URL).status_code for _ in range(4)] == [401, 401, 401, 429]


@pytest.mark.parametrize("url", [LP_URL, REGISTER_URL])
def test_a_database_outage_is_a_503_with_retry_after_not_a_500(url, lp_client, register_client, database_down):
    client = lp_client if url == LP_URL else register_client
    with database_down():
        response = client.get(url)
    assert response.status_code == 503
    assert response.json() == {"error": "Service unavailable"}
    assert int(response["Retry-After"]) > 0


def test_persistent_connections_are_health_checked_before_reuse():
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


@pytest.fixture
def signed_in_school_client(db):
    from tests.schools.conftest import Client, sign_in

    school = SchoolFactory()
    SchoolUser.objects.create(email="sit@example.com", school=school)
    client = Client()
    sign_in(client, "sit@example.com")
    return client


def _as_a_server_answers(client):
    """After the view's 503, Django's session middleware reads a signed-in session once more (for the cookie's
    expiry) even though it saves nothing on a 5xx; the server answers that second failure with the same 503 through
    its error handler (config/urls.py), where the test client would re-raise it instead."""
    client.raise_request_exception = False
    return client


def _is_the_unavailable_page(response) -> bool:
    return (
        response.status_code == 503
        and int(response["Retry-After"]) > 0
        and response["Content-Type"].startswith("text/html")
        and "Sorry, there is a problem with the service" in response.content.decode()
    )


@pytest.mark.parametrize("url", ["/school/home/ects", "/school/home/mentors", "/school/register-ect/find-ect"])
def test_a_database_outage_on_a_signed_in_school_page_is_the_503_page(signed_in_school_client, url, database_down):
    _as_a_server_answers(signed_in_school_client)
    with database_down():
        response = signed_in_school_client.get(url)
    assert _is_the_unavailable_page(response), (response.status_code, response.content[:300])


def test_a_database_outage_during_school_sign_in_is_the_503_page(database_down):
    client = Client()
    with database_down():
        response = client.post("/school/sign-in", {"email": "sit@example.com"})
    assert _is_the_unavailable_page(response)


@pytest.mark.parametrize("url", ["/admin/", "/admin/schools/school/"])
def test_a_database_outage_on_a_signed_in_admin_page_is_the_503_page(staff_client, url, database_down):
    client = _as_a_server_answers(staff_client("superuser"))
    with database_down():
        response = client.get(url)
    assert _is_the_unavailable_page(response), (response.status_code, response.content[:300])


def test_a_database_outage_at_admin_sign_in_is_the_503_page(database_down):
    with database_down():
        response = Client().post("/admin/login/?next=/admin/", {"username": "someone", "password": "x"})
    assert _is_the_unavailable_page(response)
