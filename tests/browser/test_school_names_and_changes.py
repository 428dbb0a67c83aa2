"""Issue 23 items 5–9 and 12, in a real browser with every page checked by axe-core: the name played back is the
name the service saves; the mentor questions name the ECT and the mentor, asked once as the page's heading; the ECT
page shows the TRN and the school start date as details; a back link never leads to itself; a significant name
change is an interruption page with a way on and a way out; change questions open with the current value and an
unchanged induction tutor is refused; an ECT's email cannot be changed to another person's, as at registration. The
words are the rule book's (docs/school-pages.md, docs/school-registration.md)."""

import datetime as dt

import pytest

from participants import services
from participants.models import ECTAtSchoolPeriod, Teacher
from schools.models import School, SchoolUser
from schools.rules import contract_year
from tests.factories import SchoolFactory, TeacherFactory, ect_training
from tests.participants.factories import FakeTeacherRecordFactory

from .conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

D = dt.date


@pytest.fixture
def oak(pinned_now):
    school = SchoolFactory(
        name="Oak Primary",
        urn="123456",
        induction_tutor_name="Sam Tutor",
        induction_tutor_email="sit@oak.example",
        induction_tutor_last_nominated_in=contract_year(pinned_now.date()),
    )
    SchoolUser.objects.create(email="sit@oak.example", full_name="Sam Tutor", school=school)
    return school


@pytest.fixture
def ada(oak):
    teacher = TeacherFactory(trn="1234560", trs_first_name="Ada", trs_last_name="Lovelace")
    training = ect_training(oak, year=2026, started_on=D(2026, 9, 1), teacher=teacher, school_led=True)
    ECTAtSchoolPeriod.objects.filter(pk=training.ect_at_school_period_id).update(email="ada@oak.example")
    return training.ect_at_school_period


def test_a_new_mentor_is_played_back_under_the_name_the_service_saves(visit, oak, ada):
    # Chloe Quinn in the Teacher Record Service; another school corrected her name, and she mentors there still.
    FakeTeacherRecordFactory(trn="2345671", first_name="Chloe", last_name="Quinn", date_of_birth=D(1990, 2, 3))
    chloe = TeacherFactory(
        trn="2345671", trs_first_name="Chloe", trs_last_name="Quinn", corrected_name="Chloe Quinn-Smith"
    )
    services.mentor_at_school_start(
        teacher=chloe, school=SchoolFactory(name="Elm Academy"), started_on=D(2026, 9, 1), email="chloe@elm.example"
    )

    sign_in(visit, "sit@oak.example")
    visit.follow("Ada Lovelace")
    page = visit.follow("Assign a mentor")
    # The question names the ECT, once: it is the page's heading and the radios' legend.
    assert page.title().startswith("Who will mentor Ada Lovelace? - ")
    assert page.locator("h1").all_inner_texts() == ["Who will mentor Ada Lovelace?"]
    assert page.locator("legend h1").count() == 1
    visit.choose("Register a new mentor")
    visit.click("Continue")
    visit.fill("Teacher reference number (TRN)", "2345671")
    visit.fill_date("date_of_birth", 3, 2, 1990)
    visit.click("Continue")
    review = visit.page.locator(".govuk-summary-list").inner_text()
    assert "Chloe Quinn-Smith" in review
    visit.choose("Yes")
    visit.click("Continue")
    visit.fill("Email address", "chloe@oak.example")
    page = visit.click("Continue")
    assert page.locator("h1").all_inner_texts() == ["Will Chloe Quinn-Smith be mentoring at your school only?"]
    visit.choose("Yes")
    page = visit.click("Continue")
    assert page.locator("h1").inner_text() == "When did or will Chloe Quinn-Smith start mentoring at your school?"
    visit.fill_date("started_on", 27, 11, 2026)
    visit.click("Continue")
    assert "Check your answers" in visit.text() and "Chloe Quinn-Smith" in visit.text()
    visit.click("Confirm details")
    assert "You have assigned Chloe Quinn-Smith as a mentor" in visit.text()
    assert Teacher.objects.get(trn="2345671").full_name == "Chloe Quinn-Smith"


