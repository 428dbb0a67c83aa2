"""The declaration rules: the ordered checks of a new declaration and their exact messages, the date format,
evidence_held tables (docs/declarations.md, "Checks, in order" and "Evidence held"). declarations/services/create.py
gathers the facts the checks read (in one query) and records the claim; nothing here touches the database."""

import datetime as dt
import re
from dataclasses import dataclass

from config import clock
from config.datetimes import fixed_offset, within_range
from config.text import is_blank
from participants.rules import COURSE_NOT_RECOGNISED as COURSE_NOT_RECOGNISED
from participants.rules import NPQ_UNSUPPORTED as NPQ_UNSUPPORTED
from participants.rules import PARTICIPANT_NOT_RECOGNISED as PARTICIPANT_NOT_RECOGNISED
from participants.rules import is_npq_course as is_npq_course
from partnerships.models import DeclarationType, Milestone

from .models import EvidenceHeld

# The participant and course messages are the participant actions' own, defined once in participants/rules.py.

WITHDRAWN = (
    "This participant withdrew from this course on {withdrawal_date}. "
    "Enter a '#/declaration_date' that's on or before the withdrawal date."
)
DATE_BLANK = "Enter a '#/declaration_date'."
TYPE_BLANK = "Enter a '#/declaration_type'."
DATE_FUTURE = "The '#/declaration_date' value cannot be a future date. Check the date and try again."
DATE_INVALID = "Enter a valid RCF3339 '#/declaration_date'."
BEFORE_MILESTONE_START = "Enter a '#/declaration_date' that's on or after the milestone start."
AFTER_MILESTONE_END = "Enter a '#/declaration_date' that's before the milestone end date."
NO_OUTPUT_STATEMENT = (
    "You cannot submit or void declarations for the {cohort} cohort. The funding contract for this cohort has ended. "
    "Get in touch if you need to discuss this with us"
)
TYPE_NOT_IN_SCHEDULE = "The property '#/declaration_type' does not exist for this schedule."
ALREADY_CLAIMED = "A declaration has already been submitted that will be, or has been, paid for this event"
MENTOR_STARTED_COMPLETED_ONLY = (
    "You cannot send retained or extended declarations for participants who began their mentor training after "
    "June 2025. Resubmit this declaration with either a started or completed declaration."
)
# Extended declarations are for ECTs on extended schedules only (the release notes publish no message for it).
MENTOR_NO_EXTENDED = "You cannot send extended declarations for mentors. Extended declarations are for ECTs only."
EVIDENCE_BLANK = "Enter a '#/evidence_held' value for this participant."
EVIDENCE_UNAVAILABLE = "Enter an available '#/evidence_held' type for this participant's event and course."

INVALID_ACTION = "Invalid action"
ALREADY_VOIDED = "This declaration has already been voided."
CLAWED_BACK_VIEW_ONLY = "This declaration has been clawed-back, so you can only view it."

# RFC 3339 with a time part; fraction with . or ,; optional Z or ±hh[:mm] (docs/declarations.md, "Checks, in order" 6).
_RFC3339 = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?(Z|[+-]\d{2}(?::?\d{2})?)?$",
    re.IGNORECASE | re.ASCII,
)


def parse_declaration_date(value) -> dt.datetime | None:
    """The instant of a `declaration_date`, or None when it is not RFC 3339 (no zone means UTC)."""
    if not isinstance(value, str):
        return None
    match = _RFC3339.match(value.strip())
    if match is None:
        return None
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    tz = dt.UTC
    if zone and zone.upper() != "Z":
        digits = zone[1:].replace(":", "")
        tz = fixed_offset(-1 if zone[0] == "-" else 1, int(digits[:2]), int(digits[2:4] or 0))
        if tz is None:
            return None
    try:
        micro = int((fraction or "0")[:6].ljust(6, "0"))
        moment = dt.datetime(int(year), int(month), int(day), int(hour), int(minute), int(second), micro, tzinfo=tz)
    except ValueError:
        return None
    # Out-of-range instants (year 9999 at -23:59) are not dates the service can store (docs/security.md §3).
    return within_range(moment) and moment


_BASIC = frozenset(
    {EvidenceHeld.TRAINING_EVENT_ATTENDED, EvidenceHeld.SELF_STUDY_MATERIAL_COMPLETED, EvidenceHeld.OTHER}
)
_DETAILED_TRAINING = _BASIC | {EvidenceHeld.MATERIALS_ENGAGED_WITH_OFFLINE}
_ENGAGEMENT = frozenset({EvidenceHeld.ENGAGEMENT_MET, EvidenceHeld.ENGAGEMENT_MET_REDUCED_INDUCTION})
_DETAILED = {
    "ect": {
        DeclarationType.RETAINED_2: _ENGAGEMENT,
        DeclarationType.COMPLETED: _ENGAGEMENT | {EvidenceHeld.ONE_TERM_INDUCTION},
    },
    "mentor": {DeclarationType.STARTED: _DETAILED_TRAINING, DeclarationType.COMPLETED: _ENGAGEMENT},
}


def _allowed_detailed(role: str, declaration_type: str) -> frozenset[str]:
    if role == "ect":
        return _DETAILED["ect"].get(declaration_type, _DETAILED_TRAINING)
    return _DETAILED["mentor"].get(declaration_type, frozenset())


