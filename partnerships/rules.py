"""The partnerships app's rules: the exact messages of `POST/PUT /partnerships` and the ordered checks that need no
database (docs/lead-provider-api.md, "Partnerships"). A cohort message the other apps share is defined here."""

import datetime as dt

COHORT_BLANK = "Enter a '#/cohort'."
COHORT_INVALID = "The '#/cohort' you have entered is invalid. Check cohort details and try again."
COHORT_FUTURE = "You cannot create a partnership for a future cohort."
COHORT_CLOSED = "You cannot create this partnership as the cohort is closed."
SCHOOL_BLANK = "Enter a '#/school_id'."
SCHOOL_INVALID = (
    "The '#/school_id' you have entered is invalid. Check school details and try again. "
    "Contact the DfE for support if you are unable to find the '#/school_id'."
)
SCHOOL_INELIGIBLE = (
    "The school you have entered is currently ineligible for DfE funding. Contact the school for more information."
)
SCHOOL_ALREADY_PARTNERED = "You are already in a confirmed partnership with this school for the entered cohort."
SCHOOL_LED = "This school has only registered school-led participants. Contact the school for more information."
DP_BLANK = "Enter a '#/delivery_partner_id'."
DP_INVALID = "The '#/delivery_partner_id' you have entered is invalid. Check delivery partner details and try again."
DP_NOT_PAIRED = (
    "The entered delivery partner is not recognised to be working in partnership with you for the given cohort. "
    "Contact the DfE for more information."
)
DP_ALREADY_PARTNERED = (
    "We are unable to process this request. You are already confirmed to be in partnership with the entered "
    "delivery partner. Contact the DfE for support."
)
EXACT_DUPLICATE = "This school already has a partnership with this lead provider and delivery partner in the cohort."


def cohort_problem(cohort, *, today: dt.date) -> str | None:
    """Why a partnership cannot be made in this cohort (None when it can), in the published order: unknown, not
    started yet, closed."""
    if cohort is None:
        return COHORT_INVALID
    if cohort.registration_start_date > today:
        return COHORT_FUTURE
    if not cohort.enabled:
        return COHORT_CLOSED
    return None


def school_problem(school) -> str | None:
    """Why this school cannot be partnered (None when it can): unknown, or not eligible for funding."""
    if school is None:
        return SCHOOL_INVALID
    if not school.eligible_for_funding:
        return SCHOOL_INELIGIBLE
    return None
