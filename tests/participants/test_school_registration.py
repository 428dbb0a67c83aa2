import datetime as dt
import threading

import pytest
from django.db import connection

from config import clock
from config.errors import DomainValidationError
from config.models import AuthorType, Event
from participants.models import ECTAtSchoolPeriod, Teacher, TrainingPeriod
from participants.services import registration
from participants.services.registration import ect_register
from participants.trs import TRSTeacher
from partnerships.models import Cohort, Partnership
from schools.models import SchoolProgrammeChoices
from tests.factories import (
    DeliveryPartnerFactory,
    LeadProviderFactory,
    SchoolFactory,
    TeacherFactory,
    ect_training,
    partnership,
    schedule,
)
from tests.jobs import run_queued_jobs
from webhooks.models import EventType, WebhookDelivery
from webhooks.services import endpoint_create

from .conftest import refused
from .factories import SCHOOL_USER, AppropriateBodyFactory, FakeTeacherRecordFactory

D = dt.date


@pytest.fixture
def register(home_school, trs_record, tsh, active_lead_provider, frozen_today, django_capture_on_commit_callbacks):
    def run(**overrides):
        answers = {
            "school": home_school,
            "trn": trs_record.trn,
            "email": "ada@example.com",
            "started_on": D(2025, 9, 1),
            "working_pattern": "part_time",
            "appropriate_body": tsh,
            "training_programme": "provider_led",
            "lead_provider": active_lead_provider,
            **SCHOOL_USER,
            **overrides,
        }
        with django_capture_on_commit_callbacks(execute=True):
            return ect_register(**answers)

    return run


def test_provider_led_registration_without_a_partnership_expresses_interest(
    register, home_school, tsh, active_lead_provider, mailoutbox
):
    period = register()
    teacher = period.teacher
    assert (teacher.trn, teacher.trs_first_name, teacher.trs_last_name) == ("2345678", "Ada", "Lovelace")
    assert (period.school, period.started_on, period.finished_on) == (home_school, D(2025, 9, 1), None)
    assert (period.email, period.working_pattern, period.appropriate_body) == ("ada@example.com", "part_time", tsh)
    training = period.training_periods.get()
    assert training.training_programme == "provider_led"
    assert training.started_on == D(2025, 10, 1)  # the later of the start date and today
    assert training.partnership is None
    assert training.expression_of_interest.lead_provider == active_lead_provider
    assert training.expression_of_interest.cohort.start_year == 2025
    assert training.schedule == schedule(2025, "ecf-standard-september")
    assert teacher.ect_first_became_eligible_for_funding_at is not None
    choices = SchoolProgrammeChoices.objects.get(school=home_school)
    assert (choices.appropriate_body, choices.training_programme, choices.lead_provider) == (
        tsh,
        "provider_led",
        active_lead_provider,
    )
    event = Event.objects.get(event_type="teacher_registered_as_ect")
    assert (event.author_type, event.author_name) == (AuthorType.SCHOOL_USER, SCHOOL_USER["author_name"])
    assert event.subject == period
    run_queued_jobs()
    (email,) = mailoutbox
    assert email.to == ["ada@example.com"]
    assert email.subject == "You have been registered for early career teacher training"
    assert "Ambition Institute" in email.body


def test_provider_led_registration_uses_the_schools_partnership_in_the_cohort(
    register, home_school, active_lead_provider
):
    theirs = partnership(home_school, active_lead_provider, active_lead_provider.delivery_partner, 2025)
    training = register().training_periods.get()
    assert training.partnership == theirs
    assert training.expression_of_interest == theirs.delivery_partnership.contract


def test_an_earlier_cohorts_partnership_is_rolled_over_when_the_pairing_still_exists(
    register, home_school, active_lead_provider
):
    earlier = partnership(home_school, active_lead_provider, active_lead_provider.delivery_partner, 2024)
    training = register().training_periods.get()
    rolled = training.partnership
    assert rolled != earlier and rolled.cohort.start_year == 2025
    assert rolled.delivery_partnership.delivery_partner == active_lead_provider.delivery_partner
    event = Event.objects.get(event_type="school_partnership_reused")
    assert event.author_name == SCHOOL_USER["author_name"]


