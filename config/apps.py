from django.apps import AppConfig


class ConfigConfig(AppConfig):
    """Project-wide plumbing: the rate-limit counter and the commands that span every domain (seed_sandbox)."""

    name = "config"
    label = "config"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate

        # Registers the OpenAPI description of bearer-token authentication, and the deployment checks.
        from config import checks  # noqa: F401
        from config.api import schema  # noqa: F401
        from config.db_roles import grant_app_role
        from config.sign_in_events import connect

        connect()
        post_migrate.connect(grant_app_role, sender=self, dispatch_uid="config.grant_app_role")
