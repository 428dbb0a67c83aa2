"""The staff roles grant exactly what docs/security.md ("1. Staff in the admin") lets each do.

Support merged teachers and unlocked school users through the change permissions, which also let it edit every
field of a teacher (funding eligibility included), revert a teacher's history and change a school user's email
(which then receives that school's sign-in codes). It now holds permissions for those actions alone: merge a
teacher, unlock a school user, view a school's pages as the school. Finance authorised payment and voided
declarations with their own permissions already; the change permissions on statements and declarations it also
held let it edit a statement's dates, so they go.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

SUPPORT_GAINS = [
    ("participants", "merge_teacher"),
    ("schools", "unlock_schooluser"),
    ("schools", "act_as_school"),
]
SUPPORT_LOSES = [("participants", "change_teacher"), ("schools", "change_schooluser")]
FINANCE_LOSES = [("statements", "change_statement"), ("declarations", "change_declaration")]


def _permissions(apps, pairs):
    Permission = apps.get_model("auth", "Permission")
    return [Permission.objects.get(content_type__app_label=app, codename=codename) for app, codename in pairs]


def _groups(apps):
    Group = apps.get_model("auth", "Group")
    return Group.objects.get_or_create(name="support")[0], Group.objects.get_or_create(name="finance")[0]


def forward(apps, schema_editor):
    # Permissions are normally created after migrating; the new ones are needed now.
    for app_label in ("participants", "schools", "statements", "declarations"):
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    support, finance = _groups(apps)
    support.permissions.add(*_permissions(apps, SUPPORT_GAINS))
    support.permissions.remove(*_permissions(apps, SUPPORT_LOSES))
    finance.permissions.remove(*_permissions(apps, FINANCE_LOSES))


def backward(apps, schema_editor):
    support, finance = _groups(apps)
    support.permissions.remove(*_permissions(apps, SUPPORT_GAINS))
    support.permissions.add(*_permissions(apps, SUPPORT_LOSES))
    finance.permissions.add(*_permissions(apps, FINANCE_LOSES))


class Migration(migrations.Migration):
    dependencies = [
        ("config", "0005_add_api_page_bookmarks"),
        ("participants", "0009_add_merge_permission"),
        ("schools", "0005_add_unlock_and_act_as_school_permissions"),
        ("statements", "0004_add_finance_and_support_groups"),
        ("declarations", "0005_money_invariants_in_the_database"),
    ]

    operations = [migrations.RunPython(forward, backward)]
