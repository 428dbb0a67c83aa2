from django.db import migrations


def load(apps, schema_editor):
    # Idempotent: inserts the new funding_rule list and leaves every existing code row as it is.
    from register.reference_data import load_reference_data

    # The historical models of this point in the migration history, never the current ones.
    load_reference_data(models={name: apps.get_model("register", name) for name in ("ReferenceCode", "AcademicCycle")})


class Migration(migrations.Migration):
    dependencies = [("register", "0003_slugs_unique_ignoring_case_and_funding_rules")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
