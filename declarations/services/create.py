"""Recording a declaration (POST /participant-declarations; docs/declarations.md, "Recording a declaration";
docs/decisions.md 5, 8).

The checks and their messages are declarations/rules.py's; this module gathers what they read and records the
claim. A POST costs two statements here (docs/lead-provider-api.md, "Declarations: the cost of a POST"): one query
resolves the participant (following merges), the provider's training period, schedule, cohort, milestone, next open
output statement, any claim on the event, an identical earlier request, uplift, mentor and merged duplicate; one
statement share-locks the statement, inserts the declaration (the partial unique index arbitrates races) and its
event row. An exact replay or a refused request stops after the first.
"""

import datetime as dt
import json
import uuid
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone

from config import clock
from config.db import PreparedStatement
from config.errors import DomainValidationError
from config.models import AuthorType
from config.text import as_uuid, is_blank
from participants.models import Teacher
from participants.selectors import COURSE_ROLES
from partnerships.models import Cohort, DeclarationType, LeadProvider
from schools.models import SchoolFundingUplift
from statements.selectors import next_output_statement

from .. import rules
from ..models import BILLABLE_PAYMENT_STATES, ClawbackState, CourseIdentifier, Declaration, PaymentState
from ..selectors import declaration_training_period, identical_declaration, mentor_on
from .funding import mentor_completion_refresh

# The partial unique index's predicate (models.Declaration, uniq_billable_declaration), as SQL.
_BILLABLE_SQL = "payment_state IN ({}) AND clawback_state = ''".format(
    ", ".join(f"'{state}'" for state in BILLABLE_PAYMENT_STATES)
)