def stored_evidence(*, detailed_evidence_types: bool, declaration_type: str, evidence_held) -> str:
    """What is kept: before detailed evidence types (a cohort's rule set), `started` never keeps evidence
    (docs/declarations.md, "Evidence held")."""
    if not detailed_evidence_types and declaration_type == DeclarationType.STARTED:
        return ""
    return evidence_held if isinstance(evidence_held, str) else ""


def evidence_error(*, detailed_evidence_types: bool, role: str, declaration_type: str, evidence_held) -> str | None:
    """The evidence_held message for the cohort's rule set, or None when the evidence is acceptable."""
    blank = evidence_held is None or evidence_held == ""
    # A JSON list, object or number is simply not one of the values (and must not reach a set lookup).
    known = isinstance(evidence_held, str)
    if not detailed_evidence_types:
        if declaration_type == DeclarationType.STARTED:
            return None
        if blank:
            return EVIDENCE_BLANK
        return None if known and evidence_held in _BASIC else EVIDENCE_UNAVAILABLE
    if blank:
        return None if declaration_type == DeclarationType.STARTED else EVIDENCE_BLANK
    return None if known and evidence_held in _allowed_detailed(role, declaration_type) else EVIDENCE_UNAVAILABLE


@dataclass(frozen=True)
class Request:
    """What the lead provider sent (raw values: any JSON type may arrive)."""

    role: str | None  # from course_identifier; None when it is not an ECF course
    declaration_type: object
    raw_date: object
    declared: dt.datetime | None  # the parsed declaration_date
    evidence_held: object


@dataclass(frozen=True)
class Facts:
    """What the database says about the request, as the checks read it. `period_found` is the provider's latest
    training of the participant in the course's role; the cohort and milestone fields are that period's schedule's
    (None without a period, or without a milestone for the declaration type)."""

    participant_known: bool  # resolved, and trained by the caller (another provider's participant is unknown)
    period_found: bool
    withdrawn_at: dt.datetime | None
    cohort_year: int | None
    mentor_funding: bool
    detailed_evidence_types: bool
    payments_frozen: bool
    milestone_start: dt.date | None
    milestone_date: dt.date | None
    milestone_found: bool
    fundable: bool
    has_output_statement: bool  # the provider's next open output statement for the cohort exists
    already_claimed: bool  # a billable claim (by anyone) on the participant's course and milestone
    course_known: bool  # the participant has some training (any provider) in the course's role


def declaration_errors(request: Request, facts: Facts) -> list[tuple[str, str]]:
    """Every check of docs/declarations.md, "Checks, in order", in its order: the (title, detail) pairs of the
    422, empty when the declaration may be recorded."""
    declaration_type, declared, role = request.declaration_type, request.declared, request.role
    errors: list[tuple[str, str]] = []
    if not facts.participant_known:
        errors.append(("participant_id", PARTICIPANT_NOT_RECOGNISED))
    if facts.withdrawn_at is not None and declared is not None and facts.withdrawn_at <= declared:
        withdrawn = facts.withdrawn_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        errors.append(("participant_id", WITHDRAWN.format(withdrawal_date=withdrawn)))
    if is_blank(request.raw_date):
        errors.append(("declaration_date", DATE_BLANK))
    if is_blank(declaration_type):
        errors.append(("declaration_type", TYPE_BLANK))
    if declared is not None and declared > clock.now():
        errors.append(("declaration_date", DATE_FUTURE))
    if not is_blank(request.raw_date) and declared is None:
        errors.append(("declaration_date", DATE_INVALID))
    if facts.milestone_found and declared is not None:
        window = Milestone(start_date=facts.milestone_start, milestone_date=facts.milestone_date)
        position = window.window_position(declared)
        if position is not None:
            errors.append(("declaration_date", BEFORE_MILESTONE_START if position == "before" else AFTER_MILESTONE_END))
    # The cohort (and milestone) fields come from the period's schedule: None without one.
    scheduled = facts.cohort_year is not None
    if scheduled and facts.fundable and (facts.payments_frozen or not facts.has_output_statement):
        errors.append(("cohort", NO_OUTPUT_STATEMENT.format(cohort=facts.cohort_year)))
    if scheduled and not is_blank(declaration_type) and not facts.milestone_found:
        errors.append(("declaration_type", TYPE_NOT_IN_SCHEDULE))
    # Only the training the caller gives may reveal a claim (by anyone) on the event.
    if facts.period_found and not is_blank(declaration_type) and facts.already_claimed:
        errors.append(("base", ALREADY_CLAIMED))
    if role == "mentor" and facts.mentor_funding:
        if declaration_type not in (DeclarationType.STARTED, DeclarationType.COMPLETED, None, ""):
            errors.append(("declaration_type", MENTOR_STARTED_COMPLETED_ONLY))
    elif role == "mentor" and isinstance(declaration_type, str) and declaration_type.startswith("extended-"):
        errors.append(("declaration_type", MENTOR_NO_EXTENDED))
    # Without the provider's training period, say whether the course itself is unknown for the participant.
    if not errors and not facts.period_found and (role is None or not facts.course_known):
        errors.append(("course_identifier", COURSE_NOT_RECOGNISED))
    if not errors and not facts.period_found:
        errors.append(("participant_id", PARTICIPANT_NOT_RECOGNISED))
    if not errors:
        message = evidence_error(
            detailed_evidence_types=facts.detailed_evidence_types,
            role=role,
            declaration_type=declaration_type,
            evidence_held=request.evidence_held,
        )
        if message:
            errors.append(("evidence_held", message))
    return errors
