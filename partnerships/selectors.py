"""Reads of lead providers' organisations; every one takes the requesting lead provider."""

from django.db.models import Exists, OuterRef, QuerySet

from .models import DeliveryPartner, LeadProvider, LeadProviderDeliveryPartnership


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
