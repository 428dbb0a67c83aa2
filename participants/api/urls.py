from config.api.routing import LeadProviderRouter
from participants.api.views import ParticipantViewSet


def register(router: LeadProviderRouter) -> None:
    """Registers this app's lead provider API endpoints."""
    router.register_with_ecf_alias("participants", ParticipantViewSet, basename="participant")
