"""The one SQL function that writes change notifications into the outbox (docs/webhooks.md, "How events are
written"): for one changed resource of one lead provider, a pending delivery per active endpoint of the provider
subscribed to the event, and a delivery job for each (procrastinate's `procrastinate_defer_jobs_v1`, so the job is
committed or rolled back with the change). Jobs of one endpoint and one resource share a procrastinate lock, so they
run one at a time, oldest first: in order per resource, also across retries."""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION webhook_outbox_record(
    p_lead_provider_id bigint, p_event_type text, p_resource_type text, p_resource_id uuid,
    p_updated_at timestamptz, p_cohort integer
) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    written integer;
BEGIN
    WITH delivery AS (
        INSERT INTO webhooks_webhookdelivery (
            message_id, endpoint_id, event_type, resource_type, resource_id, resource_updated_at, cohort, created_at,
            state, attempts, last_error
        )
        SELECT gen_random_uuid(), endpoint.id, p_event_type, p_resource_type, p_resource_id, p_updated_at, p_cohort,
               clock_timestamp(), 'pending', 0, ''
          FROM webhooks_webhookendpoint AS endpoint
         WHERE endpoint.lead_provider_id = p_lead_provider_id
           AND endpoint.state = 'active'
           AND p_event_type = ANY (endpoint.events)
        RETURNING id, endpoint_id
    ), deferred AS (
        SELECT procrastinate_defer_jobs_v1(array_agg(ROW(
                   'webhooks', 'webhooks.deliver', 0,
                   'webhook:' || delivery.endpoint_id || ':' || p_resource_type || ':' || p_resource_id,
                   NULL, jsonb_build_object('delivery_id', delivery.id), NULL
               )::procrastinate_job_to_defer_v1 ORDER BY delivery.id)) AS ids
          FROM delivery
        HAVING count(*) > 0
    )
    SELECT coalesce(sum(cardinality(ids)), 0) INTO written FROM deferred;
    RETURN written;
END;
$$;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("webhooks", "0001_add_endpoints_and_deliveries"),
        ("procrastinate", "0041_post_retry_failed_job"),
    ]

    operations = [
        migrations.RunSQL(
            FUNCTION,
            "DROP FUNCTION webhook_outbox_record(bigint, text, text, uuid, timestamptz, integer);",
        )
    ]