# Every fact a declaration's checks and its insert need, in one round trip. The participant is the one the id
# names, following an id change and then merges (participants.selectors.teacher_for_write); the period is the
# provider's latest in the course's role (declarations.selectors.declaration_training_period).
_GATHER = f"""
WITH RECURSIVE named AS (
    SELECT coalesce(
        (SELECT id FROM participants_teacher WHERE api_id = %(participant)s),
        (SELECT teacher_id FROM participants_participantidchange WHERE from_participant_id = %(participant)s
         ORDER BY changed_at DESC, id DESC LIMIT 1)
    ) AS id
), chain (id, merged_into_id, seen, depth) AS (
    SELECT t.id, t.merged_into_id, ARRAY[]::bigint[], 0 FROM participants_teacher t JOIN named ON t.id = named.id
    UNION ALL
    SELECT t.id, t.merged_into_id, c.seen || c.id, c.depth + 1
    FROM chain c JOIN participants_teacher t ON t.id = c.merged_into_id
    WHERE NOT c.id = ANY (c.seen)
), teacher AS (
    SELECT t.* FROM participants_teacher t WHERE t.id = (SELECT id FROM chain ORDER BY depth DESC LIMIT 1)
), provider_periods AS (
    SELECT tp.id, tp.role, tp.started_on, tp.withdrawn_at, tp.school_id, tp.ect_at_school_period_id, tp.schedule_id,
           dp.delivery_partner_id
    FROM participants_trainingperiod tp
    JOIN partnerships_partnership p ON p.id = tp.partnership_id
    JOIN partnerships_leadproviderdeliverypartnership dp ON dp.id = p.delivery_partnership_id
    JOIN partnerships_leadprovidercontract c ON c.id = dp.contract_id
    WHERE c.lead_provider_id = %(lead_provider)s AND tp.teacher_id = (SELECT id FROM teacher)
), period AS (
    SELECT * FROM provider_periods WHERE role = %(role)s ORDER BY started_on DESC, id DESC LIMIT 1
)
SELECT
    teacher.id,
    teacher.api_id,
    teacher.ect_first_became_eligible_for_funding_at,
    teacher.mentor_first_became_eligible_for_funding_at,
    teacher.mentor_ineligible_for_funding_reason,
    EXISTS (SELECT 1 FROM participants_teacher m WHERE m.merged_into_id = teacher.id),
    EXISTS (SELECT 1 FROM provider_periods),
    EXISTS (SELECT 1 FROM participants_trainingperiod x WHERE x.teacher_id = teacher.id AND x.role = %(role)s),
    period.id, period.started_on, period.withdrawn_at, period.school_id, period.ect_at_school_period_id,
    period.delivery_partner_id,
    cohort.id, cohort.start_year, cohort.payments_frozen_at IS NOT NULL, coalesce(cohort.mentor_funding, false),
    coalesce(cohort.detailed_evidence_types, false),
    milestone.id IS NOT NULL, milestone.start_date, milestone.milestone_date,
    statement.id, statement.api_id,
    EXISTS (
        SELECT 1 FROM declarations_declaration d
        WHERE d.teacher_id = teacher.id AND d.course_identifier = %(course)s
          AND d.declaration_type = %(declaration_type)s AND d.{_BILLABLE_SQL.replace(" AND ", " AND d.")}
    ),
    identical.id, identical.api_id,
    coalesce(uplift.pupil_premium_uplift, false), coalesce(uplift.sparsity_uplift, false),
    mentor.teacher_id,
    duplicate.id
FROM (SELECT 1) AS one
LEFT JOIN teacher ON true
LEFT JOIN period ON true
LEFT JOIN partnerships_schedule schedule ON schedule.id = period.schedule_id
LEFT JOIN partnerships_cohort cohort ON cohort.id = schedule.cohort_id
LEFT JOIN partnerships_milestone milestone
    ON milestone.schedule_id = schedule.id AND milestone.declaration_type = %(declaration_type)s
LEFT JOIN LATERAL (
    SELECT s.id, s.api_id FROM statements_statement s
    WHERE s.lead_provider_id = %(lead_provider)s AND s.cohort_id = cohort.id AND s.output_fee AND s.state = 'open'
      AND s.cut_off_date >= %(today)s
    ORDER BY s.cut_off_date, s.id LIMIT 1
) statement ON true
LEFT JOIN LATERAL (
    SELECT d.id, d.api_id FROM declarations_declaration d
    WHERE d.lead_provider_id = %(lead_provider)s AND d.teacher_id = teacher.id AND d.course_identifier = %(course)s
      AND d.declaration_type = %(declaration_type)s AND d.declaration_date = %(declared)s
      AND d.evidence_held = CASE WHEN cohort.detailed_evidence_types THEN %(evidence_detailed)s
                                 ELSE %(evidence_basic)s END
      AND d.clawback_state = '' AND d.payment_state <> 'voided'
    ORDER BY d.created_at, d.id LIMIT 1
) identical ON period.id IS NOT NULL
LEFT JOIN schools_schoolfundinguplift uplift
    ON uplift.school_id = period.school_id AND uplift.cohort_year = cohort.start_year
LEFT JOIN LATERAL (
    SELECT mas.teacher_id FROM participants_mentorshipperiod mp
    JOIN participants_mentoratschoolperiod mas ON mas.id = mp.mentor_id
    WHERE mp.mentee_id = period.ect_at_school_period_id AND mp.started_on <= %(on)s
      AND (mp.finished_on IS NULL OR mp.finished_on >= %(on)s)
    ORDER BY mp.started_on DESC LIMIT 1
) mentor ON true
LEFT JOIN LATERAL (
    SELECT d.id FROM declarations_declaration d JOIN participants_teacher merged ON merged.id = d.teacher_id
    WHERE merged.merged_into_id = teacher.id AND d.course_identifier = %(course)s
      AND d.declaration_type = %(declaration_type)s AND d.{_BILLABLE_SQL.replace(" AND ", " AND d.")}
      AND d.superseded_by_id IS NULL
    ORDER BY d.created_at, d.id LIMIT 1
) duplicate ON true
"""