def test_without_the_pairing_in_the_new_cohort_the_registration_is_an_expression_of_interest(
    register, home_school, active_lead_provider
):
    gone = DeliveryPartnerFactory(name="Gone Partners")
    partnership(home_school, active_lead_provider, gone, 2024)  # paired in 2024 only
    training = register().training_periods.get()
    assert training.partnership is None and training.expression_of_interest.cohort.start_year == 2025
    assert Partnership.objects.filter(school=home_school).count() == 1


def test_school_led_registration_has_no_provider_links_and_its_own_email(register, home_school, mailoutbox):
    training = register(training_programme="school_led", lead_provider=None).training_periods.get()
    assert training.training_programme == "school_led"
    assert (training.partnership, training.expression_of_interest, training.schedule) == (None, None, None)
    assert SchoolProgrammeChoices.objects.get(school=home_school).lead_provider is None
    run_queued_jobs()
    assert mailoutbox[0].subject == "You have been registered as an early career teacher"


def test_a_corrected_name_is_kept_beside_the_trs_name(register):
    teacher = register(corrected_name="Ada King").teacher
    assert (teacher.corrected_name, teacher.trs_first_name) == ("Ada King", "Ada")
    assert Event.objects.filter(event_type="teacher_name_updated_by_user", author_name=SCHOOL_USER["author_name"])


def test_a_repeated_confirmation_creates_nothing_more(register, mailoutbox):
    first = register()
    again = register()
    assert again == first
    assert Teacher.objects.count() == 1 and ECTAtSchoolPeriod.objects.count() == 1
    run_queued_jobs()
    assert TrainingPeriod.objects.count() == 1 and len(mailoutbox) == 1


def test_another_registration_of_an_ect_already_at_the_school_is_refused(register):
    register()
    refused(
        lambda: register(author_name="Another Tutor (another@school.example)"),
        "Ada Lovelace is already registered as an ECT at your school",
    )
    refused(lambda: register(started_on=D(2025, 9, 2)), "Ada Lovelace is already registered as an ECT at your school")


def test_moving_from_another_school_finishes_the_previous_period_the_day_before(
    register, trs_record, active_lead_provider
):
    previous_school = SchoolFactory(name="Elm Academy")
    teacher = TeacherFactory(trn=trs_record.trn)
    old = ect_training(previous_school, year=2025, teacher=teacher, lead_provider=active_lead_provider)
    period = register(started_on=D(2025, 10, 20))
    old.refresh_from_db()
    old.ect_at_school_period.refresh_from_db()
    assert old.finished_on == old.ect_at_school_period.finished_on == D(2025, 10, 19)
    assert period.teacher == teacher
    # The earlier provider-led cohort and schedule are kept.
    assert period.training_periods.get().schedule == old.schedule


def test_the_start_date_must_be_after_the_start_at_the_school_they_are_still_at(register, trs_record):
    teacher = TeacherFactory(trn=trs_record.trn, trs_first_name="Ada", trs_last_name="Lovelace")
    ect_training(SchoolFactory(name="Elm Academy"), year=2025, teacher=teacher, school_led=True)
    refused(
        lambda: register(started_on=D(2025, 9, 1)),
        "Our records show that Ada Lovelace started teaching at Elm Academy on 1 September 2025. "
        "Enter a start date after 1 September 2025.",
    )


