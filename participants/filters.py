import uuid

from django import forms
from django.db.models import Exists, OuterRef
from django_filters import rest_framework as filters

from config.api.query import ApiFilter, CohortListFilter, UpdatedSinceFilter

from . import expressions as ex
from .models import ParticipantIdChange, Teacher

TRAINING_STATUSES = ["active", "deferred", "withdrawn"]


class TrainingStatusField(forms.Field):
    def to_python(self, value):
        if value in (None, ""):
            return None
        if value not in TRAINING_STATUSES:
            raise forms.ValidationError('The filter \'#/training_status\' must be ["active", "deferred", "withdrawn"]')
        return value


class FromParticipantIdField(forms.Field):
    def to_python(self, value):
        if value in (None, ""):
            return None
        try:
            return uuid.UUID(value)
        except ValueError:
            raise forms.ValidationError("The filter '#/from_participant_id' must be a valid UUID") from None


class TrainingStatusFilter(ApiFilter):
    field_class = TrainingStatusField
    description = "active, deferred or withdrawn"
    example = "active"


class FromParticipantIdFilter(ApiFilter):
    field_class = FromParticipantIdField
    description = "A retired participant id (after DfE merged records)"
    example = "439ac4fe-a003-417f-9694-07c45b3482f8"


class ParticipantFilterSet(filters.FilterSet):
    """Filters match the participant's enrolments with the requesting provider (its latest training periods)."""

    cohort = CohortListFilter(method="filter_cohort")
    training_status = TrainingStatusFilter(method="filter_training_status")
    updated_since = UpdatedSinceFilter(field_name="api_updated_at")
    from_participant_id = FromParticipantIdFilter(method="filter_from_participant_id")

    class Meta:
        model = Teacher
        fields = []

    def _enrolments(self):
        return ex.latest_for_lead_provider(self.request.user).filter(teacher=OuterRef("pk"))

    def filter_cohort(self, queryset, name, value):
        return queryset.filter(Exists(self._enrolments().filter(schedule__cohort__start_year__in=value)))

    def filter_training_status(self, queryset, name, value):
        enrolments = self._enrolments().annotate(status=ex.training_status()).filter(status=value)
        return queryset.filter(Exists(enrolments))

    def filter_from_participant_id(self, queryset, name, value):
        changes = ParticipantIdChange.objects.filter(teacher=OuterRef("pk"), from_participant_id=value)
        return queryset.filter(Exists(changes))


class TransferFilterSet(filters.FilterSet):
    updated_since = UpdatedSinceFilter(field_name="transfers_updated_at")

    class Meta:
        model = Teacher
        fields = []


class UnfundedMentorFilterSet(filters.FilterSet):
    updated_since = UpdatedSinceFilter(field_name="api_unfunded_mentor_updated_at")

    class Meta:
        model = Teacher
        fields = []
