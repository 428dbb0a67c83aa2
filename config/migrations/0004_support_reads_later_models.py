"""Support reads every record (docs/security.md, "1. Staff in the admin"), including the models added after
`0003_staff_roles` (school users, appropriate bodies, registration closures, programme choices, lead partners,
stand-in teacher records), and unlocks school users' sign-in (the admin's "Unlock" action needs change)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

READ_APPS = ["config", "schools", "partnerships", "participants", "declarations", "statements", "register"]
SUPPORT_EXTRA = [("schools", "change_schooluser")]


def forward(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    support, _ = Group.objects.get_or_create(name="support")
    reads = Permission.objects.filter(content_type__app_label__in=READ_APPS, codename__startswith="view_")
    extra = [
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
        for app_label, codename in SUPPORT_EXTRA
    ]
    support.permissions.add(*reads, *extra)


class Migration(migrations.Migration):
    dependencies = [
        ("config", "0003_staff_roles"),
        ("schools", "0004_add_school_users_and_choices"),
        ("partnerships", "0004_track_api_updates"),
        ("participants", "0006_require_emails"),
        ("declarations", "0005_money_invariants_in_the_database"),
        ("statements", "0004_add_finance_and_support_groups"),
        ("register", "0005_lead_partners_and_employing_schools"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
