"""What a successful POST records: state, statement, uplifts, delivery partner, mentor; idempotent replay."""

import datetime as dt
import re
import threading

import pytest
from django.db import connection, connections

from config import clock
from declarations import rules
from declarations.models import Declaration, PaymentState
from participants import services as participant_services
from schools.models import SchoolFundingUplift
from tests.declarations.factories import StatementFactory, declare, ect
from tests.declarations.helpers import URL, attrs, body, errors, post
from tests.factories import DeliveryPartnerFactory, TeacherFactory, cohort

# The rule book's words (docs/declarations.md).
ALREADY_CLAIMED = "A declaration has already been submitted that will be, or has been, paid for this event"

EXPECTED_ATTRIBUTES = [
    "participant_id",
    "declaration_type",
    "declaration_date",
    "course_identifier",
    "state",
    "updated_at",
    "created_at",
    "delivery_partner_id",
    "statement_id",
    "clawback_statement_id",
    "ineligible_for_funding_reason",
    "mentor_id",
    "uplift_paid",
    "evidence_held",
    "has_passed",
    "lead_provider_name",
]


@pytest.mark.django_db
def test_fundable_participant_is_eligible_on_the_next_output_statement(lp_client):
    lead_provider = lp_client.lead_provider
    later = StatementFactory(lead_provider=lead_provider, cut_off_date=clock.today() + dt.timedelta(days=90))
    sooner = StatementFactory(lead_provider=lead_provider, cut_off_date=clock.today() + dt.timedelta(days=10))
    partner = DeliveryPartnerFactory()
    period = ect(lead_provider, delivery_partner=partner)
    response = post(lp_client, **attrs(period))
    assert response.status_code == 200
    data = response.json()["data"]
    assert data["type"] == "participant-declaration"
    assert list(data["attributes"]) == EXPECTED_ATTRIBUTES
    assert data["attributes"] | {"updated_at": None, "created_at": None} == {
        "participant_id": str(period.teacher.api_id),
        "declaration_type": "started",
        "declaration_date": "2024-10-01T10:00:00Z",
        "course_identifier": "ecf-induction",
        "state": "eligible",
        "updated_at": None,
        "created_at": None,
        "delivery_partner_id": str(partner.api_id),
        "statement_id": str(sooner.api_id),
        "clawback_statement_id": None,
        "ineligible_for_funding_reason": None,
        "mentor_id": None,
        "uplift_paid": False,
        "evidence_held": None,
        "has_passed": None,
        "lead_provider_name": lead_provider.name,
    }
    # Declaration timestamps are to the second (docs/lead-provider-api.md, "Timestamps"): 2020-11-13T11:21:55Z.
    second_precision = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
    assert second_precision.match(data["attributes"]["created_at"])
    assert second_precision.match(data["attributes"]["updated_at"])
    declaration = Declaration.objects.get(api_id=data["id"])
    assert (declaration.payment_state, declaration.statement, declaration.cohort.start_year) == (
        PaymentState.ELIGIBLE,
        sooner,
        2024,
    )
    assert later.declarations.count() == 0


@pytest.mark.django_db
def test_not_yet_fundable_participant_is_submitted_without_statement(lp_client, statement):
    period = ect(lp_client.lead_provider, fundable=False)
    data = post(lp_client, **attrs(period)).json()["data"]["attributes"]
    assert (data["state"], data["statement_id"]) == ("submitted", None)


@pytest.mark.django_db
def test_uplifts_are_copied_and_mentor_on_the_date_recorded(lp_client, statement):
    period = ect(lp_client.lead_provider)
    SchoolFundingUplift.objects.create(school=period.school, cohort_year=2024, pupil_premium_uplift=True)
    mentor_teacher = TeacherFactory()
    mentor_at_school = participant_services.mentor_at_school_start(
        email="teacher@example.com", teacher=mentor_teacher, school=period.school, started_on=dt.date(2024, 9, 1)
    )
    participant_services.mentorship_start(
        mentee=period.ect_at_school_period, mentor=mentor_at_school, started_on=dt.date(2024, 9, 15)
    )
    data = post(lp_client, **attrs(period)).json()["data"]
    declaration = Declaration.objects.get(api_id=data["id"])
    assert declaration.pupil_premium_uplift and not declaration.sparsity_uplift
    assert data["attributes"]["mentor_id"] == str(mentor_teacher.api_id)


@pytest.mark.django_db
def test_declaration_date_fraction_is_rendered_to_the_second(lp_client, statement):
    period = ect(lp_client.lead_provider)
    data = post(lp_client, **attrs(period, declaration_date="2024-10-01T11:00:00.789+01:00")).json()["data"]
    assert data["attributes"]["declaration_date"] == "2024-10-01T10:00:00Z"


