from django.db import migrations

# docs/security.md §2: the database keeps the money invariants even against the admin, a bug or an SQL console.
FORWARD = """
-- A paid declaration's billable facts never change; it stays paid (a refund is a clawback, not an edit), and it is
-- never deleted. Its teacher changes only when that teacher's record is merged into the new one.
CREATE FUNCTION declarations_paid_facts_frozen() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'declaration % is paid and cannot be deleted', OLD.api_id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF NEW.payment_state IS DISTINCT FROM OLD.payment_state
       OR NEW.lead_provider_id IS DISTINCT FROM OLD.lead_provider_id
       OR NEW.course_identifier IS DISTINCT FROM OLD.course_identifier
       OR NEW.declaration_type IS DISTINCT FROM OLD.declaration_type
       OR NEW.declaration_date IS DISTINCT FROM OLD.declaration_date
       OR NEW.cohort_id IS DISTINCT FROM OLD.cohort_id
       OR NEW.pupil_premium_uplift IS DISTINCT FROM OLD.pupil_premium_uplift
       OR NEW.sparsity_uplift IS DISTINCT FROM OLD.sparsity_uplift
       OR NEW.statement_id IS DISTINCT FROM OLD.statement_id
       OR (NEW.teacher_id IS DISTINCT FROM OLD.teacher_id
           AND NOT EXISTS (SELECT 1 FROM participants_teacher
                            WHERE id = OLD.teacher_id AND merged_into_id = NEW.teacher_id)) THEN
        RAISE EXCEPTION 'declaration % is paid: what was paid cannot change', OLD.api_id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER declaration_paid_facts_frozen
    BEFORE UPDATE OR DELETE ON declarations_declaration
    FOR EACH ROW WHEN (OLD.payment_state = 'paid')
    EXECUTE FUNCTION declarations_paid_facts_frozen();

-- A claim (and a clawback) sits only on an output-fee statement of its own lead provider and cohort.
CREATE FUNCTION declarations_statement_owner_guard() RETURNS trigger AS $$
BEGIN
    IF NEW.statement_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM statements_statement s
         WHERE s.id = NEW.statement_id AND s.output_fee
           AND s.lead_provider_id = NEW.lead_provider_id AND s.cohort_id = NEW.cohort_id) THEN
        RAISE EXCEPTION 'declaration % must be on an output statement of its own lead provider and cohort', NEW.api_id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF NEW.clawback_statement_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM statements_statement s
         WHERE s.id = NEW.clawback_statement_id AND s.output_fee
           AND s.lead_provider_id = NEW.lead_provider_id AND s.cohort_id = NEW.cohort_id) THEN
        RAISE EXCEPTION 'declaration % must be clawed back on an output statement of its own lead provider and cohort',
            NEW.api_id USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER declaration_statement_owner_guard
    BEFORE INSERT OR UPDATE OF statement_id, clawback_statement_id, lead_provider_id, cohort_id
    ON declarations_declaration
    FOR EACH ROW EXECUTE FUNCTION declarations_statement_owner_guard();

-- ... and a statement that carries claims cannot change hands, cohort or kind underneath them.
CREATE FUNCTION declarations_statement_keeps_its_claims() RETURNS trigger AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM declarations_declaration
                WHERE statement_id = OLD.id OR clawback_statement_id = OLD.id) THEN
        RAISE EXCEPTION 'statement % carries declarations: its lead provider, cohort and output fee cannot change',
            OLD.api_id USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER statement_keeps_its_claims
    BEFORE UPDATE OF lead_provider_id, cohort_id, output_fee ON statements_statement
    FOR EACH ROW WHEN (OLD.lead_provider_id IS DISTINCT FROM NEW.lead_provider_id
                       OR OLD.cohort_id IS DISTINCT FROM NEW.cohort_id
                       OR OLD.output_fee IS DISTINCT FROM NEW.output_fee)
    EXECUTE FUNCTION declarations_statement_keeps_its_claims();
"""

# Loading history onto paid statements (the sandbox) is honoured only for the role that owns the table, which the
# application's request-serving role never is (docs/security.md §2).
GUARD = """
CREATE OR REPLACE FUNCTION declarations_paid_statement_guard() RETURNS trigger AS $$
DECLARE
    paid_ids bigint[];
BEGIN
    SELECT coalesce(array_agg(id), '{}') INTO paid_ids FROM statements_statement
     WHERE state = 'paid'
       AND id IN (
           CASE WHEN TG_OP <> 'INSERT' THEN OLD.statement_id END,
           CASE WHEN TG_OP <> 'INSERT' THEN OLD.clawback_statement_id END,
           CASE WHEN TG_OP <> 'DELETE' THEN NEW.statement_id END,
           CASE WHEN TG_OP <> 'DELETE' THEN NEW.clawback_statement_id END);
    IF cardinality(paid_ids) = 0 THEN
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'declaration % is on a paid statement', OLD.api_id USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF TG_OP = 'INSERT' THEN
        IF current_setting('declarations.loading_history', true) = 'on'
           AND pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'USAGE') THEN
            RETURN NEW;
        END IF;
        RAISE EXCEPTION 'cannot add declaration % to a paid statement', NEW.api_id USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF (OLD.statement_id = ANY(paid_ids) OR NEW.statement_id = ANY(paid_ids))
       AND (OLD.statement_id IS DISTINCT FROM NEW.statement_id OR OLD.payment_state IS DISTINCT FROM NEW.payment_state) THEN
        RAISE EXCEPTION 'declaration % is paid on a paid statement and cannot change', NEW.api_id USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF (OLD.clawback_statement_id = ANY(paid_ids) OR NEW.clawback_statement_id = ANY(paid_ids))
       AND (OLD.clawback_statement_id IS DISTINCT FROM NEW.clawback_statement_id
            OR OLD.clawback_state IS DISTINCT FROM NEW.clawback_state) THEN
        RAISE EXCEPTION 'declaration % is clawed back on a paid statement and cannot change', NEW.api_id USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""

BACKWARD = """
DROP TRIGGER IF EXISTS declaration_paid_facts_frozen ON declarations_declaration;
DROP FUNCTION IF EXISTS declarations_paid_facts_frozen();
DROP TRIGGER IF EXISTS declaration_statement_owner_guard ON declarations_declaration;
DROP FUNCTION IF EXISTS declarations_statement_owner_guard();
DROP TRIGGER IF EXISTS statement_keeps_its_claims ON statements_statement;
DROP FUNCTION IF EXISTS declarations_statement_keeps_its_claims();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("declarations", "0004_add_void_permission"),
        ("participants", "0006_require_emails"),
        ("statements", "0004_add_finance_and_support_groups"),
    ]

    operations = [migrations.RunSQL(FORWARD, BACKWARD), migrations.RunSQL(GUARD, migrations.RunSQL.noop)]
