"""Recording a declaration (POST /participant-declarations; docs/declarations.md, "Recording a declaration";
docs/decisions.md 5, 8).

The checks and their messages are declarations/rules.py's; this module gathers what they read and records the
claim (docs/lead-provider-api.md, "Declarations: the cost of a POST"). One query (`declaration_facts`, composed
from the selectors the rules live in) reads every fact; an exact replay or a refused request stops there. A new
claim then share-locks its statement while it is still open, and inserts the declaration with its event row in one
statement (`config.events.create_recording_event`): the partial unique index of live claims arbitrates concurrent
requests.
"""

import datetime as dt
import uuid
from dataclasses import dataclass

from django.db import transaction

from config import clock
from config.errors import DomainValidationError
from config.events import create_recording_event
from config.models import AuthorType
from config.text import as_uuid, is_blank
from participants.models import Teacher
from participants.selectors import COURSE_ROLES
from partnerships.models import Cohort, DeclarationType, LeadProvider
from statements.models import Statement
from statements.selectors import lock_open_statement, next_output_statement

from .. import rules
from ..models import ClawbackState, CourseIdentifier, Declaration, IneligibleReason, PaymentState
from ..selectors import declaration_facts, identical_declarations
from .funding import mentor_completion_refresh


@dataclass
class Gathered:
    """The row `declaration_facts` returns (see there); the defaults are what it says of a participant id that names
    no one."""

    teacher_id: int | None = None
    participant_api_id: uuid.UUID | None = None
    ect_eligible_at: dt.datetime | None = None
    mentor_eligible_at: dt.datetime | None = None
    mentor_ineligible_reason: str | None = None
    trained_by: bool = False
    course_known: bool = False
    # The provider's latest training in the role, and its cohort: what the checks read.
    period_id: int | None = None
    withdrawn_at: dt.datetime | None = None
    cohort_id: int | None = None
    cohort_year: int | None = None
    payments_frozen_at: dt.datetime | None = None
    mentor_funding: bool | None = None
    detailed_evidence_types: bool | None = None
    milestone_start: dt.date | None = None
    milestone_date: dt.date | None = None
    statement_id: int | None = None
    statement_api_id: uuid.UUID | None = None
    already_claimed: bool = False
    identical_id: int | None = None
    # The training on the declaration date, and what the claim keeps of it.
    dated_period_id: int | None = None
    school_id: int | None = None
    delivery_partner_id: int | None = None
    mentor_id: int | None = None
    pupil_premium_uplift: bool = False
    sparsity_uplift: bool = False
    duplicate_of_id: int | None = None

    def fundable(self, role: str | None) -> bool:
        if self.teacher_id is None or role is None:
            return False
        teacher = Teacher(
            ect_first_became_eligible_for_funding_at=self.ect_eligible_at,
            mentor_first_became_eligible_for_funding_at=self.mentor_eligible_at,
            mentor_ineligible_for_funding_reason=self.mentor_ineligible_reason or "",
        )
        return teacher.eligible_for_funding(role)


@dataclass(frozen=True)
class Recorded:
    """The declaration a POST answers with, and whether this request created it."""

    pk: int
    created: bool


def gather(
    *, lead_provider: LeadProvider, participant: uuid.UUID, request: rules.Request, course_identifier: str | None
) -> Gathered:
    declaration_type = request.declaration_type
    if not isinstance(declaration_type, str):
        # Compared as text, as the ORM would: a number matches no milestone and no claim.
        declaration_type = None if declaration_type is None else str(declaration_type)
    row = declaration_facts(
        lead_provider=lead_provider,
        participant_id=participant,
        role=request.role,
        course_identifier=course_identifier if request.role is not None else None,
        declaration_type=declaration_type,
        declared=request.declared,
        evidence_held=tuple(
            rules.stored_evidence(
                detailed_evidence_types=detailed, declaration_type=declaration_type, evidence_held=request.evidence_held
            )
            for detailed in (True, False)
        ),
        today=clock.today(),
    )
    return Gathered() if row is None else Gathered(**row)


def _facts(gathered: Gathered, role: str | None) -> rules.Facts:
    # A participant the caller never trained is answered as an unknown one: nothing said about them may reveal
    # another provider's claims (docs/lead-provider-api.md, "Declarations").
    return rules.Facts(
        participant_known=gathered.teacher_id is not None and gathered.trained_by,
        period_found=gathered.period_id is not None,
        withdrawn_at=gathered.withdrawn_at,
        cohort_year=gathered.cohort_year,
        mentor_funding=bool(gathered.mentor_funding),
        detailed_evidence_types=bool(gathered.detailed_evidence_types),
        payments_frozen=gathered.payments_frozen_at is not None,
        milestone_start=gathered.milestone_start,
        milestone_date=gathered.milestone_date,
        milestone_found=gathered.milestone_start is not None,
        fundable=gathered.fundable(role),
        has_output_statement=gathered.statement_id is not None,
        already_claimed=gathered.already_claimed,
        course_known=gathered.course_known,
    )


