"""The GET /trainees query parameters (docs/register-api.md, "Listing trainees"; docs/decisions.md 13)."""

import django_filters
from django import forms
from django.db.models import Q, QuerySet

from config import clock
from config.datetimes import parse_iso8601
from config.text import is_ascii_number

from .cycles import academic_year_for
from .errors import FilterValidationError
from .models import AcademicCycle, TraineeState

LIST_STATUSES = ["course_not_yet_started", "in_training", "deferred", "awarded", "withdrawn"]
IN_TRAINING_STATES = [TraineeState.SUBMITTED_FOR_TRN, TraineeState.TRN_RECEIVED, TraineeState.RECOMMENDED_FOR_AWARD]
NOT_STARTED_EXCLUDED = [TraineeState.DRAFT, TraineeState.DEFERRED, TraineeState.WITHDRAWN]


class StatusField(forms.MultipleChoiceField):
    def __init__(self, **kwargs):
        kwargs.pop("choices", None)
        super().__init__(choices=[(s, s) for s in LIST_STATUSES], **kwargs)

    def validate(self, value):
        # Every bad value gets its own message, not only the first.
        bad = [v for v in value if v not in LIST_STATUSES]
        if bad:
            raise forms.ValidationError([f"{v} is not a valid status" for v in bad])


class SinceField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        moment = parse_iso8601(value)
        if moment is None:
            raise forms.ValidationError(f"{value} is not a valid date")
        return moment


class AcademicCycleField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        if not is_ascii_number(value) or not AcademicCycle.objects.filter(start_year=int(value)).exists():
            raise forms.ValidationError(f"{value} is not a valid academic cycle year")
        return int(value)


class StrictBooleanField(forms.CharField):
    def clean(self, value):
        value = (super().clean(value) or "").lower()
        if not value:
            return None
        if value not in ("true", "false"):
            raise forms.ValidationError(f"{value} is not a valid boolean")
        return value == "true"


class SortOrderField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        if value and value not in ("asc", "desc"):
            raise forms.ValidationError("is not included in the list")
        return value or "desc"


def _filter(form_field: type[forms.Field]) -> type[django_filters.Filter]:
    return type(f"{form_field.__name__}Filter", (django_filters.Filter,), {"field_class": form_field})


class TraineeFilter(django_filters.FilterSet):
    academic_cycle = _filter(AcademicCycleField)(method="filter_academic_cycle")
    status = _filter(StatusField)(method="filter_status")
    since = _filter(SinceField)(field_name="updated_at", lookup_expr="gte")
    has_trn = _filter(StrictBooleanField)(method="filter_has_trn")
    sort_order = _filter(SortOrderField)(method="filter_sort_order")

    def filter_academic_cycle(self, queryset, name, value):
        return queryset  # applied in filter_queryset, because the current cycle is the default

    def filter_status(self, queryset: QuerySet, name, values):
        today = clock.today()
        conditions = Q()
        for value in values:
            if value == "course_not_yet_started":
                conditions |= Q(itt_start_date__gt=today) & ~Q(state__in=NOT_STARTED_EXCLUDED)
            elif value == "in_training":
                conditions |= Q(itt_start_date__lte=today, state__in=IN_TRAINING_STATES)
            else:
                conditions |= Q(state=value)
        return queryset.filter(conditions)

    def filter_has_trn(self, queryset, name, value):
        return queryset.filter(trn__isnull=not value)

    def filter_sort_order(self, queryset, name, value):
        return queryset  # applied in filter_queryset so the default order is always set

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        year = self.form.cleaned_data.get("academic_cycle") or academic_year_for(clock.today())
        order = "" if self.form.cleaned_data.get("sort_order") == "asc" else "-"
        return queryset.filter(start_academic_year=year).order_by(f"{order}updated_at", "-id")

    @property
    def qs(self):
        if not self.is_valid():
            raise FilterValidationError({name: list(messages) for name, messages in self.errors.items()})
        return super().qs
