from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from simple_history.models import HistoricalRecords

from config import clock
from config.api.paths import is_register_api
from config.api.sanitise import is_clean_text
from config.datetimes import parse_iso8601
from config.events import recorded_as
from config.models import EventSource
from config.problem_pages import bad_request_page


def event_source(path: str) -> str:
    """Through what a request's events come (docs/support.md, "Teacher page")."""
    if path.startswith("/api/"):
        return EventSource.REGISTER_API if is_register_api(path) else EventSource.LEAD_PROVIDER_API
    if path.startswith("/school"):
        return EventSource.SCHOOL_PAGES
    if path.startswith("/admin/"):
        return EventSource.ADMIN
    return ""


class ServerDateMiddleware:
    """Sandbox time travel: `X-With-Server-Date` makes "now" that instant for one request, never in production."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        header = request.headers.get("X-With-Server-Date")
        moment = parse_iso8601(header) if header and settings.TIME_TRAVEL else None
        token = clock.travel_to(moment)
        try:
            return self.get_response(request)
        finally:
            clock.reset(token)


class EventSourceMiddleware:
    """Every event a request records names the face it came through: an API, the school pages or the admin."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with recorded_as(event_source(request.path)):
            return self.get_response(request)


class _StaffOnlyRequest:
    """What django-simple-history sees of a request: its user only when that is a staff account, since API
    clients (lead providers, training providers) are recorded as the authors of domain events instead."""

    def __init__(self, request):
        self._request = request

    @property
    def user(self):
        user = getattr(self._request, "user", None)
        return user if isinstance(user, AbstractBaseUser) else AnonymousUser()


class HistoryUserMiddleware:
    """Lets every history row record which staff user made the change (replaces simple_history's middleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        HistoricalRecords.context.request = _StaffOnlyRequest(request)
        try:
            return self.get_response(request)
        finally:
            del HistoricalRecords.context.request


class StaffSessionIdleMiddleware:
    """DfE staff sessions end after STAFF_SESSION_IDLE_SECONDS without a request, sooner than a school user's
    (docs/security.md); each request moves the expiry on."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # On the way out, after the view has read the session: nothing here reaches the database before the view
        # runs, so a database outage is answered by the view's 503 (config/outage.py), and a 5xx saves no session.
        response = self.get_response(request)
        if response.status_code < 500:
            user = getattr(request, "user", None)
            if user is not None and getattr(user, "is_authenticated", False) and getattr(user, "is_staff", False):
                request.session.set_expiry(settings.STAFF_SESSION_IDLE_SECONDS)
        return response


class PageInputMiddleware:
    """Outside the APIs (which answer in their own shape: config/api/sanitise.py), a path, query string or posted
    form holding text PostgreSQL cannot store (a NUL) is a 400 page before any view, form or search reads it
    (docs/security.md §3)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith("/api/") and not self._clean(request):
            return bad_request_page(request)
        return self.get_response(request)

    @staticmethod
    def _clean(request) -> bool:
        texts = [request.path]
        for data in (request.GET, request.POST):
            for key, values in data.lists():
                texts.append(key)
                texts.extend(value for value in values if isinstance(value, str))
        return all(is_clean_text(text) for text in texts)
