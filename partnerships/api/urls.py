from config.api.routing import LeadProviderRouter
from partnerships.api.views import DeliveryPartnerViewSet, PartnershipViewSet, SchoolViewSet


def register(router: LeadProviderRouter) -> None:
    router.register("delivery-partners", DeliveryPartnerViewSet, basename="delivery-partner")
    router.register_with_ecf_alias("partnerships", PartnershipViewSet, basename="partnership")
    router.register_with_ecf_alias("schools", SchoolViewSet, basename="school")
