"""Recording a declaration (POST /participant-declarations; docs/declarations.md, "Recording a declaration";
docs/decisions.md 5, 8)."""

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from config import clock
from config.api.errors import DomainValidationError
from config.events import record_event
from config.models import AuthorType
from config.text import is_blank
from participants.models import Teacher, TrainingPeriod
from participants.selectors import COURSE_ROLES, teacher_for_write, trained_by
from partnerships.models import DeclarationType, LeadProvider
from schools.models import SchoolFundingUplift
from statements.selectors import lock_open_statement, next_output_statement

from .. import rules
from ..models import BILLABLE, CourseIdentifier, Declaration, IneligibleReason, PaymentState
from ..selectors import declaration_training_period, identical_declaration, mentor_on
from .funding import mentor_completion_refresh


@dataclass
class _Checked:
    """What validation resolved, for the insert."""

    teacher: Teacher
    role: str
    period: TrainingPeriod
    declaration_date: dt.datetime
    evidence_held: str
    fundable: bool
    # The open output statement a fundable participant's claim lands on (found during validation).
    statement: object | None


def _validate(
    *,
    lead_provider: LeadProvider,
    teacher: Teacher | None,
    role: str | None,
    period: TrainingPeriod | None,
    declaration_type,
    raw_date,
    declared: dt.datetime | None,
    evidence_held,
) -> tuple[bool, object | None]:
    """Every check of docs/declarations.md, "Checks, in order", in its order; raises the collected 422. Returns whether
    the participant is fundable and, if so, the open output statement the claim lands on."""
    errors: list[tuple[str, str]] = []
    if teacher is None:
        errors.append(("participant_id", rules.PARTICIPANT_NOT_RECOGNISED))
    if period is not None and declared is not None and period.withdrawn_at is not None:
        if period.withdrawn_at <= declared:
            withdrawn = period.withdrawn_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
            errors.append(("participant_id", rules.WITHDRAWN.format(withdrawal_date=withdrawn)))
    if is_blank(raw_date):
        errors.append(("declaration_date", rules.DATE_BLANK))
    if is_blank(declaration_type):
        errors.append(("declaration_type", rules.TYPE_BLANK))
    if declared is not None and declared > clock.now():
        errors.append(("declaration_date", rules.DATE_FUTURE))
    if not is_blank(raw_date) and declared is None:
        errors.append(("declaration_date", rules.DATE_INVALID))

    schedule = period.schedule if period is not None else None
    cohort = schedule.cohort if schedule is not None else None
    milestone = None
    if schedule is not None and not is_blank(declaration_type):
        milestone = next((m for m in schedule.milestones.all() if m.declaration_type == declaration_type), None)
    if milestone is not None and declared is not None:
        position = milestone.window_position(declared)
        if position is not None:
            message = rules.BEFORE_MILESTONE_START if position == "before" else rules.AFTER_MILESTONE_END
            errors.append(("declaration_date", message))
    fundable = teacher is not None and role is not None and teacher.eligible_for_funding(role)
    statement = None
    if cohort is not None and fundable:
        statement = next_output_statement(lead_provider=lead_provider, cohort=cohort, today=clock.today())
        if statement is None:
            errors.append(("cohort", rules.NO_OUTPUT_STATEMENT.format(cohort=cohort.start_year)))
    if schedule is not None and not is_blank(declaration_type) and milestone is None:
        errors.append(("declaration_type", rules.TYPE_NOT_IN_SCHEDULE))
    # Only the training the caller gives may reveal a claim (by anyone) on the event.
    if period is not None and not is_blank(declaration_type):
        course = next(c for c, r in COURSE_ROLES.items() if r == role)
        claimed = Declaration.objects.filter(
            BILLABLE, teacher=teacher, course_identifier=course, declaration_type=declaration_type
        )
        if claimed.exists():
            errors.append(("base", rules.ALREADY_CLAIMED))
    if role == "mentor" and cohort is not None and cohort.mentor_funding:
        if declaration_type not in (DeclarationType.STARTED, DeclarationType.COMPLETED, None, ""):
            errors.append(("declaration_type", rules.MENTOR_STARTED_COMPLETED_ONLY))
    elif role == "mentor" and isinstance(declaration_type, str) and declaration_type.startswith("extended-"):
        errors.append(("declaration_type", rules.MENTOR_NO_EXTENDED))
    # Without the provider's training period, say whether the course itself is unknown for the participant.
    if not errors and period is None and (role is None or not teacher.training_periods.filter(role=role).exists()):
        errors.append(("course_identifier", rules.COURSE_NOT_RECOGNISED))
    if not errors and period is None:
        errors.append(("participant_id", rules.PARTICIPANT_NOT_RECOGNISED))
    if not errors:
        message = rules.evidence_error(
            cohort=cohort, role=role, declaration_type=declaration_type, evidence_held=evidence_held
        )
        if message:
            errors.append(("evidence_held", message))
    if errors:
        raise DomainValidationError(errors)
    return fundable, statement


