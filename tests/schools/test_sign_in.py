import datetime as dt

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from config.models import Event
from schools.models import EmailSignIn
from tests.jobs import run_queued_jobs

from .conftest import Client, code_from_outbox, sign_in

# The rule book's words (docs/school-sign-in.md).
EMAIL_FORMAT = "Enter an email address in the correct format, like name@example.com"
SIGN_IN_CODE_INCORRECT = "The code is incorrect or has expired. Check your email or request a new code."
SIGN_IN_LOCKED = "Your account is locked, please contact support"

pytestmark = pytest.mark.django_db


def test_school_pages_send_visitors_who_are_not_signed_in_to_sign_in(client):
    response = client.get("/school/home/ects")
    assert response.status_code == 302
    assert response["Location"] == "/school/sign-in"


def test_sign_in_with_the_emailed_code_opens_the_school_pages(school_user, confirmed_school):
    client = Client()
    response = client.post("/school/sign-in", {"email": "SIT@example.com "})
    assert response["Location"] == "/school/sign-in/code"
    run_queued_jobs()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["sit@example.com"]
    response = client.post("/school/sign-in/code", {"code": code_from_outbox("sit@example.com")})
    assert response["Location"] == "/school/"
    assert client.get("/school/home/ects").status_code == 200
    assert Event.objects.filter(event_type="school_user_signs_in").count() == 1


def test_an_unknown_email_sees_the_same_check_your_email_page_and_no_email_is_sent(client):
    response = client.post("/school/sign-in", {"email": "nobody@example.com"}, follow=True)
    assert response.redirect_chain == [("/school/sign-in/code", 302)]
    assert "Check your email" in response.content.decode()
    run_queued_jobs()
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("email", "message"), [("", "Enter your email address"), ("not-an-email", EMAIL_FORMAT), ("a@b", EMAIL_FORMAT)]
)
def test_sign_in_email_errors(client, email, message):
    response = client.post("/school/sign-in", {"email": email})
    body = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Sign in" in body
    assert "govuk-error-summary" in body and message.replace("'", "&#x27;") in body


@pytest.mark.parametrize(
    ("code", "message"), [("", "Enter the code from your email"), ("12ab56", "The code must be 6 digits")]
)
def test_sign_in_code_format_errors(client, school_user, code, message):
    client.post("/school/sign-in", {"email": school_user.email})
    response = client.post("/school/sign-in/code", {"code": code})
    assert message in response.content.decode()


def test_a_code_can_be_used_once(school_user, confirmed_school):
    first = Client()
    first.post("/school/sign-in", {"email": school_user.email})
    code = code_from_outbox(school_user.email)
    assert first.post("/school/sign-in/code", {"code": code}).status_code == 302
    second = Client()
    second.post("/school/sign-in", {"email": "other@example.com"})
    second.session["school_sign_in_email"] = school_user.email
    session = second.session
    session["school_sign_in_email"] = school_user.email
    session.save()
    response = second.post("/school/sign-in/code", {"code": code})
    assert response.status_code == 200
    assert SIGN_IN_CODE_INCORRECT.replace(".", "") in response.content.decode().replace(".", "")


def test_a_code_expires_after_ten_minutes(client, school_user):
    client.post("/school/sign-in", {"email": school_user.email})
    code = code_from_outbox(school_user.email)
    EmailSignIn.objects.filter(school_user=school_user).update(
        code_issued_at=timezone.now() - dt.timedelta(minutes=10, seconds=1)
    )
    response = client.post("/school/sign-in/code", {"code": code})
    assert response.status_code == 200
    assert "The code is incorrect or has expired" in response.content.decode()


@override_settings(SCHOOL_SIGN_IN_RATE_LIMIT=1000)
def test_ten_wrong_codes_lock_the_account_until_dfe_staff_unlock_it(client, school_user, confirmed_school):
    client.post("/school/sign-in", {"email": school_user.email})
    right = code_from_outbox(school_user.email)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    for _ in range(9):
        assert (
            SIGN_IN_CODE_INCORRECT.split(".")[0]
            in client.post("/school/sign-in/code", {"code": wrong}).content.decode()
        )
    response = client.post("/school/sign-in/code", {"code": wrong})
    assert SIGN_IN_LOCKED in response.content.decode()
    assert EmailSignIn.objects.get(school_user=school_user).locked_at is not None
    assert Event.objects.filter(event_type="otp_account_locked").count() == 1
    # Even the right code no longer works, and no new code is sent.
    assert SIGN_IN_LOCKED in client.post("/school/sign-in/code", {"code": right}).content.decode()
    run_queued_jobs()
    sent = len(mail.outbox)
    client.post("/school/sign-in", {"email": school_user.email})
    run_queued_jobs()
    assert len(mail.outbox) == sent


def test_sign_in_attempts_are_limited_to_five_per_twenty_seconds_per_ip(client, school_user):
    statuses = [client.post("/school/sign-in", {"email": school_user.email}).status_code for _ in range(6)]
    assert statuses == [302] * 5 + [429]
    response = client.post("/school/sign-in", {"email": school_user.email})
    assert response["Retry-After"] == "20"
    assert "Too many attempts" in response.content.decode()
    other_ip = Client(REMOTE_ADDR="10.0.0.2")
    assert other_ip.post("/school/sign-in", {"email": school_user.email}).status_code == 302


def test_sign_out_ends_the_session(school_client):
    assert school_client.get("/school/home/ects").status_code == 200
    response = school_client.post("/school/sign-out")
    assert response["Location"] == "/school/signed-out"
    assert school_client.get("/school/home/ects")["Location"] == "/school/sign-in"


def test_sign_out_needs_a_post(school_client):
    assert school_client.get("/school/sign-out").status_code == 405


def test_forms_are_protected_against_cross_site_requests(school_user):
    client = Client(enforce_csrf_checks=True)
    assert client.post("/school/sign-in", {"email": school_user.email}).status_code == 403


def test_sessions_expire_after_two_hours_idle(settings):
    assert settings.SESSION_COOKIE_AGE == 7200
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


def test_signing_in_twice_gives_a_new_session_id(school_user, confirmed_school):
    client = Client()
    client.post("/school/sign-in", {"email": school_user.email})
    before = client.session.session_key
    sign_in(client, school_user.email)
    assert client.session.session_key != before


def test_signing_in_rotates_the_csrf_token(school_user, confirmed_school):
    client = Client(enforce_csrf_checks=True)
    page = client.get("/school/sign-in")
    before = client.cookies["csrftoken"].value
    token = page.context["csrf_token"]
    client.post("/school/sign-in", {"email": school_user.email, "csrfmiddlewaretoken": token})
    code = code_from_outbox(school_user.email)
    response = client.post("/school/sign-in/code", {"code": code, "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert client.cookies["csrftoken"].value != before
    # A token from before sign-in (one a page could have planted) no longer passes.
    assert client.post("/school/sign-out", {"csrfmiddlewaretoken": token}).status_code == 403
