"""Email goes through one adapter (GOV.UK Notify when configured, Django's email backend otherwise) and is sent by
the worker of the job queue: a request only queues it, in its own transaction (docs/school-sign-in.md, "Adapters")."""

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone
from procrastinate import RetryDecision
from procrastinate.jobs import Job

from config.notify import deliver_email, send_email
from schools.auth import email_digest
from schools.models import EmailSignIn, SchoolUser
from tests.factories import SchoolFactory
from tests.jobs import queued_jobs, run_queued_jobs
from tests.schools.conftest import Client

pytestmark = pytest.mark.django_db


def test_an_email_is_a_job_committed_or_rolled_back_with_the_change_and_the_worker_sends_it():
    with pytest.raises(RuntimeError), transaction.atomic():
        send_email(to="a@school.example", template="sign_in_code", personalisation={"code": "111111"})
        raise RuntimeError("the change is rolled back")
    assert queued_jobs() == []
    send_email(to="a@school.example", template="sign_in_code", personalisation={"code": "123456"})
    assert mail.outbox == []  # the request sends nothing itself
    assert queued_jobs() == [
        (
            "config.send_email",
            {"to": "a@school.example", "template": "sign_in_code", "personalisation": {"code": "123456"}},
        )
    ]
    assert run_queued_jobs() == ["config.send_email"]
    assert mail.outbox[-1].to == ["a@school.example"]
    assert "Your sign-in code is 123456." in mail.outbox[-1].body


def test_an_unknown_template_is_refused_before_anything_is_queued():
    with pytest.raises(KeyError):
        send_email(to="a@school.example", template="no_such_template", personalisation={})
    assert queued_jobs() == []


def test_with_a_notify_key_the_worker_sends_it_by_template_id(monkeypatch):
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
    send_email(to="a@school.example", template="sign_in_code", personalisation={"code": "654321"})
    assert sent == []
    run_queued_jobs()
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


def test_a_failed_send_is_tried_again_later_with_growing_delays(settings):
    """The worker runs a failed email job again: 2, 4, 8 ... seconds later, EMAIL_SEND_ATTEMPTS times at most."""
    strategy = deliver_email.retry_strategy
    job = Job(id=1, queue="emails", lock=None, queueing_lock=None, task_name="config.send_email", task_kwargs={})
    now = timezone.now()
    delays = [
        strategy.get_retry_decision(exception=OSError("Notify is down"), job=job.evolve(attempts=attempts))
        for attempts in range(settings.EMAIL_SEND_ATTEMPTS + 1)
    ]
    assert all(isinstance(decision, RetryDecision) for decision in delays[:-1])
    waits = [round((decision.retry_at - now).total_seconds()) for decision in delays[:-1]]
    assert waits == [2 ** (attempt + 1) for attempt in range(settings.EMAIL_SEND_ATTEMPTS)]
    assert delays[-1] is None  # then it has failed for good, and stays in the queue's table for staff to see


def test_the_sign_in_page_only_queues_the_code_and_the_worker_makes_and_emails_it():
    """The page answers before any email is sent, so how long it takes never shows whether an address is a school
    user's; the queue holds only the address's keyed hash, never the address or the code."""
    SchoolUser.objects.create(email="sit@example.com", school=SchoolFactory())
    response = Client().post("/school/sign-in", {"email": "sit@example.com"})
    assert response.status_code == 302
    assert mail.outbox == []
    assert queued_jobs() == [("schools.send_sign_in_code", {"email_digest": email_digest("sit@example.com")})]
    assert EmailSignIn.objects.get().code_digest == ""  # the worker makes the code
    run_queued_jobs()
    assert [message.to for message in mail.outbox] == [["sit@example.com"]]
    assert EmailSignIn.objects.get().code_digest != ""


def test_an_address_that_is_nobodys_queues_the_same_job_and_is_sent_nothing():
    response = Client().post("/school/sign-in", {"email": "nobody@example.com"})
    assert response.status_code == 302
    assert queued_jobs() == [("schools.send_sign_in_code", {"email_digest": email_digest("nobody@example.com")})]
    run_queued_jobs()
    assert mail.outbox == []
    assert EmailSignIn.objects.get().code_digest != ""  # a code is made for every address, as before
