"""Every ECT and mentor a school registers has an email, and the API never answers null for one
(docs/decisions.md 19; docs/participants.md, "Emails")."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from rest_framework.test import APIClient

from config.errors import DomainValidationError
from participants import services
from participants.models import ECTAtSchoolPeriod, MentorAtSchoolPeriod
from partnerships.models import LeadProvider
from partnerships.services import api_token_create
from tests.factories import SchoolFactory, TeacherFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("start", [services.ect_at_school_start, services.mentor_at_school_start])
@pytest.mark.parametrize("email", ["", "   ", None])
def test_a_registration_without_an_email_is_refused(start, email):
    with pytest.raises(DomainValidationError) as refused:
        start(teacher=TeacherFactory(), school=SchoolFactory(), started_on=dt.date(2025, 9, 1), email=email)
    assert refused.value.errors == [("email", "Enter the teacher's email address")]


@pytest.mark.parametrize("model", [ECTAtSchoolPeriod, MentorAtSchoolPeriod])
def test_the_database_refuses_a_registration_without_an_email(model):
    with pytest.raises(IntegrityError, match="email_required"), transaction.atomic():
        model.objects.create(teacher=TeacherFactory(), school=SchoolFactory(), started_on=dt.date(2025, 9, 1))


def test_every_sandbox_participant_and_unfunded_mentor_has_an_email(sandbox):
    seen = 0
    for lead_provider in LeadProvider.objects.all():
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {api_token_create(lead_provider=lead_provider)[1]}")
        participants = client.get("/api/v3/participants", {"page[per_page]": 3000}).json()["data"]
        for participant in participants:
            for enrolment in participant["attributes"]["ecf_enrolments"]:
                assert isinstance(enrolment["email"], str) and "@" in enrolment["email"], participant
                seen += 1
        mentors = client.get("/api/v3/unfunded-mentors", {"page[per_page]": 3000}).json()["data"]
        for mentor in mentors:
            assert isinstance(mentor["attributes"]["email"], str) and "@" in mentor["attributes"]["email"]
            seen += 1
    assert seen > 0


def test_the_openapi_document_never_calls_an_email_nullable(api_client):
    document = api_client.get("/api/v3/openapi.json").json()
    schemas = document["components"]["schemas"]
    for name, schema in schemas.items():
        email = schema.get("properties", {}).get("email")
        if email is not None:
            assert not email.get("nullable"), name
    assert "email" in schemas["UnfundedMentorAttributes"]["properties"]
