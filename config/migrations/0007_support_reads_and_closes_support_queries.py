"""Support reads the queries people send from "Contact DfE support" and closes them once answered
(docs/security.md, "1. Staff in the admin"); closing is a permission of its own, so support edits nothing sent."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

SUPPORT_GAINS = [("schools", "view_supportquery"), ("schools", "close_supportquery")]


def _permissions(apps):
    Permission = apps.get_model("auth", "Permission")
    return [Permission.objects.get(content_type__app_label=app, codename=codename) for app, codename in SUPPORT_GAINS]


def forward(apps, schema_editor):
    # Permissions are normally created after migrating; the new ones are needed now.
    app_config = apps.get_app_config("schools")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    support, _ = apps.get_model("auth", "Group").objects.get_or_create(name="support")
    support.permissions.add(*_permissions(apps))


def backward(apps, schema_editor):
    support = apps.get_model("auth", "Group").objects.filter(name="support").first()
    if support is not None:
        support.permissions.remove(*_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("config", "0006_staff_roles_follow_the_rule_book"),
        ("schools", "0007_add_support_queries"),
    ]

    operations = [migrations.RunPython(forward, backward)]
