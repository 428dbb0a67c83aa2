"""Issue: a school registers an ECT, registers a new mentor for them, and reports the mentor leaving, in a real
browser with every page checked by axe-core; the ECT's lead provider then finds them through the API once it
confirms a partnership."""

import datetime as dt

import pytest

from config import clock
from participants.models import ECTAtSchoolPeriod, MentorAtSchoolPeriod, MentorshipPeriod, TrainingPeriod
from schools.models import SchoolUser
from schools.rules import contract_year
from tests.factories import DeliveryPartnerFactory, LeadProviderFactory, SchoolFactory, contract, pair
from tests.participants.factories import AppropriateBodyFactory, FakeTeacherRecordFactory

from .conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_school_registers_an_ect_and_a_new_mentor_then_reports_the_mentor_leaving(visit):
    today = clock.now().date()
    school = SchoolFactory(name="Oak Primary", urn="123456", induction_tutor_last_nominated_in=contract_year(today))
    SchoolUser.objects.create(email="sit@oak.example", full_name="Sam Tutor", school=school)
    AppropriateBodyFactory(name="Alban Teaching School Hub")
    provider = LeadProviderFactory(name="Ambition Institute")
    pair(provider, DeliveryPartnerFactory(name="North Partners"), 2025, 2026)
    contract(provider, 2026)
    FakeTeacherRecordFactory(trn="2345678", first_name="Ada", last_name="Lovelace", date_of_birth=dt.date(1995, 6, 15))
    FakeTeacherRecordFactory(trn="3456789", first_name="Grace", last_name="Hopper", date_of_birth=dt.date(1980, 1, 2))

    page = sign_in(visit, "sit@oak.example")
    assert page.url.endswith("/school/home/ects")
    visit.follow("Register an ECT starting at your school")
    visit.click("Continue")
    visit.fill("Teacher reference number (TRN)", "2345678")
    visit.fill_date("date_of_birth", 15, 6, 1995)
    visit.click("Continue")
    assert "Ada Lovelace" in visit.text()
    visit.choose("Yes")
    visit.click("Continue")
    visit.fill("Email address", "ada@oak.example")
    visit.click("Continue")
    visit.fill_date("started_on", today.day, today.month, today.year)
    visit.click("Continue")
    visit.choose("Full time")
    visit.click("Continue")
    visit.choose("Alban Teaching School Hub")
    visit.click("Continue")
    visit.choose("Provider-led")
    visit.click("Continue")
    visit.choose("Ambition Institute")
    visit.click("Continue")
    assert "Check your answers" in visit.text()
    visit.click("Confirm details")
    assert "You have saved Ada Lovelace's details" in visit.text()
    assert "You still need to assign a mentor" in visit.text()

    visit.follow("Assign a mentor")
    visit.choose("Register a new mentor")
    visit.click("Continue")
    visit.fill("Teacher reference number (TRN)", "3456789")
    visit.fill_date("date_of_birth", 2, 1, 1980)
    visit.click("Continue")
    visit.choose("Yes")
    visit.click("Continue")
    visit.fill("Email address", "grace@oak.example")
    visit.click("Continue")
    # A new mentor of a provider-led ECT can get provider-led mentor training with the ECT's lead provider.
    assert "Ambition Institute" in visit.text()
    visit.choose("Yes")
    visit.click("Continue")
    visit.click("Confirm details")
    assert "You have assigned Grace Hopper as a mentor" in visit.text()
    visit.follow("Back to your ECTs")
    assert "Registered" in visit.text() and "Grace Hopper" in visit.text()

    ect = ECTAtSchoolPeriod.objects.get(teacher__trn="2345678")
    mentor = MentorAtSchoolPeriod.objects.get(teacher__trn="3456789")
    assert MentorshipPeriod.objects.filter(mentee=ect, mentor=mentor, finished_on__isnull=True).exists()
    assert TrainingPeriod.objects.filter(mentor_at_school_period=mentor, training_programme="provider_led").exists()

    visit.follow("Mentors")
    visit.follow("Grace Hopper")
    visit.follow("Report mentor leaving")
    leaving = today + dt.timedelta(days=30)
    visit.fill_date("leaving_on", leaving.day, leaving.month, leaving.year)
    visit.click("Continue")
    assert "Grace Hopper is leaving your school" in visit.text()
    visit.click("Confirm and report")
    assert "You have reported that Grace Hopper is leaving your school" in visit.text()
    mentor.refresh_from_db()
    assert mentor.finished_on == leaving
    assert MentorshipPeriod.objects.get(mentee=ect, mentor=mentor).finished_on == leaving

    visit.follow("Back to your mentors")
    visit.follow("ECTs")
    visit.follow("Ada Lovelace")
    assert "Awaiting confirmation by Ambition Institute" in visit.text()
    assert "Yet to be reported by the lead provider" in visit.text()
