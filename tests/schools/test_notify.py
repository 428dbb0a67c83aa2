"""Email goes through one adapter: GOV.UK Notify when configured, Django's email backend otherwise."""

import pytest
from django.core import mail
from django.db import transaction

from config.notify import send_email

pytestmark = pytest.mark.django_db


def test_without_notify_the_email_backend_sends_the_rendered_template():
    with transaction.atomic():
        send_email(to="a@school.example", template="sign_in_code", personalisation={"code": "123456"})
        assert mail.outbox == []  # nothing leaves before the transaction commits
    # pytest-django's test transaction never commits: run what was queued as a commit would.
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        send_email(to="a@school.example", template="sign_in_code", personalisation={"code": "123456"})
    assert mail.outbox[-1].to == ["a@school.example"]
    assert "Your sign-in code is 123456." in mail.outbox[-1].body


def test_with_a_notify_key_notify_sends_it_by_template_id(settings, monkeypatch):
    sent = []

    class FakeNotify:  # GOV.UK Notify is an external system: never called from a test
        def __init__(self, api_key):
            self.api_key = api_key

        def send_email_notification(self, **kwargs):
            sent.append((self.api_key, kwargs))

    import notifications_python_client.notifications as notifications

    monkeypatch.setattr(notifications, "NotificationsAPIClient", FakeNotify)
    monkeypatch.setenv("NOTIFY_API_KEY", "test-key")
    monkeypatch.setenv("NOTIFY_TEMPLATE_SIGN_IN_CODE", "template-uuid")
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        send_email(to="a@school.example", template="sign_in_code", personalisation={"code": "654321"})
    assert sent == [
        (
            "test-key",
            {
                "email_address": "a@school.example",
                "template_id": "template-uuid",
                "personalisation": {"code": "654321"},
            },
        )
    ]
    assert mail.outbox == []


def test_with_notify_the_sign_in_code_is_sent_off_the_request(monkeypatch):
    """The sign-in page answers before GOV.UK Notify does, so how long it takes never shows whether an email was sent
    (docs/school-sign-in.md)."""
    import threading

    from schools.models import SchoolUser
    from tests.factories import SchoolFactory
    from tests.schools.conftest import Client

    release, done, sent = threading.Event(), threading.Event(), []

    class SlowNotify:  # GOV.UK Notify is an external system: never called from a test
        def __init__(self, api_key):
            pass

        def send_email_notification(self, **kwargs):
            release.wait(timeout=30)
            sent.append(kwargs["email_address"])
            done.set()

    import notifications_python_client.notifications as notifications

    monkeypatch.setattr(notifications, "NotificationsAPIClient", SlowNotify)
    monkeypatch.setenv("NOTIFY_API_KEY", "test-key")
    SchoolUser.objects.create(email="sit@example.com", school=SchoolFactory())
    response = Client().post("/school/sign-in", {"email": "sit@example.com"})
    assert response.status_code == 302
    assert sent == []  # the page has answered; Notify has not
    release.set()
    assert done.wait(timeout=30)
    assert sent == ["sit@example.com"]
