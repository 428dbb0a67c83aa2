"""Voiding a declaration, or clawing back a paid one (PUT /participant-declarations/{id}/void;
docs/declarations.md, "Voiding")."""

from django.db import transaction

from config import clock
from config.errors import DomainValidationError
from config.events import record_event
from config.models import AuthorType
from partnerships.models import DeclarationType
from statements.selectors import next_output_statement

from .. import rules
from ..models import ClawbackState, CourseIdentifier, Declaration, PaymentState
from .funding import mentor_completion_refresh

VOIDABLE = (PaymentState.NO_PAYMENT, PaymentState.ELIGIBLE, PaymentState.PAYABLE, PaymentState.INELIGIBLE)


@transaction.atomic
def declaration_void(
    *, declaration: Declaration, author_type: str = AuthorType.LEAD_PROVIDER_API, author_name: str = ""
) -> Declaration:
    """An unpaid claim is voided; a paid one is clawed back on the provider's next open output statement."""
    declaration = Declaration.objects.select_for_update().select_related("cohort").get(pk=declaration.pk)
    if declaration.payment_state == PaymentState.PAID and declaration.clawback_state == ClawbackState.NONE:
        statement = next_output_statement(
            lead_provider=declaration.lead_provider,
            cohort=declaration.cohort,
            today=clock.today(),
            lock=True,
        )
        if statement is None:
            cohort_message = rules.NO_OUTPUT_STATEMENT.format(cohort=declaration.cohort.start_year)
            raise DomainValidationError(rules.INVALID_ACTION, f"Participant declaration {cohort_message}")
        declaration.clawback_state = ClawbackState.AWAITING_CLAWBACK
        declaration.clawback_statement = statement
        event_type, heading = "declaration_clawback", "Paid declaration to be clawed back"
    elif declaration.payment_state == PaymentState.VOIDED:
        raise DomainValidationError(rules.INVALID_ACTION, rules.ALREADY_VOIDED)
    elif declaration.payment_state not in VOIDABLE or declaration.clawback_state != ClawbackState.NONE:
        raise DomainValidationError(rules.INVALID_ACTION, rules.CLAWED_BACK_VIEW_ONLY)
    else:
        declaration.payment_state = PaymentState.VOIDED
        event_type, heading = "declaration_voided", "Declaration voided"
    declaration.save(update_fields=["payment_state", "clawback_state", "clawback_statement", "updated_at"])
    record_event(
        event_type=event_type,
        heading=heading,
        subject=declaration,
        author_type=author_type,
        author_name=author_name,
        declaration_id=declaration.api_id,
        clawback_statement_id=declaration.clawback_statement.api_id if declaration.clawback_statement else None,
    )
    if (
        declaration.course_identifier == CourseIdentifier.ECF_MENTOR
        and declaration.declaration_type == DeclarationType.COMPLETED
    ):
        mentor_completion_refresh(teacher=declaration.teacher)
    return declaration
