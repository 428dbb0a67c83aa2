"""Reading `page[...]`, `sort` and `filter[...]` query parameters the way the lead provider API documents them."""

import uuid

from django import forms
from django.db.models import QuerySet
from django_filters import rest_framework as filters
from django_filters.filters import FilterMethod

from config.api.errors import BadRequest
from config.datetimes import parse_iso8601
from config.text import is_ascii_number

DEFAULT_PER_PAGE = 100
MAX_PER_PAGE = 3000
MAX_OFFSET = 2**62
PAGING_ERROR = (
    "The '#/page[page]' and '#/page[per_page]' parameter values must be a valid number (equal and more than 1)"
)


def page_bounds(query_params) -> tuple[int, int]:
    """(offset, limit) from `page[page]` (default 1) and `page[per_page]` (default 100, clamped to 3000)."""

    def number(name: str, default: int) -> int:
        raw = query_params.get(name)
        if raw is None:
            return default
        # Only ASCII digits: int() would also take "١٢", "+5", " 7 " and "1_000".
        if not is_ascii_number(raw):
            raise BadRequest(PAGING_ERROR)
        value = int(raw)
        if value < 1:
            raise BadRequest(PAGING_ERROR)
        return value

    page = number("page[page]", 1)
    per_page = min(number("page[per_page]", DEFAULT_PER_PAGE), MAX_PER_PAGE)
    # Pages far past any data are simply empty; PostgreSQL's OFFSET is a 64-bit integer.
    return min((page - 1) * per_page, MAX_OFFSET), per_page


def sort_order(raw: str | None, allowed: dict[str, str], default: tuple[str, ...]) -> tuple[str, ...]:
    """ORM ordering from `sort=-updated_at,created_at`; unknown names are dropped (docs/lead-provider-api.md,
    "Sorting")."""
    if raw is None or not raw.strip():
        return default
    ordering = []
    for item in raw.split(","):
        item = item.strip()
        descending = item.startswith("-")
        name = item.lstrip("+-").strip()
        if name in allowed:
            ordering.append(("-" if descending else "") + allowed[name])
    # A stable tie-breaker keeps pages disjoint when sort keys repeat.
    return (*ordering, "pk") if ordering else ()


def filter_params(query_params) -> dict[str, str]:
    """The `filter[name]` values as a dict; `filter` that is not a hash is a 400 (docs/lead-provider-api.md,
    "Filters")."""
    if "filter" in query_params:
        raise BadRequest("Filter must be a hash", title="Bad parameter")
    out = {}
    for key, value in query_params.items():
        if key.startswith("filter[") and key.endswith("]"):
            out[key[len("filter[") : -1]] = value
    return out


class UpdatedSinceField(forms.Field):
    def to_python(self, value):
        if value in (None, ""):
            return None
        parsed = parse_iso8601(value)
        if parsed is None:
            raise forms.ValidationError("The filter '#/updated_since' must be a valid RCF3339 date")
        return parsed


class UpdatedSinceFilter(filters.Filter):
    """`filter[updated_since]`: records whose API-visible data changed at or after the instant."""

    field_class = UpdatedSinceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("lookup_expr", "gte")
        super().__init__(*args, **kwargs)


class CohortListField(forms.Field):
    def to_python(self, value):
        if value in (None, ""):
            return None
        # Parts that are not years are dropped; what is left (perhaps nothing) are the years asked for.
        return [int(part) for part in str(value).split(",") if is_ascii_number(part.strip())]


class _CohortMethod(FilterMethod):
    """Like django-filter's FilterMethod, except that an empty list of years matches nothing instead of everything."""

    def __call__(self, qs, value):
        if value is None:
            return qs
        return self.method(qs, self.f.field_name, value) if value else qs.none()


class CohortListFilter(filters.Filter):
    """`filter[cohort]=2021,2022`: blank means every cohort; values that name no year (`abc`) or unknown years
    match nothing, on every endpoint alike (docs/security.md §3)."""

    field_class = CohortListField

    @property
    def method(self):
        return self._method

    @method.setter
    def method(self, value):
        self._method = value
        if value is not None:
            self.filter = _CohortMethod(self)

    def filter(self, qs, value):
        if value is None:
            return qs
        qs = qs.filter(**{f"{self.field_name}__in": value})
        return qs.distinct() if self.distinct else qs


class UUIDListField(forms.Field):
    def __init__(self, *args, param_name: str = "id", **kwargs):
        self.param_name = param_name
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if value in (None, ""):
            return None
        out = []
        for part in str(value).split(","):
            if not part.strip():
                continue  # a trailing or doubled comma names nothing
            try:
                out.append(uuid.UUID(part.strip()))
            except ValueError:
                raise forms.ValidationError(f"The filter '#/{self.param_name}' must contain valid UUIDs") from None
        return out


class UUIDListFilter(filters.Filter):
    """`filter[x_id]=<uuid>,<uuid>`: malformed ids are a clean 400, never a database error."""

    field_class = UUIDListField

    def __init__(self, *args, param_name: str = "id", **kwargs):
        kwargs.setdefault("lookup_expr", "in")
        super().__init__(*args, **kwargs)
        self.extra["param_name"] = param_name


def run_filterset(filterset_class, params: dict[str, str], queryset: QuerySet, request) -> QuerySet:
    filterset = filterset_class(data=params, queryset=queryset, request=request)
    if not filterset.is_valid():
        first = next(iter(filterset.errors.values()))[0]
        raise BadRequest(str(first))
    return filterset.qs
