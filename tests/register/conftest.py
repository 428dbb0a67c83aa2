import pytest
from rest_framework.test import APIClient

from register.services import api_token_create

from .factories import TrainingProviderFactory

API = "/api/v1.0-pre"


@pytest.fixture
def provider(db):
    return TrainingProviderFactory(ukprn="10000571", name="Meadow Creek SCITT")


@pytest.fixture
def api(provider):
    _, raw = api_token_create(training_provider=provider)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return api


def messages(response) -> list[str]:
    """The messages of an error response's `errors` list."""
    return [error["message"] for error in response.json()["errors"]]
