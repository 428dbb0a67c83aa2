"""The change notifications about what schools tell providers and about transfers (docs/webhooks.md, "Events"),
written in the transaction of the change by the services that start and end training periods. Who hears is decided
by the same rules as what each provider's API shows: a transfer is seen by the providers of its leaving and joining
sides (`participants/transfers.py`). The participant's own notification is the model's
(`participants/models/notifications.py`)."""

from django.db.models import Exists, F, OuterRef, QuerySet

from webhooks import outbox
from webhooks.models import EventType

from .models import TrainingPeriod
from .transfers import LEAVING, PROVIDER_ID


def school_named_provider(period: TrainingPeriod) -> None:
    """`school.expression_of_interest` to the provider a school chose for a participant's training: the school's
    `expression_of_interest` for it in the cohort is now true, and the school's `updated_at` has moved."""
    if period.expression_of_interest_id is None:
        return
    rows = TrainingPeriod.objects.filter(pk=period.pk).values(
        **{
            outbox.PROVIDER: F("expression_of_interest__lead_provider_id"),
            outbox.RESOURCE: F("school__api_id"),
            outbox.UPDATED: F("updated_at"),
            outbox.COHORT: F("expression_of_interest__cohort__start_year"),
        }
    )
    outbox.record(rows, event_type=EventType.SCHOOL_EXPRESSION_OF_INTEREST, resource_type="school")


def transfers_appeared(periods: QuerySet[TrainingPeriod]) -> None:
    """`participant-transfer.created` for each of these training periods that is now the leaving side of a transfer
    (its participant left the school), to its provider; and for each that is the joining side of one (it starts at
    another school after such a leaving), to its provider."""
    leaving = periods.filter(LEAVING).values(**_TRANSFER_COLUMNS)
    outbox.record(leaving.exclude(**{f"{outbox.PROVIDER}__isnull": True}), **_TRANSFER)
    left_before = TrainingPeriod.objects.filter(
        LEAVING, teacher=OuterRef("teacher"), role=OuterRef("role"), finished_on__lt=OuterRef("started_on")
    ).exclude(school=OuterRef("school"))
    joining = (
        periods.filter(Exists(left_before))
        .values(
            **{outbox.PROVIDER: PROVIDER_ID, outbox.RESOURCE: F("teacher__api_id"), outbox.UPDATED: F("updated_at")}
        )
        .exclude(**{f"{outbox.PROVIDER}__isnull": True})
    )
    outbox.record(joining, **_TRANSFER)


_TRANSFER_COLUMNS = {
    outbox.PROVIDER: PROVIDER_ID,
    outbox.RESOURCE: F("teacher__api_id"),
    outbox.UPDATED: F("updated_at"),
}
_TRANSFER = {"event_type": EventType.TRANSFER_CREATED, "resource_type": "participant-transfer"}
