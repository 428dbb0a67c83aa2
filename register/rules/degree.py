"""Degree field rules (docs/register-api.md, "Degrees"): UK degrees need an institution, type and grade; others a
country."""

from config import clock
from config.errors import ValidationErrors
from config.text import is_ascii_number
from register.models import CodeList, Degree
from register.reference_data import code_entry

from .common import parse_date, reject_structured, squish

FIELDS = ["subject", "uk_degree", "non_uk_degree", "grade", "institution", "country", "graduation_year"]


def stored_input(degree: Degree) -> dict:
    return {
        "subject": degree.subject.code,
        "uk_degree": degree.uk_degree.code if degree.uk_degree else None,
        "non_uk_degree": degree.non_uk_degree.code if degree.non_uk_degree else None,
        "grade": degree.grade.code if degree.grade else None,
        "institution": degree.institution.code if degree.institution else None,
        "country": degree.country.code if degree.country else None,
        "graduation_year": str(degree.graduation_year),
    }


def _graduation_year(value) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and is_ascii_number(value) and len(value) == 4:
        return int(value)
    day = parse_date(value)
    return day.year if day else None


def clean_degree(sent: dict, *, degree: Degree | None) -> tuple[dict, list[str]]:
    """Cleaned degree values (reference rows, not codes) and the messages for anything wrong."""
    errors = ValidationErrors()
    merged = stored_input(degree) if degree else {}
    # Sending a degree type re-derives UK or non-UK, so the other kind's fields are dropped.
    if "uk_degree" in sent:
        merged.update(non_uk_degree=None, country=None)
    if "non_uk_degree" in sent:
        merged.update(uk_degree=None, institution=None)
    merged.update({key: sent[key] for key in FIELDS if key in sent})
    reject_structured(merged, errors)
    merged = {key: merged.get(key) if key == "graduation_year" else squish(merged.get(key)) for key in FIELDS}

    values: dict = {}
    subject = merged["subject"]
    values["subject"] = code_entry(CodeList.DEGREE_SUBJECT, subject)
    if not subject:
        errors.add("subject", "can't be blank")
    elif values["subject"] is None:
        errors.add("subject", "is not included in the list")

    raw_year = merged["graduation_year"]
    year = _graduation_year(raw_year)
    next_year = clock.today().year + 1
    if raw_year in (None, ""):
        errors.add("graduation_year", "can't be blank")
    elif year is not None and year > next_year:
        errors.add("graduation_year", "Enter a graduation year that is in the past, for example 2014")
    elif year is None or year < next_year - 60:
        errors.add("graduation_year", "Enter a valid graduation year")
    values["graduation_year"] = year

    country = code_entry(CodeList.COUNTRY, merged["country"])
    is_uk = bool(merged["institution"]) or not merged["country"] or (country is not None and country.flag("uk_country"))
    if is_uk:
        values["country"] = values["non_uk_degree"] = None
        values["uk_degree"] = _required_code(
            errors,
            "uk_degree",
            CodeList.DEGREE_TYPE,
            merged["uk_degree"],
            blank="must be entered if specifying a previous UK degree",
        )
        values["grade"] = _required_code(errors, "grade", CodeList.DEGREE_GRADE, merged["grade"])
        if not merged["institution"]:
            errors.add("institution", "can't be blank")
        # Unknown institution codes are accepted as "another UK institution", which has no code (docs/register-api.md,
        # "Degrees").
        values["institution"] = code_entry(CodeList.DEGREE_INSTITUTION, merged["institution"])
    else:
        values["uk_degree"] = values["institution"] = None
        values["country"] = country
        if country is None:
            errors.add("country", "has invalid reference data values")
        values["non_uk_degree"] = _required_code(errors, "non_uk_degree", CodeList.DEGREE_TYPE, merged["non_uk_degree"])
        values["grade"] = code_entry(CodeList.DEGREE_GRADE, merged["grade"])
        if merged["grade"] and values["grade"] is None:
            errors.add("grade", "has invalid reference data values")
    return values, errors.full_messages()


def _required_code(errors: ValidationErrors, name: str, code_list: str, value, blank: str = "can't be blank"):
    if not value:
        errors.add(name, blank)
        return None
    entry = code_entry(code_list, value)
    if entry is None:
        errors.add(name, "has invalid reference data values")
    return entry
