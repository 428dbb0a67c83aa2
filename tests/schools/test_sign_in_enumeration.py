"""No step of the emailed-code sign-in tells which addresses are school users (docs/school-sign-in.md): a school
user's address and an address that is nobody's get the same pages, from the same database statements (what a
request costs; bench/sign_in_timing.py times them against the production server), up to and after the lock; and
the lock still keeps a school user's account shut."""

import re

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from config.models import Event
from schools.models import EmailSignIn, SchoolUser
from tests.factories import SchoolFactory
from tests.jobs import run_queued_jobs

from .conftest import Client, code_from_outbox

# The rule book's words (docs/school-sign-in.md).
SIGN_IN_LOCKED = "Your account is locked, please contact support"

pytestmark = pytest.mark.django_db

KNOWN = "sit@example.com"
UNKNOWN = "nobody@example.com"


def _page(response, email: str) -> str:
    body = response.content.decode().replace(email, "EMAIL")
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken" value="TOKEN"', body)


def _statements(queries) -> list[str]:
    """Each statement with its values blanked out: what the database is asked to do, not with which values."""
    shapes = []
    for query in queries:
        sql = re.sub(r'"s\d+_x\d+"', "SAVEPOINT_NAME", query["sql"])
        sql = re.sub(r"'(?:[^']|'')*'", "?", sql)
        sql = re.sub(r"\b(?:\d+|NULL|true|false)\b", "?", sql)
        shapes.append(sql)
    return shapes


def _journey(email: str, address: str, time_machine) -> list[tuple]:
    """Every step with a wrong code, as seen by the visitor (status, where to, the page) and by the database."""
    from conftest import PINNED_NOW

    time_machine.move_to(PINNED_NOW, tick=True)  # both journeys start in the same rate-limit window
    client = Client(REMOTE_ADDR=address)
    client.get("/school/sign-in")
    steps = []

    def step(path: str, data: dict):
        with CaptureQueriesContext(connection) as queries:
            response = client.post(path, data)
        steps.append(
            (path, response.status_code, response.get("Location"), _page(response, email), _statements(queries))
        )
        run_queued_jobs()  # the worker's part, after the request (a worker process on a running service)

    step("/school/sign-in", {"email": email})
    for _ in range(settings.SCHOOL_SIGN_IN_MAX_FAILED_CODES + 1):
        step("/school/sign-in/code", {"code": "000000"})
    step("/school/sign-in", {"email": email})
    step("/school/sign-in/code", {"code": "000000"})
    return steps


@pytest.fixture
def known_user(db):
    return SchoolUser.objects.create(email=KNOWN, school=SchoolFactory())


def test_a_school_users_address_and_nobodys_get_the_same_pages_from_the_same_statements(
    known_user, settings, time_machine
):
    settings.SCHOOL_SIGN_IN_RATE_LIMIT = 1000
    for model in (SchoolUser, EmailSignIn):  # the lock events' subjects, as a running server has them cached
        ContentType.objects.get_for_model(model)
    known = _journey(KNOWN, "198.51.100.1", time_machine)
    unknown = _journey(UNKNOWN, "198.51.100.2", time_machine)
    assert len(known) == len(unknown) == settings.SCHOOL_SIGN_IN_MAX_FAILED_CODES + 4
    for known_step, unknown_step in zip(known, unknown, strict=True):
        assert known_step == unknown_step
    # The pages are the ones the rule book names: incorrect, then locked at the tenth wrong code, for both.
    pages = [page for path, _, _, page, _ in known if path.endswith("/code")]
    limit = settings.SCHOOL_SIGN_IN_MAX_FAILED_CODES
    assert all(
        "The code is incorrect or has expired. Check your email or request a new code.".split(".")[0] in page
        for page in pages[: limit - 1]
    )
    assert all(SIGN_IN_LOCKED in page for page in pages[limit - 1 :])
    # Only the school user was ever emailed.
    assert [message.to for message in mail.outbox] == [[KNOWN]]
    assert Event.objects.filter(event_type="otp_account_locked").count() == 2


@pytest.mark.parametrize("email", [KNOWN, UNKNOWN])
def test_the_pages_before_any_code_are_the_same_for_every_address(known_user, email):
    client = Client()
    response = client.post("/school/sign-in", {"email": email}, follow=True)
    assert response.redirect_chain == [("/school/sign-in/code", 302)]
    assert (
        f"If {email} is registered with this service, we have sent a 6-digit sign-in code" in response.content.decode()
    )


def test_the_lock_still_keeps_a_school_users_account_shut(known_user, settings):
    settings.SCHOOL_SIGN_IN_RATE_LIMIT = 1000
    client = Client()
    client.post("/school/sign-in", {"email": KNOWN})
    right = code_from_outbox(KNOWN)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    for _ in range(settings.SCHOOL_SIGN_IN_MAX_FAILED_CODES):
        client.post("/school/sign-in/code", {"code": wrong})
    response = client.post("/school/sign-in/code", {"code": right})
    assert response.status_code == 200 and SIGN_IN_LOCKED in response.content.decode()
    run_queued_jobs()
    sent = len(mail.outbox)
    client.post("/school/sign-in", {"email": KNOWN})
    run_queued_jobs()
    assert len(mail.outbox) == sent  # a locked address is sent no code
    # Nor does a code from another browser open it.
    other = Client()
    other.post("/school/sign-in", {"email": KNOWN})
    assert SIGN_IN_LOCKED in other.post("/school/sign-in/code", {"code": right}).content.decode()
    assert other.get("/school/home/ects")["Location"] == "/school/sign-in"
