from config.tokens import api_token_revoke

from .organisations import api_token_create, delivery_partner_pair, lead_provider_contract_ensure
from .partnerships import (
    partnership_add_by_dfe,
    partnership_change_delivery_partner,
    partnership_create,
    partnership_roll_over,
)

__all__ = [
    "api_token_create",
    "api_token_revoke",
    "delivery_partner_pair",
    "lead_provider_contract_ensure",
    "partnership_add_by_dfe",
    "partnership_change_delivery_partner",
    "partnership_create",
    "partnership_roll_over",
]
