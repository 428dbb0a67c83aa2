"""Only the tables' owner may run the counting trigger's function (it runs with the owner's rights, so a role able
to attach it to a table of its own could write counts with them; a trigger's function is checked for EXECUTE when
the trigger is made, never when it fires). And the owner gets a way back when the counts were lost or disabled by a
repair: `declarations_recount_claim_groups()` counts every declaration again under a lock that holds their writes
(docs/finance.md "How the counts are kept")."""

from django.db import migrations

FACTS = (
    "lead_provider_id, cohort_id, declaration_type, course_identifier, statement_id, payment_state, "
    "clawback_statement_id, clawback_state, pupil_premium_uplift, sparsity_uplift"
)

FORWARD = f"""
REVOKE EXECUTE ON FUNCTION declarations_count_claim_groups() FROM PUBLIC;

CREATE FUNCTION declarations_recount_claim_groups() RETURNS bigint LANGUAGE plpgsql
    SET search_path = public, pg_temp AS $$
DECLARE
    groups bigint;
BEGIN
    LOCK TABLE declarations_declaration IN SHARE ROW EXCLUSIVE MODE;
    ALTER TABLE declarations_claimgroupcount DISABLE TRIGGER claim_group_counts_are_kept;
    DELETE FROM declarations_claimgroupcount;
    INSERT INTO declarations_claimgroupcount ({FACTS}, shard, count)
    SELECT {FACTS}, id % 8, count(*) FROM declarations_declaration GROUP BY {FACTS}, id % 8;
    GET DIAGNOSTICS groups = ROW_COUNT;
    ALTER TABLE declarations_claimgroupcount ENABLE TRIGGER claim_group_counts_are_kept;
    RETURN groups;
END;
$$;
REVOKE EXECUTE ON FUNCTION declarations_recount_claim_groups() FROM PUBLIC;
"""

BACKWARD = """
DROP FUNCTION declarations_recount_claim_groups();
GRANT EXECUTE ON FUNCTION declarations_count_claim_groups() TO PUBLIC;
"""


class Migration(migrations.Migration):
    dependencies = [("declarations", "0010_claim_group_counts_kept_by_their_owner")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
