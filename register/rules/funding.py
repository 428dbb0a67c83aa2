"""HESA funding eligibility (docs/register-api.md, "Funding"): fund_code and funding_method against the funding
rules."""

import datetime as dt

from config.errors import ValidationErrors
from register.cycles import academic_year_for
from register.models import CodeList
from register.reference_data import code_table

FUNDABLE_ROUTES = {"02", "03", "11", "12"}
ELIGIBLE_FUND_CODE = "7"
NO_AWARD = "6"
PRIMARY_TEACHING = "100511"


def check_funding(values: dict, entries: dict, errors: ValidationErrors, today: dt.date) -> None:
    """DfE funding is only for fundable routes, and a funding method only where a bursary, scholarship or grant
    exists for the route and the course's allocation subject."""
    fund_code, method, route = values["fund_code"], values["funding_method"], values["training_route"]
    eligible = fund_code == ELIGIBLE_FUND_CODE
    if eligible and entries.get("training_route"):
        if route not in FUNDABLE_ROUTES or not entries.get("course_age_range"):
            errors.add("fund_code", "is ineligible")
    if not fund_code:
        return
    # The funding_method rule, steps 1 to 5 in order.
    if not eligible and method in (None, NO_AWARD):
        return
    if not entries.get("training_route"):
        return
    if eligible and method in (None, NO_AWARD):
        errors.add("funding_method", "is not valid for this trainee")
        return
    method_entry = entries.get("funding_method")
    if not eligible and method_entry is not None:
        errors.add("funding_method", "is not valid for this trainee")
        return
    if not _funding_rule_exists(values, entries, method_entry, today):
        errors.add("funding_method", "is not valid for this trainee")


def _funding_rule_exists(values: dict, entries: dict, method_entry, today: dt.date) -> bool:
    funding_type = method_entry.attr("funding_type") if method_entry else ""
    age_range = entries.get("course_age_range")
    # Funding follows the subject Register stores: a primary course's first subject is always primary teaching.
    primary = age_range is not None and age_range.attr("education_phase") == "primary"
    subject = entries.get("course_subject_one")
    allocation_subject = "Primary" if primary else (subject.attr("allocation_subject") if subject else "")
    if not funding_type or not allocation_subject:
        return False
    rules = list(code_table(CodeList.FUNDING_RULE).values())
    # The rules of the current cycle apply. DfE publishes a cycle's rules late, so until DfE staff load them the
    # latest earlier cycle's rules stand in; refusing every funded trainee meanwhile would help no one.
    current = academic_year_for(today)
    years = {int(rule.attr("academic_cycle")) for rule in rules if int(rule.attr("academic_cycle")) <= current}
    if not years:
        return False
    year = str(max(years))
    return any(
        rule.attr("academic_cycle") == year
        and rule.attr("funding_type") == funding_type
        and rule.attr("training_route") == values["training_route"]
        and rule.attr("allocation_subject") == allocation_subject
        for rule in rules
    )
