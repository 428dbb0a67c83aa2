"""Cross-table period rules that a CHECK or EXCLUDE cannot express, as deferred constraint triggers.

Deferred to commit, so a service may finish inner and outer periods in any order within one transaction.
"""

from django.db import migrations

SQL = r"""
CREATE FUNCTION participants_training_period_valid() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    outer_teacher bigint; outer_school bigint; outer_range daterange;
    partnership_school bigint; partnership_cohort bigint; eoi_cohort bigint; schedule_cohort bigint;
BEGIN
    IF NEW.role = 'ect' THEN
        SELECT teacher_id, school_id, daterange(started_on, finished_on, '[]') INTO outer_teacher, outer_school, outer_range
        FROM participants_ectatschoolperiod WHERE id = NEW.ect_at_school_period_id;
    ELSE
        SELECT teacher_id, school_id, daterange(started_on, finished_on, '[]') INTO outer_teacher, outer_school, outer_range
        FROM participants_mentoratschoolperiod WHERE id = NEW.mentor_at_school_period_id;
    END IF;
    IF outer_teacher IS DISTINCT FROM NEW.teacher_id OR outer_school IS DISTINCT FROM NEW.school_id THEN
        RAISE EXCEPTION 'Training period % does not match the teacher and school of its at-school period', NEW.id
            USING ERRCODE = '23514', CONSTRAINT = 'training_matches_at_school_period';
    END IF;
    IF NOT outer_range @> daterange(NEW.started_on, NEW.finished_on, '[]') THEN
        RAISE EXCEPTION 'Date range is not contained by the period the trainee is at the school'
            USING ERRCODE = '23514', CONSTRAINT = 'training_within_at_school_period';
    END IF;
    IF NEW.partnership_id IS NOT NULL THEN
        SELECT p.school_id, c.cohort_id INTO partnership_school, partnership_cohort
        FROM partnerships_partnership p
        JOIN partnerships_leadproviderdeliverypartnership d ON d.id = p.delivery_partnership_id
        JOIN partnerships_leadprovidercontract c ON c.id = d.contract_id
        WHERE p.id = NEW.partnership_id;
        IF partnership_school IS DISTINCT FROM NEW.school_id THEN
            RAISE EXCEPTION 'The partnership''s school must be the trainee''s school'
                USING ERRCODE = '23514', CONSTRAINT = 'training_partnership_same_school';
        END IF;
    END IF;
    IF NEW.expression_of_interest_id IS NOT NULL THEN
        SELECT cohort_id INTO eoi_cohort FROM partnerships_leadprovidercontract WHERE id = NEW.expression_of_interest_id;
    END IF;
    IF NEW.schedule_id IS NOT NULL THEN
        SELECT cohort_id INTO schedule_cohort FROM partnerships_schedule WHERE id = NEW.schedule_id;
        IF (partnership_cohort IS NOT NULL AND partnership_cohort <> schedule_cohort)
           OR (eoi_cohort IS NOT NULL AND eoi_cohort <> schedule_cohort) THEN
            RAISE EXCEPTION 'Contract period mismatch: partnership, expression of interest and schedule must share a cohort'
                USING ERRCODE = '23514', CONSTRAINT = 'training_one_cohort';
        END IF;
    END IF;
    RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER training_period_valid
    AFTER INSERT OR UPDATE ON participants_trainingperiod
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION participants_training_period_valid();

-- An at-school period must keep covering its training periods when its dates change.
CREATE FUNCTION participants_at_school_period_covers() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE column_name text := CASE TG_TABLE_NAME WHEN 'participants_ectatschoolperiod'
                                THEN 'ect_at_school_period_id' ELSE 'mentor_at_school_period_id' END;
        uncovered boolean;
BEGIN
    EXECUTE format(
        'SELECT EXISTS (SELECT 1 FROM participants_trainingperiod t WHERE t.%I = $1 '
        'AND NOT daterange($2, $3, ''[]'') @> daterange(t.started_on, t.finished_on, ''[]''))', column_name)
        INTO uncovered USING NEW.id, NEW.started_on, NEW.finished_on;
    IF NOT uncovered THEN
        EXECUTE format(
            'SELECT EXISTS (SELECT 1 FROM participants_mentorshipperiod m WHERE m.%I = $1 '
            'AND NOT daterange($2, $3, ''[]'') @> daterange(m.started_on, m.finished_on, ''[]''))',
            CASE TG_TABLE_NAME WHEN 'participants_ectatschoolperiod' THEN 'mentee_id' ELSE 'mentor_id' END)
            INTO uncovered USING NEW.id, NEW.started_on, NEW.finished_on;
    END IF;
    IF uncovered THEN
        RAISE EXCEPTION 'Date range does not cover all the training and mentorship periods'
            USING ERRCODE = '23514', CONSTRAINT = 'at_school_period_covers_inner_periods';
    END IF;
    RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER ect_at_school_period_covers
    AFTER UPDATE OF started_on, finished_on ON participants_ectatschoolperiod
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION participants_at_school_period_covers();
CREATE CONSTRAINT TRIGGER mentor_at_school_period_covers
    AFTER UPDATE OF started_on, finished_on ON participants_mentoratschoolperiod
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION participants_at_school_period_covers();

CREATE FUNCTION participants_mentorship_period_valid() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE mentee_teacher bigint; mentee_school bigint; mentee_range daterange;
        mentor_teacher bigint; mentor_school bigint; mentor_range daterange;
        own_range daterange := daterange(NEW.started_on, NEW.finished_on, '[]');
BEGIN
    SELECT teacher_id, school_id, daterange(started_on, finished_on, '[]') INTO mentee_teacher, mentee_school, mentee_range
    FROM participants_ectatschoolperiod WHERE id = NEW.mentee_id;
    SELECT teacher_id, school_id, daterange(started_on, finished_on, '[]') INTO mentor_teacher, mentor_school, mentor_range
    FROM participants_mentoratschoolperiod WHERE id = NEW.mentor_id;
    IF mentee_teacher = mentor_teacher THEN
        RAISE EXCEPTION 'A mentee cannot mentor themself'
            USING ERRCODE = '23514', CONSTRAINT = 'mentorship_not_self';
    END IF;
    IF mentee_school <> mentor_school THEN
        RAISE EXCEPTION 'Mentor and mentee must be at the same school'
            USING ERRCODE = '23514', CONSTRAINT = 'mentorship_same_school';
    END IF;
    IF NOT (mentee_range @> own_range AND mentor_range @> own_range) THEN
        RAISE EXCEPTION 'Date range is not contained by the mentor''s and the mentee''s periods at the school'
            USING ERRCODE = '23514', CONSTRAINT = 'mentorship_within_at_school_periods';
    END IF;
    RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER mentorship_period_valid
    AFTER INSERT OR UPDATE ON participants_mentorshipperiod
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION participants_mentorship_period_valid();
"""

REVERSE_SQL = """
DROP TRIGGER IF EXISTS mentorship_period_valid ON participants_mentorshipperiod;
DROP TRIGGER IF EXISTS mentor_at_school_period_covers ON participants_mentoratschoolperiod;
DROP TRIGGER IF EXISTS ect_at_school_period_covers ON participants_ectatschoolperiod;
DROP TRIGGER IF EXISTS training_period_valid ON participants_trainingperiod;
DROP FUNCTION IF EXISTS participants_mentorship_period_valid();
DROP FUNCTION IF EXISTS participants_at_school_period_covers();
DROP FUNCTION IF EXISTS participants_training_period_valid();
"""


class Migration(migrations.Migration):
    dependencies = [("participants", "0001_add_periods")]

    operations = [migrations.RunSQL(SQL, REVERSE_SQL)]