def declaration_create(
    *,
    lead_provider: LeadProvider,
    participant_id: str | None,
    course_identifier: str | None,
    declaration_type: str | None,
    declaration_date: str | None,
    evidence_held: str | None = None,
) -> tuple[Declaration, bool]:
    """A lead provider claims a milestone of a participant's training. Returns (declaration, created).

    An exact copy of a request that already created a live declaration returns that declaration, also when the
    copies arrive together: the partial unique index on live claims lets one insert win and the others find it.
    A fundable participant's claim is `eligible` on the provider's next open output statement; otherwise it is
    `submitted` until the participant becomes fundable.
    """
    if isinstance(course_identifier, str) and course_identifier.startswith("npq-"):
        raise DomainValidationError("course_identifier", rules.NPQ_UNSUPPORTED)
    teacher = None if is_blank(participant_id) else teacher_for_write(participant_id=participant_id)
    role = COURSE_ROLES.get(course_identifier) if isinstance(course_identifier, str) else None
    declared = rules.parse_declaration_date(declaration_date)
    # The schedule and the withdrawal rule follow the provider's current training of the participant.
    period = None
    if teacher is not None and role is not None:
        period = declaration_training_period(lead_provider=lead_provider, teacher=teacher, role=role)
    if period is None and teacher is not None and not trained_by(lead_provider=lead_provider, teacher=teacher):
        # A participant the caller never trained is answered as an unknown one: nothing said about them may
        # reveal another provider's claims (docs/lead-provider-api.md, "Declarations").
        teacher = None

    def identical() -> Declaration | None:
        if period is None or declared is None or is_blank(declaration_type):
            return None
        return identical_declaration(
            lead_provider=lead_provider,
            teacher=teacher,
            course_identifier=course_identifier,
            declaration_type=declaration_type,
            declaration_date=declared,
            evidence_held=rules.stored_evidence(
                cohort=period.schedule.cohort, declaration_type=declaration_type, evidence_held=evidence_held
            ),
        )

    existing = identical()
    if existing is not None:
        return existing, False
    try:
        fundable, statement = _validate(
            lead_provider=lead_provider,
            teacher=teacher,
            role=role,
            period=period,
            declaration_type=declaration_type,
            raw_date=declaration_date,
            declared=declared,
            evidence_held=evidence_held,
        )
    except DomainValidationError as error:
        # An identical request may have been recorded since the lookup above: it gets the same answer.
        existing = identical() if ("base", rules.ALREADY_CLAIMED) in error.errors else None
        if existing is None:
            raise
        return existing, False
    checked = _Checked(
        teacher=teacher,
        role=role,
        period=period,
        declaration_date=declared,
        evidence_held=rules.stored_evidence(
            cohort=period.schedule.cohort, declaration_type=declaration_type, evidence_held=evidence_held
        ),
        fundable=fundable,
        statement=statement,
    )
    return _insert(
        lead_provider=lead_provider,
        checked=checked,
        course_identifier=course_identifier,
        declaration_type=declaration_type,
    )


