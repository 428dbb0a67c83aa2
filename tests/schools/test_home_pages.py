"""The ECTs and mentors home pages show each teacher's status as the school needs to see it."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from config import clock
from participants import services
from participants.models import TrainingPeriod
from participants.services.ect_changes import ect_report_leaving
from schools.models import SchoolUser
from schools.rules import contract_year
from tests.factories import LeadProviderFactory, SchoolFactory, TeacherFactory, ect_training

from .conftest import Client, sign_in

pytestmark = pytest.mark.django_db

START = dt.date(2026, 9, 1)


@pytest.fixture
def school():
    return SchoolFactory(name="Elm Academy", induction_tutor_last_nominated_in=contract_year(clock.now().date()))


@pytest.fixture
def client(school):
    SchoolUser.objects.create(email="sit@elm.example", school=school)
    client = Client()
    sign_in(client, "sit@elm.example")
    return client


def ect(school, first, last, **kwargs) -> TrainingPeriod:
    return ect_training(
        school, year=2026, started_on=START, teacher=TeacherFactory(trs_first_name=first, trs_last_name=last), **kwargs
    )


def cards(client, query=""):
    return client.get(f"/school/home/ects{query}").content.decode()


def test_ects_show_registered_or_action_required_for_a_mentor(client, school):
    mentored = ect(school, "Ada", "Lovelace", school_led=True)
    ect(school, "Alan", "Turing", school_led=True)
    mentor = services.mentor_at_school_start(
        teacher=TeacherFactory(trs_first_name="Grace", trs_last_name="Hopper"),
        school=school,
        started_on=START,
        email="grace@elm.example",
    )
    services.mentorship_start(mentee=mentored.ect_at_school_period, mentor=mentor, started_on=START)
    page = cards(client)
    assert "Registered" in page
    assert "A mentor needs to be assigned to Alan Turing." in page
    assert "Grace Hopper" in page
    mentors_page = client.get("/school/home/mentors").content.decode()
    assert "Grace Hopper" in mentors_page and "Ada Lovelace" in mentors_page


def test_leaving_paused_and_withdrawn_ects_are_tagged(client, school):
    provider = LeadProviderFactory()
    leaving = ect(school, "Leaving", "Teacher", school_led=True)
    ect_report_leaving(
        ect_at_school_period=leaving.ect_at_school_period,
        school=school,
        leaving_on=clock.now().date() + dt.timedelta(days=10),
        author_type="school_user",
        author_name="sit@elm.example",
    )
    paused = ect(school, "Paused", "Teacher", lead_provider=provider)
    TrainingPeriod.objects.filter(pk=paused.pk).update(
        deferred_at=clock.now(), deferral_reason="career-break", finished_on=clock.now().date()
    )
    withdrawn = ect(school, "Withdrawn", "Teacher", lead_provider=provider)
    TrainingPeriod.objects.filter(pk=withdrawn.pk).update(
        withdrawn_at=clock.now(), withdrawal_reason="other", finished_on=clock.now().date()
    )
    page = cards(client)
    assert "Leaving school" in page
    assert "Training paused" in page
    assert "no longer training with them" in page


def test_ects_can_be_found_by_name_or_trn(client, school):
    ada = ect(school, "Ada", "Lovelace", school_led=True)
    ect(school, "Alan", "Turing", school_led=True)
    assert "Alan Turing" not in cards(client, "?q=lovelace") and "Ada Lovelace" in cards(client, "?q=lovelace")
    assert "Ada Lovelace" in cards(client, f"?q={ada.teacher.trn}")
    assert "There are no ECTs that match your search." in cards(client, "?q=nobody")


def test_ects_are_paginated(client, school):
    for number in range(21):
        ect(school, f"Teacher{number}", "Page", school_led=True)
    first, second = cards(client), cards(client, "?page=2")
    title = 'class="govuk-summary-card__title"'
    assert first.count(title) == 20 and second.count(title) == 1
    assert 'aria-label="Pagination"' in first


def test_the_ects_page_costs_the_same_queries_for_many_ects(client, school, django_assert_num_queries):
    for number in range(3):
        ect(school, f"Few{number}", "Teacher", school_led=True)
    # session, school, how many ECTs there are, the page's at-school periods, their training periods, their
    # mentorships, and the session's save (savepoint, update, release)
    with django_assert_num_queries(9):
        response = client.get("/school/home/ects")
    assert response.status_code == 200
    assert [f"Few{number} Teacher" in response.content.decode() for number in range(3)] == [True] * 3
    for number in range(15):
        ect(school, f"Many{number}", "Teacher", school_led=True)
    with django_assert_num_queries(9):
        response = client.get("/school/home/ects")
    assert response.status_code == 200
    assert all(f"Many{number} Teacher" in response.content.decode() for number in range(15))


def test_a_page_of_ects_reads_only_its_own_teachers_training_and_mentors(client, school):
    """The count is SQL's; only the page's 20 ECTs are read and made into cards, whatever page it is."""
    for number in range(45):
        ect(school, f"Teacher{number}", "Page", school_led=True)
    for page in ("", "?page=3"):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/school/home/ects{page}")
        assert response.status_code == 200
        periods = [q["sql"] for q in queries.captured_queries if 'FROM "participants_ectatschoolperiod"' in q["sql"]]
        prefetches = [
            q["sql"]
            for q in queries.captured_queries
            if re.search(r'FROM "participants_(trainingperiod|mentorshipperiod)"', q["sql"])
        ]
        assert [sql.startswith("SELECT COUNT(*)") for sql in periods] == [True, False]
        assert periods[1].endswith("LIMIT 20" if page == "" else "LIMIT 5 OFFSET 40")
        assert [len(re.search(r"IN \(([^)]*)\)", sql).group(1).split(",")) for sql in prefetches] == [
            20 if page == "" else 5
        ] * 2


def test_an_ect_page_shows_training_as_the_lead_provider_reported_it(client, school):
    provider = LeadProviderFactory(name="Teach First")
    training = ect(school, "Ada", "Lovelace", lead_provider=provider)
    page = client.get(f"/school/ects/{training.ect_at_school_period.pk}").content.decode()
    assert "Awaiting confirmation by Teach First" in page
    assert "Yet to be reported by the lead provider" in page


def test_another_schools_ect_is_not_found(client):
    other = ect(SchoolFactory(), "Other", "School", school_led=True)
    assert client.get(f"/school/ects/{other.ect_at_school_period.pk}").status_code == 404
    assert client.get(f"/school/ects/{other.ect_at_school_period.pk}/name/edit").status_code == 404
