from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api.parsers import API_PARSERS
from config.api.throttling import TokenRateThrottle
from register.errors import MissingData, NotFound

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


class InfoView(RegisterAPIView):
    @extend_schema(
        summary="Information about the API",
        responses={
            200: inline_serializer("Info", {"status": serializers.CharField(), "version": serializers.DictField()}),
            401: UNAUTHORIZED,
        },
    )
    def get(self, request):
        return Response({"status": "ok", "version": {"requested": API_VERSION, "latest": API_VERSION}})


class NotFoundView(RegisterAPIView):
    """Any other path under the API: authenticated callers get 404, others 401."""

    schema = None

    def dispatch_any(self, request, *args, **kwargs):
        raise NotFound("Not found")

    get = post = put = patch = delete = dispatch_any
