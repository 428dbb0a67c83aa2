"""DfE support's actions refused and recorded (docs/support.md): each refusal is the owning service's own message,
nothing is written when it refuses, bad input is a 404 or a message (never a 500), and what is saved is an event
authored by the staff user through the admin. The journeys themselves are walked in a browser in
tests/browser/test_support_console.py; the role × action matrix is tests/admin/test_permissions.py."""

import html

import pytest
from django.urls import reverse

from config.models import Event, EventSource
from participants.models import ECTAtSchoolPeriod, Teacher
from partnerships.models import Partnership
from tests.declarations.factories import ect
from tests.factories import DeliveryPartnerFactory, SchoolFactory, TeacherFactory, partnership

from . import support

pytestmark = pytest.mark.django_db

# docs/support.md, "Refresh from TRS".
UNAVAILABLE = "The Teacher Record Service is not answering at the moment. Try again later."


@pytest.fixture
def agent(staff_client):
    return staff_client("support")


def _page(response) -> str:
    return html.unescape(response.content.decode())


def test_a_partnership_move_is_an_event_of_the_staff_user_through_the_admin(agent, lead_provider):
    training, other = support.movable_ect(lead_provider)
    response = support.walk(
        agent,
        "participants_teacher_change_partnership",
        {"teacher_id": training.teacher_id, "training_id": training.pk},
        [("partnership", {"choice": other.pk})],
    )
    assert response.status_code == 302
    event = Event.objects.get(event_type="teacher_training_partnership_changed")
    assert (event.author_type, event.author_name, event.source) == ("dfe_staff_user", "support", EventSource.ADMIN)
    assert "partnership" in event.changes


def test_a_partnership_at_another_school_is_not_offered_and_changes_nothing(agent, lead_provider):
    training, _ = support.movable_ect(lead_provider)
    elsewhere = partnership(SchoolFactory(), lead_provider, DeliveryPartnerFactory(), 2024)
    response = agent.post(
        reverse(
            "admin:participants_teacher_change_partnership",
            kwargs={"teacher_id": training.teacher_id, "training_id": training.pk, "step": "partnership"},
        ),
        {"choice": elsewhere.pk},
    )
    assert response.status_code == 200 and "Choose a partnership" in _page(response)
    assert support.latest_training(training.teacher).partnership_id == training.partnership_id


def test_an_email_another_teacher_uses_is_refused_with_the_school_pages_message(agent, lead_provider):
    training, _ = support.movable_ect(lead_provider)
    other = ect(lead_provider)
    ECTAtSchoolPeriod.objects.filter(pk=other.ect_at_school_period_id).update(email="taken@example.com")
    response = agent.post(
        reverse(
            "admin:participants_teacher_correct_email",
            kwargs={
                "teacher_id": training.teacher_id,
                "role": "ect",
                "period_id": training.ect_at_school_period_id,
                "step": "email",
            },
        ),
        {"email": "taken@example.com"},
    )
    assert response.status_code == 200 and "This email address is already in use by another ECT or mentor" in _page(
        response
    )
    assert ECTAtSchoolPeriod.objects.get(pk=training.ect_at_school_period_id).email != "taken@example.com"


def test_a_duplicate_partnership_is_refused_at_check_answers_with_the_services_message(agent, lead_provider):
    existing = partnership(SchoolFactory(), lead_provider, DeliveryPartnerFactory(), 2024)
    pairing = existing.delivery_partnership
    response = support.walk(
        agent,
        "schools_school_add_partnership",
        {"school_id": existing.school_id},
        [
            ("cohort", {"choice": pairing.contract.cohort_id}),
            ("lead-provider", {"choice": lead_provider.pk}),
            ("delivery-partner", {"choice": pairing.pk}),
        ],
    )
    assert (
        response.status_code == 200
        and "This school already has a partnership with this lead provider and delivery partner in the cohort."
        in _page(response)
    )
    assert Partnership.objects.filter(school_id=existing.school_id).count() == 1


def test_when_trs_does_not_answer_the_refresh_says_so_and_changes_nothing(agent, trs_server):
    teacher = TeacherFactory(trs_last_name="Byron")
    trs_server.fail(503, 503, 503, 503, 503, 503)
    url = reverse("admin:participants_teacher_refresh", args=[teacher.pk])
    assert UNAVAILABLE in _page(agent.get(url))
    response = agent.post(url)
    assert response.status_code == 200 and UNAVAILABLE in _page(response)
    assert Teacher.objects.get(pk=teacher.pk).trs_refreshed_at is None
    assert not Event.objects.filter(event_type="teacher_refreshed_from_trs").exists()


@pytest.mark.parametrize(
    "path",
    [
        "/admin/participants/teacher/999999/page/",
        "/admin/participants/teacher/999999/refresh/",
        "/admin/participants/teacher/999999/name/name/",
        "/admin/participants/teacher/{teacher}/nobody/{period}/email/email/",
        "/admin/participants/teacher/{teacher}/ect/999999/leaving/leaving-date/",
        "/admin/participants/teacher/{teacher}/training/999999/partnership/partnership/",
        "/admin/participants/teacher/{teacher}/name/no-such-step/",
        "/admin/schools/school/999999/page/",
        "/admin/schools/school/999999/add-partnership/cohort/",
    ],
)
def test_pages_of_records_that_do_not_exist_are_404(agent, lead_provider, path):
    training = ect(lead_provider)
    url = path.format(teacher=training.teacher_id, period=training.ect_at_school_period_id)
    assert agent.get(url).status_code == 404


