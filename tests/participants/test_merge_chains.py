"""The participant a write request names follows merges (docs/participants.md, "Merging duplicate records"). The rule
is one recursive SQL expression (`participants.selectors.MergedInto`, the ORM having no recursive form), read by
`teacher_for_write` and by the declaration POST's gathering query; here it is checked over generated merge graphs
(chains, a record merged into a merged one, cycles, retired ids) against a plain walk of `merged_into`."""

import datetime as dt
import uuid

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from declarations.selectors import declaration_facts
from participants.models import ParticipantIdChange, Teacher
from participants.selectors import teacher_for_write
from partnerships.models import LeadProvider
from tests.factories import TeacherFactory, mark_merged

WITH_DB = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
RECORDS = 6


def walked(participant_id: uuid.UUID) -> Teacher | None:
    """The rule as the rule book words it, one step at a time: the teacher with the id, else the one the id's latest
    change names; then each `merged_into` in turn, stopping before a record already visited."""
    teacher = Teacher.objects.filter(api_id=participant_id).first()
    if teacher is None:
        change = ParticipantIdChange.objects.filter(from_participant_id=participant_id).order_by("-changed_at", "-id")
        teacher = change.first().teacher if change.exists() else None
    seen = set()
    while teacher is not None and teacher.merged_into_id is not None and teacher.pk not in seen:
        seen.add(teacher.pk)
        teacher = Teacher.objects.get(pk=teacher.merged_into_id)
    return teacher


def gathered_teacher_id(participant_id: uuid.UUID) -> int | None:
    row = declaration_facts(
        lead_provider=LeadProvider(pk=0),
        participant_id=participant_id,
        role="ect",
        course_identifier="ecf-induction",
        declaration_type="started",
        declared=None,
        evidence_held=("", ""),
        today=dt.date(2025, 1, 1),
    )
    return row and row["teacher_id"]


MERGES = st.lists(st.tuples(st.integers(0, RECORDS - 1), st.integers(0, RECORDS - 1)), max_size=RECORDS + 2)
# An id that names no record but was changed to some: (record, minutes after the first change); the latest counts.
RETIRED = st.lists(st.tuples(st.integers(0, RECORDS - 1), st.integers(0, 3)), max_size=3)


@WITH_DB
@given(merges=MERGES, retired=RETIRED)
def test_the_participant_a_write_names_is_found_by_following_merges(db, merges, retired):
    teachers = [TeacherFactory() for _ in range(RECORDS)]
    for retire, keep in merges:
        # A record is merged once (the database refuses a second merge); a kept record may be merged later, or be
        # one that is merged already, and a cycle is possible only by hand.
        if retire != keep and teachers[retire].merged_into_id is None:
            mark_merged(teachers[retire], into=teachers[keep])
    gone = uuid.uuid4()
    start = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    for record, minutes in dict(retired).items():
        change = ParticipantIdChange.objects.create(
            teacher=teachers[record], from_participant_id=gone, to_participant_id=teachers[record].api_id
        )
        ParticipantIdChange.objects.filter(pk=change.pk).update(changed_at=start + dt.timedelta(minutes=minutes))
    for participant_id in [*(teacher.api_id for teacher in teachers), gone, uuid.uuid4()]:
        expected = walked(participant_id)
        assert teacher_for_write(participant_id=participant_id) == expected
        assert gathered_teacher_id(participant_id) == (expected.pk if expected else None)


def test_a_chain_of_merges_ends_at_the_record_kept_last(db):
    first, second, third = TeacherFactory(), TeacherFactory(), TeacherFactory()
    mark_merged(first, into=second)
    mark_merged(second, into=third)
    assert teacher_for_write(participant_id=first.api_id) == third
    assert teacher_for_write(participant_id=str(second.api_id)) == third
    assert teacher_for_write(participant_id=third.api_id) == third
    assert teacher_for_write(participant_id="not a participant id") is None
