"""Trainee field rules and derivations (docs/register-api.md, "Field rules and derived fields"), applied to the whole
merged record."""

import datetime as dt
import re
from dataclasses import dataclass, field

from config.errors import ValidationErrors
from config.text import is_ascii_number
from register.cycles import academic_year_for
from register.models import CodeList, LeadPartner, Trainee
from register.reference_data import code_table
from schools.models import School

from .common import parse_date, reject_structured, squish, valid_email, years_later
from .degree import clean_degree
from .funding import check_funding
from .placement import clean_placement

TEXT_LIMITS = {
    "provider_trainee_id": 20,
    "first_names": 60,
    "middle_names": 60,
    "last_name": 60,
    "previous_last_name": 60,
    "email": 80,
    "hesa_id": 17,
    "ni_number": 9,
    "course_year": 2,
    "additional_training_initiative": 3,
    "additional_ethnic_background": 255,
    "lead_partner_urn": 6,
    "lead_partner_ukprn": 8,
    "employing_school_urn": 6,
}
CODE_FIELDS = {
    "sex": CodeList.SEX,
    "nationality": CodeList.NATIONALITY,
    "ethnicity": CodeList.ETHNICITY,
    "training_route": CodeList.TRAINING_ROUTE,
    "course_subject_one": CodeList.COURSE_SUBJECT,
    "course_subject_two": CodeList.COURSE_SUBJECT,
    "course_subject_three": CodeList.COURSE_SUBJECT,
    "study_mode": CodeList.STUDY_MODE,
    "course_age_range": CodeList.COURSE_AGE_RANGE,
    "itt_aim": CodeList.ITT_AIM,
    "itt_qualification_aim": CodeList.ITT_QUALIFICATION_AIM,
    "fund_code": CodeList.FUND_CODE,
    "funding_method": CodeList.BURSARY_LEVEL,
    "training_initiative": CodeList.TRAINING_INITIATIVE,
}
DATE_FIELDS = ["date_of_birth", "itt_start_date", "itt_end_date", "trainee_start_date", "pg_apprenticeship_start_date"]
REQUIRED = [
    "first_names",
    "last_name",
    "date_of_birth",
    "sex",
    "email",
    "training_route",
    "itt_start_date",
    "itt_end_date",
    "course_subject_one",
    "study_mode",
    "hesa_id",
    "itt_aim",
    "course_year",
    "course_age_range",
    "fund_code",
    "funding_method",
]
INPUT_FIELDS = [*TEXT_LIMITS, *CODE_FIELDS, *DATE_FIELDS, "application_id"]
DISABILITY_KEY = re.compile(r"^disability([1-9])$")
PRIMARY_TEACHING = "100511"
NOT_PROVIDED_ETHNICITY = "997"
NOT_PROVIDED_DISABILITIES = {"98", "99"}
NO_KNOWN_DISABILITY = "95"
PROVIDER_LED_POSTGRAD = "12"


@dataclass
class CleanTrainee:
    values: dict
    degrees: list[dict] = field(default_factory=list)
    placements: list[dict] = field(default_factory=list)
    requires_degree: bool = False


def stored_input(trainee: Trainee) -> dict:
    """The trainee as the request fields that produced it, so an update can overlay only what it is sent."""
    data = {name: getattr(trainee, name) for name in INPUT_FIELDS}
    data["course_year"] = str(trainee.course_year)
    data.update(trainee.hesa_disabilities or {})
    return data


def _text(value):
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    return squish(value)


