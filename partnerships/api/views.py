from drf_spectacular.utils import extend_schema, extend_schema_view

from config.api import schema
from partnerships.api.base import LeadProviderViewSet
from partnerships.api.resources import DeliveryPartnerResource
from partnerships.filters import DeliveryPartnerFilterSet
from partnerships.selectors import delivery_partners_for

_dp_single, _dp_list = DeliveryPartnerResource.schema_serializers()


@extend_schema_view(
    list=extend_schema(
        summary="Retrieve delivery partners",
        tags=["Delivery partners"],
        parameters=[
            schema.COHORT_LIST,
            *schema.page_parameters(),
            schema.sort_parameter(["created_at", "updated_at"]),
        ],
        responses={200: _dp_list, 400: schema.BAD_REQUEST, 401: schema.UNAUTHORISED},
    ),
    retrieve=extend_schema(
        summary="Retrieve a specific delivery partner",
        tags=["Delivery partners"],
        responses={200: _dp_single, 401: schema.UNAUTHORISED, 404: schema.NOT_FOUND},
    ),
)
class DeliveryPartnerViewSet(LeadProviderViewSet):
    """Delivery partners the lead provider works with, in any cohort."""

    resource = DeliveryPartnerResource
    filterset_class = DeliveryPartnerFilterSet

    def get_queryset(self):
        return delivery_partners_for(lead_provider=self.lead_provider)

    def filter_queryset(self, queryset):
        # Show ignores filters (ecf-rules.md §6.3).
        return super().filter_queryset(queryset) if self.action == "list" else queryset
