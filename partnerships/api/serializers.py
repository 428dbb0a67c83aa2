"""Request bodies of the partnerships endpoints (shape only: the rules live in partnerships.services)."""

from rest_framework import serializers


class PartnershipCreateAttributes(serializers.Serializer):
    cohort = serializers.CharField(help_text="The cohort start year", required=False)
    school_id = serializers.UUIDField(required=False)
    delivery_partner_id = serializers.UUIDField(required=False)


class PartnershipUpdateAttributes(serializers.Serializer):
    delivery_partner_id = serializers.UUIDField(required=False)


def request_body(name: str, attributes: type[serializers.Serializer], type_name: str):
    """`{"data": {"type": ..., "attributes": {...}}}` for the OpenAPI document."""
    data = type(
        f"{name}Data",
        (serializers.Serializer,),
        {
            "type": serializers.CharField(default=type_name),
            "attributes": attributes(),
        },
    )
    return type(f"{name}Request", (serializers.Serializer,), {"data": data()})
