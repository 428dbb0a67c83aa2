from config.tokens import api_token_issue, api_token_revoke
from register.models import TrainingProvider, TrainingProviderAPIToken

__all__ = ["api_token_create", "api_token_revoke"]


def api_token_create(
    *, training_provider: TrainingProvider, description: str = ""
) -> tuple[TrainingProviderAPIToken, str]:
    """Issue a new token for a training provider; the raw value is returned once and never stored."""
    return api_token_issue(token_model=TrainingProviderAPIToken, owner=training_provider, description=description)
