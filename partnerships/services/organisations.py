"""Every change to lead providers, delivery partners and their tokens goes through these functions."""

from django.db import transaction

from config.tokens import api_token_issue
from partnerships.models import (
    Cohort,
    DeliveryPartner,
    LeadProvider,
    LeadProviderAPIToken,
    LeadProviderContract,
    LeadProviderDeliveryPartnership,
)


def api_token_create(*, lead_provider: LeadProvider, description: str = "") -> tuple[LeadProviderAPIToken, str]:
    """Issue a new token for a lead provider; the raw value is returned once and never stored."""
    return api_token_issue(token_model=LeadProviderAPIToken, owner=lead_provider, description=description)


@transaction.atomic
def lead_provider_contract_ensure(*, lead_provider: LeadProvider, cohort: Cohort) -> LeadProviderContract:
    """DfE contracts a lead provider for a cohort (idempotent)."""
    contract, _ = LeadProviderContract.objects.get_or_create(lead_provider=lead_provider, cohort=cohort)
    return contract


@transaction.atomic
def delivery_partner_pair(
    *, lead_provider: LeadProvider, delivery_partner: DeliveryPartner, cohort: Cohort
) -> LeadProviderDeliveryPartnership:
    """A delivery partner starts working with a lead provider in a cohort (idempotent).

    The delivery partner's API `updated_at` moves because its `cohort` list changes.
    """
    contract = lead_provider_contract_ensure(lead_provider=lead_provider, cohort=cohort)
    pairing, created = LeadProviderDeliveryPartnership.objects.get_or_create(
        contract=contract, delivery_partner=delivery_partner
    )
    if created:
        DeliveryPartner.objects.filter(pk=delivery_partner.pk).touch_api_timestamps()
    return pairing
