"""JSON request bodies for both APIs, through the one input-sanitising layer (docs/security.md §3)."""

import json

from rest_framework.exceptions import ParseError
from rest_framework.parsers import BaseParser

from config.api.sanitise import check_document


class JSONAPIBodyParser(BaseParser):
    """A JSON document sent as application/json; anything that is not a clean document is a 400.

    Other content types (text/plain, application/xml, form data...) find no parser and answer 415.
    """

    media_type = "application/json"

    def parse(self, stream, media_type=None, parser_context=None):
        raw = stream.read() if stream is not None else b""
        try:
            text = raw.decode("utf-8")
            document = json.loads(text, parse_constant=_no_constants)
        except (UnicodeDecodeError, ValueError, RecursionError):
            raise ParseError("The request body is not valid JSON") from None
        check_document(document)
        return document


class VndApiJSONParser(JSONAPIBodyParser):
    media_type = "application/vnd.api+json"


class XJSONParser(JSONAPIBodyParser):
    media_type = "text/x-json"


# The parsers every API view uses.
API_PARSERS = [JSONAPIBodyParser, VndApiJSONParser, XJSONParser]


def _no_constants(name: str):
    # NaN and Infinity are not JSON.
    raise ValueError(name)
