"""Documented shapes of the partnerships app's resources, rendered by PostgreSQL (see config.api.resources)."""

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import F, OuterRef, TextField, Value
from django.db.models.functions import Cast
from rest_framework import serializers

from config.api.resources import Attr, IsoTimestamp, Resource
from partnerships.selectors import (
    delivery_partner_pairings,
    expression_of_interest_expression,
    in_partnership_expression,
    induction_programme_choice_expression,
)


def _cohorts_with_requesting_provider(context):
    pairings = (
        delivery_partner_pairings(lead_provider=context["lead_provider"])
        .filter(delivery_partner=OuterRef("pk"))
        .order_by("contract__cohort__start_year")
        .values_list(Cast("contract__cohort__start_year", TextField()))
    )
    return ArraySubquery(pairings)


STAMP = "2021-05-31T02:22:32.000Z"


class DeliveryPartnerResource(Resource):
    type = "delivery-partner"
    example = {
        "name": "Awesome Delivery Partner Ltd",
        "cohort": ["2021", "2022"],
        "created_at": STAMP,
        "updated_at": STAMP,
    }

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


class PartnershipResource(Resource):
    type = "partnership"
    example = {
        "cohort": 2024,
        "urn": "123456",
        "school_id": "24b61d1c-ad95-4000-aee0-afbdd542294a",
        "delivery_partner_id": "db2fbf67-b7b7-454f-a1b7-0020411e2314",
        "delivery_partner_name": "Delivery Partner Example",
        "induction_tutor_name": "John Doe",
        "induction_tutor_email": "john.doe@example.com",
        "updated_at": STAMP,
        "created_at": STAMP,
    }

    cohort = Attr(
        serializers.IntegerField(help_text="The cohort start year"),
        "delivery_partnership__contract__cohort__start_year",
    )
    urn = Attr(serializers.CharField(help_text="The school's URN"), "school__urn")
    school_id = Attr(serializers.UUIDField(help_text="The school's id"), "school__api_id")
    delivery_partner_id = Attr(serializers.UUIDField(), "delivery_partnership__delivery_partner__api_id")
    delivery_partner_name = Attr(serializers.CharField(), "delivery_partnership__delivery_partner__name")
    induction_tutor_name = Attr(serializers.CharField(allow_null=True), "school__induction_tutor_name")
    induction_tutor_email = Attr(serializers.EmailField(allow_null=True), "school__induction_tutor_email")
    updated_at = Attr(serializers.DateTimeField(), IsoTimestamp("effective_updated_at"))
    created_at = Attr(serializers.DateTimeField(), IsoTimestamp("created_at"))


class SchoolResource(Resource):
    """A school in the cohort named by `filter[cohort]`, as the requesting provider sees it."""

    type = "school"
    example = {
        "name": "School Example",
        "urn": "123456",
        "cohort": 2021,
        "in_partnership": True,
        "induction_programme_choice": "provider_led",
        "expression_of_interest": True,
        "created_at": STAMP,
        "updated_at": STAMP,
    }

    name = Attr(serializers.CharField())
    urn = Attr(serializers.CharField())
    cohort = Attr(serializers.IntegerField(), build=lambda context: Value(context["cohort"].start_year))
    in_partnership = Attr(
        serializers.BooleanField(help_text="Any lead provider has a partnership with the school in the cohort"),
        build=lambda context: in_partnership_expression(context["cohort"]),
    )
    induction_programme_choice = Attr(
        serializers.ChoiceField(choices=["provider_led", "school_led", "not_yet_known", "no_early_career_teachers"]),
        build=lambda context: induction_programme_choice_expression(context["cohort"]),
    )
    expression_of_interest = Attr(
        serializers.BooleanField(help_text="The school has registered participants with you, or you partner it"),
        build=lambda context: expression_of_interest_expression(
            lead_provider=context["lead_provider"], cohort=context["cohort"]
        ),
    )
    created_at = Attr(serializers.DateTimeField(), IsoTimestamp("created_at"))
    updated_at = Attr(serializers.DateTimeField(), IsoTimestamp(F("cohort_updated_at")))
