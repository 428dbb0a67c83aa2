"""Registering an ECT through the school pages (test client), and what lead providers then see."""

import datetime as dt

import pytest
from django.core import mail

from config import clock
from config.models import Event
from participants.models import ECTAtSchoolPeriod, TrainingPeriod
from tests.jobs import run_queued_jobs

pytestmark = pytest.mark.django_db

BASE = "/school/register-ect"


def post(client, step, data, **kwargs):
    return client.post(f"{BASE}/{step}", data, **kwargs)


def dob(value: dt.date, field="date_of_birth") -> dict:
    return {f"{field}_0": value.day, f"{field}_1": value.month, f"{field}_2": value.year}


def answer_up_to_start(client, trn="2345678", born=dt.date(1995, 6, 15), email="ada@oak.example"):
    assert post(client, "what-you-will-need", {})["Location"] == f"{BASE}/find-ect"
    assert post(client, "find-ect", {"trn": trn, **dob(born)})["Location"] == f"{BASE}/review-ect-details"
    assert post(client, "review-ect-details", {"details_correct": "yes"})["Location"] == f"{BASE}/email-address"
    assert post(client, "email-address", {"email": email})["Location"] == f"{BASE}/start-date"
    today = clock.now().date()
    return post(client, "start-date", dob(today, "started_on"))


