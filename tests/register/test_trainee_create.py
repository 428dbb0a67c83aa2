import pytest

from config import clock
from register.models import Trainee, TraineeState

from .conftest import API, messages
from .factories import TraineeFactory, trainee_payload

pytestmark = pytest.mark.django_db


def post(api, data):
    return api.post(f"{API}/trainees", {"data": data}, format="json")


def test_create_stores_trainee_with_derived_fields_and_submits_for_trn(api, provider):
    response = post(api, trainee_payload())

    assert response.status_code == 201
    body = response.json()["data"]
    trainee = Trainee.objects.get(slug=body["trainee_id"])
    assert len(body["trainee_id"]) == 24
    assert trainee.training_provider == provider
    assert trainee.state == TraineeState.SUBMITTED_FOR_TRN and trainee.submitted_for_trn_at is not None
    # Ethnicity 142 derives group and background; the sent ethnic_group/background are ignored.
    assert (trainee.ethnic_group, trainee.ethnic_background) == ("mixed_ethnic_group", "Black Caribbean and White")
    # Age range 13913 is 5 to 9, primary: subject one becomes primary teaching, the third subject is dropped.
    assert (trainee.course_min_age, trainee.course_max_age, trainee.course_education_phase) == (5, 9, "primary")
    assert [trainee.course_subject_one, trainee.course_subject_two, trainee.course_subject_three] == [
        "100511",
        "100346",
        "101410",
    ]
    assert trainee.disability_disclosure == "disabled"
    assert trainee.diversity_disclosure == "diversity_disclosed"
    assert trainee.hesa_disabilities == {"disability1": "58", "disability2": "57"}
    assert body["disability1"] == "58" and body["hesa_disabilities"] == {"disability1": "58", "disability2": "57"}
    assert body["ukprn"] == "10000571"
    assert body["state"] == "submitted_for_trn"
    assert body["course_level"] == "undergrad" and body["course_qualification"] == "QTS"
    assert body["itt_aim"] == "202" and body["bursary_level"] == "6"
    assert body["lead_partner_not_applicable"] is True and body["lead_partner_urn"] is None
    assert trainee.placements.get().name == "Placement"
    degree = trainee.degrees.get()
    assert body["degrees"][0]["degree_id"] == degree.slug
    assert body["degrees"][0]["institution_uuid"] == "1271f34a-2887-e711-80d8-005056ac45bb"
    assert body["placements"][0]["address"] == "URN 900020"


def test_create_without_ethnicity_or_disabilities_records_them_as_not_provided(api):
    data = trainee_payload(ethnicity=..., disability1=..., disability2=...)
    response = post(api, data)

    assert response.status_code == 201
    body = response.json()["data"]
    assert (body["ethnicity"], body["ethnic_group"], body["ethnic_background"]) == (
        "997",
        "not_provided_ethnic_group",
        "Not provided",
    )
    assert body["disability_disclosure"] == "disability_not_provided"
    assert body["diversity_disclosure"] == "diversity_not_disclosed"


