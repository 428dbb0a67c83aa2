import re

import pytest
from django.core import mail
from django.test import Client as DjangoClient
from django.test import TestCase

from schools.models import SchoolUser
from tests.factories import SchoolFactory
from tests.jobs import run_queued_jobs


class Client(DjangoClient):
    """A test client whose requests run their on-commit work (emails) when they finish, as a real request's
    commit would; the test database is otherwise one transaction that never commits."""

    def request(self, **request):
        with TestCase.captureOnCommitCallbacks(execute=True):
            return super().request(**request)


@pytest.fixture(autouse=True)
def _today_is_pinned(pinned_now):
    """The school pages compare against today (the contract period whose induction tutor is confirmed, leaving and
    start dates, locked sign-ins): every school page test runs at the root conftest's PINNED_NOW."""


@pytest.fixture
def client():
    return Client()


def code_from_outbox(email: str) -> str:
    run_queued_jobs("emails")  # the worker's part: the page only queued the code
    message = [m for m in mail.outbox if email in m.to][-1]
    return re.search(r"code is (\d{6})", message.body).group(1)


def locked_by_wrong_codes(user: SchoolUser) -> None:
    """The user's address as ten wrong codes leave it (docs/school-sign-in.md)."""
    from config import clock
    from schools.auth import email_digest
    from schools.models import EmailSignIn

    now = clock.now()
    EmailSignIn.objects.create(
        email_digest=email_digest(user.email), school_user=user, failed_codes=10, locked_at=now, updated_at=now
    )


def sign_in(client: Client, email: str) -> None:
    client.post("/school/sign-in", {"email": email})
    response = client.post("/school/sign-in/code", {"code": code_from_outbox(email)})
    assert response.status_code == 302, response.content


@pytest.fixture
def school(db):
    return SchoolFactory(name="Ashford Primary School", induction_tutor_name="Ada Lovelace")


@pytest.fixture
def school_user(school):
    return SchoolUser.objects.create(email="sit@example.com", full_name="Ada Lovelace", school=school)


@pytest.fixture
def confirmed_school(school):
    from config import clock
    from schools.rules import contract_year

    school.induction_tutor_last_nominated_in = contract_year(clock.now().date())
    school.save()
    return school


@pytest.fixture
def school_client(school_user, confirmed_school):
    """A client signed in as the induction tutor of a school whose tutor is confirmed for this contract period."""
    client = Client()
    sign_in(client, school_user.email)
    return client
