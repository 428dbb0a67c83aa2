from django.db import migrations


def load(apps, schema_editor):
    # Idempotent: inserts the new funding_rule list and leaves every existing code row as it is.
    from register.reference_data import load_reference_data

    load_reference_data(apps)


class Migration(migrations.Migration):
    dependencies = [("register", "0003_slugs_unique_ignoring_case_and_funding_rules")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