def test_nationality_codes_are_answered_with_their_response_code(api):
    response = post(api, trainee_payload(nationality="IM"))

    assert response.json()["data"]["nationality"] == "GB"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"first_names": ""}, "First names can't be blank"),
        ({"last_name": None}, "Last name can't be blank"),
        ({"date_of_birth": ...}, "Date of birth can't be blank"),
        ({"email": ""}, "Email can't be blank"),
        ({"hesa_id": ""}, "Hesa id can't be blank"),
        ({"provider_trainee_id": "x" * 21}, "Provider trainee id is too long (maximum is 20 characters)"),
        ({"application_id": "abc"}, "Application id is invalid"),
        ({"course_year": ""}, "Course year can't be blank"),
        ({"itt_aim": "202", "itt_qualification_aim": ...}, "Itt qualification aim can't be blank"),
        ({"first_names": "x" * 61}, "First names is too long (maximum is 60 characters)"),
        ({"email": "a" * 70 + "@example.com"}, "Email is too long (maximum is 80 characters)"),
        ({"email": "not-an-email"}, "Email Enter an email address in the correct format, like name@example.com"),
        ({"sex": "13"}, "Sex has invalid reference data values"),
        ({"ethnicity": "555"}, "Ethnicity has invalid reference data values"),
        ({"training_route": "13"}, "Training route has invalid reference data values"),
        ({"course_subject_one": "999999"}, "Course subject one has invalid reference data values"),
        ({"study_mode": "99"}, "Study mode has invalid reference data values"),
        ({"course_age_range": "99801"}, "Course age range has invalid reference data values"),
        ({"nationality": "ZZ"}, "Nationality has invalid reference data values"),
        ({"training_initiative": "999"}, "Training initiative has invalid reference data values"),
        ({"fund_code": "5"}, "Fund code has invalid reference data values"),
        ({"funding_method": "Z"}, "Funding method has invalid reference data values"),
        ({"disability3": "00"}, "Disability3 has invalid reference data values"),
        ({"disability2": "58"}, "Disabilities contain duplicate values"),
        ({"course_subject_two": "100346"}, "Course subject fields contain duplicate values"),
        ({"date_of_birth": "01/01/1990"}, "Date of birth is invalid"),
        ({"itt_start_date": "2024-13-01"}, "Itt start date is invalid"),
        ({"itt_end_date": "2000-01-01"}, "Itt end date must be after itt_start_date"),
        (
            {"date_of_birth": "2099-01-01"},
            "Date of birth Enter a date of birth that is in the past, for example 31 3 1980",
        ),
        ({"trainee_start_date": "2099-01-01"}, "Trainee start date must not be in the future"),
        ({"trainee_start_date": "2001-01-01"}, "Trainee start date Cannot be more than 10 years in the past"),
        ({"fund_code": "7", "training_route": "09"}, "Fund code is ineligible"),
        ({"fund_code": "7", "funding_method": "6"}, "Funding method is not valid for this trainee"),
        ({"fund_code": "2", "funding_method": "4"}, "Funding method is not valid for this trainee"),
        # Step 5: no scholarship exists for a primary undergraduate course.
        ({"fund_code": "7", "funding_method": "4"}, "Funding method is not valid for this trainee"),
        (
            {"itt_start_date": "2010-09-01", "itt_end_date": "2011-07-01"},
            "Itt end date Enter a valid Expected end date",
        ),
        ({"date_of_birth": "0990-01-01"}, "Date of birth The year must include 4 numbers"),
        ({"training_route": "12", "degrees_attributes": []}, "Degrees Add at least one degree"),
        ({"placements_attributes": [{"urn": "12345", "name": "X"}]}, "Placements attributes urn is invalid"),
        ({"placements_attributes": [{"postcode": "OX1 1AA"}]}, "Placements attributes name can't be blank"),
        (
            {"degrees_attributes": [{"subject": "100485", "graduation_year": "2003"}]},
            "Uk degree must be entered if specifying a previous UK degree",
        ),
    ],
)
def test_create_refuses_invalid_field_with_message(api, overrides, message):
    response = post(api, trainee_payload(**overrides))

    assert response.status_code == 422
    assert message in messages(response)
    assert response.json()["errors"][0]["error"] == "UnprocessableEntity"
    assert not Trainee.objects.exists()


def test_younger_than_16_is_refused(api):
    response = post(api, trainee_payload(date_of_birth="2015-01-01"))

    assert messages(response) == [
        "Date of birth Enter a valid date of birth, trainee cannot be younger than 16 years old"
    ]


def test_provider_led_postgrad_before_2022_cycle_is_invalid_reference_data(api):
    data = trainee_payload(
        training_route="12", itt_start_date="2021-09-01", itt_end_date="2022-07-01", fund_code="2", funding_method="6"
    )

    response = post(api, data)

    assert "Training route has invalid reference data values" in messages(response)


def test_body_without_data_is_unprocessable(api):
    response = api.post(f"{API}/trainees", {"trainee": {}}, format="json")

    assert response.status_code == 422
    assert response.json() == {
        "errors": [{"error": "UnprocessableEntity", "message": "Param is missing or the value is empty: data"}]
    }


def test_malformed_json_is_a_bad_request(api):
    response = api.post(f"{API}/trainees", "{not json", content_type="application/json")

    assert response.status_code == 400
    assert response.json()["errors"][0]["error"] == "BadRequest"


def test_duplicate_trainee_is_a_conflict_listing_the_existing_record(api, provider):
    existing = post(api, trainee_payload()).json()["data"]

    # Same date of birth, route, cycle and last name (any case); first name matches ignoring punctuation.
    response = post(api, trainee_payload(last_name="DOE", first_names="JOHN. R", email="other@example.com"))

    assert response.status_code == 409
    body = response.json()
    assert body["errors"] == [{"error": "Conflict", "message": "This trainee is already in Register"}]
    assert [t["trainee_id"] for t in body["data"]] == [existing["trainee_id"]]
    assert Trainee.objects.count() == 1


def test_matching_email_is_a_duplicate_even_with_other_first_names(api):
    post(api, trainee_payload())

    response = post(api, trainee_payload(first_names="Jonathan"))

    assert response.status_code == 409


