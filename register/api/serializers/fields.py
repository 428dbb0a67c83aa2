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
