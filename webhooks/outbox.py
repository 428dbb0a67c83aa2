"""Writing change notifications into the outbox, inside the transaction of the change (docs/webhooks.md, "How
events are written").

`webhook_outbox_record` (an SQL function, migration `webhooks/0002`) adds, for one changed resource of one lead
provider, a pending delivery for each of the provider's active endpoints subscribed to the event, and defers its
delivery job; a provider without such an endpoint costs one index probe. Database triggers call it for declarations
and statements; the services below call it, set-based, for what changes through other rows."""

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import QuerySet

# The names a queryset handed to `record` must give its columns.
PROVIDER, RESOURCE, UPDATED, COHORT = "wh_lead_provider_id", "wh_resource_id", "wh_updated_at", "wh_cohort"


def record(rows: QuerySet, *, event_type: str, resource_type: str) -> None:
    """One notification per row of `rows`, a queryset whose `values()` are PROVIDER (the lead provider's pk),
    RESOURCE (the resource's API id), UPDATED (its `updated_at` in the API) and, for schools, COHORT: one statement
    whatever the number of rows."""
    try:
        sql, params = rows.query.sql_with_params()
    except EmptyResultSet:  # a filter that can match nothing (`pk__in=[]`): nothing changed
        return
    cohort = f"s.{COHORT}" if COHORT in rows.query.values_select or COHORT in rows.query.annotation_select else "NULL"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT webhook_outbox_record(s.{PROVIDER}, %s, %s, s.{RESOURCE}, s.{UPDATED}, {cohort}) "
            f"FROM ({sql}) AS s",
            [event_type, resource_type, *params],
        )
