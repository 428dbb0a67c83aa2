"""The database keeps, for every group of a provider's declarations that share the facts deciding where a statement
counts them, how many there are (docs/finance.md "How the counts are kept"). Triggers on the declarations add and
subtract a whole statement's rows at once (transition tables), whoever writes them: a POST, a void, the payment run,
a merge, the admin, a data repair. The counts table itself takes no other writes.

tests/declarations/test_claim_group_counts.py keeps these counts equal to the GROUP BY over the declarations."""

from django.db import migrations, models

FACTS = (
    "lead_provider_id, cohort_id, declaration_type, course_identifier, statement_id, payment_state, "
    "clawback_statement_id, clawback_state, pupil_premium_uplift, sparsity_uplift"
)
SHARDS = 8


def _apply(changes: str) -> str:
    """Add the signed `delta`s of `changes` to the kept counts, group by group, in one fixed order (so that two
    transactions never wait for each other's rows the other way round)."""
    return f"""
        INSERT INTO declarations_claimgroupcount AS kept ({FACTS}, shard, count)
        SELECT {FACTS}, shard, sum(delta) FROM ({changes}) changes
         GROUP BY {FACTS}, shard
        HAVING sum(delta) <> 0
         ORDER BY {FACTS}, shard
        ON CONFLICT ON CONSTRAINT uniq_claim_group DO UPDATE SET count = kept.count + EXCLUDED.count;
    """


ADDED = f"SELECT {FACTS}, id % {SHARDS} AS shard, 1 AS delta FROM new_rows"
REMOVED = f"SELECT {FACTS}, id % {SHARDS} AS shard, -1 AS delta FROM old_rows"

FORWARD = f"""
-- No declaration may change between the first count and the triggers that keep it.
LOCK TABLE declarations_declaration IN SHARE ROW EXCLUSIVE MODE;
INSERT INTO declarations_claimgroupcount ({FACTS}, shard, count)
SELECT {FACTS}, id % {SHARDS}, count(*) FROM declarations_declaration GROUP BY {FACTS}, id % {SHARDS};

CREATE FUNCTION declarations_count_claim_groups() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        {_apply(ADDED)}
    ELSIF TG_OP = 'DELETE' THEN
        {_apply(REMOVED)}
    ELSE
        {_apply(f"{ADDED} UNION ALL {REMOVED}")}
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER declarations_count_inserted AFTER INSERT ON declarations_declaration
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION declarations_count_claim_groups();
CREATE TRIGGER declarations_count_updated AFTER UPDATE ON declarations_declaration
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION declarations_count_claim_groups();
CREATE TRIGGER declarations_count_deleted AFTER DELETE ON declarations_declaration
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION declarations_count_claim_groups();

CREATE FUNCTION declarations_claim_group_counts_are_kept() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF pg_trigger_depth() < 2 THEN
        RAISE EXCEPTION 'claim group counts are kept by the database as declarations change; they cannot be written'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER claim_group_counts_are_kept BEFORE INSERT OR UPDATE OR DELETE ON declarations_claimgroupcount
    FOR EACH STATEMENT EXECUTE FUNCTION declarations_claim_group_counts_are_kept();

CREATE FUNCTION declarations_claim_group_count_went_negative() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'claim group count would be negative (%): the counts no longer match the declarations', NEW.count
        USING ERRCODE = 'check_violation';
END;
$$;
CREATE TRIGGER claim_group_count_not_negative AFTER INSERT OR UPDATE ON declarations_claimgroupcount
    FOR EACH ROW WHEN (NEW.count < 0) EXECUTE FUNCTION declarations_claim_group_count_went_negative();
"""

BACKWARD = """
DROP TRIGGER claim_group_count_not_negative ON declarations_claimgroupcount;
DROP FUNCTION declarations_claim_group_count_went_negative();
DROP TRIGGER claim_group_counts_are_kept ON declarations_claimgroupcount;
DROP FUNCTION declarations_claim_group_counts_are_kept();
DROP TRIGGER declarations_count_deleted ON declarations_declaration;
DROP TRIGGER declarations_count_updated ON declarations_declaration;
DROP TRIGGER declarations_count_inserted ON declarations_declaration;
DROP FUNCTION declarations_count_claim_groups();
"""


class Migration(migrations.Migration):

    dependencies = [
        ('declarations', '0008_count_claim_groups_with_their_statistics'),
    ]

    operations = [
        migrations.CreateModel(
            name='ClaimGroupCount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('lead_provider_id', models.BigIntegerField()),
                ('cohort_id', models.BigIntegerField()),
                ('declaration_type', models.CharField(choices=[('started', 'Started'), ('retained-1', 'Retained 1'), ('retained-2', 'Retained 2'), ('retained-3', 'Retained 3'), ('retained-4', 'Retained 4'), ('completed', 'Completed'), ('extended-1', 'Extended 1'), ('extended-2', 'Extended 2'), ('extended-3', 'Extended 3')], max_length=20)),
                ('course_identifier', models.CharField(choices=[('ecf-induction', 'ECT induction'), ('ecf-mentor', 'Mentor training')], max_length=20)),
                ('statement_id', models.BigIntegerField(null=True)),
                ('payment_state', models.CharField(choices=[('no_payment', 'Submitted (not yet fundable)'), ('eligible', 'Eligible'), ('payable', 'Payable'), ('paid', 'Paid'), ('voided', 'Voided'), ('ineligible', 'Ineligible')], max_length=20)),
                ('clawback_statement_id', models.BigIntegerField(null=True)),
                ('clawback_state', models.CharField(blank=True, choices=[('', 'No clawback'), ('awaiting_clawback', 'Awaiting clawback'), ('clawed_back', 'Clawed back')], max_length=20)),
                ('pupil_premium_uplift', models.BooleanField()),
                ('sparsity_uplift', models.BooleanField()),
                ('shard', models.SmallIntegerField()),
                ('count', models.IntegerField()),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('lead_provider_id', 'cohort_id', 'declaration_type', 'course_identifier', 'statement_id', 'payment_state', 'clawback_statement_id', 'clawback_state', 'pupil_premium_uplift', 'sparsity_uplift', 'shard'), name='uniq_claim_group', nulls_distinct=False)],
            },
        ),
        migrations.RunSQL(FORWARD, BACKWARD),
    ]
