"""Contact DfE support (docs/school-pages.md, "Contact DfE support"; issue 23 item 10): a query is kept with an
event and emailed to DfE support through the one email adapter, by the worker once committed; refused input is answered with the
rule book's messages and keeps nothing; support staff close queries, once."""

import pytest
from django.core import mail
from django.db import transaction
from django.test import Client, override_settings

from config.errors import DomainValidationError
from config.models import Event
from schools import services
from schools.models import SupportQuery
from tests.factories import SchoolFactory
from tests.jobs import queued_jobs, run_queued_jobs

pytestmark = pytest.mark.django_db

FORM = {
    "name": "Sam  Tutor",
    "email": "sam@oak.example",
    "school_name": "Oak Primary",
    "message": "Where is our ECT?",
}


def test_a_query_is_kept_with_an_event_and_the_worker_emails_it_to_dfe_support(settings):
    settings.DFE_SUPPORT_EMAIL = "support@dfe.example"
    response = Client().post("/school/support", FORM)
    assert mail.outbox == []  # the request only queues the email, as it queues sign-in codes
    assert [(name, args["to"], args["template"]) for name, args in queued_jobs()] == [
        ("config.send_email", "support@dfe.example", "support_query")
    ]
    assert run_queued_jobs("emails") == ["config.send_email"]

    assert response.status_code == 302 and response["Location"] == "/school/support/sent"
    query = SupportQuery.objects.get()
    assert (query.name, query.school, query.closed_at) == ("Sam Tutor", None, None)
    event = Event.objects.get(event_type="support_query_created")
    assert (event.subject_id, event.author_name) == (query.pk, "Sam Tutor <sam@oak.example>")
    (email,) = mail.outbox
    assert (email.to, email.subject) == (["support@dfe.example"], "Support query from Sam Tutor at Oak Primary")
    assert "Where is our ECT?" in email.body and "Reply to sam@oak.example" in email.body


def test_a_query_rolled_back_with_its_transaction_leaves_no_email_queued():
    with pytest.raises(RuntimeError), transaction.atomic():
        services.support_query_create(**FORM)
        raise RuntimeError("the change is rolled back")
    assert not SupportQuery.objects.exists() and queued_jobs() == []


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "Enter your full name"),
        ("name", "x" * 71, "Full name must be 70 letters or less"),
        ("email", "", "Enter your email address"),
        ("email", "sam@oak", "Enter an email address in the correct format, like name@example.com"),
        ("school_name", " ", "Enter the name or URN of your school"),
        ("school_name", "x" * 256, "School must be 255 characters or less"),
        ("message", "", "Enter your message"),
        ("message", "x" * 5001, "Your message must be 5,000 characters or less"),
    ],
)
def test_refused_input_keeps_nothing_and_says_why(field, value, message):
    response = Client().post("/school/support", {**FORM, field: value})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not SupportQuery.objects.exists() and mail.outbox == []
    with pytest.raises(DomainValidationError) as refused:
        services.support_query_create(**{**FORM, field: value})
    assert refused.value.errors == [(field, message)]


def test_sending_counts_towards_a_limit_per_client_address():
    client = Client()
    with override_settings(SCHOOL_SIGN_IN_RATE_LIMIT=1):
        assert client.post("/school/support", FORM).status_code == 302
        refused = client.post("/school/support", FORM)
    assert refused.status_code == 429 and "Too many attempts" in refused.content.decode()
    assert SupportQuery.objects.count() == 1


def test_closing_a_query_records_who_and_a_second_close_changes_nothing():
    query = services.support_query_create(**FORM, school=SchoolFactory())
    closed = services.support_query_close(query=query, staff_name="support-user")
    again = services.support_query_close(query=query, staff_name="someone-else")
    assert (again.closed_at, again.closed_by) == (closed.closed_at, "support-user")
    assert Event.objects.filter(event_type="support_query_closed").count() == 1


@pytest.mark.parametrize(
    ("data", "status", "words"),
    [
        ({}, 200, "Enter your message"),
        ({**FORM, "email": "a" * 250 + "@oak.example"}, 200, "Enter an email address that is less than 254 characters"),
        ({**FORM, "message": "Where\x00 is our ECT?"}, 400, "Sorry, there is a problem with your request"),
        ({**FORM, "name": ["Sam", "Tutor"]}, 302, "/school/support/sent"),
    ],
    ids=["nothing sent", "an address too long", "a NUL character", "a field sent twice"],
)
def test_odd_input_is_answered_never_a_server_error(data, status, words):
    """docs/security.md §3: no input breaks a request."""
    response = Client().post("/school/support", data)
    assert response.status_code == status
    assert words == response["Location"] if status == 302 else words in response.content.decode()
    # Only the query that was sent whole is kept (a field sent twice counts once: its last value).
    assert list(SupportQuery.objects.values_list("name", flat=True)) == (["Tutor"] if status == 302 else [])
