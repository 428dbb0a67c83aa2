"""What the load balancer asks each server (README "Running in production", docs/security.md §4): `/healthz`, is the
process alive (never the database), and `/readyz`, can it serve (database reachable, every migration applied).
Neither needs a sign-in, a known host name or HTTPS, and neither is counted by any limit."""

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from config.models import ApiRequestWindow

pytestmark = pytest.mark.django_db


def test_healthz_answers_without_touching_the_database(database_down):
    with database_down(), CaptureQueriesContext(connection) as queries:
        response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert len(queries) == 0


def test_readyz_is_ready_when_the_database_answers_and_every_migration_is_applied():
    response = Client().get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_is_unavailable_while_the_database_is_down(database_down):
    with database_down():
        response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "reason": "database"}
    assert int(response["Retry-After"]) > 0


def test_readyz_is_unavailable_until_the_migrations_are_applied():
    with connection.cursor() as cursor:  # as if this release's last migration had not run yet (rolled back after)
        cursor.execute(
            "DELETE FROM django_migrations WHERE app = 'schools' AND name = "
            "(SELECT max(name) FROM django_migrations WHERE app = 'schools')"
        )
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "reason": "migrations"}


@override_settings(SECURE_SSL_REDIRECT=True, ALLOWED_HOSTS=["manage-ects.education.gov.uk"])
@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_the_balancer_probes_by_address_over_plain_http(path):
    response = Client(HTTP_HOST="10.0.3.7:8000").get(path)
    assert response.status_code == 200
    # A page is still redirected to HTTPS and refused for an unknown host.
    assert Client(HTTP_HOST="manage-ects.education.gov.uk").get("/school/sign-in").status_code == 301
    assert Client(HTTP_HOST="10.0.3.7:8000").get("/school/sign-in", secure=True).status_code == 400


@override_settings(API_RATE_LIMIT=1, SCHOOL_SIGN_IN_RATE_LIMIT=1)
def test_probes_are_never_counted_or_limited():
    client = Client()
    assert {client.get(path).status_code for path in ["/healthz", "/readyz"] * 50} == {200}
    assert not ApiRequestWindow.objects.exists()


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_probes_answer_get_and_head_only(path):
    assert Client().head(path).status_code == 200
    assert Client().post(path).status_code == 405
