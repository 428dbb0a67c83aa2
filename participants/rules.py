"""The participants app's rules for lead providers and DfE staff: the exact messages and the ordered checks that
need no database (docs/participants.md, docs/lead-provider-api.md "Participant actions"). The school journeys'
rules are in participants/school_pages/rules.py; a message both need is defined once, here or there.

Each check adds to a `ValidationErrors` collector in the order the published service reports its errors.
"""

import datetime as dt

from config.errors import ValidationErrors
from config.text import is_blank
from partnerships.rules import COHORT_INVALID

from .selectors import COURSE_ROLES

__all__ = ["COHORT_INVALID", "COURSE_ROLES"]

# -- recognising the participant and the course (also the declarations API's messages) -----------------------------
PARTICIPANT_NOT_RECOGNISED = (
    "Your update cannot be made as the '#/participant_id' is not recognised. Check participant details and try again."
)
COURSE_BLANK = "Enter a '#/course_identifier' value for this participant."
COURSE_NOT_RECOGNISED = (
    "The entered '#/course_identifier' is not recognised for the given participant. Check details and try again."
)
NPQ_UNSUPPORTED = "NPQ Courses are no longer supported"

# -- defer, withdraw, resume ------------------------------------------------------------------------------------
REASON_MISSING = "The property '#/reason' must be present"
REASON_INVALID = "The property '#/reason' must be a valid reason"
ALREADY_WITHDRAWN = "The participant is already withdrawn"
ALREADY_DEFERRED = "The participant is already deferred"
ALREADY_ACTIVE = "The participant is already active"
NOT_A_MENTOR = "You cannot withdraw an ECT for this reason. The ECT is not a mentor."
CHANGED_TODAY = (
    "You cannot defer or withdraw this participant today. You need to try again tomorrow as the training was "
    "recently changed for this participant."
)
NO_LONGER_AT_SCHOOL = "The participant is no longer at the school. Please contact the induction tutor to resolve."
ACTIVE_ELSEWHERE = "This participant cannot be resumed because they are already active with another provider."

# -- change schedule ------------------------------------------------------------------------------------------
LEFT_NO_SCHEDULE_CHANGE = (
    "You cannot change this participant\u2019s schedule. This is because the participant has a 'left' "
    "participant_status, so they are not training with you currently."
)
STARTS_WITH_ANOTHER_PROVIDER = (
    "You cannot change this participant\u2019s schedule as they are due to start with another lead provider in the "
    "future."
)
SCHEDULE_INVALID = "The property '#/schedule_identifier' must be present and correspond to a valid schedule"
WITHDRAWN_NO_ACTIONS = "Cannot perform actions on a withdrawn participant"
SCHEDULE_UNCHANGED = "Selected schedule is already on the profile"
SCHEDULE_NOT_FOR_COURSE = "Selected schedule is not valid for the course"
COHORT_NO_PARTNERSHIP = (
    "You cannot change a participant to this cohort as you do not have a partnership with the school for the "
    "cohort. Contact the DfE for assistance."
)
# In the API's vocabulary ("contract period" is "cohort" to lead providers).
COHORT_FROZEN = (
    "You cannot move a participant to a payments frozen cohort unless they previously belonged to that cohort."
)
SCHEDULE_INVALIDATES_DECLARATIONS = "Changing schedule would invalidate existing declarations. Please void them first."
COHORT_LOCKED_BY_DECLARATIONS = "You cannot change the '#/cohort' field"
# Participants in a payments-frozen cohort who have not finished move to this cohort (by the lead provider's
# schedule change or by a school's registration; docs/participants.md).
FROZEN_COHORT_DESTINATION = 2024

# -- DfE support's actions (docs/support.md) ----------------------------------------------------------------------
TRAINING_NOT_ONGOING = (
    "Only ongoing provider-led training that is not deferred or withdrawn can move to another partnership"
)
PARTNERSHIP_AT_ANOTHER_SCHOOL = "Choose a partnership at the school where this training is"
PARTNERSHIP_IN_ANOTHER_COHORT = "Choose a partnership in the cohort this training is in"
PARTNERSHIP_UNCHANGED = "The training is already with this partnership"
PARTNERSHIP_BLANK = "Choose a partnership"
TEACHER_EXISTS = "A teacher with this TRN already exists: {name}"
DATE_OF_BIRTH_DOES_NOT_MATCH = "The date of birth does not match the Teacher Record Service's record for this TRN"

# -- records kept by DfE and the services ------------------------------------------------------------------------
EMAIL_REQUIRED = "Enter the teacher's email address"
TRAINING_WITH_DECLARATIONS = "Cannot delete a training period with billable declarations"
SAME_RECORD = "Choose two different participant records."
ALREADY_MERGED = "This record has already been merged into another one."
PAID_TWICE = "Both records have a paid declaration for the same milestone. Claw one back before merging the records."
OVERLAP = (
    "These records cannot be merged: they have overlapping periods at schools or in training. Fix the periods first."
)


def is_npq_course(course) -> bool:
    """NPQ courses are refused by every action and by declarations (docs/participants.md)."""
    return isinstance(course, str) and course.startswith("npq-")


def check_course(errors: ValidationErrors, course_identifier) -> str | None:
    """The role a `course_identifier` names, or None with its errors: blank (both messages), NPQ, unknown."""
    course = course_identifier.strip() if isinstance(course_identifier, str) else course_identifier
    if course is None or course == "":
        errors.add("course_identifier", COURSE_BLANK)
        errors.add("course_identifier", COURSE_NOT_RECOGNISED)
        return None
    if is_npq_course(course):
        errors.add("course_identifier", NPQ_UNSUPPORTED)
        return None
    role = COURSE_ROLES.get(course) if isinstance(course, str) else None
    if role is None:
        errors.add("course_identifier", COURSE_NOT_RECOGNISED)
    return role


def check_reason(errors: ValidationErrors, reason, allowed: type) -> None:
    """A defer or withdrawal reason: missing (both messages) or not one of `allowed`'s values."""
    if is_blank(reason):
        errors.add("reason", REASON_MISSING)
        errors.add("reason", REASON_INVALID)
    elif reason not in allowed.values:
        errors.add("reason", REASON_INVALID)


def check_can_stop(errors: ValidationErrors, *, to: str, status: str, started_on: dt.date, today: dt.date) -> None:
    """Deferring (`to="deferred"`) or withdrawing: not twice, never a withdrawn participant, and not training that
    started today or is still to start."""
    if status == to or status == "withdrawn":
        errors.add("participant_profile", ALREADY_DEFERRED if status == "deferred" else ALREADY_WITHDRAWN)
    elif started_on >= today:
        errors.add("participant_id", CHANGED_TODAY)
