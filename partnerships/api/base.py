from config.api.views import ResourceViewSet
from partnerships.api.authentication import LeadProviderTokenAuthentication


class LeadProviderViewSet(ResourceViewSet):
    """Base of every lead provider API v3 endpoint: its queries are scoped to `self.lead_provider`."""

    authentication_classes = [LeadProviderTokenAuthentication]

    @property
    def lead_provider(self):
        return self.request.user

    def get_render_context(self) -> dict:
        return {**super().get_render_context(), "lead_provider": self.lead_provider}
