from django.db import transaction

from config import clock
from config.api.authentication import generate_token, hash_token
from register.models import TrainingProvider, TrainingProviderAPIToken


@transaction.atomic
def api_token_create(
    *, training_provider: TrainingProvider, description: str = ""
) -> tuple[TrainingProviderAPIToken, str]:
    """Issue a new token for a training provider; the raw value is returned once and never stored."""
    raw = generate_token()
    token = TrainingProviderAPIToken.objects.create(
        training_provider=training_provider, hashed_token=hash_token(raw), description=description
    )
    return token, raw


@transaction.atomic
def api_token_revoke(*, token: TrainingProviderAPIToken) -> TrainingProviderAPIToken:
    """A revoked token stops working at once; the row stays for the audit trail."""
    if token.revoked_at is None:
        token.revoked_at = clock.now()
        token.save(update_fields=["revoked_at"])
    return token
