"""The DRF filter backends of the lead provider API: `filter[...]` through the view's django-filter FilterSet, and
`sort` through the names the view declares `sortable`. Each also describes its query parameters to OpenAPI."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample
from rest_framework.filters import BaseFilterBackend

from config.api import query
from config.api.errors import BadRequest
from config.api.parameters import query_parameter


class FilterSetBackend(BaseFilterBackend):
    """Runs the view's `filterset_class` over the request's filters.

    Which filters apply depends on the action: a list honours them all; a show honours only the view's
    `show_filters` (docs/lead-provider-api.md, "Filters": show ignores filters, except a statement's `filter[type]`
    and a school's cohort); the write actions none. Subclasses say where the values come from and how an invalid value
    is answered. (Not django-filter's own DjangoFilterBackend: its names, errors and OpenAPI extension are not the
    APIs'.)
    """

    def filter_queryset(self, request, queryset, view):
        filterset_class = getattr(view, "filterset_class", None)
        names = self.filter_names(view)
        if filterset_class is None or not names:
            return queryset
        filterset = filterset_class(data=self.filter_data(request, view), queryset=queryset, request=request)
        filterset.filters = {name: f for name, f in filterset.filters.items() if name in names}
        if not filterset.is_valid():
            self.invalid(filterset)
        return filterset.qs

    def filter_names(self, view) -> set[str]:
        filterset_class = getattr(view, "filterset_class", None)
        if filterset_class is None:
            return set()
        action = getattr(view, "action", None)
        if action == "list":
            return set(filterset_class.base_filters)
        if action == "retrieve":
            return set(getattr(view, "show_filters", ()))
        return set()

    def filter_data(self, request, view):
        return request.query_params

    def parameter_name(self, name: str) -> str:
        return name

    def invalid(self, filterset) -> None:
        raise NotImplementedError

    def get_schema_operation_parameters(self, view) -> list[dict]:
        filterset_class = getattr(view, "filterset_class", None)
        names = self.filter_names(view)
        if filterset_class is None:
            return []
        return [self.parameter(name, f) for name, f in filterset_class.base_filters.items() if name in names]

    def parameter(self, name: str, f) -> dict:
        """A filter's parameter: what an `ApiFilter` says about itself (config/api/query.py), else a string."""
        example = getattr(f, "example", None)
        return query_parameter(
            self.parameter_name(name),
            openapi_type=getattr(f, "openapi_type", OpenApiTypes.STR),
            description=getattr(f, "description", None) or f.label,
            required=bool(f.extra.get("required")),
            default=getattr(f, "default", None),
            enum=getattr(f, "enum", None),
            many=getattr(f, "many", False),
            examples=None if example is None else [OpenApiExample(name, value=example)],
        )


class JSONAPIFilterBackend(FilterSetBackend):
    """`filter[name]=value` (docs/lead-provider-api.md, "Filters"): `filter` that is not a hash and a missing
    required filter are answered by the view's `filters`; the first invalid value is a 400 with its message."""

    def filter_data(self, request, view):
        return view.filters

    def parameter_name(self, name: str) -> str:
        return f"filter[{name}]"

    def invalid(self, filterset) -> None:
        first = next(iter(filterset.errors.values()))[0]
        raise BadRequest(str(first))


class SortBackend(BaseFilterBackend):
    """`sort=-updated_at,created_at` over the view's one `sortable` declaration (sort name → ORM field), on lists
    (docs/lead-provider-api.md, "Sorting"). Without `sort`, or on a view that declares nothing sortable, the
    view's `ordering` applies (docs/lead-provider-api.md, "Order of lists"); when every name sent is unknown, there
    is no order at all."""

    def filter_queryset(self, request, queryset, view):
        if getattr(view, "action", None) != "list":
            return queryset
        return queryset.order_by(*self.get_ordering(request, view))

    def get_ordering(self, request, view) -> tuple[str, ...]:
        raw = request.query_params.get("sort")
        if not view.sortable or raw is None or not raw.strip():
            return tuple(view.ordering)
        return query.sort_order(raw, view.sortable)

    def get_schema_operation_parameters(self, view) -> list[dict]:
        if not view.sortable or getattr(view, "action", None) != "list":
            return []
        return [
            query_parameter(
                "sort",
                description="Comma-separated fields, each optionally prefixed with - (descending): "
                + ", ".join(view.sortable),
                examples=[OpenApiExample("Newest changes first", value="-updated_at")],
            )
        ]
