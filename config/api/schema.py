"""OpenAPI helpers: the query parameters and error responses every lead provider endpoint shares."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers

from config.api.errors import NOT_FOUND_BODY, UNAUTHORISED_BODY
from config.api.query import PAGING_ERROR

MEDIA_TYPE = "application/vnd.api+json"

_error_item = inline_serializer("ErrorItem", {"title": serializers.CharField(), "detail": serializers.CharField()})
ERRORS = inline_serializer("ErrorResponse", {"errors": _error_item.__class__(many=True)})

UNAUTHORISED = OpenApiResponse(
    inline_serializer("UnauthorisedResponse", {"error": serializers.CharField()}),
    description="Unauthorized",
    examples=[OpenApiExample("Unauthorised", value=UNAUTHORISED_BODY, status_codes=["401"], media_type=MEDIA_TYPE)],
)
NOT_FOUND = OpenApiResponse(
    ERRORS,
    description="Not found",
    examples=[OpenApiExample("Not found", value=NOT_FOUND_BODY, status_codes=["404"], media_type=MEDIA_TYPE)],
)
BAD_REQUEST = OpenApiResponse(
    ERRORS,
    description="Bad request",
    examples=[
        OpenApiExample(
            "Bad paging",
            value={"errors": [{"title": "Bad request", "detail": PAGING_ERROR}]},
            status_codes=["400"],
            media_type=MEDIA_TYPE,
        )
    ],
)
UNPROCESSABLE = OpenApiResponse(ERRORS, description="Unprocessable entity: one error per attribute")


def page_parameters() -> list[OpenApiParameter]:
    return [
        OpenApiParameter("page[page]", OpenApiTypes.INT, description="Page number, from 1", default=1),
        OpenApiParameter(
            "page[per_page]", OpenApiTypes.INT, description="Records per page (at most 3000)", default=100
        ),
    ]


def sort_parameter(fields: list[str]) -> OpenApiParameter:
    return OpenApiParameter(
        "sort",
        OpenApiTypes.STR,
        description="Comma-separated fields, each optionally prefixed with - (descending): " + ", ".join(fields),
        examples=[OpenApiExample("Newest changes first", value="-updated_at")],
    )


def filter_parameter(name: str, description: str, example: str, required: bool = False) -> OpenApiParameter:
    return OpenApiParameter(
        f"filter[{name}]",
        OpenApiTypes.STR,
        description=description,
        required=required,
        examples=[OpenApiExample(name, value=example)],
    )


UPDATED_SINCE = filter_parameter(
    "updated_since", "Only records changed at or after this RFC 3339 date-time", "2024-05-31T02:22:32Z"
)
COHORT_LIST = filter_parameter("cohort", "Comma-separated cohort start years", "2023,2024")


def read_endpoints(
    resource,
    *,
    tag: str,
    list_summary: str,
    show_summary: str,
    list_parameters: list[OpenApiParameter],
    show_parameters: list[OpenApiParameter] | None = None,
) -> dict:
    """`extend_schema_view` arguments for a resource's list and show endpoints, with the resource's example."""
    single, many = resource.schema_serializers()
    document = resource.example_document()
    return {
        "list": extend_schema(
            summary=list_summary,
            tags=[tag],
            parameters=list_parameters,
            responses={200: many, 400: BAD_REQUEST, 401: UNAUTHORISED},
            examples=[
                OpenApiExample(f"{tag} page", value={"data": [document]}, response_only=True, media_type=MEDIA_TYPE)
            ],
        ),
        "retrieve": extend_schema(
            summary=show_summary,
            tags=[tag],
            parameters=show_parameters or [],
            responses={200: single, 400: BAD_REQUEST, 401: UNAUTHORISED, 404: NOT_FOUND},
            examples=[
                OpenApiExample(
                    f"One {tag.lower()}", value={"data": document}, response_only=True, media_type=MEDIA_TYPE
                )
            ],
        ),
    }


def lead_provider_endpoints(endpoints, **kwargs):
    """Only the lead provider API v3; the older `/ecf` paths serve the same views (docs/lead-provider-api.md, "Paths"),
    so each is listed once."""
    return [e for e in endpoints if e[0].startswith("/api/v3/") and "/ecf" not in e[0] and "openapi" not in e[0]]


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "config.api.authentication.HashedBearerTokenAuthentication"
    match_subclasses = True
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer"}


def plain_json_examples(result, generator, request, public):
    """Plain-JSON responses (docs/api-paths.md, "Content types") are the JSON:API documents: same examples."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict):
                continue
            for response in operation.get("responses", {}).values():
                content = response.get("content", {})
                jsonapi, plain = content.get(MEDIA_TYPE), content.get("application/json")
                if jsonapi and plain and "examples" in jsonapi and "examples" not in plain:
                    plain["examples"] = jsonapi["examples"]
    return result
