"""Stage 2 of trainee validation (docs/register-api.md, "Submission rules"): is the whole record ready to be submitted
for a TRN?

It runs only once the fields themselves are valid (stage 1) and, on create, after the duplicate check. Its messages
come back in the same 422 body as stage 1's: docs/decisions.md 12 makes the published error array the only 422 shape, so
the original service's sectioned body (`{"personal_details": {...}}`) is not used.
"""

import datetime as dt

from config.errors import ValidationErrors

from .common import years_later


def submission_errors(*, values: dict, requires_degree: bool, has_degrees: bool, today: dt.date) -> list[str]:
    errors = ValidationErrors()
    _personal_details(values["date_of_birth"], errors, today)
    _course_details(values["itt_start_date"], values["itt_end_date"], errors, today)
    if requires_degree and not has_degrees:
        errors.add("degrees", "Add at least one degree")
    return errors.full_messages()


def _personal_details(born: dt.date, errors: ValidationErrors, today: dt.date) -> None:
    if born > today:
        errors.add("date_of_birth", "Enter a date of birth that is in the past, for example 31 3 1980")
    elif born.year < 1000:
        errors.add("date_of_birth", "The year must include 4 numbers")
    elif years_later(born, 16) > today:
        errors.add("date_of_birth", "Enter a valid date of birth, trainee cannot be younger than 16 years old")
    elif born.year < today.year - 100:
        errors.add("date_of_birth", "Enter a valid date of birth")


def _course_details(start: dt.date, end: dt.date, errors: ValidationErrors, today: dt.date) -> None:
    next_year = today.year + 1
    if start.year > next_year:
        errors.add("itt_start_date", "Enter an ITT start date closer to today")
    if end.year > next_year + 4:
        errors.add("itt_end_date", "Enter an Expected end date closer to today")
    elif end < years_later(today, -10):
        errors.add("itt_end_date", "Enter a valid Expected end date")
