from config.api.routing import LeadProviderRouter
from statements.api.views import StatementViewSet


def register(router: LeadProviderRouter) -> None:
    """Registers this app's lead provider API endpoints."""
    router.register("statements", StatementViewSet, basename="statement")