def test_the_ect_page_and_its_change_questions(visit, oak, ada):
    other = TeacherFactory(trn="7654321")
    services.mentor_at_school_start(
        teacher=other, school=SchoolFactory(name="Elm Academy"), started_on=D(2026, 9, 1), email="taken@elm.example"
    )

    sign_in(visit, "sit@oak.example")
    page = visit.follow("Ada Lovelace")
    details = page.locator(".govuk-summary-list").first
    assert details.locator("dt", has_text="Teacher reference number (TRN)").count() == 1
    assert "1234560" in details.inner_text()
    assert details.locator("dt", has_text="School start date").count() == 1
    assert "1 September 2026" in details.inner_text()
    assert page.locator("h2", has_text="School start date").count() == 0

    # A significant name change interrupts, with a way out that changes nothing...
    page = visit.follow("Change name")
    assert page.get_by_label("Full name", exact=True).input_value() == "Ada Lovelace"
    visit.fill("Full name", "Grace Hopper")
    page = visit.click("Continue")
    assert page.title().startswith("Is the ECT with the new name the same person? - ")
    assert page.get_by_role("button", name="Yes, it is the same person").count() == 1
    page = visit.follow("No, it is a different person")
    assert page.url.endswith(f"/school/ects/{ada.pk}")
    assert Teacher.objects.get(pk=ada.teacher_id).full_name == "Ada Lovelace"
    # ...the forgotten answer is not shown again, and the way on leads to check answers.
    page = visit.follow("Change name")
    assert page.get_by_label("Full name", exact=True).input_value() == "Ada Lovelace"
    visit.fill("Full name", "Grace Hopper")
    visit.click("Continue")
    visit.click("Yes, it is the same person")
    assert "Check the ECT's new name" in visit.text()
    visit.click("Confirm change")
    visit.follow("Back to Grace Hopper")

    # The email question shows the current address; another person's ongoing address is refused, as at registration.
    page = visit.follow("Change email address")
    assert page.get_by_label("Email address", exact=True).input_value() == "ada@oak.example"
    visit.click("Continue")
    assert "The email address must be different from the current email address" in visit.text()
    visit.fill("Email address", "taken@elm.example")
    visit.click("Continue")
    assert "This email address is already in use by another ECT or mentor" in visit.text()
    assert ECTAtSchoolPeriod.objects.get(pk=ada.pk).email == "ada@oak.example"

    # The induction tutor's details open filled in; unchanged, they are refused.
    visit.follow("Induction tutor")
    page = visit.follow("Change induction tutor")
    assert page.get_by_label("Full name", exact=True).input_value() == "Sam Tutor"
    assert page.get_by_label("Email address", exact=True).input_value() == "sit@oak.example"
    visit.click("Continue")
    assert "Enter a different name or email address for the induction tutor" in visit.text()
    visit.fill("Email address", "sam.tutor@oak.example")
    visit.click("Continue")
    visit.click("Confirm and save")
    assert School.objects.get(pk=oak.pk).induction_tutor_email == "sam.tutor@oak.example"


def test_the_confirm_existing_induction_tutor_journey_has_no_back_link_to_itself(visit, pinned_now):
    school = SchoolFactory(
        name="Ash Primary", induction_tutor_name="Sam Tutor", induction_tutor_email="sit@ash.example"
    )
    SchoolUser.objects.create(email="sit@ash.example", full_name="Sam Tutor", school=school)

    page = sign_in(visit, "sit@ash.example")
    assert page.url.endswith("/school/induction-tutor/confirm-existing/are-these-details-correct")
    # The induction tutor page would send the school straight back here, so there is no back link.
    assert page.locator(".govuk-back-link").count() == 0
    visit.choose("No, someone else will be the induction tutor")
    page = visit.click("Continue")
    back = page.locator(".govuk-back-link").get_attribute("href")
    assert back.endswith("/school/induction-tutor/confirm-existing/are-these-details-correct")
    # The current tutor is not "someone else".
    visit.fill("Full name", "Sam Tutor")
    visit.fill("Email address", "SIT@ash.example")
    visit.click("Continue")
    assert "Enter a different name or email address for the induction tutor" in visit.text()
    page = visit.follow("Back")
    assert page.url.endswith("/school/induction-tutor/confirm-existing/are-these-details-correct")
