"""Support registers, changes, pauses, resumes and tests lead providers' webhook endpoints and reads the delivery
log, as it issues their API tokens (docs/security.md §1); a superuser deletes one."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

SUPPORT = [
    "view_webhookendpoint",
    "add_webhookendpoint",
    "change_webhookendpoint",
    "send_test_webhook",
    "view_webhookdelivery",
]


def forward(apps, schema_editor):
    app_config = apps.get_app_config("webhooks")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    support, _ = Group.objects.get_or_create(name="support")
    support.permissions.add(*Permission.objects.filter(content_type__app_label="webhooks", codename__in=SUPPORT))


def backward(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name="support"):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="webhooks"))


class Migration(migrations.Migration):
    dependencies = [
        ("webhooks", "0002_write_the_outbox_in_the_database"),
        ("config", "0006_staff_roles_follow_the_rule_book"),
    ]

    operations = [migrations.RunPython(forward, backward)]
