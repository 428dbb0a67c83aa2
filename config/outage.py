"""What the service answers while PostgreSQL cannot be reached (restarting, failed over, refusing connections): 503
with `Retry-After`, never a 500 (docs/security.md §4). The one place that says so, for both APIs (their exception
handlers answer with UNAVAILABLE_BODY) and for the school pages and the admin (a GOV.UK page)."""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse

from config.problem_pages import problem_page

logger = logging.getLogger(__name__)

DatabaseUnavailable = (OperationalError, InterfaceError)


class ServiceUnavailable(Exception):
    """A service outside this one (the Teacher Record Service) did not answer after its client's retries: the page
    or API answers 503 with `message`, never a 500 (docs/security.md §4). Pages that can say it inline catch it
    themselves."""

    message = "A service this one depends on is not answering at the moment. Try again later."


UNAVAILABLE_BODY = {"error": "Service unavailable"}
RETRY_AFTER_SECONDS = 5
RETRY_AFTER = {"Retry-After": str(RETRY_AFTER_SECONDS)}


def unavailable_response(request, reason: str = "Try again later.") -> HttpResponse:
    """The API's JSON body under /api/, the GOV.UK "Sorry, there is a problem with the service" page elsewhere."""
    logger.warning("Unavailable: %s (%s)", request.path, reason, exc_info=True)
    if request.path.startswith("/api/"):
        return JsonResponse(UNAVAILABLE_BODY, status=503, headers=RETRY_AFTER)
    return problem_page(
        request,
        status=503,
        title="Sorry, there is a problem with the service",
        paragraphs=[reason],
        headers=RETRY_AFTER,
    )


def unavailable_response_for_current_exception(request) -> HttpResponse | None:
    """For the server-error handler: the 503 answer when the exception being handled is the database's."""
    exception = sys.exc_info()[1]
    if isinstance(exception, DatabaseUnavailable):
        return unavailable_response(request)
    if isinstance(exception, ServiceUnavailable):
        return unavailable_response(request, exception.message)
    return None


class DatabaseOutageMiddleware:
    """A view that finds the database, or a service this one calls, unavailable answers 503 (the server-error
    handler, config/urls.py, does the same for a failure in middleware, such as reading the session)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DatabaseUnavailable):
            return unavailable_response(request)
        if isinstance(exception, ServiceUnavailable):
            return unavailable_response(request, exception.message)
        return None
