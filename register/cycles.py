"""Academic cycles run from 1 August to 31 July and are named by their start year
(docs/register-api.md, "Academic cycles")."""

import datetime as dt


def academic_year_for(day: dt.date) -> int:
    return day.year if day.month >= 8 else day.year - 1
