"""DfE staff register an endpoint in the admin: the signing secret is shown once, on a page of its own; the endpoint
list tells staff which endpoints the service paused (docs/webhooks.md, "Endpoints"; docs/security.md §5)."""

import re
import time

import pytest
from standardwebhooks.webhooks import Webhook

from webhooks.models import EventType, WebhookEndpoint
from webhooks.services import endpoint_pause
from webhooks.signing import decrypt_secret, signature

pytestmark = pytest.mark.django_db


def test_adding_an_endpoint_shows_its_secret_once_and_keeps_it_only_encrypted(lead_provider, staff_client):
    client = staff_client("support")
    response = client.post(
        "/admin/webhooks/webhookendpoint/add/",
        {"lead_provider": lead_provider.pk, "url": "https://lp.example/hooks", "events": ["statement.updated"]},
    )
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    secret = re.search(rb'<code class="webhook-secret">([^<]+)</code>', response.content).group(1).decode()
    assert "messages" not in response.cookies and secret not in str(response.cookies)
    endpoint = WebhookEndpoint.objects.get()
    assert (endpoint.events, endpoint.state) == ([EventType.STATEMENT_UPDATED], "active")
    assert secret not in endpoint.secret_encrypted and decrypt_secret(endpoint.secret_encrypted) == secret
    # What the service signs with verifies with what staff were shown.
    body, now = b'{"type":"webhook.test"}', int(time.time())
    headers = {"webhook-id": "msg_1", "webhook-timestamp": str(now)}
    headers["webhook-signature"] = signature(secret=secret, message_id="msg_1", timestamp=now, body=body)
    assert Webhook(secret).verify(body, headers) == {"type": "webhook.test"}
    page = client.get(f"/admin/webhooks/webhookendpoint/{endpoint.pk}/change/").content.decode()
    assert secret not in page


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://lp.example/hooks", "Enter a full web address, like https://example.com/webhooks"),
        ("https://user:pw@lp.example/hooks", "The address cannot contain a user name or password"),
    ],
)
def test_an_address_that_cannot_receive_notifications_is_refused_with_a_reason(
    lead_provider, staff_client, url, message
):
    response = staff_client("support").post(
        "/admin/webhooks/webhookendpoint/add/",
        {"lead_provider": lead_provider.pk, "url": url, "events": ["statement.updated"]},
    )
    assert response.status_code == 200 and message in response.content.decode()
    assert not WebhookEndpoint.objects.exists()


def test_an_endpoint_without_events_is_refused_in_the_rule_books_words(lead_provider, staff_client):
    response = staff_client("support").post(
        "/admin/webhooks/webhookendpoint/add/", {"lead_provider": lead_provider.pk, "url": "https://lp.example/hooks"}
    )
    assert response.status_code == 200 and "Choose at least one event" in response.content.decode()
    assert not WebhookEndpoint.objects.exists()


def test_production_sends_only_over_https_and_the_sandbox_accepts_a_local_test_receiver(settings, lead_provider):
    from webhooks.rules import URL_HTTPS, url_error

    assert url_error("http://127.0.0.1:8080/hooks") is None
    settings.WEBHOOK_PLAIN_HTTP = False  # as config/settings/production.py sets it
    assert url_error("http://127.0.0.1:8080/hooks") == URL_HTTPS
    assert url_error("https://lp.example/hooks") is None


def test_the_endpoint_list_tells_staff_which_endpoints_the_service_paused(lead_provider, staff_client, subscribe):
    endpoint, _ = subscribe(lead_provider)
    endpoint_pause(endpoint=endpoint, reason="Deliveries failed for 24 hours (last: HTTP 503)")
    page = staff_client("support").get("/admin/webhooks/webhookendpoint/").content.decode()
    assert "Paused by the service" in page and "HTTP 503" in page
