import pytest

from tests.declarations.factories import StatementFactory
from tests.factories import cohort


@pytest.fixture
def statement(lead_provider):
    """The lead provider's next open output statement for the 2024 cohort."""
    return StatementFactory(lead_provider=lead_provider, cohort=cohort(2024))


@pytest.fixture
def statement_2025(lead_provider):
    return StatementFactory(lead_provider=lead_provider, cohort=cohort(2025))