def test_an_ect_from_a_payments_frozen_cohort_moves_to_2024_on_an_extended_schedule(register, trs_record):
    teacher = TeacherFactory(trn=trs_record.trn)
    old = ect_training(SchoolFactory(), year=2022, teacher=teacher, lead_provider=LeadProviderFactory())
    old.finished_on = D(2023, 7, 31)
    old.save()
    old.ect_at_school_period.finished_on = D(2023, 7, 31)
    old.ect_at_school_period.save()
    training = register().training_periods.get()
    assert training.schedule == schedule(2024, "ecf-extended-september")
    assert training.expression_of_interest.cohort.start_year == 2024
    assert training.started_on == D(2025, 9, 1)  # the later of the school start and the 2024 period's start
    teacher.refresh_from_db()
    assert teacher.ect_cohort_changed_after_payments_frozen


@pytest.mark.parametrize(
    ("started_on", "identifier"),
    [(D(2025, 11, 3), "ecf-standard-january"), (D(2026, 1, 31), "ecf-standard-january")],
)
def test_the_schedule_month_follows_the_training_start(register, started_on, identifier):
    assert register(started_on=started_on).training_periods.get().schedule.identifier == identifier


@pytest.mark.parametrize(
    ("trait", "message"),
    [
        ({"passed": True}, "Ada Lovelace has completed their induction"),
        ({"exempt": True}, "Ada Lovelace is exempt from completing their induction"),
        ({"failed": True}, "Ada Lovelace has failed their induction"),
        ({"prohibited": True}, "Ada Lovelace cannot be registered: our records show they are prohibited from teaching"),
    ],
)
def test_trs_dead_ends_are_refused(register, trait, message, db):
    FakeTeacherRecordFactory(trn="3456789", first_name="Ada", last_name="Lovelace", **trait)
    refused(lambda: register(trn="3456789"), message)
    record = FakeTeacherRecordFactory.build(first_name="Ada", last_name="Lovelace", **trait)
    as_trs = TRSTeacher(
        trn="3456789",
        first_name="Ada",
        last_name="Lovelace",
        date_of_birth=None,
        induction_status=record.induction_status,
        qts_awarded_on=None,
        prohibited_from_teaching=record.prohibited_from_teaching,
    )
    assert registration.registration_dead_end(teacher=as_trs) == message


def test_unknown_trn_is_refused(register):
    refused(lambda: register(trn="1111111"), "No teacher with this TRN was found in the Teacher Record Service")


def test_an_email_another_teacher_uses_is_refused(register, home_school):
    other = TeacherFactory()
    ECTAtSchoolPeriod.objects.create(
        teacher=other, school=home_school, started_on=D(2025, 9, 1), email="ada@example.com"
    )
    refused(lambda: register(email="ADA@example.com"), "This email address is already in use by another ECT or mentor")


@pytest.mark.parametrize(
    ("overrides", "attribute", "message"),
    [
        ({"email": "ada@"}, "email", "Enter an email address in the correct format, like name@example.com"),
        ({"working_pattern": ""}, "working_pattern", "Select if the ECT's working pattern is full or part time"),
        ({"training_programme": ""}, "training_programme", "Select either 'Provider-led' or 'School-led' training"),
        ({"lead_provider": None}, "lead_provider", "Select which lead provider will be training the ECT"),
        ({"corrected_name": "x" * 71}, "corrected_name", "Corrected name must be 70 characters or less"),
        (
            {"started_on": D(2023, 5, 31)},
            "started_on",
            "Start date cannot be this far in the past. Enter a date later than 1 June 2023.",
        ),
        (
            {"started_on": D(2026, 2, 2)},
            "started_on",
            "Start date must be before 2 February 2026. You cannot register the ECT this far in advance.",
        ),
    ],
)
def test_bad_answers_are_refused_with_their_messages(register, overrides, attribute, message):
    with pytest.raises(DomainValidationError) as error:
        register(**overrides)
    assert error.value.errors == [(attribute, message)]


def test_appropriate_body_must_suit_the_school(register):
    refused(lambda: register(appropriate_body=AppropriateBodyFactory(national=True)), "Must be teaching school hub")
    refused(lambda: register(appropriate_body=AppropriateBodyFactory(inactive=True)), "Must be active")


