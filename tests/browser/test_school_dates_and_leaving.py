"""Issue 23 items 1–4, in a real browser with every page checked by axe-core: a date in a message is named for what
it is (the start at the school, mentoring, or the current training), "after" means after, and a mentor reported
leaving shows the "Leaving school" tag with the date, as an ECT does. The words are docs/school-registration.md's
("Messages") and docs/school-pages.md's ("Home pages")."""

import datetime as dt

import pytest

from participants import services
from participants.models import ECTAtSchoolPeriod, MentorAtSchoolPeriod, TrainingPeriod
from schools.models import SchoolUser
from schools.rules import contract_year
from tests.factories import SchoolFactory, TeacherFactory, ect_training
from tests.participants.factories import AppropriateBodyFactory, FakeTeacherRecordFactory

from .conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

D = dt.date


@pytest.fixture
def oak(pinned_now):
    """Oak Primary on PINNED_NOW (27 November 2026), its induction tutor confirmed this contract period."""
    school = SchoolFactory(name="Oak Primary", induction_tutor_last_nominated_in=contract_year(pinned_now.date()))
    SchoolUser.objects.create(email="sit@oak.example", full_name="Sam Tutor", school=school)
    return school


def test_leaving_dates_name_the_training_start_or_the_mentoring_start_and_a_leaving_mentor_is_tagged(visit, oak):
    # Ada started at the school on 1 September 2026; her current training started on 2 November 2026 (after a
    # programme change), the later of the two.
    teacher = TeacherFactory(trs_first_name="Ada", trs_last_name="Lovelace")
    training = ect_training(oak, year=2026, started_on=D(2026, 9, 1), teacher=teacher, school_led=True)
    TrainingPeriod.objects.filter(pk=training.pk).update(started_on=D(2026, 11, 2))
    ECTAtSchoolPeriod.objects.filter(pk=training.ect_at_school_period_id).update(email="ada@oak.example")
    mentor = services.mentor_at_school_start(
        teacher=TeacherFactory(trs_first_name="Grace", trs_last_name="Hopper"),
        school=oak,
        started_on=D(2026, 9, 1),
        email="grace@oak.example",
    )

    sign_in(visit, "sit@oak.example")
    visit.follow("Ada Lovelace")
    visit.follow("Report teacher leaving")
    visit.fill_date("leaving_on", 1, 8, 2026)
    visit.click("Continue")
    assert (
        "Our records show that Ada Lovelace's current training started on 2 November 2026. Enter a later date."
        in visit.text()
    )
    assert "started teaching at your school" not in visit.text()

    visit.follow("Mentors")
    visit.follow("Grace Hopper")
    visit.follow("Report mentor leaving")
    visit.fill_date("leaving_on", 1, 8, 2026)
    visit.click("Continue")
    assert (
        "Our records show that Grace Hopper started mentoring at your school on 1 September 2026. Enter a later date."
        in visit.text()
    )
    assert "started teaching" not in visit.text()
    visit.fill_date("leaving_on", 20, 12, 2026)
    visit.click("Continue")
    visit.click("Confirm and report")
    assert "You have reported that Grace Hopper is leaving your school" in visit.text()

    visit.follow("Back to your mentors")
    card = visit.page.locator(".govuk-summary-card", has_text="Grace Hopper")
    assert card.locator(".govuk-tag").inner_text() == "Leaving school"
    assert "Leaving on 20 December 2026" in card.inner_text()
    visit.follow("Grace Hopper")
    assert visit.page.locator("main .govuk-tag").inner_text() == "Leaving school"
    assert "Leaving on 20 December 2026" in visit.text()
    assert visit.page.get_by_role("link", name="Report mentor leaving").count() == 0
    assert MentorAtSchoolPeriod.objects.get(pk=mentor.pk).finished_on == D(2026, 12, 20)

    # The ECTs list shows an ECT's leaving the same way.
    visit.follow("ECTs")
    visit.follow("Ada Lovelace")
    visit.follow("Report teacher leaving")
    visit.fill_date("leaving_on", 21, 12, 2026)
    visit.click("Continue")
    visit.click("Confirm and report")
    visit.follow("Back to your ECTs")
    card = visit.page.locator(".govuk-summary-card", has_text="Ada Lovelace")
    assert card.locator(".govuk-tag").inner_text() == "Leaving school"
    assert "Leaving on 21 December 2026" in card.inner_text()


def test_a_start_date_must_be_after_the_date_the_message_names(visit, oak):
    """Chloe is at Elm Academy from 6 November 2026; Oak registers her: 6 November is refused, 7 November accepted."""
    AppropriateBodyFactory(name="Alban Teaching School Hub")
    FakeTeacherRecordFactory(trn="2345670", first_name="Chloe", last_name="Quinn", date_of_birth=D(1994, 4, 4))
    elm = SchoolFactory(name="Elm Academy")
    chloe = TeacherFactory(trn="2345670", trs_first_name="Chloe", trs_last_name="Quinn")
    ect_training(elm, year=2026, started_on=D(2026, 11, 6), teacher=chloe, school_led=True)

    sign_in(visit, "sit@oak.example")
    visit.follow("Register an ECT starting at your school")
    visit.click("Continue")
    visit.fill("Teacher reference number (TRN)", "2345670")
    visit.fill_date("date_of_birth", 4, 4, 1994)
    visit.click("Continue")
    visit.choose("Yes")
    visit.click("Continue")
    assert "Elm Academy" in visit.text()  # registered before, at the school she is still at
    visit.click("Continue")
    visit.fill("Email address", "chloe@oak.example")
    visit.click("Continue")
    message = (
        "Our records show that Chloe Quinn started teaching at Elm Academy on 6 November 2026. "
        "Enter a start date after 6 November 2026."
    )
    for day in (1, 6):
        visit.fill_date("started_on", day, 11, 2026)
        visit.click("Continue")
        assert message in visit.text(), day
    visit.fill_date("started_on", 7, 11, 2026)
    visit.click("Continue")
    assert visit.page.url.endswith("/school/register-ect/working-pattern")
