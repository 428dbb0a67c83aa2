"""Every message of the school journeys that register and change ECTs and mentors, once (re-exported by
participants.school_pages.rules; docs/school-registration.md)."""

from schools.rules import EMAIL_FORMAT, SIT_EMAIL_BLANK, SIT_EMAIL_TOO_LONG, SIT_NAME_BLANK

# -- find ECT / mentor (docs/school-registration.md, "Register an ECT", "Register a mentor") -----------------
TRN_HINT = "Must be 5 to 7 digits long"
TRN_BLANK = "Enter the teacher reference number (TRN)"
TRN_TOO_SHORT = "Teacher reference number must include at least 5 digits"
TRN_TOO_LONG = "Teacher reference number cannot include more than 7 digits"
DOB_BLANK = "Enter a date of birth"
# A hint and its error give the same example (docs/school-registration.md, "Register an ECT").
DOB_EXAMPLE = "12 3 1998"
DOB_HINT = f"For example, {DOB_EXAMPLE}"
DOB_INVALID = f"Enter the date of birth in the correct format, for example {DOB_EXAMPLE}"
DOB_TOO_OLD = "The teacher cannot be more than 100 years old"
DOB_TOO_YOUNG = "The teacher cannot be less than 18 years old"
NI_BLANK = "Enter a National Insurance Number"
NI_INVALID = "Enter a National Insurance Number in the correct format"
# The hint's example is a number the format check accepts.
NI_EXAMPLE = "AB 12 34 56 C"
NI_HINT = f"It's on the teacher's National Insurance card, benefit letter, payslip or P60. For example, '{NI_EXAMPLE}'."
ALREADY_ACTIVE_AT_SCHOOL = "{name} is already registered as an ECT at your school"
MENTOR_ALREADY_ACTIVE_AT_SCHOOL = "{name} is already registered as a mentor at your school"
CANNOT_MENTOR_THEMSELF = "A mentee cannot mentor themself"
# Dead ends of "find ECT" (§3.2 step 2) and "find mentor", refused again on confirm.
INDUCTION_COMPLETED = "{name} has completed their induction"
INDUCTION_EXEMPT = "{name} is exempt from completing their induction"
INDUCTION_FAILED = "{name} has failed their induction"
PROHIBITED = "{name} cannot be registered: our records show they are prohibited from teaching"
CANNOT_REGISTER_MENTOR = "{name} cannot be registered as a mentor: our records show they are prohibited from teaching"
TRN_NOT_FOUND = "No teacher with this TRN was found in the Teacher Record Service"
EMAIL_IN_USE = "This email address is already in use by another ECT or mentor"
CANNOT_REGISTER_YET = "You cannot register an ECT starting on this date yet"
CANNOT_REGISTER_MENTOR_YET = "You cannot register a mentor starting on this date yet"

# -- review details (docs/school-registration.md, "Register an ECT") -------------------------------------------
DETAILS_CORRECT_BLANK = "Select 'Yes' or 'No' to confirm whether the details are correct"
CORRECTED_NAME_BLANK = SIT_NAME_BLANK  # the school pages' one "full name" message (schools.rules)
CORRECTED_NAME_TOO_LONG = "Corrected name must be 70 characters or less"
NAME_MAX_LENGTH = 70

# -- email (docs/school-registration.md, "Register an ECT", "Changes") ----------------------------------------
# The email address messages are those of the school pages' one email check (schools.rules).
EMAIL_BLANK = SIT_EMAIL_BLANK
EMAIL_INVALID = EMAIL_FORMAT
EMAIL_TOO_LONG = SIT_EMAIL_TOO_LONG

EMAIL_UNCHANGED = "The email address must be different from the current email address"

# -- start date (docs/school-registration.md, "Dates") ---------------------------------------------------------
START_DATE_BLANK = "Enter the date the ECT started or will start teaching at your school"
START_DATE_EXAMPLE = "17 9 2025"
START_DATE_HINT = f"For example, {START_DATE_EXAMPLE}"
START_DATE_INVALID = f"Enter the start date using the correct format, for example {START_DATE_EXAMPLE}"
START_DATE_TOO_EARLY = "Start date cannot be this far in the past. Enter a date later than {date}."
# "after" means after: the date named is the last one refused (docs/school-registration.md, "Dates").
START_DATE_OTHER_SCHOOL = (
    "Our records show that {name} started teaching at {school} on {date}. Enter a start date after {date}."
)
START_DATE_OTHER_SCHOOL_TRAINING = (
    "Our records show that {name}'s training at {school} started on {date}. Enter a start date after {date}."
)
START_DATE_TOO_FAR = "Start date must be before {date}. You cannot register the ECT this far in advance."

