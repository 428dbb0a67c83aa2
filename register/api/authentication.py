from rest_framework.permissions import BasePermission

from config.api.authentication import HashedBearerTokenAuthentication
from register.models import TrainingProvider, TrainingProviderAPIToken


class TrainingProviderTokenAuthentication(HashedBearerTokenAuthentication):
    """A training provider's bearer token: request.user is the TrainingProvider, request.auth the token row."""

    token_model = TrainingProviderAPIToken
    owner_field = "training_provider"


class IsTrainingProvider(BasePermission):
    def has_permission(self, request, view) -> bool:
        return isinstance(request.user, TrainingProvider)
