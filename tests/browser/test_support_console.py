"""Issue 24: the helpdesk's cases, done by a DfE support agent through the admin in a real browser (docs/support.md),
every page checked by axe-core and kept as a screenshot under .browser-screenshots/<test>/."""

import json
import re
import urllib.error
import urllib.request

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from config.models import ApiRequest, Event
from participants.models import Teacher
from partnerships.models import Partnership
from partnerships.services import api_token_create
from schools.models import SchoolUser
from tests.declarations.factories import StatementFactory, declare, ect
from tests.factories import (
    DeliveryPartnerFactory,
    LeadProviderFactory,
    SchoolFactory,
    cohort,
    contract,
    pair,
    partnership,
)
from tests.participants.factories import FakeTeacherRecordFactory

from .conftest import AdminVisit as Visit

pytestmark = pytest.mark.django_db(transaction=True)


def support_agent(visit: Visit) -> None:
    """Signs in, through the admin's own sign-in page, as a member of the support group."""
    user = get_user_model().objects.create_user(
        "support.agent", "agent@education.gov.uk", "horse-battery", is_staff=True
    )
    user.groups.add(Group.objects.get(name="support"))  # the role the migrations made (docs/security.md §1)
    visit.go("/admin/login/?next=/admin/")
    visit.page.fill("#id_username", "support.agent")
    visit.page.fill("#id_password", "horse-battery")
    visit.click("Log in")


def follow_prefix(visit: Visit, text: str):
    """A link whose visible text is `text` (its accessible name goes on with hidden words saying which row)."""
    visit.page.get_by_role("link", name=re.compile(rf"^{re.escape(text)}\b")).first.click()
    return visit.check()


def choose_partly(visit: Visit, label: str):
    visit.page.get_by_label(re.compile(re.escape(label))).check()


def search(visit: Visit, term: str):
    visit.page.fill("#searchbar", term)
    visit.page.press("#searchbar", "Enter")
    return visit.check()


@pytest.fixture
def helpdesk(db):
    """Oak Primary works with Ambition Institute in 2025 and also has a partnership with Teach First that year; its ECT
    Ada Lovelace trains with Ambition and has a started declaration. Both providers have 2026 contracts too."""
    ambition, teach_first = LeadProviderFactory(name="Ambition Institute"), LeadProviderFactory(name="Teach First")
    school = SchoolFactory(name="Oak Primary", urn="100200")
    for provider in (ambition, teach_first):
        contract(provider, 2025), contract(provider, 2026)
    training = ect(
        ambition, year=2025, school=school, delivery_partner=DeliveryPartnerFactory(name="North Partnership")
    )
    Teacher.objects.filter(pk=training.teacher_id).update(trs_first_name="Ada", trs_last_name="Lovelace")
    other = partnership(school, teach_first, DeliveryPartnerFactory(name="South Partnership"), 2025)
    StatementFactory(lead_provider=ambition, cohort=cohort(2025))
    declaration = declare(ambition, training, declaration_date="2025-10-01T10:00:00Z")
    return {
        "ambition": ambition,
        "teach_first": teach_first,
        "school": school,
        "training": training,
        "teacher": Teacher.objects.get(pk=training.teacher_id),
        "other": other,
        "declaration": declaration,
    }


def test_support_finds_a_teacher_and_reads_their_page(admin_visit, helpdesk):
    visit = admin_visit
    teacher = helpdesk["teacher"]
    support_agent(visit)
    visit.go("/admin/participants/teacher/")
    for term in ("Lovelace", teacher.trn, str(teacher.api_id)):
        assert "Ada Lovelace" in search(visit, term).inner_text("#result_list")
    # Role, cohort, lead provider and school filters, one after the other on the same list.
    listed = visit.go(
        f"/admin/participants/teacher/?role=ect&cohort=2025&lead_provider={helpdesk['ambition'].pk}"
    ).inner_text("#result_list")
    assert "Ada Lovelace" in listed
    visit.page.fill("#filter-school_urn", "100200")
    visit.page.get_by_role("button", name="Filter").click()
    assert "Ada Lovelace" in visit.check().inner_text("#result_list")
    assert "0 teachers" in visit.go("/admin/participants/teacher/?role=mentor").inner_text("#changelist")
    visit.go("/admin/participants/teacher/?cohort=2025")
    visit.follow("Ada Lovelace")
    text = visit.text()
    for heading in ("Overview", "Schools", "Training", "Mentoring", "Declarations", "Timeline"):
        assert visit.page.get_by_role("heading", name=heading, exact=True).is_visible()
    assert "Oak Primary (100200)" in text and "Ambition Institute" in text and "North Partnership" in text
    assert "ecf-standard-september" in text and str(helpdesk["declaration"].api_id) in text


