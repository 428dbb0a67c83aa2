"""Unfunded mentors: mentors of the provider's ECTs who train with someone else (docs/participants.md, "Unfunded
mentors")."""

from drf_spectacular.utils import extend_schema_view

from config.api import schema
from participants.api.resources import UnfundedMentorResource
from participants.filters import UnfundedMentorFilterSet
from participants.unfunded_mentors import unfunded_mentors_for
from partnerships.api.base import LeadProviderViewSet


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
