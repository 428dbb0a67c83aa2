from django.db import migrations

# docs/security.md §2: a statement's dates come from the calendar (docs/statements.md). Once it is payable none of
# them changes (finance checks what it pays, and its state follows from them). Once it carries claims or
# clawbacks, its payment date never changes: it orders the statements whose bands the claims share
# (docs/finance.md, "Band allocation"), so moving it would change what other statements pay. An open statement's
# cut-off may still move (the daily job then closes it). Paid statements never change at all (statements 0002).
FORWARD = """
CREATE FUNCTION declarations_statement_dates_fixed() RETURNS trigger AS $$
BEGIN
    IF OLD.state <> 'open' THEN
        RAISE EXCEPTION 'statement % is %: its dates cannot change', OLD.api_id, OLD.state
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF NEW.payment_date IS DISTINCT FROM OLD.payment_date AND EXISTS (
        SELECT 1 FROM declarations_declaration WHERE statement_id = OLD.id OR clawback_statement_id = OLD.id) THEN
        RAISE EXCEPTION 'statement % carries declarations: its payment date cannot change', OLD.api_id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER statement_dates_fixed
    BEFORE UPDATE OF year, month, cut_off_date, payment_date ON statements_statement
    FOR EACH ROW WHEN (OLD.year IS DISTINCT FROM NEW.year OR OLD.month IS DISTINCT FROM NEW.month
                       OR OLD.cut_off_date IS DISTINCT FROM NEW.cut_off_date
                       OR OLD.payment_date IS DISTINCT FROM NEW.payment_date)
    EXECUTE FUNCTION declarations_statement_dates_fixed();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS statement_dates_fixed ON statements_statement;
DROP FUNCTION IF EXISTS declarations_statement_dates_fixed();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("declarations", "0005_money_invariants_in_the_database"),
    ]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
