import datetime as dt

import pytest

from participants import services
from tests.factories import DeliveryPartnerFactory, SchoolFactory, TeacherFactory, ect_training, partnership, schedule

D = dt.date


def leave(period, on: dt.date):
    """The school reports the ECT leaving: the training and at-school periods end that day."""
    period.finished_on = on
    period.save()
    period.ect_at_school_period.finished_on = on
    period.ect_at_school_period.save()


@pytest.fixture
def moved(lead_provider, other_lead_provider):
    """An ECT trained by `lead_provider` at one school who moved to a school partnered by `other_lead_provider`."""
    first, second = SchoolFactory(urn="111111"), SchoolFactory(urn="222222")
    leaving = ect_training(
        first, year=2025, partnership=partnership(first, lead_provider, DeliveryPartnerFactory(), 2025)
    )
    leave(leaving, D(2025, 12, 31))
    at_second = services.ect_at_school_start(
        email="teacher@example.com", teacher=leaving.teacher, school=second, started_on=D(2026, 1, 5)
    )
    services.training_period_start(
        at_school_period=at_second,
        started_on=D(2026, 1, 5),
        partnership=partnership(second, other_lead_provider, DeliveryPartnerFactory(), 2025),
        schedule=schedule(2025),
    )
    return leaving.teacher


def test_transfer_to_a_new_provider_is_seen_by_both_providers(lp_client, moved, other_lead_provider):
    response = lp_client.get("/api/v3/participants/transfers")
    assert response.status_code == 200
    (item,) = response.json()["data"]
    assert item["id"] == str(moved.api_id) and item["type"] == "participant-transfer"
    (transfer,) = item["attributes"]["transfers"]
    assert transfer["training_record_id"] == str(moved.api_ect_training_record_id)
    assert transfer["transfer_type"] == "new_provider"
    assert transfer["status"] == "complete"
    assert transfer["leaving"] == {"school_urn": "111111", "provider": "Ambition Institute", "date": "2025-12-31"}
    assert transfer["joining"] == {"school_urn": "222222", "provider": "Teach First", "date": "2026-01-05"}
    one = lp_client.get(f"/api/v3/participants/{moved.api_id}/transfers")
    assert one.status_code == 200 and one.json()["data"]["id"] == str(moved.api_id)
    assert lp_client.get(f"/api/v3/participants/ecf/{moved.api_id}/transfers").status_code == 200


def test_leaving_without_a_new_school_is_unknown_and_incomplete_until_the_date(lp_client, lead_provider):
    school = SchoolFactory()
    period = ect_training(
        school, year=2025, partnership=partnership(school, lead_provider, DeliveryPartnerFactory(), 2025)
    )
    leave(period, D(2999, 1, 1))
    (transfer,) = lp_client.get("/api/v3/participants/transfers").json()["data"][0]["attributes"]["transfers"]
    assert (transfer["transfer_type"], transfer["status"], transfer["joining"]) == ("unknown", "incomplete", None)


def test_a_withdrawal_is_not_a_transfer(lp_client, lead_provider):
    school = SchoolFactory()
    period = ect_training(
        school, year=2025, partnership=partnership(school, lead_provider, DeliveryPartnerFactory(), 2025)
    )
    period.finished_on = D(2025, 10, 1)
    period.withdrawn_at = dt.datetime(2025, 10, 1, tzinfo=dt.UTC)
    period.withdrawal_reason = "other"
    period.save()
    assert lp_client.get("/api/v3/participants/transfers").json() == {"data": []}


def test_transfers_of_uninvolved_providers_are_404(lp_client, lead_provider, other_lead_provider):
    a = SchoolFactory()
    theirs = ect_training(a, year=2025, partnership=partnership(a, other_lead_provider, DeliveryPartnerFactory(), 2025))
    leave(theirs, D(2025, 12, 31))
    assert lp_client.get("/api/v3/participants/transfers").json() == {"data": []}
    assert lp_client.get(f"/api/v3/participants/{theirs.teacher.api_id}/transfers").status_code == 404


