"""Request body shapes, for the OpenAPI document: every body is {"data": {...}}; rules live in services."""

from drf_spectacular.utils import inline_serializer
from rest_framework import serializers

_text = {"required": False, "allow_null": True}

PLACEMENT_FIELDS = {
    "urn": serializers.CharField(max_length=6, **_text),
    "name": serializers.CharField(max_length=255, **_text),
    "postcode": serializers.CharField(max_length=8, **_text),
}
DEGREE_FIELDS = {
    name: serializers.CharField(max_length=length, **_text)
    for name, length in [
        ("country", 2),
        ("grade", 2),
        ("uk_degree", 3),
        ("non_uk_degree", 3),
        ("subject", 6),
        ("institution", 4),
        ("graduation_year", 10),
    ]
}
TRAINEE_FIELDS = {
    name: serializers.CharField(max_length=length, **_text)
    for name, length in [
        ("provider_trainee_id", 20),
        ("application_id", 20),
        ("first_names", 60),
        ("middle_names", 60),
        ("last_name", 60),
        ("previous_last_name", 60),
        ("date_of_birth", 10),
        ("sex", 2),
        ("nationality", 2),
        ("email", 80),
        ("ethnicity", 3),
        ("disability1", 2),
        ("disability2", 2),
        ("itt_aim", 3),
        ("training_route", 2),
        ("itt_qualification_aim", 3),
        ("course_subject_one", 6),
        ("course_subject_two", 6),
        ("course_subject_three", 6),
        ("study_mode", 2),
        ("itt_start_date", 10),
        ("itt_end_date", 10),
        ("course_year", 2),
        ("course_age_range", 5),
        ("lead_partner_urn", 6),
        ("lead_partner_ukprn", 8),
        ("trainee_start_date", 10),
        ("pg_apprenticeship_start_date", 10),
        ("employing_school_urn", 6),
        ("fund_code", 1),
        ("funding_method", 1),
        ("training_initiative", 3),
        ("additional_training_initiative", 3),
        ("hesa_id", 17),
        ("ni_number", 9),
    ]
}


def _wrapped(name: str, fields: dict) -> serializers.Serializer:
    return inline_serializer(name, {"data": inline_serializer(f"{name}Data", fields)})


PlacementRequestSerializer = _wrapped("PlacementRequest", PLACEMENT_FIELDS)
DegreeRequestSerializer = _wrapped("DegreeRequest", DEGREE_FIELDS)
TraineeUpdateRequestSerializer = _wrapped("TraineeUpdateRequest", TRAINEE_FIELDS)
TraineeCreateRequestSerializer = _wrapped(
    "TraineeCreateRequest",
    TRAINEE_FIELDS
    | {
        "placements_attributes": inline_serializer("NestedPlacement", PLACEMENT_FIELDS, many=True, required=False),
        "degrees_attributes": inline_serializer("NestedDegree", DEGREE_FIELDS, many=True, required=False),
    },
)
RecommendRequestSerializer = _wrapped("RecommendForQtsRequest", {"qts_standards_met_date": serializers.DateField()})
DeferRequestSerializer = _wrapped(
    "DeferRequest", {"defer_date": serializers.DateField(), "defer_reason": serializers.CharField(**_text)}
)
WithdrawRequestSerializer = _wrapped(
    "WithdrawRequest",
    {
        "withdraw_date": serializers.DateField(),
        "trigger": serializers.ChoiceField(["provider", "trainee"]),
        "future_interest": serializers.ChoiceField(["yes", "no", "unknown"]),
        "reasons": serializers.ListField(child=serializers.CharField()),
        "another_reason": serializers.CharField(**_text),
    },
)
