import datetime as dt

import pytest

from participants.models import MentorAtSchoolPeriod
from participants.school_pages import registration_selectors as selectors
from participants.services import ect_register
from partnerships.models import Cohort
from schools.models import SchoolProgrammeChoices
from tests.factories import (
    DeliveryPartnerFactory,
    LeadProviderFactory,
    SchoolFactory,
    TeacherFactory,
    contract,
    ect_training,
    partnership,
)

from .factories import SCHOOL_USER, AppropriateBodyFactory, FakeTeacherRecordFactory

D = dt.date


@pytest.fixture
def registered(home_school, trs_record, tsh, active_lead_provider, frozen_today):
    return ect_register(
        school=home_school,
        trn=trs_record.trn,
        email="ada@example.com",
        started_on=D(2025, 9, 1),
        working_pattern="full_time",
        appropriate_body=tsh,
        training_programme="provider_led",
        lead_provider=active_lead_provider,
        **SCHOOL_USER,
    )


def test_find_ect_branches(home_school, trs_record, frozen_today):
    find = selectors.find_ect
    assert find(school=home_school, trn="9999999", date_of_birth=D(1995, 6, 15)).branch == "trn_not_found"
    assert find(school=home_school, trn=trs_record.trn, date_of_birth=D(1995, 6, 16)).branch == "dob_mismatch"
    by_ni = find(
        school=home_school,
        trn=trs_record.trn,
        date_of_birth=D(1995, 6, 16),
        national_insurance_number=trs_record.national_insurance_number,
    )
    assert by_ni.branch == "found" and by_ni.teacher.first_name == "Ada"
    assert (
        find(
            school=home_school, trn=trs_record.trn, date_of_birth=D(1995, 6, 16), national_insurance_number="AB999999A"
        ).branch
        == "not_found"
    )
    for trait, branch in (
        ("passed", "induction_passed"),
        ("failed", "induction_failed"),
        ("exempt", "induction_exempt"),
        ("prohibited", "prohibited"),
    ):
        record = FakeTeacherRecordFactory(**{trait: True})
        result = find(school=home_school, trn=record.trn, date_of_birth=record.date_of_birth)
        assert result.branch == branch and result.message


def test_find_ect_already_active_at_school(registered, home_school, trs_record):
    result = selectors.find_ect(school=home_school, trn=trs_record.trn, date_of_birth=trs_record.date_of_birth)
    assert result.branch == "already_active_at_school"
    assert result.message == "Ada Lovelace is already registered as an ECT at your school"


def test_find_mentor_branches(registered, home_school, trs_record):
    assert (
        selectors.find_mentor(
            school=home_school,
            ect_at_school_period=registered,
            trn=trs_record.trn,
            date_of_birth=trs_record.date_of_birth,
        ).message
        == "A mentee cannot mentor themself"
    )
    prohibited = FakeTeacherRecordFactory(prohibited=True)
    assert (
        selectors.find_mentor(
            school=home_school,
            ect_at_school_period=registered,
            trn=prohibited.trn,
            date_of_birth=prohibited.date_of_birth,
        ).branch
        == "prohibited"
    )
    mentor = FakeTeacherRecordFactory(passed=True)  # mentors need no induction status
    args = {"school": home_school, "ect_at_school_period": registered, "trn": mentor.trn}
    assert selectors.find_mentor(**args, date_of_birth=mentor.date_of_birth).branch == "found"
    MentorAtSchoolPeriod.objects.create(
        email="mentor@school.example",
        teacher=TeacherFactory(trn=mentor.trn),
        school=home_school,
        started_on=D(2025, 9, 1),
    )
    assert selectors.find_mentor(**args, date_of_birth=mentor.date_of_birth).branch == "already_active_at_school"