def clean_trainee(sent: dict, *, trainee: Trainee | None, today: dt.date) -> CleanTrainee:
    """Validate a create (trainee None) or an update merged over the stored trainee; RegisterValidationError."""
    from register.errors import RegisterValidationError

    errors = ValidationErrors()
    merged = stored_input(trainee) if trainee else {}
    merged.update({key: value for key, value in sent.items() if key in INPUT_FIELDS})
    reject_structured(merged, errors)
    tables = {name: code_table(name) for name in set(CODE_FIELDS.values()) | {CodeList.DISABILITY}}
    values: dict = {}

    for name in INPUT_FIELDS:
        merged[name] = merged.get(name) if isinstance(merged.get(name), dt.date) else _text(merged.get(name))
    # A field already invalid for its JSON type is not also blank.
    for name in REQUIRED:
        if not merged.get(name):
            errors.add_first(name, "can't be blank")
    itt_aim = merged.get("itt_aim")
    if not merged.get("itt_qualification_aim") and itt_aim in (None, "202"):
        errors.add_first("itt_qualification_aim", "can't be blank")

    for name, limit in TEXT_LIMITS.items():
        value = merged.get(name)
        if value and len(value) > limit:
            errors.add(name, f"is too long (maximum is {limit} characters)")
        values[name] = value
    if merged.get("email") and len(merged["email"]) <= TEXT_LIMITS["email"] and not valid_email(merged["email"]):
        errors.add("email", "Enter an email address in the correct format, like name@example.com")
    if merged.get("course_year") and not is_ascii_number(merged["course_year"]):
        errors.add("course_year", "is invalid")
    application_id = merged.get("application_id")
    if application_id and not is_ascii_number(str(application_id)):
        errors.add("application_id", "is invalid")
    values["application_id"] = int(application_id) if application_id and is_ascii_number(str(application_id)) else None

    entries = {}
    for name, code_list in CODE_FIELDS.items():
        value = merged.get(name)
        values[name] = value
        if value:
            entries[name] = tables[code_list].get(value)
            if entries[name] is None:
                errors.add(name, "has invalid reference data values")

    for name in DATE_FIELDS:
        raw = merged.get(name)
        values[name] = parse_date(raw) if raw else None
        if raw and values[name] is None:
            errors.add(name, "is invalid")
    _check_dates(values, sent, errors, today)
    _check_subjects(values, errors)
    disabilities = _clean_disabilities(trainee, sent, tables[CodeList.DISABILITY], errors)
    _check_route_cycle(values, errors)
    check_funding(values, entries, errors, today)

    placements, degrees = [], []
    if trainee is None:
        placements = _clean_nested(sent, "placements_attributes", errors, nested=True)
        degrees = _clean_nested(sent, "degrees_attributes", errors, nested=True)
    if errors:
        raise RegisterValidationError(errors.full_messages())

    links = _links(sent, values, trainee)
    _derive(values, entries, disabilities)
    values.update(links)
    route = entries["training_route"]
    return CleanTrainee(
        values=values, degrees=degrees, placements=placements, requires_degree=route.flag("requires_degree")
    )


def _check_dates(values: dict, sent: dict, errors: ValidationErrors, today: dt.date) -> None:
    start, end = values["itt_start_date"], values["itt_end_date"]
    if start and end and end <= start:
        errors.add("itt_end_date", "must be after itt_start_date")
    trainee_start = values["trainee_start_date"]
    if trainee_start and "trainee_start_date" in sent:
        if years_later(trainee_start, 10) < today:
            errors.add("trainee_start_date", "Cannot be more than 10 years in the past")
        elif trainee_start > today:
            errors.add("trainee_start_date", "must not be in the future")
    if not trainee_start:
        values["trainee_start_date"] = start


def _check_subjects(values: dict, errors: ValidationErrors) -> None:
    one, two, three = (values[f"course_subject_{n}"] for n in ("one", "two", "three"))
    if (two and two == one) or (three and three in (one, two)):
        errors.add(None, "Course subject fields contain duplicate values")


def _clean_disabilities(trainee, sent: dict, table: dict, errors: ValidationErrors) -> dict:
    # Sent disability slots are merged into the stored ones: sending disability2 keeps disability1.
    slots = dict(trainee.hesa_disabilities or {}) if trainee else {}
    sent_slots = {key: value for key, value in sent.items() if DISABILITY_KEY.match(key)}
    for key, value in reject_structured(dict(sent_slots), errors).items():
        if value is None and sent_slots[key] is not None:
            continue  # of the wrong type: invalid, and ignored
        value = _text(value)
        if value:
            slots[key] = value
        else:
            slots.pop(key, None)
    for key, value in sorted(slots.items()):
        if value not in table:
            errors.add(key, "has invalid reference data values")
    if len(set(slots.values())) != len(slots):
        errors.add("disabilities", "contain duplicate values")
    return dict(sorted(slots.items()))


def _check_route_cycle(values: dict, errors: ValidationErrors) -> None:
    # Provider-led postgraduate only exists from the 2022 to 2023 cycle.
    start = values["trainee_start_date"] or values["itt_start_date"]
    if values["training_route"] == PROVIDER_LED_POSTGRAD and start and academic_year_for(start) < 2022:
        errors.add("training_route", "has invalid reference data values")


