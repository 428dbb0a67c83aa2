"""The documented shapes of the partnerships app's API resources (rendered by PostgreSQL, see config.api.resources)."""

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef, TextField
from django.db.models.functions import Cast
from rest_framework import serializers

from config.api.resources import Attr, IsoTimestamp, Resource
from partnerships.selectors import delivery_partner_pairings


def _cohorts_with_requesting_provider(context):
    pairings = (
        delivery_partner_pairings(lead_provider=context["lead_provider"])
        .filter(delivery_partner=OuterRef("pk"))
        .order_by("contract__cohort__start_year")
        .values_list(Cast("contract__cohort__start_year", TextField()))
    )
    return ArraySubquery(pairings)


class DeliveryPartnerResource(Resource):
    type = "delivery-partner"

    name = Attr(serializers.CharField(help_text="The name of the delivery partner you are working with"))
    cohort = Attr(
        serializers.ListField(
            child=serializers.CharField(),
            help_text="The cohorts for which you may report school partnerships with this delivery partner",
        ),
        build=_cohorts_with_requesting_provider,
    )
    created_at = Attr(serializers.DateTimeField(), IsoTimestamp("created_at"))
    updated_at = Attr(serializers.DateTimeField(), IsoTimestamp("api_updated_at"))
