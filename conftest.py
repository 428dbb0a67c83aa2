"""Project-wide pytest fixtures."""

import pytest
from rest_framework.test import APIClient

from partnerships.services import api_token_create
from tests.factories import LeadProviderFactory


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def lead_provider(db):
    return LeadProviderFactory(name="Ambition Institute")


@pytest.fixture
def other_lead_provider(db):
    return LeadProviderFactory(name="Teach First")


@pytest.fixture
def lp_client(lead_provider):
    """An API client authenticated as `lead_provider`."""
    _, raw = api_token_create(lead_provider=lead_provider)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    client.lead_provider = lead_provider
    return client


@pytest.fixture
def reference_data(transactional_db):
    """Tests that commit (transaction=True) may run after another one emptied every table: the cohorts, schedules
    and milestones that migrations load are put back (idempotently)."""
    from partnerships.reference_data import load_reference_data

    load_reference_data()
