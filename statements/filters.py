from django_filters import rest_framework as filters

from config.api.query import CohortListFilter, TextFilter, UpdatedSinceFilter

from .models import Statement


class StatementFilterSet(filters.FilterSet):
    """`filter[cohort]`, `filter[type]` (blank or `ecf`; anything else matches nothing) and
    `filter[updated_since]` (ecf-rules.md §5.4)."""

    cohort = CohortListFilter(field_name="cohort__start_year")
    type = TextFilter(method="filter_type", description="Statement type: ecf", example="ecf")
    updated_since = UpdatedSinceFilter(field_name="updated_at")

    class Meta:
        model = Statement
        fields = []

    def filter_type(self, queryset, name, value):
        return queryset if value.strip().lower() in ("", "ecf") else queryset.none()
