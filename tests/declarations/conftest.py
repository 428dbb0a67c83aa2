import pytest

from tests.declarations.factories import StatementFactory
from tests.factories import cohort


@pytest.fixture(autouse=True)
def _today_is_pinned(pinned_now):
    """Declarations are dated against today and land on statements cut off 30 days from today
    (tests.declarations.factories): every declaration test runs at the root conftest's PINNED_NOW."""


@pytest.fixture
def statement(lead_provider):
    """The lead provider's next open output statement for the 2024 cohort."""
    return StatementFactory(lead_provider=lead_provider, cohort=cohort(2024))


@pytest.fixture
def statement_2025(lead_provider):
    return StatementFactory(lead_provider=lead_provider, cohort=cohort(2025))
