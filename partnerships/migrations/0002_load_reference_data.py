from django.db import migrations


def load(apps, schema_editor):
    from partnerships.reference_data import load_reference_data

    # The historical models of this point in the migration history, never the current ones.
    load_reference_data(models={name: apps.get_model("partnerships", name) for name in ("Cohort", "Schedule", "Milestone")})


class Migration(migrations.Migration):
    dependencies = [("partnerships", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
