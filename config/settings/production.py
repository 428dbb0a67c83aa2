"""Production settings: secrets have no defaults, sandbox-only features are off, HTTPS everywhere."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool, env_list

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be set to at least 50 random characters in production.")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set in production.")
# Never in production, whatever the environment says: sandbox time travel, the stand-in Teacher Record Service,
# sandbox staff logins with printed passwords, plain-HTTP webhook endpoints.
TIME_TRAVEL = False
STAND_IN_TEACHER_RECORDS = False
SANDBOX_STAFF_LOGINS = False
# Production asks the Teacher Record Service itself (TRS_API_BASE_URL and TRS_API_KEY: `check --deploy` fails
# without them, config/checks.py).
TRS_CLIENT = "participants.trs.http.HTTPTRSClient"
# Notifications go over HTTPS only (docs/webhooks.md, "Endpoints").
WEBHOOK_PLAIN_HTTP = False

# Static files are collected (`collectstatic`) in production, not looked up per request.
WHITENOISE_USE_FINDERS = False

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
