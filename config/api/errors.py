"""The one exception handler that turns every error, the domain's included (config/errors.py), into the lead provider
API's published bodies (docs/decisions.md 6)."""

import logging
import math

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response

from config.errors import DomainValidationError
from config.outage import RETRY_AFTER, UNAVAILABLE_BODY
from config.outage import DatabaseUnavailable as DatabaseUnavailable

logger = logging.getLogger(__name__)

NOT_FOUND_BODY = {
    "errors": [{"title": "Resource not found", "detail": "Nothing could be found for the provided details"}]
}
UNAUTHORISED_BODY = {"error": "HTTP Token: Access denied"}
SERVER_ERROR_BODY = {"error": "Internal server error"}
BAD_DATA_STRUCTURE = "correct json data structure required. See API docs for reference"


def domain_error_body(error: DomainValidationError) -> dict:
    """A refused change as the 422 body: one entry per attribute, messages de-duplicated and joined in validation order
    (docs/lead-provider-api.md, "Error bodies")."""
    grouped: dict[str, list[str]] = {}
    for attribute, text in error.errors:
        messages = grouped.setdefault(attribute, [])
        if text not in messages:
            messages.append(text)
    return {"errors": [{"title": title, "detail": join_messages(texts)} for title, texts in grouped.items()]}


def join_messages(texts: list[str]) -> str:
    """One attribute's messages as one detail: joined with ", ", except that a message that
    already ends a sentence is followed by a space, never by ".," (docs/lead-provider-api.md, "Error bodies")."""
    joined = ""
    for text in texts:
        if joined:
            joined += " " if joined.endswith((".", "!", "?")) else ", "
        joined += text
    return joined


class BadRequest(exceptions.APIException):
    """A malformed request (paging, filters, body structure) → 400 with a title and a detail."""

    status_code = status.HTTP_400_BAD_REQUEST

    def __init__(self, detail: str, title: str = "Bad request"):
        self.title = title
        super().__init__(detail)


class RateLimited(exceptions.APIException):
    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_detail = "Retry later"


def retry_after(exc) -> dict:
    wait = getattr(exc, "wait", None)
    return {"Retry-After": str(max(1, math.ceil(wait))) if wait else "60"}


def service_unavailable() -> Response:
    """503 with Retry-After when PostgreSQL cannot be reached (docs/security.md §4): config/outage.py's answer, in
    the API's renderer."""
    logger.warning("Database unavailable", exc_info=True)
    return Response(UNAVAILABLE_BODY, status=503, headers=RETRY_AFTER)


def lead_provider_exception_handler(exc, context):
    """The lead provider API's error bodies; never a stack trace."""
    if isinstance(exc, DomainValidationError):
        return Response(domain_error_body(exc), status=422)
    if isinstance(exc, BadRequest):
        return Response({"errors": [{"title": exc.title, "detail": str(exc.detail)}]}, status=400)
    if isinstance(exc, exceptions.ParseError):
        return Response({"errors": [{"title": "Bad request", "detail": BAD_DATA_STRUCTURE}]}, status=400)
    if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        return Response(UNAUTHORISED_BODY, status=401, headers={"WWW-Authenticate": 'Bearer realm="Application"'})
    if isinstance(exc, Http404 | exceptions.NotFound):
        return Response(NOT_FOUND_BODY, status=404)
    if isinstance(exc, RateLimited | exceptions.Throttled):
        body = {"errors": [{"title": "Too many requests", "detail": "Retry later"}]}
        return Response(body, status=429, headers=retry_after(exc))
    if isinstance(exc, DatabaseUnavailable):
        return service_unavailable()
    if isinstance(exc, exceptions.MethodNotAllowed):
        return Response({"errors": [{"title": "Method not allowed", "detail": str(exc.detail)}]}, status=405)
    if isinstance(exc, exceptions.UnsupportedMediaType | exceptions.NotAcceptable):
        return Response({"errors": [{"title": "Bad request", "detail": str(exc.detail)}]}, status=exc.status_code)
    if isinstance(exc, PermissionDenied | exceptions.PermissionDenied):
        return Response(status=403)
    if isinstance(exc, exceptions.ValidationError):
        return Response({"errors": _flatten_validation(exc.detail)}, status=400)
    logger.exception("Unhandled API error", exc_info=exc)
    return Response(SERVER_ERROR_BODY, status=500)


def _flatten_validation(detail, prefix: str = "") -> list[dict]:
    if isinstance(detail, dict):
        out = []
        for key, value in detail.items():
            out.extend(_flatten_validation(value, key if not prefix else f"{prefix}.{key}"))
        return out
    if isinstance(detail, list):
        return [{"title": prefix or "Bad request", "detail": join_messages([str(item) for item in detail])}]
    return [{"title": prefix or "Bad request", "detail": str(detail)}]
