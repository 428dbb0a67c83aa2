from config.api.authentication import HashedBearerTokenAuthentication
from partnerships.models import LeadProviderAPIToken


class LeadProviderTokenAuthentication(HashedBearerTokenAuthentication):
    """A lead provider's bearer token: request.user is the LeadProvider, request.auth the token row."""

    token_model = LeadProviderAPIToken
    owner_field = "lead_provider"