_COLUMNS = (
    "lead_provider_id, teacher_id, training_period_id, course_identifier, declaration_type, declaration_date, "
    "evidence_held, cohort_id, delivery_partner_id, mentor_id, pupil_premium_uplift, sparsity_uplift, payment_state, "
    "clawback_state, ineligible_reason, superseded_by_id, statement_id, clawback_statement_id, created_at, updated_at"
)
# One statement, so one transaction of its own: the statement is share-locked while still open (it cannot become
# payable before the claim is on it), the declaration inserted unless a live claim on the event exists (the partial
# unique index arbitrates concurrent requests: the loser inserts nothing and waits for the winner's commit), and
# the event row written with it. Returns the new id (None when nothing was inserted) and whether the statement
# was still open.
_WRITE = f"""
WITH open_statement AS (
    SELECT id FROM statements_statement WHERE id = %(statement)s::bigint AND state = 'open' FOR SHARE
), created AS (
    INSERT INTO declarations_declaration (api_id, {_COLUMNS})
    SELECT %(api_id)s::uuid, {", ".join(f"%({name.strip()})s" for name in _COLUMNS.split(","))}
    WHERE %(statement)s::bigint IS NULL OR EXISTS (SELECT 1 FROM open_statement)
    ON CONFLICT (teacher_id, course_identifier, declaration_type) WHERE {_BILLABLE_SQL} DO NOTHING
    RETURNING id
), event AS (
    INSERT INTO config_event
        (event_type, heading, happened_at, author_type, author_name, subject_type_id, subject_id, metadata)
    SELECT 'declaration_created', %(heading)s, %(created_at)s, %(author_type)s, %(author_name)s, %(subject_type)s,
           created.id, %(metadata)s::jsonb
    FROM created
)
SELECT (SELECT id FROM created), %(statement)s::bigint IS NULL OR EXISTS (SELECT 1 FROM open_statement)
"""


_GATHER_STATEMENT = PreparedStatement(
    "declaration_gather",
    _GATHER,
    {
        "participant": "uuid",
        "lead_provider": "bigint",
        "role": "text",
        "course": "text",
        "declaration_type": "text",
        "declared": "timestamptz",
        "on": "date",
        "today": "date",
        "evidence_detailed": "text",
        "evidence_basic": "text",
    },
)
_WRITE_STATEMENT = PreparedStatement(
    "declaration_write",
    _WRITE,
    {
        "statement": "bigint",
        "api_id": "uuid",
        "lead_provider_id": "bigint",
        "teacher_id": "bigint",
        "training_period_id": "bigint",
        "course_identifier": "text",
        "declaration_type": "text",
        "declaration_date": "timestamptz",
        "evidence_held": "text",
        "cohort_id": "bigint",
        "delivery_partner_id": "bigint",
        "mentor_id": "bigint",
        "pupil_premium_uplift": "boolean",
        "sparsity_uplift": "boolean",
        "payment_state": "text",
        "clawback_state": "text",
        "ineligible_reason": "text",
        "superseded_by_id": "bigint",
        "statement_id": "bigint",
        "clawback_statement_id": "bigint",
        "created_at": "timestamptz",
        "updated_at": "timestamptz",
        "heading": "text",
        "author_type": "text",
        "author_name": "text",
        "subject_type": "integer",
        "metadata": "jsonb",
    },
)


@dataclass
class Gathered:
    """The row _GATHER returns (see there); the defaults are what it says of a participant id that names no one."""

    teacher_id: int | None = None
    participant_api_id: uuid.UUID | None = None
    ect_eligible_at: dt.datetime | None = None
    mentor_eligible_at: dt.datetime | None = None
    mentor_ineligible_reason: str | None = None
    has_merged_records: bool = False
    trained_by: bool = False
    course_known: bool = False
    period_id: int | None = None
    period_started_on: dt.date | None = None
    withdrawn_at: dt.datetime | None = None
    school_id: int | None = None
    ect_at_school_period_id: int | None = None
    delivery_partner_id: int | None = None
    cohort_id: int | None = None
    cohort_year: int | None = None
    payments_frozen: bool | None = None
    mentor_funding: bool = False
    detailed_evidence_types: bool = False
    milestone_found: bool = False
    milestone_start: dt.date | None = None
    milestone_date: dt.date | None = None
    statement_id: int | None = None
    statement_api_id: uuid.UUID | None = None
    already_claimed: bool = False
    identical_id: int | None = None
    identical_api_id: uuid.UUID | None = None
    pupil_premium_uplift: bool = False
    sparsity_uplift: bool = False
    mentor_id: int | None = None
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
    api_id: uuid.UUID
    created: bool


