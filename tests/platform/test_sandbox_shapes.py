"""The seeded sandbox gives every sandbox lead provider each shape the seeds describe, seen through the API with
the provider's sandbox token: declarations in every state each cohort's statements allow (docs/finance.md
"Sandbox"), a participant with an ECT and a mentor enrolment, 2022 participants on 2022's non-standard schedules,
participants in every cohort 2021–2026, and an ECT of a payments-frozen cohort who can move to 2024."""

import io

import pytest
from django.core.management import call_command
from django.test import Client

from declarations.api.resources import API_STATES
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
def tokens(sandbox) -> dict[str, str]:
    """The sandbox lead providers' tokens, as `seed_sandbox` printed them (the root conftest's seeded sandbox)."""
    return sandbox.tokens["lead_providers"]


def test_every_sandbox_provider_sees_each_shape_the_seeds_describe(tokens):
    client = Client()
    assert sorted(tokens) == sorted(LEAD_PROVIDERS)
    for provider, token in tokens.items():
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
            # participants/sandbox.py's own ECTs, not only the declarations sandbox's participants.
            names = {
                p["attributes"]["full_name"] for p in _all(client, token, f"/api/v3/participants?filter[cohort]={year}")
            }
            assert any(name.startswith(f"Ect Cohort{year}Sandbox") for name in names), (provider, year)


def test_seeding_the_sandbox_twice_adds_nothing(tokens):
    from declarations.models import Declaration
    from participants.models import TrainingPeriod
    from register.models import Trainee
    from statements.models import Statement

    def counts():
        return (
            Teacher.objects.count(),
            TrainingPeriod.objects.count(),
            Declaration.objects.count(),
            Trainee.objects.count(),
            sorted(Statement.objects.values_list("state", flat=True)),
        )

    before = counts()
    call_command("seed_sandbox", stdout=io.StringIO())
    assert counts() == before


# The states the API publishes (its OpenAPI enum).
EVERY_STATE = set(API_STATES)
# What each cohort's statements allow on PINNED_NOW (docs/finance.md "Sandbox"): 2021 and 2022 are payments-frozen
# and 2023's calendar is used up, so they take no new claims or clawbacks (no eligible, payable or
# awaiting-clawback); 2026 has no paid statement before January 2027 (no paid, clawed-back or awaiting-clawback).
NO_NEW_CLAIMS = EVERY_STATE - {"eligible", "payable", "awaiting-clawback"}
NOTHING_PAID_YET = EVERY_STATE - {"paid", "clawed-back", "awaiting-clawback"}
STATES_BY_COHORT = {
    2021: NO_NEW_CLAIMS,
    2022: NO_NEW_CLAIMS,
    2023: NO_NEW_CLAIMS,
    2024: EVERY_STATE,
    2025: EVERY_STATE,
    2026: NOTHING_PAID_YET,
}


def test_every_sandbox_provider_has_each_state_its_cohorts_allow(tokens):
    client = Client()
    for provider, token in tokens.items():
        for year, states in STATES_BY_COHORT.items():
            declarations = _all(client, token, f"/api/v3/participant-declarations?filter[cohort]={year}")
            assert {d["attributes"]["state"] for d in declarations} == states, (provider, year)
            ineligible = [d["attributes"] for d in declarations if d["attributes"]["state"] == "ineligible"]
            assert {d["ineligible_for_funding_reason"] for d in ineligible} == {"duplicate_declaration"}
            for declaration in declarations:
                attributes = declaration["attributes"]
                on_a_statement = attributes["state"] not in {"submitted", "voided", "ineligible"}
                assert (attributes["statement_id"] is not None) == on_a_statement, (provider, year, attributes)
                clawed = attributes["state"] in {"awaiting-clawback", "clawed-back"}
                assert (attributes["clawback_statement_id"] is not None) == clawed, (provider, year, attributes)


def test_a_sandbox_ect_paid_in_a_frozen_cohort_moves_to_2024(tokens):
    client = Client()
    token = tokens["Ambition Institute"]
    paid = [
        d["attributes"]
        for d in _all(client, token, "/api/v3/participant-declarations?filter[cohort]=2021")
        if d["attributes"]["state"] == "paid" and d["attributes"]["declaration_type"] == "retained-1"
    ]
    assert paid
    response = client.put(
        f"/api/v3/participants/{paid[0]['participant_id']}/change-schedule",
        {
            "data": {
                "type": "participant-change-schedule",
                "attributes": {
                    "course_identifier": "ecf-induction",
                    "schedule_identifier": "ecf-extended-september",
                    "cohort": "2024",
                },
            }
        },
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 200, response.content
    (enrolment,) = response.json()["data"]["attributes"]["ecf_enrolments"]
    assert (enrolment["cohort"], enrolment["cohort_changed_after_payments_frozen"]) == ("2024", True)


def test_what_sandbox_providers_read_conforms_to_the_published_document(
    tokens, wsgi_application, keep_the_test_connection
):
    """Every shape above, read as a provider reads it (each list, declarations cohort by cohort), is a 200 body the
    official published document allows."""
    import schemathesis
    from schemathesis.checks import response_schema_conformance, status_code_conformance

    from tests.platform.test_published_documents import _lead_provider_document

    schema = schemathesis.openapi.from_dict(_lead_provider_document())
    schema.app = wsgi_application
    reads = [
        ("/api/v3/participants/ecf", {}),
        ("/api/v3/participants/ecf/transfers", {}),
        ("/api/v3/unfunded-mentors/ecf", {}),
        ("/api/v3/partnerships/ecf", {}),
        ("/api/v3/statements", {}),
        ("/api/v3/schools/ecf", {"filter[cohort]": "2025"}),
        *(("/api/v3/participant-declarations", {"filter[cohort]": str(year)}) for year in STATES_BY_COHORT),
    ]
    for provider, token in tokens.items():
        for path, query in reads:
            case = schema[path]["GET"].Case(query={**query, "page[per_page]": "3000"})
            response = case.call(headers={"Authorization": f"Bearer {token}"})
            assert response.status_code == 200 and response.json()["data"], (provider, path, query)
            case.validate_response(response, checks=[status_code_conformance, response_schema_conformance])
