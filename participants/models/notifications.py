"""The participant's change notification (docs/webhooks.md, "Events"): written where its `updated_at` moves
(`config/db.py` `ApiTimestamps` calls `Teacher.api_timestamps_moved`), in the transaction of the change, to the
providers that see it: those whose partnerships confirmed one of its training periods
(`participants.selectors.participants_for`)."""

from django.db.models import F, QuerySet

from webhooks import outbox
from webhooks.models import EventType


def participants_changed(teachers: QuerySet) -> None:
    """`participant.updated` to every provider that sees one of these teachers (their `updated_at` just moved)."""
    from .periods import TrainingPeriod

    rows = (
        TrainingPeriod.objects.filter(
            teacher__in=teachers.values("pk"), teacher__merged_into__isnull=True, partnership__isnull=False
        )
        .values(
            **{
                outbox.PROVIDER: F("partnership__delivery_partnership__contract__lead_provider_id"),
                outbox.RESOURCE: F("teacher__api_id"),
                outbox.UPDATED: F("teacher__api_updated_at"),
            }
        )
        .order_by()
        .distinct()
    )
    outbox.record(rows, event_type=EventType.PARTICIPANT_UPDATED, resource_type="participant")
