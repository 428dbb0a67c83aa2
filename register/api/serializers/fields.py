import datetime as dt

from django.db import models
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


@extend_schema_field({"type": "string", "nullable": True})
class Constant(serializers.Field):
    """A key the published responses carry whose value Register never varies through this API."""

    def __init__(self, value, **kwargs):
        self.value = value
        super().__init__(read_only=True, source="*", **kwargs)

    def to_representation(self, _):
        return self.value


@extend_schema_field({"type": "boolean"})
class BooleanConstant(Constant):
    """A constant true/false key, documented as a boolean so responses conform to the OpenAPI document."""


def constant(value) -> Constant:
    return BooleanConstant(value) if isinstance(value, bool) else Constant(value)


@extend_schema_field({"type": "string", "nullable": True})
class ResponseCode(serializers.Field):
    """The code the API returns for a stored reference row (generic rows answer null)."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, entry):
        return entry.response_code


@extend_schema_field(OpenApiTypes.UUID)
class ReferenceUUID(serializers.Field):
    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, entry):
        return entry.uuid


@extend_schema_field({"type": "string", "format": "date-time", "example": "2024-01-18T08:02:41.420Z"})
class Timestamp(serializers.DateTimeField):
    """A moment as Register prints it (docs/register-api.md, "The trainee object"): UTC, milliseconds, "Z"
    (2024-01-18T08:02:41.420Z)."""

    def to_representation(self, value):
        if value is None:
            return None
        value = value.astimezone(dt.UTC)
        return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


class RegisterModelSerializer(serializers.ModelSerializer):
    serializer_field_mapping = serializers.ModelSerializer.serializer_field_mapping | {models.DateTimeField: Timestamp}