@pytest.mark.django_db
def test_uplifts_are_kept_only_on_started_declarations(lp_client, statement):
    """docs/declarations.md, "Facts kept with the claim": uplift flags only on `started` (the only claim an uplift
    is paid on)."""
    period = ect(lp_client.lead_provider)
    SchoolFundingUplift.objects.create(
        school=period.school, cohort_year=2024, pupil_premium_uplift=True, sparsity_uplift=True
    )
    started = declare(lp_client.lead_provider, period)
    retained = declare(lp_client.lead_provider, period, "retained-1")
    assert (started.pupil_premium_uplift, started.sparsity_uplift) == (True, True)
    assert (retained.pupil_premium_uplift, retained.sparsity_uplift) == (False, False)


@pytest.mark.django_db
def test_exact_replay_returns_the_same_body_and_creates_nothing(lp_client, statement):
    period = ect(lp_client.lead_provider)
    first = post(lp_client, **attrs(period, "retained-1", "2025-02-01T10:00:00Z", evidence_held="other"))
    second = post(lp_client, **attrs(period, "retained-1", "2025-02-01T10:00:00Z", evidence_held="other"))
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    assert Declaration.objects.count() == 1


@pytest.mark.django_db
def test_replay_with_a_different_evidence_is_already_claimed(lp_client, statement):
    period = ect(lp_client.lead_provider)
    post(lp_client, **attrs(period, "retained-1", "2025-02-01T10:00:00Z", evidence_held="other"))
    response = post(
        lp_client, **attrs(period, "retained-1", "2025-02-01T10:00:00Z", evidence_held="training-event-attended")
    )
    assert errors(response) == [{"title": "base", "detail": ALREADY_CLAIMED}]


@pytest.mark.django_db
def test_voided_event_can_be_declared_again(lp_client, statement):
    period = ect(lp_client.lead_provider)
    first = declare(lp_client.lead_provider, period)
    assert lp_client.put(f"{URL}/{first.api_id}/void").status_code == 200
    response = post(lp_client, **attrs(period))
    assert response.status_code == 200
    assert response.json()["data"]["id"] != str(first.api_id)


@pytest.mark.django_db
def test_claim_already_made_by_another_provider_is_refused(lp_client, other_lead_provider, statement):
    """A participant who moved: the new provider cannot be paid again for the old provider's claim."""
    period = ect(other_lead_provider)
    StatementFactory(lead_provider=other_lead_provider)
    declare(other_lead_provider, period)
    school = period.school
    from tests.factories import partnership

    moved = participant_services.training_period_start(
        at_school_period=period.ect_at_school_period,
        started_on=dt.date(2024, 9, 20),
        partnership=partnership(school, lp_client.lead_provider, DeliveryPartnerFactory(), 2024),
        schedule=period.schedule,
    )
    response = post(lp_client, **attrs(moved))
    assert errors(response) == [{"title": "base", "detail": ALREADY_CLAIMED}]


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_identical_posts_create_one_row_and_answer_alike(reference_data, lp_client):
    StatementFactory(lead_provider=lp_client.lead_provider, cohort=cohort(2024))
    period = ect(lp_client.lead_provider)
    payload = body(**attrs(period))
    barrier = threading.Barrier(20)
    results = []

    def send():
        try:
            barrier.wait()
            response = lp_client.post(URL, payload, format="json")
            results.append((response.status_code, response.content))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Declaration.objects.count() == 1
    assert {status for status, _ in results} == {200}
    assert len({content for _, content in results}) == 1
    connection.close()


def test_a_claim_whose_statement_closed_during_validation_lands_on_the_next_open_one(lp_client):
    """The race between a POST and the daily job that makes statements payable."""
    import datetime

    from declarations.services import create
    from statements.models import StatementState
    from tests.declarations.factories import StatementFactory, ect
    from tests.factories import cohort

    lead_provider = lp_client.lead_provider
    first = StatementFactory(lead_provider=lead_provider, cohort=cohort(2024))
    later = StatementFactory(
        lead_provider=lead_provider, cohort=cohort(2024), cut_off_date=first.cut_off_date + datetime.timedelta(days=31)
    )
    period = ect(lead_provider, year=2024)
    request = rules.Request(
        role="ect",
        declaration_type="started",
        raw_date="2024-10-01T10:00:00Z",
        declared=datetime.datetime(2024, 10, 1, 10, tzinfo=datetime.UTC),
        evidence_held=None,
    )
    gathered = create.gather(
        lead_provider=lead_provider,
        participant=period.teacher.api_id,
        request=request,
        course_identifier="ecf-induction",
    )
    assert gathered.statement_id == first.pk  # validation chose the first statement
    first.state = StatementState.PAYABLE  # closed by the daily job after validation chose it
    first.save()
    recorded = create._write(
        lead_provider=lead_provider, gathered=gathered, request=request, course_identifier="ecf-induction"
    )
    declaration = Declaration.objects.get(pk=recorded.pk)
    assert recorded.created and declaration.statement == later and declaration.payment_state == "eligible"
