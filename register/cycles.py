"""Academic cycles run from 1 August to 31 July and are named by their start year (register-rules.md §2.10)."""

import datetime as dt


def academic_year_for(day: dt.date) -> int:
    return day.year if day.month >= 8 else day.year - 1
