"""Signing secrets and signatures as the Standard Webhooks specification says (docs/webhooks.md, "Checking the
signature"): a secret is `whsec_` and 32 random bytes in base64; a message is signed with HMAC-SHA256 over
`{webhook-id}.{webhook-timestamp}.{body}`, and the `webhook-signature` header is `v1,` and that MAC in base64.

The service must sign with the secret, so it cannot keep only a hash of it: it keeps it encrypted (Fernet: AES-128-CBC
and HMAC-SHA256) with a key derived from WEBHOOK_SECRETS_KEY, or from SECRET_KEY when that is not set (docs/security.md
§5). A database copy alone does not give the secrets away."""

import base64
import hashlib
import hmac
import secrets

from cryptography.fernet import Fernet
from django.conf import settings
from django.utils.crypto import salted_hmac

PREFIX = "whsec_"


def new_secret() -> str:
    return PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def _fernet() -> Fernet:
    key_material = getattr(settings, "WEBHOOK_SECRETS_KEY", "") or settings.SECRET_KEY
    digest = salted_hmac("webhooks.signing.secrets", "fernet", secret=key_material, algorithm="sha256").digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def encrypt_secret(secret: str) -> str:
    return _fernet().encrypt(secret.encode()).decode()


def decrypt_secret(stored: str) -> str:
    return _fernet().decrypt(stored.encode()).decode()


def signature(*, secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    """The `webhook-signature` header's value for one message."""
    key = base64.b64decode(secret.removeprefix(PREFIX))
    signed = f"{message_id}.{timestamp}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
