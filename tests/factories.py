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
