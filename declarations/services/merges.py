"""What a merge of duplicate participant records means for their claims (docs/declarations.md, "Duplicates and
repeated requests"): the participants app's merge service calls this once the retired record is marked merged, and
only this app changes a declaration."""

from config.errors import DomainValidationError
from participants.models import Teacher

from ..models import BILLABLE, CLAIM_GROUP_ORDER, Declaration, IneligibleReason, PaymentState

PAID_TWICE = "Both records have a paid declaration for the same milestone. Claw one back before merging the records."


def declarations_follow_merge(*, keep: Teacher, retire: Teacher) -> int:
    """The retired record's claims, and the claims that name it as mentor, move to the kept record. Where both
    records claimed the same milestone, the retired record's unpaid claim first becomes an ineligible duplicate of
    the kept one, so one person is never paid twice for one event; a paid one refuses the merge. Runs inside the
    caller's transaction, after `retire` is marked merged into `keep` (the database lets a paid claim change teacher
    only then: docs/security.md §2). Returns how many claims were superseded."""
    superseded = _supersede_duplicates(keep=keep, retire=retire)
    Declaration.objects.filter(teacher=retire).update(teacher=keep)
    Declaration.objects.filter(mentor=retire).update(mentor=keep)
    return superseded


def _supersede_duplicates(*, keep: Teacher, retire: Teacher) -> int:
    kept = {(d.course_identifier, d.declaration_type): d for d in Declaration.objects.filter(BILLABLE, teacher=keep)}
    superseded = 0
    claims = Declaration.objects.select_for_update().filter(BILLABLE, teacher=retire)
    for claim in claims.order_by(*CLAIM_GROUP_ORDER):  # each UPDATE locks its group's kept count: in one order
        original = kept.get((claim.course_identifier, claim.declaration_type))
        if original is None:
            continue
        if claim.payment_state == PaymentState.PAID:
            raise DomainValidationError("participant_id", PAID_TWICE)
        claim.payment_state = PaymentState.INELIGIBLE
        claim.ineligible_reason = IneligibleReason.DUPLICATE_DECLARATION
        claim.superseded_by = original
        claim.save(update_fields=["payment_state", "ineligible_reason", "superseded_by", "updated_at"])
        superseded += 1
    return superseded
