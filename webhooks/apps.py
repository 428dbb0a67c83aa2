from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    """Change notifications to lead providers: their endpoints, the outbox of deliveries and the delivery log
    (docs/webhooks.md)."""

    name = "webhooks"
    default_auto_field = "django.db.models.BigAutoField"
