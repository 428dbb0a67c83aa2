import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from partnerships.models import LeadProviderAPIToken
from partnerships.services import api_token_create, api_token_revoke

URL = "/api/v3/delivery-partners"
DENIED = {"error": "HTTP Token: Access denied"}


@pytest.mark.django_db
def test_missing_token_is_401_with_the_documented_body():
    response = APIClient().get(URL)
    assert response.status_code == 401
    assert response.json() == DENIED
    assert response["Content-Type"] == "application/vnd.api+json"


@pytest.mark.django_db
def test_unknown_token_is_401():
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Bearer not-a-real-token")
    response = client.get(URL)
    assert response.status_code == 401
    assert response.json() == DENIED


def test_revoked_token_is_401(lead_provider):
    token, raw = api_token_create(lead_provider=lead_provider)
    api_token_revoke(token=token)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert client.get(URL).status_code == 401


def test_valid_token_is_accepted_and_marks_last_use(lead_provider):
    token, raw = api_token_create(lead_provider=lead_provider)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert client.get(URL).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_rails_style_token_header_is_accepted(lead_provider):
    _, raw = api_token_create(lead_provider=lead_provider)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f'Token token="{raw}"')
    assert client.get(URL).status_code == 200


def test_tokens_are_stored_only_as_hashes(lead_provider):
    token, raw = api_token_create(lead_provider=lead_provider)
    stored = LeadProviderAPIToken.objects.get(pk=token.pk)
    assert raw not in stored.hashed_token
    assert len(stored.hashed_token) == 64


def test_create_api_token_command_prints_a_working_token(lead_provider, capsys):
    call_command("create_api_token", "--lead-provider", lead_provider.name)
    raw = capsys.readouterr().out.strip()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert client.get(URL).status_code == 200
