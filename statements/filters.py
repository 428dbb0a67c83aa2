from django_filters import rest_framework as filters

from config.api.query import CohortListFilter, UpdatedSinceFilter

from .models import Statement
from .rules import statement_type_expression


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
        # Matched against the expression the API renders as `type` (statements/rules.py), case-insensitively.
        if not value.strip():
            return queryset
        return queryset.annotate(statement_type=statement_type_expression()).filter(
            statement_type__iexact=value.strip()
        )
