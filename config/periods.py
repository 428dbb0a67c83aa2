"""Building blocks for facts that hold for a span of days (RECT's period rows).

A period runs from `started_on` to `finished_on` inclusive; an open period has no `finished_on`. Overlaps are
refused by PostgreSQL exclusion constraints over `daterange(started_on, finished_on, '[]')`.
"""

import datetime as dt

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateRangeField, RangeOperators
from django.db import models
from django.db.models import F, Func, Q, Value


class DateRange(Func):
    function = "DATERANGE"
    output_field = DateRangeField()


def period_range() -> DateRange:
    return DateRange(F("started_on"), F("finished_on"), Value("[]"))


def no_overlap(name: str, *same: str, condition: Q | None = None) -> ExclusionConstraint:
    """No two rows with equal `same` columns may cover a common day."""
    return ExclusionConstraint(
        name=name,
        expressions=[*((field, RangeOperators.EQUAL) for field in same), (period_range(), RangeOperators.OVERLAPS)],
        condition=condition,
    )


def dates_in_order(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(finished_on__isnull=True) | Q(finished_on__gte=F("started_on")), name=name
    )


class PeriodQuerySet(models.QuerySet):
    def ongoing_on(self, day: dt.date):
        return self.filter(Q(started_on__lte=day), Q(finished_on__isnull=True) | Q(finished_on__gte=day))


class Period(models.Model):
    started_on = models.DateField()
    finished_on = models.DateField(null=True, blank=True)

    objects = PeriodQuerySet.as_manager()

    class Meta:
        abstract = True
