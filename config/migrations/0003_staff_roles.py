"""Staff roles as auth groups (docs/security.md): support reads everything, merges teachers and manages API tokens;
finance reads the money path, authorises payment and voids declarations. Superusers are for break-glass only.

get_or_create throughout: other migrations add permissions to the same groups.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

READ_APPS = ["config", "schools", "partnerships", "participants", "declarations", "statements", "register"]

SUPPORT_EXTRA = [
    ("participants", "change_teacher"),  # merging a duplicate record into this one
    ("partnerships", "add_leadproviderapitoken"),  # issue
    ("partnerships", "change_leadproviderapitoken"),  # revoke
    ("register", "add_trainingproviderapitoken"),
    ("register", "change_trainingproviderapitoken"),
]

FINANCE = [
    ("statements", "view_statement"),
    ("statements", "change_statement"),  # authorise for payment
    ("declarations", "view_declaration"),
    ("declarations", "change_declaration"),  # void / claw back
    ("partnerships", "view_leadprovider"),
    ("partnerships", "view_cohort"),
    ("partnerships", "view_leadprovidercontract"),
    ("config", "view_event"),
]


def _permissions(apps, pairs):
    Permission = apps.get_model("auth", "Permission")
    found = []
    for app_label, codename in pairs:
        found.extend(Permission.objects.filter(content_type__app_label=app_label, codename=codename))
    return found


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    support, _ = Group.objects.get_or_create(name="support")
    reads = Permission.objects.filter(content_type__app_label__in=READ_APPS, codename__startswith="view_")
    support.permissions.add(*reads, *_permissions(apps, SUPPORT_EXTRA))

    finance, _ = Group.objects.get_or_create(name="finance")
    finance.permissions.add(*_permissions(apps, FINANCE))


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("config", "0002_add_events"),
        ("schools", "0003_add_funding_uplifts"),
        ("partnerships", "0004_track_api_updates"),
        ("participants", "0004_add_training_indexes"),
        ("declarations", "0003_keep_ineligible_reason_when_voided"),
        ("statements", "0002_paid_statements_never_change"),
        ("register", "0004_load_funding_rules"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