def test_support_moves_training_to_another_cohort_schedule_and_partnership_with_the_apis_rules(admin_visit, helpdesk):
    visit = admin_visit
    teacher = helpdesk["teacher"]
    support_agent(visit)
    visit.go(f"/admin/participants/teacher/{teacher.pk}/page/")

    # The API's change-schedule refuses a new cohort when declarations exist: its message, on check answers.
    follow_prefix(visit, "Change cohort and schedule")
    visit.choose("2026")
    visit.click("Continue")
    visit.choose("ecf-standard-september (ECF Standard September)")
    visit.click("Continue")
    visit.click("Change cohort and schedule")
    assert "You cannot change the '#/cohort' field" in visit.text()
    visit.page.get_by_role("link", name=re.compile("^Change cohort")).click()
    visit.check()
    visit.choose("2025")
    visit.click("Continue")
    visit.choose("ecf-extended-september (ECF Extended September)")
    visit.click("Continue")
    visit.click("Change cohort and schedule")
    assert "The training moved to ecf-extended-september in the 2025 cohort" in visit.text()

    follow_prefix(visit, "Change partnership")
    choose_partly(visit, "Teach First with South Partnership")
    visit.click("Continue")
    assert "Ambition Institute with North Partnership" in visit.text()  # the partnership now
    visit.click("Change partnership")
    text = visit.text()
    assert "The training moved to Teach First with South Partnership" in text
    latest = teacher.training_periods.order_by("-started_on", "-id").first()
    assert latest.partnership == helpdesk["other"]
    assert latest.schedule.identifier == "ecf-extended-september"

    # The timeline: newest first, by the staff user, through the admin.
    timeline = visit.page.inner_text("#timeline")
    assert "DfE staff user: support.agent" in timeline and "Admin" in timeline
    staff_events = Event.objects.filter(author_name="support.agent", source="admin").order_by("id")
    assert list(staff_events.values_list("event_type", flat=True)) == [
        "teacher_schedule_changed",
        "teacher_training_partnership_changed",
    ]


def test_support_imports_an_ect_from_trs_refreshes_and_corrects_a_teacher(admin_visit, helpdesk):
    visit = admin_visit
    record = FakeTeacherRecordFactory(first_name="Grace", last_name="Hopper")
    teacher = helpdesk["teacher"]
    FakeTeacherRecordFactory(trn=teacher.trn, first_name="Ada", last_name="King")
    support_agent(visit)
    visit.go("/admin/participants/teacher/")
    visit.follow("Import an ECT from TRS")
    visit.fill("Teacher reference number (TRN)", teacher.trn)
    visit.fill_date("date_of_birth", 15, 6, 1995)
    visit.click("Continue")
    assert f"A teacher with this TRN already exists: {teacher.full_name}" in visit.text()
    visit.fill("Teacher reference number (TRN)", record.trn)
    visit.click("Continue")
    assert "Grace Hopper" in visit.text()
    visit.click("Import teacher")
    assert "Grace Hopper was imported from the Teacher Record Service" in visit.text()
    assert Teacher.objects.filter(trn=record.trn, trs_last_name="Hopper").exists()

    visit.go(f"/admin/participants/teacher/{teacher.pk}/page/")
    visit.follow("Refresh from TRS")
    assert "King" in visit.text()  # what TRS says now, beside what we hold
    visit.click("Refresh from TRS")
    assert "Refreshed from the Teacher Record Service: TRS last name, TRS induction status changed" in visit.text()
    assert Teacher.objects.get(pk=teacher.pk).trs_last_name == "King"

    visit.follow("Correct name")
    visit.fill("Full name", "Ada Lovelace")
    visit.click("Continue")
    visit.click("Correct name")
    assert "The name is now Ada Lovelace" in visit.text()

    follow_prefix(visit, "Correct email")
    visit.fill("Email address", "ada.lovelace@oak.example")
    visit.click("Continue")
    visit.click("Correct email address")
    assert "is now ada.lovelace@oak.example" in visit.text()

    follow_prefix(visit, "Record leaving")
    visit.fill_date("leaving_on", 31, 12, 2026)
    visit.click("Continue")
    visit.click("Record leaving")
    assert "Ada Lovelace leaves Oak Primary on 31 December 2026" in visit.text()
    timeline = visit.page.inner_text("#timeline")
    assert "Refreshed from the Teacher Record Service" in timeline


