from django.contrib.auth.management import create_permissions
from django.db import migrations

# docs/finance.md "Who may do what": finance staff authorise payments, keep adjustments and contracts and void
# declarations; support staff only look. The groups may already exist (the config app creates them too).
VIEW = [
    ("statements", "view_statement"),
    ("statements", "view_calloffcontract"),
    ("statements", "view_contractband"),
    ("statements", "view_adjustment"),
    ("declarations", "view_declaration"),
]
FINANCE = VIEW + [
    ("statements", "authorise_payment"),
    ("statements", "change_statement"),
    ("statements", "add_adjustment"),
    ("statements", "change_adjustment"),
    ("statements", "delete_adjustment"),
    ("statements", "add_calloffcontract"),
    ("statements", "change_calloffcontract"),
    ("statements", "add_contractband"),
    ("statements", "change_contractband"),
    ("statements", "delete_contractband"),
    ("declarations", "void_declaration"),
]


def _permissions(apps, names):
    Permission = apps.get_model("auth", "Permission")
    return [Permission.objects.get(content_type__app_label=app, codename=codename) for app, codename in names]


def forward(apps, schema_editor):
    # Permissions are normally created after migrating; these ones are needed now.
    for app_label in ("statements", "declarations"):
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    finance, _ = Group.objects.get_or_create(name="finance")
    support, _ = Group.objects.get_or_create(name="support")
    finance.permissions.add(*_permissions(apps, FINANCE))
    support.permissions.add(*_permissions(apps, VIEW))


def backward(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name, permissions in (("finance", FINANCE), ("support", VIEW)):
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.remove(*_permissions(apps, permissions))


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("statements", "0003_add_contracts_and_adjustments"),
        ("declarations", "0004_add_void_permission"),
    ]

    operations = [migrations.RunPython(forward, backward)]
