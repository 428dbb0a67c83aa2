"""Who may use the school pages, the induction tutor journeys, DfE staff viewing as a school, and the home pages."""

import datetime as dt

import pytest
from django.contrib.auth.models import Permission, User
from django.core import mail

from config import clock
from config.errors import DomainValidationError
from config.models import Event
from schools import rules, services
from schools.models import EmailSignIn, School, SchoolUser
from schools.rules import contract_year
from tests.factories import SchoolFactory
from tests.jobs import run_queued_jobs

from .conftest import Client, locked_by_wrong_codes, sign_in

pytestmark = pytest.mark.django_db


def signed_in_client(school: School, email: str = "user@school.example") -> Client:
    SchoolUser.objects.create(email=email, school=school)
    client = Client()
    sign_in(client, email)
    return client


def this_year() -> int:
    return contract_year(clock.now().date())


@pytest.mark.parametrize(
    "traits", [{"closed": True}, {"independent": True}], ids=["closed school", "independent, not s41, no training"]
)
def test_schools_that_cannot_use_the_service_are_sent_to_access_denied(traits):
    client = signed_in_client(SchoolFactory(**traits, induction_tutor_last_nominated_in=this_year()))
    response = client.get("/school/home/ects")
    assert response["Location"] == "/school/access-denied"
    page = client.get("/school/access-denied")
    assert page.status_code == 403 and "You cannot use this service" in page.content.decode()


def test_an_independent_school_with_unfinished_training_keeps_access():
    from tests.factories import ect_training

    school = SchoolFactory(independent=True, induction_tutor_last_nominated_in=this_year())
    ect_training(school, year=2026, started_on=dt.date(2026, 9, 1), school_led=True)
    assert signed_in_client(school).get("/school/home/ects").status_code == 200


def test_a_school_that_never_named_an_induction_tutor_is_asked_for_one_first():
    school = SchoolFactory(induction_tutor_name="", induction_tutor_email="")
    client = signed_in_client(school)
    assert client.get("/school/home/ects")["Location"] == "/school/induction-tutor/new/details"
    response = client.post("/school/induction-tutor/new/details", {"name": "", "email": ""})
    page = response.content.decode()
    assert "Enter the correct full name" in page and "Enter the email address" in page
    assert "<title>Error: " in page
    assert (
        "Full name must be 70 letters or less"
        in client.post("/school/induction-tutor/new/details", {"name": "x" * 71}).content.decode()
    )
    client.post("/school/induction-tutor/new/details", {"name": "Grace Hopper", "email": "grace@school.example"})
    assert client.post("/school/induction-tutor/new/check-answers")["Location"] == (
        "/school/induction-tutor/new/confirmation"
    )
    school.refresh_from_db()
    assert (school.induction_tutor_name, school.induction_tutor_last_nominated_in) == ("Grace Hopper", this_year())
    assert client.get("/school/home/ects").status_code == 200
    run_queued_jobs()
    assert [m.to for m in mail.outbox if "named you as its induction tutor" in m.body] == [["grace@school.example"]]
    event = Event.objects.get(event_type="school_induction_tutor_updated")
    assert event.author_type == "school_user" and "user@school.example" in event.author_name


def test_a_tutor_confirmed_in_an_earlier_contract_period_is_confirmed_again():
    school = SchoolFactory(induction_tutor_last_nominated_in=this_year() - 1)
    client = signed_in_client(school)
    first = "/school/induction-tutor/confirm-existing/are-these-details-correct"
    assert client.get("/school/home/mentors")["Location"] == first
    assert (
        "Select 'Yes' or 'No, someone else will be the induction tutor'".replace("'", "&#x27;")
        in client.post(first, {}).content.decode()
    )
    # Steps not yet allowed redirect to the furthest allowed step.
    assert client.get("/school/induction-tutor/confirm-existing/check-answers")["Location"] == first
    assert client.post(first, {"confirmed": "yes"})["Location"] == (
        "/school/induction-tutor/confirm-existing/check-answers"
    )
    client.post("/school/induction-tutor/confirm-existing/check-answers")
    school.refresh_from_db()
    assert school.induction_tutor_last_nominated_in == this_year()
    assert Event.objects.filter(event_type="school_induction_tutor_confirmed").count() == 1
    run_queued_jobs()
    assert mail.outbox[-1].subject.startswith("Your sign-in code")  # confirming sends no email


def test_changing_the_induction_tutor_is_what_lead_providers_see(lp_client):
    from tests.factories import DeliveryPartnerFactory, contract, partnership

    school = SchoolFactory(induction_tutor_last_nominated_in=this_year())
    contract(lp_client.lead_provider, 2026)
    partnership(school, lp_client.lead_provider, DeliveryPartnerFactory(), 2026)
    before = lp_client.get("/api/v3/partnerships").json()["data"][0]["attributes"]
    client = signed_in_client(school)
    client.post("/school/induction-tutor/change/details", {"name": "Katherine Johnson", "email": "kj@school.example"})
    client.post("/school/induction-tutor/change/check-answers")
    after = lp_client.get("/api/v3/partnerships").json()["data"][0]["attributes"]
    assert (after["induction_tutor_name"], after["induction_tutor_email"]) == ("Katherine Johnson", "kj@school.example")
    assert after["updated_at"] > before["updated_at"]
    updated = lp_client.get("/api/v3/schools?filter[cohort]=2026").json()["data"]
    assert [s for s in updated if s["attributes"]["urn"] == school.urn][0]["attributes"]["updated_at"] > before[
        "updated_at"
    ]


