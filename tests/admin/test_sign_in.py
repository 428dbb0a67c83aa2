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


# --- per username, from every address (docs/security.md §1, "Sign-in") ------------------------------------------
def _from(address: str) -> Client:
    return Client(REMOTE_ADDR=address)


def _spray(count: int, *, first: int = 1) -> list[int]:
    """One wrong password for finance.lead from each of `count` addresses (no address is locked out on its own)."""
    return [sign_in(_from(f"198.51.100.{first + i}"), "wrong").status_code for i in range(count)]


def test_wrong_passwords_from_many_addresses_slow_down_that_username_everywhere(staff_user, settings, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    free = settings.ADMIN_USERNAME_FREE_FAILURES
    assert _spray(30) == [200] * free + [429] * (30 - free)
    # The user, signing in from a new address, waits too, but only as long as the delay says.
    refused = sign_in(_from("203.0.113.1"), "correct-horse")
    assert refused.status_code == 429
    wait = int(refused["Retry-After"])
    assert 1 <= wait <= settings.ADMIN_USERNAME_MAX_DELAY_SECONDS
    assert "Too many failed sign-ins" in refused.content.decode()
    time_machine.shift(wait)
    assert sign_in(_from("203.0.113.1"), "correct-horse").status_code == 302
    # Other usernames are not slowed down.
    get_user_model().objects.create_superuser("support.lead", "s@education.gov.uk", "battery-staple")
    other = _from("198.51.100.99").post("/admin/login/", {"username": "support.lead", "password": "battery-staple"})
    assert other.status_code == 302


def test_the_delay_doubles_with_each_further_failure_up_to_its_cap(staff_user, settings, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    settings.ADMIN_USERNAME_FREE_FAILURES = 2
    settings.ADMIN_USERNAME_MAX_DELAY_SECONDS = 16
    _spray(2)
    waits = []
    for i in range(7):
        refused = sign_in(_from(f"203.0.113.{i + 1}"), "wrong")
        assert refused.status_code == 429
        waits.append(int(refused["Retry-After"]))
        time_machine.shift(waits[-1])
        assert sign_in(_from(f"198.51.100.{50 + i}"), "wrong").status_code == 200  # counted: the delay grows
    assert waits == [1, 2, 4, 8, 16, 16, 16]


def test_the_delay_never_holds_back_a_user_at_an_address_they_signed_in_from(staff_user, settings, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    office = _from("192.0.2.10")
    assert sign_in(office, "correct-horse").status_code == 302
    time_machine.shift(3600)
    _spray(settings.ADMIN_USERNAME_FREE_FAILURES + 20)
    assert sign_in(_from("203.0.113.1"), "correct-horse").status_code == 429
    assert sign_in(_from("192.0.2.10"), "correct-horse").status_code == 302


def test_failures_older_than_a_day_no_longer_count(staff_user, settings, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    _spray(settings.ADMIN_USERNAME_FREE_FAILURES + 5)
    assert sign_in(_from("203.0.113.1"), "correct-horse").status_code == 429
    time_machine.shift(settings.ADMIN_USERNAME_WINDOW_SECONDS + 1)
    assert sign_in(_from("203.0.113.1"), "correct-horse").status_code == 302


def test_a_refused_attempt_does_not_lengthen_the_delay(staff_user, settings, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    _spray(settings.ADMIN_USERNAME_FREE_FAILURES)
    first = sign_in(_from("203.0.113.1"), "wrong")
    for i in range(20):
        assert sign_in(_from(f"203.0.113.{i + 2}"), "wrong").status_code == 429
    again = sign_in(_from("203.0.113.99"), "wrong")
    assert int(again["Retry-After"]) == int(first["Retry-After"])


def test_a_lockout_says_when_to_try_again(staff_user, settings, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "wrong")
    locked = sign_in(client, "correct-horse")
    assert locked.status_code == 429
    cool_off = round(settings.AXES_COOLOFF_TIME * 3600)
    wait = int(locked["Retry-After"])
    assert cool_off <= wait <= cool_off + 1
    time_machine.shift(wait - 1)
    assert sign_in(client, "correct-horse").status_code == 429
    time_machine.shift(1)
    assert sign_in(client, "correct-horse").status_code == 302


def test_a_superuser_lifts_the_delay_by_deleting_the_usernames_access_failures(staff_user, settings, time_machine):
    from axes.models import AccessFailureLog

    time_machine.move_to(timezone.now(), tick=False)
    _spray(settings.ADMIN_USERNAME_FREE_FAILURES + 5)
    assert sign_in(_from("203.0.113.1"), "correct-horse").status_code == 429
    admin = Client()
    admin.force_login(get_user_model().objects.create_superuser("break.glass", "b@education.gov.uk", "pw"))
    failures = AccessFailureLog.objects.filter(username="finance.lead").values_list("pk", flat=True)
    response = admin.post(
        "/admin/axes/accessfailurelog/",
        {"action": "delete_selected", "_selected_action": list(failures), "post": "yes"},
    )
    assert response.status_code == 302
    assert sign_in(_from("203.0.113.1"), "correct-horse").status_code == 302
