"""The input-sanitising layer of both APIs (docs/security.md §3): text PostgreSQL cannot store (NUL, lone UTF-16
surrogates) and documents nested deeper than any request needs are refused with a 400 before a view runs."""

import math

from rest_framework.exceptions import ParseError

MAX_DEPTH = 20
MAX_INTEGER = 2**63 - 1


def is_clean_text(text: str) -> bool:
    """False for NUL and lone surrogates: PostgreSQL refuses the first, UTF-8 cannot encode the second."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def check_document(document) -> None:
    """Walks a parsed JSON document without recursion; raises ParseError for what no request can mean."""
    stack = [(document, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise ParseError(f"The request body is nested more than {MAX_DEPTH} levels deep")
        if isinstance(value, str):
            if not is_clean_text(value):
                raise ParseError("The request body contains characters that are not allowed (NUL or lone surrogates)")
        elif isinstance(value, bool):
            continue
        elif isinstance(value, float):
            if not math.isfinite(value):
                raise ParseError("The request body contains a number that is too large")
        elif isinstance(value, int):
            if abs(value) > MAX_INTEGER:
                raise ParseError("The request body contains a number that is too large")
        elif isinstance(value, dict):
            for key, item in value.items():
                stack.append((key, depth))
                stack.append((item, depth + 1))
        elif isinstance(value, list):
            stack.extend((item, depth + 1) for item in value)


BAD_TEXT = "The request contains characters that are not allowed (NUL or lone surrogates)"


def error_body(path: str, title: str, detail: str) -> dict:
    """An error body in the shape of whichever API the path belongs to: Register's `error`/`message` objects
    (docs/register-api.md, "Error bodies"), the lead provider API's `title`/`detail` ones."""
    if path.startswith("/api/v1.0-pre/"):
        return {"errors": [{"error": title.title().replace(" ", ""), "message": detail}]}
    return {"errors": [{"title": title, "detail": detail}]}


def bad_request_body(path: str, detail: str) -> dict:
    """The 400 body of whichever API the path belongs to."""
    return error_body(path, "Bad request", detail)


TOO_MANY_PARAMETERS = "The request has too many parameters"


class ApiInputMiddleware:
    """Before any view: a path or query string with text PostgreSQL cannot store is a 400 in the API's own shape.

    And for every page: a HEAD response carries the headers of the GET, never its body.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/api/"):
            from django.core.exceptions import TooManyFieldsSent
            from django.http import JsonResponse

            try:
                clean = self._clean(request)
            except TooManyFieldsSent:
                # More query parameters than DATA_UPLOAD_MAX_NUMBER_FIELDS (1000): the API's 400, not Django's page.
                return JsonResponse(bad_request_body(request.path, TOO_MANY_PARAMETERS), status=400)
            if not clean:
                return JsonResponse(bad_request_body(request.path, BAD_TEXT), status=400)
        response = self.get_response(request)
        if request.method == "HEAD" and not getattr(response, "streaming", False) and response.content:
            response["Content-Length"] = str(len(response.content))
            response.content = b""
        return response

    @staticmethod
    def _clean(request) -> bool:
        texts = [request.path]
        for key, values in request.GET.lists():
            texts.append(key)
            texts.extend(values)
        return all(is_clean_text(text) for text in texts)