def _merged_duplicate(teacher: Teacher, course_identifier: str, declaration_type: str) -> Declaration | None:
    """A live claim for the same person under a merged duplicate record (docs/declarations.md, "Duplicates and repeated
    requests")."""
    return (
        Declaration.objects.filter(
            BILLABLE,
            teacher__merged_into=teacher,
            course_identifier=course_identifier,
            declaration_type=declaration_type,
            superseded_by__isnull=True,
        )
        .order_by("created_at", "id")
        .first()
    )


@transaction.atomic
def _insert(
    *, lead_provider: LeadProvider, checked: _Checked, course_identifier: str, declaration_type: str
) -> tuple[Declaration, bool]:
    teacher = checked.teacher
    cohort = checked.period.schedule.cohort
    on = checked.declaration_date.astimezone(dt.UTC).date()
    # Delivery partner, mentor and school are those of the training the participant was in on the day (the
    # latest period, unless it started after the declaration date).
    period = checked.period
    if period.started_on > on:
        period = declaration_training_period(lead_provider=lead_provider, teacher=teacher, role=checked.role, on=on)
    statement = checked.statement
    if statement is not None and not lock_open_statement(statement):
        # The statement closed since validation: the claim goes on the next open one, if there is one.
        statement = next_output_statement(lead_provider=lead_provider, cohort=cohort, today=clock.today(), lock=True)
        if statement is None:
            raise DomainValidationError("cohort", rules.NO_OUTPUT_STATEMENT.format(cohort=cohort.start_year))
    duplicate_of = (
        _merged_duplicate(teacher, course_identifier, declaration_type)
        if getattr(teacher, "has_merged_records", True)
        else None
    )
    if duplicate_of is not None and statement is None:
        statement = next_output_statement(lead_provider=lead_provider, cohort=cohort, today=clock.today())
    # Uplifts are paid on the `started` claim only, so only it carries them
    # (docs/declarations.md, "Facts kept with the claim").
    uplift = None
    if declaration_type == DeclarationType.STARTED:
        uplift = SchoolFundingUplift.objects.filter(school_id=period.school_id, cohort_year=cohort.start_year).first()
    partnership = period.partnership
    declaration = Declaration(
        lead_provider=lead_provider,
        teacher=teacher,
        training_period=period,
        course_identifier=course_identifier,
        declaration_type=declaration_type,
        declaration_date=checked.declaration_date,
        evidence_held=checked.evidence_held,
        cohort=cohort,
        delivery_partner_id=partnership.delivery_partnership.delivery_partner_id if partnership else None,
        mentor=mentor_on(training_period=period, on=on),
        pupil_premium_uplift=bool(uplift and uplift.pupil_premium_uplift),
        sparsity_uplift=bool(uplift and uplift.sparsity_uplift),
        statement=statement,
    )
    if duplicate_of is not None:
        declaration.payment_state = PaymentState.INELIGIBLE
        declaration.ineligible_reason = IneligibleReason.DUPLICATE_DECLARATION
        declaration.superseded_by = duplicate_of
    elif statement is not None:
        declaration.payment_state = PaymentState.ELIGIBLE
    try:
        with transaction.atomic():
            declaration.save()
    except IntegrityError:
        # Another request claimed the same event first; an exact copy of ours gets its answer.
        existing = identical_declaration(
            lead_provider=lead_provider,
            teacher=teacher,
            course_identifier=course_identifier,
            declaration_type=declaration_type,
            declaration_date=checked.declaration_date,
            evidence_held=checked.evidence_held,
        )
        if existing is not None:
            return existing, False
        raise DomainValidationError("base", rules.ALREADY_CLAIMED) from None
    record_event(
        event_type="declaration_created",
        heading=f"{declaration_type} declaration ({course_identifier}) recorded as {declaration.api_state}",
        subject=declaration,
        author_type=AuthorType.LEAD_PROVIDER_API,
        author_name=lead_provider.name,
        declaration_id=declaration.api_id,
        participant_id=teacher.api_id,
        statement_id=statement.api_id if statement else None,
    )
    if course_identifier == CourseIdentifier.ECF_MENTOR and declaration_type == DeclarationType.COMPLETED:
        mentor_completion_refresh(teacher=teacher)
    return declaration, True