def test_a_change_of_tutor_that_another_tab_already_made_is_refused_when_it_is_saved():
    """The details question refuses the current tutor's details; the journey asks it again when it saves, in case
    they became the current tutor's after it was answered, and the service refuses them whoever calls it
    (docs/school-pages.md)."""
    school = SchoolFactory(induction_tutor_last_nominated_in=this_year())
    client = signed_in_client(school)
    details = {"name": "Katherine Johnson", "email": "kj@school.example"}
    assert client.post("/school/induction-tutor/change/details", details)["Location"] == (
        "/school/induction-tutor/change/check-answers"
    )
    School.objects.filter(pk=school.pk).update(
        induction_tutor_name="katherine  johnson", induction_tutor_email=details["email"]
    )
    page = client.post("/school/induction-tutor/change/check-answers")
    assert page["Location"] == "/school/induction-tutor/change/details"
    assert rules.SIT_UNCHANGED in client.post("/school/induction-tutor/change/details", details).content.decode()
    with pytest.raises(DomainValidationError) as refused:
        services.induction_tutor_update(
            school=school, today=clock.today(), replaces_current=True, author_type="school", author_name="", **details
        )
    assert refused.value.errors == [("name", rules.SIT_UNCHANGED)]
    assert not Event.objects.filter(event_type="school_induction_tutor_updated").exists()


def test_dfe_staff_can_view_as_a_school_from_the_admin_and_their_name_is_on_changes():
    school = SchoolFactory(induction_tutor_last_nominated_in=None)
    staff = User.objects.create_user("support", "support@education.gov.uk", "pw", is_staff=True)
    # Viewing as a school acts for it: its own permission, which support holds (docs/security.md §1).
    staff.user_permissions.add(*Permission.objects.filter(codename__in=["view_school", "act_as_school"]))
    client = Client()
    client.force_login(staff)
    assert client.get(f"/admin/schools/school/{school.pk}/view-as/").status_code == 200
    response = client.post(f"/admin/schools/school/{school.pk}/view-as/")
    assert response["Location"] == "/school/"
    # Staff viewing as the school are not stopped by the induction tutor gate, and see the banner.
    page = client.get("/school/home/ects").content.decode()
    assert "Stop viewing as this school" in page
    client.post("/school/induction-tutor/change/details", {"name": "Ada Lovelace", "email": "ada@school.example"})
    client.post("/school/induction-tutor/change/check-answers")
    event = Event.objects.get(event_type="school_induction_tutor_updated")
    assert event.author_type == "dfe_staff_user" and "support" in event.author_name
    assert Event.objects.filter(event_type="dfe_user_impersonates_school").count() == 1
    response = client.post("/school/stop-viewing-as-school")
    assert response["Location"] == f"/admin/schools/school/{school.pk}/change/"
    assert client.get("/school/home/ects")["Location"] == "/school/sign-in"
    assert client.get("/admin/").status_code == 200  # still signed in to the admin


def test_staff_without_permission_to_act_as_a_school_cannot_view_as_it():
    """Seeing schools in the admin is not enough: viewing as one acts for it (docs/security.md §1)."""
    school = SchoolFactory()
    staff = User.objects.create_user("nobody", "n@education.gov.uk", "pw", is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_school"))
    client = Client()
    client.force_login(staff)
    assert client.post(f"/admin/schools/school/{school.pk}/view-as/").status_code == 403
    assert client.get("/school/home/ects")["Location"] == "/school/sign-in"


def test_school_users_can_be_unlocked_in_the_admin():
    school = SchoolFactory()
    user = SchoolUser.objects.create(email="locked@school.example", school=school)
    locked_by_wrong_codes(user)
    admin = User.objects.create_superuser("admin", "admin@education.gov.uk", "pw")
    client = Client()
    client.force_login(admin)
    response = client.post(
        "/admin/schools/schooluser/", {"action": "unlock", "_selected_action": [user.pk]}, follow=True
    )
    assert response.status_code == 200
    state = EmailSignIn.objects.get(school_user=user)
    assert (state.locked_at, state.failed_codes) == (None, 0)
    assert Event.objects.filter(event_type="otp_account_unlocked").count() == 1


def test_view_only_staff_cannot_unlock_school_users():
    school = SchoolFactory()
    user = SchoolUser.objects.create(email="locked@school.example", school=school)
    locked_by_wrong_codes(user)
    staff = User.objects.create_user("viewer", "v@education.gov.uk", "pw", is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_schooluser"))
    client = Client()
    client.force_login(staff)
    client.post("/admin/schools/schooluser/", {"action": "unlock", "_selected_action": [user.pk]})
    assert EmailSignIn.objects.get(school_user=user).locked_at is not None


def test_a_lock_made_while_an_address_was_nobodys_shows_on_the_school_user_added_for_it(settings):
    settings.SCHOOL_SIGN_IN_RATE_LIMIT = 1000
    visitor = Client()
    visitor.post("/school/sign-in", {"email": "new@school.example"})
    for _ in range(settings.SCHOOL_SIGN_IN_MAX_FAILED_CODES):
        visitor.post("/school/sign-in/code", {"code": "000000"})
    school = SchoolFactory()
    admin = Client()
    admin.force_login(User.objects.create_superuser("admin", "admin@education.gov.uk", "pw"))
    added = admin.post("/admin/schools/schooluser/add/", {"email": "new@school.example", "school": school.pk})
    assert added.status_code == 302
    user = SchoolUser.objects.get(email="new@school.example")
    assert "new@school.example" in admin.get("/admin/schools/schooluser/?sign_in_locked=yes").content.decode()
    assert "new@school.example" not in admin.get("/admin/schools/schooluser/?sign_in_locked=no").content.decode()
    admin.post("/admin/schools/schooluser/", {"action": "unlock", "_selected_action": [user.pk]})
    assert "new@school.example" not in admin.get("/admin/schools/schooluser/?sign_in_locked=yes").content.decode()
    sign_in(Client(), "new@school.example")
