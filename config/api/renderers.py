from rest_framework.renderers import JSONRenderer


class JSONAPIRenderer(JSONRenderer):
    """Plain JSON bodies served as `application/vnd.api+json`; envelopes are built upstream."""

    media_type = "application/vnd.api+json"
    format = "vnd.api+json"


class PlainJSONRenderer(JSONRenderer):
    """The same documents for clients that ask for `application/json` (docs/lead-provider-api.md, "Content
    types"): they get the JSON:API body, labelled as the JSON they asked for."""

    media_type = "application/json"
    format = "json"
