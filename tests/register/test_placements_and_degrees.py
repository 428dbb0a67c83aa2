import pytest

from register.models import Degree, Placement

from .conftest import API, messages
from .factories import DegreeFactory, PlacementFactory, TraineeFactory, TrainingProviderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def trainee(provider):
    return TraineeFactory(training_provider=provider)


def test_placements_list_show_create_update_delete(api, trainee):
    url = f"{API}/trainees/{trainee.slug}/placements"

    created = api.post(url, {"data": {"urn": "343452", "name": "Oxford School", "postcode": "ox11aa"}}, format="json")
    assert created.status_code == 201
    placement = Placement.objects.get(trainee=trainee)
    assert (placement.urn, placement.name, placement.postcode) == ("343452", "Oxford School", "OX1 1AA")
    body = created.json()["data"]
    assert body["placement_id"] == placement.slug and body["address"] == "URN 343452, OX1 1AA"

    assert [p["placement_id"] for p in api.get(url).json()["data"]] == [placement.slug]
    assert api.get(f"{url}/{placement.slug}").json()["data"]["name"] == "Oxford School"

    updated = api.patch(f"{url}/{placement.slug}", {"data": {"name": "Oxford Primary"}}, format="json")
    assert updated.status_code == 200
    placement.refresh_from_db()
    assert (placement.name, placement.urn) == ("Oxford Primary", "343452")

    deleted = api.delete(f"{url}/{placement.slug}")
    assert deleted.status_code == 200
    assert deleted.json()["data"]["trainee_id"] == trainee.slug
    assert not Placement.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"postcode": "OX1 1AA"}, "Name can't be blank"),
        ({"urn": "34345", "name": "X"}, "Urn is invalid"),
        ({"name": "X", "postcode": "NOT A POSTCODE"}, "Postcode Enter a valid postcode (for example, BN1 1AA)"),
        ({"name": "x" * 256}, "Name is too long (maximum is 255 characters)"),
    ],
)
def test_placement_validation(api, trainee, data, message):
    response = api.post(f"{API}/trainees/{trainee.slug}/placements", {"data": data}, format="json")

    assert response.status_code == 422
    assert messages(response) == [message]


def test_placement_with_a_urn_the_trainee_already_has_is_a_conflict(api, trainee):
    existing = PlacementFactory(trainee=trainee, urn="896801")
    other = PlacementFactory(trainee=trainee, urn="111111")
    url = f"{API}/trainees/{trainee.slug}/placements"

    created = api.post(url, {"data": {"urn": "896801", "name": "Again"}}, format="json")
    updated = api.put(f"{url}/{other.slug}", {"data": {"urn": "896801"}}, format="json")

    for response in (created, updated):
        assert response.status_code == 409
        assert response.json()["errors"] == [{"error": "Conflict", "message": "Urn has already been taken"}]
        assert [p["placement_id"] for p in response.json()["data"]] == [existing.slug]
        # The published 409 lists each placement as the trainee object nests it: no school_id.
        assert list(response.json()["data"][0]) == [
            "placement_id",
            "urn",
            "name",
            "address",
            "postcode",
            "created_at",
            "updated_at",
        ]
    assert Placement.objects.filter(urn="896801").count() == 1


def test_another_providers_placement_is_not_found(api, trainee):
    foreign = PlacementFactory(trainee=TraineeFactory(training_provider=TrainingProviderFactory()))

    response = api.get(f"{API}/trainees/{foreign.trainee.slug}/placements/{foreign.slug}")
    mixed = api.get(f"{API}/trainees/{trainee.slug}/placements/{foreign.slug}")

    assert response.status_code == 404
    assert mixed.json() == {"errors": [{"error": "NotFound", "message": "Placement(s) not found"}]}
    assert api.delete(f"{API}/trainees/{trainee.slug}/placements/{foreign.slug}").status_code == 404
    assert Placement.objects.filter(pk=foreign.pk).exists()


