from django.db import migrations

# A paid statement is what DfE paid: nobody (service, admin or SQL console) may alter or delete it afterwards.
FORWARD = """
CREATE FUNCTION statements_paid_statement_frozen() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'statement % is paid and can never change', OLD.api_id USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER statement_paid_frozen
    BEFORE UPDATE OR DELETE ON statements_statement
    FOR EACH ROW WHEN (OLD.state = 'paid')
    EXECUTE FUNCTION statements_paid_statement_frozen();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS statement_paid_frozen ON statements_statement;
DROP FUNCTION IF EXISTS statements_paid_statement_frozen();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("statements", "0001_add_statements"),
    ]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
