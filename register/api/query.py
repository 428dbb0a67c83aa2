"""The trainee list's query parameters, through DRF's hooks: `page`/`per_page` paging with a total, and the
FilterSet (register/filters.py) run by a filter backend (docs/register-api.md, "Listing trainees";
docs/decisions.md 13)."""

from django.core.paginator import InvalidPage
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from config.api.backends import FilterSetBackend
from config.api.continuation import Continuation, row_values, sort_keys
from config.api.parameters import page_parameters
from config.text import is_ascii_number
from register.errors import FilterValidationError, NotFound


def _positive_int(value: str | None, default: int) -> int:
    """A paging number; anything but plain ASCII digits (e.g. "١٢", "-1", "", "last") means the default."""
    if value is None or not is_ascii_number(value.strip()):
        return default
    number = int(value)
    return number if number > 0 else default


class TraineePagination(PageNumberPagination):
    """`page` (default 1) and `per_page` (default 50, capped at 100); bad numbers mean the default. The body carries
    `meta` with the totals; an empty page, however large its number, is the 404 "No trainees found"."""

    page_query_param = "page"
    page_size_query_param = "per_page"
    page_size = 50
    max_page_size = 100
    not_found_message = "No trainees found"

    def get_page_size(self, request) -> int:
        return min(
            _positive_int(request.query_params.get(self.page_size_query_param), self.page_size), self.max_page_size
        )

    def paginate_queryset(self, queryset, request, view=None) -> list:
        """The page's trainees: right after the last one of this client's previous page of the same list when that is
        known, else counted from the start (config/api/continuation.py); the totals are counted either way."""
        self.request = request
        per_page = self.get_page_size(request)
        number = _positive_int(request.query_params.get(self.page_query_param), 1)
        paginator = self.django_paginator_class(queryset, per_page)
        try:
            self.page = paginator.page(number)
        except InvalidPage:
            raise NotFound(self.not_found_message) from None
        continuation = Continuation(request, page=number, per_page=per_page, page_param=self.page_query_param)
        following = continuation.after_previous_page(queryset)
        page = list(following[:per_page] if following is not None else self.page)
        if not page:
            raise NotFound(self.not_found_message)
        keys = sort_keys(queryset)
        continuation.remember(queryset, len(page), row_values(page[-1], keys) if keys else None)
        return page

    def get_paginated_response(self, data) -> Response:
        meta = {
            "current_page": self.page.number,
            "total_pages": self.page.paginator.num_pages,
            "total_count": self.page.paginator.count,
            "per_page": self.page.paginator.per_page,
        }
        return Response({"data": data, "meta": meta})

    def get_paginated_response_schema(self, schema: dict) -> dict:
        integer = {"type": "integer"}
        meta = {n: integer for n in ("current_page", "total_pages", "total_count", "per_page")}
        return {"type": "object", "properties": {"data": schema, "meta": {"type": "object", "properties": meta}}}

    def get_schema_operation_parameters(self, view) -> list[dict]:
        return page_parameters(self, f"At most {self.max_page_size}")


class RegisterFilterBackend(FilterSetBackend):
    """Every filter of the view's FilterSet, by its plain name; invalid values are one 422 listing each parameter's
    messages (docs/decisions.md 12)."""

    def filter_names(self, view) -> set[str]:
        filterset_class = getattr(view, "filterset_class", None)
        return set(filterset_class.base_filters) if filterset_class is not None else set()

    def invalid(self, filterset) -> None:
        raise FilterValidationError({name: list(messages) for name, messages in filterset.errors.items()})
