"""The rules of a webhook endpoint's address (docs/webhooks.md, "Endpoints"), with their messages."""

from urllib.parse import urlsplit

from django.conf import settings

URL_INVALID = "Enter a full web address, like https://example.com/webhooks"
URL_HTTPS = "Enter an https:// address: notifications are only sent over HTTPS"
URL_CREDENTIALS = "The address cannot contain a user name or password"
EVENTS_REQUIRED = "Choose at least one event"


def url_error(url: str) -> str | None:
    """Why `url` cannot receive notifications, or None. Production sends only over HTTPS; the sandbox
    (WEBHOOK_PLAIN_HTTP) also accepts http:// so a provider can point an endpoint at its own test receiver."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return URL_INVALID
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return URL_INVALID
    if parts.username or parts.password:
        return URL_CREDENTIALS
    if parts.scheme != "https" and not settings.WEBHOOK_PLAIN_HTTP:
        return URL_HTTPS
    return None
