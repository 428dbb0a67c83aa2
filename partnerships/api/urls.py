from rest_framework.routers import SimpleRouter

from partnerships.api.views import DeliveryPartnerViewSet


def register(router: SimpleRouter) -> None:
    router.register("delivery-partners", DeliveryPartnerViewSet, basename="delivery-partner")