# -- working pattern, previous choices, AB, programme, lead provider (docs/school-registration.md) --------------
WORKING_PATTERN_BLANK = "Select if the ECT's working pattern is full or part time"
WORKING_PATTERN_CHANGE_BLANK = "Select a working pattern"
WORKING_PATTERN_UNCHANGED = "The working pattern must be different from the current working pattern"
USE_PREVIOUS_CHOICES_BLANK = (
    "Select 'Yes' or 'No' to confirm whether to use the programme choices used by your school previously"
)
APPROPRIATE_BODY_BLANK = "Select the appropriate body which will be supporting the ECT's induction"
APPROPRIATE_BODY_INACTIVE = "Must be active"
APPROPRIATE_BODY_MUST_BE_TSH = "Must be teaching school hub"
APPROPRIATE_BODY_MUST_BE_NATIONAL_OR_TSH = "Must be national or teaching school hub"
APPROPRIATE_BODY_UNCHANGED = "The appropriate body must be different from the current appropriate body"
TRAINING_PROGRAMME_BLANK = "Select either 'Provider-led' or 'School-led' training"
TRAINING_PROGRAMME_UNCHANGED = "The training programme must be different from the current training programme"
LEAD_PROVIDER_BLANK = "Select which lead provider will be training the ECT"
LEAD_PROVIDER_UNCHANGED = "The lead provider must be different from the current lead provider"
LEAD_PROVIDER_NOT_AVAILABLE = "This lead provider is not available for the ECT's contract period"

# -- mentors (docs/school-registration.md, "Mentors") ----------------------------------------------------------
MENTOR_CHOICE_BLANK = "Select a mentor from the list provided or choose to register a new mentor"
MENTOR_NOT_AT_SCHOOL = "This mentor is not registered at this school"
MENTOR_SAME_AS_CURRENT = "It needs to be a different mentor for this ECT"
MENTOR_LEAD_PROVIDER_BLANK = "Select a lead provider to contact your school"
MENTORING_AT_NEW_SCHOOL_ONLY_BLANK = (
    "Select 'Yes' or 'No' to confirm whether they will be mentoring at your school only"
)
MENTOR_STARTED_ON_BLANK = "Enter the date they started or will start ECT mentoring at your school"
MENTOR_STARTED_ON_INVALID = START_DATE_INVALID
MENTOR_STARTED_ON_OTHER_SCHOOL = (
    "Our records show that {name} started mentoring at {school} on {date}. Enter a start date after {date}."
)
MENTOR_STARTED_ON_TOO_FAR = "Start date must be before {date}. You cannot register the mentor this far in advance."

# -- changes and leaving (docs/school-registration.md, "Changes") ----------------------------------------------
NAME_UNCHANGED = "The name must be different from the current name"
LEAVING_DATE_BLANK = "Enter the date the teacher left or will be leaving your school"
LEAVING_DATE_EXAMPLE = "31 3 2026"
LEAVING_DATE_HINT = f"For example, {LEAVING_DATE_EXAMPLE}"
LEAVING_DATE_INVALID = f"Enter the date in the correct format, for example {LEAVING_DATE_EXAMPLE}"
LEAVING_DATE_TOO_FAR = "Enter a date no further than 4 months from today"
# The date a leaving date must come after is named for what it is: the start at the school (teaching for an ECT,
# mentoring for a mentor) or the start of their latest training, whichever is later.
LEAVING_DATE_BEFORE_START = (
    "Our records show that {name} started teaching at your school on {date}. Enter a later date."
)
LEAVING_DATE_BEFORE_MENTORING_START = (
    "Our records show that {name} started mentoring at your school on {date}. Enter a later date."
)
LEAVING_DATE_BEFORE_TRAINING_START = (
    "Our records show that {name}'s current training started on {date}. Enter a later date."
)

YES_ANSWERS = ("yes", "true", "1", True)
NO_ANSWERS = ("no", "false", "0", False)

# How far ahead a registration or a leaving date may be (docs/school-registration.md).
MONTHS_AHEAD = 4
