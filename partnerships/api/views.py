from functools import cached_property

from django.http import Http404
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view

from config.api import schema
from config.api.views import parse_uuid
from partnerships import services
from partnerships.api.base import LeadProviderViewSet
from partnerships.api.resources import DeliveryPartnerResource, PartnershipResource, SchoolResource
from partnerships.api.serializers import PartnershipCreateAttributes, PartnershipUpdateAttributes, request_body
from partnerships.filters import DeliveryPartnerFilterSet, PartnershipFilterSet, SchoolFilterSet
from partnerships.models import Cohort
from partnerships.selectors import delivery_partners_for, partnerships_for, schools_for_cohort

SORT_CREATED_UPDATED = schema.sort_parameter(["created_at", "updated_at"])
_partnership_single, _ = PartnershipResource.schema_serializers()


@extend_schema_view(
    **schema.read_endpoints(
        DeliveryPartnerResource,
        tag="Delivery partners",
        list_summary="Retrieve delivery partners",
        show_summary="Retrieve a specific delivery partner",
        list_parameters=[schema.COHORT_LIST, *schema.page_parameters(), SORT_CREATED_UPDATED],
    )
)
class DeliveryPartnerViewSet(LeadProviderViewSet):
    """Delivery partners the lead provider works with, in any cohort."""

    resource = DeliveryPartnerResource
    filterset_class = DeliveryPartnerFilterSet

    def get_queryset(self):
        return delivery_partners_for(lead_provider=self.lead_provider)

    def filter_queryset(self, queryset):
        # Show ignores filters (docs/partnerships.md, "Delivery partners").
        return super().filter_queryset(queryset) if self.action == "list" else queryset


@extend_schema_view(
    **schema.read_endpoints(
        PartnershipResource,
        tag="Partnerships",
        list_summary="Retrieve multiple partnerships",
        show_summary="Get a single partnership",
        list_parameters=[
            schema.COHORT_LIST,
            schema.filter_parameter(
                "delivery_partner_id", "Comma-separated delivery partner ids", "db2fbf67-b7b7-454f-a1b7-0020411e2314"
            ),
            schema.UPDATED_SINCE,
            *schema.page_parameters(),
            SORT_CREATED_UPDATED,
        ],
    ),
    create=extend_schema(
        summary="Create a partnership with a school and delivery partner",
        tags=["Partnerships"],
        request={"application/json": request_body("PartnershipCreate", PartnershipCreateAttributes, "partnership")},
        examples=[
            OpenApiExample(
                "Create",
                request_only=True,
                media_type="application/json",
                value={
                    "data": {
                        "type": "partnership",
                        "attributes": {
                            "cohort": "2025",
                            "school_id": "24b61d1c-ad95-4000-aee0-afbdd542294a",
                            "delivery_partner_id": "db2fbf67-b7b7-454f-a1b7-0020411e2314",
                        },
                    }
                },
            ),
            OpenApiExample(
                "Already partnered",
                response_only=True,
                media_type=schema.MEDIA_TYPE,
                status_codes=["422"],
                value={"errors": [{"title": "school_id", "detail": services.partnerships.SCHOOL_ALREADY_PARTNERED}]},
            ),
        ],
        responses={
            200: _partnership_single,
            400: schema.BAD_REQUEST,
            401: schema.UNAUTHORISED,
            422: schema.UNPROCESSABLE,
        },
    ),
    update=extend_schema(
        summary="Update a partnership's delivery partner",
        tags=["Partnerships"],
        request={
            "application/json": request_body("PartnershipUpdate", PartnershipUpdateAttributes, "partnership-update")
        },
        responses={
            200: _partnership_single,
            400: schema.BAD_REQUEST,
            401: schema.UNAUTHORISED,
            404: schema.NOT_FOUND,
            422: schema.UNPROCESSABLE,
        },
    ),
)
# docs/partnerships.md (class docstrings are the OpenAPI descriptions, so the citations sit here).
class PartnershipViewSet(LeadProviderViewSet):
    """The lead provider's partnerships with schools."""

    resource = PartnershipResource
    filterset_class = PartnershipFilterSet
    sort_fields = {"created_at": "created_at", "updated_at": "effective_updated_at"}
    http_method_names = ["get", "post", "put", "head", "options"]

    def get_queryset(self):
        return partnerships_for(lead_provider=self.lead_provider)

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset) if self.action == "list" else queryset

    def create(self, request, *args, **kwargs):
        attributes = self.request_attributes()
        partnership = services.partnership_create(
            lead_provider=self.lead_provider,
            cohort=attributes.get("cohort"),
            school_id=attributes.get("school_id"),
            delivery_partner_id=attributes.get("delivery_partner_id"),
        )
        return self.render_instance(partnership.api_id)

    def update(self, request, *args, **kwargs):
        partnership = self.get_queryset().filter(api_id=parse_uuid(kwargs["api_id"])).first()
        if partnership is None:
            raise Http404
        attributes = self.request_attributes()
        services.partnership_change_delivery_partner(
            partnership=partnership,
            delivery_partner_id=attributes.get("delivery_partner_id"),
            author_name=self.lead_provider.name,
        )
        return self.render_instance(partnership.api_id)


COHORT_REQUIRED = schema.filter_parameter("cohort", "The cohort start year (required)", "2025", required=True)


@extend_schema_view(
    **schema.read_endpoints(
        SchoolResource,
        tag="Schools",
        list_summary="Retrieve schools for a cohort",
        show_summary="Retrieve a school in a cohort",
        list_parameters=[
            COHORT_REQUIRED,
            schema.filter_parameter("urn", "A school URN", "106286"),
            schema.UPDATED_SINCE,
            *schema.page_parameters(),
            schema.sort_parameter(["created_at", "updated_at"]),
        ],
        show_parameters=[COHORT_REQUIRED],
    )
)
# docs/partnerships.md, "Schools" (class docstrings are the OpenAPI descriptions, so the citations sit here).
class SchoolViewSet(LeadProviderViewSet):
    """Schools eligible for funding in a cohort, and schools partnered in it."""

    resource = SchoolResource
    filterset_class = SchoolFilterSet
    required_filters = ("cohort",)
    sort_fields = {"created_at": "created_at", "updated_at": "cohort_updated_at"}

    @cached_property
    def cohort(self) -> Cohort | None:
        return Cohort.for_api(self.filters["cohort"])

    def get_queryset(self):
        return schools_for_cohort(cohort=self.cohort)

    def get_render_context(self) -> dict:
        return {**super().get_render_context(), "cohort": self.cohort}

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset) if self.action == "list" else queryset
