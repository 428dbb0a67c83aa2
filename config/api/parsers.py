from rest_framework.parsers import JSONParser


class JSONAPIBodyParser(JSONParser):
    """Accepts JSON request bodies sent as application/json, application/vnd.api+json or text/x-json."""

    media_type = "*/*"
