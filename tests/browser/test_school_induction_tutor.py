"""Issue: school induction tutors sign in, confirm or change their induction tutor, and sign out, in a real
browser with every page checked by axe-core."""

import pytest

from schools.models import School, SchoolUser
from tests.factories import SchoolFactory

from .conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_induction_tutor_signs_in_names_a_new_tutor_updates_them_and_signs_out(visit):
    school = SchoolFactory(
        name="Ashford Primary School", induction_tutor_name="Old Tutor", induction_tutor_email="old@example.com"
    )
    SchoolUser.objects.create(email="sit@example.com", full_name="Sam Tutor", school=school)

    page = sign_in(visit, "sit@example.com")
    # Never confirmed in this contract period: the confirmation comes before anything else.
    assert page.url.endswith("/school/induction-tutor/confirm-existing/are-these-details-correct")
    visit.click("Continue")
    assert "Select 'Yes' or 'No, someone else will be the induction tutor'" in visit.text()
    assert page.title().startswith("Error: ")
    visit.choose("No, someone else will be the induction tutor")
    visit.click("Continue")
    visit.fill("Full name", "Grace Hopper")
    visit.fill("Email address", "grace@example.com")
    visit.click("Continue")
    assert "Grace Hopper" in visit.text() and "grace@example.com" in visit.text()
    visit.click("Confirm and save")
    assert "You have assigned Grace Hopper as your induction tutor" in visit.text()
    visit.follow("Continue")
    assert page.url.endswith("/school/home/ects")

    visit.follow("Induction tutor")
    visit.follow("Change induction tutor")
    visit.fill("Full name", "Katherine Johnson")
    visit.fill("Email address", "katherine@example.com")
    visit.click("Continue")
    visit.click("Confirm and save")
    school.refresh_from_db()
    assert (school.induction_tutor_name, school.induction_tutor_email) == ("Katherine Johnson", "katherine@example.com")

    visit.click("Sign out")
    assert "You have signed out" in visit.text()
    visit.go("/school/home/ects")
    assert page.url.endswith("/school/sign-in")


def test_induction_tutor_confirms_the_existing_tutor(visit):
    school = SchoolFactory(induction_tutor_name="Ada Lovelace", induction_tutor_email="ada@example.com")
    SchoolUser.objects.create(email="ada@example.com", school=school)
    sign_in(visit, "ada@example.com")
    assert "Ada Lovelace" in visit.text()
    visit.choose("Yes")
    visit.click("Continue")
    visit.click("Confirm and save")
    assert "You have confirmed your school's induction tutor" in visit.text()
    visit.follow("Continue")
    assert "Early career teachers (ECTs)" in visit.text()
    assert School.objects.get(pk=school.pk).induction_tutor_last_nominated_in is not None
