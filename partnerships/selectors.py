"""Reads of lead providers' organisations, partnerships and schools; every one takes the requesting lead provider
or the cohort it is about. School attributes derived per cohort are ORM expressions, so a page of 3000 schools is
still one query and the same rule serves the API list, the show and the partnership service."""

import datetime as dt

from django.db.models import (
    BooleanField,
    Case,
    Exists,
    ExpressionWrapper,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest

from config import clock
from participants.models import TrainingPeriod
from schools.models import School, eligible_for_funding_q
from schools.rules import contract_period_days

from .models import Cohort, DeliveryPartner, LeadProvider, LeadProviderDeliveryPartnership, Partnership


def delivery_partner_pairings(*, lead_provider: LeadProvider) -> QuerySet[LeadProviderDeliveryPartnership]:
    return LeadProviderDeliveryPartnership.objects.filter(contract__lead_provider=lead_provider)


def delivery_partners_for(
    *, lead_provider: LeadProvider, cohorts: list[int] | None = None
) -> QuerySet[DeliveryPartner]:
    """Delivery partners paired with the lead provider in any cohort (or in any of `cohorts`)."""
    pairings = delivery_partner_pairings(lead_provider=lead_provider).filter(delivery_partner=OuterRef("pk"))
    if cohorts is not None:
        pairings = pairings.filter(contract__cohort__start_year__in=cohorts)
    return DeliveryPartner.objects.filter(Exists(pairings))


def lead_provider_partnerships(*, lead_provider: LeadProvider) -> QuerySet[Partnership]:
    """The lead provider's partnerships (any cohort, any delivery partner)."""
    return Partnership.objects.filter(delivery_partnership__contract__lead_provider=lead_provider)


# -- schools as lead providers see them in a cohort ------------------------------------------------------------


def _cohort_days(cohort: Cohort) -> tuple[dt.date, dt.date]:
    return contract_period_days(cohort.start_year)


def _training_periods():
    return TrainingPeriod.objects.all()


def _partnerships_in(cohort: Cohort) -> QuerySet[Partnership]:
    return Partnership.objects.filter(school=OuterRef("pk"), delivery_partnership__contract__cohort=cohort)


def in_partnership_expression(cohort: Cohort) -> Exists:
    """Any lead provider has a partnership with the school in the cohort."""
    return Exists(_partnerships_in(cohort))


def induction_programme_choice_expression(cohort: Cohort) -> Case:
    """`provider_led` if anyone at the school trains provider-led in the cohort; else `school_led` if an ECT
    trains school-led starting in the cohort's year; else `not_yet_known` (docs/partnerships.md, "Schools")."""
    first_day, last_day = _cohort_days(cohort)
    provider_led = _training_periods().filter(
        school=OuterRef("pk"), training_programme="provider_led", schedule__cohort=cohort
    )
    school_led = _training_periods().filter(
        school=OuterRef("pk"), training_programme="school_led", started_on__range=(first_day, last_day)
    )
    return Case(
        When(Exists(provider_led), then=Value("provider_led")),
        When(Exists(school_led), then=Value("school_led")),
        default=Value("not_yet_known"),
    )


def expression_of_interest_expression(*, lead_provider: LeadProvider, cohort: Cohort) -> ExpressionWrapper:
    """The provider has a partnership with the school in the cohort, or a current participant at the school chose
    it (docs/partnerships.md, "Schools": stays true once partnered; turns false when all such participants have
    left)."""
    today = clock.today()
    interested = _training_periods().filter(
        Q(finished_on__isnull=True) | Q(finished_on__gte=today),
        school=OuterRef("pk"),
        expression_of_interest__lead_provider=lead_provider,
        expression_of_interest__cohort=cohort,
    )
    partnered = _partnerships_in(cohort).filter(delivery_partnership__contract__lead_provider=lead_provider)
    return ExpressionWrapper(Exists(partnered) | Exists(interested), output_field=BooleanField())


def school_updated_at_expression(cohort: Cohort) -> Greatest:
    """When anything a provider sees of the school in the cohort last changed."""
    latest_partnership = (
        _partnerships_in(cohort).values("school").annotate(latest=Max("api_updated_at")).values("latest")
    )
    latest_training = (
        _training_periods().filter(school=OuterRef("pk")).values("school").annotate(latest=Max("updated_at"))
    ).values("latest")
    return Greatest(
        "api_updated_at",
        Coalesce(Subquery(latest_partnership), "api_updated_at"),
        Coalesce(Subquery(latest_training), "api_updated_at"),
    )


def schools_for_cohort(*, cohort: Cohort | None) -> QuerySet[School]:
    """Schools eligible for funding, plus schools partnered in the cohort even if no longer eligible."""
    if cohort is None:
        # An unknown cohort lists nothing, but keeps the shape that sorting and filters use.
        return School.objects.none().annotate(cohort_updated_at=F("api_updated_at"))
    return School.objects.filter(eligible_for_funding_q() | Exists(_partnerships_in(cohort))).annotate(
        cohort_updated_at=school_updated_at_expression(cohort)
    )


def induction_programme_choice(*, school: School, cohort: Cohort) -> str:
    return (
        School.objects.filter(pk=school.pk)
        .annotate(choice=induction_programme_choice_expression(cohort))
        .values_list("choice", flat=True)
        .get()
    )


def partnerships_for(*, lead_provider: LeadProvider) -> QuerySet[Partnership]:
    """The provider's partnerships with `effective_updated_at`: the latest change to the partnership, its school
    (name, URN, induction tutor) or its delivery partner, so `filter[updated_since]` finds every change."""
    return lead_provider_partnerships(lead_provider=lead_provider).annotate(
        effective_updated_at=Greatest(
            "api_updated_at", "school__api_updated_at", "delivery_partnership__delivery_partner__api_updated_at"
        )
    )
