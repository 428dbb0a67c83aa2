from rest_framework.renderers import JSONRenderer


class JSONAPIRenderer(JSONRenderer):
    """Plain JSON bodies served as `application/vnd.api+json` (ecf-rules.md §1.7); envelopes are built upstream."""

    media_type = "application/vnd.api+json"
    format = "vnd.api+json"
