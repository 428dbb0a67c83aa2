from django_filters import rest_framework as filters

from config.api.query import CohortListFilter

from .models import DeliveryPartner
from .selectors import delivery_partners_for


class DeliveryPartnerFilterSet(filters.FilterSet):
    cohort = CohortListFilter(method="filter_cohort")

    class Meta:
        model = DeliveryPartner
        fields = []

    def filter_cohort(self, queryset, name, value):
        # Paired with the requesting provider in one of the cohorts (the list of cohorts shown stays complete).
        return queryset & delivery_partners_for(lead_provider=self.request.user, cohorts=value)
