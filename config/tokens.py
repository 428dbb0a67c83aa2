"""Issuing and revoking API tokens, for every kind of API client (lead providers, training providers)."""

from django.db import models, transaction

from config import clock
from config.api.authentication import generate_token, hash_token
from config.models import HashedAPIToken


@transaction.atomic
def api_token_issue(
    *, token_model: type[HashedAPIToken], owner: models.Model, description: str = ""
) -> tuple[HashedAPIToken, str]:
    """A new token for the client; the raw value is returned once and never stored."""
    raw = generate_token()
    token = token_model.objects.create(
        **{token_model.owner_field: owner}, hashed_token=hash_token(raw), description=description
    )
    return token, raw


@transaction.atomic
def api_token_revoke(*, token: HashedAPIToken) -> HashedAPIToken:
    """A revoked token stops working at once; the row stays for the audit trail."""
    if token.revoked_at is None:
        token.revoked_at = clock.now()
        token.save(update_fields=["revoked_at"])
    return token
