"""Admin sign-in: repeated failures lock the username out, failures and lockouts are events, idle sessions end."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from config.models import Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_user():
    return get_user_model().objects.create_superuser("finance.lead", "f@education.gov.uk", "correct-horse")


def sign_in(client: Client, password: str):
    return client.post("/admin/login/?next=/admin/", {"username": "finance.lead", "password": password})


def test_a_correct_password_signs_in(staff_user):
    client = Client()
    assert sign_in(client, "correct-horse").status_code == 302
    assert client.get("/admin/").status_code == 200


def test_repeated_failures_lock_the_account_even_for_the_right_password(staff_user, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        assert sign_in(client, "wrong").status_code in (200, 429)
    locked = sign_in(client, "correct-horse")
    assert locked.status_code == 429
    assert client.get("/admin/").status_code == 302  # still signed out
    assert Event.objects.filter(event_type="staff_sign_in_failed").count() >= settings.AXES_FAILURE_LIMIT - 1
    assert Event.objects.filter(event_type="staff_locked_out", author_name="finance.lead").exists()


def test_a_failed_sign_in_for_an_unknown_username_is_an_event(db):
    Client().post("/admin/login/", {"username": "nobody-here", "password": "x"})
    event = Event.objects.get(event_type="staff_sign_in_failed")
    assert event.metadata["username"] == "nobody-here" and event.metadata["ip_address"] == "127.0.0.1"


def test_each_request_moves_the_idle_expiry_on_and_an_idle_session_ends(staff_user, settings):
    client = Client()
    client.force_login(staff_user)
    assert client.get("/admin/").status_code == 200
    idle = settings.STAFF_SESSION_IDLE_SECONDS
    assert Session.objects.get().expire_date <= timezone.now() + dt.timedelta(seconds=idle + 5)
    Session.objects.update(expire_date=timezone.now() + dt.timedelta(seconds=60))
    assert client.get("/admin/").status_code == 200
    assert Session.objects.get().expire_date > timezone.now() + dt.timedelta(seconds=idle - 60)
    Session.objects.update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    assert client.get("/admin/").status_code == 302


def test_idle_expiry_defaults_to_thirty_minutes(settings):
    assert settings.STAFF_SESSION_IDLE_SECONDS == 30 * 60 and settings.SESSION_SAVE_EVERY_REQUEST