def test_unfunded_mentors_are_mentors_of_my_ects_trained_elsewhere(lp_client, lead_provider, other_lead_provider):
    school = SchoolFactory()
    mine = partnership(school, lead_provider, DeliveryPartnerFactory(), 2025)
    ect = ect_training(school, year=2025, partnership=mine)
    elsewhere = TeacherFactory(trs_first_name="Una", trs_last_name="Funded")
    mentor_period = services.mentor_at_school_start(
        teacher=elsewhere, school=school, started_on=D(2025, 9, 1), email="una@example.com"
    )
    services.mentorship_start(mentee=ect.ect_at_school_period, mentor=mentor_period, started_on=D(2025, 9, 1))
    trained_by_me = TeacherFactory()
    my_mentor = services.mentor_at_school_start(
        email="teacher@example.com", teacher=trained_by_me, school=school, started_on=D(2025, 9, 1)
    )
    services.training_period_start(
        at_school_period=my_mentor, started_on=D(2025, 9, 1), partnership=mine, schedule=schedule(2025)
    )
    other_ect = ect_training(school, year=2025, partnership=mine)
    services.mentorship_start(mentee=other_ect.ect_at_school_period, mentor=my_mentor, started_on=D(2025, 9, 1))

    response = lp_client.get("/api/v3/unfunded-mentors")
    assert response.status_code == 200
    (item,) = response.json()["data"]
    assert item["id"] == str(elsewhere.api_id) and item["type"] == "unfunded-mentor"
    assert item["attributes"]["full_name"] == "Una Funded"
    assert item["attributes"]["email"] == "una@example.com"
    assert lp_client.get(f"/api/v3/unfunded-mentors/{elsewhere.api_id}").status_code == 200
    assert lp_client.get(f"/api/v3/unfunded-mentors/{trained_by_me.api_id}").status_code == 404
    assert lp_client.get("/api/v3/unfunded-mentors/ecf").status_code == 200


def test_assigning_a_mentor_moves_the_unfunded_mentor_updated_at(lp_client, lead_provider):
    school = SchoolFactory()
    ect = ect_training(
        school, year=2025, partnership=partnership(school, lead_provider, DeliveryPartnerFactory(), 2025)
    )
    mentor = services.mentor_at_school_start(
        email="teacher@example.com", teacher=TeacherFactory(), school=school, started_on=D(2025, 9, 1)
    )
    services.mentorship_start(mentee=ect.ect_at_school_period, mentor=mentor, started_on=D(2025, 9, 1))
    stamp = lp_client.get("/api/v3/unfunded-mentors").json()["data"][0]["attributes"]["updated_at"]
    second_ect = ect_training(school, year=2025, partnership=ect.partnership)
    services.mentorship_start(mentee=second_ect.ect_at_school_period, mentor=mentor, started_on=D(2025, 10, 1))
    after = lp_client.get("/api/v3/unfunded-mentors", {"filter[updated_since]": stamp}).json()["data"]
    assert after and after[0]["attributes"]["updated_at"] > stamp


def test_other_providers_do_not_see_my_unfunded_mentors(other_lp_client, lead_provider):
    school = SchoolFactory()
    ect = ect_training(
        school, year=2025, partnership=partnership(school, lead_provider, DeliveryPartnerFactory(), 2025)
    )
    mentor = services.mentor_at_school_start(
        email="teacher@example.com", teacher=TeacherFactory(), school=school, started_on=D(2025, 9, 1)
    )
    services.mentorship_start(mentee=ect.ect_at_school_period, mentor=mentor, started_on=D(2025, 9, 1))
    assert other_lp_client.get("/api/v3/unfunded-mentors").json() == {"data": []}


def test_transfer_and_unfunded_lists_have_constant_queries(lp_client, moved, pinned_now, api_queries):
    lp_client.get("/api/v3/participants/transfers")  # the window's first request also stamps the token's last use
    # token lookup, rate-limit counter, the page itself
    with api_queries(3):
        transfers = lp_client.get("/api/v3/participants/transfers", {"page[per_page]": 3000})
    assert transfers.status_code == 200
    assert [item["id"] for item in transfers.json()["data"]] == [str(moved.api_id)]
    with api_queries(3):
        unfunded = lp_client.get("/api/v3/unfunded-mentors", {"page[per_page]": 3000})
    assert unfunded.status_code == 200 and unfunded.json() == {"data": []}
