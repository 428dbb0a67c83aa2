"""Support does the support actions of docs/support.md, each with a permission of its own (docs/security.md §1):
move a teacher's training (partnership, cohort and schedule), import an ECT from TRS, refresh a teacher from TRS,
record that a teacher left a school, correct a teacher's name or email, add a partnership for a school; and reads
the API request log like every other record. Finance keeps what it had."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

SUPPORT_GAINS = [
    ("participants", "change_training"),
    ("participants", "import_teacher"),
    ("participants", "refresh_teacher"),
    ("participants", "record_leaving"),
    ("participants", "correct_teacher_details"),
    ("partnerships", "add_partnership"),
    ("config", "view_apirequest"),
]


def _permissions(apps, pairs):
    Permission = apps.get_model("auth", "Permission")
    return [Permission.objects.get(content_type__app_label=app, codename=codename) for app, codename in pairs]


def forward(apps, schema_editor):
    # Permissions are normally created after migrating; the new ones are needed now.
    for app_label in ("participants", "partnerships", "config"):
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    support, _ = Group.objects.get_or_create(name="support")
    support.permissions.add(*_permissions(apps, SUPPORT_GAINS))


def backward(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    support, _ = Group.objects.get_or_create(name="support")
    support.permissions.remove(*_permissions(apps, SUPPORT_GAINS))


class Migration(migrations.Migration):
    dependencies = [
        ("config", "0009_add_api_request_log"),
        ("participants", "0010_teacher_record_service_answers_and_support_permissions"),
        ("partnerships", "0005_add_page_order_indexes"),
    ]

    operations = [migrations.RunPython(forward, backward)]
