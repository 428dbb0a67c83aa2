"""Reading `sort` and `filter[...]` query parameters the way the lead provider API documents them, and the filters
its FilterSets are made of. Paging is config/api/pagination.py; the backends that apply these are
config/api/backends.py."""

import uuid

from django import forms
from django_filters import rest_framework as filters
from django_filters.filters import FilterMethod
from drf_spectacular.types import OpenApiTypes

from config.api.errors import BadRequest
from config.datetimes import parse_iso8601
from config.text import is_ascii_number


def sort_order(raw: str, allowed: dict[str, str]) -> tuple[str, ...]:
    """ORM ordering from `sort=-updated_at,created_at`; unknown names are dropped, and when every name is unknown
    there is no order at all (docs/lead-provider-api.md, "Sorting")."""
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


class ApiFilter(filters.Filter):
    """A filter that also says how the OpenAPI document describes its parameter (config/api/backends.py); the
    subclasses below carry their usual description and example."""

    description: str | None = None
    example: str | None = None
    openapi_type = OpenApiTypes.STR
    enum: list | None = None
    many = False
    default = None

    def __init__(
        self, *args, description=None, example=None, openapi_type=None, enum=None, many=None, default=None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        documented = {
            "description": description,
            "example": example,
            "openapi_type": openapi_type,
            "enum": enum,
            "many": many,
            "default": default,
        }
        for name, value in documented.items():
            if value is not None:
                setattr(self, name, value)


class TextFilter(ApiFilter, filters.CharFilter):
    """A plain text value (surrounding spaces stripped)."""


class UpdatedSinceField(forms.Field):
    def to_python(self, value):
        if value in (None, ""):
            return None
        parsed = parse_iso8601(value)
        if parsed is None:
            raise forms.ValidationError("The filter '#/updated_since' must be a valid RCF3339 date")
        return parsed


class UpdatedSinceFilter(ApiFilter):
    """`filter[updated_since]`: records whose API-visible data changed at or after the instant."""

    field_class = UpdatedSinceField
    description = "Only records changed at or after this RFC 3339 date-time"
    example = "2024-05-31T02:22:32Z"

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


class CohortListFilter(ApiFilter):
    """`filter[cohort]=2021,2022`: blank means every cohort; values that name no year (`abc`) or unknown years
    match nothing, on every endpoint alike (docs/security.md §3)."""

    field_class = CohortListField
    description = "Comma-separated cohort start years"
    example = "2023,2024"

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


class UUIDListFilter(ApiFilter):
    """`filter[x_id]=<uuid>,<uuid>`: malformed ids are a clean 400, never a database error."""

    field_class = UUIDListField

    def __init__(self, *args, param_name: str = "id", **kwargs):
        kwargs.setdefault("lookup_expr", "in")
        super().__init__(*args, **kwargs)
        self.extra["param_name"] = param_name
