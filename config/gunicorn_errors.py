"""Requests gunicorn cannot parse, answered in the APIs' JSON (docs/security.md §3, "Requests the server cannot
read").

gunicorn refuses some requests itself, before Django sees them: a NUL or another forbidden character in a header
value, a header line without a colon or with a bad name, more header lines than `limit_request_fields`, one longer
than `limit_request_field_size`. It answers with an HTML page of its own. When the request line was read (it comes
before the headers) and names a path under /api/, this answers that API's error body instead, with the same status.
A request whose very first line cannot be read names no path, and keeps gunicorn's page.

`config/gunicorn.conf.py` installs it in each worker (`post_worker_init`): the worker's error handler notes the
refused request's path for its thread, and gunicorn's error writer answers JSON for an API path.
"""

import json
import threading

from gunicorn import util
from gunicorn.http.message import Message

_refused = threading.local()
_gunicorn_write_error = util.write_error


def refused_path(req, exc: BaseException) -> str | None:
    """The path of the request gunicorn refused: the request's own when gunicorn built it, otherwise that of the
    request it was parsing when it raised (its request line is parsed before its headers)."""
    if getattr(req, "path", None):
        return req.path
    trace = exc.__traceback__
    while trace is not None:
        parsing = trace.tb_frame.f_locals.get("self")
        if isinstance(parsing, Message) and getattr(parsing, "path", None):
            return parsing.path
        trace = trace.tb_next
    return None


def api_error_body(path: str, status: int, reason: str, message: str) -> dict:
    from config.api.errors import SERVER_ERROR_BODY
    from config.api.sanitise import error_body

    if status >= 500:
        return SERVER_ERROR_BODY
    detail = f"The request could not be read: {message}" if message else "The request could not be read"
    return error_body(path, reason[:1] + reason[1:].lower(), detail)


def write_error(sock, status_int: int, reason: str, mesg: str) -> None:
    path = getattr(_refused, "path", None)
    if not path or not path.startswith("/api/"):
        _gunicorn_write_error(sock, status_int, reason, mesg)
        return
    body = json.dumps(api_error_body(path, status_int, reason, mesg)).encode()
    head = (
        f"HTTP/1.1 {status_int} {reason}\r\nConnection: close\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    )
    util.write_nonblock(sock, head.encode("latin-1") + body)


def answer_api_errors_in_json(worker) -> None:
    """Installs the JSON answers in a gunicorn worker (any worker class)."""
    handle_error = worker.handle_error

    def noting_the_path(req, client, addr, exc):
        _refused.path = refused_path(req, exc)
        try:
            handle_error(req, client, addr, exc)
        finally:
            _refused.path = None

    worker.handle_error = noting_the_path
    util.write_error = write_error
