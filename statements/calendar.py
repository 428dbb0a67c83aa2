"""The statement calendar (docs/statements.md, "The calendar"): which monthly statements each cohort has, as reference
data.

The table below is the data DfE maintains; `statements_ensure_calendar` loads it for every contract and DfE staff
can edit the loaded rows in the admin. A cohort missing from the table follows the pattern of the latest one.
"""

import calendar
import datetime as dt
from dataclasses import dataclass

# cohort start year → (first statement (year, month), last statement (year, month), output-fee months by year)
_LEGACY_OUTPUT = {0: (11,), 1: (2, 5, 6, 10), 2: (2, 5, 10), 3: (2, 5, 8)}
_CURRENT_OUTPUT = {1: (1, 4, 8, 10), 2: (1, 4, 8, 10), 3: (1, 4, 8, 10)}
CALENDAR: dict[int, tuple[tuple[int, int], tuple[int, int], dict[int, tuple[int, ...]]]] = {
    2021: ((0, 11), (3, 8), _LEGACY_OUTPUT),
    2022: ((0, 11), (3, 8), _LEGACY_OUTPUT),
    2023: ((1, 1), (3, 8), _CURRENT_OUTPUT),
    2024: ((1, 1), (3, 4), _CURRENT_OUTPUT),
    2025: ((1, 1), (3, 4), _CURRENT_OUTPUT),
    2026: ((1, 1), (3, 4), _CURRENT_OUTPUT),
}


@dataclass(frozen=True)
class StatementMonth:
    year: int
    month: int
    cut_off_date: dt.date
    payment_date: dt.date
    output_fee: bool


def statement_months(cohort_year: int) -> list[StatementMonth]:
    """Every statement month of a cohort: cut-off on the last day of the previous month, payment on the 25th
    (the very first statement of the 2021 and 2022 cohorts is cut off and paid on 30 November)."""
    known = CALENDAR.get(cohort_year) or CALENDAR[max(CALENDAR)]
    (first_offset, first_month), (last_offset, last_month), output = known
    year, month = cohort_year + first_offset, first_month
    last = (cohort_year + last_offset, last_month)
    months = []
    while (year, month) <= last:
        previous_month_end = dt.date(year, month, 1) - dt.timedelta(days=1)
        cut_off, payment = previous_month_end, dt.date(year, month, 25)
        if not months and month == 11:
            cut_off = payment = dt.date(year, 11, calendar.monthrange(year, 11)[1])
        is_output = month in output.get(year - cohort_year, ()) or (year, month) == last
        months.append(StatementMonth(year, month, cut_off, payment, is_output))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months
