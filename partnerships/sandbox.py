"""Sandbox lead providers (contracted 2021–2026), delivery partners paired with them, and fresh API tokens."""

from . import services
from .models import Cohort, DeliveryPartner, LeadProvider, LeadProviderAPIToken

LEAD_PROVIDERS = ["Ambition Institute", "Best Practice Network", "Education Development Trust", "Teach First"]
DELIVERY_PARTNERS = [
    "Northern Lights Teaching Alliance",
    "Pennine Teaching School Hub",
    "Solent Learning Partnership",
    "Thames Valley Teaching Hub",
    "Mercia Education Trust",
    "Cotswold Teaching Alliance",
    "Fenland Learning Partnership",
    "Tyne and Wear Teaching Hub",
    "Peak District Teaching School",
    "Wessex Teaching Alliance",
    "Chiltern Learning Partnership",
    "Humber Teaching Hub",
    "Kent Coast Teaching Alliance",
    "Lakes and Dales Partnership",
    "Severn Vale Teaching Hub",
    "Broadland Teaching Alliance",
]
SANDBOX_TOKEN_DESCRIPTION = "sandbox"


def seed() -> dict[str, dict[str, str]]:
    cohorts = list(Cohort.objects.filter(start_year__gte=2021))
    partners = [DeliveryPartner.objects.get_or_create(name=name)[0] for name in DELIVERY_PARTNERS]
    tokens = {}
    for index, name in enumerate(LEAD_PROVIDERS):
        lead_provider, _ = LeadProvider.objects.get_or_create(name=name)
        # Each provider works with six partners; neighbours share some, so a partner can serve two providers.
        mine = [partners[(index * 4 + offset) % len(partners)] for offset in range(6)]
        for cohort in cohorts:
            services.lead_provider_contract_ensure(lead_provider=lead_provider, cohort=cohort)
            for position, partner in enumerate(mine):
                # The last partner joins only from 2024, so cohort lists differ between partners.
                if position == len(mine) - 1 and cohort.start_year < 2024:
                    continue
                services.delivery_partner_pair(lead_provider=lead_provider, delivery_partner=partner, cohort=cohort)
        for old in LeadProviderAPIToken.objects.filter(
            lead_provider=lead_provider, description=SANDBOX_TOKEN_DESCRIPTION, revoked_at__isnull=True
        ):
            services.api_token_revoke(token=old)
        _, raw = services.api_token_create(lead_provider=lead_provider, description=SANDBOX_TOKEN_DESCRIPTION)
        tokens[name] = raw
    return {"lead_providers": tokens}