def test_answers_that_are_not_choices_or_dates_are_asked_again(agent, lead_provider):
    training, _ = support.movable_ect(lead_provider)
    kwargs = {"teacher_id": training.teacher_id, "training_id": training.pk}
    for choice in ("x", "", "99999999999999999999", "1; DROP TABLE"):
        response = agent.post(
            reverse("admin:participants_teacher_change_schedule", kwargs={**kwargs, "step": "cohort"}),
            {"choice": choice},
        )
        assert response.status_code == 200 and "Choose a cohort" in _page(response)
    response = agent.post(
        reverse(
            "admin:participants_teacher_record_leaving",
            kwargs={
                "teacher_id": training.teacher_id,
                "role": "ect",
                "period_id": training.ect_at_school_period_id,
                "step": "leaving-date",
            },
        ),
        support.date_fields("leaving_on", support.today()) | {"leaving_on_1": "13"},
    )
    assert response.status_code == 200 and "Enter the date in the correct format, for example 31 3 2026" in _page(
        response
    )
    # Check answers before the questions: back to the first question, and nothing changes.
    response = agent.post(
        reverse("admin:participants_teacher_change_schedule", kwargs={**kwargs, "step": "check-answers"})
    )
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "admin:participants_teacher_change_schedule", kwargs={**kwargs, "step": "cohort"}
    )
    assert not Event.objects.filter(event_type="teacher_schedule_changed").exists()


def test_a_training_that_is_no_longer_the_providers_latest_cannot_have_its_schedule_changed(agent, lead_provider):
    """The API's change-schedule acts on the provider's latest training: an older one is not offered, shown or
    changed (docs/support.md, "Change cohort and schedule")."""
    from partnerships.models import Cohort, Schedule

    training, _ = support.movable_ect(lead_provider)
    cohort = Cohort.objects.get(start_year=2024)
    answers = [
        ("cohort", {"choice": cohort.pk}),
        ("schedule", {"choice": Schedule.objects.get(cohort=cohort, identifier="ecf-extended-september").pk}),
    ]
    kwargs = {"teacher_id": training.teacher_id, "training_id": training.pk}
    assert support.walk(agent, "participants_teacher_change_schedule", kwargs, answers).status_code == 302
    latest = support.latest_training(training.teacher)
    assert latest != training and latest.schedule.identifier == "ecf-extended-september"
    # The same journey again on the training the change ended.
    assert support.walk(agent, "participants_teacher_change_schedule", kwargs, answers).status_code == 404
    assert support.latest_training(training.teacher) == latest
    assert Event.objects.filter(event_type="teacher_schedule_changed").count() == 1  # the first journey only


def test_the_partnerships_offered_are_the_ones_the_service_accepts(lead_provider):
    """Two forms of "another partnership at the training's school in its cohort" (docs/support.md, "Change
    partnership"): the query that offers the choices, and the service's check of the one chosen. They agree."""
    from participants import expressions as ex
    from participants.models import TrainingPeriod
    from participants.selectors import partnerships_to_move_to
    from participants.services.training_changes import partnership_change_problem

    training, same_school_and_cohort = support.movable_ect(lead_provider)
    training = TrainingPeriod.objects.annotate(training_status=ex.training_status()).get(pk=training.pk)
    candidates = [
        same_school_and_cohort,
        training.partnership,  # the one it is in
        partnership(SchoolFactory(), lead_provider, DeliveryPartnerFactory(), 2024),  # another school
        partnership(training.school, lead_provider, DeliveryPartnerFactory(), 2025),  # another cohort
    ]
    offered = set(partnerships_to_move_to(training=training))
    accepted = {p for p in candidates if partnership_change_problem(training, p, today=support.today()) is None}
    assert offered == accepted == {same_school_and_cohort}


def test_the_teacher_page_costs_the_same_queries_however_many_declarations(
    agent, lead_provider, django_assert_num_queries
):
    """Each declaration's statement (and the statement's cohort, which names it) comes with the declarations."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.declarations.factories import StatementFactory, declare

    StatementFactory(lead_provider=lead_provider)
    period = ect(lead_provider)
    declare(lead_provider, period)
    url = f"/admin/participants/teacher/{period.teacher_id}/page/"
    agent.get(url)  # the session's first page writes what later pages only read
    with CaptureQueriesContext(connection) as one:
        assert agent.get(url).status_code == 200
    declare(lead_provider, period, "retained-1", "2025-02-01T10:00:00Z", evidence_held="other")
    declare(lead_provider, period, "retained-2", "2025-05-01T10:00:00Z", evidence_held="other")
    with django_assert_num_queries(len(one)):
        page = agent.get(url)
    assert "retained-1" in _page(page) and "retained-2" in _page(page)