def test_independent_schools_may_choose_the_national_body(register, db):
    independent = SchoolFactory(independent=True, section_41_approved=True)
    istip = AppropriateBodyFactory(national=True)
    assert register(school=independent, appropriate_body=istip).appropriate_body == istip
    refused(
        lambda: register(
            school=SchoolFactory(independent=True),
            trn="2345678",
            appropriate_body=AppropriateBodyFactory(local_authority=True),
        ),
        "Must be national or teaching school hub",
    )


def test_a_start_date_in_a_contract_period_not_yet_open_cannot_be_registered_yet(register, frozen_today):
    Cohort.objects.filter(start_year=2026).update(enabled=False)
    token = clock.travel_to(dt.datetime(2026, 3, 1, 10, tzinfo=dt.UTC))
    try:
        refused(lambda: register(started_on=D(2026, 6, 10)), "You cannot register an ECT starting on this date yet")
    finally:
        clock.reset(token)


@pytest.mark.django_db(transaction=True)
def test_two_tutors_registering_one_trn_at_once_make_one_registration(
    reference_data, home_school, trs_record, tsh, active_lead_provider, frozen_today
):
    outcomes = []
    barrier = threading.Barrier(2)

    def tutor(name):
        try:
            barrier.wait()
            ect_register(
                school=home_school,
                trn=trs_record.trn,
                email="ada@example.com",
                started_on=D(2025, 9, 1),
                working_pattern="full_time",
                appropriate_body=tsh,
                training_programme="provider_led",
                lead_provider=active_lead_provider,
                author_type=AuthorType.SCHOOL_USER,
                author_name=name,
            )
            outcomes.append("registered")
        except DomainValidationError as error:
            outcomes.append(error.errors[0][1])
        finally:
            connection.close()

    def in_thread(name):
        token = clock.travel_to(dt.datetime(2025, 10, 1, 10, tzinfo=dt.UTC))
        try:
            tutor(name)
        finally:
            clock.reset(token)

    threads = [threading.Thread(target=in_thread, args=(name,)) for name in ("Tutor One", "Tutor Two")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["Ada Lovelace is already registered as an ECT at your school", "registered"]
    assert ECTAtSchoolPeriod.objects.count() == 1 and Teacher.objects.count() == 1


def test_a_school_naming_a_provider_announces_its_expression_of_interest_to_it(
    register, home_school, active_lead_provider
):
    """docs/webhooks.md, "Events": `school.expression_of_interest`, naming the school, the cohort and the school's
    `updated_at` in it."""
    endpoint, _ = endpoint_create(
        lead_provider=active_lead_provider,
        url="https://lp.example/hooks",
        events=[EventType.SCHOOL_EXPRESSION_OF_INTEREST],
    )
    training = register().training_periods.get()
    delivery = WebhookDelivery.objects.get()
    assert (delivery.endpoint, delivery.event_type, delivery.resource_type) == (
        endpoint,
        EventType.SCHOOL_EXPRESSION_OF_INTEREST,
        "school",
    )
    assert (delivery.resource_id, delivery.cohort, delivery.resource_updated_at) == (
        home_school.api_id,
        2025,
        training.updated_at,
    )


def test_a_participant_moving_school_announces_the_transfer_to_its_providers(
    register, trs_record, active_lead_provider
):
    """The leaving side (the previous school's training ends with their time there) and the joining side (training
    at the new school after it) each tell their provider that a transfer appeared."""
    endpoint_create(
        lead_provider=active_lead_provider, url="https://lp.example/hooks", events=[EventType.TRANSFER_CREATED]
    )
    teacher = TeacherFactory(trn=trs_record.trn)
    ect_training(SchoolFactory(name="Elm Academy"), year=2025, teacher=teacher, lead_provider=active_lead_provider)
    register(started_on=D(2025, 10, 20))
    assert (
        list(WebhookDelivery.objects.values_list("event_type", "resource_type", "resource_id"))
        == [(EventType.TRANSFER_CREATED, "participant-transfer", teacher.api_id)] * 2
    )
