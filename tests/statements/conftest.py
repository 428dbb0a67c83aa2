"""Fixtures of the statement tests."""

import pytest


@pytest.fixture(autouse=True)
def _today_is_pinned(pinned_now):
    """Statements' cut-off and payment dates are counted from today (tests.declarations.factories.StatementFactory,
    the daily close job): every statement test runs at the root conftest's PINNED_NOW."""