def test_degrees_list_show_create_update_delete(api, trainee):
    url = f"{API}/trainees/{trainee.slug}/degrees"
    data = {
        "grade": "09",
        "subject": "100425",
        "institution": "0133",
        "uk_degree": "083",
        "graduation_year": "2015-01-01",
        "country": "GB",
    }

    created = api.post(url, {"data": data}, format="json")
    assert created.status_code == 201
    degree = Degree.objects.get(trainee=trainee)
    # A created degree is answered as a one-element array (docs/register-api.md, "Degrees").
    [body] = created.json()["data"]
    # Grade 09 is stored as 14 (Pass) and institution 0133 as 0149 (UCL); a UK degree keeps no country.
    assert (body["grade"], body["institution"], body["country"], body["graduation_year"]) == ("14", "0149", None, 2015)
    assert body["institution_uuid"] == "a27af34a-2887-e711-80d8-005056ac45bb"
    assert degree.subject.code == "100425" and degree.country is None

    assert [d["degree_id"] for d in api.get(url).json()["data"]] == [degree.slug]
    assert api.get(f"{url}/{degree.slug}").json()["data"]["subject"] == "100425"

    # Switching to a non-UK degree re-derives the kind: institution and UK type are dropped.
    updated = api.patch(f"{url}/{degree.slug}", {"data": {"non_uk_degree": "051", "country": "US"}}, format="json")
    assert updated.status_code == 200
    degree.refresh_from_db()
    assert (degree.uk_degree, degree.institution, degree.non_uk_degree.code, degree.country.code) == (
        None,
        None,
        "051",
        "US",
    )

    deleted = api.delete(f"{url}/{degree.slug}")
    assert deleted.status_code == 200 and deleted.json()["data"]["degrees"] == []
    assert not Degree.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"subject": "", "graduation_year": 2015}, "Subject can't be blank"),
        ({"subject": "123"}, "Subject is not included in the list"),
        ({"graduation_year": None}, "Graduation year can't be blank"),
        ({"graduation_year": 2999}, "Graduation year Enter a graduation year that is in the past, for example 2014"),
        ({"graduation_year": "long ago"}, "Graduation year Enter a valid graduation year"),
        ({"uk_degree": None}, "Uk degree must be entered if specifying a previous UK degree"),
        ({"uk_degree": "777"}, "Uk degree has invalid reference data values"),
        ({"grade": None}, "Grade can't be blank"),
        ({"institution": None, "country": "US", "uk_degree": None}, "Non uk degree can't be blank"),
        # Issue 15 item 11: an unknown or over-long institution code is a 422, never stored as null.
        ({"institution": "1234"}, "Institution has invalid reference data values"),
        ({"institution": "01170"}, "Institution has invalid reference data values"),
        ({"institution": None, "country": "GB", "non_uk_degree": "051"}, "Country has invalid reference data values"),
    ],
)
def test_degree_validation(api, trainee, data, message):
    base = {"grade": "02", "subject": "100425", "institution": "0117", "uk_degree": "083", "graduation_year": 2015}

    response = api.post(f"{API}/trainees/{trainee.slug}/degrees", {"data": base | data}, format="json")

    assert response.status_code == 422
    assert message in messages(response)


def test_identical_degree_is_a_conflict(api, trainee):
    existing = DegreeFactory(trainee=trainee)
    other = DegreeFactory(trainee=trainee, graduation_year=2010)
    data = {"grade": "02", "subject": "100425", "institution": "0116", "uk_degree": "083", "graduation_year": 2022}
    url = f"{API}/trainees/{trainee.slug}/degrees"

    created = api.post(url, {"data": data}, format="json")
    updated = api.patch(f"{url}/{other.slug}", {"data": {"graduation_year": 2022}}, format="json")

    for response in (created, updated):
        assert response.status_code == 409
        assert response.json()["errors"] == [{"error": "Conflict", "message": "This is a duplicate degree"}]
        assert [d["degree_id"] for d in response.json()["data"]] == [existing.slug]
    assert Degree.objects.count() == 2


