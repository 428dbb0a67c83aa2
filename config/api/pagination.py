"""Paging of the lead provider API's lists: `page[page]` and `page[per_page]`, countless (docs/lead-provider-api.md,
"Paging")."""

from django.db.models import QuerySet
from rest_framework.pagination import BasePagination
from rest_framework.response import Response

from config.api.continuation import Continuation
from config.api.errors import BadRequest
from config.api.parameters import page_parameters
from config.api.resources import RenderedPage
from config.text import is_ascii_number

PAGING_ERROR = (
    "The '#/page[page]' and '#/page[per_page]' parameter values must be a valid number (equal and more than 1)"
)
# PostgreSQL's OFFSET is a 64-bit integer: pages far past any data are simply empty.
MAX_OFFSET = 2**62


class CountlessPagination(BasePagination):
    """Decides the slice of a list and nothing else: no count query, no `links` or `meta`; a page past the end is
    `{"data": []}`. The page itself is rendered by PostgreSQL (config/api/resources.py), so `paginate_queryset`
    answers the sliced queryset, still unevaluated."""

    page_query_param = "page[page]"
    page_size_query_param = "page[per_page]"
    page_size = 100
    # Larger values are clamped, not refused.
    max_page_size = 3000

    def paginate_queryset(self, queryset: QuerySet, request, view=None) -> QuerySet:
        """The page's rows: right after where this client's previous page of the same list ended when that is known,
        else counted from the start (config/api/continuation.py)."""
        page, limit = self.numbers(request.query_params)
        offset = min((page - 1) * limit, MAX_OFFSET)
        self.continuation = Continuation(request, page=page, per_page=limit, page_param=self.page_query_param)
        following = self.continuation.after_previous_page(queryset)
        if following is not None:
            return following[:limit]
        return queryset[offset : offset + limit]

    def page_served(self, page: QuerySet, rendered: RenderedPage) -> None:
        """Remembers where the page ended, for the client's next page."""
        self.continuation.remember(page, rendered.rows, rendered.last)

    def numbers(self, query_params) -> tuple[int, int]:
        """(page, per page); a number that is not plain ASCII digits, or below 1, is the seeds' 400."""
        page = self._number(query_params, self.page_query_param, 1)
        per_page = min(self._number(query_params, self.page_size_query_param, self.page_size), self.max_page_size)
        return page, per_page

    @staticmethod
    def _number(query_params, name: str, default: int) -> int:
        raw = query_params.get(name)
        if raw is None:
            return default
        # Only ASCII digits: int() would also take "١٢", "+5", " 7 " and "1_000".
        if not is_ascii_number(raw) or int(raw) < 1:
            raise BadRequest(PAGING_ERROR)
        return int(raw)

    def get_paginated_response(self, data) -> Response:
        return Response({"data": data})

    def get_paginated_response_schema(self, schema: dict) -> dict:
        return {"type": "object", "required": ["data"], "properties": {"data": schema}}

    def get_schema_operation_parameters(self, view) -> list[dict]:
        return page_parameters(self, f"Records per page (at most {self.max_page_size})")
