"""Merging duplicate participant records (docs/participants.md, "Merging duplicate records")."""

from django.db import IntegrityError, transaction

from config.db import check_deferred_constraints
from config.errors import DomainValidationError
from config.events import record_event
from config.models import AuthorType
from declarations.services import declarations_follow_merge
from participants.models import ECTAtSchoolPeriod, MentorAtSchoolPeriod, ParticipantIdChange, Teacher, TrainingPeriod
from participants.rules import ALREADY_MERGED, OVERLAP, SAME_RECORD


@transaction.atomic
def teacher_merge(*, keep: Teacher, retire: Teacher, author_name: str) -> Teacher:
    """DfE support merges a duplicate record into the one that stays: every period, declaration and earlier id
    change moves to the kept record, which gains a participant id change. The retired participant id keeps
    working on write endpoints and `filter[from_participant_id]` finds the kept record."""
    keep, retire = (Teacher.objects.select_for_update().get(pk=pk) for pk in (keep.pk, retire.pk))
    if keep.pk == retire.pk:
        raise DomainValidationError("participant_id", SAME_RECORD)
    if retire.merged_into_id is not None or keep.merged_into_id is not None:
        raise DomainValidationError("participant_id", ALREADY_MERGED)
    # The merge is recorded, then the duplicate marked merged, then its records moved: the database marks a record
    # merged only with that record, and lets a paid declaration change teacher only to the one its teacher was
    # merged into (docs/security.md §2).
    ParticipantIdChange.objects.create(teacher=keep, from_participant_id=retire.api_id, to_participant_id=keep.api_id)
    retire.merged_into = keep
    retire.save(update_fields=["merged_into", "updated_at"])
    try:
        with transaction.atomic():
            # The retired teacher's periods and earlier id changes follow it (history rows stay as they were);
            # its claims follow through the declarations app, which owns them.
            for model in (ECTAtSchoolPeriod, MentorAtSchoolPeriod, TrainingPeriod, ParticipantIdChange):
                model.objects.filter(teacher=retire).update(teacher=keep)
            declarations_follow_merge(keep=keep, retire=retire)
            check_deferred_constraints()
    except IntegrityError:
        raise DomainValidationError("participant_id", OVERLAP) from None
    Teacher.objects.filter(pk=keep.pk).touch_api_timestamps("api_updated_at")
    record_event(
        event_type="teacher_records_merged",
        heading=f"{retire} merged into {keep}",
        subject=keep,
        author_type=AuthorType.DFE_STAFF_USER,
        author_name=author_name,
        from_participant_id=retire.api_id,
        to_participant_id=keep.api_id,
    )
    return keep