def declaration_record(
    *,
    lead_provider: LeadProvider,
    participant_id,
    course_identifier,
    declaration_type,
    declaration_date,
    evidence_held=None,
) -> Recorded:
    """A lead provider claims a milestone of a participant's training (the API's POST); any JSON value may arrive.

    An exact copy of a request that already created a live declaration returns that declaration, also when the
    copies arrive together: the partial unique index on live claims lets one insert win and the others find it.
    A fundable participant's claim is `eligible` on the provider's next open output statement; otherwise it is
    `submitted` until the participant becomes fundable.
    """
    if rules.is_npq_course(course_identifier):
        raise DomainValidationError("course_identifier", rules.NPQ_UNSUPPORTED)
    role = COURSE_ROLES.get(course_identifier) if isinstance(course_identifier, str) else None
    request = rules.Request(
        role=role,
        declaration_type=declaration_type,
        raw_date=declaration_date,
        declared=rules.parse_declaration_date(declaration_date),
        evidence_held=evidence_held,
    )
    participant = None if is_blank(participant_id) else as_uuid(participant_id)
    if participant is None:
        gathered = Gathered()
    else:
        gathered = gather(
            lead_provider=lead_provider, participant=participant, request=request, course_identifier=course_identifier
        )
    # An identical request already recorded (read with every other fact, so in the same snapshot), for the training
    # the caller gives.
    replay = gathered.identical_id is not None and gathered.period_id is not None
    if replay and request.declared is not None and not is_blank(declaration_type):
        return Recorded(pk=gathered.identical_id, created=False)
    errors = rules.declaration_errors(request, _facts(gathered, role))
    if errors:
        raise DomainValidationError(errors)
    return _write(
        lead_provider=lead_provider,
        gathered=gathered,
        request=request,
        course_identifier=course_identifier,
    )


def _next_statement(lead_provider: LeadProvider, gathered: Gathered, *, lock: bool) -> Statement | None:
    cohort = Cohort.objects.get(pk=gathered.cohort_id)
    return next_output_statement(lead_provider=lead_provider, cohort=cohort, today=clock.today(), lock=lock)


def _write(
    *, lead_provider: LeadProvider, gathered: Gathered, request: rules.Request, course_identifier: str
) -> Recorded:
    declared = request.declared
    declaration_type = request.declaration_type
    evidence = rules.stored_evidence(
        detailed_evidence_types=bool(gathered.detailed_evidence_types),
        declaration_type=declaration_type,
        evidence_held=request.evidence_held,
    )
    # Uplifts are paid on the `started` claim only, so only it carries them
    # (docs/declarations.md, "Facts kept with the claim").
    started = declaration_type == DeclarationType.STARTED
    statement = None
    if gathered.fundable(request.role) and gathered.statement_id is not None:
        statement = Statement(pk=gathered.statement_id, api_id=gathered.statement_api_id)
    payment_state, ineligible_reason = PaymentState.NO_PAYMENT, IneligibleReason.NONE
    if gathered.duplicate_of_id is not None:
        # A live claim for the same person under a merged duplicate record (docs/declarations.md, "Duplicates and
        # repeated requests").
        payment_state, ineligible_reason = PaymentState.INELIGIBLE, IneligibleReason.DUPLICATE_DECLARATION
        if statement is None:
            statement = _next_statement(lead_provider, gathered, lock=False)
    elif statement is not None:
        payment_state = PaymentState.ELIGIBLE
    declaration = Declaration(
        lead_provider=lead_provider,
        teacher_id=gathered.teacher_id,
        training_period_id=gathered.dated_period_id,
        course_identifier=course_identifier,
        declaration_type=declaration_type,
        declaration_date=declared,
        evidence_held=evidence,
        cohort_id=gathered.cohort_id,
        delivery_partner_id=gathered.delivery_partner_id,
        mentor_id=gathered.mentor_id,
        pupil_premium_uplift=started and gathered.pupil_premium_uplift,
        sparsity_uplift=started and gathered.sparsity_uplift,
        payment_state=payment_state,
        clawback_state=ClawbackState.NONE,
        ineligible_reason=ineligible_reason,
        superseded_by_id=gathered.duplicate_of_id,
    )
    with transaction.atomic():
        if statement is not None and not lock_open_statement(statement):
            # The statement closed since the facts were read: the claim goes on the next open one, if there is one.
            statement = _next_statement(lead_provider, gathered, lock=True)
            if statement is None:
                raise DomainValidationError("cohort", rules.NO_OUTPUT_STATEMENT.format(cohort=gathered.cohort_year))
        declaration.statement = statement
        created = create_recording_event(
            declaration,
            ignore_conflicts=True,
            event_type="declaration_created",
            heading=f"{declaration_type} declaration ({course_identifier}) recorded as {declaration.api_state}",
            author_type=AuthorType.LEAD_PROVIDER_API,
            author_name=lead_provider.name,
            declaration_id=declaration.api_id,
            participant_id=gathered.participant_api_id,
            statement_id=statement.api_id if statement else None,
        )
        if created and course_identifier == CourseIdentifier.ECF_MENTOR and declaration_type == "completed":
            mentor_completion_refresh(teacher=Teacher(pk=gathered.teacher_id))
    if created:
        return Recorded(pk=declaration.pk, created=True)
    # Another request claimed the same event first (and has committed): an exact copy of ours gets its answer.
    existing = identical_declarations(
        lead_provider=lead_provider,
        teacher=Teacher(pk=gathered.teacher_id),
        course_identifier=course_identifier,
        declaration_type=declaration_type,
        declaration_date=declared,
        evidence_held=evidence,
    ).first()
    if existing is not None:
        return Recorded(pk=existing.pk, created=False)
    raise DomainValidationError("base", rules.ALREADY_CLAIMED)
