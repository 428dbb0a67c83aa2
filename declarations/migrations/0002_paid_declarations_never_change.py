from django.db import migrations

# What a paid statement says it paid (its declarations and its clawbacks) cannot change afterwards: the payment
# side of a declaration on a paid statement is frozen, and nothing joins or leaves a paid statement.
FORWARD = """
CREATE FUNCTION declarations_paid_statement_guard() RETURNS trigger AS $$
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
        -- Loading history (import, sandbox) may add what past statements paid, and only while it says so.
        IF current_setting('declarations.loading_history', true) = 'on' THEN
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

CREATE TRIGGER declaration_paid_statement_guard
    BEFORE INSERT OR UPDATE OF statement_id, clawback_statement_id, payment_state, clawback_state OR DELETE
    ON declarations_declaration
    FOR EACH ROW EXECUTE FUNCTION declarations_paid_statement_guard();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS declaration_paid_statement_guard ON declarations_declaration;
DROP FUNCTION IF EXISTS declarations_paid_statement_guard();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("declarations", "0001_add_declarations"),
        ("statements", "0002_paid_statements_never_change"),
    ]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
