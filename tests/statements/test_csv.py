"""'Download declarations (CSV)': only what the bands placed, clawbacks, voided; streamed in a fixed number of
queries (docs/finance.md "Declarations CSV")."""

import csv
import io
from decimal import Decimal

import pytest

from declarations import services as declaration_services
from declarations.models import Declaration
from statements import declarations_csv
from statements.payments import statement_figures
from tests.declarations.factories import StatementFactory, declare, ect, mentor
from tests.factories import cohort
from tests.statements.factories import CallOffContractFactory

pytestmark = pytest.mark.django_db

DECLARATION_ID = declarations_csv.HEADER.index("Declaration ID")


def _rows(statement):
    text = "".join(declarations_csv.stream(statement_figures(statement=statement)))
    return list(csv.DictReader(io.StringIO(text)))


def test_declarations_that_found_no_room_in_the_bands_are_not_listed(lead_provider):
    contract = CallOffContractFactory(
        lead_provider=lead_provider, cohort=cohort(2024), bands=[("A", 1, 2, Decimal(400)), ("B", 3, 4, Decimal(300))]
    )
    statement = StatementFactory(lead_provider=lead_provider, contract=contract)
    placed = [declare(lead_provider, ect(lead_provider)) for _ in range(4)]
    unpaid = declare(lead_provider, ect(lead_provider))
    voided = declare(lead_provider, ect(lead_provider))
    declaration_services.declaration_void(declaration=voided)
    rows = _rows(statement)
    listed = {row["Declaration ID"]: row["Declaration Status"] for row in rows}
    assert listed == {**{str(d.api_id): "eligible" for d in placed}, str(voided.api_id): "voided"}
    assert str(unpaid.api_id) not in listed


def test_from_2025_every_mentor_declaration_is_listed(lead_provider):
    contract = CallOffContractFactory(lead_provider=lead_provider, cohort=cohort(2025), flat_rate=True)
    statement = StatementFactory(lead_provider=lead_provider, cohort=cohort(2025), contract=contract)
    mentors = [declare(lead_provider, mentor(lead_provider, year=2025)) for _ in range(2)]
    rows = _rows(statement)
    assert sorted(row["Declaration ID"] for row in rows) == sorted(str(d.api_id) for d in mentors)
    assert {row["Type"] for row in rows} == {"mentor"}


def test_csv_costs_a_fixed_number_of_queries(lead_provider, django_assert_num_queries):
    statement = StatementFactory(lead_provider=lead_provider)
    made = [declare(lead_provider, ect(lead_provider))]
    figures = statement_figures(statement=statement)
    # one server-side cursor for each of the two querysets the rows come from, whatever the number of rows
    with django_assert_num_queries(2):
        rows = list(declarations_csv.rows(figures))
    assert [str(row[DECLARATION_ID]) for row in rows] == [str(made[0].api_id)]
    made += [declare(lead_provider, ect(lead_provider)) for _ in range(5)]
    figures = statement_figures(statement=statement)
    with django_assert_num_queries(2):
        rows = list(declarations_csv.rows(figures))
    assert sorted(str(row[DECLARATION_ID]) for row in rows) == sorted(str(d.api_id) for d in made)
    assert Declaration.objects.filter(statement=statement).count() == 6


def test_the_csv_says_what_the_api_says_of_the_participant(lead_provider, lp_client):
    """Name, funding eligibility and training status are the participant API's own rules (docs/participants.md),
    mentors' end of funding and a deferral after a withdrawal included."""
    import datetime as dt

    from django.utils import timezone

    from participants.models import Teacher, TrainingPeriod

    contract = CallOffContractFactory(lead_provider=lead_provider, cohort=cohort(2025), flat_rate=True)
    statement = StatementFactory(lead_provider=lead_provider, cohort=cohort(2025), contract=contract)
    ended = mentor(lead_provider, year=2025)
    claim = declare(lead_provider, ended)
    Teacher.objects.filter(pk=ended.teacher_id).update(
        corrected_name="Ada Byron",
        mentor_funding_end_date=dt.date(2025, 12, 1),
        mentor_ineligible_for_funding_reason="completed_declaration_received",
    )
    now = timezone.now()
    TrainingPeriod.objects.filter(pk=ended.pk).update(
        finished_on=dt.date(2025, 12, 1),
        withdrawn_at=now - dt.timedelta(days=2),
        withdrawal_reason="left-teaching-profession",
        deferred_at=now - dt.timedelta(days=1),
        deferral_reason="career-break",
    )
    (row,) = [row for row in _rows(statement) if row["Declaration ID"] == str(claim.api_id)]
    shown = lp_client.get(f"/api/v3/participants/{ended.teacher.api_id}").json()["data"]["attributes"]
    (enrolment,) = shown["ecf_enrolments"]
    assert (row["Participant Name"], row["Eligible For Funding"], row["Training Status"]) == (
        shown["full_name"],
        "false" if not enrolment["eligible_for_funding"] else "true",
        enrolment["training_status"],
    )
    assert (row["Participant Name"], row["Eligible For Funding"], row["Training Status"]) == (
        "Ada Byron",
        "false",
        "deferred",
    )
    assert row["Training Status Reason"] == "career-break"
