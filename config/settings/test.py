"""Test settings: only speed changes."""

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Every test client builds its own middleware; WhiteNoise would index every GOV.UK Frontend and static file each
# time (a third of a second per client). Looking a file up when it is asked for serves the same files.
WHITENOISE_AUTOREFRESH = True
