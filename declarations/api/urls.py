from config.api.routing import LeadProviderRouter


def register(router: LeadProviderRouter) -> None:
    """Registers this app's lead provider API endpoints."""
