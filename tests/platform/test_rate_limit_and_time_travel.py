import datetime as dt

import pytest
from django.db import connection
from django.test import override_settings
from rest_framework.test import APIClient

from config import clock
from config.middleware import ServerDateMiddleware
from partnerships.services import api_token_create

URL = "/api/v3/delivery-partners"


@override_settings(API_RATE_LIMIT=3)
def test_requests_over_the_limit_are_429_per_token(lp_client, lead_provider):
    statuses = [lp_client.get(URL).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert lp_client.get(URL).json()["errors"][0]["detail"] == "Retry later"

    # Another token has its own allowance.
    _, raw = api_token_create(lead_provider=lead_provider)
    other = APIClient()
    other.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert other.get(URL).status_code == 200


def _seen_now(header: str | None, time_travel: bool = True):
    seen = {}

    def view(request):
        seen["now"] = clock.now()
        return None

    class Request:
        headers = {"X-With-Server-Date": header} if header else {}

    with override_settings(TIME_TRAVEL=time_travel):
        ServerDateMiddleware(view)(Request())
    return seen["now"]


def test_server_date_header_moves_now_for_the_request():
    assert _seen_now("2030-01-02T03:04:05Z") == dt.datetime(2030, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    assert clock.now().year != 2030


def test_server_date_header_is_ignored_in_production():
    assert _seen_now("2030-01-02T03:04:05Z", time_travel=False).year != 2030


def test_invalid_server_date_header_is_ignored():
    assert _seen_now("next tuesday").year != 2030


@pytest.mark.django_db
def test_server_errors_are_json_without_a_trace(lp_client):
    # A fault the code does not expect, made for real: the table the list reads is missing, as after a bad deploy
    # (DDL is transactional in PostgreSQL: the test's rollback puts it back).
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE partnerships_deliverypartner RENAME TO partnerships_deliverypartner_gone")
    lp_client.raise_request_exception = False
    response = lp_client.get(URL)
    assert response.status_code == 500
    assert response.json() == {"error": "Internal server error"}
    assert "deliverypartner" not in response.content.decode()
