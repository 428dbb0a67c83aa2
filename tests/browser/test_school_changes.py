"""Issue: a school changes an ECT's details, assigns an existing mentor, changes the mentor's details and reports
the ECT leaving, in a real browser with every page checked by axe-core."""

import datetime as dt

import pytest

from config import clock
from participants import services
from participants.models import ECTAtSchoolPeriod, MentorshipPeriod
from schools.models import SchoolUser
from schools.rules import contract_year
from tests.factories import (
    DeliveryPartnerFactory,
    LeadProviderFactory,
    SchoolFactory,
    TeacherFactory,
    contract,
    ect_training,
    pair,
)
from tests.participants.factories import AppropriateBodyFactory

from .conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_school_changes_an_ects_details_assigns_a_mentor_and_reports_the_ect_leaving(visit):
    today = clock.now().date()
    school = SchoolFactory(name="Oak Primary", induction_tutor_last_nominated_in=contract_year(today))
    SchoolUser.objects.create(email="sit@oak.example", school=school)
    AppropriateBodyFactory(name="Alban Teaching School Hub")
    AppropriateBodyFactory(name="Bright Futures Teaching School Hub")
    first, second = LeadProviderFactory(name="Ambition Institute"), LeadProviderFactory(name="Teach First")
    for provider in (first, second):
        pair(provider, DeliveryPartnerFactory(), 2026)
        contract(provider, 2026)
    start = dt.date(2026, 9, 1)
    teacher = TeacherFactory(trs_first_name="Ada", trs_last_name="Lovelace")
    training = ect_training(school, year=2026, started_on=start, teacher=teacher, lead_provider=first)
    ECTAtSchoolPeriod.objects.filter(pk=training.ect_at_school_period_id).update(email="ada@oak.example")
    mentor = services.mentor_at_school_start(
        teacher=TeacherFactory(trs_first_name="Grace", trs_last_name="Hopper"),
        school=school,
        started_on=start,
        email="grace.hopper@oak.example",
    )

    sign_in(visit, "sit@oak.example")
    visit.follow("Ada Lovelace")
    visit.follow("Change email address")
    visit.fill("Email address", "lovelace@oak.example")
    visit.click("Continue")
    visit.click("Confirm change")
    visit.follow("Back to Ada Lovelace")
    assert "lovelace@oak.example" in visit.text()

    visit.follow("Change working pattern")
    visit.choose("Part time")
    visit.click("Continue")
    visit.click("Confirm change")
    visit.follow("Back to Ada Lovelace")

    visit.follow("Change appropriate body")
    visit.choose("Bright Futures Teaching School Hub")
    visit.click("Continue")
    visit.click("Confirm change")
    visit.follow("Back to Ada Lovelace")

    visit.follow("Change lead provider")
    visit.choose("Teach First")
    visit.click("Continue")
    visit.click("Confirm change")
    visit.follow("Back to Ada Lovelace")
    assert "Awaiting confirmation by Teach First" in visit.text()

    visit.follow("Change name")
    visit.fill("Full name", "Ada King")
    visit.click("Continue")
    visit.click("Confirm change")
    visit.follow("Back to Ada King")

    visit.follow("Assign a mentor")
    visit.choose("Grace Hopper")
    visit.click("Continue")
    if "review-mentor-eligibility" in visit.page.url:
        visit.choose("Yes")
        visit.click("Continue")
    visit.click("Confirm and assign")
    assert "You have assigned Grace Hopper as a mentor" in visit.text()
    assert MentorshipPeriod.objects.filter(mentor=mentor, finished_on__isnull=True).exists()

    visit.follow("Mentors")
    visit.follow("Grace Hopper")
    visit.follow("Change email address")
    visit.fill("Email address", "grace@oak.example")
    visit.click("Continue")
    visit.click("Confirm change")
    visit.follow("Back to Grace Hopper")

    visit.follow("ECTs")
    visit.follow("Ada King")
    visit.follow("Report teacher leaving")
    leaving = today + dt.timedelta(days=14)
    visit.fill_date("leaving_on", leaving.day, leaving.month, leaving.year)
    visit.click("Continue")
    assert "Ada King is leaving your school" in visit.text()
    visit.click("Confirm and report")
    visit.follow("Back to your ECTs")
    assert "Leaving school" in visit.text()
    period = ECTAtSchoolPeriod.objects.get(teacher=teacher)
    assert (period.email, period.working_pattern, period.finished_on) == ("lovelace@oak.example", "part_time", leaving)
