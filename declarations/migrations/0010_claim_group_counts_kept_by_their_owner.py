"""The claim group counts (migration 0009) are written by their owner only (docs/security.md §2): the counting
trigger runs with the rights of the role that owns the tables (SECURITY DEFINER), so the role that serves requests
needs, and is given, no write on the counts (config/db_roles.py); a TRUNCATE of the declarations empties the counts
with them. The project's trigger functions name their tables through a fixed search path (public, then temporary
tables last), so no session's temporary table can stand in for one of the tables they read or write."""

from django.db import migrations

OURS = (
    "declaration_announce_change",
    "declarations_claim_group_count_went_negative",
    "declarations_claim_group_counts_are_kept",
    "declarations_count_claim_groups",
    "declarations_paid_facts_frozen",
    "declarations_paid_statement_guard",
    "declarations_statement_dates_fixed",
    "declarations_statement_keeps_its_claims",
    "declarations_statement_owner_guard",
    "participants_at_school_period_covers",
    "participants_mentorship_period_valid",
    "participants_merges_are_recorded_and_final",
    "participants_training_period_valid",
    "statement_announce_change",
    "statements_adjustment_paid_guard",
    "statements_contract_band_paid_guard",
    "statements_contract_bands_in_order",
    "statements_contract_paid_guard",
    "statements_paid_statement_frozen",
    "webhook_outbox_record",
)


def _each_of_ours(action: str) -> str:
    names = ", ".join(f"'{name}'" for name in OURS)
    return f"""
DO $$ DECLARE f regprocedure; BEGIN
    FOR f IN SELECT p.oid::regprocedure FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
              WHERE n.nspname = 'public' AND p.proname IN ({names}) LOOP
        EXECUTE format('ALTER FUNCTION %s {action}', f);
    END LOOP;
END $$;
"""


FORWARD = (
    _each_of_ours("SET search_path = public, pg_temp")
    + """
ALTER FUNCTION declarations_count_claim_groups() SECURITY DEFINER;

CREATE FUNCTION declarations_claim_groups_emptied() RETURNS trigger LANGUAGE plpgsql
    SET search_path = public, pg_temp AS $$
BEGIN
    DELETE FROM declarations_claimgroupcount;
    RETURN NULL;
END;
$$;
CREATE TRIGGER declarations_count_truncated AFTER TRUNCATE ON declarations_declaration
    FOR EACH STATEMENT EXECUTE FUNCTION declarations_claim_groups_emptied();
"""
)

BACKWARD = """
DROP TRIGGER declarations_count_truncated ON declarations_declaration;
DROP FUNCTION declarations_claim_groups_emptied();
ALTER FUNCTION declarations_count_claim_groups() SECURITY INVOKER;
""" + _each_of_ours("RESET search_path")


class Migration(migrations.Migration):
    dependencies = [
        ("declarations", "0009_keep_claim_group_counts"),
        ("participants", "0011_name_the_trs_name_fields"),
        ("statements", "0005_announce_statement_changes_to_webhooks"),
        ("webhooks", "0002_write_the_outbox_in_the_database"),
    ]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
