"""OpenAPI helpers for the Register API: shared error responses and the path filter."""

from drf_spectacular.utils import OpenApiExample, OpenApiResponse, inline_serializer
from rest_framework import serializers

_error = inline_serializer("RegisterError", {"error": serializers.CharField(), "message": serializers.CharField()})
_errors = inline_serializer("RegisterErrors", {"errors": _error.__class__(many=True)})

UNAUTHORIZED = OpenApiResponse(
    inline_serializer("RegisterUnauthorized", {"error": serializers.CharField()}),
    description="Unauthorized",
    examples=[OpenApiExample("Unauthorized", value={"error": "Unauthorized"}, status_codes=["401"])],
)
NOT_FOUND = OpenApiResponse(
    _errors,
    description="Not found",
    examples=[
        OpenApiExample(
            "Not found",
            value={"errors": [{"error": "NotFound", "message": "Trainee(s) not found"}]},
            status_codes=["404"],
        )
    ],
)
UNPROCESSABLE = OpenApiResponse(
    _errors,
    description="Unprocessable entity",
    examples=[
        OpenApiExample(
            "Blank field",
            value={"errors": [{"error": "UnprocessableEntity", "message": "First names can't be blank"}]},
            status_codes=["422"],
        )
    ],
)
CONFLICT = OpenApiResponse(
    inline_serializer(
        "RegisterConflict",
        {"errors": _error.__class__(many=True), "data": serializers.ListField(child=serializers.DictField())},
    ),
    description="Conflict: the existing records that the request duplicates are in `data`",
)
FILTER_INVALID = OpenApiResponse(
    inline_serializer(
        "RegisterFilterInvalid",
        {
            "message": serializers.CharField(),
            "errors": serializers.DictField(child=serializers.ListField(child=serializers.CharField())),
        },
    ),
    description="A query parameter is invalid",
    examples=[
        OpenApiExample(
            "Bad status",
            value={
                "message": "Validation failed: 1 error prohibited this request being run",
                "errors": {"status": ["busy is not a valid status"]},
            },
            status_codes=["422"],
        )
    ],
)


_wrapped: dict[str, serializers.Serializer] = {}


def data_of(name: str, serializer) -> serializers.Serializer:
    """`{"data": ...}` around a response; one component per name, however many endpoints share it."""
    if name not in _wrapped:
        _wrapped[name] = inline_serializer(f"{name}Response", {"data": serializer})
    return _wrapped[name]


def register_endpoints(endpoints, **kwargs):
    """Only the Register API v1.0-pre, without its own schema route."""
    return [e for e in endpoints if e[0].startswith("/api/v1.0-pre/") and "openapi" not in e[0]]