def test_another_providers_degree_is_not_found(api, trainee):
    foreign = DegreeFactory(trainee=TraineeFactory(training_provider=TrainingProviderFactory()))

    response = api.patch(
        f"{API}/trainees/{trainee.slug}/degrees/{foreign.slug}", {"data": {"grade": "01"}}, format="json"
    )

    assert response.json() == {"errors": [{"error": "NotFound", "message": "Degree(s) not found"}]}
    assert api.get(f"{API}/trainees/{foreign.trainee.slug}/degrees").status_code == 404


@pytest.mark.parametrize("field", ["urn", "name", "postcode"])
def test_a_list_or_object_where_a_value_belongs_is_invalid_not_a_crash(api, trainee, field):
    url = f"{API}/trainees/{trainee.slug}/placements"
    data = {"urn": "343452", "name": "Oxford School", "postcode": "OX1 1AA", field: ["OX1"]}
    response = api.post(url, {"data": data}, format="json")
    assert response.status_code == 422
    assert f"{field.capitalize()} is invalid" in messages(response)


def test_structured_values_in_trainee_and_degree_updates_are_invalid(api, trainee):
    response = api.patch(f"{API}/trainees/{trainee.slug}", {"data": {"first_names": {"a": 1}}}, format="json")
    assert response.status_code == 422
    assert "First names is invalid" in messages(response)
    degree = DegreeFactory(trainee=trainee)
    response = api.patch(
        f"{API}/trainees/{trainee.slug}/degrees/{degree.slug}", {"data": {"subject": ["100425"]}}, format="json"
    )
    assert response.status_code == 422
    assert "Subject is invalid" in messages(response)


@pytest.mark.parametrize("wrong", [["58"], {"a": 1}, True, False], ids=repr)
def test_a_list_object_or_boolean_in_a_disability_slot_is_invalid(api, trainee, wrong):
    response = api.patch(f"{API}/trainees/{trainee.slug}", {"data": {"disability1": wrong}}, format="json")
    assert response.status_code == 422
    assert messages(response) == ["Disability1 is invalid"]


@pytest.mark.parametrize("key", ["placements_attributes", "degrees_attributes"])
@pytest.mark.parametrize("wrong", [False, True, {}, "", 5, [5], [["x"]]], ids=repr)
def test_nested_records_sent_as_anything_but_a_list_of_objects_are_invalid(api, key, wrong):
    from .factories import trainee_payload

    response = api.post(f"{API}/trainees", {"data": trainee_payload(**{key: wrong})}, format="json")
    assert response.status_code == 422
    assert f"{key.replace('_', ' ').capitalize()} is invalid" in messages(response)


@pytest.mark.parametrize("missing", ["graduation_year", "subject", "grade"])
def test_a_degree_missing_a_required_field_is_refused_before_any_duplicate_check(api, trainee, missing):
    """docs/decisions.md 23: a duplicate has "these exact fields"; a request missing a required one gets its 422."""
    data = {"grade": "02", "subject": "100425", "institution": "0116", "uk_degree": "083", "graduation_year": 2022}
    url = f"{API}/trainees/{trainee.slug}/degrees"
    assert api.post(url, {"data": data}, format="json").status_code == 201
    incomplete = {key: value for key, value in data.items() if key != missing}

    response = api.post(url, {"data": incomplete}, format="json")

    assert response.status_code == 422, response.content
    assert response.json()["errors"][0]["error"] == "UnprocessableEntity"


def test_degrees_carry_seed_003s_read_only_locale_code(api, trainee):
    url = f"{API}/trainees/{trainee.slug}/degrees"
    uk = {"grade": "02", "subject": "100425", "institution": "0116", "uk_degree": "083", "graduation_year": 2022}
    non_uk = {"subject": "100425", "country": "US", "non_uk_degree": "051", "graduation_year": 2020}

    assert api.post(url, {"data": uk}, format="json").status_code == 201
    created = api.post(url, {"data": non_uk | {"locale_code": "uk"}}, format="json")
    assert created.status_code == 201, created.content
    listed = {d["uk_degree"] or d["non_uk_degree"]: d["locale_code"] for d in api.get(url).json()["data"]}
    assert listed == {"083": "uk", "051": "non_uk"}