def test_previous_choices_are_offered_only_when_reuse_is_possible(home_school, tsh, active_lead_provider, frozen_today):
    assert selectors.previous_choices(school=home_school, started_on=D(2025, 9, 1)) is None
    SchoolProgrammeChoices.objects.create(
        school=home_school, appropriate_body=tsh, training_programme="provider_led", lead_provider=active_lead_provider
    )
    home_school.refresh_from_db()
    reuse = selectors.previous_choices(school=home_school, started_on=D(2025, 9, 1))
    assert (reuse.appropriate_body, reuse.lead_provider, reuse.delivery_partner, reuse.rollover) == (
        tsh,
        active_lead_provider,
        None,
        False,
    )
    partnership(home_school, active_lead_provider, active_lead_provider.delivery_partner, 2024)
    reuse = selectors.previous_choices(school=home_school, started_on=D(2025, 9, 1))
    assert reuse.delivery_partner == active_lead_provider.delivery_partner and reuse.rollover
    tsh.active = False
    tsh.save()
    assert selectors.previous_choices(school=home_school, started_on=D(2025, 9, 1)) is None


def test_previous_choices_need_the_lead_provider_active_in_the_cohort(home_school, tsh, frozen_today):
    gone = LeadProviderFactory()
    contract(gone, 2024)
    SchoolProgrammeChoices.objects.create(
        school=home_school, appropriate_body=tsh, training_programme="provider_led", lead_provider=gone
    )
    home_school.refresh_from_db()
    assert selectors.previous_choices(school=home_school, started_on=D(2025, 9, 1)) is None


def test_school_led_previous_choices(home_school, tsh, frozen_today):
    SchoolProgrammeChoices.objects.create(school=home_school, appropriate_body=tsh, training_programme="school_led")
    home_school.refresh_from_db()
    reuse = selectors.previous_choices(school=home_school, started_on=D(2025, 9, 1))
    assert (reuse.training_programme, reuse.lead_provider) == ("school_led", None)


def test_appropriate_bodies_offered_depend_on_the_school_type(db):
    hub, istip = AppropriateBodyFactory(), AppropriateBodyFactory(national=True)
    AppropriateBodyFactory(local_authority=True)
    AppropriateBodyFactory(inactive=True)
    assert list(selectors.appropriate_bodies_for(school=SchoolFactory())) == [hub]
    assert set(selectors.appropriate_bodies_for(school=SchoolFactory(independent=True))) == {hub, istip}


def test_registration_cohort_and_lead_providers(home_school, active_lead_provider, frozen_today):
    assert selectors.registration_cohort_for(school=home_school, started_on=D(2024, 1, 1)).start_year == 2025
    assert selectors.registration_cohort_for(school=home_school, started_on=D(2025, 9, 1)).start_year == 2025
    assert selectors.registration_cohort_for(school=home_school, started_on=D(2026, 6, 2)).start_year == 2026
    Cohort.objects.filter(start_year=2026).update(enabled=False)
    assert selectors.registration_cohort_for(school=home_school, started_on=D(2026, 6, 2)).start_year == 2025
    only_2024 = LeadProviderFactory()
    contract(only_2024, 2024)
    offered = selectors.lead_providers_for_registration(school=home_school, started_on=D(2025, 9, 1))
    assert active_lead_provider in offered and only_2024 not in offered


def test_registration_cohort_keeps_an_earlier_provider_led_cohort(home_school, frozen_today):
    teacher = TeacherFactory(trn="1212121")
    ect_training(SchoolFactory(), year=2024, teacher=teacher, lead_provider=LeadProviderFactory())
    assert selectors.registration_cohort_for(
        school=home_school, started_on=D(2025, 9, 1), trn="1212121"
    ).start_year == (2024)


def test_mentors_eligible_exclude_the_ect_and_former_mentors(registered, home_school):
    current = MentorAtSchoolPeriod.objects.create(
        email="mentor@school.example", teacher=TeacherFactory(), school=home_school, started_on=D(2025, 9, 1)
    )
    MentorAtSchoolPeriod.objects.create(
        email="mentor@school.example",
        teacher=TeacherFactory(),
        school=home_school,
        started_on=D(2024, 9, 1),
        finished_on=D(2025, 7, 31),
    )
    MentorAtSchoolPeriod.objects.create(
        email="mentor@school.example", teacher=registered.teacher, school=home_school, started_on=D(2025, 9, 1)
    )
    MentorAtSchoolPeriod.objects.create(
        email="mentor@school.example", teacher=TeacherFactory(), school=SchoolFactory(), started_on=D(2025, 9, 1)
    )
    assert list(selectors.mentors_eligible_for(school=home_school, ect_at_school_period=registered)) == [current]


