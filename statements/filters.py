from django_filters import rest_framework as filters

from config.api.query import CohortListFilter, UpdatedSinceFilter

from .models import Statement


class StatementFilterSet(filters.FilterSet):
    """`filter[cohort]`, `filter[type]` (blank or `ecf`; anything else matches nothing) and
    `filter[updated_since]` (docs/statements.md, "The API")."""

    cohort = CohortListFilter(field_name="cohort__start_year")
    type = filters.CharFilter(method="filter_type")
    updated_since = UpdatedSinceFilter(field_name="updated_at")

    class Meta:
        model = Statement
        fields = []

    def filter_type(self, queryset, name, value):
        return queryset if value.strip().lower() in ("", "ecf") else queryset.none()
