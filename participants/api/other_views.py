"""Transfers and unfunded mentors: read-only views of participants from other angles."""

from drf_spectacular.utils import extend_schema_view

from config.api import schema
from participants.api.resources import TransferResource, UnfundedMentorResource
from participants.filters import TransferFilterSet, UnfundedMentorFilterSet
from participants.transfers import transferred_participants
from participants.unfunded_mentors import unfunded_mentors_for
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


@extend_schema_view(
    **schema.read_endpoints(
        UnfundedMentorResource,
        tag="Unfunded mentors",
        list_summary="Retrieve unfunded mentors",
        show_summary="Retrieve an unfunded mentor",
    )
)
class UnfundedMentorViewSet(LeadProviderViewSet):
    """Mentors of the provider's ECTs who train with someone else (or nobody)."""

    resource = UnfundedMentorResource
    filterset_class = UnfundedMentorFilterSet
    sortable = {"created_at": "created_at", "updated_at": "api_unfunded_mentor_updated_at"}

    def get_queryset(self):
        return unfunded_mentors_for(lead_provider=self.lead_provider)