def gather(
    *, lead_provider: LeadProvider, participant: uuid.UUID, request: rules.Request, course_identifier: str | None
) -> Gathered:
    declaration_type = request.declaration_type
    if not isinstance(declaration_type, str):
        # Compared as text, as the ORM would: a number matches no milestone and no claim.
        declaration_type = None if declaration_type is None else str(declaration_type)
    params = {
        "participant": participant,
        "lead_provider": lead_provider.pk,
        "role": request.role,
        "course": course_identifier if request.role is not None else None,
        "declaration_type": declaration_type,
        "declared": request.declared,
        "on": request.declared.astimezone(dt.UTC).date() if request.declared else None,
        "today": clock.today(),
        "evidence_detailed": rules.stored_evidence(
            detailed_evidence_types=True, declaration_type=declaration_type, evidence_held=request.evidence_held
        ),
        "evidence_basic": rules.stored_evidence(
            detailed_evidence_types=False, declaration_type=declaration_type, evidence_held=request.evidence_held
        ),
    }
    with connection.cursor() as cursor:
        _GATHER_STATEMENT.execute(cursor, params)
        return Gathered(*cursor.fetchone())


def _facts(gathered: Gathered, role: str | None) -> rules.Facts:
    # A participant the caller never trained is answered as an unknown one: nothing said about them may reveal
    # another provider's claims (docs/lead-provider-api.md, "Declarations").
    return rules.Facts(
        participant_known=gathered.teacher_id is not None and gathered.trained_by,
        period_found=gathered.period_id is not None,
        withdrawn_at=gathered.withdrawn_at,
        cohort_year=gathered.cohort_year,
        mentor_funding=gathered.mentor_funding,
        detailed_evidence_types=gathered.detailed_evidence_types,
        payments_frozen=bool(gathered.payments_frozen),
        milestone_start=gathered.milestone_start,
        milestone_date=gathered.milestone_date,
        milestone_found=gathered.milestone_found,
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
    # An identical request already recorded (read with every other fact, so in the same snapshot).
    if gathered.identical_id is not None and request.declared is not None and not is_blank(declaration_type):
        return Recorded(pk=gathered.identical_id, api_id=gathered.identical_api_id, created=False)
    errors = rules.declaration_errors(request, _facts(gathered, role))
    if errors:
        raise DomainValidationError(errors)
    return _write(
        lead_provider=lead_provider,
        gathered=gathered,
        request=request,
        course_identifier=course_identifier,
    )


def declaration_create(
    *,
    lead_provider: LeadProvider,
    participant_id,
    course_identifier,
    declaration_type,
    declaration_date,
    evidence_held=None,
) -> tuple[Declaration, bool]:
    """declaration_record for callers that want the row: returns (declaration, created)."""
    recorded = declaration_record(
        lead_provider=lead_provider,
        participant_id=participant_id,
        course_identifier=course_identifier,
        declaration_type=declaration_type,
        declaration_date=declaration_date,
        evidence_held=evidence_held,
    )
    return Declaration.objects.get(pk=recorded.pk), recorded.created


def _next_statement(lead_provider: LeadProvider, gathered: Gathered, *, lock: bool):
    cohort = Cohort.objects.get(pk=gathered.cohort_id)
    return next_output_statement(lead_provider=lead_provider, cohort=cohort, today=clock.today(), lock=lock)


def _write(
    *, lead_provider: LeadProvider, gathered: Gathered, request: rules.Request, course_identifier: str
) -> Recorded:
    declared = request.declared
    declaration_type = request.declaration_type
    evidence = rules.stored_evidence(
        detailed_evidence_types=gathered.detailed_evidence_types,
        declaration_type=declaration_type,
        evidence_held=request.evidence_held,
    )
    on = declared.astimezone(dt.UTC).date()
    period_id, school_id = gathered.period_id, gathered.school_id
    delivery_partner_id, mentor_id = gathered.delivery_partner_id, gathered.mentor_id
    if gathered.period_started_on > on:
        # Delivery partner, mentor and school are those of the training the participant was in on the day: the
        # latest period, unless it started after the declaration date (then the latest one started by then).
        period = declaration_training_period(
            lead_provider=lead_provider, teacher=Teacher(pk=gathered.teacher_id), role=request.role, on=on
        )
        period_id, school_id = period.pk, period.school_id
        partnership = period.partnership
        delivery_partner_id = partnership.delivery_partnership.delivery_partner_id if partnership else None
        mentor = mentor_on(training_period=period, on=on)
        mentor_id = mentor.pk if mentor else None
    # Uplifts are paid on the `started` claim only, so only it carries them
    # (docs/declarations.md, "Facts kept with the claim").
    pupil_premium = sparsity = False
    if declaration_type == DeclarationType.STARTED:
        if school_id == gathered.school_id:
            pupil_premium, sparsity = gathered.pupil_premium_uplift, gathered.sparsity_uplift
        else:
            uplift = SchoolFundingUplift.objects.filter(school_id=school_id, cohort_year=gathered.cohort_year).first()
            pupil_premium = bool(uplift and uplift.pupil_premium_uplift)
            sparsity = bool(uplift and uplift.sparsity_uplift)
    fundable = gathered.fundable(request.role)
    statement_id, statement_api_id = (gathered.statement_id, gathered.statement_api_id) if fundable else (None, None)
    payment_state, ineligible_reason = PaymentState.NO_PAYMENT, ""
    if gathered.duplicate_of_id is not None:
        # A live claim for the same person under a merged duplicate record (docs/declarations.md, "Duplicates and
        # repeated requests").
        payment_state, ineligible_reason = PaymentState.INELIGIBLE, "duplicate_declaration"
        if statement_id is None:
            statement = _next_statement(lead_provider, gathered, lock=False)
            statement_id, statement_api_id = (statement.pk, statement.api_id) if statement else (None, None)
    elif statement_id is not None:
        payment_state = PaymentState.ELIGIBLE
    now = timezone.now()
    api_id = uuid.uuid4()
    params = {
        "api_id": api_id,
        "lead_provider_id": lead_provider.pk,
        "teacher_id": gathered.teacher_id,
        "training_period_id": period_id,
        "course_identifier": course_identifier,
        "declaration_type": declaration_type,
        "declaration_date": declared,
        "evidence_held": evidence,
        "cohort_id": gathered.cohort_id,
        "delivery_partner_id": delivery_partner_id,
        "mentor_id": mentor_id,
        "pupil_premium_uplift": pupil_premium,
        "sparsity_uplift": sparsity,
        "payment_state": payment_state,
        "clawback_state": ClawbackState.NONE,
        "ineligible_reason": ineligible_reason,
        "superseded_by_id": gathered.duplicate_of_id,
        "clawback_statement_id": None,
        "created_at": now,
        "updated_at": now,
        "author_type": AuthorType.LEAD_PROVIDER_API,
        "author_name": lead_provider.name,
        "subject_type": ContentType.objects.get_for_model(Declaration).pk,
    }
    api_state = Declaration(payment_state=payment_state).api_state
    with transaction.atomic():
        while True:
            params["statement_id"] = statement_id
            params["statement"] = statement_id
            params["heading"] = f"{declaration_type} declaration ({course_identifier}) recorded as {api_state}"
            params["metadata"] = json.dumps(
                {
                    "declaration_id": str(api_id),
                    "participant_id": str(gathered.participant_api_id),
                    "statement_id": str(statement_api_id) if statement_api_id else None,
                }
            )
            with connection.cursor() as cursor:
                _WRITE_STATEMENT.execute(cursor, params)
                pk, statement_open = cursor.fetchone()
            if pk is not None or statement_open:
                break
            # The statement closed since the facts were read: the claim goes on the next open one, if there is one.
            replacement = _next_statement(lead_provider, gathered, lock=True)
            if replacement is None:
                raise DomainValidationError("cohort", rules.NO_OUTPUT_STATEMENT.format(cohort=gathered.cohort_year))
            statement_id, statement_api_id = replacement.pk, replacement.api_id
        if pk is not None and course_identifier == CourseIdentifier.ECF_MENTOR and declaration_type == "completed":
            mentor_completion_refresh(teacher=Teacher.objects.get(pk=gathered.teacher_id))
    if pk is not None:
        return Recorded(pk=pk, api_id=api_id, created=True)
    # Another request claimed the same event first (and has committed): an exact copy of ours gets its answer.
    existing = identical_declaration(
        lead_provider=lead_provider,
        teacher=Teacher(pk=gathered.teacher_id),
        course_identifier=course_identifier,
        declaration_type=declaration_type,
        declaration_date=declared,
        evidence_held=evidence,
    )
    if existing is not None:
        return Recorded(pk=existing.pk, api_id=existing.api_id, created=False)
    raise DomainValidationError("base", rules.ALREADY_CLAIMED)
