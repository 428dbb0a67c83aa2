"""The load balancer's two questions to each server (README "Running in production", docs/security.md §4).

- `/healthz`: is the process alive? Never touches the database, so a database outage does not make the balancer
  restart every server.
- `/readyz`: can it serve? The database answers and every migration in this release has been applied; otherwise
  503 with Retry-After, and the balancer sends requests elsewhere.

Answered by the first middleware, before host validation, the HTTPS redirect, sessions, sign-in and every limit:
balancers probe by address over plain HTTP and must never be counted or refused as a client.
"""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpResponseNotAllowed, JsonResponse

from config.outage import RETRY_AFTER, DatabaseUnavailable

PROBES = {"/healthz", "/readyz"}


def _healthz() -> JsonResponse:
    return JsonResponse({"status": "ok"})


def _unavailable(reason: str) -> JsonResponse:
    return JsonResponse({"status": "unavailable", "reason": reason}, status=503, headers=RETRY_AFTER)


def _readyz() -> JsonResponse:
    try:
        executor = MigrationExecutor(connection)
        unapplied = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseUnavailable:
        return _unavailable("database")
    if unapplied:
        return _unavailable("migrations")
    return _healthz()


class HealthCheckMiddleware:
    """First in MIDDLEWARE: answers the probes and passes every other request on."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path not in PROBES:
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        response = _healthz() if request.path == "/healthz" else _readyz()
        if request.method == "HEAD":
            response.content = b""
        return response