def test_mentor_registration_facts(registered, home_school, active_lead_provider):
    new = selectors.mentor_registration_facts(school=home_school, ect_at_school_period=registered, trn="4444444")
    assert new.ect_lead_provider == active_lead_provider and new.ect_lead_provider_available
    assert new.eligible_for_provider_led_training and not new.previously_a_mentor and new.mentoring_elsewhere == []
    elsewhere = SchoolFactory(name="Elm Academy")
    MentorAtSchoolPeriod.objects.create(
        email="mentor@school.example", teacher=TeacherFactory(trn="4444444"), school=elsewhere, started_on=D(2024, 9, 1)
    )
    facts = selectors.mentor_registration_facts(school=home_school, ect_at_school_period=registered, trn="4444444")
    assert facts.mentoring_elsewhere == ["Elm Academy"]


def test_previous_registration_plays_back_the_other_school(home_school, trs_record, active_lead_provider):
    teacher = TeacherFactory(trn=trs_record.trn)
    other = SchoolFactory(name="Elm Academy")
    partner = DeliveryPartnerFactory(name="South Partners")
    ect_training(other, year=2025, teacher=teacher, partnership=partnership(other, active_lead_provider, partner, 2025))
    played = selectors.previous_registration(school=home_school, trn=trs_record.trn)
    assert (played.school_name, played.lead_provider, played.delivery_partner, played.training_programme) == (
        "Elm Academy",
        "Ambition Institute",
        "South Partners",
        "Provider-led",
    )
    assert selectors.previous_registration(school=other, trn=trs_record.trn) is None


def test_lead_providers_and_appropriate_bodies_for_changes(registered, active_lead_provider, tsh):
    other = LeadProviderFactory(name="Best Practice Network")
    contract(other, 2025)
    assert list(selectors.lead_providers_for_change(at_school_period=registered)) == [other]
    assert tsh not in selectors.appropriate_bodies_for_change(ect_at_school_period=registered)


def test_list_selectors_use_a_fixed_number_of_queries(registered, home_school, django_assert_num_queries):
    for _ in range(5):
        MentorAtSchoolPeriod.objects.create(
            email="mentor@school.example", teacher=TeacherFactory(), school=home_school, started_on=D(2025, 9, 1)
        )
        AppropriateBodyFactory()
    # one query each: the list with what it shows joined in
    with django_assert_num_queries(1):
        mentors = list(selectors.mentors_eligible_for(school=home_school, ect_at_school_period=registered))
        assert [mentor.teacher.full_name for mentor in mentors]
    assert len(mentors) == 5
    with django_assert_num_queries(1):
        assert len(list(selectors.appropriate_bodies_for(school=home_school))) == 6


def test_a_payments_frozen_ect_changes_to_a_2024_provider_and_a_mentor_stays_in_their_cohort(lead_provider):
    """docs/participants.md, "Payments-frozen cohorts": an ECT's frozen cohort continues in 2024; a mentor is never
    moved, so a mentor's new lead provider is one of their own cohort's."""
    from tests.declarations.factories import mentor

    only_2022, only_2024 = LeadProviderFactory(name="Only 2022"), LeadProviderFactory(name="Only 2024")
    contract(only_2022, 2022)
    contract(only_2024, 2024)
    school = SchoolFactory()
    ect = ect_training(
        school, year=2022, partnership=partnership(school, lead_provider, DeliveryPartnerFactory(), 2022)
    )
    mentoring = mentor(lead_provider, year=2022, school=school)
    assert Cohort.objects.get(start_year=2022).payments_frozen_at is not None
    assert list(selectors.lead_providers_for_change(at_school_period=ect.ect_at_school_period)) == [only_2024]
    offered = selectors.lead_providers_for_change(at_school_period=mentoring.mentor_at_school_period)
    assert list(offered) == [only_2022]