def test_support_reads_a_school_on_one_page_and_adds_a_partnership_cohort_first(admin_visit, helpdesk):
    visit = admin_visit
    school = helpdesk["school"]
    SchoolUser.objects.create(email="sit@oak.example", school=school)
    north = DeliveryPartnerFactory(name="East Partnership")
    pair(helpdesk["ambition"], north, 2026)
    support_agent(visit)
    visit.go("/admin/schools/school/")
    visit.follow("Oak Primary")
    text = visit.text()
    for heading in ("Details", "Induction tutor", "ECTs", "Mentors", "Partnerships"):
        assert visit.page.get_by_role("heading", name=heading, exact=True).is_visible()
    assert "Ada Lovelace" in text and "sit@oak.example" in text and "2025 cohort" in text
    visit.follow("Add partnership")
    visit.choose("2026")
    visit.click("Continue")
    visit.choose("Ambition Institute")
    visit.click("Continue")
    visit.choose("East Partnership")
    visit.click("Continue")
    visit.click("Add partnership")
    text = visit.text()
    assert "Oak Primary is in partnership with Ambition Institute and East Partnership for 2026" in text
    assert "2026 cohort" in text
    assert Partnership.objects.filter(school=school, delivery_partnership__delivery_partner=north).exists()


def _api(base: str, token: str, path: str, body: dict | None = None) -> int:
    request = urllib.request.Request(
        base + path,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        method="POST" if body is not None else "GET",
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_support_finds_what_a_lead_provider_sent_and_what_it_was_answered(admin_visit, helpdesk, live_server):
    visit = admin_visit
    teacher = helpdesk["teacher"]
    _, token = api_token_create(lead_provider=helpdesk["ambition"])
    participant = str(teacher.api_id)
    assert _api(live_server.url, token, f"/api/v3/participants/{participant}") == 200
    attributes = {
        "participant_id": participant,
        "declaration_type": "started",
        "declaration_date": "2099-10-01T10:00:00Z",
        "course_identifier": "ecf-induction",
    }
    body = {"data": {"type": "participant-declaration", "attributes": attributes}}
    assert _api(live_server.url, token, "/api/v3/participant-declarations", body) == 422
    assert ApiRequest.objects.count() == 2

    support_agent(visit)
    visit.go("/admin/config/apirequest/")
    search(visit, participant)
    listed = visit.page.inner_text("#result_list")
    assert "/api/v3/participant-declarations" in listed and f"/api/v3/participants/{participant}" in listed
    visit.go(f"/admin/config/apirequest/?status=4xx&provider=Ambition&q={participant}")
    listed = visit.page.inner_text("#result_list")
    assert "422" in listed and f"/api/v3/participants/{participant}" not in listed
    visit.page.locator("#result_list tbody th a").first.click()  # the row's time opens it
    text = visit.check().inner_text("#content")
    assert "2099-10-01T10:00:00Z" in text and "errors" in text and token not in text