def test_same_person_in_another_cycle_is_not_a_duplicate(api):
    post(api, trainee_payload())

    response = post(api, trainee_payload(itt_start_date="2024-09-01", itt_end_date="2025-07-01"))

    assert response.status_code == 201


def test_another_providers_trainee_is_never_a_duplicate(api):
    TraineeFactory(first_names="John", last_name="Doe", date_of_birth="1990-01-01")

    assert post(api, trainee_payload()).status_code == 201


def test_itt_dates_far_in_the_future_are_refused(api):
    year = clock.today().year
    data = trainee_payload(itt_start_date=f"{year + 2}-09-01", itt_end_date=f"{year + 6}-07-01")

    response = post(api, data)

    assert messages(response) == [
        "Itt start date Enter an ITT start date closer to today",
        "Itt end date Enter an Expected end date closer to today",
    ]


def test_itt_end_date_up_to_four_years_after_next_year_is_accepted(api):
    year = clock.today().year
    data = trainee_payload(itt_start_date=f"{year}-09-01", itt_end_date=f"{year + 5}-07-31")

    assert post(api, data).status_code == 201


@pytest.mark.parametrize(
    ("route", "subject", "age_range", "fund_code", "method"),
    [
        ("12", "100403", "13918", "7", "4"),  # mathematics scholarship, provider-led postgraduate
        ("12", "100425", "13918", "7", "7"),  # physics bursary tier 1
        ("03", "100346", "13918", "7", "E"),  # biology grant, school direct salaried
        ("11", "100403", "13918", "7", "B"),  # undergraduate bursary for mathematics
        ("12", "100511", "13914", "2", "6"),  # no funding claimed
    ],
)
def test_funding_method_with_a_funding_rule_is_accepted(api, route, subject, age_range, fund_code, method):
    data = trainee_payload(
        training_route=route,
        course_subject_one=subject,
        course_subject_two=...,
        course_subject_three=...,
        course_age_range=age_range,
        fund_code=fund_code,
        funding_method=method,
    )

    response = post(api, data)

    assert response.status_code == 201, response.json()
    assert response.json()["data"]["funding_method"] == method


@pytest.mark.parametrize(
    ("route", "subject", "method"),
    [
        ("12", "100302", "4"),  # no history scholarship
        ("11", "100346", "B"),  # undergraduate bursaries are for mathematics and physics only
        ("12", "100403", "E"),  # grants are for salaried and apprenticeship routes
        ("02", "100403", "4"),  # school direct tuition fee lost its scholarships after 2024 to 2025
    ],
)
def test_funding_method_without_a_funding_rule_is_refused(api, route, subject, method):
    data = trainee_payload(
        training_route=route,
        course_subject_one=subject,
        course_subject_two=...,
        course_subject_three=...,
        course_age_range="13918",
        fund_code="7",
        funding_method=method,
    )

    response = post(api, data)

    assert response.status_code == 422
    assert messages(response) == ["Funding method is not valid for this trainee"]


def test_duplicate_check_comes_before_submission_checks(api, provider):
    # A duplicate is reported as one even when the request would also fail the submission (stage 2) checks.
    TraineeFactory(training_provider=provider, first_names="John", last_name="Doe", date_of_birth="2015-01-01")

    response = post(api, trainee_payload(date_of_birth="2015-01-01"))

    assert response.status_code == 409


@pytest.mark.parametrize("body", ["{not json", '{"data": ', "[1,"])
def test_malformed_json_answers_seed_003s_error_shape_with_a_fixed_message(api, body):
    """Issue 15 item 10: the seed's {error, message} objects, not the reference's plain strings."""
    response = api.post(f"{API}/trainees", body, content_type="application/json")

    assert response.status_code == 400
    assert response.json() == {"errors": [{"error": "BadRequest", "message": "The request body is not valid JSON"}]}


@pytest.mark.parametrize("value", [False, True, ["x"], {"a": 1}])
def test_every_field_refuses_a_boolean_list_or_object_before_anything_is_stored(api, value):
    """Issue 15 item 9: types are checked before anything is stored, for every field of a trainee."""
    from register.rules.trainee import INPUT_FIELDS

    for field in INPUT_FIELDS:
        response = post(api, trainee_payload(**{field: value}))
        assert response.status_code == 422, (field, response.content)
        invalid = f"{field.replace('_', ' ').capitalize()} is invalid"
        assert invalid in messages(response), field
        # One message for the field: of the wrong type, it is not also blank.
        assert [m for m in messages(response) if m.startswith(invalid[: -len("is invalid")])] == [invalid], field
    assert not Trainee.objects.exists()
