"""Funding consequences: waiting claims follow eligibility; mentor completion ends mentor funding."""

import datetime as dt

import pytest

from declarations.models import IneligibleReason, PaymentState
from participants.models import MentorIneligibleReason, Teacher
from tests.declarations.factories import declare, ect, make_fundable, mentor
from tests.declarations.helpers import URL

pytestmark = pytest.mark.django_db


def test_participant_becoming_fundable_moves_submitted_claims_to_next_statement(lp_client, statement):
    period = ect(lp_client.lead_provider, fundable=False)
    declaration = declare(lp_client.lead_provider, period)
    assert declaration.payment_state == PaymentState.NO_PAYMENT
    make_fundable(period.teacher, "ect")
    declaration.refresh_from_db()
    assert (declaration.payment_state, declaration.statement) == (PaymentState.ELIGIBLE, statement)
    assert lp_client.get(f"{URL}/{declaration.api_id}").json()["data"]["attributes"]["state"] == "eligible"


def test_mentor_completed_claim_sets_and_void_clears_mentor_funding_end_date(lp_client, statement_2025):
    period = mentor(lp_client.lead_provider, year=2025)
    declaration = declare(
        lp_client.lead_provider, period, "completed", "2025-11-05T10:00:00Z", evidence_held="75-percent-engagement-met"
    )
    teacher = Teacher.objects.get(pk=period.teacher_id)
    assert teacher.mentor_funding_end_date == dt.date(2025, 11, 5)
    assert teacher.mentor_ineligible_for_funding_reason == MentorIneligibleReason.COMPLETED_DECLARATION_RECEIVED
    assert lp_client.put(f"{URL}/{declaration.api_id}/void").status_code == 200
    teacher.refresh_from_db()
    assert (teacher.mentor_funding_end_date, teacher.mentor_ineligible_for_funding_reason) == (None, "")


def test_mentor_marked_started_not_completed_by_dfe_is_left_alone(lp_client, statement_2025):
    period = mentor(lp_client.lead_provider, year=2025)
    Teacher.objects.filter(pk=period.teacher_id).update(
        mentor_funding_end_date=dt.date(2025, 7, 31),
        mentor_ineligible_for_funding_reason=MentorIneligibleReason.STARTED_NOT_COMPLETED,
    )
    declare(lp_client.lead_provider, period, "completed", evidence_held="75-percent-engagement-met")
    teacher = Teacher.objects.get(pk=period.teacher_id)
    assert teacher.mentor_funding_end_date == dt.date(2025, 7, 31)


def test_claim_for_the_same_person_under_a_merged_record_is_an_ineligible_duplicate(lp_client, statement):
    """A duplicate record's live claim that was not moved across (the same-TRN duplicate of
    docs/declarations.md, "Duplicates and repeated requests")."""
    from tests.factories import TeacherFactory, mark_merged

    period = ect(lp_client.lead_provider)
    old_record = TeacherFactory()
    earlier = ect(lp_client.lead_provider, teacher=old_record, school=period.school)
    first = declare(lp_client.lead_provider, earlier)
    mark_merged(old_record, into=period.teacher)
    second = declare(lp_client.lead_provider, period)
    assert second.payment_state == PaymentState.INELIGIBLE
    assert second.ineligible_reason == IneligibleReason.DUPLICATE_DECLARATION
    assert second.superseded_by == first
    attributes = lp_client.get(f"{URL}/{second.api_id}").json()["data"]["attributes"]
    assert (attributes["state"], attributes["ineligible_for_funding_reason"]) == ("ineligible", "duplicate_declaration")


def test_the_registration_service_that_makes_an_ect_fundable_moves_their_waiting_claims(lp_client, statement):
    """No signal: the participants service that makes the participant fundable calls the declarations service."""
    from participants.services.registration import ect_funding_start

    period = ect(lp_client.lead_provider, fundable=False)
    declaration = declare(lp_client.lead_provider, period)
    assert declaration.payment_state == PaymentState.NO_PAYMENT
    ect_funding_start(teacher=Teacher.objects.get(pk=period.teacher_id), school=period.school)
    declaration.refresh_from_db()
    assert (declaration.payment_state, declaration.statement) == (PaymentState.ELIGIBLE, statement)


def test_dfe_staff_making_a_participant_fundable_in_the_admin_moves_their_waiting_claims(
    admin_client, lp_client, statement
):
    period = ect(lp_client.lead_provider, fundable=False)
    declaration = declare(lp_client.lead_provider, period)
    teacher = Teacher.objects.get(pk=period.teacher_id)
    url = f"/admin/participants/teacher/{teacher.pk}/change/"
    form = admin_client.get(url).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(
        ect_first_became_eligible_for_funding_at_0="2024-10-02", ect_first_became_eligible_for_funding_at_1="09:00:00"
    )
    for formset in admin_client.get(url).context["inline_admin_formsets"]:
        management = formset.formset.management_form
        data.update({f"{management.prefix}-{name}": management[name].value() for name in management.fields})
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    declaration.refresh_from_db()
    assert (declaration.payment_state, declaration.statement) == (PaymentState.ELIGIBLE, statement)
