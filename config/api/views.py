"""The shared base of every lead provider API endpoint: auth, rate limit, paging, sort, filters, fast rendering."""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from rest_framework import viewsets

from config.api import query
from config.api.backends import JSONAPIFilterBackend, SortBackend
from config.api.errors import BAD_DATA_STRUCTURE, BadRequest
from config.api.pagination import CountlessPagination
from config.api.resources import Resource
from config.api.schema import ResourceSchema
from config.api.throttling import TokenRateThrottle
from config.text import as_uuid

JSONAPI_CONTENT_TYPE = "application/vnd.api+json"


def json_response(body: str, status: int = 200) -> HttpResponse:
    return HttpResponse(body, status=status, content_type=JSONAPI_CONTENT_TYPE)


def parse_uuid(value: str) -> uuid.UUID:
    """A path id; anything that is not a UUID cannot name a record, so it is a 404."""
    api_id = as_uuid(value)
    if api_id is None:
        raise Http404
    return api_id


class ResourceViewSet(viewsets.GenericViewSet):
    """Subclasses set `authentication_classes`, `resource`, `filterset_class`, `get_queryset()`, and where they
    differ from the defaults `sortable`, `ordering` and `show_filters`.

    DRF's own hooks do the query parameters: `filter_backends` run the FilterSet (`filter[...]`) and then `sort`;
    `pagination_class` chooses the page; the OpenAPI parameters come from those classes. The page is rendered by
    PostgreSQL (config/api/resources.py), not by a serializer.
    """

    resource: ClassVar[type[Resource]]
    filterset_class = None
    filter_backends = [JSONAPIFilterBackend, SortBackend]
    pagination_class = CountlessPagination
    schema = ResourceSchema()
    # `sort` names and the ORM fields they order by; empty: the endpoint offers no `sort` and ignores it.
    sortable: ClassVar[dict[str, str]] = {"created_at": "created_at", "updated_at": "api_updated_at"}
    # The order without `sort`: oldest created first, with a stable tie-breaker (docs/lead-provider-api.md).
    ordering: ClassVar[tuple[str, ...]] = ("created_at", "pk")
    # The FilterSet's filters that a show (retrieve) honours; a list honours them all.
    show_filters: ClassVar[tuple[str, ...]] = ()
    lookup_field = "api_id"
    lookup_value_regex = "[^/]+"
    throttle_classes = [TokenRateThrottle]

    def get_render_context(self) -> dict:
        return {"client": self.request.user, "filters": self.filters}

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        # Documents rendered in PostgreSQL skip DRF's renderers: label them as the client asked (plain JSON or
        # JSON:API; docs/lead-provider-api.md, "Content types").
        renderer = getattr(request, "accepted_renderer", None)
        if renderer is not None and response.get("Content-Type") == JSONAPI_CONTENT_TYPE:
            response["Content-Type"] = renderer.media_type
        return response

    @property
    def filters(self) -> dict[str, str]:
        """The request's `filter[...]` values; a filter the FilterSet declares `required` must be there."""
        if not hasattr(self, "_filters"):
            self._filters = query.filter_params(self.request.query_params)
            base_filters = self.filterset_class.base_filters if self.filterset_class is not None else {}
            for name, declared in base_filters.items():
                if declared.extra.get("required") and not self._filters.get(name, "").strip():
                    raise BadRequest(f"The filter '#/{name}' must be included in your request", title="Bad parameter")
        return self._filters

    def list(self, request, *args, **kwargs):
        queryset = self.get_queryset()
        page = self.paginate_queryset(self.filter_queryset(queryset))
        rendered = self.resource.render_list(page, self.get_render_context(), documents=queryset)
        self.paginator.page_served(page, rendered)
        return json_response(rendered.body)

    def retrieve(self, request, *args, **kwargs):
        return self.render_instance(parse_uuid(kwargs[self.lookup_field]))

    def render_instance(self, api_id: uuid.UUID, status: int = 200, queryset: QuerySet | None = None) -> HttpResponse:
        """One record as a document; `queryset` narrows where to find it when the caller knows (e.g. its own)."""
        if queryset is None:
            queryset = self.filter_queryset(self.get_queryset())
        queryset = queryset.filter(**{self.resource.id_field: api_id})
        body = self.resource.render_one(queryset, self.get_render_context())
        if body is None:
            raise Http404
        return json_response(body, status=status)

    def request_attributes(self) -> dict:
        """`data.attributes` of a write request; a body without `data` is a 400
        (docs/lead-provider-api.md, "Request bodies")."""
        body = self.request.data
        data = body.get("data") if isinstance(body, dict) else None
        if not isinstance(data, dict):
            raise BadRequest(BAD_DATA_STRUCTURE)
        attributes = data.get("attributes", {})
        if not isinstance(attributes, dict):
            raise BadRequest(BAD_DATA_STRUCTURE)
        return attributes
