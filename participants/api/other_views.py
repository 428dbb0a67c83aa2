"""Transfers and unfunded mentors: read-only views of participants from other angles."""

from drf_spectacular.utils import extend_schema, extend_schema_view

from config.api import schema
from participants.api.resources import TransferResource, UnfundedMentorResource
from participants.filters import TransferFilterSet, UnfundedMentorFilterSet
from participants.transfers import transferred_participants
from participants.unfunded_mentors import unfunded_mentors_for
from partnerships.api.base import LeadProviderViewSet

_transfer_single, _transfer_list = TransferResource.schema_serializers()
_mentor_single, _mentor_list = UnfundedMentorResource.schema_serializers()


@extend_schema_view(
    list=extend_schema(
        summary="Retrieve participant transfers",
        tags=["Participants"],
        parameters=[schema.UPDATED_SINCE, *schema.page_parameters()],
        responses={200: _transfer_list, 400: schema.BAD_REQUEST, 401: schema.UNAUTHORISED},
    ),
    retrieve=extend_schema(
        summary="Retrieve a participant's transfers",
        tags=["Participants"],
        responses={200: _transfer_single, 401: schema.UNAUTHORISED, 404: schema.NOT_FOUND},
    ),
)
class TransferViewSet(LeadProviderViewSet):
    """Participants who moved school, where the move involves the requesting provider."""

    resource = TransferResource
    filterset_class = TransferFilterSet
    sort_fields = {}

    def get_queryset(self):
        return transferred_participants(lead_provider=self.lead_provider)

    def ordered(self, queryset):
        # With updated_since, the oldest changes come first so a sync can resume where it stopped.
        if self.filters.get("updated_since"):
            return queryset.order_by("transfers_updated_at", "pk")
        return queryset.order_by("created_at", "pk")

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset) if self.action == "list" else queryset


@extend_schema_view(
    list=extend_schema(
        summary="Retrieve unfunded mentors",
        tags=["Unfunded mentors"],
        parameters=[
            schema.UPDATED_SINCE,
            *schema.page_parameters(),
            schema.sort_parameter(["created_at", "updated_at"]),
        ],
        responses={200: _mentor_list, 400: schema.BAD_REQUEST, 401: schema.UNAUTHORISED},
    ),
    retrieve=extend_schema(
        summary="Retrieve an unfunded mentor",
        tags=["Unfunded mentors"],
        responses={200: _mentor_single, 401: schema.UNAUTHORISED, 404: schema.NOT_FOUND},
    ),
)
class UnfundedMentorViewSet(LeadProviderViewSet):
    """Mentors of the provider's ECTs who train with someone else (or nobody)."""

    resource = UnfundedMentorResource
    filterset_class = UnfundedMentorFilterSet
    sort_fields = {"created_at": "created_at", "updated_at": "api_unfunded_mentor_updated_at"}

    def get_queryset(self):
        return unfunded_mentors_for(lead_provider=self.lead_provider)

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset) if self.action == "list" else queryset
