from django.db import migrations

# docs/security.md §2: a paid declaration may change teacher only into the record its teacher was merged into. For
# that to mean a real merge, the database keeps merges themselves honest, whoever is connected:
# - a teacher is marked merged only when the merge is recorded: the kept record's participant id change from the
#   retired id to the kept one exists already (the merge service writes it first);
# - a merge is never undone or redirected (merged_into_id set once), and a merged record is never deleted, except
#   by the role that owns the table (a data repair in a migration), never by the role that serves requests.
FORWARD = """
CREATE FUNCTION participants_merges_are_recorded_and_final() RETURNS trigger AS $$
DECLARE
    is_owner boolean := pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'USAGE');
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.merged_into_id IS NOT NULL AND NOT is_owner THEN
            RAISE EXCEPTION 'teacher % was merged into another record: the merge cannot be undone', OLD.api_id
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN OLD;
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.merged_into_id IS NOT NULL
       AND NEW.merged_into_id IS DISTINCT FROM OLD.merged_into_id AND NOT is_owner THEN
        RAISE EXCEPTION 'teacher % was merged into another record: the merge cannot be undone', OLD.api_id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF NEW.merged_into_id IS NOT NULL
       AND (TG_OP = 'INSERT' OR NEW.merged_into_id IS DISTINCT FROM OLD.merged_into_id)
       AND NOT EXISTS (
           SELECT 1 FROM participants_participantidchange change
             JOIN participants_teacher kept ON kept.id = change.teacher_id
            WHERE change.teacher_id = NEW.merged_into_id
              AND change.from_participant_id = NEW.api_id
              AND change.to_participant_id = kept.api_id) THEN
        RAISE EXCEPTION 'teacher % can be merged only with a record of the merge (the kept record''s participant id change)',
            NEW.api_id USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER teacher_merges_are_recorded_and_final
    BEFORE INSERT OR UPDATE OF merged_into_id OR DELETE ON participants_teacher
    FOR EACH ROW EXECUTE FUNCTION participants_merges_are_recorded_and_final();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS teacher_merges_are_recorded_and_final ON participants_teacher;
DROP FUNCTION IF EXISTS participants_merges_are_recorded_and_final();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("participants", "0007_add_page_order_indexes"),
    ]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
