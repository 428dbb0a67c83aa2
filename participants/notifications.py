"""The change notifications about participants and what schools tell providers (docs/webhooks.md, "Events"),
written in the transaction of the change. Who hears is decided by the same rules as what each provider's API shows:
a participant is seen by the providers whose partnerships confirmed one of their training periods
(`participants.selectors.participants_for`); a transfer by the providers of its leaving and joining sides
(`participants/transfers.py`)."""

from django.db.models import Exists, F, OuterRef, QuerySet

from webhooks import outbox
from webhooks.models import EventType

from .models import Teacher, TrainingPeriod
from .transfers import LEAVING, PROVIDER_ID

CONFIRMED_PROVIDER = F("partnership__delivery_partnership__contract__lead_provider_id")


def participants_changed(teachers: QuerySet[Teacher]) -> None:
    """`participant.updated` to every provider that sees one of these teachers (their `updated_at` just moved)."""
    rows = (
        TrainingPeriod.objects.filter(
            teacher__in=teachers.values("pk"), teacher__merged_into__isnull=True, partnership__isnull=False
        )
        .values(
            **{
                outbox.PROVIDER: CONFIRMED_PROVIDER,
                outbox.RESOURCE: F("teacher__api_id"),
                outbox.UPDATED: F("teacher__api_updated_at"),
            }
        )
        .order_by()
        .distinct()
    )
    outbox.record(rows, event_type=EventType.PARTICIPANT_UPDATED, resource_type="participant")


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
