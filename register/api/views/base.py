from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api.parsers import API_PARSERS
from config.api.throttling import TokenRateThrottle
from register import selectors, services
from register.errors import MissingData, NotFound
from register.models import Trainee

from ..authentication import IsTrainingProvider, TrainingProviderTokenAuthentication
from ..errors import register_exception_handler
from ..schema import UNAUTHORIZED

API_VERSION = "v1.0-pre"


class RegisterAPIView(APIView):
    """Authentication, JSON in and out, and the Register error bodies, whatever the project defaults are."""

    authentication_classes = [TrainingProviderTokenAuthentication]
    permission_classes = [IsTrainingProvider]
    renderer_classes = [JSONRenderer]
    parser_classes = API_PARSERS
    # 1000 requests per 5 minutes per token, as on the lead provider API (docs/security.md §4).
    throttle_classes = [TokenRateThrottle]

    def get_exception_handler(self):
        return register_exception_handler

    def receive_due_trns(self) -> None:
        """Outside production, the stand-in teacher record service answers the TRN requests that are due before the
        provider's trainees are read or changed (docs/register-api.md "TRNs in the sandbox"): the answers depend on the
        request's own time (X-With-Server-Date), so they come with a request, once."""
        if not getattr(self, "_trns_received", False):
            services.trainees_receive_due_stand_in_trns(training_provider=self.provider)
            self._trns_received = True

    def trainee(self, trainee_id: str) -> Trainee:
        """One of the provider's trainees (drafts included), as it stands after any TRN due to it."""
        self.receive_due_trns()
        return selectors.trainee_get(training_provider=self.provider, trainee_id=trainee_id)

    @property
    def provider(self):
        return self.request.user

    def body_data(self) -> dict:
        """The request's `data` object; a body without one cannot be processed."""
        body = self.request.data
        data = body.get("data") if isinstance(body, dict) else None
        if not isinstance(data, dict) or not data:
            raise MissingData()
        return data


INFO_EXAMPLE = {"status": "ok", "version": {"requested": API_VERSION, "latest": API_VERSION}}


class InfoView(RegisterAPIView):
    """Whether the API is up, and which version answered."""

    @extend_schema(
        summary="Information about the API",
        description=(
            "Answers `status: ok` when the API is working for your token, with `version.requested` (the version in "
            "the path you called) and `version.latest` (the newest version this service offers)."
        ),
        responses={
            200: OpenApiResponse(
                inline_serializer(
                    "Info",
                    {
                        "status": serializers.CharField(help_text="`ok` when the API is working"),
                        "version": inline_serializer(
                            "InfoVersion",
                            {
                                "requested": serializers.CharField(help_text="The version in the path called"),
                                "latest": serializers.CharField(help_text="The newest version offered"),
                            },
                        ),
                    },
                ),
                description="The API is working",
                examples=[OpenApiExample("Info", value=INFO_EXAMPLE)],
            ),
            401: UNAUTHORIZED,
        },
    )
    def get(self, request):
        return Response(INFO_EXAMPLE)


class NotFoundView(RegisterAPIView):
    """Any other path under the API is a 404 for every method and every caller: there is nothing there to
    protect (docs/api-paths.md)."""

    schema = None
    authentication_classes = []
    permission_classes = []

    def dispatch_any(self, request, *args, **kwargs):
        raise NotFound("Not found")

    get = post = put = patch = delete = options = dispatch_any
