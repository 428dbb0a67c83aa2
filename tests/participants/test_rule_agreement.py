"""Rules written twice, once in SQL (the API renders and filters with it) and once in Python (for one loaded
teacher), agree over generated data: the full name and funding eligibility."""

import datetime as dt
import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from participants import expressions as ex
from participants.models import MentorIneligibleReason, Teacher, TrainingPeriod
from participants.models.teachers import eligible_for_funding_q, full_name_expression
from tests.factories import SchoolFactory, TeacherFactory, ect_training

NAME = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=40)
WITH_DB = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@WITH_DB
@given(first=NAME, last=NAME, corrected=st.one_of(st.just(""), st.just(" "), NAME))
def test_full_name_in_sql_and_in_python_agree(db, first, last, corrected):
    teacher = Teacher.objects.filter(pk=TeacherFactory().pk)
    teacher.update(trs_first_name=first, trs_last_name=last, corrected_name=corrected)
    loaded = teacher.annotate(sql_full_name=full_name_expression()).get()
    assert loaded.sql_full_name == loaded.full_name


def _funding_cases():
    """Every combination of the fields funding eligibility reads (the database refuses a reason without an end
    date, and an end date without a reason)."""
    when = dt.datetime(2024, 9, 1, tzinfo=dt.UTC)
    reasons = ["", *MentorIneligibleReason.values]
    for ect_at, mentor_at, reason in itertools.product([None, when], [None, when], reasons):
        yield {
            "ect_first_became_eligible_for_funding_at": ect_at,
            "mentor_first_became_eligible_for_funding_at": mentor_at,
            "mentor_ineligible_for_funding_reason": reason,
            "mentor_funding_end_date": dt.date(2025, 7, 1) if reason else None,
        }


def test_funding_eligibility_in_sql_and_in_python_agree(db):
    teachers = [TeacherFactory(**case) for case in _funding_cases()]
    assert len(teachers) == 16
    for role in ("ect", "mentor"):
        in_sql = set(Teacher.objects.filter(eligible_for_funding_q(role)).values_list("pk", flat=True))
        assert in_sql == {teacher.pk for teacher in teachers if teacher.eligible_for_funding(role)}
    assert len(in_sql) == 2  # a mentor who became eligible, with no reason that ended their funding (twice)


def test_the_training_period_expression_reads_the_teachers_rule(db):
    school = SchoolFactory()
    periods = [ect_training(school, school_led=True, teacher=TeacherFactory(**case)) for case in _funding_cases()]
    shown = dict(TrainingPeriod.objects.annotate(eligible=ex.eligible_for_funding()).values_list("pk", "eligible"))
    assert shown == {period.pk: period.teacher.eligible_for_funding("ect") for period in periods}
    assert sum(shown.values()) == 8