def test_a_placement_with_a_urn_needs_no_name(api, trainee):
    """A placement's name is "required if urn is not provided"; a school this service knows names it
    (docs/register-api.md, "Placements sent with a URN and no name")."""
    from tests.factories import SchoolFactory

    SchoolFactory(urn="137523", name="Wellsway School")
    url = f"{API}/trainees/{trainee.slug}/placements"

    unknown = api.post(url, {"data": {"urn": "343452"}}, format="json")
    known = api.post(url, {"data": {"urn": "137523", "postcode": "BS31 1PH"}}, format="json")

    assert unknown.status_code == 201, unknown.content
    assert (unknown.json()["data"]["urn"], unknown.json()["data"]["name"]) == ("343452", None)
    assert known.status_code == 201, known.content
    assert known.json()["data"]["name"] == "Wellsway School"


@pytest.mark.parametrize("value", [False, True])
def test_a_boolean_placement_urn_is_refused_before_anything_is_stored(api, trainee, value):
    """Issue 15 item 9: `urn: false` was stored as "False" and a second one was a 500."""
    url = f"{API}/trainees/{trainee.slug}/placements"
    for _ in range(2):
        response = api.post(url, {"data": {"urn": value, "name": "Oxford School"}}, format="json")
        assert response.status_code == 422, response.content
        assert messages(response) == ["Urn is invalid"]
    assert not Placement.objects.filter(trainee=trainee).exists()


@pytest.mark.parametrize(
    "field", ["subject", "uk_degree", "non_uk_degree", "grade", "institution", "country", "graduation_year"]
)
def test_a_boolean_degree_field_is_refused_before_anything_is_stored(api, trainee, field):
    data = {"grade": "02", "subject": "100425", "institution": "0116", "uk_degree": "083", "graduation_year": 2022}
    response = api.post(f"{API}/trainees/{trainee.slug}/degrees", {"data": data | {field: False}}, format="json")
    assert response.status_code == 422, response.content
    assert not Degree.objects.filter(trainee=trainee).exists()


@pytest.mark.parametrize(
    "non_uk",
    [
        {"subject": "100425", "country": "US", "non_uk_degree": "051", "graduation_year": 2020},
        {"subject": "100425", "country": "US", "non_uk_degree": "051", "graduation_year": 2020, "grade": "02"},
    ],
    ids=["without a grade", "with a grade"],
)
def test_the_same_non_uk_degree_posted_twice_is_a_duplicate(api, trainee, non_uk):
    """Issue 23 item 19, docs/decisions.md 26: every compared field is equal, a field empty on both sides (the UK
    degree type and, without a grade, the grade) included."""
    url = f"{API}/trainees/{trainee.slug}/degrees"
    first = api.post(url, {"data": non_uk}, format="json")
    assert first.status_code == 201, first.content

    again = api.post(url, {"data": non_uk}, format="json")

    assert again.status_code == 409, again.content
    assert again.json()["errors"] == [{"error": "Conflict", "message": "This is a duplicate degree"}]
    assert [degree["degree_id"] for degree in again.json()["data"]] == [first.json()["data"][0]["degree_id"]]
    assert Degree.objects.filter(trainee=trainee).count() == 1


def test_an_empty_field_does_not_equal_a_filled_one(api, trainee):
    """Empty equals empty, and only empty: a non-UK degree without a grade is not a duplicate of one with a grade."""
    url = f"{API}/trainees/{trainee.slug}/degrees"
    graded = {"subject": "100425", "country": "US", "non_uk_degree": "051", "graduation_year": 2020, "grade": "02"}
    assert api.post(url, {"data": graded}, format="json").status_code == 201
    ungraded = {key: value for key, value in graded.items() if key != "grade"}
    assert api.post(url, {"data": ungraded}, format="json").status_code == 201
