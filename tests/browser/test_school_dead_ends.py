"""Issue: the pages a school meets when something stops it (dead ends, errors, gates) are GOV.UK pages that pass
axe-core too."""

import datetime as dt

import pytest
from django.test import override_settings

from config import clock
from participants import services
from schools.models import RegistrationClosure, SchoolUser
from schools.rules import contract_year
from tests.factories import SchoolFactory, TeacherFactory
from tests.participants.factories import FakeTeacherRecordFactory

from .conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_dead_ends_errors_and_gates_pass_axe(visit):
    today = clock.now().date()
    school = SchoolFactory(name="Oak Primary", induction_tutor_last_nominated_in=contract_year(today))
    SchoolUser.objects.create(email="sit@oak.example", school=school)
    FakeTeacherRecordFactory(trn="2345678", first_name="Ada", last_name="Lovelace", date_of_birth=dt.date(1995, 6, 15))
    FakeTeacherRecordFactory(trn="4567890", passed=True, date_of_birth=dt.date(1970, 1, 1))
    services.ect_at_school_start(
        teacher=TeacherFactory(), school=school, started_on=dt.date(2026, 9, 1), email="taken@oak.example"
    )

    visit.go("/school/sign-in")
    visit.fill("Email address", "not an email")
    visit.click("Continue")
    assert visit.page.title().startswith("Error: ")
    sign_in(visit, "sit@oak.example")

    visit.go("/school/register-ect/what-you-will-need")
    visit.click("Continue")
    visit.click("Continue")  # nothing entered: the error summary
    assert "Enter the teacher reference number (TRN)" in visit.text()
    visit.fill("Teacher reference number (TRN)", "9999999")
    visit.fill_date("date_of_birth", 15, 6, 1995)
    visit.click("Continue")
    assert "We cannot find a teacher with this TRN" in visit.text()
    visit.go("/school/register-ect/find-ect")
    visit.fill("Teacher reference number (TRN)", "2345678")
    visit.fill_date("date_of_birth", 1, 1, 1990)
    visit.click("Continue")
    visit.fill("National Insurance number", "AB999999C")  # the date of birth did not match
    visit.click("Continue")
    assert "unable to match" in visit.text()
    visit.go("/school/register-ect/find-ect")
    visit.fill("Teacher reference number (TRN)", "4567890")
    visit.fill_date("date_of_birth", 1, 1, 1970)
    visit.click("Continue")
    assert "has completed their induction" in visit.text()
    visit.go("/school/register-ect/find-ect")
    visit.fill("Teacher reference number (TRN)", "2345678")
    visit.fill_date("date_of_birth", 15, 6, 1995)
    visit.click("Continue")
    visit.choose("No")
    visit.click("Continue")
    assert "Enter the correct full name" in visit.text()
    visit.choose("Yes")
    visit.click("Continue")
    visit.fill("Email address", "taken@oak.example")
    visit.click("Continue")
    assert "already used by another ECT or mentor" in visit.text()

    RegistrationClosure.objects.create(starts_on=today, finishes_on=today)
    visit.go("/school/register-ect/what-you-will-need")
    assert "Registration is closed" in visit.text()

    school.gias_status = "closed"
    school.save()
    visit.go("/school/home/ects")
    assert "You cannot use this service" in visit.text()

    visit.click("Sign out")
    with override_settings(SCHOOL_SIGN_IN_RATE_LIMIT=0):
        visit.go("/school/sign-in")
        visit.fill("Email address", "sit@oak.example")
        visit.click("Continue")
        assert "Too many attempts" in visit.text()
