"""factory-boy factories for the lead provider domain (one per model, traits for states)."""

import factory

from partnerships import services as partnership_services
from partnerships.models import Cohort, DeliveryPartner, LeadProvider, LeadProviderContract
from schools.models import GiasStatus, School


def cohort(year: int) -> Cohort:
    """Cohorts are reference data loaded by migration; tests use the real rows."""
    return Cohort.objects.get(start_year=year)


class LeadProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LeadProvider

    name = factory.Sequence(lambda n: f"Lead Provider {n}")


class DeliveryPartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeliveryPartner

    name = factory.Sequence(lambda n: f"Delivery Partner {n}")


class LeadProviderContractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LeadProviderContract
        django_get_or_create = ("lead_provider", "cohort")

    lead_provider = factory.SubFactory(LeadProviderFactory)
    cohort = factory.LazyFunction(lambda: cohort(2024))


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    urn = factory.Sequence(lambda n: str(200000 + n))
    name = factory.Sequence(lambda n: f"School {n}")
    gias_status = GiasStatus.OPEN
    establishment_type_code = 1
    establishment_type_name = "Community school"
    administrative_district_code = "E09000001"
    induction_tutor_name = factory.Sequence(lambda n: f"Tutor {n}")
    induction_tutor_email = factory.Sequence(lambda n: f"tutor{n}@example.com")

    class Params:
        closed = factory.Trait(gias_status=GiasStatus.CLOSED)
        independent = factory.Trait(establishment_type_code=11, establishment_type_name="Other independent school")
        welsh = factory.Trait(administrative_district_code="W06000015", establishment_type_code=30)
        section_41 = factory.Trait(establishment_type_code=10, section_41_approved=True)


def pair(lead_provider: LeadProvider, delivery_partner: DeliveryPartner, *years: int):
    for year in years:
        partnership_services.delivery_partner_pair(
            lead_provider=lead_provider, delivery_partner=delivery_partner, cohort=cohort(year)
        )


class TeacherFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "participants.Teacher"

    trn = factory.Sequence(lambda n: f"{3000000 + n}")
    trs_first_name = factory.Sequence(lambda n: f"First{n}")
    trs_last_name = factory.Sequence(lambda n: f"Last{n}")


def mark_merged(retired, *, into) -> None:
    """Records `retired` as merged into `into` without moving its records (as a duplicate whose claims stayed
    behind): the participant id change first, as the database requires of any merge (docs/security.md §2)."""
    from participants.models import ParticipantIdChange, Teacher

    ParticipantIdChange.objects.create(teacher=into, from_participant_id=retired.api_id, to_participant_id=into.api_id)
    Teacher.objects.filter(pk=retired.pk).update(merged_into=into)
    retired.refresh_from_db()


def schedule(year: int, identifier: str = "ecf-standard-september"):
    from partnerships.models import Schedule

    return Schedule.objects.get(cohort__start_year=year, identifier=identifier)


def contract(lead_provider, year: int):
    return partnership_services.lead_provider_contract_ensure(lead_provider=lead_provider, cohort=cohort(year))


def partnership(school, lead_provider, delivery_partner, year: int):
    from partnerships.models import Partnership

    pairing = partnership_services.delivery_partner_pair(
        lead_provider=lead_provider, delivery_partner=delivery_partner, cohort=cohort(year)
    )
    return Partnership.objects.create(school=school, delivery_partnership=pairing)


def ect_training(
    school,
    *,
    year: int = 2025,
    started_on=None,
    lead_provider=None,
    partnership=None,
    teacher=None,
    school_led: bool = False,
):
    """An ECT at `school` with a training period: school-led, an expression of interest, or a partnership."""
    import datetime as dt

    from participants import services

    started_on = started_on or dt.date(year, 9, 1)
    teacher = teacher or TeacherFactory()
    at_school = services.ect_at_school_start(
        email="teacher@example.com", teacher=teacher, school=school, started_on=started_on
    )
    if school_led:
        return services.training_period_start(
            at_school_period=at_school, started_on=started_on, training_programme="school_led"
        )
    return services.training_period_start(
        at_school_period=at_school,
        started_on=started_on,
        partnership=partnership,
        expression_of_interest=contract(lead_provider, year) if lead_provider else None,
        schedule=schedule(year),
    )


def bulk_ects(partnership, count: int, *, year: int, first_trn: int = 4000000) -> list:
    """`count` ECTs trained through `partnership` on the cohort's standard September schedule, written in three bulk
    inserts (one at-school and one training period each, nested as the period rules require): for tests that need
    a list the size of a page of 3,000, or tables big enough for the planner to plan as on a live database."""
    import datetime as dt

    from participants.models import ECTAtSchoolPeriod, Teacher, TrainingPeriod

    teachers = Teacher.objects.bulk_create(
        Teacher(trn=str(first_trn + n), trs_first_name="Bulk", trs_last_name=str(n)) for n in range(count)
    )
    started_on = dt.date(year, 9, 1)
    at_school = ECTAtSchoolPeriod.objects.bulk_create(
        ECTAtSchoolPeriod(teacher=t, school=partnership.school, started_on=started_on, email=f"{t.trn}@example.com")
        for t in teachers
    )
    return TrainingPeriod.objects.bulk_create(
        TrainingPeriod(
            teacher=a.teacher,
            role="ect",
            school=partnership.school,
            ect_at_school_period=a,
            training_programme="provider_led",
            partnership=partnership,
            schedule=schedule(year),
            started_on=started_on,
        )
        for a in at_school
    )
