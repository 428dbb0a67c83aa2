"""Participants who moved school, as the providers involved see them (docs/participants.md, "Transfers")."""

from drf_spectacular.utils import extend_schema_view

from config.api import schema
from participants.api.resources import TransferResource
from participants.filters import TransferFilterSet
from participants.transfers import transferred_participants
from partnerships.api.base import LeadProviderViewSet


@extend_schema_view(
    **schema.read_endpoints(
        TransferResource,
        tag="Participant transfers",
        list_summary="Retrieve participant transfers",
        show_summary="Retrieve a participant's transfers",
    )
)
class TransferViewSet(LeadProviderViewSet):
    """Participants who moved school, where the move involves the requesting provider."""

    resource = TransferResource
    filterset_class = TransferFilterSet
    sortable = {}

    def get_queryset(self):
        return transferred_participants(lead_provider=self.lead_provider)

    @property
    def ordering(self):
        # With updated_since, the oldest changes come first so a sync can resume where it stopped.
        if self.filters.get("updated_since"):
            return ("transfers_updated_at", "pk")
        return ("created_at", "pk")
