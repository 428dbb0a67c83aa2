"""The OpenAPI examples show what the service really returns: same keys, in the same order, with the same types."""

import datetime as dt

import pytest

from declarations.api.resources import DeclarationResource
from participants import services
from participants.api.resources import ParticipantResource, TransferResource, UnfundedMentorResource
from participants.models import ParticipantIdChange
from partnerships.api.resources import DeliveryPartnerResource, PartnershipResource, SchoolResource
from statements.api.resources import StatementResource
from tests.declarations.factories import StatementFactory, declare
from tests.factories import DeliveryPartnerFactory, SchoolFactory, TeacherFactory, cohort, ect_training, partnership

D = dt.date


def same_shape(real, example, path="data"):
    if real is None or example is None:
        return  # nullable fields are documented with one of their forms
    if isinstance(example, dict):
        assert isinstance(real, dict), path
        assert list(real) == list(example), f"{path}: keys differ"
        for key in example:
            same_shape(real[key], example[key], f"{path}.{key}")
    elif isinstance(example, list):
        assert isinstance(real, list), path
        for item in real:
            same_shape(item, example[0], f"{path}[]")
    else:
        assert type(real) is type(example), f"{path}: {type(real).__name__} is not {type(example).__name__}"


@pytest.fixture
def world(lead_provider, other_lead_provider):
    school, other_school = SchoolFactory(), SchoolFactory()
    mine = partnership(school, lead_provider, DeliveryPartnerFactory(), 2025)
    ect = ect_training(school, year=2025, partnership=mine)
    mentor = services.mentor_at_school_start(
        email="teacher@example.com", teacher=TeacherFactory(), school=school, started_on=D(2025, 9, 1)
    )
    services.mentorship_start(mentee=ect.ect_at_school_period, mentor=mentor, started_on=D(2025, 9, 1))
    ParticipantIdChange.objects.create(
        teacher=ect.teacher, from_participant_id=TeacherFactory().api_id, to_participant_id=ect.teacher.api_id
    )
    moved = ect_training(school, year=2025, partnership=mine)
    moved.finished_on = moved.ect_at_school_period.finished_on = D(2025, 12, 31)
    moved.save()
    moved.ect_at_school_period.save()
    ect_training(
        other_school,
        year=2025,
        teacher=moved.teacher,
        started_on=D(2026, 1, 5),
        partnership=partnership(other_school, other_lead_provider, DeliveryPartnerFactory(), 2025),
    )
    StatementFactory(lead_provider=lead_provider, cohort=cohort(2025))
    declare(lead_provider, ect, declaration_date="2025-09-15T10:00:00Z", evidence_held="training-event-attended")
    return ect


@pytest.mark.parametrize(
    ("resource", "url"),
    [
        (DeliveryPartnerResource, "/api/v3/delivery-partners"),
        (PartnershipResource, "/api/v3/partnerships"),
        (SchoolResource, "/api/v3/schools?filter[cohort]=2025"),
        (ParticipantResource, "/api/v3/participants"),
        (TransferResource, "/api/v3/participants/transfers"),
        (UnfundedMentorResource, "/api/v3/unfunded-mentors"),
        (DeclarationResource, "/api/v3/participant-declarations"),
        (StatementResource, "/api/v3/statements"),
    ],
)
def test_each_resource_example_matches_a_real_response(lp_client, world, resource, url):
    response = lp_client.get(url)
    assert response.status_code == 200
    items = response.json()["data"]
    assert items, f"the scenario should produce at least one {resource.type}"
    for item in items:
        same_shape(item, resource.example_document())


def test_examples_are_published_in_the_openapi_document(api_client):
    document = api_client.get("/api/v3/openapi.json").json()
    examples = document["paths"]["/api/v3/participants"]["get"]["responses"]["200"]["content"]
    # JSON:API and plain JSON (docs/api-paths.md, "Content types") carry the same example.
    assert set(examples) == {"application/vnd.api+json", "application/json"}
    for content in examples.values():
        (example,) = content["examples"].values()
        assert example["value"]["data"][0] == ParticipantResource.example_document()
