"""Bearer tokens stored only as SHA-256 hashes; each token model names the API client it belongs to."""

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.utils import timezone
from rest_framework import authentication, exceptions

LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


def generate_token() -> str:
    return secrets.token_urlsafe(32)


def hash_token(raw: str) -> str:
    # Tokens carry 256 random bits, so a plain digest is enough: no salt or stretching is needed.
    return hashlib.sha256(raw.encode()).hexdigest()


class HashedBearerTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer <token>` (or `Token token=<token>`) → (API client, token row).

    Subclasses set `token_model` (fields `hashed_token`, `revoked_at`, `last_used_at`) and `owner_field`.
    """

    token_model = None
    owner_field = ""

    def authenticate(self, request):
        header = request.META.get("HTTP_AUTHORIZATION", "")
        scheme, _, credential = header.partition(" ")
        credential = credential.strip()
        if scheme.lower() == "token" and credential.startswith("token="):
            credential = credential[len("token=") :].strip('"')
        elif scheme.lower() != "bearer":
            return None
        if not credential:
            return None
        token = (
            self.token_model.objects.select_related(self.owner_field)
            .filter(hashed_token=hash_token(credential), revoked_at__isnull=True)
            .first()
        )
        if token is None:
            self._count_bad_token(request)
            return None
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
            self.token_model.objects.filter(pk=token.pk).update(last_used_at=now)
        return getattr(token, self.owner_field), token

    @staticmethod
    def _count_bad_token(request) -> None:
        """Repeated unknown tokens from one address are throttled (docs/security.md §4): past the limit, 429."""
        from config.api.throttling import bad_token_key, count_request

        window = settings.API_RATE_LIMIT_WINDOW_SECONDS
        total, wait, _ = count_request(bad_token_key(request), window)
        if total > settings.API_BAD_TOKEN_LIMIT:
            raise exceptions.Throttled(wait=window)

    def authenticate_header(self, request):
        return 'Bearer realm="Application"'