def test_provider_led_ect_registered_through_the_pages_appears_in_that_providers_api(
    school_client, school, tsh, provider, ada, lp_client, other_lp_client
):
    assert answer_up_to_start(school_client)["Location"] == f"{BASE}/working-pattern"
    assert (
        post(school_client, "working-pattern", {"working_pattern": "full_time"})["Location"]
        == f"{BASE}/appropriate-body"
    )
    assert (
        post(school_client, "appropriate-body", {"appropriate_body": tsh.pk})["Location"]
        == f"{BASE}/training-programme"
    )
    response = post(school_client, "training-programme", {"training_programme": "provider_led"})
    assert response["Location"] == f"{BASE}/lead-provider"
    assert post(school_client, "lead-provider", {"lead_provider": provider.pk})["Location"] == f"{BASE}/check-answers"
    page = school_client.get(f"{BASE}/check-answers").content.decode()
    for text in (
        "2345678",
        "Ada Lovelace",
        "ada@oak.example",
        "Full time",
        "Alban Teaching School Hub",
        "Provider-led",
        "Ambition Institute",
    ):
        assert text in page

    response = post(school_client, "check-answers", {})
    assert response["Location"] == f"{BASE}/confirmation"
    page = school_client.get(f"{BASE}/confirmation").content.decode()
    assert "You have saved Ada Lovelace&#x27;s details" in page and "You still need to assign a mentor" in page

    period = ECTAtSchoolPeriod.objects.get(teacher__trn="2345678")
    assert (period.school, period.email, period.appropriate_body) == (school, "ada@oak.example", tsh)
    training = TrainingPeriod.objects.get(ect_at_school_period=period)
    assert training.training_programme == "provider_led"
    assert training.expression_of_interest.lead_provider == provider and training.partnership is None
    run_queued_jobs()
    assert [m.to for m in mail.outbox if "registered you as an early career teacher" in m.body] == [["ada@oak.example"]]
    registered = Event.objects.get(event_type="teacher_registered_as_ect")
    assert registered.author_type == "school_user" and "sit@oak.example" in registered.author_name

    # Until the provider confirms a partnership with the school, the school shows an expression of interest for
    # it, and the ECT is not yet one of its participants (docs/school-registration.md: EOI-only is not visible).
    cohort = training.schedule.cohort.start_year
    schools = lp_client.get(f"/api/v3/schools?filter[cohort]={cohort}").json()["data"]
    oak = [s for s in schools if s["attributes"]["urn"] == "123456"]
    assert oak and oak[0]["attributes"]["expression_of_interest"] is True
    assert lp_client.get("/api/v3/participants").json()["data"] == []

    # The provider confirms a partnership: the ECT's training is linked to it and the participant appears, with
    # the school's URN, cohort, schedule and delivery partner.
    response = lp_client.post(
        "/api/v3/partnerships",
        {
            "data": {
                "type": "partnership",
                "attributes": {
                    "cohort": cohort,
                    "school_id": str(school.api_id),
                    "delivery_partner_id": str(provider.delivery_partner.api_id),
                },
            }
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    training.refresh_from_db()
    assert training.partnership is not None
    data = lp_client.get("/api/v3/participants").json()["data"]
    assert len(data) == 1
    enrolment = data[0]["attributes"]["ecf_enrolments"][0]
    assert enrolment["email"] == "ada@oak.example"
    assert enrolment["school_urn"] == "123456"
    assert enrolment["cohort"] == str(cohort)
    assert enrolment["schedule_identifier"] == training.schedule.identifier
    assert enrolment["delivery_partner_id"] == str(provider.delivery_partner.api_id)
    assert (enrolment["participant_status"], enrolment["training_status"]) == ("active", "active")
    ect_page = school_client.get(f"/school/ects/{period.pk}").content.decode()
    assert "Confirmed by Ambition Institute" in ect_page and "North Partners" in ect_page

    # Nobody else sees them.
    assert other_lp_client.get("/api/v3/participants").json()["data"] == []


def test_school_led_ect_skips_the_lead_provider(school_client, tsh, ada, provider):
    answer_up_to_start(school_client)
    post(school_client, "working-pattern", {"working_pattern": "part_time"})
    post(school_client, "appropriate-body", {"appropriate_body": tsh.pk})
    response = post(school_client, "training-programme", {"training_programme": "school_led"})
    assert response["Location"] == f"{BASE}/check-answers"
    post(school_client, "check-answers", {})
    training = TrainingPeriod.objects.get(teacher__trn="2345678")
    assert training.training_programme == "school_led" and training.schedule is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"trn": "", **dob(dt.date(1995, 6, 15))}, "Enter the teacher reference number (TRN)"),
        ({"trn": "123", **dob(dt.date(1995, 6, 15))}, "Teacher reference number must include at least 5 digits"),
        ({"trn": "2345678"}, "Enter a date of birth"),
        (
            {"trn": "2345678", "date_of_birth_0": "31", "date_of_birth_1": "2", "date_of_birth_2": "1990"},
            "Enter the date of birth in the correct format, for example 12 3 1998",
        ),
    ],
)
def test_find_ect_errors_are_shown_in_the_error_summary(school_client, data, message):
    post(school_client, "what-you-will-need", {})
    page = post(school_client, "find-ect", data).content.decode()
    assert "govuk-error-summary" in page and message.replace("'", "&#x27;") in page
    assert "<title>Error: Find an early career teacher" in page


@pytest.mark.parametrize(
    ("step", "message"),
    [
        ("working-pattern", "Select if the ECT's working pattern is full or part time"),
        ("appropriate-body", "Select the appropriate body which will be supporting the ECT's induction"),
        ("training-programme", "Select either 'Provider-led' or 'School-led' training"),
    ],
)
def test_unanswered_questions_show_their_message(school_client, tsh, ada, provider, step, message):
    answer_up_to_start(school_client)
    if step != "working-pattern":
        post(school_client, "working-pattern", {"working_pattern": "full_time"})
    if step == "training-programme":
        post(school_client, "appropriate-body", {"appropriate_body": tsh.pk})
    page = post(school_client, step, {}).content.decode()
    assert message.replace("'", "&#x27;") in page


