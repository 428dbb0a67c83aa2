"""A declaration's change notification is written where its `updated_at` moves for lead providers: by the database,
whichever way the row changes (a POST, a void, the payment run, a merge, the admin), when it is created or its payment
or clawback state changes (docs/webhooks.md, "Events")."""

from django.db import migrations

TRIGGER = """
CREATE FUNCTION declaration_announce_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM webhook_outbox_record(
        NEW.lead_provider_id, 'participant-declaration.updated', 'participant-declaration', NEW.api_id,
        NEW.updated_at, NULL
    );
    RETURN NULL;
END;
$$;
CREATE TRIGGER declaration_announce_insert AFTER INSERT ON declarations_declaration
    FOR EACH ROW EXECUTE FUNCTION declaration_announce_change();
CREATE TRIGGER declaration_announce_update AFTER UPDATE OF payment_state, clawback_state ON declarations_declaration
    FOR EACH ROW
    WHEN (OLD.payment_state IS DISTINCT FROM NEW.payment_state OR OLD.clawback_state IS DISTINCT FROM NEW.clawback_state)
    EXECUTE FUNCTION declaration_announce_change();
"""

REVERSE = """
DROP TRIGGER declaration_announce_update ON declarations_declaration;
DROP TRIGGER declaration_announce_insert ON declarations_declaration;
DROP FUNCTION declaration_announce_change();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("declarations", "0006_statement_dates_fixed_once_claimed_or_payable"),
        ("webhooks", "0002_write_the_outbox_in_the_database"),
    ]

    operations = [migrations.RunSQL(TRIGGER, REVERSE)]
