"""Unfunded mentors: mentors of the provider's ECTs whose own training is not with this provider
(docs/participants.md, "Unfunded mentors"), so the provider can still give them access to its materials."""

from django.db.models import Exists, OuterRef, Q, QuerySet

from config import clock
from partnerships.models import LeadProvider

from . import expressions as ex
from .models import MentorshipPeriod, Teacher


def unfunded_mentors_for(*, lead_provider: LeadProvider) -> QuerySet[Teacher]:
    """Mentors currently (or next) assigned to an ECT on the provider's latest training record of that ECT, who
    have no mentor training record with the provider. A mentor who was replaced is no longer assigned."""
    my_ects = ex.latest_for_lead_provider(lead_provider).filter(role="ect")
    mentoring_my_ects = MentorshipPeriod.objects.filter(
        Q(finished_on__isnull=True) | Q(finished_on__gte=clock.today()),
        mentor__teacher=OuterRef("pk"),
        mentee__in=my_ects.values("ect_at_school_period"),
    )
    trained_by_me = ex.latest_for_lead_provider(lead_provider).filter(teacher=OuterRef("pk"), role="mentor")
    return Teacher.objects.filter(Exists(mentoring_my_ects), ~Exists(trained_by_me), merged_into__isnull=True)
