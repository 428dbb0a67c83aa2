from config.api.routing import LeadProviderRouter
from declarations.api.views import DeclarationViewSet


def register(router: LeadProviderRouter) -> None:
    """Registers this app's lead provider API endpoints."""
    router.register("participant-declarations", DeclarationViewSet, basename="participant-declaration")
