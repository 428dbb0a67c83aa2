"""Unfunded mentors: mentors of the provider's ECTs whose own training is not with this provider
(docs/participants.md, "Unfunded mentors"), so the provider can still give them access to its materials."""

from django.db.models import Q, QuerySet

from config import clock
from partnerships.models import LeadProvider

from . import expressions as ex
from .models import MentorshipPeriod, Teacher, TrainingPeriod


def unfunded_mentors_for(*, lead_provider: LeadProvider) -> QuerySet[Teacher]:
    """Mentors currently (or next) assigned to an ECT on the provider's latest training record of that ECT, who
    have no mentor training record with the provider. A mentor who was replaced is no longer assigned.

    Both conditions are uncorrelated subqueries, which PostgreSQL can work out once and hash, rather than
    correlated EXISTS re-run per teacher. Neither form survives statistics that call every table empty (one row a
    join, nested loops all the way down): seed_sandbox analyses the tables after loading for that reason."""
    my_ects = ex.latest_for_lead_provider(lead_provider).filter(role="ect")
    mentoring_my_ects = MentorshipPeriod.objects.filter(
        Q(finished_on__isnull=True) | Q(finished_on__gte=clock.today()),
        mentee__in=my_ects.values("ect_at_school_period"),
    ).values("mentor__teacher_id")
    # Any mentor record with the provider means a latest one exists.
    trained_by_me = TrainingPeriod.objects.filter(
        role="mentor", partnership__delivery_partnership__contract__lead_provider=lead_provider
    ).values("teacher_id")
    return Teacher.objects.filter(pk__in=mentoring_my_ects, merged_into__isnull=True).exclude(pk__in=trained_by_me)
