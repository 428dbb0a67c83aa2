"""The API request log (docs/support.md, "API request log"): every request to either API is one row, written after
the response is made, in one INSERT of its own.

What a row keeps: time, API, provider (the token's owner), method, path and query, status, duration, and the ids it
named. For a 4xx or 5xx it also keeps the request body and the error document, as JSON with every value under a key
that names personal data replaced (names, dates of birth, emails, National Insurance numbers, TRNs...), cut to
BODY_LIMIT characters; a body that is not JSON is not kept, only its size. The Authorization header, and any query
parameter named like a key or token, are never kept.

Cost: the INSERT commits asynchronously (`synchronous_commit` off for its own transaction, set in the statement), so
the request does not wait for the log row to reach the disk; a PostgreSQL crash may lose the last fraction of a
second of log rows, never anything else. A failure to write the row is logged and never fails the request.
"""

import datetime as dt
import json
import logging
import re
import time
import urllib.parse

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import connection
from django.http import UnreadablePostError
from django.utils import timezone

from config.api.paths import is_register_api
from config.models import ApiName, ApiRequest, HashedAPIToken

logger = logging.getLogger(__name__)

BODY_LIMIT = 16_000
DELETE_BATCH = 10_000
MAX_IDS = 50
REMOVED = "[removed]"
# Keys whose values are personal data, or secrets, wherever they appear in a body (docs/support.md).
PERSONAL = re.compile(
    r"name|birth|email|ni_number|insurance|sex|gender|ethnic|disab|nationality|address|postcode|phone|trn|hesa"
    r"|token|password|secret",
    re.IGNORECASE,
)
SECRET_PARAMETER = re.compile(r"token|key|secret|password|auth", re.IGNORECASE)
ID = re.compile(
    r"^(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[1-9A-HJ-NP-Za-km-z]{24})$"
)
BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

_table = ApiRequest._meta.db_table
_columns = [
    "requested_at",
    "api",
    "provider",
    "method",
    "path",
    "query",
    "status",
    "duration_ms",
    "ids",
    "request_body",
    "response_body",
]
# One statement, one round trip: `set_config(..., true)` applies to this statement's own transaction only.
INSERT = (
    f"INSERT INTO {_table} ({', '.join(_columns)}) "
    f"SELECT {', '.join(['%s'] * len(_columns))} FROM (SELECT set_config('synchronous_commit', 'off', true)) AS _async"
)


def logged(path: str) -> bool:
    """Requests to the two APIs; their documentation pages and OpenAPI documents are not API calls."""
    return path.startswith("/api/") and not path.startswith("/api/docs") and "/openapi." not in path


def _text(value: str, limit: int) -> str:
    """Text PostgreSQL stores: no NUL, no lone surrogate, at most `limit` characters."""
    value = value.replace("\x00", "\ufffd").encode("utf-8", "replace").decode("utf-8")
    return value if len(value) <= limit else value[:limit] + "…"


def redact(document):
    """The document with the value of every key that names personal data or a secret replaced, at any depth."""
    if isinstance(document, dict):
        return {key: REMOVED if PERSONAL.search(str(key)) else redact(value) for key, value in document.items()}
    if isinstance(document, list):
        return [redact(item) for item in document]
    return document


def _kept_body(raw: bytes) -> str:
    if not raw:
        return ""
    try:
        document = json.loads(raw)
    except (ValueError, RecursionError):
        return f"(not JSON: {len(raw)} bytes, not kept)"
    return _text(json.dumps(redact(document), ensure_ascii=False, indent=1), BODY_LIMIT)


def _query(request) -> str:
    pairs = urllib.parse.parse_qsl(request.META.get("QUERY_STRING", ""), keep_blank_values=True)
    kept = [(name, REMOVED if SECRET_PARAMETER.search(name) else value) for name, value in pairs]
    return _text(urllib.parse.urlencode(kept, safe="[],:"), 4000)


def _ids(request, raw: bytes) -> list[str]:
    found = [part for part in request.path.split("/") if ID.match(part)]
    for name, value in urllib.parse.parse_qsl(request.META.get("QUERY_STRING", "")):
        if name.endswith("_id]") or name.endswith("_id"):
            found += [part.strip() for part in value.split(",") if ID.match(part.strip())]
    if raw:
        try:
            data = json.loads(raw).get("data") or {}
            attributes = data.get("attributes") or {}
            found += [str(value) for key, value in attributes.items() if key.endswith("_id") and ID.match(str(value))]
        except (ValueError, AttributeError, RecursionError):
            pass
    return list(dict.fromkeys(found))[:MAX_IDS]


def _provider(request) -> str:
    token = getattr(request, "auth", None)
    if isinstance(token, HashedAPIToken):
        return _text(str(getattr(token, token.owner_field)), 255)
    return ""


def record(request, response, raw: bytes, duration_ms: float) -> None:
    status = response.status_code
    failed = status >= 400
    error_document = b"" if not failed or getattr(response, "streaming", False) else response.content
    values = [
        timezone.now(),
        ApiName.REGISTER if is_register_api(request.path) else ApiName.LEAD_PROVIDER,
        _provider(request),
        _text(request.method or "", 10),
        _text(request.path, 2000),
        _query(request),
        status,
        duration_ms,
        _ids(request, raw),
        _kept_body(raw) if failed else "",
        _kept_body(error_document) if failed else "",
    ]
    with connection.cursor() as cursor:
        cursor.execute(INSERT, values)


class ApiRequestLogMiddleware:
    """Times each API request from the outside (so refusals by later middleware are logged too) and records it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.API_REQUEST_LOG or not logged(request.path):
            return self.get_response(request)
        started = time.perf_counter()
        raw = b""
        if request.method in BODY_METHODS:
            try:
                raw = request.body  # read now, while it can be: the parsers read the stream later
            except (RequestDataTooBig, UnreadablePostError, OSError):
                raw = b""  # too large, or unreadable: the view answers that; the log keeps no body
        response = self.get_response(request)
        try:
            record(request, response, raw, (time.perf_counter() - started) * 1000)
        except Exception:  # the log never fails a request, whatever stopped the row (docs/support.md)
            logger.warning("The API request log could not record %s %s", request.method, request.path, exc_info=True)
        return response


def delete_old_requests(*, days: int) -> int:
    """Delete rows older than `days` days, DELETE_BATCH at a time, each batch its own short transaction, so the
    log's inserts never wait long (the daily job in config/tasks.py, and `delete_old_api_requests`)."""
    cutoff = timezone.now() - dt.timedelta(days=days)
    deleted = 0
    with connection.cursor() as cursor:
        while True:
            cursor.execute(
                f"DELETE FROM {_table} WHERE id IN "
                f"(SELECT id FROM {_table} WHERE requested_at < %s ORDER BY requested_at LIMIT %s)",
                [cutoff, DELETE_BATCH],
            )
            deleted += cursor.rowcount
            if cursor.rowcount < DELETE_BATCH:
                return deleted
