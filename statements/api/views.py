from drf_spectacular.utils import extend_schema, extend_schema_view

from config.api import schema
from partnerships.api.base import LeadProviderViewSet
from statements.api.resources import StatementResource
from statements.filters import StatementFilterSet
from statements.selectors import statements_for

_single, _list = StatementResource.schema_serializers()


@extend_schema_view(
    list=extend_schema(
        summary="Retrieve financial statements",
        description=(
            "Your output-fee statements, oldest created first; statements created together come in calendar order."
        ),
        tags=["Statements"],
        responses={200: _list, 400: schema.BAD_REQUEST, 401: schema.UNAUTHORISED},
    ),
    retrieve=extend_schema(
        summary="Retrieve a specific financial statement",
        description="One of your statements, by its id.",
        tags=["Statements"],
        responses={200: _single, 401: schema.UNAUTHORISED, 404: schema.NOT_FOUND},
    ),
)
class StatementViewSet(LeadProviderViewSet):
    """The lead provider's output-fee statements, oldest created first (statements created together in calendar
    order; docs/lead-provider-api.md, "Order of lists"); one statement of theirs by id."""

    resource = StatementResource
    filterset_class = StatementFilterSet
    ordering = ("created_at", "year", "month", "pk")
    sortable = {}
    # Show honours only `filter[type]` (docs/statements.md, "The API").
    show_filters = ("type",)
    http_method_names = ["get", "head", "options"]

    def get_queryset(self):
        statements = statements_for(lead_provider=self.lead_provider)
        return statements.filter(output_fee=True) if self.action == "list" else statements
