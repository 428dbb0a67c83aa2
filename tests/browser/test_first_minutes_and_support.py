"""Issue 23 items 10, 11, 13, 14, 16 and 18, in a real browser with every page checked by axe-core: `/` is a GOV.UK
page under the service's one name; "Contact DfE support" leads to a form whose query is kept, emailed to DfE support
and listed for support staff, who close it; hints and errors give the same example, and the example is accepted;
a dead-end teacher from trs_teachers.json reaches the page it says; an unticked authorisation says what to do. The
words are the rule book's (docs/school-pages.md, docs/school-registration.md, docs/finance.md)."""

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail

from participants import sandbox as participants_sandbox
from participants.models import Teacher
from schools.models import SchoolUser, SupportQuery
from schools.rules import contract_year
from statements.models import StatementState
from tests.declarations.factories import StatementFactory, close, declare, ect
from tests.factories import SchoolFactory, TeacherFactory, ect_training
from tests.jobs import run_queued_jobs
from tests.participants.factories import FakeTeacherRecordFactory

from .conftest import SHOTS, emailed_code, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

SERVICE = "Manage training for early career teachers"


def staff_sign_in(visit, role: str) -> None:
    """A staff user in the role's group as migrations made it (docs/security.md, "1. Staff in the admin")."""
    user = get_user_model().objects.create_user(f"{role}-user", password="a long sandbox password", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    visit.page.goto(visit.base_url + "/admin/login/?next=/admin/")
    visit.page.fill("#id_username", user.username)
    visit.page.fill("#id_password", "a long sandbox password")
    visit.page.get_by_role("button", name="Log in").click()
    visit.page.wait_for_load_state("load")


def test_the_front_page_is_a_gov_uk_page_and_support_queries_reach_dfe_support(visit, pinned_now):
    page = visit.go("/")
    assert page.title() == f"{SERVICE} - GOV.UK"
    assert page.locator("link[href$='govuk-frontend.min.css']").count() == 1
    assert page.locator(".govuk-header").count() == 1
    assert page.locator(".govuk-service-navigation__service-name").inner_text() == SERVICE
    assert page.locator("h1").inner_text() == SERVICE
    page = visit.follow("Sign in as a school")
    assert page.title() == f"Sign in - {SERVICE} - GOV.UK"
    assert page.locator("h1").inner_text() == f"Sign in to {SERVICE}"

    # The phase banner's "Contact DfE support" leads to the form; its errors link to their fields.
    page.locator(".govuk-phase-banner").get_by_role("link", name="Contact DfE support").click()
    page = visit.check()
    assert page.url.endswith("/school/support")
    visit.click("Send")
    summary = page.locator(".govuk-error-summary").inner_text()
    for message in (
        "Enter your full name",
        "Enter your email address",
        "Enter the name or URN of your school",
        "Enter your message",
    ):
        assert message in summary
    assert page.locator(".govuk-error-summary a[href='#id_message']").count() == 1
    assert "govuk-input--error" in page.locator("#id_email").get_attribute("class")
    visit.fill("Full name", "Sam Tutor")
    visit.fill("Email address", "sam@oak.example")
    visit.fill("School name or URN", "Oak Primary (123456)")
    visit.fill("How can we help?", "Our ECT Ada Lovelace does not appear in the list.")
    page = visit.click("Send")
    assert page.url.endswith("/school/support/sent")
    assert "Your message has been sent" in visit.text() and "DfE support will reply to sam@oak.example" in visit.text()

    query = SupportQuery.objects.get()
    assert (query.name, query.email, query.school_name, query.closed_at) == (
        "Sam Tutor",
        "sam@oak.example",
        "Oak Primary (123456)",
        None,
    )
    assert mail.outbox == []  # the page queued the email, as it queues sign-in codes; the worker sends it
    assert run_queued_jobs("emails") == ["config.send_email"]
    (email,) = mail.outbox
    assert email.to == [settings.DFE_SUPPORT_EMAIL]
    assert email.subject == "Support query from Sam Tutor at Oak Primary (123456)"
    assert "Our ECT Ada Lovelace does not appear in the list." in email.body and "sam@oak.example" in email.body

    # Support staff list it in the admin and close it.
    staff_sign_in(visit, "support")
    visit.page.goto(visit.base_url + "/admin/schools/supportquery/")
    visit.page.screenshot(path=str(visit.folder / "90-admin-support-queries.png"), full_page=True)
    assert "Sam Tutor" in visit.page.inner_text("#changelist")
    visit.page.locator("input[name='_selected_action']").check()
    visit.page.select_option("select[name='action']", "close")
    visit.page.get_by_role("button", name="Go").click()
    visit.page.wait_for_load_state("load")
    visit.page.screenshot(path=str(visit.folder / "91-admin-support-query-closed.png"), full_page=True)
    assert "The selected support queries are closed." in visit.page.inner_text("body")
    query.refresh_from_db()
    assert query.closed_at is not None and query.closed_by == "support-user"


def test_a_signed_in_school_the_gates_stop_reaches_support_with_its_details_filled_in(visit, pinned_now):
    school = SchoolFactory(name="Closed Primary", urn="654321", gias_status="closed")
    SchoolUser.objects.create(email="sit@closed.example", full_name="Kim Tutor", school=school)
    page = sign_in(visit, "sit@closed.example")
    assert page.url.endswith("/school/access-denied")
    visit.follow("Contact DfE support")
    assert visit.page.get_by_label("Full name", exact=True).input_value() == "Kim Tutor"
    assert visit.page.get_by_label("Email address", exact=True).input_value() == "sit@closed.example"
    assert visit.page.get_by_label("School name or URN", exact=True).input_value() == "Closed Primary (654321)"
    visit.fill("How can we help?", "We reopened in September.")
    visit.click("Send")
    assert SupportQuery.objects.get().school == school


def test_hints_and_errors_agree_and_a_dead_end_teacher_from_trs_teachers_json_reaches_its_page(visit, pinned_now):
    school = SchoolFactory(name="Oak Primary", induction_tutor_last_nominated_in=contract_year(pinned_now.date()))
    SchoolUser.objects.create(email="sit@oak.example", school=school)
    FakeTeacherRecordFactory(
        trn="2345678",
        first_name="Ada",
        last_name="Lovelace",
        date_of_birth=dt.date(1995, 6, 15),
        national_insurance_number="CE654321A",
    )
    participants_sandbox.seed_teacher_records()
    (rows,) = participants_sandbox.sandbox_files().values()
    passed = next(row for row in rows if row["trn"] == "1100001")

    sign_in(visit, "sit@oak.example")
    visit.go("/school/register-ect/what-you-will-need")
    page = visit.click("Continue")
    assert page.locator("#id_trn_hint").inner_text() == "Must be 5 to 7 digits long"
    assert page.locator("#id_date_of_birth_hint").inner_text() == "For example, 12 3 1998"
    visit.fill("Teacher reference number (TRN)", "23456")  # 5 digits: as the hint says, accepted (padded)
    visit.fill_date("date_of_birth", 12, 3, 98)
    visit.click("Continue")
    assert "Enter the date of birth in the correct format, for example 12 3 1998" in visit.text()
    assert "Teacher reference number" not in page.locator(".govuk-error-summary").inner_text()

    # The hint's own National Insurance number example passes the format check.
    visit.fill("Teacher reference number (TRN)", "2345678")
    visit.fill_date("date_of_birth", 12, 3, 1998)  # the hint's example date: a real date, not Ada's
    visit.click("Continue")
    hint = page.locator("#id_national_insurance_number_hint").inner_text()
    assert hint.endswith("For example, 'AB 12 34 56 C'.")
    visit.fill("National Insurance number", "AB 12 34 56 C")
    visit.click("Continue")
    assert "in the correct format" not in visit.text()
    assert "unable to match the ECT with the TRN you provided" in visit.text()

    # TRN 1100001 with the date of birth trs_teachers.json gives reaches the page its `shows` names.
    visit.go("/school/register-ect/what-you-will-need?restart=1")
    visit.click("Continue")
    visit.fill("Teacher reference number (TRN)", passed["trn"])
    day = dt.date.fromisoformat(passed["date_of_birth"])
    visit.fill_date("date_of_birth", day.day, day.month, day.year)
    visit.click("Continue")
    assert "Passed Sandbox has completed their induction" in visit.text()
    assert passed["shows"].startswith('Register an ECT stops: "Passed Sandbox has completed their induction".')


def test_authorising_without_ticking_the_box_says_what_to_do(visit, pinned_now, lead_provider):
    statement = StatementFactory(lead_provider=lead_provider)
    declare(lead_provider, ect(lead_provider))
    close(statement)
    staff_sign_in(visit, "finance")
    url = f"/admin/statements/statement/{statement.pk}/authorise/"
    visit.page.goto(visit.base_url + url)
    visit.page.get_by_role("button", name="Authorise for payment").click()
    visit.page.wait_for_load_state("load")
    visit.page.screenshot(path=str(visit.folder / "90-admin-authorise-unticked.png"), full_page=True)
    message = "Tick the box to confirm you have checked the figures and the statement can be paid"
    assert visit.page.locator("#confirm-error").inner_text() == message
    assert visit.page.locator("#id_confirm").get_attribute("aria-describedby") == "confirm-error"
    statement.refresh_from_db()
    assert statement.state == StatementState.PAYABLE
    visit.page.check("#id_confirm")
    visit.page.get_by_role("button", name="Authorise for payment").click()
    visit.page.wait_for_load_state("load")
    visit.page.screenshot(path=str(visit.folder / "91-admin-authorised.png"), full_page=True)
    statement.refresh_from_db()
    assert statement.state == StatementState.PAID


def test_with_javascript_off_the_front_page_support_and_a_name_change_still_work(browser, live_server, pinned_now):
    """School pages need no JavaScript (docs/school-pages.md, "Look and behaviour"): the same forms, error summaries
    and interruption page with scripts disabled. axe-core needs scripts, so the pages are checked by the other tests
    here with JavaScript on."""
    school = SchoolFactory(name="Oak Primary", induction_tutor_last_nominated_in=contract_year(pinned_now.date()))
    SchoolUser.objects.create(email="sit@oak.example", full_name="Sam Tutor", school=school)
    teacher = TeacherFactory(trs_first_name="Ada", trs_last_name="Lovelace")
    ect_training(school, year=2026, started_on=dt.date(2026, 9, 1), teacher=teacher, school_led=True)
    folder = SHOTS / "test_with_javascript_off"
    folder.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1024, "height": 800}, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(15000)
    shots = iter(range(1, 100))

    def shot(name: str):
        page.wait_for_load_state("load")
        page.screenshot(path=str(folder / f"{next(shots):02d}-{name}.png"), full_page=True)
        assert page.locator("body.js-enabled").count() == 0  # scripts really are off

    def button(name: str):
        page.get_by_role("button", name=name, exact=True).click()

    try:
        page.goto(live_server.url + "/")
        shot("root")
        assert page.locator("h1").inner_text() == SERVICE
        page.get_by_role("link", name="Contact DfE support", exact=True).first.click()
        shot("support")
        button("Send")
        shot("support-errors")
        assert "Enter your message" in page.locator(".govuk-error-summary").inner_text()
        page.get_by_label("Full name", exact=True).fill("Sam Tutor")
        page.get_by_label("Email address", exact=True).fill("sam@oak.example")
        page.get_by_label("School name or URN", exact=True).fill("Oak Primary")
        page.get_by_label("How can we help?", exact=True).fill("Where is our ECT?")
        button("Send")
        shot("support-sent")
        assert "Your message has been sent" in page.inner_text("main")

        page.goto(live_server.url + "/school/sign-in")
        page.get_by_label("Email address", exact=True).fill("sit@oak.example")
        button("Continue")
        page.get_by_label("Sign-in code", exact=True).fill(emailed_code("sit@oak.example"))
        button("Sign in")
        page.get_by_role("link", name="Ada Lovelace", exact=True).click()
        page.get_by_role("link", name="Change name", exact=True).click()
        page.get_by_label("Full name", exact=True).fill("Grace Hopper")
        button("Continue")
        shot("confirm-name-change")
        assert page.locator("h1").inner_text() == "Is the ECT with the new name the same person?"
        button("Yes, it is the same person")
        button("Confirm change")
        shot("name-changed")
        assert Teacher.objects.get(pk=teacher.pk).full_name == "Grace Hopper"
    finally:
        context.close()
