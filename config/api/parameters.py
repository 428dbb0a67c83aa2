"""OpenAPI query parameters as drf-spectacular writes them, for the classes that own a parameter (the pagination
classes, the filter and sort backends) to describe it in `get_schema_operation_parameters`."""

from drf_spectacular.plumbing import build_array_type, build_basic_type, build_examples_list, build_parameter_type
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter


def query_parameter(
    name: str,
    *,
    openapi_type: OpenApiTypes = OpenApiTypes.STR,
    description: str | None = None,
    required: bool = False,
    default=None,
    enum: list | None = None,
    many: bool = False,
    examples: list[OpenApiExample] | None = None,
) -> dict:
    schema = build_basic_type(openapi_type)
    if many:
        schema = build_array_type(schema)
    return build_parameter_type(
        name=name,
        schema=schema,
        location=OpenApiParameter.QUERY,
        required=required,
        description=description,
        default=default,
        enum=enum,
        examples=build_examples_list(examples or []),
    )


def page_parameters(pagination, size_description: str) -> list[dict]:
    """The two paging parameters of a pagination class (its page and page-size names, default and maximum)."""
    return [
        query_parameter(
            pagination.page_query_param, openapi_type=OpenApiTypes.INT, description="Page number, from 1", default=1
        ),
        query_parameter(
            pagination.page_size_query_param,
            openapi_type=OpenApiTypes.INT,
            description=size_description,
            default=pagination.page_size,
        ),
    ]
