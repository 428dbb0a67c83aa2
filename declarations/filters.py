from django_filters import rest_framework as filters

from config.api.query import CohortListFilter, UpdatedSinceFilter, UUIDListFilter

from .models import Declaration


class DeclarationFilterSet(filters.FilterSet):
    """The published ParticipantDeclarationsFilter: cohort, participant_id, updated_since, delivery_partner_id."""

    cohort = CohortListFilter(field_name="cohort__start_year")
    participant_id = UUIDListFilter(field_name="teacher__api_id", param_name="participant_id")
    delivery_partner_id = UUIDListFilter(field_name="delivery_partner__api_id", param_name="delivery_partner_id")
    updated_since = UpdatedSinceFilter(field_name="updated_at")

    class Meta:
        model = Declaration
        fields = []
