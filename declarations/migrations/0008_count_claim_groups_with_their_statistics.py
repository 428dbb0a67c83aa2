"""The statement page counts a provider's declarations grouped by every fact that decides where they count
(docs/finance.md "Which declarations a statement counts"). Without statistics on how those columns go together,
PostgreSQL multiplies their separate distinct counts, expects tens of thousands of groups where there are a few
hundred, and counts on one core; with them it splits the count across its parallel workers, as it does for a plain
GROUP BY over the same rows (bench/statement_page.py)."""

from django.db import migrations

COLUMNS = "declaration_type, course_identifier, statement_id, payment_state, clawback_statement_id, clawback_state"


class Migration(migrations.Migration):
    dependencies = [("declarations", "0007_announce_declaration_changes_to_webhooks")]

    operations = [
        migrations.RunSQL(
            [
                "CREATE STATISTICS IF NOT EXISTS declarations_claim_groups (ndistinct) "
                f"ON {COLUMNS} FROM declarations_declaration",
                "ANALYZE declarations_declaration",
            ],
            "DROP STATISTICS IF EXISTS declarations_claim_groups",
        )
    ]
