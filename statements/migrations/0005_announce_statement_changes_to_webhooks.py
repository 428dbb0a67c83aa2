"""A statement's change notification is written where its state changes, by the database, whichever way the row
changes (the daily close, authorising payment, the admin) (docs/webhooks.md, "Events")."""

from django.db import migrations

TRIGGER = """
CREATE FUNCTION statement_announce_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM webhook_outbox_record(NEW.lead_provider_id, 'statement.updated', 'statement', NEW.api_id, NEW.updated_at, NULL);
    RETURN NULL;
END;
$$;
CREATE TRIGGER statement_announce_update AFTER UPDATE OF state ON statements_statement
    FOR EACH ROW WHEN (OLD.state IS DISTINCT FROM NEW.state) EXECUTE FUNCTION statement_announce_change();
"""

REVERSE = """
DROP TRIGGER statement_announce_update ON statements_statement;
DROP FUNCTION statement_announce_change();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("statements", "0004_add_finance_and_support_groups"),
        ("webhooks", "0002_write_the_outbox_in_the_database"),
    ]

    operations = [migrations.RunSQL(TRIGGER, REVERSE)]
