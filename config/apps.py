from django.apps import AppConfig


class ConfigConfig(AppConfig):
    """Project-wide plumbing: the rate-limit counter and the commands that span every domain (seed_sandbox)."""

    name = "config"
    label = "config"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Registers the OpenAPI description of bearer-token authentication.
        from config.api import schema  # noqa: F401
