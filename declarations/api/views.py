from django.db.models import BigIntegerField, QuerySet
from django.http import Http404
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework.decorators import action

from config.api import schema
from config.api.views import json_response, parse_uuid
from config.db import BuiltOnce, Parameter
from declarations import rules, services
from declarations.api.resources import DeclarationResource
from declarations.api.serializers import DeclarationCreateAttributes
from declarations.filters import DeclarationFilterSet
from declarations.selectors import declarations_visible_to, own_declarations
from partnerships.api.base import LeadProviderViewSet
from partnerships.api.serializers import request_body

_single, _list = DeclarationResource.schema_serializers()


def _recorded_document() -> QuerySet:
    # Created (or replayed) by this provider, so it is among its own declarations.
    lead_provider, declaration = Parameter("lead_provider", BigIntegerField()), Parameter("pk", BigIntegerField())
    return DeclarationResource.documents(own_declarations(lead_provider=lead_provider).filter(pk=declaration))


# The document a POST answers with, the resource's own, built once per process (docs/lead-provider-api.md,
# "Declarations: the cost of a POST").
_RECORDED_DOCUMENT = BuiltOnce(_recorded_document)


@extend_schema_view(
    list=extend_schema(
        summary="List all participant declarations",
        tags=["Participant declarations"],
        responses={200: _list, 400: schema.BAD_REQUEST, 401: schema.UNAUTHORISED},
    ),
    retrieve=extend_schema(
        summary="Get single participant declaration",
        tags=["Participant declarations"],
        responses={200: _single, 401: schema.UNAUTHORISED, 404: schema.NOT_FOUND},
    ),
    create=extend_schema(
        summary="Declare a participant has reached a milestone",
        description="Idempotent: an exact copy of a request returns the same response body as the first time.",
        tags=["Participant declarations"],
        request=request_body("ParticipantDeclaration", DeclarationCreateAttributes, "participant-declaration"),
        examples=[
            OpenApiExample(
                "Already claimed",
                response_only=True,
                status_codes=["422"],
                value={"errors": [{"title": "base", "detail": rules.ALREADY_CLAIMED}]},
            )
        ],
        responses={
            200: _single,
            400: schema.BAD_REQUEST,
            401: schema.UNAUTHORISED,
            422: schema.UNPROCESSABLE,
        },
    ),
    void=extend_schema(
        summary="Void a declaration - it will not be soft-deleted",
        tags=["Participant declarations"],
        request=None,
        responses={200: _single, 401: schema.UNAUTHORISED, 404: schema.NOT_FOUND, 422: schema.UNPROCESSABLE},
    ),
)
class DeclarationViewSet(LeadProviderViewSet):
    """Participant declarations: the provider's own, and other providers' claims for participants it trains."""

    resource = DeclarationResource
    filterset_class = DeclarationFilterSet
    sortable = {}
    http_method_names = ["get", "post", "put", "head", "options"]

    def get_queryset(self):
        return declarations_visible_to(lead_provider=self.lead_provider)

    def create(self, request, *args, **kwargs):
        attributes = self.request_attributes()
        recorded = services.declaration_record(
            lead_provider=self.lead_provider,
            participant_id=attributes.get("participant_id"),
            course_identifier=attributes.get("course_identifier"),
            declaration_type=attributes.get("declaration_type"),
            declaration_date=attributes.get("declaration_date"),
            evidence_held=attributes.get("evidence_held"),
        )
        document = _RECORDED_DOCUMENT.first(lead_provider=self.lead_provider.pk, pk=recorded.pk)
        return json_response(self.resource.one(document["document"]))

    @action(detail=True, methods=["put"], url_path="void")
    def void(self, request, *args, **kwargs):
        # Only the provider's own declarations can be voided, even if others' are visible (docs/declarations.md,
        # "Voiding").
        declaration = own_declarations(lead_provider=self.lead_provider).filter(
            api_id=parse_uuid(kwargs[self.lookup_field])
        )
        declaration = declaration.first()
        if declaration is None:
            raise Http404
        services.declaration_void(declaration=declaration, author_name=self.lead_provider.name)
        return self.render_instance(declaration.api_id, queryset=own_declarations(lead_provider=self.lead_provider))
