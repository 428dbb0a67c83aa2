"""Sandbox statements: the published calendar for every lead provider contract (ecf-rules.md §5.5)."""

from .services import statements_ensure_calendar


def seed() -> dict[str, dict[str, str]]:
    statements_ensure_calendar()
    return {}
