"""The shared base of every lead provider API endpoint: auth, rate limit, paging, sort, filters, fast rendering."""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from rest_framework import viewsets

from config.api import query
from config.api.errors import BAD_DATA_STRUCTURE, BadRequest
from config.api.resources import Resource
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
    """Subclasses set `authentication_classes`, `resource`, `filterset_class`, `sort_fields`, and `get_queryset()`."""

    resource: ClassVar[type[Resource]]
    filterset_class = None
    sort_fields: ClassVar[dict[str, str]] = {"created_at": "created_at", "updated_at": "api_updated_at"}
    default_ordering: ClassVar[tuple[str, ...]] = ("created_at", "pk")
    required_filters: ClassVar[tuple[str, ...]] = ()
    lookup_field = "api_id"
    lookup_value_regex = "[^/]+"
    throttle_classes = [TokenRateThrottle]
    pagination_class = None

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
        if not hasattr(self, "_filters"):
            self._filters = query.filter_params(self.request.query_params)
            for name in self.required_filters:
                if not self._filters.get(name, "").strip():
                    raise BadRequest(f"The filter '#/{name}' must be included in your request", title="Bad parameter")
        return self._filters

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        if self.filterset_class is not None:
            queryset = query.run_filterset(self.filterset_class, self.filters, queryset, self.request)
        return queryset

    def ordered(self, queryset: QuerySet) -> QuerySet:
        ordering = query.sort_order(self.request.query_params.get("sort"), self.sort_fields, self.default_ordering)
        return queryset.order_by(*ordering)

    def list(self, request, *args, **kwargs):
        queryset = self.ordered(self.filter_queryset(self.get_queryset()))
        offset, limit = query.page_bounds(request.query_params)
        return json_response(self.resource.render_list(queryset[offset : offset + limit], self.get_render_context()))

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