def test_lead_provider_and_start_date_are_required(school_client, tsh, ada, provider):
    post(school_client, "what-you-will-need", {})
    post(school_client, "find-ect", {"trn": "2345678", **dob(dt.date(1995, 6, 15))})
    post(school_client, "review-ect-details", {"details_correct": "yes"})
    post(school_client, "email-address", {"email": "ada@oak.example"})
    assert (
        "Enter the date the ECT started or will start teaching at your school"
        in post(school_client, "start-date", {}).content.decode()
    )
    post(school_client, "start-date", dob(clock.now().date(), "started_on"))
    post(school_client, "working-pattern", {"working_pattern": "full_time"})
    post(school_client, "appropriate-body", {"appropriate_body": tsh.pk})
    post(school_client, "training-programme", {"training_programme": "provider_led"})
    assert (
        "Select which lead provider will be training the ECT"
        in post(school_client, "lead-provider", {}).content.decode()
    )


def test_steps_not_yet_allowed_redirect_to_the_furthest_allowed_step(school_client, ada):
    assert school_client.get(f"{BASE}/start-date")["Location"] == f"{BASE}/what-you-will-need"
    post(school_client, "what-you-will-need", {})
    post(school_client, "find-ect", {"trn": "2345678", **dob(dt.date(1995, 6, 15))})
    assert school_client.get(f"{BASE}/check-answers")["Location"] == f"{BASE}/review-ect-details"
    assert school_client.get(f"{BASE}/no-such-step").status_code == 404


def test_trn_not_found_and_date_of_birth_mismatch_branches(school_client, ada):
    post(school_client, "what-you-will-need", {})
    assert (
        post(school_client, "find-ect", {"trn": "9999999", **dob(dt.date(1995, 6, 15))})["Location"]
        == f"{BASE}/trn-not-found"
    )
    response = post(school_client, "find-ect", {"trn": "2345678", **dob(dt.date(1990, 1, 1))})
    assert response["Location"] == f"{BASE}/national-insurance-number"
    assert (
        post(school_client, "national-insurance-number", {"national_insurance_number": "AB999999C"})["Location"]
        == f"{BASE}/not-found"
    )
    response = post(school_client, "national-insurance-number", {"national_insurance_number": "AB 12 34 56 C"})
    assert response["Location"] == f"{BASE}/review-ect-details"


@pytest.mark.parametrize(
    ("trait", "step", "text"),
    [
        ("passed", "induction-completed", "has completed their induction"),
        ("exempt", "induction-exempt", "is exempt from completing their induction"),
        ("failed", "induction-failed", "has failed their induction"),
        ("prohibited", "cannot-register-ect", "prohibited from teaching"),
    ],
)
def test_teachers_who_cannot_be_registered_stop_at_a_dead_end(school_client, trait, step, text):
    from tests.participants.factories import FakeTeacherRecordFactory

    record = FakeTeacherRecordFactory(**{trait: True})
    post(school_client, "what-you-will-need", {})
    response = post(school_client, "find-ect", {"trn": record.trn, **dob(record.date_of_birth)})
    assert response["Location"] == f"{BASE}/{step}"
    page = school_client.get(response["Location"]).content.decode()
    assert text in page
    assert school_client.get(f"{BASE}/review-ect-details")["Location"] == f"{BASE}/{step}"


def test_an_email_used_by_another_teacher_cannot_be_used(school_client, school, ada, grace, tsh, provider):
    from participants import services
    from tests.factories import TeacherFactory

    other = services.ect_at_school_start(
        teacher=TeacherFactory(), school=school, started_on=dt.date(2026, 9, 1), email="taken@oak.example"
    )
    assert other.pk
    post(school_client, "what-you-will-need", {})
    post(school_client, "find-ect", {"trn": "2345678", **dob(dt.date(1995, 6, 15))})
    post(school_client, "review-ect-details", {"details_correct": "yes"})
    assert (
        post(school_client, "email-address", {"email": "taken@oak.example"})["Location"] == f"{BASE}/cannot-use-email"
    )


