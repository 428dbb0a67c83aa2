"""Transfers: a participant leaving one school (as the school reported) and joining another
(docs/participants.md, "Transfers"), derived from training periods. A leaving period is one that ended because its
at-school period ended (not a withdrawal or deferral); its joining side is the next training period in the same role at
a different school. Each side's provider is the lead provider of its partnership, else of its expression of interest.
"""

from django.db.models import Case, CharField, Exists, F, Max, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce

from config import clock
from config.api.resources import IsoDate, IsoTimestamp, JSONBuildObject
from partnerships.models import LeadProvider

from . import expressions as ex
from .models import Teacher, TrainingPeriod

PROVIDER_ID = Coalesce(
    "partnership__delivery_partnership__contract__lead_provider_id", "expression_of_interest__lead_provider_id"
)
PROVIDER_NAME = Coalesce(
    "partnership__delivery_partnership__contract__lead_provider__name", "expression_of_interest__lead_provider__name"
)
LEAVING = Q(finished_on__isnull=False, withdrawn_at__isnull=True, deferred_at__isnull=True) & (
    Q(role="ect", ect_at_school_period__finished_on=F("finished_on"))
    | Q(role="mentor", mentor_at_school_period__finished_on=F("finished_on"))
)


def _joining(field) -> Subquery:
    """A field of the next training period in the same role at another school."""
    later = (
        TrainingPeriod.objects.filter(
            teacher=OuterRef("teacher"), role=OuterRef("role"), started_on__gt=OuterRef("finished_on")
        )
        .exclude(school=OuterRef("school"))
        .order_by("started_on", "id")
        .annotate(value=field)
        .values("value")[:1]
    )
    return Subquery(later)


def transfers_involving(lead_provider: LeadProvider) -> QuerySet[TrainingPeriod]:
    """Leaving periods whose transfer involves the provider: it trained them before leaving, or it trains them
    after joining (an incomplete transfer, with no joining side yet, only concerns the leaving provider)."""
    return (
        TrainingPeriod.objects.filter(LEAVING)
        .annotate(
            provider_id=PROVIDER_ID,
            joining_provider_id=_joining(PROVIDER_ID),
            joining_started_on=_joining(F("started_on")),
        )
        .filter(Q(provider_id=lead_provider.pk) | Q(joining_provider_id=lead_provider.pk))
    )


def transfer_document():
    today = clock.today()
    joined = Q(joining_started_on__isnull=False)
    return JSONBuildObject(
        training_record_id=ex.by_role(
            F("teacher__api_ect_training_record_id"), F("teacher__api_mentor_training_record_id")
        ),
        transfer_type=Case(
            When(
                joined
                & Q(joining_provider_id__isnull=False, provider_id__isnull=False)
                & ~Q(joining_provider_id=F("provider_id")),
                then=Value("new_provider"),
            ),
            When(joined, then=Value("new_school")),
            default=Value("unknown"),
            output_field=CharField(),
        ),
        # Incomplete while the transfer date (the later of leaving and joining) is after today (docs/participants.md,
        # "Transfers").
        status=Case(
            When(Q(finished_on__gt=today) | Q(joining_started_on__gt=today), then=Value("incomplete")),
            default=Value("complete"),
            output_field=CharField(),
        ),
        leaving=JSONBuildObject(school_urn=F("school__urn"), provider=PROVIDER_NAME, date=IsoDate("finished_on")),
        joining=Case(
            When(
                joined,
                then=JSONBuildObject(
                    school_urn=_joining(F("school__urn")),
                    provider=_joining(PROVIDER_NAME),
                    date=IsoDate("joining_started_on"),
                ),
            ),
            default=Value(None),
        ),
        created_at=IsoTimestamp("created_at"),
    )


def transferred_participants(*, lead_provider: LeadProvider) -> QuerySet[Teacher]:
    """Participants with at least one transfer involving the provider, with `transfers_updated_at`: the latest
    change to any of their training periods."""
    latest_change = (
        TrainingPeriod.objects.filter(teacher=OuterRef("pk"))
        .values("teacher")
        .annotate(at=Max("updated_at"))
        .values("at")
    )
    return Teacher.objects.filter(
        Exists(transfers_involving(lead_provider).filter(teacher=OuterRef("pk"))), merged_into__isnull=True
    ).annotate(transfers_updated_at=Subquery(latest_change))
