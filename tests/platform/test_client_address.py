"""Every limit keys on the real client (docs/security.md §4 "Who the client is"): behind a trusted load balancer
the address it saw, never the balancer's own; an X-Forwarded-For from anyone else is ignored."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, RequestFactory, override_settings

from config.clients import client_address
from config.models import Event
from schools.models import SchoolUser
from tests.factories import SchoolFactory

# Pinned to the start of a sign-in rate window, so that no window boundary falls between a test's requests.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_now")]

BALANCER = "10.0.0.1"


def _request(remote: str, forwarded: str | None = None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **headers)


@pytest.mark.parametrize(
    ("trusted", "remote", "forwarded", "client"),
    [
        ([], "203.0.113.9", "198.51.100.1", "203.0.113.9"),  # no balancer configured: the header means nothing
        ([BALANCER], "203.0.113.9", "198.51.100.1", "203.0.113.9"),  # not from the balancer: ignored
        ([BALANCER], BALANCER, "198.51.100.1", "198.51.100.1"),
        ([BALANCER], BALANCER, "192.0.2.66, 198.51.100.1", "198.51.100.1"),  # the client's own entry is ignored
        ([BALANCER, "10.0.0.2"], BALANCER, "198.51.100.1, 10.0.0.2", "198.51.100.1"),  # two balancers in a row
        (["10.0.0.0/24"], BALANCER, "198.51.100.1, 10.0.0.7", "198.51.100.1"),  # a balancer subnet
        ([BALANCER], BALANCER, "198.51.100.1:51234", "198.51.100.1"),  # a balancer that adds the port
        ([BALANCER], BALANCER, "[2001:db8::7]:443", "2001:db8::7"),
        ([BALANCER], BALANCER, "", BALANCER),  # nothing forwarded: the balancer is the client
        ([BALANCER], BALANCER, "not-an-address", BALANCER),  # never a key the sender chose
    ],
)
def test_the_client_address_is_the_nearest_hop_no_trusted_balancer_added(trusted, remote, forwarded, client):
    with override_settings(TRUSTED_PROXY_IPS=trusted):
        assert client_address(_request(remote, forwarded)) == client


def _behind_balancer(client_ip: str, **kwargs) -> Client:
    return Client(REMOTE_ADDR=BALANCER, HTTP_X_FORWARDED_FOR=client_ip, **kwargs)


@override_settings(TRUSTED_PROXY_IPS=[BALANCER], SCHOOL_SIGN_IN_RATE_LIMIT=5)
def test_seven_clients_behind_one_balancer_each_get_their_own_school_sign_in_allowance(db):
    SchoolUser.objects.create(email="sit@example.com", school=SchoolFactory())
    statuses = [
        _behind_balancer(f"198.51.100.{i}").post("/school/sign-in", {"email": "sit@example.com"}).status_code
        for i in range(1, 8)
    ]
    assert statuses == [302] * 7
    one_client = _behind_balancer("198.51.100.50")
    statuses = [one_client.post("/school/sign-in", {"email": "sit@example.com"}).status_code for _ in range(6)]
    assert statuses == [302] * 5 + [429]


@override_settings(TRUSTED_PROXY_IPS=[BALANCER], SCHOOL_SIGN_IN_RATE_LIMIT=5)
def test_a_client_that_is_not_the_balancer_cannot_pick_its_key_with_x_forwarded_for(db):
    statuses = [
        Client(REMOTE_ADDR="203.0.113.50", HTTP_X_FORWARDED_FOR=f"198.51.100.{i}")
        .post("/school/sign-in", {"email": "nobody@example.com"})
        .status_code
        for i in range(6)
    ]
    assert statuses == [302] * 5 + [429]


@pytest.fixture
def staff_user(db):
    return get_user_model().objects.create_superuser("finance.lead", "f@education.gov.uk", "correct-horse")


def _admin_sign_in(client: Client, password: str):
    return client.post("/admin/login/?next=/admin/", {"username": "finance.lead", "password": password})


@override_settings(TRUSTED_PROXY_IPS=[BALANCER])
def test_one_client_locking_a_staff_user_out_does_not_lock_the_user_out_everywhere(staff_user, settings):
    attacker = _behind_balancer("198.51.100.66")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _admin_sign_in(attacker, "wrong")
    assert _admin_sign_in(attacker, "correct-horse").status_code == 429
    colleague = _behind_balancer("198.51.100.7")
    assert _admin_sign_in(colleague, "correct-horse").status_code == 302
    # The event log names the client, not the balancer.
    for event_type in ("staff_sign_in_failed", "staff_locked_out"):
        addresses = {event.metadata["ip_address"] for event in Event.objects.filter(event_type=event_type)}
        assert addresses == {"198.51.100.66"}, event_type


@override_settings(TRUSTED_PROXY_IPS=[BALANCER])
def test_an_admin_lockout_from_an_untrusted_address_ignores_its_x_forwarded_for(staff_user, settings):
    for i in range(settings.AXES_FAILURE_LIMIT):
        _admin_sign_in(Client(REMOTE_ADDR="203.0.113.50", HTTP_X_FORWARDED_FOR=f"198.51.100.{i}"), "wrong")
    spoofer = Client(REMOTE_ADDR="203.0.113.50", HTTP_X_FORWARDED_FOR="198.51.100.200")
    assert _admin_sign_in(spoofer, "correct-horse").status_code == 429
