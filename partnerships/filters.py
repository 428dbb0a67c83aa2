from django_filters import rest_framework as filters

from config.api.query import ApiFilter, CohortListFilter, TextFilter, UpdatedSinceFilter, UUIDListFilter
from schools.models import School

from .models import DeliveryPartner, Partnership
from .selectors import delivery_partners_for


class DeliveryPartnerFilterSet(filters.FilterSet):
    cohort = CohortListFilter(method="filter_cohort")

    class Meta:
        model = DeliveryPartner
        fields = []

    def filter_cohort(self, queryset, name, value):
        # Paired with the requesting provider in one of the cohorts; the `cohort` attribute still lists them all.
        return queryset & delivery_partners_for(lead_provider=self.request.user, cohorts=value)


class PartnershipFilterSet(filters.FilterSet):
    cohort = CohortListFilter(field_name="delivery_partnership__contract__cohort__start_year")
    delivery_partner_id = UUIDListFilter(
        field_name="delivery_partnership__delivery_partner__api_id",
        param_name="delivery_partner_id",
        description="Comma-separated delivery partner ids",
        example="db2fbf67-b7b7-454f-a1b7-0020411e2314",
    )
    updated_since = UpdatedSinceFilter(field_name="effective_updated_at")

    class Meta:
        model = Partnership
        fields = []


class SchoolFilterSet(filters.FilterSet):
    """`filter[cohort]` is required (a missing one is refused before any query, config/api/views.py); the view
    lists the cohort's schools and derives every attribute for it, so the filter itself narrows nothing."""

    cohort = ApiFilter(
        method="filter_cohort", required=True, description="The cohort start year (required)", example="2025"
    )
    urn = TextFilter(field_name="urn", description="A school URN", example="106286")
    updated_since = UpdatedSinceFilter(field_name="cohort_updated_at")

    class Meta:
        model = School
        fields = []

    def filter_cohort(self, queryset, name, value):
        return queryset  # already the cohort's schools: SchoolViewSet.get_queryset
