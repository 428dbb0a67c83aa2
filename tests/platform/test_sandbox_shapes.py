"""Issue 15 item 15: the seeded sandbox gives every sandbox lead provider each shape the seeds describe, seen
through the API with the provider's sandbox token: payable declarations, a participant with an ECT and a mentor
enrolment, 2022 participants on 2022's non-standard schedules, and participants in every cohort 2021–2026."""

import io
import json

import pytest
from django.core.management import call_command
from django.test import Client

from participants.models import Teacher
from partnerships.sandbox import LEAD_PROVIDERS

pytestmark = pytest.mark.django_db


def _all(client: Client, token: str, path: str) -> list[dict]:
    rows, page = [], 1
    while True:
        separator = "&" if "?" in path else "?"
        response = client.get(
            f"{path}{separator}page[per_page]=100&page[page]={page}", HTTP_AUTHORIZATION=f"Bearer {token}"
        )
        assert response.status_code == 200, response.content[:300]
        data = response.json()["data"]
        if not data:
            return rows
        rows += data
        page += 1


@pytest.fixture
def tokens(tmp_path) -> dict[str, str]:
    call_command("seed_sandbox", tokens_file=str(tmp_path / "tokens.json"), stdout=io.StringIO())
    return json.loads((tmp_path / "tokens.json").read_text())["lead_providers"]


def test_every_sandbox_provider_sees_each_shape_the_seeds_describe(tokens):
    client = Client()
    assert sorted(tokens) == sorted(LEAD_PROVIDERS)
    for provider, token in tokens.items():
        declarations = _all(client, token, "/api/v3/participant-declarations")
        assert "payable" in {d["attributes"]["state"] for d in declarations}, provider

        participants = _all(client, token, "/api/v3/participants")
        both = [
            p
            for p in participants
            if {e["participant_type"] for e in p["attributes"]["ecf_enrolments"]} == {"ect", "mentor"}
        ]
        assert both, provider
        assert len(both[0]["attributes"]["ecf_enrolments"]) == 2

        schedules_2022 = {
            e["schedule_identifier"]
            for p in participants
            for e in p["attributes"]["ecf_enrolments"]
            if e["cohort"] == "2022"
        }
        assert schedules_2022 - {"ecf-standard-september", "ecf-standard-january", "ecf-standard-april"}, provider

        for year in range(2021, 2027):
            assert _all(client, token, f"/api/v3/participants?filter[cohort]={year}"), (provider, year)


def test_seeding_the_sandbox_twice_adds_nothing(tokens):
    teachers = Teacher.objects.count()
    from declarations.models import Declaration

    declarations = Declaration.objects.count()
    call_command("seed_sandbox", stdout=io.StringIO())
    assert (Teacher.objects.count(), Declaration.objects.count()) == (teachers, declarations)
