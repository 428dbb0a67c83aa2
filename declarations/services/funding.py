"""Funding consequences of declarations: mentor completion and claims waiting for a participant to become
fundable (submitted → eligible; docs/declarations.md, "Mentor completion" and "States").

Whatever makes a participant fundable (the participants app's registration and mentor services, DfE in the
admin, a mentor's completion being voided) calls `declarations_follow_funding` in its own transaction: an
explicit call, not a signal, so the dependency shows in the caller's imports."""

from django.db import transaction

from config import clock
from config.events import record_event
from participants.models import MentorIneligibleReason, Teacher
from participants.selectors import ROLE_COURSES
from partnerships.models import DeclarationType
from statements.selectors import next_output_statement

from ..models import BILLABLE, CLAIM_GROUP_ORDER, CourseIdentifier, Declaration, PaymentState

# Set by DfE, not by declarations: left alone when declarations change.
_SET_BY_DFE = (MentorIneligibleReason.STARTED_NOT_COMPLETED, MentorIneligibleReason.COMPLETED_DURING_EARLY_ROLL_OUT)


def mentor_completion_refresh(*, teacher: Teacher) -> None:
    """A mentor's funding ends on the date of their latest live `completed` claim, and starts again if every
    such claim is voided or clawed back (`mentor_funding_end_date`; docs/declarations.md, "Mentor completion")."""
    teacher = Teacher.objects.select_for_update().get(pk=teacher.pk)
    if teacher.mentor_ineligible_for_funding_reason in _SET_BY_DFE:
        return
    latest = (
        Declaration.objects.filter(
            BILLABLE,
            teacher=teacher,
            course_identifier=CourseIdentifier.ECF_MENTOR,
            declaration_type=DeclarationType.COMPLETED,
        )
        .order_by("-declaration_date")
        .first()
    )
    end_date = latest.declaration_date.date() if latest else None
    reason = MentorIneligibleReason.COMPLETED_DECLARATION_RECEIVED if latest else ""
    if (teacher.mentor_funding_end_date, teacher.mentor_ineligible_for_funding_reason) == (end_date, reason):
        return
    teacher.mentor_funding_end_date = end_date
    teacher.mentor_ineligible_for_funding_reason = reason
    # Both fields are ones providers see, so the Teacher model moves its `updated_at` too.
    teacher.save(update_fields=["mentor_funding_end_date", "mentor_ineligible_for_funding_reason"])
    record_event(
        event_type="mentor_completion_changed",
        heading=f"Mentor funding end date {'set to ' + str(end_date) if end_date else 'cleared'}",
        subject=teacher,
        participant_id=teacher.api_id,
        mentor_funding_end_date=end_date,
    )
    # A cleared completion makes the mentor fundable again: claims that waited meanwhile follow.
    declarations_follow_funding(teacher=teacher)


def declarations_follow_funding(*, teacher: Teacher) -> int:
    """Called by whatever may have made the participant fundable, in its transaction: if the participant is now
    fundable in a role and has claims waiting (`submitted`), those claims become eligible. Returns how many
    moved."""
    if not (teacher.eligible_for_funding("ect") or teacher.eligible_for_funding("mentor")):
        return 0
    if not Declaration.objects.filter(teacher=teacher, payment_state=PaymentState.NO_PAYMENT).exists():
        return 0
    return declarations_promote_fundable(teacher=teacher)


@transaction.atomic
def declarations_promote_fundable(*, teacher: Teacher) -> int:
    """A participant became fundable: their `submitted` claims become `eligible` on each provider's next open
    output statement for the claim's cohort (claims with no open statement wait). Returns how many moved."""
    courses = [ROLE_COURSES[role] for role in ("ect", "mentor") if teacher.eligible_for_funding(role)]
    waiting = (
        Declaration.objects.select_for_update()
        .filter(teacher=teacher, course_identifier__in=courses, payment_state=PaymentState.NO_PAYMENT)
        .select_related("lead_provider", "cohort")
        .order_by(*CLAIM_GROUP_ORDER)  # each UPDATE locks its group's kept count: in one order, no deadlock
    )
    moved = 0
    for declaration in waiting:
        statement = next_output_statement(
            lead_provider=declaration.lead_provider, cohort=declaration.cohort, today=clock.today(), lock=True
        )
        if statement is None:
            continue
        declaration.payment_state = PaymentState.ELIGIBLE
        declaration.statement = statement
        declaration.save(update_fields=["payment_state", "statement", "updated_at"])
        record_event(
            event_type="declaration_eligible",
            heading=f"{declaration.declaration_type} declaration became eligible",
            subject=declaration,
            declaration_id=declaration.api_id,
            statement_id=statement.api_id,
        )
        moved += 1
    return moved