def _clean_nested(sent: dict, key: str, errors: ValidationErrors, nested: bool) -> list[dict]:
    items = sent.get(key)
    if items is None:
        return []
    # A list of objects, and nothing else (docs/register-api.md, "Types").
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        errors.add(key, "is invalid")
        return []
    cleaned = []
    for item in items:
        if key == "degrees_attributes":
            values, messages = clean_degree(item, degree=None)
            errors.add_messages(messages)
        else:
            values, messages = clean_placement(item, placement=None, nested=True)
            errors.add_messages(f"Placements attributes {m[:1].lower()}{m[1:]}" for m in messages)
        cleaned.append(values)
    if key == "placements_attributes":
        urns = [p["urn"] for p in cleaned if p.get("urn")]
        if len(urns) != len(set(urns)):
            errors.add(None, "Placements attributes urn has already been taken")
    return cleaned


def _derive(values: dict, entries: dict, disabilities: dict) -> None:
    """The fields Register works out from the codes it was sent
    (docs/register-api.md, "Field rules and derived fields")."""
    ethnicity = entries.get("ethnicity")
    values["ethnicity"] = ethnicity.response_code if ethnicity else NOT_PROVIDED_ETHNICITY
    values["ethnic_group"] = ethnicity.attr("group") if ethnicity else "not_provided_ethnic_group"
    values["ethnic_background"] = ethnicity.attr("ethnic_background") if ethnicity else "Not provided"

    disclosed = set(disabilities.values()) - NOT_PROVIDED_DISABILITIES
    if not disclosed:
        values["disability_disclosure"] = "disability_not_provided"
    elif disclosed == {NO_KNOWN_DISABILITY}:
        values["disability_disclosure"] = "no_disability"
    else:
        values["disability_disclosure"] = "disabled"
    values["hesa_disabilities"] = disabilities or None
    ethnicity_disclosed = values["ethnic_background"] != "Not provided"
    values["diversity_disclosure"] = (
        "diversity_disclosed" if disclosed or ethnicity_disclosed else "diversity_not_disclosed"
    )

    nationality = entries.get("nationality")
    values["nationality"] = nationality.response_code if nationality else None

    age_range = entries["course_age_range"]
    values["course_min_age"] = int(age_range.attr("min_age"))
    values["course_max_age"] = int(age_range.attr("max_age"))
    values["course_education_phase"] = age_range.attr("education_phase")
    if values["course_education_phase"] == "primary":
        # Primary courses are always "primary teaching" first; other subjects follow, a third one is dropped.
        sent_subjects = [values[f"course_subject_{n}"] for n in ("one", "two", "three")]
        others = [s for s in dict.fromkeys(sent_subjects) if s and s != PRIMARY_TEACHING]
        values["course_subject_one"] = PRIMARY_TEACHING
        values["course_subject_two"] = others[0] if others else None
        values["course_subject_three"] = others[1] if len(others) > 1 else None

    values["course_year"] = int(values["course_year"])
    route = entries["training_route"]
    values["course_level"] = "undergrad" if route.flag("undergrad") else "postgrad"
    values["course_qualification"] = route.attr("award_type")
    values["start_academic_year"] = academic_year_for(values["trainee_start_date"] or values["itt_start_date"])
    for name in LINK_FIELDS:
        values.pop(name, None)


LINK_FIELDS = ("lead_partner_urn", "lead_partner_ukprn", "employing_school_urn")


def _links(sent: dict, values: dict, trainee: Trainee | None) -> dict:
    """The lead partner and employing school the record names (docs/register-api.md): a lead partner by URN
    first, then by UKPRN; a school by URN. Nothing found means "not applicable", never an error; on update, keys
    not sent leave the links as they are."""
    links = {}
    if trainee is None or "lead_partner_urn" in sent or "lead_partner_ukprn" in sent:
        partner = None
        urn, ukprn = (values.get(name) if name in sent else None for name in ("lead_partner_urn", "lead_partner_ukprn"))
        if urn:
            partner = LeadPartner.objects.filter(urn=urn).first()
        if partner is None and ukprn:
            partner = LeadPartner.objects.filter(ukprn=ukprn).first()
        links["lead_partner"] = partner
    if trainee is None or "employing_school_urn" in sent:
        urn = values.get("employing_school_urn")
        links["employing_school"] = School.objects.filter(urn=urn).first() if urn else None
    return links
