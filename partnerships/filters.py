from django_filters import rest_framework as filters

from config.api.query import CohortListFilter, UpdatedSinceFilter, UUIDListFilter
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
        field_name="delivery_partnership__delivery_partner__api_id", param_name="delivery_partner_id"
    )
    updated_since = UpdatedSinceFilter(field_name="effective_updated_at")

    class Meta:
        model = Partnership
        fields = []


class SchoolFilterSet(filters.FilterSet):
    """`filter[cohort]` is handled by the view: it chooses which cohort every attribute is derived for."""

    urn = filters.CharFilter(field_name="urn")
    updated_since = UpdatedSinceFilter(field_name="cohort_updated_at")

    class Meta:
        model = School
        fields = []
