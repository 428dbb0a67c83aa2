from django.urls import path

from config.api.routing import LeadProviderRouter
from participants.api.transfers import TransferViewSet
from participants.api.unfunded_mentors import UnfundedMentorViewSet
from participants.api.views import ParticipantViewSet


def register(router: LeadProviderRouter) -> None:
    """Registers this app's lead provider API endpoints."""
    router.register_with_ecf_alias("participants", ParticipantViewSet, basename="participant")
    router.register_with_ecf_alias("unfunded-mentors", UnfundedMentorViewSet, basename="unfunded-mentor")


def extra_paths() -> list:
    """Transfers (docs/participants.md, "Transfers"): the list and one participant's, at the canonical and `/ecf` paths.
    They come before the router's routes so that `participants/transfers` is not read as a participant id."""
    listing = TransferViewSet.as_view({"get": "list"})
    one = TransferViewSet.as_view({"get": "retrieve"})
    return [
        path("participants/transfers", listing, name="participant-transfers"),
        path("participants/ecf/transfers", listing, name="participant-transfers-ecf"),
        path("participants/<str:api_id>/transfers", one, name="participant-transfers-one"),
        path("participants/ecf/<str:api_id>/transfers", one, name="participant-transfers-one-ecf"),
    ]
