"""The one exception handler of the Register API: domain errors → the bodies of docs/register-api.md, "Error bodies"
(docs/decisions.md 12)."""

import logging

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions
from rest_framework.response import Response

from config.api.errors import DatabaseUnavailable, retry_after, service_unavailable
from register.errors import Duplicate, FilterValidationError, NotFound, RegisterValidationError, StateTransitionError
from register.models import Degree, Placement, Trainee

logger = logging.getLogger(__name__)

UNAUTHORIZED_BODY = {"error": "Unauthorized"}
SERVER_ERROR_BODY = {"error": "Internal server error"}


MALFORMED_JSON = "The request body is not valid JSON"


def error_list(kind: str, messages: list[str]) -> dict:
    return {"errors": [{"error": kind, "message": message} for message in messages]}


def _serialize(records: list) -> list[dict]:
    from .serializers import DegreeSerializer, NestedPlacementSerializer, TraineeSerializer

    # The published placement 409 lists placements as a trainee nests them (with address, without school_id).
    serializers = {Trainee: TraineeSerializer, Placement: NestedPlacementSerializer, Degree: DegreeSerializer}
    return [serializers[type(record)](record).data for record in records]


def register_exception_handler(exc, context):
    """Never a stack trace: anything unexpected is logged and answered with a plain 500."""
    if isinstance(exc, RegisterValidationError):
        return Response(error_list("UnprocessableEntity", exc.messages), status=422)
    if isinstance(exc, StateTransitionError):
        return Response(error_list("StateTransitionError", [exc.message]), status=422)
    if isinstance(exc, FilterValidationError):
        count = sum(len(messages) for messages in exc.errors.values())
        noun = "error" if count == 1 else "errors"
        message = f"Validation failed: {count} {noun} prohibited this request being run"
        return Response({"message": message, "errors": exc.errors}, status=422)
    if isinstance(exc, Duplicate):
        body = error_list("Conflict", [exc.message]) | {"data": _serialize(exc.records)}
        return Response(body, status=409)
    if isinstance(exc, NotFound):
        return Response(error_list("NotFound", [exc.message]), status=404)
    if isinstance(exc, Http404 | exceptions.NotFound):
        return Response(error_list("NotFound", ["Not found"]), status=404)
    if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        return Response(UNAUTHORIZED_BODY, status=401, headers={"WWW-Authenticate": 'Bearer realm="Application"'})
    if isinstance(exc, exceptions.ParseError):
        # The published error shape, with one fixed message (docs/register-api.md, "Malformed JSON").
        return Response(error_list("BadRequest", [MALFORMED_JSON]), status=400)
    if isinstance(exc, exceptions.MethodNotAllowed):
        return Response(error_list("MethodNotAllowed", [str(exc.detail)]), status=405)
    if isinstance(exc, exceptions.UnsupportedMediaType | exceptions.NotAcceptable):
        return Response(error_list("BadRequest", [str(exc.detail)]), status=exc.status_code)
    if isinstance(exc, PermissionDenied | exceptions.PermissionDenied):
        return Response(UNAUTHORIZED_BODY, status=401)
    if isinstance(exc, exceptions.Throttled):
        return Response(error_list("TooManyRequests", ["Retry later"]), status=429, headers=retry_after(exc))
    if isinstance(exc, DatabaseUnavailable):
        return service_unavailable()
    if isinstance(exc, exceptions.ValidationError):
        return Response(error_list("UnprocessableEntity", _flatten(exc.detail)), status=422)
    logger.exception("Unhandled Register API error", exc_info=exc)
    return Response(SERVER_ERROR_BODY, status=500)


def _flatten(detail, prefix: str = "") -> list[str]:
    if isinstance(detail, dict):
        return [m for key, value in detail.items() for m in _flatten(value, f"{key} ")]
    if isinstance(detail, list):
        return [m for value in detail for m in _flatten(value, prefix)]
    return [f"{prefix}{detail}".strip()]
