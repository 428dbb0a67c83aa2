import pytest
from rest_framework.test import APIClient

from config import clock
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


@pytest.fixture
def travel():
    """Move the service's clock to an instant for the rest of the test."""
    tokens = []

    def to(moment):
        tokens.append(clock.travel_to(moment))

    yield to
    for token in reversed(tokens):
        clock.reset(token)