def test_a_corrected_name_is_registered_and_recorded(school_client, tsh, ada, provider):
    post(school_client, "what-you-will-need", {})
    post(school_client, "find-ect", {"trn": "2345678", **dob(dt.date(1995, 6, 15))})
    page = post(school_client, "review-ect-details", {"details_correct": "no"}).content.decode()
    assert "Enter the correct full name" in page
    post(school_client, "review-ect-details", {"details_correct": "no", "corrected_name": "Ada King"})
    post(school_client, "email-address", {"email": "ada@oak.example"})
    post(school_client, "start-date", dob(clock.now().date(), "started_on"))
    post(school_client, "working-pattern", {"working_pattern": "full_time"})
    post(school_client, "appropriate-body", {"appropriate_body": tsh.pk})
    post(school_client, "training-programme", {"training_programme": "school_led"})
    post(school_client, "check-answers", {})
    period = ECTAtSchoolPeriod.objects.get(teacher__trn="2345678")
    assert period.teacher.full_name == "Ada King" and period.teacher.trs_first_name == "Ada"
    assert Event.objects.filter(event_type="teacher_name_updated_by_user").exists()


def test_double_submit_of_check_answers_registers_once(school_client, tsh, ada, provider):
    answer_up_to_start(school_client)
    post(school_client, "working-pattern", {"working_pattern": "full_time"})
    post(school_client, "appropriate-body", {"appropriate_body": tsh.pk})
    post(school_client, "training-programme", {"training_programme": "school_led"})
    assert post(school_client, "check-answers", {})["Location"] == f"{BASE}/confirmation"
    response = post(school_client, "check-answers", {}, follow=True)
    assert (
        "Your changes were not saved. Please close any other tabs you have open for this service and try again."
        in response.content.decode()
    )
    assert ECTAtSchoolPeriod.objects.filter(teacher__trn="2345678").count() == 1
    run_queued_jobs()
    assert len([m for m in mail.outbox if "ada@oak.example" in m.to]) == 1


def test_changing_an_answer_returns_to_check_answers(school_client, tsh, ada, provider):
    answer_up_to_start(school_client)
    post(school_client, "working-pattern", {"working_pattern": "full_time"})
    post(school_client, "appropriate-body", {"appropriate_body": tsh.pk})
    post(school_client, "training-programme", {"training_programme": "school_led"})
    response = school_client.post(f"{BASE}/email-address?change=1", {"email": "lovelace@oak.example"})
    assert response["Location"] == f"{BASE}/check-answers"
    assert "lovelace@oak.example" in school_client.get(f"{BASE}/check-answers").content.decode()


def test_the_school_reuses_its_previous_choices(school_client, school, tsh, ada, grace, provider):
    from schools.models import SchoolProgrammeChoices

    SchoolProgrammeChoices.objects.create(
        school=school, appropriate_body=tsh, training_programme="provider_led", lead_provider=provider
    )
    assert answer_up_to_start(school_client)["Location"] == f"{BASE}/working-pattern"
    response = post(school_client, "working-pattern", {"working_pattern": "full_time"})
    assert response["Location"] == f"{BASE}/use-previous-ect-choices"
    page = school_client.get(response["Location"]).content.decode()
    assert "Alban Teaching School Hub" in page and "Ambition Institute" in page
    assert (
        post(school_client, "use-previous-ect-choices", {"use_previous_choices": "yes"})["Location"]
        == f"{BASE}/check-answers"
    )
    post(school_client, "check-answers", {})
    training = TrainingPeriod.objects.get(teacher__trn="2345678")
    assert training.expression_of_interest.lead_provider == provider


def test_registration_closes_on_the_days_dfe_sets(school_client):
    from schools.models import RegistrationClosure

    today = clock.now().date()
    RegistrationClosure.objects.create(starts_on=today, finishes_on=today + dt.timedelta(days=3))
    assert school_client.get(f"{BASE}/what-you-will-need")["Location"] == "/school/registration-window-closed"
    assert school_client.get("/school/home/ects").status_code == 200
